//! `SchoolPolicy` and the vocabulary lists for Kotlin and Swift (core module
//! `esafety_core::policy`): conversion only.

use crate::convert::json_text;
use crate::errors::Result;
use esafety_core::policy::{self as core, PRESET_IDS};
use esafety_core::vocabulary::{Audience, Role};
use std::sync::Arc;

/// One school's policy document; every engine can be built from it.
#[derive(Debug, uniffi::Object)]
pub struct SchoolPolicy {
    inner: core::SchoolPolicy,
}

fn wrap(inner: core::SchoolPolicy) -> Arc<SchoolPolicy> {
    Arc::new(SchoolPolicy { inner })
}

#[uniffi::export]
impl SchoolPolicy {
    /// A built-in policy: `national`, `kilby`, `highgate`, `ely`, `whitwell`,
    /// `russell_house` (`default`, `seed_000` … `seed_004` are aliases).
    #[uniffi::constructor]
    pub fn preset(id: &str) -> Result<Arc<Self>> {
        Ok(wrap(core::SchoolPolicy::preset(id)?))
    }

    /// Reads a policy document from TOML text.
    #[uniffi::constructor]
    pub fn from_toml(text: &str) -> Result<Arc<Self>> {
        Ok(wrap(core::SchoolPolicy::from_toml(text)?))
    }

    /// Reads a policy document from JSON text.
    #[uniffi::constructor]
    pub fn from_json(text: &str) -> Result<Arc<Self>> {
        Ok(wrap(core::SchoolPolicy::from_json(text)?))
    }

    /// The school's id.
    pub fn id(&self) -> String {
        self.inner.id().to_owned()
    }

    /// The document as TOML text.
    pub fn to_toml(&self) -> Result<String> {
        Ok(self.inner.to_toml()?)
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
pub fn categories_json() -> Result<String> {
    json_text(&esafety_core::vocabulary::categories())
}
