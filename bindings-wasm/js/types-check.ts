// Compiled with `tsc --strict` (never run): proves the published .d.ts types are usable and
// precise. Each later capability adds its typed calls here.
import init, { parseUrl, schemaVersion, version, type CanonicalUrl, type EsafetyError } from '../pkg/web/esafety_wasm.js';

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
