// Image consent from Node: the names issue 4 fixes (camelCase), error codes, persistence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const { ConsentLedger } = createRequire(import.meta.url)('esafety');

test('group photo with one blocker, before and after a withdrawal', () => {
  const ledger = new ConsentLedger();
  ledger.record('p1', 'mum', 'school_website', 'given', '2025-09-05T09:00:00Z', { method: 'widget' });
  ledger.record('p2', 'dad', 'school_website', 'given', new Date('2025-09-05T09:00:00Z'));
  ledger.record('p2', 'dad', 'school_website', 'withdrawn', '2026-01-10T12:00:00Z', { method: 'widget' });
  const before = ledger.checkImage(['p1', 'p2'], 'school_website', '2026-01-09T10:00:00Z');
  assert.equal(before.allowed, true);
  assert.deepEqual(before.obligations, ['no_full_names']);
  const after = ledger.checkImage(['p1', 'p2'], 'school_website', '2026-03-01T10:00:00Z');
  assert.equal(after.allowed, false);
  assert.deepEqual(after.blockedBy, ['p2']);
  assert.equal(after.pupils[1].state, 'withdrawn');
  const named = ledger.checkImage(['p1'], 'school_website', '2026-01-09T10:00:00Z', { namesShown: true });
  assert.equal(named.allowed, false);
  assert.equal(ledger.state('p2', 'school_website', '2026-01-10T11:59:59Z'), 'given');
  assert.equal(ledger.state('p2', 'school_website', '2026-01-10T12:00:00Z'), 'withdrawn');
  assert.equal(ledger.length, 3);
  ledger.free();
});

test('options: parental responsibility, notice version, restrictions', () => {
  const fromText = ConsentLedger.withConfig(JSON.stringify({ channels: ['school_website'] }));
  assert.throws(() => fromText.record('p1', 'mum', 'press_media', 'given', '2025-09-05T09:00:00Z'),
    (e) => e.code === 'consent_channel_not_asked');
  fromText.free();
  const ledger = ConsentLedger.withConfig({ expiry: { rule: 'never' } });
  ledger.record('p1', 'stepdad', 'press_media', 'given', '2025-09-05T09:00:00Z', { parentalResponsibility: false });
  assert.equal(ledger.state('p1', 'press_media', '2025-10-01T00:00:00Z'), 'not_asked');
  ledger.publishNotice('v1', '2025-09-01T00:00:00Z', { substantive: true });
  ledger.record('p2', 'mum', 'press_media', 'given', '2025-09-05T09:00:00Z', { noticeVersion: 'v1' });
  assert.equal(ledger.state('p2', 'press_media', '2025-10-01T00:00:00Z'), 'given');
  ledger.publishNotice('v2', '2025-11-01T00:00:00Z', { substantive: true });
  assert.equal(ledger.state('p2', 'press_media', '2025-11-02T00:00:00Z'), 'expired');
  ledger.restrict('p3', 'court_order', '2025-09-01T00:00:00Z');
  assert.equal(ledger.state('p3', 'press_media', '2025-10-01T00:00:00Z'), 'restricted');
  ledger.liftRestriction('p3', '2025-10-02T00:00:00Z');
  assert.equal(ledger.explain('p3', 'press_media', '2025-10-03T00:00:00Z').rule, 'deny_by_default');
  ledger.free();
});

test('unknown channel or state throws EsafetyError with a code', () => {
  const ledger = new ConsentLedger();
  const code = (f) => { try { f(); } catch (e) { assert.equal(e.name, 'EsafetyError'); assert.equal(e.domain, 'consent'); return e.code; } return null; };
  assert.equal(code(() => ledger.record('p1', 'mum', 'snapchat', 'given', '2025-09-05T09:00:00Z')), 'consent_unknown_channel');
  assert.equal(code(() => ledger.record('p1', 'mum', 'school_website', 'maybe', '2025-09-05T09:00:00Z')), 'consent_unknown_state');
  assert.equal(code(() => ledger.checkImage([], 'school_website', '2025-09-05T09:00:00Z')), 'consent_empty_group');
  assert.throws(() => ledger.state('p1', 'school_website', 'yesterday'), (e) => e.code === 'invalid_instant');
  assert.throws(() => ledger.record('p1', 'mum', 'school_website', 'given', '2025-09-05T09:00:00Z', { method: 'email' }),
    (e) => e.code === 'consent_unknown_method');
  assert.equal(ledger.length, 0);
  ledger.free();
});

