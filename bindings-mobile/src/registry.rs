//! `Registry` for Kotlin and Swift: roles, AUP signatures and permission decisions.
//!
//! Dates cross as `YYYY-MM-DD` strings and instants as RFC 3339 strings; both are parsed by
//! core, so a bad value throws `EsafetyException.Registry` with `registry_invalid_date` /
//! `registry_invalid_instant`, as on every other surface. Ids (roles, audiences, actions)
//! are strings parsed by core.

use crate::errors::{EsafetyError, from_core};
use esafety_core::registry as core;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

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

/// The outcome of a permission check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum PermissionOutcome {
    /// Allowed now, subject to the conditions.
    Allowed,
    /// Not allowed.
    Denied,
    /// Someone in `approverRole` must approve first.
    NeedsApproval,
    /// Allowed once a justification is recorded.
    NeedsJustification,
}

/// The answer to "may this person do this, now?".
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PermissionDecision {
    /// Who asked.
    pub person: String,
    /// The action id.
    pub action: String,
    /// The outcome.
    pub outcome: PermissionOutcome,
    /// The role that must approve, for `NeedsApproval`.
    pub approver_role: Option<String>,
    /// The stable id of the deciding rule.
    pub rule: String,
    /// Why, in plain words.
    pub reason: String,
    /// What must be done alongside.
    pub conditions: Vec<String>,
    /// AUP audiences still to be signed, when the rule is about signatures.
    pub missing: Vec<String>,
    /// Where the rule comes from (DOMAIN.md section, seed and section).
    pub source: String,
}

/// One AUP still to be signed, and why.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AccessGap {
    /// The audience id.
    pub audience: String,
    /// `not_published`, `not_signed`, `superseded_by_material_change`, `expired` or
    /// `co_signer_missing`.
    pub problem: String,
    /// The version in force, when one is.
    pub current_version: Option<String>,
    /// The rule's source.
    pub source: String,
}

/// A signature that counts.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SatisfiedAup {
    /// The audience id.
    pub audience: String,
    /// The version signed.
    pub version: String,
    /// When it was signed (RFC 3339).
    pub signed_at: String,
    /// When it stops counting under the re-sign period (RFC 3339), if ever.
    pub expires: Option<String>,
}

/// Whether a person may use school systems now, and what is missing.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AccessDecision {
    /// Who.
    pub person: String,
    /// When (RFC 3339).
    pub at: String,
    /// Whether every AUP the person's roles require is signed and current.
    pub allowed: bool,
    /// The AUP audiences still to be signed.
    pub missing: Vec<String>,
    /// Each missing audience with the reason.
    pub gaps: Vec<AccessGap>,
    /// The signatures that count.
    pub satisfied: Vec<SatisfiedAup>,
    /// The roles held on that date.
    pub roles: Vec<String>,
    /// The audiences the roles require.
    pub required: Vec<String>,
    /// The stable id of the deciding rule.
    pub rule: String,
    /// Why, in plain words.
    pub reason: String,
    /// Where the rule comes from.
    pub source: String,
}

/// A published AUP version.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AupVersion {
    /// The audience id.
    pub audience: String,
    /// The version label.
    pub version: String,
    /// First day in force (`YYYY-MM-DD`).
    pub effective: String,
    /// Whether the change is material.
    pub material: bool,
    /// The clauses.
    pub clauses: Vec<String>,
    /// `sha256:` and the hex digest.
    pub content_hash: String,
}

/// A clause and its 1-based number.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NumberedClause {
    /// 1-based position.
    pub number: u32,
    /// The text.
    pub text: String,
}

/// A clause reworded between two versions.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ClauseChange {
    /// Position in the first version.
    pub number_a: u32,
    /// Position in the second version.
    pub number_b: u32,
    /// Wording in the first version.
    pub before: String,
    /// Wording in the second version.
    pub after: String,
}

