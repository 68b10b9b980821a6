// The monitoring term scanner from JavaScript: the names issue 3 fixes, UTF-16 offsets, errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const esafety = createRequire(import.meta.url)('esafety');

test('TermScanner.default() scans with UTF-16 offsets', () => {
  const scanner = esafety.TermScanner.default();
  const text = '😀 honestly I want to k1lllll mys3lf';
  const matches = scanner.scan(text);
  assert.equal(matches.length, 1);
  const m = matches[0];
  assert.deepEqual([m.term, m.category, m.severity], ['kill myself', 'suicide', 5]);
  assert.equal(text.slice(m.start, m.end), m.matchedText);
  assert.equal(m.matchedText, 'k1lllll mys3lf');
  assert.deepEqual(scanner.scan('Scunthorpe, Essex and a skilled player', 'ks2'), []);
  scanner.free();
});

test('fromEntries with allow-phrases and audiences', () => {
  const scanner = esafety.TermScanner.fromEntries([['kill', 'violence', 3], ['shit', 'profanity', 2]], ['to kill a mockingbird']);
  assert.deepEqual(scanner.scan('We read To Kill a Mockingbird'), []);
  const found = scanner.scan('oh shit', 'ks1');
  assert.deepEqual(found.map((m) => [m.term, m.severity, m.listSeverity]), [['shit', 3, 2]]);
  assert.equal(scanner.scan('oh shit', 'staff')[0].severity, 1);
  assert.equal(scanner.size, 2);
  scanner.free();
});

test('fromTsv, roster and report', () => {
  const base = esafety.TermScanner.fromTsv('jo\tprofanity\t2\nvape\tdrugs\t2\n', 'school.tsv');
  const salt = 'school-42';
  const roster = esafety.Roster.fromHashes(salt, [esafety.Roster.hashName(salt, 'Jo')]);
  const scanner = base.withRoster(roster);
  assert.deepEqual(scanner.scan('Jo has a v@pe').map((m) => [m.term, m.matchedText, m.source]), [['vape', 'v@pe', 'school.tsv:2']]);
  const report = scanner.scanReport('j0 has a vape', 'ks3');
  assert.deepEqual(report.summary, { highestSeverity: 2, categories: ['drugs', 'profanity'], matchCount: 2 });
  for (const o of [base, roster, scanner]) o.free();
});

test('errors are typed and the module keeps working', () => {
  const scanner = esafety.TermScanner.default();
  assert.throws(() => scanner.scan('hello', 'year7'), (e) => e.name === 'EsafetyError' && e.code === 'scanner_unknown_audience' && e.domain === 'scanner');
  assert.throws(() => esafety.TermScanner.fromEntries([['kill', 'violence', 9]]), (e) => e.code === 'scanner_invalid_severity');
  assert.throws(() => esafety.Roster.fromHashes('s', ['abc']), (e) => e.code === 'scanner_invalid_roster_hash');
  assert.equal(scanner.scan('kill myself').length, 1);
  scanner.free();
});

test('searchTerms', () => {
  assert.deepEqual(esafety.searchTerms('https://www.google.com/search?q=pro+ana'), ['pro ana']);
});
