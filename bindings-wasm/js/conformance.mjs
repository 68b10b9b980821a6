// Shared conformance-vector runner for JavaScript. The same module runs in Node
// (js/tests/vectors.test.mjs) and in headless Chromium (site/conformance.html), so the two
// JS runtimes replay tests/vectors/ through the same code and the same public API.
//
// Each concept maps a vector `input` onto calls of the public `esafety` API and returns a
// JSON-like result; errors are thrown as `EsafetyError` with a `code`.

/** Per-concept handlers: (api, input) => result. */
export const handlers = {
  url: (api, input) => api.parseUrl(input.url),
  registry: replayRegistry,
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

/** Replays a registry vector (operations, then queries) through `api.Registry`. */
function replayRegistry(api, input) {
  const reg = 'settings' in input ? new api.Registry(input.settings) : new api.Registry();
  try {
    for (const op of input.operations ?? []) {
      switch (op.op) {
        case 'assign':
          reg.assign(op.person, op.role, op.since, { deputyFor: op.deputy_for ?? null, audience: op.audience ?? null });
          break;
        case 'unassign': reg.unassign(op.person, op.role, op.until); break;
        case 'publish_aup':
          reg.publishAup(op.audience, op.version, op.effective, { material: op.material ?? true, clauses: op.clauses ?? [] });
          break;
        case 'sign':
          reg.sign(op.person, op.audience, op.version, op.at, {
            coSigner: op.co_signer ?? null, signedOnBehalfBy: op.signed_on_behalf_by ?? null,
            explainedToPupil: op.explained_to_pupil ?? false, method: op.method ?? 'paper', className: op.class ?? null,
          });
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
        default: throw new Error(`unknown query ${q.op}`);
      }
    }
    return { results };
  } finally {
    reg.free();
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
