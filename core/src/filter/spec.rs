//! A whole filter described as data ([`FilterSpec`]).

use super::{ListSource, PolicyConfig};
use serde::{Deserialize, Serialize};

/// A whole filter described as data: embedded defaults, lists and policy (what bindings
/// and conformance vectors hand in).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FilterSpec {
    /// Load the embedded default lists first (default `true`).
    #[serde(default = "yes")]
    pub include_defaults: bool,
    /// Fail on the first bad line (default `false`: reject and report).
    #[serde(default)]
    pub strict: bool,
    /// Lists to load, in order.
    #[serde(default)]
    pub lists: Vec<ListSource>,
    /// The school's policy (default: the built-in defaults).
    #[serde(default)]
    pub policy: PolicyConfig,
    /// Judge hosts no list knows with the category model (default `false`).
    #[serde(default)]
    pub model: bool,
}

/// Whether a filter built from list sources (`UrlFilter.from_sources`) judges hosts no
/// list knows with the category model when the caller does not say: yes, since such a
/// filter replaces a school's whole list set and should catch what the lists miss.
pub const SOURCES_MODEL_BY_DEFAULT: bool = true;

fn yes() -> bool {
    true
}

impl FilterSpec {
    /// Reads a spec from JSON: an object, within the wire limits, with no unknown field.
    ///
    /// ```
    /// use esafety_core::filter::FilterSpec;
    ///
    /// assert!(FilterSpec::from_json(r#"{"include_defaults": true}"#)?.include_defaults);
    /// assert_eq!(esafety_core::ErrorCode::code(&FilterSpec::from_json("[true]").unwrap_err()), "filter_invalid_spec");
    /// # Ok::<(), esafety_core::filter::FilterError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`super::FilterError::InvalidSpec`] for malformed JSON, a value that is not an
    /// object, or an unknown field; the wire limits' errors for a too large or too deep
    /// document.
    pub fn from_json(json: &str) -> Result<FilterSpec, super::FilterError> {
        crate::wire::limits::check_size(json)?;
        crate::wire::limits::check_json(json)?;
        crate::wire::object_from_json(json).map_err(|e| super::error::spec_error(&e))
    }
}

impl Default for FilterSpec {
    fn default() -> Self {
        FilterSpec {
            include_defaults: true,
            strict: false,
            lists: Vec::new(),
            policy: PolicyConfig::default(),
            model: false,
        }
    }
}

/// A list file or UT1 directory named by path, as `UrlFilter.from_sources` takes it
/// (`esafety_io::url_filter_from_sources` reads it; the core never opens files).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FileSource {
    /// A list file, or a UT1 directory (`<category>/domains` ...).
    pub path: String,
    /// `auto` (the default: a directory is UT1, a file's format is detected from its
    /// text), `ut1`, `hosts`, `domains`, `adblock`, `dnsmasq`, `rpz`, `urls` or
    /// `expressions`.
    #[serde(default = "auto")]
    pub format: String,
    /// The category id every rule of a file carries. For UT1 it is optional and replaces
    /// the folder's (a whole UT1 directory, whose folders name theirs, refuses one).
    #[serde(default)]
    pub category: Option<String>,
}

fn auto() -> String {
    "auto".to_owned()
}