test('export, import, tampering, takedown list and receipt', () => {
  const ledger = new ConsentLedger();
  ledger.record('p1', 'mum', 'school_website', 'given', '2025-09-05T09:00:00Z', { method: 'app' });
  ledger.recordPublication('img-1', ['p1'], 'school_website', '2025-09-20T12:00:00Z');
  ledger.record('p1', 'mum', 'school_website', 'withdrawn', '2026-01-10T18:00:00Z', { method: 'app' });
  const text = ledger.toJson();
  const copy = ConsentLedger.fromJson(text);
  assert.equal(copy.headHash, ledger.headHash);
  // Read without the school's seal, the log cannot be known whole: every answer says so.
  assert.deepEqual(ledger.warnings, []);
  assert.deepEqual(copy.warnings, ['consent_export_unsealed']);
  assert.deepEqual(copy.explain('p1', 'school_website', '2026-01-11T00:00:00Z').warnings, ['consent_export_unsealed']);
  assert.deepEqual(ledger.checkImage(['p1'], 'school_website', '2026-01-11T00:00:00Z').warnings, []);
  assert.deepEqual(copy.takedownList('2026-01-11T00:00:00Z').map((t) => t.imageId), ['img-1']);
  assert.equal(copy.receipt('p1', 'mum', '2025-10-01T00:00:00Z').version, 'KI-CR-v1.1.0');
  assert.throws(() => ConsentLedger.fromJson(text.replace('"withdrawn"', '"given"')), (e) => e.code === 'ledger_tampered');
  copy.free();
  ledger.free();
});

test('the pupil\'s own voice, leaving the roll and expiry at midnight in England', () => {
  const ledger = new ConsentLedger({ pupil_voice_min_age: 12 });
  ledger.record('p1', 'mum', 'school_website', 'given', '2025-06-10T09:00:00Z');
  assert.equal(ledger.state('p1', 'school_website', '2025-08-31T22:59:59Z'), 'given');
  assert.equal(ledger.state('p1', 'school_website', '2025-08-31T23:00:00Z'), 'expired');
  ledger.record('p2', 'dad', 'school_website', 'given', '2025-09-05T09:00:00Z');
  ledger.recordPupilVoice('p2', 'school_website', 'refused', '2025-10-01T12:00:00Z', { age: 13 });
  const d = ledger.explain('p2', 'school_website', '2025-10-02T10:00:00Z');
  assert.equal(d.rule, 'pupil_refused');
  assert.equal(d.pupilVoice[0].counted, true);
  assert.throws(() => ledger.recordPupilVoice('p3', 'school_website', 'refused', '2025-10-01T12:00:00Z'),
    (e) => e.code === 'consent_pupil_competence_unknown');
  ledger.recordLeaving('p2', '2026-04-01');
  const left = ledger.explain('p2', 'school_website', '2026-03-31T23:00:00Z');
  assert.deepEqual([left.state, left.rule], ['left_roll', 'left_roll']);
  assert.throws(() => ledger.recordLeaving('p2', '1 April'), (e) => e.code === 'invalid_date');
  ledger.free();
});

test('the consent form decides every rule the widget shows', () => {
  const ledger = new ConsentLedger({ channels: ['school_website', 'press_media'] });
  assert.equal(ledger.recordAnswer('p1', 'mum', 'school_website', 'yes', '2025-09-05T09:00:00Z'), 'given');
  const form = ledger.consentForm('p1', 'mum', '2025-09-06T09:00:00Z');
  assert.deepEqual(form.channels.map((c) => [c.channel, c.status, c.noRecords, c.canAnswer, c.recallable]),
    [['school_website', 'given', 'withdrawn', true, true], ['press_media', 'not_asked', 'refused', true, false]]);
  assert.equal(ledger.recordAnswer('p1', 'mum', 'school_website', 'no', '2025-09-07T09:00:00Z'), 'withdrawn');
  assert.equal(ledger.recordAnswer('p1', 'dad', 'press_media', 'no', '2025-09-07T09:00:00Z'), 'refused');
  assert.throws(() => ledger.recordAnswer('p1', 'dad', 'press_media', 'maybe', '2025-09-07T09:00:00Z'),
    (e) => e.code === 'consent_unknown_answer');
  ledger.free();
});

test('the widget labels a per-platform channel with its platform, as the core spells it', async () => {
  const { channelText } = await import('../../widget/i18n.js');
  const ledger = ConsentLedger.withConfig({ channels: ['school_website', 'school_social_media.instagram'] });
  const channels = ledger.consentForm('p1', 'c1', '2025-09-06T09:00:00Z').channels.map((c) => c.channel);
  assert.deepEqual(channels, ['school_website', 'school_social_media.instagram']);
  const [label, description] = channelText('en', 'school_social_media.instagram');
  assert.equal(label, "The school's social media (instagram)");
  assert.ok(description.length > 0);
});
