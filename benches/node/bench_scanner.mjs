// Node benchmark of the term scanner (issue 3, "Performance"): the esafety WASM build
// (bindings-wasm/pkg/node) against the `obscenity` npm package, in MB/s on the same
// deterministic text and the same ~5,000 terms. Target: WASM >= 20x obscenity.
//
// obscenity is given the same terms as word-bounded patterns (`|term|`) with its
// recommended English transformers (its normalisation), and, for reference, its own
// English data set (about 70 phrases) as it is usually used.
//
// Run (after `npm ci` here and `scripts/test-all wasm`, which builds pkg/node):
//   cd benches/node && npm ci && node bench_scanner.mjs [--mb 1]
// Data is read from ../shared/data beside the repository; without it the script says so.

import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import {
  RegExpMatcher,
  englishDataset,
  englishRecommendedTransformers,
  parseRawPattern,
} from 'obscenity';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const data = join(root, '..', 'shared', 'data');
const TERMS = 5000;
const mbArg = process.argv.indexOf('--mb');
const MB = mbArg > 0 ? Number(process.argv[mbArg + 1]) : 1;

function bestOf(runs, f) {
  let best = Infinity;
  let result;
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    result = f();
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e9);
  }
  return [best, result];
}

function csvRow(line) {
  const out = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; }
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { out.push(cur); cur = ''; }
    else cur += c;
  }
  out.push(cur);
  return out;
}

// The same entries as benches/python/bench_scanner.py: the Suicide Risk Lexicon (suicide),
// then Surge AI profanity, distinct (case-insensitive), at most 5,000.
function loadEntries() {
  const entries = [];
  const seen = new Set();
  const add = (term, category, severity) => {
    term = term.trim();
    if (term && !seen.has(term.toLowerCase()) && entries.length < TERMS) {
      seen.add(term.toLowerCase());
      entries.push([term, category, severity]);
    }
  };
  const lexicon = readFileSync(join(data, 'terms/suicide-risk-lexicon/suicide_risk_lexicon_long.tsv'), 'utf8');
  for (const line of lexicon.split('\n').slice(1)) {
    const parts = line.split('\t');
    if (parts.length === 2) add(parts[1], 'suicide', 4);
  }
  const surge = readFileSync(join(data, 'terms/surge-ai-profanity/profanity_en.csv'), 'utf8').split('\n');
  const header = csvRow(surge[0]);
  const text = header.indexOf('text');
  const sev = header.indexOf('severity_rating');
  for (const line of surge.slice(1)) {
    if (!line.trim()) continue;
    const row = csvRow(line);
    const s = Math.max(1, Math.min(5, Math.trunc(Number(row[sev])) || 2));
    add(row[text], 'profanity', s);
  }
  return entries;
}

// Deterministic generator (mulberry32).
function rng(seed) {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % n);
  };
}

const FUNCTION_WORDS = ('the a and to of in is it you that he was for on are with as I his they be at one have ' +
  'this from or had by not but what all were we when your can said there use an each which she do how their').split(' ');
const NON_ASCII = ['café', 'naïve', 'it’s', '“quoted”', 'résumé', 'Zoë', 'façade', 'über'];

// Message-like paragraphs in the shape of the Rust and Python benches' text.
function corpus(targetBytes, terms) {
  const urls = readFileSync(join(data, 'full-urls/iscx-benign-phishtank/benign_urls_iscx2016.txt'), 'utf8').split('\n');
  const stop = new Set(['http', 'https', 'www', 'com', 'html', 'php']);
  const vocab = new Set();
  for (const u of urls) for (const w of u.split(/[^A-Za-z]+/)) {
    if (w.length >= 3 && w.length <= 12 && !stop.has(w.toLowerCase())) vocab.add(w.toLowerCase());
  }
  const vocabulary = [...vocab].sort();
  const r = rng(0xc0ffee);
  const paragraphs = [];
  let total = 0;
  while (total < targetBytes) {
    const want = 1000 + r(3000);
    const words = [];
    let size = 0;
    let capital = true;
    while (size < want) {
      const roll = r(600);
      let word = roll < 4 ? terms[r(terms.length)]
        : roll < 7 ? NON_ASCII[r(NON_ASCII.length)]
          : roll < 330 ? FUNCTION_WORDS[r(FUNCTION_WORDS.length)]
            : vocabulary[r(vocabulary.length)];
      if (capital) { word = word.slice(0, 1).toUpperCase() + word.slice(1); capital = false; }
      const sep = r(14);
      if (sep === 0) { word += '.'; capital = true; } else if (sep === 1) word += ',';
      words.push(word);
      size += Buffer.byteLength(word) + 1;
    }
    const p = words.join(' ') + '.\n';
    paragraphs.push(p);
    total += Buffer.byteLength(p);
  }
  return paragraphs;
}

