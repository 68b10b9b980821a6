// The trust boundary (issue 11): wrong-typed, hostile or oversized arguments throw an
// EsafetyError with a stable code, and the module and the object stay usable afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const esafety = createRequire(import.meta.url)('esafety');
const { UrlFilter, ConsentLedger, Registry, TermScanner, Roster } = esafety;

const AT = '2025-09-05T09:00:00Z';
const code = (expected, pattern) => (e) => {
  assert.equal(e.name, 'EsafetyError', e.stack);
  assert.equal(e.code, expected, e.message);
  if (pattern) assert.match(e.message, pattern);
  return true;
};

test('UrlFilter.check: a Date audience, a number url, then the filter still works', () => {
  const f = UrlFilter.default();
  assert.equal(f.check('https://www.bbc.co.uk/', 'ks2', new Date()).verdict, 'allow');
  assert.throws(() => f.check(42), code('invalid_argument', /`url` must be a string, not number/));
  assert.throws(() => f.check('bbc.co.uk', new Date()), code('invalid_argument', /audience/));
  assert.throws(() => f.check('bbc.co.uk', 'ks2', 17), code('invalid_argument', /time/));
  assert.throws(() => f.check('bbc.co.uk', 'ks2', new Date('nope')), code('invalid_instant'));
  assert.throws(() => f.checkMany('bbc.co.uk'), code('invalid_argument', /`urls` must be an array/));
  assert.throws(() => f.checkMany(['bbc.co.uk', 7]), code('invalid_argument', /urls\[1\]/));
  assert.equal(f.check('pornhub.com', 'ks2').verdict, 'block');
});

test('an invalid Date or a throwing getter leaves the ledger usable', () => {
  const ledger = new ConsentLedger();
  assert.throws(() => ledger.record('p1', 'mum', 'school_website', 'given', new Date('x')), code('invalid_instant'));
  const hostile = { get method() { throw new Error('boom'); } };
  assert.throws(() => ledger.record('p1', 'mum', 'school_website', 'given', AT, hostile), /boom/);
  assert.throws(() => ledger.record('p1', 42, 'school_website', 'given', AT), code('invalid_argument', /carer/));
  // A getter that calls back into the same ledger: the nested call is refused, nothing stays borrowed.
  const reentrant = { get method() { ledger.record('p9', 'x', 'school_website', 'given', AT); return 'paper'; } };
  assert.throws(() => ledger.record('p1', 'mum', 'school_website', 'given', AT, reentrant), /recursive use/);
  ledger.record('p1', 'mum', 'school_website', 'given', AT);
  assert.equal(ledger.state('p1', 'school_website', '2025-10-01T00:00:00Z'), 'given');
  assert.equal(ledger.length, 1);
});

test('an unknown option key names the nearest valid key', () => {
  const ledger = new ConsentLedger();
  assert.throws(() => ledger.record('p1', 'mum', 'press_media', 'given', AT, { parentalResponsibilty: false }),
    code('unknown_option', /`parentalResponsibilty`.*did you mean `parentalResponsibility`/));
  assert.throws(() => ledger.checkImage(['p1'], 'press_media', AT, { nameShown: true }),
    code('unknown_option', /did you mean `namesShown`/));
  assert.throws(() => new Registry().assign('a', 'dsl', '2025-09-01', { deputy: 'b' }),
    code('unknown_option', /valid values: `deputyFor`, `audience`/));
  assert.throws(() => ledger.record('p1', 'mum', 'press_media', 'given', AT, 'paper'), code('invalid_argument'));
  // snake_case keys are the same option, not dropped: no parental responsibility, no consent.
  ledger.record('p1', 'stepdad', 'press_media', 'given', AT, { parental_responsibility: false });
  assert.equal(ledger.state('p1', 'press_media', '2025-10-01T00:00:00Z'), 'not_asked');
});

