// Roles, AUPs and permission decisions from JavaScript: the names issue 7 fixes, and errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const { Registry } = createRequire(import.meta.url)('esafety');
const AT = '2025-10-01T10:00:00Z';

test('sign before access; technicians sign staff and technician AUPs; KS2 needs a co-signer', () => {
  const reg = new Registry();
  reg.assign('tech', 'it_provider', '2025-09-01');
  reg.assign('p1', 'pupil', '2025-09-01', { audience: 'pupil_ks2' });
  reg.publishAup('staff', '2025', '2025-09-01', { clauses: ['I will keep my password private.'] });
  reg.publishAup('technician', '2025', '2025-09-01');
  reg.publishAup('pupil_ks2', '2025', '2025-09-01');
  const access = reg.mayAccessSystems('tech', AT);
  assert.equal(access.allowed, false);
  assert.deepEqual(access.missing, ['staff', 'technician']);
  assert.deepEqual(reg.whoMustSign(AT), ['p1', 'tech']);
  reg.sign('tech', 'staff', '2025', '2025-09-02T08:00:00Z');
  reg.sign('tech', 'technician', '2025', new Date('2025-09-02T08:05:00Z'));
  assert.equal(reg.mayAccessSystems('tech', AT).allowed, true);
  reg.sign('p1', 'pupil_ks2', '2025', AT);
  assert.equal(reg.mayAccessSystems('p1', AT).gaps[0].problem, 'co_signer_missing');
  reg.sign('p1', 'pupil_ks2', '2025', AT, { coSigner: 'mum' });
  assert.deepEqual(reg.whoMustSign(AT), []);
  reg.free();
});

test('decide names the outcome, approver, rule and source; context keys may be camelCase', () => {
  const reg = new Registry({ preset: 'seed_004' });
  reg.assign('head', 'headteacher', '2025-09-01');
  reg.assign('teacher', 'all_staff', '2025-09-01');
  const refused = reg.decide('head', 'search_pupil_device', AT, { pupilConsent: false });
  assert.equal(refused.outcome, 'denied');
  assert.match(refused.source, /seed 004 §6\.3/);
  assert.equal(reg.decide('head', 'search_pupil_device', AT, { pupil_consent: true }).outcome, 'allowed');
  const unblock = reg.decide('teacher', 'approve_unblock', AT);
  assert.equal(unblock.outcome, 'needs_approval');
  assert.equal(unblock.approverRole, 'slt_fm_lead');
  assert.equal(reg.decide('teacher', 'publish_image', AT, { consent: 'permitted' }).outcome, 'allowed');
  assert.equal(reg.decide('teacher', 'publish_image', AT).outcome, 'denied');
  assert.equal(reg.settings.searchRule, 'pupil_consent_else_parents'); // the one search-rule vocabulary
  reg.free();
});

test('diff and JSON round trip', () => {
  const reg = new Registry();
  reg.publishAup('staff', '1', '2025-09-01', { clauses: ['a', 'b'] });
  reg.publishAup('staff', '2', '2026-09-01', { clauses: ['a', 'b2', 'c'], material: false });
  const diff = reg.diff('staff', '1', '2');
  assert.deepEqual(diff.changed.map(c => c.after), ['b2']);
  assert.equal(diff.material, false);
  const again = Registry.fromJson(reg.toJson());
  assert.deepEqual(again.diff('staff', '1', '2'), diff);
  again.free();
  reg.free();
});

test('bad ids throw EsafetyError with registry codes', () => {
  const reg = new Registry();
  const code = (f) => { try { f(); } catch (e) { assert.equal(e.name, 'EsafetyError'); return e.code; } return null; };
  assert.equal(code(() => reg.assign('x', 'janitor', '2025-09-01')), 'registry_unknown_role');
  assert.equal(code(() => reg.decide('x', 'fly', AT)), 'registry_unknown_action');
  assert.equal(code(() => reg.decide('x', 'publish_image', AT, { colour: 'red' })), 'registry_unknown_context_key');
  assert.equal(code(() => reg.sign('x', 'staff', '9', AT)), 'aup_version_unknown');
  assert.equal(code(() => reg.whoMustSign('yesterday')), 'invalid_instant');
  assert.equal(code(() => new Registry({ preset: 'seed_9' })), 'registry_unknown_preset');
  assert.deepEqual(reg.whoMustSign(AT), []);
  reg.free();
});

test('a DSL post covered only by a deputy is reported vacant', () => {
  const reg = new Registry();
  reg.assign('dsl1', 'dsl', '2025-09-01');
  reg.assign('dep', 'deputy_dsl', '2025-09-01', { deputyFor: 'dsl1' });
  reg.assign('head', 'headteacher', '2025-09-01');
  reg.assign('fm', 'slt_fm_lead', '2025-09-01');
  assert.deepEqual(reg.vacancies('2025-12-31'), []);
  reg.unassign('dsl1', 'dsl', '2025-12-31');
  const [v] = reg.vacancies('2026-01-05');
  assert.equal(v.role, 'dsl');
  assert.deepEqual(v.deputies, ['dep']);
  assert.ok(reg.reviewStatus('2026-01-05').every((s) => s.warnings.includes(v.warning)));
  assert.throws(() => reg.vacancies('05/01/2026'), (e) => e.code === 'invalid_date');
  reg.free();
});
