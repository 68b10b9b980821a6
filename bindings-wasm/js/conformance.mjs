// Shared conformance-vector runner for JavaScript. The same module runs in Node
// (js/tests/vectors.test.mjs) and in headless Chromium (site/conformance.html), so the two
// JS runtimes replay tests/vectors/ through the same code and the same public API.
//
// Each concept maps a vector `input` onto calls of the public `esafety` API and returns a
// JSON-like result; errors are thrown as `EsafetyError` with a `code`. Vector inputs are
// passed as they are (object inputs accept snake_case keys); the expected results, written
// with the core's snake_case keys, are compared in the camelCase the JS API returns.

/** Per-concept handlers: (api, input) => result. */
export const handlers = {
  url: (api, input) => api.parseUrl(input.url),
  consent: (api, input) => consentScript(api, input),
  filter: (api, input) => {
    const f = input.filter == null ? api.UrlFilter.default() : api.UrlFilter.fromSpec(input.filter);
    const reg = input.registry ? new api.Registry() : null;
    try {
      for (const op of input.registry ?? []) {
        if (op.op === 'assign') reg.assign(op.person, op.role, op.since, pick(op, ['deputy_for', 'audience']));
        else reg.unassign(op.person, op.role, op.until);
      }
      if (input.set_policy) f.setPolicy(input.set_policy);
      for (const change of input.policy_changes ?? []) f.changePolicy(change, reg);
      for (const event of input.overrides ?? []) {
        if (reg) f.recordWithRegistry(event, reg); else f.record(event);
      }
      if (input.check) {
        const c = input.check;
        const scanner = c.scan ? api.TermScanner.default() : null;
        try {
          const d = f.check(c.url, c.audience, c.at, scanner);
          return { ...d, searchMatches: d.searchMatches.map((m) => codePointMatch(d.searchTerms, m)) };
        } finally {
          scanner?.free();
        }
      }
      if (input.check_many) {
        const c = input.check_many;
        const items = f.checkMany(c.urls, c.audience, c.at);
        return { decisions: items.map((d) => ('index' in d && 'code' in d ? { itemError: d } : d)) };
      }
      if (input.classify_content) {
        const p = input.classify_content;
        return f.classifyContent(p.url, p.title ?? '', p.text ?? '', p.audience);
      }
      if (input.squid_log) return f.classifySquidLog(input.squid_log.text, input.squid_log.audiences);
      if (input.load_report) return f.loadReport();
      if (input.change_log) return f.changeLog();
      throw new Error('filter vector without an action');
    } finally {
      f.free();
      reg?.free();
    }
  },
  incident: (api, input) => {
    const profile = (p) => {
      if (p === undefined || p === null) return undefined;
      if (typeof p === 'string') return api.SchoolProfile.preset(p);
      return api.SchoolProfile.fromText(p.label, p.text);
    };
    switch (input.call) {
      case 'escalate': return api.escalate(input.incident, profile(input.profile));
      // `toJSON()` is the wire document; the expectation is compared in camelCase.
      case 'profile': return camelKeys(api.SchoolProfile.preset(input.preset).toJSON(), mapFields(api));
      case 'profile_from_text':
        return camelKeys(api.SchoolProfile.fromText(input.label, input.text).toJSON(), mapFields(api));
      case 'draft': {
        const incident = api.draftIncident(input.alert, input.context);
        if (incident === null) return { incident: null, plan: null };
        return { incident, plan: api.escalate(incident, profile(input.profile)) };
      }
      default: throw new Error(`unknown call ${input.call}`);
    }
  },
  registry: replayRegistry,
  scanner: (api, input) => scannerCase(api, input),
  policy: (api, input) => {
    let policy;
    try {
      if (input.preset !== undefined) policy = api.SchoolPolicy.preset(input.preset);
      else if (input.toml !== undefined) policy = api.SchoolPolicy.fromToml(input.toml);
      else policy = api.SchoolPolicy.fromJson(input.json);
    } catch (err) {
      if (err.code === 'policy_invalid') return { problems: err.problems };
      throw err;
    }
    try {
      return { id: policy.id, document: camelKeys(policy.toJSON(), mapFields(api)) };
    } finally {
      policy.free();
    }
  },
};

