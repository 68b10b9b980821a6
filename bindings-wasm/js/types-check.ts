// Compiled with `tsc --strict` (never run): proves the published .d.ts types are usable and
// precise. Each later capability adds its typed calls here.
import init, {
  parseUrl, schemaVersion, searchTerms, version, Roster, TermScanner, UrlFilter,
  type CanonicalUrl, type Decision, type EsafetyError, type Match, type ScanReport,
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

export async function typedFilter(): Promise<string> {
  await init();
  const filter = UrlFilter.default();
  const d: Decision = filter.check('https://www.bet365.com/', 'ks2');
  const verdict: 'allow' | 'block' | 'safe_search' = d.verdict;
  const categories: string[] = d.categories;
  const terms: string | null = d.search_terms;
  const rewrite: string | null = d.rewrite;
  const many: Decision[] = filter.checkMany(['a.example', 'b.example'], 'staff', '2026-06-01T11:30:00Z');
  const log: Record<string, unknown> = filter.changeLog();
  const count: number = filter.domainRuleCount;
  filter.free();
  return `${verdict} ${categories.join()} ${terms} ${rewrite} ${many.length} ${Object.keys(log).length} ${count} ${d.rule} ${d.reason}`;
}

export async function typedScanner(): Promise<string> {
  await init();
  const scanner: TermScanner = TermScanner.fromEntries([['kill', 'violence', 3]], ['to kill a mockingbird']);
  const roster: Roster = Roster.fromNames(['Jo Bloggs']);
  const named: TermScanner = scanner.withRoster(roster);
  const matches: Match[] = named.scan('k1ll', 'ks3');
  const first: Match | undefined = matches[0];
  const report: ScanReport = TermScanner.default().scanReport('i want to die');
  const highest: number | null = report.summary.highest_severity;
  const terms: string[] = searchTerms('https://www.google.com/search?q=x');
  const hash: string = Roster.hashName('salt', 'Jo');
  return `${first?.matched_text} ${first?.start} ${highest} ${terms.length} ${hash} ${named.size}`;
}
