// Hand-written: what the package's entry modules (entry/node.cjs, entry/web.mjs) add to the
// WebAssembly exports. They are the package's only entry points (package.json `exports`).

/** The error every esafety function throws (an `Error`; check with `isEsafetyError`). */
export declare class EsafetyError extends Error {
  constructor(message?: string, code?: string, domain?: string);
  name: "EsafetyError";
  /** A stable snake_case id such as `url_invalid_port`. */
  code: string;
  /** The core module that raised it (`url`, `filter`, `argument`, ...). */
  domain: string;
  /** Incident errors: the field at fault (`facts.adult`), when known. */
  field?: string | null;
  /** Incident errors: the file named in the call, when one was. */
  file?: string | null;
  /** Policy errors (`policy_invalid`): every problem of the document. */
  problems?: Problem[] | null;
}

/** Whether `value` is an error esafety threw. */
export declare function isEsafetyError(value: unknown): value is EsafetyError;

/** The audience ids. */
export declare const AUDIENCES: readonly Audience[];
/** The role ids, one set for every module. */
export declare const ROLES: readonly Role[];
/** The actions `Registry.decide` decides. */
export declare const ACTIONS: readonly RegistryAction[];
/** The keys of `Registry.decide`'s facts (snake_case; camelCase is accepted too). */
export declare const CONTEXT_KEYS: readonly string[];
/** The AUP audiences. */
export declare const AUP_AUDIENCES: readonly AupAudience[];
/** What `Registry.recordReview` and `flagReview` review. */
export declare const REVIEW_SUBJECTS: readonly ReviewSubject[];
/** The school's rule for searching a pupil's device. */
export declare const SEARCH_RULES: readonly SearchRule[];
/** The image-consent channels (`school_social_media` also takes a platform: `school_social_media.instagram`). */
export declare const CHANNELS: readonly Channel[];
/** The social media platforms of `school_social_media.<platform>` channels. */
export declare const SOCIAL_PLATFORMS: readonly string[];
/** Where a pupil's consent for a channel stands (`ConsentLedger.state`). */
export declare const CONSENT_STATES: readonly ConsentState[];
/** The states a consent event records. */
export declare const EVENT_STATES: readonly EventState[];
/** How an answer was collected. */
export declare const COLLECTION_METHODS: readonly CollectionMethod[];
/** A carer's relationship to the pupil. */
export declare const RELATIONSHIPS: readonly Relationship[];
/** Why a pupil's images are restricted. */
export declare const RESTRICTION_REASONS: readonly RestrictionReason[];
/** The incident categories. */
export declare const INCIDENT_CATEGORIES: readonly IncidentCategory[];
/** The incident tags: every incident category and the context tags. */
export declare const TAGS: readonly string[];
/** The incident facts (snake_case ids; incident objects may use camelCase keys). */
export declare const FACTS: readonly string[];
/** The monitoring (term scanner) categories. */
export declare const SCANNER_CATEGORIES: readonly ScannerCategory[];
/** The term list formats of `TermScanner.fromFormat`. */
export declare const TERM_LIST_FORMATS: readonly string[];
/** Every category id of every module, without repeats. */
export declare const CATEGORIES: readonly string[];
/** The built-in school presets, `national` first. */
export declare const PRESET_IDS: readonly PresetId[];

/** A built-in school preset (`PRESET_IDS`). */
export type PresetId = "national" | "kilby" | "highgate" | "ely" | "whitwell" | "russell_house";

// `Symbol.dispose` (the classes' `[Symbol.dispose]()`, for `using`) for projects whose `lib`
// predates it: the same declaration TypeScript's `esnext.disposable` and @types/node make,
// so it merges with theirs and `tsc --strict` passes without `skipLibCheck` either way.
declare global {
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
  var Symbol: SymbolConstructor;
}
