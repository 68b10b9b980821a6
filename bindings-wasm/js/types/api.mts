// The browser entry's types (`esafety/web`) in use, compiled by the typescript suite under
// node16, nodenext and bundler resolution (never run): the published .d.ts files are usable
// and precise. Each capability adds its typed calls here.
import init, {
  parseUrl, schemaVersion, version, escalate, draftIncident, planToText, SchoolProfile, SchoolPolicy, ConsentLedger, searchTerms, Roster, TermScanner, Registry, UrlFilter,
  type CanonicalUrl, EsafetyError, isEsafetyError, ROLES, AUDIENCES, PRESET_IDS, type Role, type PresetId, type Incident, type Plan, type Step, type ProfileWarning, type ConsentState, type ImageDecision, type PupilVoiceAnswer, type ConsentForm, type FormChannel, type Takedown, type Match, type ScanReport, type AccessDecision, type AupDiff, type PermissionDecision, type Decision, type Vacancy, type ItemError, type ListText,
  generateSigningKey, checkSnapshot,
} from 'esafety/web';

export async function typed(): Promise<string> {
  await init();
  const url: CanonicalUrl = parseUrl('example.com');
  const kind: 'domain' | 'ipv4' | 'ipv6' = url.hostKind;
  const port: number | null = url.port;
  const v: number = schemaVersion();
  try {
    parseUrl('http://x:99999/');
  } catch (e) {
    if (!isEsafetyError(e)) throw e;
    const code: string = e.code;
    const again: boolean = e instanceof EsafetyError;
    void again;
    return `${code} ${kind} ${port} ${v} ${version()}`;
  }
  return url.href;
}

export async function typedRegistry(): Promise<string> {
  await init();
  const reg = new Registry({ preset: 'seed_001', technicianAup: true });
  reg.assign('p1', 'pupil', '2025-09-01', { audience: 'pupil_ks2' });
  reg.publishAup('pupil_ks2', '1', new Date('2025-09-01T00:00:00Z'), { material: true, clauses: ['a'] });
  reg.sign('p1', 'pupil_ks2', '1', '2025-09-02T09:00:00Z', { coSigner: 'mum' });
  const access: AccessDecision = reg.mayAccessSystems('p1', '2025-10-01T10:00:00Z');
  const missing: string[] = access.missing;
  const who: string[] = reg.whoMustSign('2025-10-01T10:00:00Z');
  const decision: PermissionDecision = reg.decide('p1', 'publish_image', '2025-10-01T10:00:00Z', { consent: 'permitted' });
  const outcome: 'allowed' | 'denied' | 'needs_approval' | 'needs_justification' = decision.outcome;
  const approver: string | null = decision.approverRole;
  const diff: AupDiff = reg.diff('pupil_ks2', '1', '1');
  const vacancies: Vacancy[] = reg.vacancies('2025-10-01');
  const vacantRole: string | undefined = vacancies[0]?.role;
  const warnings: string[] = reg.reviewStatus('2025-10-01')[0]?.warnings ?? [];
  const filter = UrlFilter.default();
  filter.recordWithRegistry({ type: 'request', id: 'u1', action: 'unblock', target: 'a.test', audiences: ['ks2'],
    requestedBy: 'p1', at: '2025-10-01T09:00:00Z', reason: 'r' }, reg);
  filter.changePolicy({ id: 'p1', requestedBy: 'a', approvedBy: 'b', at: '2025-10-01T09:00:00Z', reason: 'r', policy: {} }, reg);
  filter.free();
  reg.free();
  return `${access.allowed} ${missing.length} ${who.length} ${outcome} ${approver} ${diff.unchanged} ${vacantRole} ${warnings.length}`;
}

export async function typedFilter(): Promise<string> {
  await init();
  const filter = UrlFilter.default();
  const d: Decision = filter.check('https://www.bet365.com/', 'ks2');
  const verdict: 'allow' | 'block' | 'safe_search' = d.verdict;
  const categories: string[] = d.categories;
  const terms: string | null = d.searchTerms;
  const rewrite: string | null = d.rewrite;
  const many: (Decision | ItemError)[] = filter.checkMany(['a.example', 'b.example'], 'staff', '2026-06-01T11:30:00Z');
  const log: Record<string, unknown> = filter.changeLog();
  const count: number = filter.domainRuleCount;
  filter.free();
  return `${verdict} ${categories.join()} ${terms} ${rewrite} ${many.length} ${Object.keys(log).length} ${count} ${d.rule} ${d.reason}`;
}

export async function typedIncident(): Promise<string> {
  await init();
  const incident: Incident = {
    reportedAt: '2025-11-26T08:30:00+00:00', reporter: 'parent_carer',
    subjects: [{ role: 'pupil', age: 10 }], alleged: 'adult_outside', location: 'off_site', device: 'personal',
    facts: { adultInvolved: true, imageInvolved: true }, tags: ['nudes_u18'],
  };
  const profile: SchoolProfile = SchoolProfile.preset('whitwell');
  const plan: Plan = escalate(incident, profile);
  const first: Step = plan.steps[0];
  const deadline: 'immediately' | 'same_day' | 'within_1_working_day' | 'within_72h' | 'routine' = first.deadline;
  const parents: 'yes' | 'no' | 'unless_risk' = plan.informParents;
  const warnings: ProfileWarning[] = SchoolProfile.preset('highgate').warnings;
  const draft: Incident | null = draftIncident({ kind: 'term', category: 'suicide', severity: 5, at: '2025-11-28T19:40:00Z' });
  const fromMatch: Incident | null = draftIncident({ term: 'kms', category: 'suicide', severity: 5, listSeverity: 5, start: 0, end: 3, matchedText: 'kms', source: 'default.tsv:9' }, { at: '2025-11-28T19:40:00Z', age: 13 });
  void fromMatch;
  const again: Plan = escalate(draft ?? {}, 'national');
  const fromWire: Plan = escalate({ reported_at: '2025-11-26T08:30:00+00:00', facts: { adult_involved: true }, tags: ['nudes_u18'] });
  void fromWire;
  return `${plan.category} ${first.recipient} ${deadline} ${parents} ${warnings.length} ${again.severity} ${planToText(plan).length}`;
}

