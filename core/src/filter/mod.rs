//! Web filtering: an evasion-resistant URL classifier with per-audience policies, school
//! overrides and safe search (issue 6; DOMAIN.md §6).
//!
//! [`UrlFilter`] takes a URL (any spelling a browser would accept), canonicalises it with
//! WHATWG semantics ([`crate::canonical_url`]), finds every rule that matches (domain
//! suffix on label boundaries, host+path prefix, IP literal, UT1 expression, look-alike
//! host) and applies the audience's policy. The answer is a [`Decision`]: verdict, every
//! matched category, the rule that decided (list file and line, override event or policy
//! clause), a one-line reason, the search terms and the safe-search rewrite.
//!
//! Order of precedence (first that applies wins):
//!
//! 1. an **illegal** category (`illegal.csam`, `illegal.terrorism`): block, always;
//! 2. an approved **override** (unblock or block request) for the audience;
//! 3. the audience's **block list**, then its **allow list** (the more specific entry wins);
//! 4. **allow-list mode** (EYFS/KS1 when turned on): anything not allow-listed is blocked;
//! 5. a **blocked category** (defaults per audience, time windows applied);
//! 6. **safe search** on Google, Bing, DuckDuckGo and YouTube;
//! 7. otherwise **allow**.
//!
//! Modules, one concern each: [`category`] (ids and the UT1 mapping), [`rules`] (list
//! formats and the load report), `embedded` (the default lists), `builder` ([`FilterBuilder`])
//! and `spec` ([`FilterSpec`]), `engine` ([`UrlFilter`]: build, configure, check), `matcher`
//! (the hash index and allocation-free URL views), `bits` and `compiled` (policies compiled
//! against the interned categories), `evaluate` (rule hits and the verdict), `explain` (the
//! [`Decision`] and its reason), `decision` ([`Verdict`], [`Decision`]), `error`
//! ([`FilterError`]), [`policy`], [`safe_search`], [`search_terms`], [`overrides`],
//! [`lookalike`], [`squid_log`] (access logs) and [`log_formats`] (their line formats), [`authorisation`] (who approves a change) and `changes`
//! (the change log).
//!
//! # Example
//!
//! ```
//! use esafety_core::filter::{UrlFilter, Verdict};
//!
//! let filter = UrlFilter::default();
//! let d = filter.check("HTTPS://User@WWW.Bet365.COM.:443/en", "ks2", None)?;
//! assert_eq!(d.verdict, Verdict::Block);
//! assert_eq!(d.categories[0].as_str(), "gambling");
//! assert_eq!(d.rule, "esafety/gambling.domains:2");
//! assert!(d.to_json().starts_with("{\"verdict\":\"block\""));
//!
//! let d = filter.check("https://www.bbc.co.uk/bitesize", "ks2", None)?;
//! assert_eq!(d.verdict, Verdict::Allow);
//! # Ok::<(), esafety_core::filter::FilterError>(())
//! ```

mod audience_map;
pub mod authorisation;
mod bits;
pub mod brands;
mod builder;
pub mod category;
mod changes;
mod columns;
mod compiled;
pub mod content;
mod decision;
mod embedded;
mod engine;
mod error;
mod evaluate;
mod explain;
pub mod expressions;
pub mod formats;
pub mod log_formats;
pub mod lookalike;
mod matcher;
pub mod model;
pub mod name_words;
pub mod overrides;
pub mod platforms;
pub mod policy;
pub mod rules;
pub mod safe_search;
pub mod search_terms;
mod spec;
pub mod squid_log;
mod what_if;
mod word_lists;

pub use authorisation::{Authorisation, PolicyChange};
pub use builder::FilterBuilder;
pub use category::{
    Category, ILLEGAL_CATEGORIES, NAMED_CATEGORIES, UKSIC_CATEGORIES, ut1_categories,
    ut1_folder_is_known,
};
pub use columns::{DecisionColumns, NULL_INPUT};
pub use decision::{Decision, MatchKind, RuleMatch, Verdict};
pub use engine::UrlFilter;
pub use error::{FilterError, parse_instant};
pub use lookalike::Lookalike;
pub use overrides::{OverrideAction, OverrideEvent, OverrideLog, OverrideRecord, OverrideStatus};
pub use policy::{
    AUDIENCES, Audience, AudienceConfig, PolicyConfig, SchoolTimezone, TimeWindowConfig,
};
pub use rules::{
    FileReport, ListFormat, ListSource, LoadReport, LoadWarning, RejectedLine, SkippedFile,
    detect_format, ut1_file_kind,
};
pub use safe_search::{SafeSearch, SafeSearchMode};
pub use search_terms::SearchProvider;
pub use spec::{FileSource, FilterSpec, SOURCES_MODEL_BY_DEFAULT};
pub use what_if::{VerdictChange, WhatIf, what_if, what_if_one, without_credentials};

#[cfg(test)]
mod load_tests;
#[cfg(test)]
mod tests;
