// Incidents and escalation from Node: the issue's names, the headteacher route and errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const esafety = createRequire(import.meta.url)('esafety');

const ISSUE_EXAMPLE = {
  reported_at: '2025-11-26T08:30:00+00:00', reporter: 'parent_carer',
  subjects: [{ role: 'pupil', age: 10 }], alleged: 'adult_outside', location: 'off_site', device: 'personal',
  facts: { immediate_danger: false, adult_involved: true, under_13_involved: true, image_involved: true },
  tags: ['nudes_u18', 'online_game'],
};

test('escalate the issue example with a preset profile', () => {
  const plan = esafety.escalate(ISSUE_EXAMPLE, esafety.SchoolProfile.preset('whitwell'));
  assert.equal(plan.category, 'csam');
  assert.equal(plan.area, 'content');
  assert.equal(plan.severity, 5);
  assert.deepEqual(plan.ukcisTriggers, ['a']);
  assert.equal(plan.profile, 'whitwell');
  const [first] = plan.steps;
  assert.deepEqual([first.action, first.recipient, first.deadline, first.mandatory], ['report_to_dsl', 'dsl', 'immediately', true]);
  assert.ok(plan.forbidden.includes('view_image'));
  assert.ok(esafety.planToText(plan).startsWith('=='));
});

test('profile argument: instance, document, preset name or nothing', () => {
  const kilby = esafety.SchoolProfile.preset('kilby');
  assert.equal(esafety.escalate(ISSUE_EXAMPLE, kilby).profile, 'kilby');
  assert.equal(esafety.escalate(ISSUE_EXAMPLE, kilby.toJSON()).profile, 'kilby');
  assert.equal(esafety.escalate(ISSUE_EXAMPLE, 'ely').profile, 'ely');
  assert.equal(esafety.escalate(ISSUE_EXAMPLE).profile, 'national');
  assert.equal(kilby.escalate(ISSUE_EXAMPLE).profile, 'kilby');
  assert.deepEqual(esafety.SchoolProfile.presetNames(), ['national', 'kilby', 'highgate', 'ely', 'whitwell', 'russell_house']);
});

test('an allegation about the headteacher goes to the chair of governors', () => {
  const plan = esafety.escalate({ subjects: [{ role: 'pupil', age: 9 }], alleged: 'headteacher', tags: ['staff_allegation'] });
  const who = plan.steps.filter(s => s.mandatory).map(s => s.recipient);
  assert.ok(who.indexOf('chair_of_governors') < who.indexOf('lado'));
  assert.ok(!who.includes('headteacher'));
});

test('a profile that is no object, text or null throws invalid_argument naming `profile`', () => {
  for (const profile of [42, true, Symbol('x'), 10n, () => 'kilby']) {
    assert.throws(() => esafety.escalate(ISSUE_EXAMPLE, profile), (e) => {
      assert.equal(e.name, 'EsafetyError', e.stack);
      assert.equal(e.code, 'invalid_argument');
      assert.ok(esafety.isEsafetyError(e));
      assert.match(e.message, /`profile` must be a SchoolProfile, a SchoolPolicy, a preset id or a profile document, not (number|boolean|symbol|bigint|function)/);
      return true;
    });
  }
  assert.equal(esafety.escalate(ISSUE_EXAMPLE, 'ely').profile, 'ely');
});

test('unknown fields throw an EsafetyError naming the field; the module keeps working', () => {
  assert.throws(() => esafety.escalate({ facts: { adult: true } }), (e) => {
    assert.equal(e.name, 'EsafetyError');
    assert.equal(e.code, 'incident_unknown_field');
    assert.equal(e.domain, 'incident');
    assert.equal(e.field, 'facts.adult');
    return true;
  });
  assert.throws(() => esafety.SchoolProfile.fromText('s.toml', '[contacts.lado]\nphone = "ring"\n'), (e) => {
    assert.equal(e.field, 'contacts.lado.phone');
    assert.equal(e.file, 's.toml');
    return true;
  });
  assert.throws(() => esafety.SchoolProfile.preset('hogwarts'), (e) => e.code === 'incident_unknown_preset');
  assert.equal(esafety.escalate({ tags: ['cyberbullying'], subjects: [{ role: 'pupil', age: 9 }] }).category, 'cyberbullying');
});

test("an incident's error field is in JS spelling, as the caller wrote it", () => {
  assert.throws(() => esafety.escalate({ facts: { under13Involved: 'yes' } }), (e) => {
    assert.equal(e.code, 'incident_invalid_value');
    assert.equal(e.field, 'facts.under13Involved');
    return true;
  });
});

test('draftIncident turns a monitoring match into an incident', () => {
  const draft = esafety.draftIncident({ kind: 'term', category: 'suicide', severity: 5, at: '2025-11-28T19:40:00+00:00' });
  assert.equal(draft.facts.riskOfSelfHarm, true);
  const plan = esafety.escalate(draft);
  assert.equal(plan.category, 'self_harm_suicide');
  assert.equal(plan.outOfHours, true);
  const games = esafety.draftIncident({ kind: 'url', category: 'games', at: '2025-11-28T10:00:00Z' });
  assert.equal(esafety.escalate(games).category, 'inappropriate_content_accidental');
});

test('draftIncident accepts a scanner match and a filter decision as they are', () => {
  const scanner = esafety.TermScanner.default();
  const [m] = scanner.scan('i want to kill myself', 'ks3');
  const draft = esafety.draftIncident(m, { at: '2025-11-28T19:40:00+00:00', age: 13 });
  assert.deepEqual(draft.tags, ['monitoring_alert']);
  assert.equal(esafety.escalate(draft).category, 'self_harm_suicide');
  assert.ok(esafety.draftIncident(m));
  assert.throws(() => esafety.draftIncident(m, { age: 20 }), (e) => e.code === 'incident_age_out_of_range');
});

test('incident input is validated', () => {
  assert.throws(() => esafety.escalate({ subjects: [{ role: 'pupil', age: 14 }], tags: ['self-harm'] }),
    (e) => e.code === 'incident_unknown_tag' && e.message.includes('self_harm_suicide'));
  assert.throws(() => esafety.escalate({}), (e) => e.code === 'incident_empty');
  const plan = esafety.escalate({ subjects: [{ role: 'pupil', age: 19 }], alleged: 'pupil', facts: { image_involved: true }, tags: ['nudes_u18'] });
  assert.notEqual(plan.category, 'nudes_u18');
  assert.ok(plan.warnings.some((w) => w.includes('aged 19')));
});
