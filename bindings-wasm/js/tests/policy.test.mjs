// School policy documents from JavaScript: presets, problems with paths, engines from a policy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const api = createRequire(import.meta.url)('esafety');
const { SchoolPolicy, UrlFilter, escalate } = api;

test('presets, aliases and round trips', () => {
  assert.deepEqual(SchoolPolicy.presetIds(), ['national', 'kilby', 'highgate', 'ely', 'whitwell', 'russell_house']);
  const p = SchoolPolicy.preset('seed_003');
  assert.equal(p.id, 'whitwell');
  const again = SchoolPolicy.fromToml(p.toToml());
  assert.deepEqual(again.toJSON(), p.toJSON());
  assert.deepEqual(SchoolPolicy.fromJson(JSON.parse(JSON.stringify(p))).toJSON(), p.toJSON());
  p.free();
  again.free();
});

test('every problem is reported with its path', () => {
  assert.throws(
    () => SchoolPolicy.fromToml('schema_version = 1\nid = "x"\ncolour = 1\n[filter.audiences.ks2]\nblock = ["gamblng"]\n'),
    (err) => {
      assert.equal(err.name, 'EsafetyError');
      assert.equal(err.code, 'policy_invalid');
      assert.deepEqual(err.problems.map((p) => [p.path, p.code]), [
        ['colour', 'unknown_key'],
        ['filter.audiences.ks2.block[0]', 'unknown_value'],
      ]);
      return true;
    },
  );
  assert.throws(() => SchoolPolicy.preset('whitwel'), (err) => err.code === 'policy_unknown_preset' && /did you mean `whitwell`/.test(err.message));
});

test('engines take a policy; the vocabulary is listed', () => {
  const kilby = SchoolPolicy.preset('kilby');
  const filter = UrlFilter.default(kilby);
  assert.equal(filter.check('https://www.bet365.com/', 'ks2').verdict, 'block');
  filter.free();
  assert.equal(kilby.id, 'kilby', 'the policy stays usable after building an engine');
  const plan = escalate({ reporter: 'dsl', subjects: [{ role: 'pupil', age: 10 }], alleged: 'pupil',
    facts: { image_involved: true }, tags: ['nudes_u18'] }, SchoolPolicy.preset('russell_house'));
  assert.equal(plan.steps.find((s) => s.action.startsWith('report_to_')).recipient, 'headteacher');
  assert.deepEqual(api.audiences(), ['eyfs', 'ks1', 'ks2', 'ks3', 'ks4', 'sixth_form', 'staff', 'guest']);
  assert.ok(api.roles().includes('dsl'));
  const cats = api.categories();
  assert.ok(cats.some((c) => c.id === 'gambling' && c.sourceModule === 'filter' && c.area === 'commerce'));
  kilby.free();
});

test('TermScanner.default(policy) weighs matches with the policy\'s monitoring adjustments', () => {
  const doc = SchoolPolicy.preset('national').toJSON();
  doc.id = 'adjusted';
  doc.monitoring = { adjustments: [{ audience: 'ks2', category: 'bullying', delta: 2 }] };
  const policy = SchoolPolicy.fromJson(doc);
  const severity = (scanner) => scanner.scan('you are such a loser', 'ks2').map((m) => m.severity);
  assert.deepEqual(severity(api.TermScanner.default()), [3]);
  assert.deepEqual(severity(api.TermScanner.default(policy)), [5]);
  assert.deepEqual(severity(api.TermScanner.default('national')), [3]);
  assert.throws(() => api.TermScanner.default('no_such_school'), (e) => e.code === 'policy_unknown_preset' || /preset/.test(e.message));
});
