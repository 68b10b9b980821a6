//! One school, one policy document: every engine is built from it.
//!
//! A [`SchoolPolicy`] is a versioned document (TOML, or the same as JSON) with a section
//! per capability: `school` and `contacts`, `roles`, `aups`, `consent`, `filter`,
//! `monitoring` and `incidents`. Whatever a school's document leaves out is the national
//! default; unknown keys are errors. Reading a document reports **every** problem at once,
//! each with its key path.
//!
//! The five seed schools and the national defaults are built in as presets:
//! `national`, `kilby`, `highgate`, `ely`, `whitwell`, `russell_house` (the old registry
//! ids `seed_000` … `seed_004` and `default` are aliases).
//!
//! # Example
//!
//! ```
//! use esafety_core::policy::SchoolPolicy;
//!
//! let highgate = SchoolPolicy::preset("seed_001")?;
//! assert_eq!(highgate.id(), "highgate");
//! assert!(highgate.registry_settings().joint_staff_governor_aup);
//!
//! let err = SchoolPolicy::from_toml(r#"
//!     schema_version = 1
//!     id = "my-school"
//!     colour = "red"
//!     [filter.audiences.ks2]
//!     block = ["gambling", "gamblng"]
//! "#).unwrap_err();
//! let paths: Vec<String> = err.problems().into_iter().map(|p| p.path).collect();
//! assert_eq!(paths, ["colour", "filter.audiences.ks2.block[1]"]);
//! # Ok::<(), esafety_core::policy::PolicyError>(())
//! ```

mod document;
mod engines;
mod error;
mod load;
mod preset;
mod validate;

pub use document::{Aups, Incidents, Leftover, Monitoring, PolicyDocument, Roles, School};
pub use error::{PolicyError, Problem};
pub(crate) use preset::canonical as canonical_preset;
pub use preset::{PRESET_ALIASES, PRESET_IDS};

use crate::incident::SchoolProfile;

/// The largest policy document accepted, in bytes.
pub const MAX_POLICY_BYTES: usize = 1 << 20;

/// A checked school policy: the document, and the incident profile derived from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolPolicy {
    document: PolicyDocument,
    profile: SchoolProfile,
}

impl SchoolPolicy {
    /// A built-in policy by id or alias (see the module docs).
    ///
    /// # Errors
    ///
    /// [`PolicyError::UnknownPreset`], naming the valid ids and the nearest one.
    pub fn preset(id: &str) -> Result<SchoolPolicy, PolicyError> {
        let text = preset::text(id)?;
        SchoolPolicy::from_toml(text)
    }

    /// The national defaults (the `national` preset).
    pub fn national() -> SchoolPolicy {
        let document = preset::national_document();
        let profile = validate::national_profile();
        SchoolPolicy { document, profile }
    }

    /// Reads a document from TOML text (JSON text starting with `{` is read as JSON).
    ///
    /// # Errors
    ///
    /// [`PolicyError::Invalid`] listing every problem, or [`PolicyError::TooLarge`].
    pub fn from_toml(text: &str) -> Result<SchoolPolicy, PolicyError> {
        let value = load::parse_text(text)?;
        SchoolPolicy::from_value(value)
    }

    /// Reads a document from JSON text (TOML is accepted too).
    ///
    /// # Errors
    ///
    /// As [`SchoolPolicy::from_toml`].
    pub fn from_json(text: &str) -> Result<SchoolPolicy, PolicyError> {
        SchoolPolicy::from_toml(text)
    }

    /// Reads a document already parsed into a JSON value.
    ///
    /// # Errors
    ///
    /// As [`SchoolPolicy::from_toml`].
    pub fn from_value(value: serde_json::Value) -> Result<SchoolPolicy, PolicyError> {
        crate::wire::limits::check_value(&value)?;
        let base = preset::national_value();
        let (document, mut problems) = load::shape(value, &base);
        let Some(document) = document else {
            problems.sort_by(|a, b| a.path.cmp(&b.path));
            return Err(PolicyError::Invalid { problems });
        };
        let profile = validate::check(&document, &mut problems);
        problems.sort_by(|a, b| a.path.cmp(&b.path));
        match profile {
            Some(profile) if problems.is_empty() => Ok(SchoolPolicy { document, profile }),
            _ => Err(PolicyError::Invalid { problems }),
        }
    }

    /// The school's id.
    pub fn id(&self) -> &str {
        &self.document.id
    }

    /// The document as written (with every default filled in).
    pub fn document(&self) -> &PolicyDocument {
        &self.document
    }

    /// The document as TOML.
    ///
    /// # Errors
    ///
    /// [`PolicyError::Serialise`] if TOML cannot represent the document (not expected for
    /// a checked document; the presets are round-tripped by the tests).
    pub fn to_toml(&self) -> Result<String, PolicyError> {
        toml::to_string(&self.document).map_err(|e| PolicyError::Serialise {
            reason: e.to_string(),
        })
    }

    /// The document as a JSON value.
    pub fn to_json_value(&self) -> serde_json::Value {
        serde_json::to_value(&self.document).unwrap_or(serde_json::Value::Null)
    }

    /// The incident profile: contacts (national directory plus local ones), settings and
    /// the warnings a reviewer must look at.
    pub fn incident_profile(&self) -> &SchoolProfile {
        &self.profile
    }
}

impl Default for SchoolPolicy {
    fn default() -> Self {
        SchoolPolicy::national()
    }
}

#[cfg(test)]
mod tests;
