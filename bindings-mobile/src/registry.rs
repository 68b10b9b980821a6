//! `Registry` for Kotlin and Swift: roles, AUP signatures and permission decisions.
//!
//! Dates cross as `YYYY-MM-DD` strings and instants as RFC 3339 strings; both are parsed by
//! core, so a bad value throws `EsafetyException.Registry` with `registry_invalid_date` /
//! `registry_invalid_instant`, as on every other surface. Ids (roles, audiences, actions)
//! are strings parsed by core.

use crate::convert::{json_text, wire};
use crate::errors::{EsafetyError, from_core, lock};
use crate::{
    AccessDecision, AupDiff, AupVersion, Duty, PermissionDecision, ReviewStatus, RoleHolders,
    Vacancy,
};
use esafety_core::registry as core;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A value of the decision context: a flag or a text.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum ContextValue {
    /// A yes/no fact (`pupil_consent`, `reasonable_grounds`, ...).
    Flag {
        /// The fact.
        value: bool,
    },
    /// A text (`justification`, `guest`, a consent decision id such as `permitted`).
    Text {
        /// The text.
        value: String,
    },
}

fn date(text: &str) -> Result<chrono::NaiveDate, EsafetyError> {
    core::parse_date(text).map_err(|e| from_core(&e))
}

fn instant(text: &str) -> Result<chrono::DateTime<chrono::Utc>, EsafetyError> {
    core::parse_instant(text).map_err(|e| from_core(&e))
}

/// A school's roles, AUPs, signatures and review schedule.
#[derive(uniffi::Object)]
pub struct Registry {
    pub(crate) inner: Mutex<core::Registry>,
}

impl Registry {
    fn wrap(inner: core::Registry) -> Arc<Self> {
        Arc::new(Registry {
            inner: Mutex::new(inner),
        })
    }
}