function escapePattern(term) {
  return term.replace(/[[\]?|\\]/g, (c) => '\\' + c);
}

function main() {
  if (!existsSync(data)) {
    console.log('skipped: ../shared/data not found');
    return;
  }
  console.log(`load average: ${loadavg()[0].toFixed(2)}`);
  const entries = loadEntries();
  const terms = entries.map((e) => e[0]);
  const text = corpus(MB * 1_000_000, terms);
  const bytes = text.reduce((n, p) => n + Buffer.byteLength(p), 0);
  console.log(`\n== term scanner (Node ${process.version}): ${entries.length} terms, ${(bytes / 1e6).toFixed(2)} MB in ${text.length} paragraphs ==`);
  const results = {};

  // obscenity with the same terms, word-bounded, with its normalisation.
  let [tBuild, matcher] = bestOf(1, () => new RegExpMatcher({
    blacklistedTerms: terms.flatMap((t, id) => {
      try { return [{ id, pattern: parseRawPattern(`|${escapePattern(t)}|`) }]; } catch { return []; }
    }),
    ...englishRecommendedTransformers,
  }));
  // obscenity is slow with thousands of patterns: time a slice and scale.
  const slice = [];
  for (let i = 0, n = 0; i < text.length && n < 200_000; i++) { slice.push(text[i]); n += Buffer.byteLength(text[i]); }
  const sliceBytes = slice.reduce((n, p) => n + Buffer.byteLength(p), 0);
  let [t, found] = bestOf(2, () => slice.reduce((n, p) => n + matcher.getAllMatches(p).length, 0));
  results.obscenity = sliceBytes / 1e6 / t;
  console.log(`obscenity (same ${terms.length} terms, |word| bounds, English transformers): ${results.obscenity.toFixed(3)} MB/s on ${(sliceBytes / 1e6).toFixed(2)} MB, build ${(tBuild * 1e3).toFixed(0)} ms, ${found} matches`);

  const english = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
  [t, found] = bestOf(3, () => text.reduce((n, p) => n + english.getAllMatches(p).length, 0));
  results.obscenityEnglish = bytes / 1e6 / t;
  console.log(`obscenity (its own English data set, for reference):                 ${results.obscenityEnglish.toFixed(2)} MB/s, ${found} matches`);

  const pkg = join(root, 'bindings-wasm/pkg/node/esafety_wasm.js');
  if (!existsSync(pkg)) {
    console.log('esafety WASM: bindings-wasm/pkg/node not built (scripts/test-all wasm); skipped');
    return;
  }
  const esafety = createRequire(import.meta.url)(pkg);
  if (typeof esafety.TermScanner?.fromEntries !== 'function') {
    console.log('esafety WASM: TermScanner.fromEntries is not in this build; skipped');
    return;
  }
  let scanner;
  [tBuild, scanner] = bestOf(3, () => esafety.TermScanner.fromEntries(entries, []));
  [t, found] = bestOf(3, () => text.reduce((n, p) => n + scanner.scan(p, 'ks2').length, 0));
  results.esafety = bytes / 1e6 / t;
  console.log(`esafety WASM TermScanner.scan (full normalisation, word bounds):     ${results.esafety.toFixed(2)} MB/s, build ${(tBuild * 1e3).toFixed(0)} ms, ${found} matches`);
  console.log(`ratio esafety WASM / obscenity (same terms): ${(results.esafety / results.obscenity).toFixed(1)}x (target >= 20x); / obscenity English set: ${(results.esafety / results.obscenityEnglish).toFixed(1)}x`);
}

main();