function nested(depth) {
  let value = 'leaf';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

test('object arguments: depth, cycles and size are limited before recursion', () => {
  assert.throws(() => esafety.draftIncident(nested(65)), code('input_too_deep'));
  assert.throws(() => esafety.draftIncident(nested(100000)), code('input_too_deep'));
  // 64 levels pass the conversion; the core then refuses the content itself.
  assert.throws(() => esafety.draftIncident(nested(64)), (e) => e.code !== 'input_too_deep' && !!e.code);
  const cycle = { category: 'gambling' }; cycle.self = cycle;
  assert.throws(() => esafety.draftIncident(cycle), code('input_too_deep'));
  const wide = { a: [] }; wide.a.push(wide, wide);
  assert.throws(() => UrlFilter.fromSpec(wide), code('input_too_deep'));
  let arrays = []; for (let i = 1; i < 64; i++) arrays = [arrays]; // 64 arrays
  assert.throws(() => esafety.escalate([arrays]), code('input_too_deep'));
  assert.throws(() => esafety.escalate(arrays), (e) => e.code !== 'input_too_deep');
  const cyclicArray = []; cyclicArray.push(cyclicArray);
  assert.throws(() => esafety.escalate(cyclicArray), code('input_too_deep'));
  assert.throws(() => new Registry({ preset: new Array(10_000_001).fill(0) }), code('input_too_large'));
  assert.throws(() => new ConsentLedger({ channels: nested(70) }), code('input_too_deep'));
});

test('numbers and strings that JSON cannot carry are typed errors', () => {
  const draft = (extra) => esafety.draftIncident({ kind: 'term', category: 'bullying', ...extra });
  assert.throws(() => draft({ age: NaN }), code('invalid_number'));
  assert.throws(() => draft({ age: Infinity }), code('invalid_number'));
  assert.throws(() => esafety.escalate({ subjects: [{ role: 'pupil', age: 2 ** 70 }], tags: ['bullying'] }), code('incident_invalid_value'));
  assert.throws(() => TermScanner.fromEntries([['bad', 'bullying', 2 ** 70]]), code('invalid_argument'));
  assert.throws(() => draft({ severity: 2n ** 70n }), code('integer_out_of_range'));
  assert.throws(() => draft({ term: 'x\ud800y' }), code('invalid_string'));
  assert.throws(() => draft({ run: () => 1 }), code('invalid_argument'));
  assert.throws(() => draft({ ['k\udfff']: 1 }), code('invalid_string'));
  assert.throws(() => esafety.escalate('{"category":"x\ud800"}'), code('invalid_string'));
  assert.throws(() => UrlFilter.default('nat\ud800ional'), code('invalid_string'));
  assert.throws(() => esafety.parseUrl('http://a\udc00.com/'), code('invalid_string'));
  assert.throws(() => TermScanner.fromEntries([['bad', 'bullying', NaN]]), code('invalid_number'));
  assert.equal(esafety.parseUrl('http://a.com/\ufffd').host, 'a.com');
});

// Every exported function and method, called with arguments of the wrong types, throws an
// EsafetyError with a code (class-typed parameters too) and the module keeps working.
test('every export refuses wrong-typed arguments with a coded error', () => {
  const instances = {
    UrlFilter: UrlFilter.default(), ConsentLedger: new ConsentLedger(), Registry: new Registry(),
    TermScanner: TermScanner.fromEntries([['bad', 'bullying', 2]]), Roster: Roster.fromNames(['Ann']),
    SchoolProfile: esafety.SchoolProfile.national(), SchoolPolicy: esafety.SchoolPolicy.preset('national'),
  };
  const wrong = [[42, 42, 42, 42, 42, 42], [{}, [], true, 1.5, {}, 7], [Symbol('s'), 1n, null, 0, [], 'x']];
  const calls = [];
  for (const [name, value] of Object.entries(esafety)) {
    if (typeof value !== 'function' || name === 'initSync' || name.startsWith('__')) continue;
    if (/^[A-Z]/.test(name)) {
      for (const m of Object.getOwnPropertyNames(value)) {
        if (typeof value[m] === 'function' && !['length', 'name', 'prototype', '__wrap', '__unwrap', 'default', 'preset', 'national'].includes(m)) {
          calls.push([`${name}.${m}`, (args) => value[m](...args)]);
        }
      }
      const proto = value.prototype;
      for (const m of Object.getOwnPropertyNames(proto)) {
        const d = Object.getOwnPropertyDescriptor(proto, m);
        if (typeof d.value === 'function' && !['constructor', 'free', '__destroy_into_raw'].includes(m) && !m.startsWith('[')) {
          calls.push([`${name}#${m}`, (args) => instances[name][m](...args)]);
        }
      }
    } else {
      calls.push([name, (args) => value(...args)]);
    }
  }
  assert.ok(calls.length > 60, `${calls.length} calls`);
  let refused = 0;
  for (const [label, call] of calls) {
    for (const args of wrong) {
      try {
        call(args);
      } catch (e) {
        refused++;
        assert.equal(e.name, 'EsafetyError', `${label}(${args.map(String)}): ${e.stack}`);
        assert.ok(e instanceof esafety.EsafetyError && esafety.isEsafetyError(e), label);
        assert.equal(typeof e.code, 'string', label);
      }
    }
  }
  assert.ok(refused > 100, `${refused} refusals`);
  // Nothing is left borrowed and the module still works.
  assert.equal(instances.UrlFilter.check('pornhub.com', 'ks2').verdict, 'block');
  instances.ConsentLedger.record('p1', 'mum', 'school_website', 'given', AT);
  assert.equal(instances.ConsentLedger.length, 1);
  assert.equal(instances.TermScanner.scan('that is bad').length, 1);
});

test('a list or Date that throws when read leaves its object and the module usable', () => {
  const ledger = new ConsentLedger();
  const pupils = ['p1'];
  Object.defineProperty(pupils, 0, { get() { throw new Error('lazy list failed'); } });
  const f = UrlFilter.default();
  for (let i = 0; i < 5000; i += 1) {
    assert.throws(() => ledger.checkImage(pupils, 'school_website', AT), /lazy list failed/);
    assert.throws(() => f.checkMany(pupils), /lazy list failed/);
  }
  const fake = Object.create(Date.prototype);
  assert.throws(() => ledger.record('p1', 'mum', 'school_website', 'given', fake), TypeError);
  const loud = new Date(AT);
  loud.toISOString = () => { throw new Error('no text'); };
  assert.throws(() => ledger.state('p1', 'school_website', loud), /no text/);
  const length = new Proxy(['a.test'], { get: (t, k) => { if (k === 'length') throw new Error('no length'); return t[k]; } });
  assert.throws(() => f.checkMany(length), /no length/);
  ledger.record('p1', 'mum', 'school_website', 'given', AT);
  assert.equal(ledger.size, 1);
  assert.equal(f.checkMany(['pornhub.com'])[0].verdict, 'block');
  f.setPolicy({});
  ledger.free();
  f.free();
});

test('a freed object throws object_freed, again and again, and a second free does nothing', () => {
  const ledger = new ConsentLedger();
  ledger.free();
  for (let i = 0; i < 30000; i += 1) {
    assert.throws(() => ledger.state('p1', 'school_website', AT), code('object_freed', /ConsentLedger was freed/));
  }
  assert.doesNotThrow(() => ledger.free());
  const roster = Roster.fromNames(['a']);
  roster.free();
  for (let i = 0; i < 1000; i += 1) roster.free();
  assert.equal(UrlFilter.default().check('pornhub.com', 'ks2').verdict, 'block');
});

test('an option given in both spellings is refused, not decided by key order', () => {
  const ledger = new ConsentLedger();
  const options = { parentalResponsibility: false, parental_responsibility: true };
  assert.throws(() => ledger.record('p1', 'stepdad', 'press_media', 'given', AT, options),
    code('invalid_argument', /`parentalResponsibility` and `parental_responsibility` name the same field/));
  assert.equal(ledger.size, 0);
});

test('a revoked proxy where an array, an object or a class is expected throws invalid_argument; the object stays usable', () => {
  const { proxy, revoke } = Proxy.revocable([], {});
  revoke();
  const revoked = (name) => code('invalid_argument', new RegExp(`\`${name.replace(/[$[\]]/g, '\\$&')}\` is a revoked proxy`));

  const f = UrlFilter.default();
  assert.throws(() => f.checkMany(proxy, 'ks2'), revoked('urls'));
  assert.throws(() => f.setPolicy(proxy), revoked('$'));
  assert.throws(() => f.setPolicy({ audiences: proxy }), revoked('$.audiences'));
  assert.throws(() => f.check('bbc.co.uk', 'ks2', null, proxy), code('invalid_argument', /`scanner` must be a TermScanner/));
  // A copy of itself that is a revoked proxy: refused before the generated glue asks `instanceof`.
  assert.throws(() => f.recordWithRegistry({}, { __share: () => proxy }), code('invalid_argument', /`registry` must be a Registry/));
  f.setPolicy({ audiences: { ks2: { block_list: ['bbc.co.uk'] } } });
  assert.equal(f.check('bbc.co.uk', 'ks2').verdict, 'block');
  assert.doesNotThrow(() => f.free());

  const ledger = new ConsentLedger();
  const [signingKey] = esafety.generateSigningKey();
  assert.throws(() => ledger.checkImage(proxy, 'school_website', AT), revoked('pupils'));
  assert.throws(() => ledger.recordPublication('img-1', proxy, 'school_website', AT), revoked('pupils'));
  assert.throws(() => ledger.snapshot(proxy, 'school_website', AT, { signingKey }), revoked('pupils'));
  assert.throws(() => ledger.record('p1', 'mum', 'school_website', 'given', AT, proxy), revoked('$'));
  ledger.record('p1', 'mum', 'school_website', 'withdrawn', AT);
  ledger.restrict('p1', 'court_order', AT);
  assert.equal(ledger.state('p1', 'school_website', '2025-10-01T00:00:00Z'), 'restricted');
  assert.doesNotThrow(() => ledger.free());

  const scanner = TermScanner.default();
  assert.throws(() => scanner.extended(proxy), revoked('$'));
  assert.throws(() => scanner.extended([proxy]), revoked('$[0]'));
  assert.throws(() => scanner.withRoster(proxy), code('invalid_argument', /`roster` must be a Roster/));
  assert.throws(() => TermScanner.fromEntries(proxy), revoked('$'));
  assert.throws(() => Roster.fromNames(proxy), revoked('names'));
  const extended = scanner.extended([['zzschoolword', 'bullying', 3]]);
  assert.equal(extended.scan('you zzschoolword')[0].category, 'bullying');
  assert.doesNotThrow(() => extended.free());
  assert.doesNotThrow(() => scanner.free());

  assert.throws(() => esafety.escalate(proxy), revoked('$'));
  assert.throws(() => esafety.escalate({ tags: ['cyberbullying'] }, proxy), revoked('profile'));
  assert.equal(esafety.escalate({ tags: ['cyberbullying'] }, 'ely').profile, 'ely');
});
