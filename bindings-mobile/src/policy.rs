//! `SchoolPolicy` and the vocabulary lists for Kotlin and Swift (core module
//! `esafety_core::policy`): conversion only.

use crate::convert::{json_text, wire};
use crate::errors::{EsafetyError, from_core};
use esafety_core::policy::{self as core, PRESET_IDS};
use esafety_core::vocabulary::{Audience, Role};
use std::sync::Arc;

/// The `Policy` error case, with every problem.
pub fn policy_error(error: &core::PolicyError) -> EsafetyError {
    match from_core(error) {
        EsafetyError::Policy { code, detail, .. } => match wire(&error.problems()) {
            Ok(problems) => EsafetyError::Policy {
                code,
                detail,
                problems,
            },
            Err(mismatch) => mismatch,
        },
        other => other,
    }
}

/// One school's policy document; every engine can be built from it.
#[derive(Debug, uniffi::Object)]
pub struct SchoolPolicy {
    pub(crate) inner: core::SchoolPolicy,
}

#[uniffi::export]
impl SchoolPolicy {
    /// A built-in policy: `national`, `kilby`, `highgate`, `ely`, `whitwell`,
    /// `russell_house` (`default`, `seed_000` … `seed_004` are aliases).
    #[uniffi::constructor]
    pub fn preset(id: String) -> Result<Arc<Self>, EsafetyError> {
        core::SchoolPolicy::preset(&id)
            .map(|inner| Arc::new(SchoolPolicy { inner }))
            .map_err(|e| policy_error(&e))
    }

    /// Reads a policy document from TOML text.
    #[uniffi::constructor]
    pub fn from_toml(text: String) -> Result<Arc<Self>, EsafetyError> {
        core::SchoolPolicy::from_toml(&text)
            .map(|inner| Arc::new(SchoolPolicy { inner }))
            .map_err(|e| policy_error(&e))
    }

    /// Reads a policy document from JSON text.
    #[uniffi::constructor]
    pub fn from_json(text: String) -> Result<Arc<Self>, EsafetyError> {
        core::SchoolPolicy::from_json(&text)
            .map(|inner| Arc::new(SchoolPolicy { inner }))
            .map_err(|e| policy_error(&e))
    }

    /// The school's id.
    pub fn id(&self) -> String {
        self.inner.id().to_owned()
    }

    /// The document as TOML text.
    pub fn to_toml(&self) -> Result<String, EsafetyError> {
        self.inner.to_toml().map_err(|e| policy_error(&e))
    }

    /// The document as JSON text (every default filled in).
    pub fn to_json(&self) -> String {
        self.inner.to_json_value().to_string()
    }
}

/// The built-in policy ids, `national` first.
#[uniffi::export]
pub fn policy_preset_ids() -> Vec<String> {
    PRESET_IDS.iter().map(|s| (*s).to_owned()).collect()
}

/// The eight audience ids.
#[uniffi::export]
pub fn audiences() -> Vec<String> {
    Audience::IDS.iter().map(|s| (*s).to_owned()).collect()
}

/// The role ids.
#[uniffi::export]
pub fn roles() -> Vec<String> {
    Role::ALL.iter().map(|r| r.as_str().to_owned()).collect()
}

/// Every category of the vocabulary as JSON text (a list of `{id, source_module,
/// incident_category, area}`).
#[uniffi::export]
pub fn categories_json() -> Result<String, EsafetyError> {
    json_text(&esafety_core::vocabulary::categories())
}
