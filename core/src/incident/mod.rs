//! Incidents and escalation: from a report to a plan that tells staff exactly what to do,
//! and what never to do (DOMAIN.md §2, §5, §7, §8; issue 5).
//!
//! * [`Incident`] — the incident dict every surface accepts ([`input`]).
//! * [`classify`] — primary and secondary category, 4C area, severity, UKCIS triggers,
//!   reasons ([`classify`](mod@classify)).
//! * [`escalate`] — the [`Plan`]: ordered [`Step`]s (action, recipient, deadline,
//!   mandatory or consider, contact, source), the forbidden actions, whether parents are
//!   told, record keeping and debrief ([`plan`]).
//! * [`SchoolProfile`] — the local contact directory and settings, with a `national`
//!   default and the five seed schools as presets ([`profile`]).
//! * [`draft_incident`], [`draft_incident_json`] — a monitoring alert, a scanner
//!   `Match.to_dict()` or a filter `Decision.to_dict()` as a draft incident ([`pipeline`]).
//! * [`from_filter`], [`from_scanner`] — what every filter and scanner category means for
//!   an incident, by exhaustive `match` ([`from_category`]).
//!
//! The rules implemented exactly: R1–R8 of DOMAIN.md §5.2, the UKCIS immediate-referral
//! triggers (a)–(e) of §5.5, 999 whenever there is immediate danger, allegations about the
//! headteacher to the chair of governors, and no mandatory external referral that no rule
//! asks for.
//!
//! # Example
//!
//! ```
//! use esafety_core::incident::{escalate_json, SchoolProfile};
//!
//! let incident = serde_json::json!({
//!     "reported_at": "2025-11-26T08:30:00+00:00", "reporter": "parent_carer",
//!     "subjects": [{"role": "pupil", "age": 10}], "alleged": "adult_outside",
//!     "location": "off_site", "device": "personal",
//!     "facts": {"immediate_danger": false, "adult_involved": true,
//!               "under_13_involved": true, "image_involved": true},
//!     "tags": ["nudes_u18", "online_game"]});
//! let plan = escalate_json(&incident, Some(&SchoolProfile::preset("whitwell")?))?;
//! assert_eq!(plan.category.as_str(), "csam"); // an adult is involved: not nudes_u18
//! assert_eq!(plan.steps[0].action, "report_to_dsl");
//! let police = plan.steps.iter().find(|s| s.recipient.as_str() == "police_non_emergency").unwrap();
//! assert!(police.mandatory);
//! assert_eq!(police.deadline.as_str(), "immediately");
//! assert!(plan.forbidden_ids().contains(&"view_image"));
//! # Ok::<(), esafety_core::incident::IncidentError>(())
//! ```

pub mod classify;
mod error;
pub(crate) mod fields;
pub mod from_category;
mod ids;
pub mod input;
pub mod pipeline;
pub mod plan;
pub mod profile;
mod suggest;

pub use classify::{
    Area, Category, Classification, HitMapping, Reason, UkcisTrigger, classify, map_hit,
};
pub use error::{IncidentError, MAX_INPUT_BYTES};
pub use from_category::{
    FromCategory, THREAT_SEVERITY, from_filter, from_scanner, is_armed_extremism, is_threat,
};
pub use input::{
    Alleged, CONTEXT_TAGS, Device, FACT_NAMES, Facts, HitKind, Incident, Location, MonitoringHit,
    Role, Subject,
};
pub use pipeline::{Alert, draft_incident, draft_incident_json};
pub use plan::{
    Action, Condition, Deadline, Decision, DecisionOutcome, ForbiddenAction, ForbiddenDetail,
    LocalStep, ParentNotification, Plan, ProcedureForbidden, ProcedureStep, Step, escalate,
    procedure, procedure_forbidden, procedure_sources,
};
pub(crate) use profile::profile_over;
pub use profile::{
    Contact, ExternalContact, FirstContact, IncidentalCsamRoute, LocalSettings, PRESET_NAMES,
    ProfileWarning, PupilHackingRoute, Recipient, SchoolProfile, SearchRule,
};

/// Reads the incident dict and escalates it; `None` means the national profile.
///
/// This is the call every binding makes (`esafety.escalate(incident, profile=None)`).
///
/// # Errors
///
/// An [`IncidentError`] naming the field when the dict is not valid.
pub fn escalate_json(
    incident: &serde_json::Value,
    profile: Option<&SchoolProfile>,
) -> Result<Plan, IncidentError> {
    let incident = Incident::from_json_value(incident)?;
    Ok(match profile {
        Some(p) => escalate(&incident, p),
        None => escalate(&incident, &SchoolProfile::national()),
    })
}

#[cfg(test)]
mod tests;