#[uniffi::export]
impl Registry {
    /// A registry with the default settings.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Registry::wrap(core::Registry::new())
    }

    /// A registry with a seed school's settings (`seed_000` … `seed_004`) or `default`.
    #[uniffi::constructor]
    pub fn with_preset(preset: String) -> Result<Arc<Self>, EsafetyError> {
        core::Registry::with_preset(&preset)
            .map(Registry::wrap)
            .map_err(|e| from_core(&e))
    }

    /// A registry with settings given as JSON (`{"preset": "seed_004", ...}`).
    #[uniffi::constructor]
    pub fn with_settings_json(json: String) -> Result<Arc<Self>, EsafetyError> {
        core::SchoolSettings::from_json(&json)
            .map(|s| Registry::wrap(core::Registry::with_settings(s)))
            .map_err(|e| from_core(&e))
    }

    /// Reads a registry saved with `toJson`.
    #[uniffi::constructor]
    pub fn from_json(text: String) -> Result<Arc<Self>, EsafetyError> {
        core::Registry::from_json(&text)
            .map(Registry::wrap)
            .map_err(|e| from_core(&e))
    }

    /// The school settings as JSON.
    pub fn settings_json(&self) -> Result<String, EsafetyError> {
        let reg = lock(&self.inner)?;
        json_text(reg.settings())
    }

    /// Records that `person` holds `role` from `since` (`YYYY-MM-DD`).
    #[uniffi::method(default(deputy_for = None, audience = None))]
    pub fn assign(
        &self,
        person: String,
        role: String,
        since: String,
        deputy_for: Option<String>,
        audience: Option<String>,
    ) -> Result<(), EsafetyError> {
        let since = date(&since)?;
        lock(&self.inner)?
            .assign(
                &person,
                &role,
                since,
                deputy_for.as_deref(),
                audience.as_deref(),
            )
            .map(|_| ())
            .map_err(|e| from_core(&e))
    }

    /// Ends `person`'s `role` on `until` (the last day it is held).
    pub fn unassign(
        &self,
        person: String,
        role: String,
        until: String,
    ) -> Result<(), EsafetyError> {
        let until = date(&until)?;
        lock(&self.inner)?
            .unassign(&person, &role, until)
            .map_err(|e| from_core(&e))
    }

    /// Who holds `role` on `on`, with deputies.
    pub fn holders(&self, role: String, on: String) -> Result<RoleHolders, EsafetyError> {
        let on = date(&on)?;
        lock(&self.inner)?
            .holders(&role, on)
            .map_err(|e| from_core(&e))
            .and_then(|h| wire(&h))
    }

    /// The duties `person` carries on `on`.
    pub fn duties(&self, person: String, on: String) -> Result<Vec<Duty>, EsafetyError> {
        let on = date(&on)?;
        wire(&lock(&self.inner)?.duties(&person, on))
    }

    /// The roles `person` holds on `on`.
    pub fn roles_of(&self, person: String, on: String) -> Result<Vec<String>, EsafetyError> {
        let on = date(&on)?;
        wire(&lock(&self.inner)?.roles_of(&person, on))
    }

    /// Publishes a version of an audience's AUP.
    #[uniffi::method(default(material = true, clauses = []))]
    pub fn publish_aup(
        &self,
        audience: String,
        version: String,
        effective: String,
        material: bool,
        clauses: Vec<String>,
    ) -> Result<AupVersion, EsafetyError> {
        let effective = date(&effective)?;
        lock(&self.inner)?
            .publish_aup(&audience, &version, effective, material, &clauses)
            .map_err(|e| from_core(&e))
            .and_then(|v| wire(&v))
    }

    /// Records `person`'s signature of an AUP version at `at` (RFC 3339).
    #[allow(
        clippy::too_many_arguments,
        reason = "mirrors the optional arguments of Python"
    )]
    #[uniffi::method(default(co_signer = None, signed_on_behalf_by = None,
        explained_to_pupil = false, method = "paper", class_name = None))]
    pub fn sign(
        &self,
        person: String,
        audience: String,
        version: String,
        at: String,
        co_signer: Option<String>,
        signed_on_behalf_by: Option<String>,
        explained_to_pupil: bool,
        method: String,
        class_name: Option<String>,
    ) -> Result<(), EsafetyError> {
        let at = instant(&at)?;
        let details = core::SignatureDetails {
            co_signer,
            signed_on_behalf_by,
            explained_to_pupil,
            method: method.parse().map_err(|e| from_core(&e))?,
            class: class_name,
        };
        lock(&self.inner)?
            .sign(&person, &audience, &version, at, details)
            .map(|_| ())
            .map_err(|e| from_core(&e))
    }

    /// Whether `person` may use school systems at `at`, and which AUPs are missing.
    pub fn may_access_systems(
        &self,
        person: String,
        at: String,
    ) -> Result<AccessDecision, EsafetyError> {
        let at = instant(&at)?;
        wire(&lock(&self.inner)?.may_access_systems(&person, at))
    }

    /// Everyone holding a role at `at` without a current signature they need.
    pub fn who_must_sign(&self, at: String) -> Result<Vec<String>, EsafetyError> {
        let at = instant(&at)?;
        Ok(lock(&self.inner)?.who_must_sign(at))
    }

    /// Decides whether `person` may do `action` at `at`, given the context facts (pass an
    /// empty map when there are none).
    pub fn decide(
        &self,
        person: String,
        action: String,
        at: String,
        context: HashMap<String, ContextValue>,
    ) -> Result<PermissionDecision, EsafetyError> {
        let at = instant(&at)?;
        let context = core::DecisionContext::from_pairs(context.into_iter().map(|(k, v)| {
            let value = match v {
                ContextValue::Flag { value } => core::ContextValue::Flag(value),
                ContextValue::Text { value } => core::ContextValue::Text(value),
            };
            (k, value)
        }))
        .map_err(|e| from_core(&e))?;
        lock(&self.inner)?
            .decide(&person, &action, at, &context)
            .map_err(|e| from_core(&e))
            .and_then(|d| wire(&d))
    }

    /// Clauses added, removed and changed between two versions.
    pub fn diff(
        &self,
        audience: String,
        version_a: String,
        version_b: String,
    ) -> Result<AupDiff, EsafetyError> {
        lock(&self.inner)?
            .diff(&audience, &version_a, &version_b)
            .map_err(|e| from_core(&e))
            .and_then(|d| wire(&d))
    }

    /// Records a review of `online_safety_policy` or `filtering_monitoring`.
    pub fn record_review(&self, subject: String, on: String) -> Result<(), EsafetyError> {
        let on = date(&on)?;
        lock(&self.inner)?
            .record_review(&subject, on)
            .map_err(|e| from_core(&e))
    }

    /// Flags an event that makes a review due now.
    pub fn flag_review(
        &self,
        subject: String,
        trigger: String,
        on: String,
    ) -> Result<(), EsafetyError> {
        let on = date(&on)?;
        lock(&self.inner)?
            .flag_review(&subject, &trigger, on)
            .map_err(|e| from_core(&e))
    }

    /// Where both reviews stand on `on`.
    pub fn review_status(&self, on: String) -> Result<Vec<ReviewStatus>, EsafetyError> {
        let on = date(&on)?;
        wire(&lock(&self.inner)?.review_status(on))
    }

    /// Required posts (`dsl`, `headteacher`, `slt_fm_lead`) no one holds on `on`; a post
    /// covered only by deputies is vacant.
    pub fn vacancies(&self, on: String) -> Result<Vec<Vacancy>, EsafetyError> {
        let on = date(&on)?;
        wire(&lock(&self.inner)?.vacancies(on))
    }

    /// The whole registry as a versioned JSON document.
    pub fn to_json(&self) -> Result<String, EsafetyError> {
        Ok(lock(&self.inner)?.to_json())
    }
}