/// What changed between two versions of an audience's AUP.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AupDiff {
    /// The audience id.
    pub audience: String,
    /// The first version.
    pub version_a: String,
    /// The second version.
    pub version_b: String,
    /// Whether a material version lies between them.
    pub material: bool,
    /// Clauses only in the second version.
    pub added: Vec<NumberedClause>,
    /// Clauses only in the first version.
    pub removed: Vec<NumberedClause>,
    /// Clauses reworded.
    pub changed: Vec<ClauseChange>,
    /// How many clauses are identical.
    pub unchanged: u32,
}

/// Who holds a role on a date.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RoleHolders {
    /// The role id.
    pub role: String,
    /// The date (`YYYY-MM-DD`).
    pub on: String,
    /// Holders in their own right.
    pub holders: Vec<String>,
    /// Deputies.
    pub deputies: Vec<String>,
    /// Whether nobody holds the role.
    pub vacant: bool,
    /// Whether there are holders but no deputy.
    pub no_deputy: bool,
}

/// One duty a person carries because of a role.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Duty {
    /// The role id.
    pub role: String,
    /// What the person must do.
    pub duty: String,
    /// Whether held as a deputy.
    pub as_deputy: bool,
    /// Where the duty comes from.
    pub source: String,
}

/// A trigger flagged on a date.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct FlaggedTrigger {
    /// The subject id.
    pub subject: String,
    /// The trigger id.
    pub trigger: String,
    /// When (`YYYY-MM-DD`).
    pub on: String,
}

/// Where a review stands on a date.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ReviewStatus {
    /// `online_safety_policy` or `filtering_monitoring`.
    pub subject: String,
    /// The latest review (`YYYY-MM-DD`).
    pub last_reviewed: Option<String>,
    /// When the next review is due.
    pub due: Option<String>,
    /// Whether it is overdue.
    pub overdue: bool,
    /// Triggers flagged since the last review.
    pub open_triggers: Vec<FlaggedTrigger>,
    /// The roles that carry out the review.
    pub reviewer_roles: Vec<String>,
    /// Reviewer roles with no holder.
    pub vacant_reviewer_roles: Vec<String>,
    /// Required posts with no holder on the date (a DSL covered only by a deputy), one
    /// sentence each.
    pub warnings: Vec<String>,
    /// Where the rule comes from.
    pub source: String,
}

/// A required post (`dsl`, `headteacher`, `slt_fm_lead`) no one holds on a date.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Vacancy {
    /// The post.
    pub role: String,
    /// The date asked about (`YYYY-MM-DD`).
    pub on: String,
    /// Deputies covering it.
    pub deputies: Vec<String>,
    /// One sentence for the report.
    pub warning: String,
    /// Why the post is required.
    pub source: String,
}

impl From<core::Vacancy> for Vacancy {
    fn from(v: core::Vacancy) -> Self {
        Vacancy {
            role: v.role.as_str().to_owned(),
            on: v.on.to_string(),
            deputies: v.deputies,
            warning: v.warning,
            source: v.source,
        }
    }
}

fn strings<T: ToString>(items: &[T]) -> Vec<String> {
    items.iter().map(ToString::to_string).collect()
}