export async function typedConsent(): Promise<string> {
  await init();
  const ledger = new ConsentLedger();
  ledger.record('p1', 'mum', 'school_website', 'given', '2025-09-05T09:00:00Z', { method: 'widget', parentalResponsibility: true });
  ledger.record('p2', 'dad', 'school_website', 'refused', new Date('2025-09-05T09:00:00Z'));
  ledger.publishNotice('v2', '2026-01-01T00:00:00Z', { substantive: false });
  ledger.recordPupilVoice('p1', 'school_website', 'refused', '2025-10-01T12:00:00Z', { age: 13, oldEnough: true, method: 'app' });
  ledger.recordLeaving('p2', '2026-07-22');
  const voice: PupilVoiceAnswer[] = ledger.explain('p1', 'school_website', '2025-10-02T10:00:00Z').pupilVoice;
  const recorded: string = ledger.recordAnswer('p3', 'mum', 'school_website', 'no', '2025-09-05T09:00:00Z', { method: 'widget' });
  const form: ConsentForm = ledger.consentForm('p3', 'mum', '2025-09-06T09:00:00Z');
  const first: FormChannel | undefined = form.channels[0];
  const state: ConsentState = ledger.state('p1', 'school_website', '2026-03-01T10:00:00Z');
  const decision: ImageDecision = ledger.checkImage(['p1', 'p2'], 'school_website', '2026-03-01T10:00:00Z', { namesShown: false });
  const blocked: string[] = decision.blockedBy;
  const list: Takedown[] = ledger.takedownList('2026-03-01T10:00:00Z');
  const copy: ConsentLedger = ConsentLedger.fromJson(JSON.stringify(ledger));
  const head: string = copy.headHash;
  return `${state} ${decision.allowed} ${blocked.join(',')} ${list.length} ${head} ${copy.size} ${voice.length} ${recorded} ${first?.noRecords}`;
}

export async function typedScanner(): Promise<string> {
  await init();
  const scanner: TermScanner = TermScanner.fromEntries([['kill', 'violence', 3]], ['to kill a mockingbird']);
  const roster: Roster = Roster.fromNames(['Jo Bloggs']);
  const named: TermScanner = scanner.withRoster(roster);
  const matches: Match[] = named.scan('k1ll', 'ks3');
  const first: Match | undefined = matches[0];
  const report: ScanReport = TermScanner.default().scanReport('i want to die');
  const highest: number | null = report.summary.highestSeverity;
  const terms: string[] = searchTerms('https://www.google.com/search?q=x');
  const hash: string = Roster.hashName('salt', 'Jo');
  return `${first?.matchedText} ${first?.start} ${highest} ${terms.length} ${hash} ${named.size}`;
}

// School policy documents.
{
  const policy: SchoolPolicy = SchoolPolicy.preset('kilby');
  const id: string = policy.id;
  const toml: string = policy.toToml();
  const again: SchoolPolicy = SchoolPolicy.fromToml(toml);
  const filter: UrlFilter = UrlFilter.default(again);
  void [id, filter, SchoolPolicy.presetIds().length, SchoolPolicy.fromJson(policy.toJSON()).id];
}

export async function typedSealsAndSources(): Promise<string> {
  await init();
  const [privateKey, publicKey]: [string, string] = generateSigningKey();
  const ledger = new ConsentLedger();
  const sealed: string = JSON.stringify(ledger.toJSON({ signingKey: privateKey }));
  const back: ConsentLedger = ConsentLedger.fromJson(sealed, { publicKey });
  const snapshot: string = ledger.snapshot(['p1'], 'school_website', '2026-01-01T00:00:00Z', { signingKey: privateKey });
  const offline: ImageDecision = checkSnapshot(snapshot, ['p1'], 'school_website', '2026-01-02T00:00:00Z', { publicKey });
  const lists: ListText[] = [{ label: 'bets.txt', format: 'adblock', category: 'gambling', text: '||bet.test^\n' }];
  const filter: UrlFilter = UrlFilter.fromSources(lists, { model: false });
  const ids: string[] = UrlFilter.categoryIds();
  const scanner: TermScanner = TermScanner.default().extended([['zzword', 'bullying', 3]], ['zzword ok']);
  const d: Decision = filter.check('https://www.google.com/search?q=zzword', 'ks3', null, scanner);
  const matches: Match[] = d.searchMatches ?? [];
  const page: Decision = filter.classifyContent('https://example.org/', 'Title', 'text', 'ks2');
  back.free();
  return `${offline.allowed} ${ids.length} ${matches.length} ${page.verdict}`;
}
