// Shared conformance-vector runner for JavaScript. The same module runs in Node
// (js/tests/vectors.test.mjs) and in headless Chromium (site/conformance.html), so the two
// JS runtimes replay tests/vectors/ through the same code and the same public API.
//
// Each concept maps a vector `input` onto calls of the public `esafety` API and returns a
// JSON-like result; errors are thrown as `EsafetyError` with a `code`.

/** Per-concept handlers: (api, input) => result. */
export const handlers = {
  url: (api, input) => api.parseUrl(input.url),
  filter: (api, input) => {
    const f = input.filter == null ? api.UrlFilter.default() : api.UrlFilter.fromSpec(input.filter);
    try {
      for (const event of input.overrides ?? []) f.record(event);
      if (input.check) {
        const c = input.check;
        return f.check(c.url, c.audience ?? 'ks2', c.at ?? undefined);
      }
      if (input.check_many) {
        const c = input.check_many;
        return { decisions: f.checkMany(c.urls, c.audience ?? 'ks2', c.at ?? undefined) };
      }
      if (input.squid_log) return f.classifySquidLog(input.squid_log.text, input.squid_log.audiences);
      if (input.load_report) return f.loadReport();
      if (input.change_log) return f.changeLog();
      throw new Error('filter vector without an action');
    } finally {
      f.free();
    }
  },
  scanner: (api, input) => scannerCase(api, input),
  incident: (api, input) => {
    const profile = (p) => {
      if (p === undefined || p === null) return undefined;
      if (typeof p === 'string') return api.SchoolProfile.preset(p);
      return api.SchoolProfile.fromText(p.label, p.text);
    };
    switch (input.call) {
      case 'escalate': return api.escalate(input.incident, profile(input.profile));
      case 'profile': return api.SchoolProfile.preset(input.preset).toJSON();
      case 'profile_from_text': return api.SchoolProfile.fromText(input.label, input.text).toJSON();
      case 'draft': {
        const incident = api.draftIncident(input.alert);
        if (incident === null) return { incident: null, plan: null };
        return { incident, plan: api.escalate(incident, profile(input.profile)) };
      }
      default: throw new Error(`unknown call ${input.call}`);
    }
  },
};

/**
 * Replays a scanner vector. Vector offsets are code points; the JS API gives UTF-16
 * indices, so each match is checked with `text.slice` and then converted.
 */
function scannerCase(api, input) {
  if (input.hash_name) return { hash: api.Roster.hashName(input.hash_name.salt, input.hash_name.name) };
  if (input.search_terms) return { terms: api.searchTerms(input.search_terms.url) };
  const spec = input.scanner;
  const built = spec.default
    ? api.TermScanner.default()
    : 'tsv' in spec
      ? api.TermScanner.fromTsv(spec.tsv)
      : api.TermScanner.fromEntries(spec.entries, spec.allow ?? []);
  let scanner = built;
  if (input.roster) {
    const r = input.roster;
    const roster = 'salt' in r ? api.Roster.fromHashes(r.salt, r.hashes) : api.Roster.fromNames(r.names);
    scanner = built.withRoster(roster);
    roster.free();
    built.free();
  }
  try {
    const text = input.text;
    const report = scanner.scanReport(text, input.audience);
    const matches = scanner.scan(text, input.audience);
    const codePoints = (i) => Array.from(text.slice(0, i)).length;
    return {
      matches: matches.map((m) => {
        if (text.slice(m.start, m.end) !== m.matched_text) {
          throw new Error(`span ${m.start}..${m.end} does not slice to ${m.matched_text}`);
        }
        return { ...m, start: codePoints(m.start), end: codePoints(m.end) };
      }),
      summary: report.summary,
    };
  } finally {
    scanner.free();
  }
}

/** The subset rule of tests/src/lib.rs. */
export function matches(expected, actual) {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    return actual !== null && typeof actual === 'object' && !Array.isArray(actual) &&
      Object.entries(expected).every(([k, v]) => k in actual && matches(v, actual[k]));
  }
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length &&
      expected.every((e, i) => matches(e, actual[i]));
  }
  return expected === actual;
}

/** Runs one case; returns null when it passes, or a failure message. */
export function runCase(api, concept, testCase) {
  const handler = handlers[concept];
  if (!handler) return `no JS handler for concept ${concept}`;
  let result;
  try {
    result = handler(api, testCase.input);
  } catch (e) {
    if ('error' in testCase.expect && e && e.code === testCase.expect.error) return null;
    return `expected ${JSON.stringify(testCase.expect)}, threw ${e && e.code} ${e && e.message}`;
  }
  if ('error' in testCase.expect) {
    return `expected error ${testCase.expect.error}, got ${JSON.stringify(result)}`;
  }
  // Compare the JSON form so Maps, undefined and class instances behave like plain data.
  const plain = JSON.parse(JSON.stringify(result ?? null));
  return matches(testCase.expect.ok, plain)
    ? null
    : `expected ${JSON.stringify(testCase.expect.ok)}, got ${JSON.stringify(plain)}`;
}

/** Runs every case of every file: [{file, name, failure}] with failure null on success. */
export function runFiles(api, files) {
  const results = [];
  for (const { file, doc } of files) {
    for (const testCase of doc.cases) {
      results.push({ file, name: testCase.name, failure: runCase(api, doc.concept, testCase) });
    }
  }
  return results;
}
