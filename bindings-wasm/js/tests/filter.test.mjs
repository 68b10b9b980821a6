// The web filter from JavaScript: the names of issue 6 in camelCase, errors and batches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const esafety = createRequire(import.meta.url)('esafety');

test('UrlFilter.default().check returns a plain decision', () => {
  const f = esafety.UrlFilter.default();
  const d = f.check('HTTPS://WWW.BET365.COM./', 'ks2');
  assert.equal(d.verdict, 'block');
  assert.deepEqual(d.categories, ['gambling']);
  assert.equal(d.rule, 'esafety/gambling.domains:2');
  assert.match(d.reason, /gambling/);
  assert.equal(d.searchTerms, null);
  const s = f.check('https://www.google.com/search?q=red+kites');
  assert.equal(s.verdict, 'safe_search');
  assert.equal(s.searchTerms, 'red kites');
  assert.equal(s.rewrite, 'https://www.google.com/search?q=red+kites&safe=active');
  assert.deepEqual(f.checkMany(['pornhub.com', 'https://www.bbc.co.uk/']).map(x => x.verdict), ['block', 'allow']);
  // A null is an ItemError in its place (as a null row of a columnar batch).
  const [, missing] = f.checkMany(['pornhub.com', null]);
  assert.deepEqual([missing.index, missing.input, missing.code], [1, '', 'input_null']);
  assert.ok(f.domainRuleCount > 50);
  f.free();
});

test('invalid input throws EsafetyError with a code and the filter keeps working', () => {
  const f = esafety.UrlFilter.default();
  assert.throws(() => f.check('http://exa mple.com/'), (e) => {
    assert.equal(e.name, 'EsafetyError');
    assert.equal(e.code, 'url_invalid_host');
    assert.equal(e.domain, 'url');
    return true;
  });
  assert.throws(() => f.check('example.com', 'year9'), (e) => e.code === 'filter_unknown_audience' && e.domain === 'filter');
  assert.throws(() => f.check('example.com', 'staff', 'monday'), (e) => e.code === 'invalid_instant');
  assert.equal(f.check('example.com').verdict, 'allow');
  f.free();
});

test('overrides need an SLT approver and appear in the change log', () => {
  const f = esafety.UrlFilter.default();
  f.record({ type: 'request', id: 'u1', action: 'unblock', target: 'roblox.com', audiences: ['ks1'],
    requested_by: 'staff-17', at: '2026-01-05T09:00:00Z', reason: 'coding club' });
  assert.throws(() => f.record({ type: 'approve', id: 'u1', approved_by: 't', approver_role: 'teacher', at: '2026-01-05T10:00:00Z' }),
    (e) => e.code === 'filter_approver_not_slt');
  f.record({ type: 'approve', id: 'u1', approved_by: 'h', approver_role: 'headteacher', at: '2026-01-05T10:00:00Z' });
  assert.equal(f.check('roblox.com', 'ks1').rule, 'override:u1');
  assert.deepEqual(f.changeLog().events.map(e => e.type), ['request', 'approve']);
  f.free();
});

test('approvals come from the registry: no self-approval, policy changes logged', () => {
  const reg = new esafety.Registry();
  for (const [person, role] of [['head', 'headteacher'], ['tech', 'it_provider'], ['t1', 'all_staff']]) {
    reg.assign(person, role, '2025-09-01');
  }
  const f = esafety.UrlFilter.default();
  f.recordWithRegistry({ type: 'request', id: 'u1', action: 'unblock', target: 'roblox.com', audiences: ['ks1'],
    requested_by: 't1', at: '2025-10-01T09:00:00Z', reason: 'coding club' }, reg);
  const approve = { type: 'approve', id: 'u1', at: '2025-10-01T10:00:00Z' };
  assert.throws(() => f.recordWithRegistry({ ...approve, approved_by: 'tech', approver_role: 'headteacher' }, reg),
    (e) => e.code === 'filter_approver_not_authorised' && e.domain === 'filter');
  assert.throws(() => f.record({ ...approve, approved_by: 't1', approver_role: 'slt' }), (e) => e.code === 'filter_self_approval');
  const state = f.recordWithRegistry({ ...approve, approved_by: 'head' }, reg);
  assert.equal(state.deciderRole, 'headteacher');
  assert.equal(state.authorisation, 'registry');
  f.changePolicy({ id: 'p1', requested_by: 'tech', approved_by: 'head', at: '2025-10-02T10:00:00Z',
    reason: 'parents', policy: { audiences: { ks2: { block_list: ['news.test'] } } } }, reg);
  assert.equal(f.check('news.test', 'ks2').verdict, 'block');
  f.setPolicy({});
  const events = f.changeLog().events;
  assert.deepEqual(events.map(e => e.authorisation ?? null), [null, 'registry', 'registry', 'unverified']);
  f.free();
  reg.free();
});
