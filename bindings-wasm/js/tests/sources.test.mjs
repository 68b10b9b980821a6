// Filter lists given as text, category ids, search terms scanned, page content, and
// extending the default term scanner (issues 12 and 13).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const { UrlFilter, TermScanner, Registry } = createRequire(import.meta.url)('esafety');

test('fromSources merges text lists in several formats, each match citing list and line', () => {
  const f = UrlFilter.fromSources([
    { label: 'adult.hosts', format: 'auto', category: 'pornography', text: '# list\n0.0.0.0 adult.test\n' },
    { label: 'bets.txt', format: 'adblock', category: 'gambling', text: '! x\n||bet.test^\n' },
    { label: 'gambling/domains', format: 'ut1', text: 'casino.test\n' },
  ]);
  const d = f.check('https://www.bet.test/', 'ks2');
  assert.equal(d.verdict, 'block');
  assert.deepEqual(d.categories, ['gambling']);
  assert.equal(d.rule, 'bets.txt:2');
  assert.equal(f.check('http://adult.test/', 'ks2').rule, 'adult.hosts:2');
  assert.equal(f.check('http://m.casino.test/', 'staff').verdict, 'block');
  // The embedded defaults are merged in.
  assert.equal(f.check('pornhub.com', 'ks2').verdict, 'block');
  assert.throws(() => UrlFilter.fromSources([{ label: 'x', format: 'hosts', category: 'nope', text: '' }]), (e) => e.code === 'filter_unknown_category');
  assert.throws(() => UrlFilter.fromSources([{ label: 'x', format: 'gopher', category: 'gambling', text: '' }]), (e) => typeof e.code === 'string' && e.name === 'EsafetyError');
  assert.throws(() => UrlFilter.fromSources([{ path: '/etc/hosts', format: 'auto' }]), (e) => e.code === 'unknown_option' && /valid values: `label`/.test(e.message));
  assert.throws(() => UrlFilter.fromSources([{ labl: 'x', format: 'hosts', text: '' }]), (e) => /did you mean `label`/.test(e.message));
  assert.throws(() => UrlFilter.fromSources([{ format: 'hosts', text: '' }]), (e) => e.code === 'invalid_argument' && /label/.test(e.message));
  assert.throws(() => UrlFilter.fromSources('x'), (e) => e.code === 'invalid_argument');
  assert.throws(() => UrlFilter.fromSources([], { modle: true }), (e) => e.code === 'unknown_option' && /`model`/.test(e.message));
});

test('categoryIds lists the filter categories', () => {
  const ids = UrlFilter.categoryIds();
  for (const id of ['pornography', 'gambling', 'drugs']) assert.ok(ids.includes(id), id);
});

test('check with a scanner returns the matches of the search terms (UTF-16 offsets)', () => {
  const f = UrlFilter.default();
  const scanner = TermScanner.fromEntries([['zzbadword', 'bullying', 3]]);
  const d = f.check('https://www.google.com/search?q=caf%C3%A9+zzbadword', 'ks3', null, scanner);
  assert.equal(d.searchTerms, 'café zzbadword');
  assert.equal(d.searchMatches.length, 1);
  const m = d.searchMatches[0];
  assert.equal(d.searchTerms.slice(m.start, m.end), 'zzbadword');
  assert.deepEqual(f.check('https://www.google.com/search?q=zzbadword', 'ks3').searchMatches, []);
  assert.throws(() => f.check('bbc.co.uk', 'ks3', null, new Registry()), (e) => e.code === 'invalid_argument' && /scanner/.test(e.message));
  // The scanner passed in is not consumed.
  assert.equal(scanner.scan('zzbadword').length, 1);
});

test('checkMany with a scanner scans each search, keeping the bad items', () => {
  const f = UrlFilter.default();
  const scanner = TermScanner.fromEntries([['zzbadword', 'bullying', 3]]);
  const many = f.checkMany(['https://www.google.com/search?q=caf%C3%A9+zzbadword', 'bbc.co.uk', ''], 'ks3', null, scanner);
  assert.equal(many.length, 3);
  const m = many[0].searchMatches[0];
  assert.equal(many[0].searchTerms.slice(m.start, m.end), 'zzbadword');
  assert.deepEqual(many[1].searchMatches, []);
  assert.equal(many[2].index, 2);
  assert.deepEqual(f.checkMany(['https://www.google.com/search?q=zzbadword'], 'ks3')[0].searchMatches, []);
  assert.equal(scanner.scan('zzbadword').length, 1);
});

test('classifyContent returns a decision for the page', () => {
  const f = UrlFilter.default();
  const d = f.classifyContent('https://example.org/', 'Holiday photos', 'We went to the beach.', 'ks2');
  assert.equal(d.verdict, 'allow');
  assert.equal(f.classifyContent('https://www.bet365.com/', 't', 'x', 'ks2').verdict, 'block');
  assert.throws(() => f.classifyContent('https://example.org/', 't', 'x', 'ks9'), (e) => typeof e.code === 'string');
});

test('TermScanner.extended keeps the default and adds entries, TSV text and allow-phrases', () => {
  const base = TermScanner.default();
  const more = base.extended([['zzschoolword', 'bullying', 3]], ['zzschoolword is fine']);
  assert.ok(more.size > base.size);
  assert.equal(more.scan('you zzschoolword').length, 1);
  assert.equal(more.scan('zzschoolword is fine').length, 0);
  assert.equal(base.scan('you zzschoolword').length, 0);
  const fromTsv = base.extended('zzother\tbullying\t2\n', [], 'ours.tsv');
  const hit = fromTsv.scan('you zzother')[0];
  assert.ok(hit, 'tsv entry matches');
  assert.match(JSON.stringify(hit), /ours\.tsv/);
  assert.throws(() => base.extended([['x', 'bullying', 2n ** 70n]]), (e) => e.code === 'integer_out_of_range');
  assert.throws(() => base.extended([['x', 'bullying', 4294967301]]), (e) => e.code === 'scanner_invalid_severity');
  assert.throws(() => base.extended(42), (e) => e.code === 'invalid_argument');
  assert.throws(() => base.extended([['zzw', 'bullying', 2]], null, 'mine.tsv'),
    (e) => e.code === 'invalid_argument' && /entries#1/.test(e.message));
});
