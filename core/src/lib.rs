//! # esafety-core
//!
//! The pure domain core of esafety: a UK school's online-safety policy as code that other
//! software can call. Every binding (Python, WebAssembly, Kotlin/Swift) and the `esafety`
//! command-line program are thin layers over this crate.
//!
//! The core is deliberately *pure*: it performs no I/O, reads no clock and keeps no global
//! state. Time is always an argument, files are read by the caller and handed in as text.
//!
//! ## Modules (one per domain concept)
//!
//! | module | concept |
//! |---|---|
//! | [`canonical_url`] | WHATWG URL canonicalisation, the base of the web filter |
//! | [`registry`] | roles, permissions and Acceptable Use Policies: who may do what, who has signed what |
//! | [`filter`] | web filtering: evasion-resistant URL classifier, per-audience policy, overrides, safe search |
//! | [`incident`] | incidents and escalation: classification, plans, school profiles |
//! | [`policy`] | one school policy document (TOML or JSON) from which every engine is built |
//! | [`consent`] | image consent: hash-chained ledger, group-photo checks, takedown list, receipts |
//! | [`scanner`] | monitoring: a term scanner that sees through obfuscation without false alarms |
//! | [`vocabulary`] | the one vocabulary: audiences, roles, categories, instants, the school clock |
//! | [`source`] | where each decision's `source` is explained: `docs/guidance.md` and `docs/seeds.md` |
//! | [`wire`] | the versioned JSON contract shared by every surface |
//! | [`error`] | the [`ErrorCode`] trait every module error implements |
//!
//! ## Example: canonicalise a web address
//!
//! ```
//! use esafety_core::canonical_url::CanonicalUrl;
//!
//! let url = CanonicalUrl::parse("HTTP://User@WWW.Example.COM.:80/a/../b?q=1#frag")?;
//! assert_eq!(url.scheme, "http");
//! assert_eq!(url.host, "www.example.com");
//! assert_eq!(url.port, Some(80));
//! assert_eq!(url.path, "/b");
//! assert_eq!(url.query.as_deref(), Some("q=1"));
//! # Ok::<(), esafety_core::canonical_url::UrlError>(())
//! ```
//!
//! ## Example: may this group photo go on the school website?
//!
//! ```
//! use esafety_core::consent::{ConsentLedger, RecordOptions, parse_instant};
//!
//! let mut ledger = ConsentLedger::new();
//! let sept = parse_instant("2025-09-05T08:30:00Z")?;
//! ledger.record("p1", "carer-1", "school_website", "given", sept, RecordOptions::default())?;
//! ledger.record("p2", "carer-2", "school_website", "refused", sept, RecordOptions::default())?;
//!
//! let decision = ledger.check_image(&["p1", "p2"], "school_website", parse_instant("2026-03-01T10:00:00Z")?, false)?;
//! assert!(!decision.allowed);
//! assert_eq!(decision.blocked_by, ["p2"]);
//! # Ok::<(), esafety_core::ConsentError>(())
//! ```
//!
//! ## Errors
//!
//! Each module owns a `thiserror` enum whose variants carry a stable snake_case
//! [`ErrorCode::code`]; conformance vectors and every binding compare the code, never the
//! English message.

// No panics where the wasm build cannot catch them: index and slice with `get`.
#![cfg_attr(not(test), deny(clippy::indexing_slicing, clippy::string_slice))]

pub mod batch;
pub mod canonical_url;
pub mod consent;
pub mod error;
pub mod filter;
mod ids;
pub mod incident;
mod invisible;
pub mod policy;
pub mod registry;
pub mod scanner;
pub mod seal;
pub mod source;
pub mod vocabulary;
pub mod wire;

#[doc(inline)]
pub use canonical_url::{CanonicalUrl, HostKind, UrlError};
#[doc(inline)]
pub use consent::{ConsentError, ConsentLedger, ConsentState, ImageDecision};
#[doc(inline)]
pub use error::ErrorCode;
#[doc(inline)]
pub use filter::{Decision, FilterError, UrlFilter, Verdict};
pub use incident::{Incident, IncidentError, Plan, SchoolProfile, escalate};
#[doc(inline)]
pub use registry::{
    AccessDecision, PermissionDecision, PermissionOutcome, Registry, RegistryError, SchoolSettings,
};
pub use scanner::{Match, ScannerError, TermScanner};
