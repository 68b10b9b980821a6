//! The one vocabulary every module speaks: audiences, roles, categories, instants and the
//! school clock.
//!
//! Before this module each capability defined its own audiences, roles and time parsing,
//! and the seams between them gave wrong answers. Now there is one definition of each:
//!
//! | concept | type | ids |
//! |---|---|---|
//! | who is browsing or writing | [`Audience`] | `eyfs` … `sixth_form`, `staff`, `guest` (default `ks2`) |
//! | who holds a job in the school | [`Role`] | `headteacher`, `dsl`, … with one alias table |
//! | what a list or match names | [`CategoryInfo`] via [`categories`] | every filter and scanner category, with its incident category and 4C area |
//! | when something happened | [`parse_instant`] | RFC 3339, or a bare date meaning midnight in England |
//! | when the school is closed | [`bank_holiday`], [`Closure`] | bank holidays of England and Wales; a school's own closures |
//!
//! Unknown ids are a typed [`VocabularyError`] that lists the valid values and the nearest
//! one; nothing is guessed.
//!
//! # Example
//!
//! ```
//! use esafety_core::vocabulary::{Audience, Role};
//!
//! assert_eq!(Audience::default(), Audience::Ks2);
//! assert_eq!("sixth_form".parse::<Audience>()?, Audience::SixthForm);
//! assert_eq!(Role::parse("technician")?, Role::ItProvider);
//! let err = "KS2".parse::<Audience>().unwrap_err();
//! assert!(err.to_string().contains("did you mean `ks2`"));
//! # Ok::<(), esafety_core::vocabulary::VocabularyError>(())
//! ```

mod audience;
mod category;
mod clock;
mod error;
mod holidays;
mod instant;
mod person_id;
mod role;
mod search_rule;
mod suggest;

pub use audience::Audience;
pub use category::{CategoryInfo, SourceModule, categories, filter_incident, scanner_incident};
pub use clock::SchoolClock;
pub use error::VocabularyError;
pub use holidays::{Closure, bank_holiday, usual_holiday};
pub(crate) use instant::serde_instant;
pub use instant::{InstantForms, SUPPORTED_YEARS, format_instant, parse_date, parse_instant};
pub use person_id::{MAX_ID_CHARS, id_problem, same_id_but_for_case};
pub use role::{ROLE_ALIASES, Role};
pub use search_rule::SearchRule;
pub(crate) use suggest::short;
pub use suggest::{fold, nearest, unknown_hint, valid_values};
