//! `escalate`, `SchoolProfile` and `draftIncident` for Kotlin and Swift.
//!
//! The incident dict and alerts cross as JSON strings; the plan comes back as a record
//! (`plan.category`, `plan.steps[0].recipient`, ...) that also carries its full JSON form
//! (`plan.json`, the `to_dict()` of the other surfaces) and the text for a person
//! (`plan.text`).

use crate::convert::{json_text, wire};
use crate::errors::{EsafetyError, from_core};
use crate::{Plan, ProfileWarning};
use esafety_core::incident::{
    Incident, PRESET_NAMES, SchoolProfile as CoreProfile, draft_incident_json as core_draft,
    escalate as core_escalate,
};
use std::sync::Arc;

/// The incident error, with the field path.
fn incident_error(error: &esafety_core::incident::IncidentError) -> EsafetyError {
    match from_core(error) {
        EsafetyError::Incident { code, detail, .. } => EsafetyError::Incident {
            code,
            detail,
            field: error.field().map(str::to_owned),
        },
        other => other,
    }
}

/// A school's local contacts and settings (DOMAIN.md §8).
#[derive(Debug, uniffi::Object)]
pub struct SchoolProfile {
    inner: CoreProfile,
}

#[uniffi::export]
impl SchoolProfile {
    /// A built-in profile: `national`, `kilby`, `highgate`, `ely`, `whitwell`, `russell_house`.
    #[uniffi::constructor]
    pub fn preset(name: String) -> Result<Arc<Self>, EsafetyError> {
        CoreProfile::preset(&name)
            .map(|inner| Arc::new(SchoolProfile { inner }))
            .map_err(|e| incident_error(&e))
    }

    /// The national defaults.
    #[uniffi::constructor]
    pub fn national() -> Arc<Self> {
        Arc::new(SchoolProfile {
            inner: CoreProfile::national(),
        })
    }

    /// Reads a profile from TOML or JSON text; `label` (a file name) names it in errors.
    #[uniffi::constructor]
    pub fn from_text(label: String, text: String) -> Result<Arc<Self>, EsafetyError> {
        CoreProfile::from_text(&label, &text)
            .map(|inner| Arc::new(SchoolProfile { inner }))
            .map_err(|e| incident_error(&e))
    }

    /// Reads a profile file (TOML, or JSON when the name ends `.json`).
    #[uniffi::constructor]
    pub fn from_file(path: String) -> Result<Arc<Self>, EsafetyError> {
        let text = esafety_io::read_text(std::path::Path::new(&path)).map_err(|e| from_core(&e))?;
        SchoolProfile::from_text(path, text)
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
    pub fn warnings(&self) -> Result<Vec<ProfileWarning>, EsafetyError> {
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
    PRESET_NAMES.iter().map(|s| (*s).to_owned()).collect()
}

/// Escalates an incident (the incident dict as JSON); `profile` `null` means the national
/// defaults. Throws `EsafetyException.Incident` with `code` and `field` for unknown
/// fields or values.
#[uniffi::export]
pub fn escalate(
    incident_json: String,
    profile: Option<Arc<SchoolProfile>>,
) -> Result<Plan, EsafetyError> {
    let incident = Incident::from_json_str(&incident_json).map_err(|e| incident_error(&e))?;
    let plan = match profile {
        Some(p) => core_escalate(&incident, &p.inner),
        None => core_escalate(&incident, &CoreProfile::national()),
    };
    wire(&plan)
}

/// Turns an alert, a scanner match or a filter decision (each as JSON; a decision's `json`
/// as it is) into a draft incident (JSON), or `null` for a decision that names no
/// category. `context_json` gives what a match or decision does not say (`at`, `age`, ...).
#[uniffi::export(default(context_json = None))]
pub fn draft_incident(
    alert_json: String,
    context_json: Option<String>,
) -> Result<Option<String>, EsafetyError> {
    let parse = |text: &str| -> Result<serde_json::Value, EsafetyError> {
        serde_json::from_str(text).map_err(|e| EsafetyError::Argument {
            code: "invalid_json".to_owned(),
            detail: e.to_string(),
        })
    };
    let value = parse(&alert_json)?;
    let context = context_json.as_deref().map(parse).transpose()?;
    Ok(core_draft(&value, context.as_ref())
        .map_err(|e| incident_error(&e))?
        .map(|i| i.to_json_value().to_string()))
}

/// Turns a scanner [`Match`](crate::Match) record, as `scan` returns it, into a draft
/// incident (JSON): the same as `draftIncident` with the match's JSON form.
#[uniffi::export(default(context_json = None))]
pub fn draft_incident_from_match(
    r#match: crate::Match,
    context_json: Option<String>,
) -> Result<Option<String>, EsafetyError> {
    draft_incident(json_text(&r#match)?, context_json)
}

/// A plan's JSON form (the `to_dict()` of the other surfaces), with its `schemaVersion`.
#[uniffi::export]
pub fn plan_json(plan: Plan) -> Result<String, EsafetyError> {
    Ok(core_plan(&plan)?.to_json_value().to_string())
}

/// The plan for a person: forbidden actions first, then numbered steps.
#[uniffi::export]
pub fn plan_text(plan: Plan) -> Result<String, EsafetyError> {
    Ok(core_plan(&plan)?.to_text())
}

fn core_plan(plan: &Plan) -> Result<esafety_core::incident::Plan, EsafetyError> {
    wire(plan)
}
