// The README's JavaScript example in TypeScript, importing `esafety`: the Node type file
// under node16/nodenext (and bundler with the `node` condition), the browser one under
// bundler. Compiled by the typescript suite, never run.
import esafety from 'esafety';
import { EsafetyError, isEsafetyError, ROLES, type Incident, type Plan } from 'esafety';

const url = esafety.parseUrl('http://0x7f.1/%7Eadmin');
const host: string = url.host;
const kind: 'domain' | 'ipv4' | 'ipv6' = url.hostKind;
try {
  esafety.parseUrl('mailto:head@school.test');
} catch (err) {
  if (isEsafetyError(err)) {
    const code: string = err.code;
    void code;
  }
  if (err instanceof EsafetyError) void err.domain;
}
const text = '😀 i want to k1lllll mys3lf';
const [match] = esafety.TermScanner.default().scan(text, 'ks2');
const matched: string | undefined = match?.matchedText;

const incident: Incident = { subjects: [{ role: 'pupil', age: 9 }], alleged: 'headteacher', tags: ['staff_allegation'] };
const plan: Plan = esafety.escalate(incident);
const withProfile: Plan = esafety.escalate(incident, esafety.SchoolProfile.preset('ely'));
const who: string[] = plan.steps.filter((s) => s.mandatory).map((s) => s.recipient);
const ledger = new esafety.ConsentLedger();
ledger.record('p1', 'mum', 'school_website', 'given', '2025-09-05T09:00:00Z', { method: 'widget' });
const photo = ledger.checkImage(['p1', 'p2'], 'school_website', new Date('2026-03-01T10:00:00Z'));
const blocked: string[] = photo.blockedBy;
const document: string = JSON.stringify(ledger);
const size: number = ledger.size;
const roles: readonly string[] = ROLES;

export const used = [host, kind, matched, who, withProfile.category, blocked, document, size, roles];
