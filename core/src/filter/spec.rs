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
}

fn yes() -> bool {
    true
}

impl Default for FilterSpec {
    fn default() -> Self {
        FilterSpec {
            include_defaults: true,
            strict: false,
            lists: Vec::new(),
            policy: PolicyConfig::default(),
        }
    }
}
