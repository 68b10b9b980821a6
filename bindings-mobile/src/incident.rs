//! `escalate`, `SchoolProfile` and `draftIncident` for Kotlin and Swift.
//!
//! The incident dict and alerts cross as JSON strings; the plan comes back as a record
//! (`plan.category`, `plan.steps[0].recipient`, ...) that also carries its full JSON form
//! (`plan.json`, the `to_dict()` of the other surfaces) and the text for a person
//! (`plan.text`).

use crate::errors::{EsafetyError, from_core};
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

/// Contact details from the school profile.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Contact {
    /// The service's name.
    pub name: Option<String>,
    /// Telephone.
    pub phone: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// Web address.
    pub url: Option<String>,
    /// How and when to use it.
    pub how: Option<String>,
}

/// One step of a plan.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Step {
    /// What to do (`report_to_dsl`, `refer_to_lado`).
    pub action: String,
    /// A role id or an external contact id.
    pub recipient: String,
    /// `immediately`, `same_day`, `within_1_working_day`, `within_72h` or `routine`.
    pub deadline: String,
    /// `true`: must be done; `false`: consider it.
    pub mandatory: bool,
    /// Where the rule comes from.
    pub source: String,
    /// The recipient's contact details, when the profile has them.
    pub contact: Option<Contact>,
    /// Extra guidance.
    pub note: Option<String>,
}

/// What staff must do, and never do, about one incident.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Plan {
    /// The primary category id.
    pub category: String,
    /// Other categories that apply.
    pub secondary: Vec<String>,
    /// The 4C area.
    pub area: String,
    /// 1 to 5.
    pub severity: u8,
    /// UKCIS immediate-referral triggers (`a` to `e`).
    pub ukcis_triggers: Vec<String>,
    /// The steps, in order.
    pub steps: Vec<Step>,
    /// Forbidden action ids.
    pub forbidden: Vec<String>,
    /// `yes`, `no` or `unless_risk`.
    pub inform_parents: String,
    /// Whether it was reported outside the school day.
    pub out_of_hours: bool,
    /// The school profile used.
    pub profile: String,
    /// Gaps in the profile that affect this plan.
    pub warnings: Vec<String>,
    /// The whole plan as JSON (the dict form of the other surfaces).
    pub json: String,
    /// The plan for a person: forbidden actions first, then numbered steps.
    pub text: String,
}

impl From<esafety_core::incident::Plan> for Plan {
    fn from(p: esafety_core::incident::Plan) -> Self {
        Plan {
            category: p.category.as_str().to_owned(),
            secondary: p.secondary.iter().map(|c| c.as_str().to_owned()).collect(),
            area: p.area.as_str().to_owned(),
            severity: p.severity,
            ukcis_triggers: p
                .ukcis_triggers
                .iter()
                .map(|t| t.as_str().to_owned())
                .collect(),
            steps: p
                .steps
                .iter()
                .map(|s| Step {
                    action: s.action.as_str().to_owned(),
                    recipient: s.recipient.as_str().to_owned(),
                    deadline: s.deadline.as_str().to_owned(),
                    mandatory: s.mandatory,
                    source: s.source.clone(),
                    contact: s.contact.as_ref().map(|c| Contact {
                        name: c.name.clone(),
                        phone: c.phone.clone(),
                        email: c.email.clone(),
                        url: c.url.clone(),
                        how: c.how.clone(),
                    }),
                    note: s.note.clone(),
                })
                .collect(),
            forbidden: p.forbidden_ids().iter().map(|f| (*f).to_owned()).collect(),
            inform_parents: p.inform_parents.as_str().to_owned(),
            out_of_hours: p.out_of_hours,
            profile: p.profile.clone(),
            warnings: p.warnings.clone(),
            json: p.to_json_value().to_string(),
            text: p.to_text(),
        }
    }
}

/// A profile warning: a flagged or missing contact, or leftover seed text.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ProfileWarning {
    /// `contact_area_mismatch`, `missing_local_contact`, `contact_without_details` or `leftover_text`.
    pub code: String,
    /// The key it is about.
    pub key: String,
    /// What is wrong.
    pub message: String,
    /// Where the text comes from.
    pub source: String,
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
    pub fn warnings(&self) -> Vec<ProfileWarning> {
        self.inner
            .warnings
            .iter()
            .map(|w| ProfileWarning {
                code: w.code.clone(),
                key: w.key.clone(),
                message: w.message.clone(),
                source: w.source.clone(),
            })
            .collect()
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
    Ok(Plan::from(plan))
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

/// Turns a scanner [`Match`](crate::scanner::Match) record, as `scan` returns it, into a
/// draft incident (JSON): the same as `draftIncident` with the match's JSON form.
#[uniffi::export(default(context_json = None))]
pub fn draft_incident_from_match(
    r#match: crate::scanner::Match,
    context_json: Option<String>,
) -> Result<Option<String>, EsafetyError> {
    let value = serde_json::json!({
        "term": r#match.term, "category": r#match.category, "severity": r#match.severity,
        "list_severity": r#match.list_severity, "start": r#match.start, "end": r#match.end,
        "matched_text": r#match.matched_text, "source": r#match.source,
    });
    draft_incident(value.to_string(), context_json)
}
