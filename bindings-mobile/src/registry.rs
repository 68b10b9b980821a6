//! `Registry` for Kotlin and Swift: roles, AUP signatures and permission decisions.
//!
//! Dates and instants cross as text read by core's one parser (`invalid_date` /
//! `invalid_instant`, as on every other surface). Ids (roles, audiences, actions) are
//! strings parsed by core.

use crate::convert::{WireDate, WireInstant, json_text, wire};
use crate::errors::{Result, lock};
use crate::{
    AccessDecision, AupDiff, AupVersion, Duty, PermissionDecision, ReviewStatus, RoleHolders,
    Vacancy,
};
use esafety_core::registry as core;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A value of the decision context: a yes/no fact (`pupil_consent`, `reasonable_grounds`,
/// ...) or a text (`justification`, `guest`, a consent decision id such as `permitted`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum ContextValue {
    /// A yes/no fact.
    Flag(bool),
    /// A text.
    Text(String),
}

/// A school's roles, AUPs, signatures and review schedule.
#[derive(uniffi::Object)]
pub struct Registry {
    pub(crate) inner: Mutex<core::Registry>,
}

fn wrap(inner: core::Registry) -> Arc<Registry> {
    Arc::new(Registry {
        inner: Mutex::new(inner),
    })
}

#[uniffi::export]
impl Registry {
    /// A registry with the default settings.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        wrap(core::Registry::new())
    }

    /// A registry with a seed school's settings (`seed_000` … `seed_004`) or `default`.
    #[uniffi::constructor]
    pub fn with_preset(preset: &str) -> Result<Arc<Self>> {
        Ok(wrap(core::Registry::with_preset(preset)?))
    }

    /// A registry with settings given as JSON (`{"preset": "seed_004", ...}`).
    #[uniffi::constructor]
    pub fn with_settings_json(json: &str) -> Result<Arc<Self>> {
        let settings = core::SchoolSettings::from_json(json)?;
        Ok(wrap(core::Registry::with_settings(settings)))
    }

    /// Reads a registry saved with `toJson`.
    #[uniffi::constructor]
    pub fn from_json(text: &str) -> Result<Arc<Self>> {
        Ok(wrap(core::Registry::from_json(text)?))
    }

    /// The school settings as JSON.
    pub fn settings_json(&self) -> Result<String> {
        json_text(lock(&self.inner)?.settings())
    }

    /// Records that `person` holds `role` from `since` (`YYYY-MM-DD`).
    #[uniffi::method(default(deputy_for = None, audience = None))]
    pub fn assign(
        &self,
        person: &str,
        role: &str,
        since: WireDate,
        deputy_for: Option<String>,
        audience: Option<String>,
    ) -> Result<()> {
        let (deputy_for, audience) = (deputy_for.as_deref(), audience.as_deref());
        lock(&self.inner)?.assign(person, role, since.0, deputy_for, audience)?;
        Ok(())
    }

    /// Ends `person`'s `role` on `until` (the last day it is held).
    pub fn unassign(&self, person: &str, role: &str, until: WireDate) -> Result<()> {
        Ok(lock(&self.inner)?.unassign(person, role, until.0)?)
    }

    /// Who holds `role` on `on`, with deputies.
    pub fn holders(&self, role: &str, on: WireDate) -> Result<RoleHolders> {
        wire(&lock(&self.inner)?.holders(role, on.0)?)
    }

    /// The duties `person` carries on `on`.
    pub fn duties(&self, person: &str, on: WireDate) -> Result<Vec<Duty>> {
        wire(&lock(&self.inner)?.duties(person, on.0))
    }

    /// The roles `person` holds on `on`.
    pub fn roles_of(&self, person: &str, on: WireDate) -> Result<Vec<String>> {
        wire(&lock(&self.inner)?.roles_of(person, on.0))
    }

    /// Publishes a version of an audience's AUP; `material` (a change that needs everyone to
    /// sign again) is core's `MATERIAL_BY_DEFAULT` when not given.
    #[uniffi::method(default(material = None, clauses = []))]
    pub fn publish_aup(
        &self,
        audience: &str,
        version: &str,
        effective: WireDate,
        material: Option<bool>,
        clauses: Vec<String>,
    ) -> Result<AupVersion> {
        let material = material.unwrap_or(core::MATERIAL_BY_DEFAULT);
        let registry = &mut lock(&self.inner)?;
        wire(&registry.publish_aup(audience, version, effective.0, material, &clauses)?)
    }

    /// Records `person`'s signature of an AUP version at `at`; what is not given is core's
    /// default.
    #[allow(
        clippy::too_many_arguments,
        reason = "mirrors the optional arguments of Python"
    )]
    #[uniffi::method(default(co_signer = None, signed_on_behalf_by = None,
        explained_to_pupil = None, method = None, class_name = None))]
    pub fn sign(
        &self,
        person: &str,
        audience: &str,
        version: &str,
        at: WireInstant,
        co_signer: Option<String>,
        signed_on_behalf_by: Option<String>,
        explained_to_pupil: Option<bool>,
        method: Option<String>,
        class_name: Option<String>,
    ) -> Result<()> {
        let default = core::SignatureDetails::default();
        let details = core::SignatureDetails {
            co_signer: co_signer.or(default.co_signer),
            signed_on_behalf_by: signed_on_behalf_by.or(default.signed_on_behalf_by),
            explained_to_pupil: explained_to_pupil.unwrap_or(default.explained_to_pupil),
            method: method
                .map(|m| m.parse())
                .transpose()?
                .unwrap_or(default.method),
            class: class_name.or(default.class),
        };
        lock(&self.inner)?.sign(person, audience, version, at.0, details)?;
        Ok(())
    }

    /// Whether `person` may use school systems at `at`, and which AUPs are missing.
    pub fn may_access_systems(&self, person: &str, at: WireInstant) -> Result<AccessDecision> {
        wire(&lock(&self.inner)?.may_access_systems(person, at.0))
    }

    /// Everyone holding a role at `at` without a current signature they need.
    pub fn who_must_sign(&self, at: WireInstant) -> Result<Vec<String>> {
        Ok(lock(&self.inner)?.who_must_sign(at.0))
    }

    /// Decides whether `person` may do `action` at `at`, given the context facts (pass an
    /// empty map when there are none).
    pub fn decide(
        &self,
        person: &str,
        action: &str,
        at: WireInstant,
        context: HashMap<String, ContextValue>,
    ) -> Result<PermissionDecision> {
        let context =
            core::DecisionContext::from_pairs(context.into_iter().map(|(k, v)| match v {
                ContextValue::Flag(value) => (k, core::ContextValue::Flag(value)),
                ContextValue::Text(value) => (k, core::ContextValue::Text(value)),
            }))?;
        wire(&lock(&self.inner)?.decide(person, action, at.0, &context)?)
    }

    /// Clauses added, removed and changed between two versions.
    pub fn diff(&self, audience: &str, version_a: &str, version_b: &str) -> Result<AupDiff> {
        wire(&lock(&self.inner)?.diff(audience, version_a, version_b)?)
    }

    /// Records a review of `online_safety_policy` or `filtering_monitoring`.
    pub fn record_review(&self, subject: &str, on: WireDate) -> Result<()> {
        Ok(lock(&self.inner)?.record_review(subject, on.0)?)
    }

    /// Flags an event that makes a review due now.
    pub fn flag_review(&self, subject: &str, trigger: &str, on: WireDate) -> Result<()> {
        Ok(lock(&self.inner)?.flag_review(subject, trigger, on.0)?)
    }

    /// Where both reviews stand on `on`.
    pub fn review_status(&self, on: WireDate) -> Result<Vec<ReviewStatus>> {
        wire(&lock(&self.inner)?.review_status(on.0))
    }

    /// Required posts (`dsl`, `headteacher`, `slt_fm_lead`) no one holds on `on`; a post
    /// covered only by deputies is vacant.
    pub fn vacancies(&self, on: WireDate) -> Result<Vec<Vacancy>> {
        wire(&lock(&self.inner)?.vacancies(on.0))
    }

    /// The whole registry as a versioned JSON document.
    pub fn to_json(&self) -> Result<String> {
        Ok(lock(&self.inner)?.to_json())
    }
}