/** Copies the keys of `source` named in `names` (snake_case) to camelCase keys. */
function pick(source, names) {
  const out = {};
  for (const name of names) {
    if (name in source) out[name.replace(/_([a-z])/g, (_, c) => c.toUpperCase())] = source[name];
  }
  return out;
}

/** Replays a consent vector script (see tests/tests/consent.rs) through `ConsentLedger`. */
function consentScript(api, input) {
  let ledger = input.config !== undefined ? new api.ConsentLedger(input.config) : new api.ConsentLedger();
  try {
    for (const op of input.operations ?? []) {
      switch (op.op) {
        case 'record':
          ledger.record(op.pupil, op.carer, op.channel, op.state, op.at,
            pick(op, ['method', 'notice_version', 'parental_responsibility', 'relationship']));
          break;
        case 'restrict': ledger.restrict(op.pupil, op.reason, op.at); break;
        case 'lift_restriction': ledger.liftRestriction(op.pupil, op.at, op.reason); break;
        case 'publish_notice': ledger.publishNotice(op.version, op.at, pick(op, ['substantive', 'content_hash'])); break;
        case 'record_publication': ledger.recordPublication(op.image_id, op.pupils, op.channel, op.at); break;
        case 'record_removal': ledger.recordRemoval(op.image_id, op.at); break;
        case 'record_pupil_voice':
          ledger.recordPupilVoice(op.pupil, op.channel, op.state, op.at, pick(op, ['age', 'old_enough', 'method']));
          break;
        case 'record_leaving': ledger.recordLeaving(op.pupil, op.date); break;
        case 'record_rejoining': ledger.recordRejoining(op.pupil, op.date); break;
        case 'record_answer':
          ledger.recordAnswer(op.pupil, op.carer, op.channel, op.answer, op.at,
            pick(op, ['method', 'notice_version', 'parental_responsibility', 'relationship']));
          break;
        default: throw new Error(`unknown vector operation ${op.op}`);
      }
    }
    if (input.tamper) {
      const doc = ledger.toJSON();
      const path = input.tamper.path;
      let target = doc;
      for (const step of path.slice(0, -1)) target = target[step];
      const last = path[path.length - 1];
      if (input.tamper.delete) {
        if (Array.isArray(target)) target.splice(last, 1); else delete target[last];
      } else {
        target[last] = input.tamper.value;
      }
      ledger.free();
      ledger = null;
      ledger = api.ConsentLedger.fromJson(JSON.stringify(doc));
    } else if (input.reload) {
      const text = JSON.stringify(ledger);
      ledger.free();
      ledger = null;
      ledger = api.ConsentLedger.fromJson(text);
    }
    const results = (input.queries ?? []).map((q) => {
      switch (q.op) {
        case 'state': return { state: ledger.state(q.pupil, q.channel, q.at) };
        case 'check_image': {
          const d = ledger.checkImage(q.pupils, q.channel, q.at, pick(q, ['names_shown']));
          return { allowed: d.allowed, blockedBy: d.blockedBy, reasons: d.reasons, obligations: d.obligations };
        }
        case 'takedown_list': return { takedowns: ledger.takedownList(q.at) };
        case 'receipt': return ledger.receipt(q.pupil, q.carer, q.at);
        case 'explain': return ledger.explain(q.pupil, q.channel, q.at);
        case 'consent_form': return ledger.consentForm(q.pupil, q.carer, q.at);
        default: throw new Error(`unknown vector query ${q.op}`);
      }
    });
    return { results };
  } finally {
    if (ledger) ledger.free();
  }
}

