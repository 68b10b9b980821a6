// JS conventions (issue 17): camelCase keys in every result, camelCase object inputs,
// `toJSON()` on every class, `size`, the `EsafetyError` class and the vocabulary lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const esafety = createRequire(import.meta.url)('esafety');
const { UrlFilter, TermScanner, Roster, ConsentLedger, Registry, SchoolPolicy, SchoolProfile } = esafety;
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MAPS = new Set(esafety.__wireMapFields());
const AT = '2025-10-01T10:00:00Z';

/** Every key of `value` that is not camelCase (a map field's own keys excepted). */
function snakeKeys(value, path = '$', keep = false) {
  if (Array.isArray(value)) return value.flatMap((v, i) => snakeKeys(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [
    ...(!keep && k.includes('_') ? [`${path}.${k}`] : []),
    ...snakeKeys(v, `${path}.${k}`, !keep && MAPS.has(k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`))),
  ]);
}

test('every result object has camelCase keys; ids and map keys stay', () => {
  const filter = UrlFilter.default();
  const scanner = TermScanner.default();
  const ledger = new ConsentLedger();
  ledger.record('p1', 'mum', 'school_website', 'given', '2025-09-05T09:00:00Z');
  const reg = new Registry();
  reg.assign('dsl1', 'dsl', '2025-09-01');
  const decision = filter.check('https://www.google.com/search?q=kill+myself', 'ks3', null, scanner);
  assert.equal(decision.searchTerms, 'kill myself');
  assert.equal(decision.searchMatches[0].matchedText, 'kill myself');
  const [match] = scanner.scan('i want to kill myself', 'ks3');
  const plan = esafety.escalate(esafety.draftIncident(match, { at: AT, age: 13 }));
  assert.equal(plan.informParents, 'unless_risk');
  const results = {
    decision, match, plan, many: filter.checkMany(['a.test', 'http://x:99999/']),
    report: scanner.scanReport('i want to kill myself'), log: filter.changeLog(), load: filter.loadReport(),
    squid: filter.classifySquidLog('1700000000.000 5 10.0.0.1 TCP_MISS/200 1 GET http://a.test/ - DIRECT/1.2.3.4 text/html\n', { clients: { '10.0.0.': 'ks3' } }),
    form: ledger.consentForm('p1', 'mum', AT), image: ledger.checkImage(['p1'], 'school_website', AT),
    explain: ledger.explain('p1', 'school_website', AT), receipt: ledger.receipt('p1', 'mum', AT),
    access: reg.mayAccessSystems('dsl1', AT), decide: reg.decide('dsl1', 'approve_unblock', AT), settings: reg.settings,
    reviews: reg.reviewStatus('2025-10-01'), url: esafety.parseUrl('example.com'), categories: esafety.categories(),
    profileWarnings: SchoolProfile.preset('highgate').warnings,
  };
  // The Kantara receipt's own field names are camelCase already (`consentReceiptID`).
  assert.deepEqual(snakeKeys(results), []);
  assert.equal(results.many[1].code, 'url_invalid_port');
  assert.ok(Object.keys(results.squid.byAudience).includes('ks3'), 'map keys (audience ids) stay');
});

test('object inputs take camelCase keys (snake_case still works); documents stay wire format', () => {
  const incident = { reportedAt: '2025-11-26T08:30:00+00:00', reporter: 'parent_carer', subjects: [{ role: 'pupil', age: 10 }],
    alleged: 'adult_outside', location: 'off_site', device: 'personal',
    facts: { adultInvolved: true, under13Involved: true, imageInvolved: true }, tags: ['nudes_u18'] };
  const snake = { ...incident, reported_at: incident.reportedAt, facts: { adult_involved: true, under_13_involved: true, image_involved: true } };
  delete snake.reportedAt;
  assert.deepEqual(esafety.escalate(incident), esafety.escalate(snake));
  assert.equal(esafety.escalate(incident).category, 'csam');
  assert.ok(esafety.planToText(esafety.escalate(incident)).length > 0, 'a returned Plan is a valid input');
  const filter = UrlFilter.default();
  filter.record({ type: 'request', id: 'u1', action: 'unblock', target: 'roblox.com', audiences: ['ks1'],
    requestedBy: 'staff-17', at: '2026-01-05T09:00:00Z', reason: 'club' });
  filter.record({ type: 'approve', id: 'u1', approvedBy: 'h', approverRole: 'headteacher', at: '2026-01-05T10:00:00Z' });
  assert.equal(filter.check('roblox.com', 'ks1').rule, 'override:u1');
  assert.equal(filter.toJSON().events[0].requested_by, 'staff-17', 'toJSON() is the wire document');
  filter.setPolicy({ audiences: { ks2: { blockList: ['news.test'] } } });
  assert.equal(filter.check('news.test', 'ks2').verdict, 'block');
  assert.throws(() => esafety.escalate({ facts: { adultInvolvd: true } }), (e) => e.code === 'incident_unknown_field');
});

test('toJSON on every class: JSON.stringify gives the document, and fromJson reads it back', () => {
  const ledger = new ConsentLedger();
  ledger.record('p1', 'mum', 'school_website', 'given', '2025-09-05T09:00:00Z');
  const reg = new Registry();
  reg.assign('dsl1', 'dsl', '2025-09-01');
  const policy = SchoolPolicy.preset('kilby');
  const instances = [ledger, reg, policy, SchoolProfile.preset('ely'), UrlFilter.default(), TermScanner.default(), Roster.fromNames(['Ann Lee'])];
  for (const o of instances) {
    const text = JSON.stringify({ o });
    assert.doesNotMatch(text, /__wbg_ptr/, o.constructor.name);
    assert.ok(text.length > 10, o.constructor.name);
  }
  assert.equal(ConsentLedger.fromJson(JSON.stringify(ledger)).headHash, ledger.headHash);
  assert.equal(ConsentLedger.fromJson(ledger.toJSON()).size, 1);
  assert.equal(JSON.stringify(ledger), ledger.toJson(), 'toJson stays, as the text');
  assert.deepEqual(Registry.fromJson(JSON.stringify(reg)).holders('dsl', '2025-10-01'), reg.holders('dsl', '2025-10-01'));
  assert.equal(SchoolPolicy.fromJson(JSON.stringify(policy)).id, 'kilby');
  assert.deepEqual(JSON.parse(JSON.stringify(Roster.fromNames(['Ann Lee']))), { size: 3 }, 'names are never written');
  const [priv, pub] = esafety.generateSigningKey();
  assert.equal(ConsentLedger.fromJson(JSON.stringify(ledger.toJSON({ signingKey: priv })), { publicKey: pub }).size, 1);
  assert.equal(ledger.length, ledger.size, 'length stays as an alias of size');
});

test('every thrown error is an EsafetyError instance with a code', () => {
  const { EsafetyError, isEsafetyError } = esafety;
  assert.throws(() => esafety.parseUrl('http://x:99999/'), (e) => e instanceof EsafetyError && e instanceof Error &&
    isEsafetyError(e) && e.name === 'EsafetyError' && e.code === 'url_invalid_port' && e.domain === 'url' && /port/.test(e.message));
  assert.throws(() => SchoolPolicy.fromToml('colour = 1\n'), (e) => e instanceof EsafetyError && Array.isArray(e.problems));
  assert.equal(isEsafetyError(new Error('x')), false);
  assert.equal(isEsafetyError({ name: 'EsafetyError', code: 'x' }), false);
  const own = new EsafetyError('made here', 'my_code', 'app');
  assert.deepEqual([own.message, own.code, own.domain, isEsafetyError(own)], ['made here', 'my_code', 'app', true]);
});

test('unknown ids list the valid values and the nearest match', () => {
  const ledger = new ConsentLedger();
  const message = (f) => { try { f(); } catch (e) { assert.ok(esafety.isEsafetyError(e)); return e.message; } return null; };
  assert.match(message(() => ledger.record('p1', 'mum', 'school_websit', 'given', AT)), /school_website/);
  assert.match(message(() => ledger.record('p1', 'mum', 'school_website', 'given', AT, { relationship: 'mum' })), /valid values: .*`mother`/);
  assert.match(message(() => UrlFilter.default().check('a.test', 'KS2')), /did you mean `ks2`/);
  assert.match(message(() => SchoolPolicy.preset('whitwel')), /did you mean `whitwell`/);
  assert.match(message(() => esafety.escalate({ tags: ['self-harm'], subjects: [{ role: 'pupil', age: 14 }] })), /self_harm_suicide/);
  assert.match(message(() => new Registry().decide('x', 'approve_unblok', AT)), /did you mean `approve_unblock`/);
  assert.match(message(() => ledger.checkImage(['p1'], 'school_website', AT, { nameShown: true })),
    /did you mean `namesShown`\?; valid values: `namesShown`/);
});

test('the vocabulary lists are the core\'s, frozen, and the generated modules are current', async () => {
  assert.deepEqual(esafety.AUDIENCES, esafety.audiences());
  assert.deepEqual(esafety.ROLES, esafety.roles());
  assert.deepEqual(esafety.PRESET_IDS, SchoolPolicy.presetIds());
  assert.ok(esafety.ACTIONS.includes('approve_unblock') && esafety.CHANNELS.includes('school_website'));
  assert.ok(esafety.TAGS.includes('nudes_u18') && esafety.CATEGORIES.includes('gambling'));
  assert.ok(Object.isFrozen(esafety.ROLES));
  const lists = esafety.__vocabulary();
  const web = await import('../../pkg/vocabulary.mjs');
  assert.deepEqual(Object.keys(web).sort(), Object.keys(lists).sort());
  for (const [name, ids] of Object.entries(lists)) {
    assert.deepEqual(esafety[name], ids, name);
    assert.deepEqual(web[name], ids, name);
  }
  // The hand-written `PresetId` union of the .d.ts names exactly the presets.
  const dts = readFileSync(join(ROOT, 'types', 'entry.d.ts'), 'utf8');
  const union = dts.match(/export type PresetId = (.*);/)[1].match(/"([^"]+)"/g).map((s) => s.slice(1, -1));
  assert.deepEqual(union, [...esafety.PRESET_IDS]);
  for (const name of Object.keys(lists)) assert.match(dts, new RegExp(`export declare const ${name}:`), name);
});
