// Compiled with `tsc --strict` (never run): proves the published .d.ts types are usable and
// precise. Each later capability adds its typed calls here.
import init, {
  parseUrl, schemaVersion, version, Registry,
  type AccessDecision, type AupDiff, type CanonicalUrl, type EsafetyError, type PermissionDecision,
} from '../pkg/web/esafety_wasm.js';

export async function typed(): Promise<string> {
  await init();
  const url: CanonicalUrl = parseUrl('example.com');
  const kind: 'domain' | 'ipv4' | 'ipv6' = url.host_kind;
  const port: number | null = url.port;
  const v: number = schemaVersion();
  try {
    parseUrl('http://x:99999/');
  } catch (e) {
    const err = e as EsafetyError;
    const code: string = err.code;
    return `${code} ${kind} ${port} ${v} ${version()}`;
  }
  return url.href;
}

export async function typedRegistry(): Promise<string> {
  await init();
  const reg = new Registry({ preset: 'seed_001', technician_aup: true });
  reg.assign('p1', 'pupil', '2025-09-01', { audience: 'pupil_ks2' });
  reg.publishAup('pupil_ks2', '1', new Date('2025-09-01T00:00:00Z'), { material: true, clauses: ['a'] });
  reg.sign('p1', 'pupil_ks2', '1', '2025-09-02T09:00:00Z', { coSigner: 'mum' });
  const access: AccessDecision = reg.mayAccessSystems('p1', '2025-10-01T10:00:00Z');
  const missing: string[] = access.missing;
  const who: string[] = reg.whoMustSign('2025-10-01T10:00:00Z');
  const decision: PermissionDecision = reg.decide('p1', 'publish_image', '2025-10-01T10:00:00Z', { consent: 'permitted' });
  const outcome: 'allowed' | 'denied' | 'needs_approval' | 'needs_justification' = decision.outcome;
  const approver: string | null = decision.approver_role;
  const diff: AupDiff = reg.diff('pupil_ks2', '1', '1');
  reg.free();
  return `${access.allowed} ${missing.length} ${who.length} ${outcome} ${approver} ${diff.unchanged}`;
}
