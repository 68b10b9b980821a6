// Hand-written: the options objects of methods (camelCase keys; snake_case is accepted too).
// Every key may be left out: the core applies its default. The results are the generated
// types of wire.d.ts (camelCase keys).

/** A JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A document in the wire format (snake_case keys, as JSON text has them): what `toJSON()`
 * returns and `JSON.stringify` writes, and what `fromJson` reads back. */
export type WireDocument = { [key: string]: JsonValue };

/** Options of `ConsentLedger.record` and `recordAnswer`. */
export interface RecordOptions {
  method?: CollectionMethod | null;
  noticeVersion?: string | null;
  parentalResponsibility?: boolean | null;
  relationship?: Relationship | null;
}

/** Options of `ConsentLedger.recordPupilVoice`: `oldEnough`, or `age` when the school sets
 * `pupil_voice_min_age` (never guessed). */
export interface PupilVoiceOptions {
  age?: number | null;
  oldEnough?: boolean | null;
  method?: CollectionMethod | null;
}

/** Options of `ConsentLedger.publishNotice`. */
export interface NoticeOptions {
  substantive?: boolean;
  contentHash?: string | null;
}

/** Options of `ConsentLedger.checkImage`. */
export interface CheckImageOptions {
  namesShown?: boolean;
}

/** Options of `Registry.assign`. */
export interface AssignOptions {
  deputyFor?: string | null;
  audience?: AupAudience | null;
}

/** Options of `Registry.publishAup`. */
export interface PublishOptions {
  material?: boolean;
  clauses?: string[];
}

/** Options of `Registry.sign` (`SignatureDetails` with camelCase keys). */
export interface SignOptions {
  coSigner?: string | null;
  signedOnBehalfBy?: string | null;
  explainedToPupil?: boolean;
  method?: SignatureMethod;
  className?: string | null;
}

/** The facts of `Registry.decide` (`DecisionContext` keys, snake_case or camelCase; `consent`
 * may also be an id such as `permitted`). Unknown keys throw `registry_unknown_context_key`. */
export type DecisionFacts = { [key: string]: boolean | string | null | undefined };

/** A monitoring match or a filter block, for `draftIncident`. */
export interface Alert {
  kind?: "term" | "url"; category: string; severity?: number; at?: string; url?: string; term?: string;
  role?: string; age?: number; yearGroup?: number; device?: IncidentDevice;
  location?: IncidentLocation; userId?: string; deliberate?: boolean;
}

/** What a scanner match or a filter decision does not say about the event. */
export interface DraftContext {
  at?: string; role?: string; age?: number; yearGroup?: number | string; userId?: string;
  device?: IncidentDevice; location?: IncidentLocation; deliberate?: boolean;
}

/** Options of `ConsentLedger.toJson` and `snapshot`: the school's private key (64 hex
 * digits, from `generateSigningKey()`); `snapshot` requires it. */
export interface SigningOptions {
  signingKey?: string | null;
}

/** Options of `ConsentLedger.fromJson` and `checkSnapshot`: the school's public key (64 hex
 * digits); `checkSnapshot` requires it. */
export interface VerifyOptions {
  publicKey?: string | null;
}

/** One list of `UrlFilter.fromSources`: a list file's text and what it is. */
export interface ListText {
  /** The list's name in reports and decisions (`gambling/domains` for `ut1`). */
  label: string;
  format: "auto" | "ut1" | ListFormat;
  /** A filter category id (`UrlFilter.categoryIds()`); not needed for `ut1`. */
  category?: string | null;
  text: string;
}

/** Options of `UrlFilter.fromSources`: the other fields of a filter spec. */
export interface SourcesOptions {
  includeDefaults?: boolean;
  strict?: boolean;
  policy?: PolicyConfig;
  model?: boolean;
}

/** Who is behind a squid log line (`UrlFilter.classifySquidLog`): by user name (squid's
 * percent-encoded `SCHOOL%5cjsmith` is also looked up decoded), then by client address
 * (`10.0.2.15`; `::ffff:10.0.2.15` is that address), then by the longest prefix of whole
 * octets (`10.0.2.`), else `default` (`ks2`). A key no line can match (a CIDR range, a
 * wildcard, an empty key) is refused: `filter_invalid_audience_key`. */
export interface AudienceMap {
  default?: Audience;
  users?: { [user: string]: Audience };
  clients?: { [addressOrPrefix: string]: Audience };
}