/** Replays a registry vector (operations, then queries) through `api.Registry`. */
function replayRegistry(api, input) {
  const reg = 'settings' in input ? new api.Registry(input.settings) : new api.Registry();
  try {
    for (const op of input.operations ?? []) {
      switch (op.op) {
        case 'assign':
          reg.assign(op.person, op.role, op.since, pick(op, ['deputy_for', 'audience']));
          break;
        case 'unassign': reg.unassign(op.person, op.role, op.until); break;
        case 'publish_aup':
          reg.publishAup(op.audience, op.version, op.effective, pick(op, ['material', 'clauses']));
          break;
        case 'sign':
          reg.sign(op.person, op.audience, op.version, op.at,
            pick(op, ['co_signer', 'signed_on_behalf_by', 'explained_to_pupil', 'method', 'class']));
          break;
        case 'record_review': reg.recordReview(op.subject, op.on); break;
        case 'flag_review': reg.flagReview(op.subject, op.trigger, op.on); break;
        default: throw new Error(`unknown operation ${op.op}`);
      }
    }
    const results = [];
    for (const q of input.queries ?? []) {
      switch (q.op) {
        case 'may_access_systems': results.push(reg.mayAccessSystems(q.person, q.at)); break;
        case 'who_must_sign': results.push(reg.whoMustSign(q.at)); break;
        case 'decide': results.push(reg.decide(q.person, q.action, q.at, q.context ?? {})); break;
        case 'diff': results.push(reg.diff(q.audience, q.version_a, q.version_b)); break;
        case 'holders': results.push(reg.holders(q.role, q.on)); break;
        case 'duties': results.push(reg.duties(q.person, q.on)); break;
        case 'review_status': results.push(reg.reviewStatus(q.on)); break;
        case 'vacancies': results.push(reg.vacancies(q.on)); break;
        default: throw new Error(`unknown query ${q.op}`);
      }
    }
    return { results };
  } finally {
    reg.free();
  }
}

/**
 * Replays a scanner vector. Vector offsets are code points; the JS API gives UTF-16
 * indices, so each match is checked with `text.slice` and then converted.
 */
function scannerCase(api, input) {
  if (input.hash_name) return { hash: api.Roster.hashName(input.hash_name.salt, input.hash_name.name) };
  if (input.search_terms) return { terms: api.searchTerms(input.search_terms.url) };
  const spec = input.scanner;
  let built;
  if (spec.default && spec.extend) {
    const base = api.TermScanner.default();
    try {
      built = base.extended(spec.extend.entries ?? [], spec.extend.allow ?? []);
    } finally {
      base.free();
    }
  } else if (spec.default) {
    built = api.TermScanner.default();
  } else if ('tsv' in spec) {
    built = api.TermScanner.fromTsv(spec.tsv, 'vector.tsv');
  } else {
    built = api.TermScanner.fromEntries(spec.entries, spec.allow ?? []);
  }
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
    return { matches: matches.map((m) => codePointMatch(text, m)), summary: report.summary };
  } finally {
    scanner.free();
  }
}

/** A match with UTF-16 offsets into `text`, checked with `text.slice`, with code-point offsets. */
function codePointMatch(text, m) {
  if (text.slice(m.start, m.end) !== m.matchedText) {
    throw new Error(`span ${m.start}..${m.end} does not slice to ${m.matchedText}`);
  }
  const codePoints = (i) => Array.from(text.slice(0, i)).length;
  return { ...m, start: codePoints(m.start), end: codePoints(m.end) };
}

/** The fields whose value is a map (snake_case; their keys are ids or data, never renamed). */
function mapFields(api) {
  return new Set(api.__wireMapFields());
}

/** `search_terms` → `searchTerms`. */
const camel = (key) => key.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

/** A vector value with the keys the JS API uses: camelCase, except a map field's keys. */
export function camelKeys(value, maps, keepKeys = false) {
  if (Array.isArray(value)) return value.map((v) => camelKeys(v, maps));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) =>
    [keepKeys ? k : camel(k), camelKeys(v, maps, !keepKeys && maps.has(k) && !Array.isArray(v))]));
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
  const expected = camelKeys(testCase.expect.ok, mapFields(api));
  return matches(expected, plain)
    ? null
    : `expected ${JSON.stringify(expected)}, got ${JSON.stringify(plain)}`;
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
