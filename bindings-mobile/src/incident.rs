//! `escalate`, `SchoolProfile` and `draftIncident` for Kotlin and Swift.
//!
//! The incident dict and alerts cross as JSON strings; the plan comes back as the `Plan`
//! record (`plan.category`, `plan.steps[0].recipient`, ...); `planJson(plan)` gives the
//! `to_dict()` of the other surfaces and `planText(plan)` the text for a person.

use crate::convert::{json_text, wire};
use crate::errors::{EsafetyError, Result};
use crate::{Match, Plan, ProfileWarning};
use esafety_core::incident::{self as core, Incident, SchoolProfile as CoreProfile};
use esafety_core::wire::limits;
use std::sync::Arc;

/// A school's local contacts and settings (DOMAIN.md §8).
#[derive(Debug, uniffi::Object)]
pub struct SchoolProfile {
    inner: CoreProfile,
}

fn wrap(inner: CoreProfile) -> Arc<SchoolProfile> {
    Arc::new(SchoolProfile { inner })
}

#[uniffi::export]
impl SchoolProfile {
    /// A built-in profile: `national`, `kilby`, `highgate`, `ely`, `whitwell`, `russell_house`.
    #[uniffi::constructor]
    pub fn preset(name: &str) -> Result<Arc<Self>> {
        Ok(wrap(CoreProfile::preset(name)?))
    }

    /// The national defaults.
    #[uniffi::constructor]
    pub fn national() -> Arc<Self> {
        wrap(CoreProfile::national())
    }

    /// Reads a profile from TOML or JSON text; `label` (a file name) names it in errors.
    #[uniffi::constructor]
    pub fn from_text(label: &str, text: &str) -> Result<Arc<Self>> {
        Ok(wrap(CoreProfile::from_text(label, text)?))
    }

    /// Reads a profile file (TOML, or JSON when the name ends `.json`).
    #[uniffi::constructor]
    pub fn from_file(path: &str) -> Result<Arc<Self>> {
        let text = esafety_io::read_text(std::path::Path::new(path))?;
        SchoolProfile::from_text(path, &text)
    }

    /// The profile id.
    pub fn id(&self) -> String {
        self.inner.id.clone()
    }

    /// The school's name.
    pub fn name(&self) -> String {
        self.inner.name.clone()
    }

    /// The local authority, when known.
    pub fn local_authority(&self) -> Option<String> {
        self.inner.local_authority.clone()
    }

    /// Flagged or missing contacts and leftover seed text.
    pub fn warnings(&self) -> Result<Vec<ProfileWarning>> {
        wire(&self.inner.warnings)
    }

    /// The profile as JSON.
    pub fn to_json(&self) -> String {
        self.inner.to_json_value().to_string()
    }
}

/// The preset names.
#[uniffi::export]
pub fn school_profile_presets() -> Vec<String> {
    core::PRESET_NAMES.iter().map(|s| (*s).to_owned()).collect()
}

/// Escalates an incident (the incident dict as JSON); `profile` `null` means the national
/// defaults. Throws `EsafetyException.Incident` with `code` and `field` for unknown
/// fields or values.
#[uniffi::export(default(profile = None))]
pub fn escalate(incident_json: &str, profile: Option<Arc<SchoolProfile>>) -> Result<Plan> {
    let incident = Incident::from_json_str(incident_json)?;
    let plan = match profile {
        Some(p) => core::escalate(&incident, &p.inner),
        None => core::escalate(&incident, &CoreProfile::default()),
    };
    wire(&plan)
}

/// Turns an alert, a scanner match or a filter decision (each as JSON; `decisionJson` of a
/// decision) into a draft incident (JSON), or `null` for a decision that names no
/// category. `context_json` gives what a match or decision does not say (`at`, `age`, ...).
#[uniffi::export(default(context_json = None))]
pub fn draft_incident(alert_json: &str, context_json: Option<String>) -> Result<Option<String>> {
    let parse = |text: &str| -> Result<serde_json::Value> {
        // Core's nesting limit first, so no depth reaches the recursive parser.
        limits::check_json(text).map_err(core::IncidentError::from)?;
        serde_json::from_str(text).map_err(|e| EsafetyError::Argument {
            code: "invalid_json".to_owned(),
            detail: e.to_string(),
        })
    };
    let context = context_json.as_deref().map(parse).transpose()?;
    let draft = core::draft_incident_json(&parse(alert_json)?, context.as_ref())?;
    Ok(draft.map(|i| i.to_json_value().to_string()))
}

/// Turns a scanner [`Match`] record, as `scan` returns it, into a draft incident (JSON):
/// the same as `draftIncident` with the match's JSON form.
#[uniffi::export(default(context_json = None))]
pub fn draft_incident_from_match(
    r#match: Match,
    context_json: Option<String>,
) -> Result<Option<String>> {
    draft_incident(&json_text(&r#match)?, context_json)
}

/// A plan's JSON form (the `to_dict()` of the other surfaces), with its `schemaVersion`.
#[uniffi::export]
pub fn plan_json(plan: Plan) -> Result<String> {
    Ok(wire::<_, core::Plan>(&plan)?.to_json_value().to_string())
}

/// The plan for a person: forbidden actions first, then numbered steps.
#[uniffi::export]
pub fn plan_text(plan: Plan) -> Result<String> {
    Ok(wire::<_, core::Plan>(&plan)?.to_text())
}