fn rfc3339(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl From<core::PermissionDecision> for PermissionDecision {
    fn from(d: core::PermissionDecision) -> Self {
        PermissionDecision {
            person: d.person,
            action: d.action.as_str().to_owned(),
            outcome: match d.outcome {
                core::PermissionOutcome::Allowed => PermissionOutcome::Allowed,
                core::PermissionOutcome::Denied => PermissionOutcome::Denied,
                core::PermissionOutcome::NeedsApproval => PermissionOutcome::NeedsApproval,
                core::PermissionOutcome::NeedsJustification => {
                    PermissionOutcome::NeedsJustification
                }
            },
            approver_role: d.approver_role.map(|r| r.as_str().to_owned()),
            rule: d.rule,
            reason: d.reason,
            conditions: d.conditions,
            missing: d.missing,
            source: d.source,
        }
    }
}

impl From<core::AccessDecision> for AccessDecision {
    fn from(d: core::AccessDecision) -> Self {
        AccessDecision {
            person: d.person,
            at: rfc3339(d.at),
            allowed: d.allowed,
            missing: d.missing,
            gaps: d
                .gaps
                .into_iter()
                .map(|g| AccessGap {
                    audience: g.audience.as_str().to_owned(),
                    problem: g.problem.as_str().to_owned(),
                    current_version: g.current_version,
                    source: g.source,
                })
                .collect(),
            satisfied: d
                .satisfied
                .into_iter()
                .map(|s| SatisfiedAup {
                    audience: s.audience.as_str().to_owned(),
                    version: s.version,
                    signed_at: rfc3339(s.signed_at),
                    expires: s.expires.map(rfc3339),
                })
                .collect(),
            roles: strings(&d.roles),
            required: strings(&d.required),
            rule: d.rule,
            reason: d.reason,
            source: d.source,
        }
    }
}

impl From<core::AupVersion> for AupVersion {
    fn from(v: core::AupVersion) -> Self {
        AupVersion {
            audience: v.audience.as_str().to_owned(),
            version: v.version,
            effective: v.effective.to_string(),
            material: v.material,
            clauses: v.clauses,
            content_hash: v.content_hash,
        }
    }
}

impl From<core::AupDiff> for AupDiff {
    fn from(d: core::AupDiff) -> Self {
        let numbered = |c: core::NumberedClause| NumberedClause {
            number: count(c.number),
            text: c.text,
        };
        AupDiff {
            audience: d.audience.as_str().to_owned(),
            version_a: d.version_a,
            version_b: d.version_b,
            material: d.material,
            added: d.added.into_iter().map(numbered).collect(),
            removed: d.removed.into_iter().map(numbered).collect(),
            changed: d
                .changed
                .into_iter()
                .map(|c| ClauseChange {
                    number_a: count(c.number_a),
                    number_b: count(c.number_b),
                    before: c.before,
                    after: c.after,
                })
                .collect(),
            unchanged: count(d.unchanged),
        }
    }
}

impl From<core::RoleHolders> for RoleHolders {
    fn from(h: core::RoleHolders) -> Self {
        RoleHolders {
            role: h.role.as_str().to_owned(),
            on: h.on.to_string(),
            holders: h.holders,
            deputies: h.deputies,
            vacant: h.vacant,
            no_deputy: h.no_deputy,
        }
    }
}

impl From<core::Duty> for Duty {
    fn from(d: core::Duty) -> Self {
        Duty {
            role: d.role.as_str().to_owned(),
            duty: d.duty,
            as_deputy: d.as_deputy,
            source: d.source,
        }
    }
}

impl From<core::ReviewStatus> for ReviewStatus {
    fn from(s: core::ReviewStatus) -> Self {
        ReviewStatus {
            subject: s.subject.as_str().to_owned(),
            last_reviewed: s.last_reviewed.map(|d| d.to_string()),
            due: s.due.map(|d| d.to_string()),
            overdue: s.overdue,
            open_triggers: s
                .open_triggers
                .into_iter()
                .map(|t| FlaggedTrigger {
                    subject: t.subject.as_str().to_owned(),
                    trigger: t.trigger.as_str().to_owned(),
                    on: t.on.to_string(),
                })
                .collect(),
            reviewer_roles: strings(&s.reviewer_roles),
            vacant_reviewer_roles: strings(&s.vacant_reviewer_roles),
            warnings: s.warnings,
            source: s.source,
        }
    }
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
    inner: Mutex<core::Registry>,
}

impl Registry {
    fn wrap(inner: core::Registry) -> Arc<Self> {
        Arc::new(Registry {
            inner: Mutex::new(inner),
        })
    }

    pub(crate) fn lock(&self) -> Result<MutexGuard<'_, core::Registry>, EsafetyError> {
        self.inner.lock().map_err(|_| EsafetyError::Argument {
            code: "registry_poisoned".to_owned(),
            detail: "the registry is unusable after an earlier failure".to_owned(),
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
        let reg = self.lock()?;
        serde_json::to_string(reg.settings()).map_err(|e| EsafetyError::Wire {
            code: "internal_serialisation".to_owned(),
            detail: e.to_string(),
        })
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
        self.lock()?
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
        self.lock()?
            .unassign(&person, &role, until)
            .map_err(|e| from_core(&e))
    }

    /// Who holds `role` on `on`, with deputies.
    pub fn holders(&self, role: String, on: String) -> Result<RoleHolders, EsafetyError> {
        let on = date(&on)?;
        self.lock()?
            .holders(&role, on)
            .map(RoleHolders::from)
            .map_err(|e| from_core(&e))
    }

    /// The duties `person` carries on `on`.
    pub fn duties(&self, person: String, on: String) -> Result<Vec<Duty>, EsafetyError> {
        let on = date(&on)?;
        Ok(self
            .lock()?
            .duties(&person, on)
            .into_iter()
            .map(Duty::from)
            .collect())
    }

    /// The roles `person` holds on `on`.
    pub fn roles_of(&self, person: String, on: String) -> Result<Vec<String>, EsafetyError> {
        let on = date(&on)?;
        Ok(strings(&self.lock()?.roles_of(&person, on)))
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
        self.lock()?
            .publish_aup(&audience, &version, effective, material, &clauses)
            .map(AupVersion::from)
            .map_err(|e| from_core(&e))
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
        self.lock()?
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
        Ok(self.lock()?.may_access_systems(&person, at).into())
    }

    /// Everyone holding a role at `at` without a current signature they need.
    pub fn who_must_sign(&self, at: String) -> Result<Vec<String>, EsafetyError> {
        let at = instant(&at)?;
        Ok(self.lock()?.who_must_sign(at))
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
        self.lock()?
            .decide(&person, &action, at, &context)
            .map(PermissionDecision::from)
            .map_err(|e| from_core(&e))
    }

    /// Clauses added, removed and changed between two versions.
    pub fn diff(
        &self,
        audience: String,
        version_a: String,
        version_b: String,
    ) -> Result<AupDiff, EsafetyError> {
        self.lock()?
            .diff(&audience, &version_a, &version_b)
            .map(AupDiff::from)
            .map_err(|e| from_core(&e))
    }

    /// Records a review of `online_safety_policy` or `filtering_monitoring`.
    pub fn record_review(&self, subject: String, on: String) -> Result<(), EsafetyError> {
        let on = date(&on)?;
        self.lock()?
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
        self.lock()?
            .flag_review(&subject, &trigger, on)
            .map_err(|e| from_core(&e))
    }

    /// Where both reviews stand on `on`.
    pub fn review_status(&self, on: String) -> Result<Vec<ReviewStatus>, EsafetyError> {
        let on = date(&on)?;
        Ok(self
            .lock()?
            .review_status(on)
            .into_iter()
            .map(ReviewStatus::from)
            .collect())
    }

    /// Required posts (`dsl`, `headteacher`, `slt_fm_lead`) no one holds on `on`; a post
    /// covered only by deputies is vacant.
    pub fn vacancies(&self, on: String) -> Result<Vec<Vacancy>, EsafetyError> {
        let on = date(&on)?;
        Ok(self
            .lock()?
            .vacancies(on)
            .into_iter()
            .map(Vacancy::from)
            .collect())
    }

    /// The whole registry as a versioned JSON document.
    pub fn to_json(&self) -> Result<String, EsafetyError> {
        Ok(self.lock()?.to_json())
    }
}
