//! Roles, permissions and Acceptable Use Policies: who may do what, and who has signed what.
//!
//! The [`Registry`] is the one object bindings wrap. It holds the school's
//! [`SchoolSettings`], role [`Assignments`] (DOMAIN.md §2), the [`AupLibrary`] and every
//! [`Signature`] (DOMAIN.md §4), and the [`ReviewSchedule`]. Its methods take ids as `&str`
//! and parse them here, so a binding never contains domain logic:
//!
//! | Rust | Python | JS | Kotlin |
//! |---|---|---|---|
//! | [`Registry::new`] / [`Registry::with_preset`] | `Registry()` / `Registry(preset=…)` | `new Registry()` | `Registry()` |
//! | [`Registry::assign`] | `.assign(person, role, since, *, deputy_for, audience)` | `.assign(…)` | `.assign(…)` |
//! | [`Registry::publish_aup`] | `.publish_aup(audience, version, effective, *, material, clauses)` | `.publishAup(…)` | `.publishAup(…)` |
//! | [`Registry::sign`] | `.sign(person, audience, version, at, *, co_signer)` | `.sign(…)` | `.sign(…)` |
//! | [`Registry::may_access_systems`] | `.may_access_systems(person, at)` | `.mayAccessSystems(…)` | `.mayAccessSystems(…)` |
//! | [`Registry::who_must_sign`] | `.who_must_sign(at)` | `.whoMustSign(…)` | `.whoMustSign(…)` |
//! | [`Registry::decide`] | `.decide(person, action, at, **context)` | `.decide(…, context)` | `.decide(…, context)` |
//! | [`Registry::diff`] | `.diff(audience, version_a, version_b)` | `.diff(…)` | `.diff(…)` |
//!
//! **Time.** Dates that start something (`since`, `effective`, review dates) are
//! [`NaiveDate`]s (`YYYY-MM-DD` on the wire): a role or an AUP version is in force for the
//! whole of that day. Moments that something happens or is asked about (`at` of a
//! signature, a query or a decision) are `DateTime<Utc>` instants (RFC 3339 on the wire).
//! An instant falls on its calendar date in England ([`SchoolClock::local_date`]).
//!
//! # Example
//!
//! ```
//! use chrono::{NaiveDate, TimeZone, Utc};
//! use esafety_core::registry::{Registry, SignatureDetails};
//!
//! let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
//! let mut reg = Registry::with_preset("seed_000")?;
//! reg.assign("tech", "it_provider", d(2025, 9, 1), None, None)?;
//! reg.publish_aup("staff", "2025", d(2025, 9, 1), true, &[])?;
//! reg.publish_aup("technician", "2025", d(2025, 9, 1), true, &[])?;
//! let at = Utc.with_ymd_and_hms(2025, 9, 2, 8, 0, 0).unwrap();
//! reg.sign("tech", "staff", "2025", at, SignatureDetails::default())?;
//!
//! let access = reg.may_access_systems("tech", at);
//! assert!(!access.allowed);
//! assert_eq!(access.missing, vec!["technician".to_owned()]);
//! assert_eq!(reg.who_must_sign(at), vec!["tech".to_owned()]);
//! # Ok::<(), esafety_core::registry::RegistryError>(())
//! ```

pub mod aup;
mod devices;
mod load;
pub mod local;
pub mod permission;
pub mod review;
pub mod role;
pub mod settings;
pub mod vacancy;

pub use aup::{
    ALL_AUDIENCES, Audience, AupDiff, AupLibrary, AupVersion, ClauseChange, MATERIAL_BY_DEFAULT,
    NumberedClause, PublishOptions, Signature, SignatureDetails, SignatureMethod, SignatureProblem,
};
pub use local::{
    DeviceRules, LocalDuty, PasswordCheck, PasswordRules, PersonalSocialMediaContact, PupilPhones,
    StaffPhones,
};
pub use permission::{
    ALL_ACTIONS, Action, CONTEXT_KEY_ALIASES, CONTEXT_KEYS, ContextValue, DecisionContext,
    PermissionDecision, PermissionOutcome,
};
pub use review::{FlaggedTrigger, ReviewSchedule, ReviewStatus, ReviewSubject, ReviewTrigger};
pub use role::{ALL_ROLES, Assignment, Assignments, Duty, Role, RoleHolders};
pub use settings::{
    AupRefresh, PRESETS, PersonalDevicePhotos, SchoolSettings, SearchRule, VisitorAccess,
};
pub use vacancy::{FILTER_APPROVER_ROLES, REQUIRED_ROLES, Vacancy};

use crate::error::ErrorCode;
use crate::vocabulary::SchoolClock;
use chrono::{DateTime, NaiveDate, Utc};
use role::short;
use serde::{Deserialize, Serialize};

/// Why a registry call was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RegistryError {
    /// The input is nested deeper than [`crate::wire::limits::MAX_DEPTH`] (`input_too_deep`).
    #[error(transparent)]
    TooDeep(#[from] crate::wire::limits::TooDeep),
    /// A document longer than [`crate::wire::limits::MAX_DOCUMENT_BYTES`].
    #[error(transparent)]
    TooLarge(#[from] crate::wire::limits::TooLarge),
    /// A role, audience or instant outside the shared vocabulary (the message lists the
    /// valid values and the nearest one).
    #[error(transparent)]
    Vocabulary(#[from] crate::vocabulary::VocabularyError),
    /// The role id is not one of DOMAIN.md §2.
    #[error("unknown role `{role}`")]
    UnknownRole {
        /// The id given.
        role: String,
    },
    /// The audience id is not one of DOMAIN.md §4.1.
    #[error("unknown aup audience `{audience}`{hint}")]
    UnknownAudience {
        /// The id given.
        audience: String,
        /// The nearest valid id and every valid id (see [`crate::vocabulary::unknown_hint`]).
        hint: String,
    },
    /// The action id is not one the registry decides.
    #[error("unknown action `{action}`{hint}")]
    UnknownAction {
        /// The id given.
        action: String,
        /// The nearest valid id and every valid id (see [`crate::vocabulary::unknown_hint`]).
        hint: String,
    },
    /// The settings preset id is unknown.
    #[error("unknown settings preset `{preset}`{hint}")]
    UnknownPreset {
        /// The id given.
        preset: String,
        /// The nearest valid id and every valid id (see [`crate::vocabulary::unknown_hint`]).
        hint: String,
    },
    /// The settings document is malformed.
    #[error("invalid school settings: {reason}")]
    InvalidSettings {
        /// What is wrong (never personal data).
        reason: String,
    },
    /// A decision context key is not one of [`CONTEXT_KEYS`].
    #[error("unknown decision context key `{key}`{hint}")]
    UnknownContextKey {
        /// The key given.
        key: String,
        /// The nearest valid key and every valid key (see [`crate::vocabulary::unknown_hint`]).
        hint: String,
    },
    /// A decision context value has the wrong type or is not a known id.
    #[error("invalid value for decision context key `{key}`")]
    InvalidContextValue {
        /// The key.
        key: String,
    },
    /// The decision context is not a map of keys to values.
    #[error("decision context must be an object of keys to values")]
    InvalidContext,
    /// The action needs a context key that was not given.
    #[error("decision context lacks `{key}`")]
    MissingContext {
        /// The key needed.
        key: String,
    },
    /// A person, deputy or version id is empty.
    #[error("id is empty")]
    EmptyId,
    /// A person, deputy or version id with control characters, or too long.
    #[error("id is not valid: {reason}")]
    InvalidId {
        /// Why (never the id itself).
        reason: &'static str,
    },
    /// A pupil was assigned without an AUP audience.
    #[error("role `{role}` needs an aup audience (for example `pupil_ks2`)")]
    AudienceRequired {
        /// The role.
        role: Role,
    },
    /// The audience does not fit the role (a pupil audience for an adult or the reverse).
    #[error("aup audience `{audience}` does not fit role `{role}`")]
    AudienceNotForRole {
        /// The audience given.
        audience: Audience,
        /// The role.
        role: Role,
    },
    /// A person was named as their own deputy.
    #[error("a person cannot deputise for themselves")]
    SelfDeputy,
    /// The person does not hold the role on that date.
    #[error("no assignment of role `{role}` on that date")]
    UnknownAssignment {
        /// The role.
        role: Role,
    },
    /// The AUP version is not published for the audience.
    #[error("aup version `{version}` is not published for `{audience}`")]
    AupVersionUnknown {
        /// The audience.
        audience: Audience,
        /// The version given.
        version: String,
    },
    /// The AUP version label is already used for the audience.
    #[error("aup version `{version}` already exists for `{audience}`")]
    AupVersionExists {
        /// The audience.
        audience: Audience,
        /// The version given.
        version: String,
    },
    /// The AUP version would take effect before the latest published one.
    #[error("aup version `{version}` for `{audience}` takes effect before the latest version")]
    AupEffectiveOutOfOrder {
        /// The audience.
        audience: Audience,
        /// The version given.
        version: String,
    },
    /// A person named as their own co-signer.
    #[error("the co-signer must be someone other than the signer")]
    CoSignerIsSigner,
    /// The co-signer holds a role at the school on the day but not `parent_carer`: a KS2
    /// AUP is co-signed by a parent, not by a member of staff or another pupil.
    #[error(
        "the co-signer `{co_signer}` holds no parent_carer role on that date: a parent co-signs"
    )]
    CoSignerNotParent {
        /// The co-signer given.
        co_signer: String,
    },
    /// The signature method id is unknown.
    #[error("unknown signature method `{method}`")]
    UnknownSignatureMethod {
        /// The id given.
        method: String,
    },
    /// The review subject id is unknown.
    #[error("unknown review subject `{subject}`{hint}")]
    UnknownReviewSubject {
        /// The id given.
        subject: String,
        /// The nearest valid id and every valid id (see [`crate::vocabulary::unknown_hint`]).
        hint: String,
    },
    /// The review trigger id is unknown.
    #[error("unknown review trigger `{trigger}`{hint}")]
    UnknownReviewTrigger {
        /// The id given.
        trigger: String,
        /// The nearest valid id and every valid id (see [`crate::vocabulary::unknown_hint`]).
        hint: String,
    },
    /// A date is not `YYYY-MM-DD`.
    #[error("invalid date `{input}`: expected YYYY-MM-DD")]
    InvalidDate {
        /// The input, shortened.
        input: String,
    },
    /// Text that names no one instant (as [`crate::vocabulary::parse_instant`] reads it).
    #[error(
        "invalid instant `{input}`: expected {}",
        crate::vocabulary::InstantForms
    )]
    InvalidInstant {
        /// The input, shortened.
        input: String,
    },
    /// A saved registry document could not be read.
    #[error("malformed registry document: {reason}")]
    MalformedDocument {
        /// What is wrong (never personal data).
        reason: String,
    },
}

impl ErrorCode for RegistryError {
    fn code(&self) -> &'static str {
        match self {
            RegistryError::TooDeep(_) => crate::wire::limits::TooDeep::CODE,
            RegistryError::TooLarge(_) => crate::wire::limits::TooLarge::CODE,
            RegistryError::Vocabulary(e) => match e {
                crate::vocabulary::VocabularyError::UnknownRole { .. } => "registry_unknown_role",
                crate::vocabulary::VocabularyError::UnknownAudience { .. } => {
                    "registry_unknown_audience"
                }
                other => other.code(),
            },
            RegistryError::UnknownRole { .. } => "registry_unknown_role",
            RegistryError::UnknownAudience { .. } => "registry_unknown_audience",
            RegistryError::UnknownAction { .. } => "registry_unknown_action",
            RegistryError::UnknownPreset { .. } => "registry_unknown_preset",
            RegistryError::InvalidSettings { .. } => "registry_invalid_settings",
            RegistryError::UnknownContextKey { .. } => "registry_unknown_context_key",
            RegistryError::InvalidContextValue { .. } => "registry_invalid_context_value",
            RegistryError::InvalidContext => "registry_invalid_context",
            RegistryError::MissingContext { .. } => "registry_missing_context",
            RegistryError::EmptyId => "registry_empty_id",
            RegistryError::InvalidId { .. } => "registry_invalid_id",
            RegistryError::AudienceRequired { .. } => "registry_audience_required",
            RegistryError::AudienceNotForRole { .. } => "registry_audience_not_for_role",
            RegistryError::SelfDeputy => "registry_self_deputy",
            RegistryError::UnknownAssignment { .. } => "registry_unknown_assignment",
            RegistryError::AupVersionUnknown { .. } => "aup_version_unknown",
            RegistryError::AupVersionExists { .. } => "aup_version_exists",
            RegistryError::AupEffectiveOutOfOrder { .. } => "aup_effective_out_of_order",
            RegistryError::CoSignerIsSigner => "aup_co_signer_is_signer",
            RegistryError::CoSignerNotParent { .. } => "aup_co_signer_not_parent",
            RegistryError::UnknownSignatureMethod { .. } => "aup_unknown_signature_method",
            RegistryError::UnknownReviewSubject { .. } => "registry_unknown_review_subject",
            RegistryError::UnknownReviewTrigger { .. } => "registry_unknown_review_trigger",
            RegistryError::InvalidDate { .. } => "invalid_date",
            RegistryError::InvalidInstant { .. } => "invalid_instant",
            RegistryError::MalformedDocument { .. } => "registry_malformed_document",
        }
    }

    fn domain(&self) -> &'static str {
        "registry"
    }
}

/// Parses a wire date (`YYYY-MM-DD`), for bindings that receive dates as text.
///
/// # Errors
///
/// [`RegistryError::InvalidDate`].
///
/// # Examples
///
/// ```
/// use esafety_core::registry::parse_date;
///
/// assert_eq!(parse_date("2025-09-01")?.to_string(), "2025-09-01");
/// assert!(parse_date("01/09/2025").is_err());
/// # Ok::<(), esafety_core::registry::RegistryError>(())
/// ```
pub fn parse_date(text: &str) -> Result<NaiveDate, RegistryError> {
    crate::vocabulary::parse_date(text)
        .map_err(|_| RegistryError::InvalidDate { input: short(text) })
}

/// Parses a wire instant, for bindings that receive instants as text.
///
/// The vocabulary's one parser ([`crate::vocabulary::parse_instant`]): RFC 3339, a local
/// date-time read as England civil time, or a bare date meaning midnight in England.
///
/// # Errors
///
/// [`RegistryError::InvalidInstant`].
///
/// # Examples
///
/// ```
/// use esafety_core::registry::parse_instant;
///
/// let at = parse_instant("2025-09-01T09:00:00+01:00")?;
/// assert_eq!(at.to_rfc3339(), "2025-09-01T08:00:00+00:00");
/// assert_eq!(parse_instant("2025-09-01")?.to_rfc3339(), "2025-08-31T23:00:00+00:00");
/// # Ok::<(), esafety_core::registry::RegistryError>(())
/// ```
pub fn parse_instant(text: &str) -> Result<DateTime<Utc>, RegistryError> {
    crate::vocabulary::parse_instant(text)
        .map_err(|_| RegistryError::InvalidInstant { input: short(text) })
}

/// One AUP a person still has to sign (or re-sign), and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AccessGap {
    /// The audience whose AUP is needed.
    pub audience: Audience,
    /// Why the person's signatures (if any) do not count.
    pub problem: SignatureProblem,
    /// The version in force on the date asked about, when one is.
    pub current_version: Option<String>,
    /// The rule's source.
    pub source: String,
}

/// A signature that counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SatisfiedAup {
    /// The audience of the AUP signed (`staff` when a staff signature meets a visitor
    /// requirement, see [`Audience::covered_by`]).
    pub audience: Audience,
    /// The version signed.
    pub version: String,
    /// When it was signed.
    pub signed_at: DateTime<Utc>,
    /// When it stops counting under the school's re-sign period (a material change may
    /// end it sooner).
    pub expires: Option<DateTime<Utc>>,
}

/// The answer to "may this person use school systems now?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AccessDecision {
    /// Who.
    pub person: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Whether every AUP the person needs is signed and current.
    pub allowed: bool,
    /// The audiences still to be signed, in table order.
    pub missing: Vec<String>,
    /// Each missing audience with the reason.
    pub gaps: Vec<AccessGap>,
    /// The signatures that count.
    pub satisfied: Vec<SatisfiedAup>,
    /// The roles held on that date.
    pub roles: Vec<Role>,
    /// The AUP audiences the roles require under the school's settings.
    pub required: Vec<Audience>,
    /// Stable id of the deciding rule.
    pub rule: String,
    /// Why, in plain words.
    pub reason: String,
    /// Where the rule comes from.
    pub source: String,
}

const SRC_SIGN_BEFORE_ACCESS: &str =
    "AUP sign before access; seed 002 Background to this policy; seed 003 §7.2";

/// The school's roles, AUPs, signatures and review schedule, with the decisions they
/// support. See the [module docs](self) for the API map and the time conventions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Registry {
    settings: SchoolSettings,
    assignments: Assignments,
    aups: AupLibrary,
    signatures: Vec<Signature>,
    reviews: ReviewSchedule,
}

/// The persisted form of a [`Registry`] (`to_json` / `from_json`).
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RegistryDocument {
    #[serde(rename = "schemaVersion")]
    schema_version: u32,
    registry: Registry,
}

impl Registry {
    /// An empty registry with the default settings ([`SchoolSettings::default`]).
    pub fn new() -> Self {
        Registry::default()
    }

    /// An empty registry with the given settings.
    pub fn with_settings(settings: SchoolSettings) -> Self {
        Registry {
            settings,
            ..Registry::default()
        }
    }

    /// An empty registry with a seed school's settings (`seed_000` … `seed_004`,
    /// `default`).
    ///
    /// # Errors
    ///
    /// [`RegistryError::UnknownPreset`] for an unknown preset.
    pub fn with_preset(preset: &str) -> Result<Self, RegistryError> {
        Ok(Registry::with_settings(SchoolSettings::preset(preset)?))
    }

    /// The school settings.
    pub fn settings(&self) -> &SchoolSettings {
        &self.settings
    }

    /// The role assignments.
    pub fn assignments(&self) -> &Assignments {
        &self.assignments
    }

    /// The published AUPs.
    pub fn aups(&self) -> &AupLibrary {
        &self.aups
    }

    /// Every signature, in the order given.
    pub fn signatures(&self) -> &[Signature] {
        &self.signatures
    }

    /// Records that `person` holds `role` from `since` (Python `.assign`).
    ///
    /// `deputy_for` names the person this one deputises for in the role; `audience` names
    /// the AUP audience when the role alone does not say it (`pupil_ks2` for a pupil) or
    /// overrides it (a volunteer with unsupervised access signs `staff`).
    ///
    /// # Errors
    ///
    /// [`RegistryError::UnknownRole`], [`RegistryError::UnknownAudience`] and the errors
    /// of [`Assignments::assign`].
    pub fn assign(
        &mut self,
        person: &str,
        role: &str,
        since: NaiveDate,
        deputy_for: Option<&str>,
        audience: Option<&str>,
    ) -> Result<Assignment, RegistryError> {
        let role: Role = role.parse()?;
        let audience = audience.map(str::parse::<Audience>).transpose()?;
        self.assignments
            .assign(person, role, since, deputy_for, audience)
            .cloned()
    }

    /// Ends `person`'s `role` on `until`, the last day it is held (Python `.unassign`).
    ///
    /// # Errors
    ///
    /// [`RegistryError::UnknownRole`], [`RegistryError::UnknownAssignment`].
    pub fn unassign(
        &mut self,
        person: &str,
        role: &str,
        until: NaiveDate,
    ) -> Result<(), RegistryError> {
        let role: Role = role.parse()?;
        self.assignments.end(person, role, until)
    }

    /// Who holds `role` on `on`, with deputies (Python `.holders`).
    ///
    /// # Errors
    ///
    /// [`RegistryError::UnknownRole`].
    pub fn holders(&self, role: &str, on: NaiveDate) -> Result<RoleHolders, RegistryError> {
        Ok(self.role_holders(role.parse()?, on))
    }

    /// Who holds `role` on `on` under the school's settings: where the headteacher is
    /// also the DSL (`head_is_dsl`, seed 002), every headteacher holds `dsl`.
    pub(crate) fn role_holders(&self, role: Role, on: NaiveDate) -> RoleHolders {
        let mut held = self.assignments.holders(role, on);
        if role == Role::Dsl && self.settings.head_is_dsl {
            let heads = self.assignments.holders(Role::Headteacher, on).holders;
            held.holders.extend(heads);
            held.holders.sort();
            held.holders.dedup();
            held.vacant = held.holders.is_empty();
            held.no_deputy = !held.holders.is_empty() && held.deputies.is_empty();
        }
        held
    }

    /// The duties `person` carries on `on` (Python `.duties`).
    ///
    /// The national duties of each role held, the AUPs the school's settings add (the
    /// technician AUP, a parent's co-signature) and the duties the school's own policy
    /// gives those roles.
    pub fn duties(&self, person: &str, on: NaiveDate) -> Vec<Duty> {
        let mut out = self.assignments.duties(person, on);
        let roles = self.roles_of(person, on);
        // A head who is also the DSL (seed 002) carries the DSL's national duties.
        if roles.contains(&Role::Dsl) && !out.iter().any(|d| d.role == Role::Dsl) {
            out.extend(Role::Dsl.duties().iter().map(|(duty, source)| Duty {
                role: Role::Dsl,
                duty: (*duty).to_owned(),
                as_deputy: false,
                source: (*source).to_owned(),
            }));
        }
        let s = &self.settings;
        let mut add = |role: Role, duty: &str, source: &str| {
            if roles.contains(&role) {
                out.push(Duty {
                    role,
                    duty: duty.to_owned(),
                    as_deputy: false,
                    source: source.to_owned(),
                });
            }
        };
        if s.technician_aup {
            add(
                Role::ItProvider,
                "sign a technician AUP on top of the staff AUP",
                "AUP audiences",
            );
        }
        if s.social_media_aup {
            add(
                Role::SocialMediaOfficer,
                "sign the specific social-media AUP",
                "AUP audiences",
            );
        }
        if s.pupil_aup_co_signed {
            add(Role::ParentCarer, "co-sign the pupil AUP", "AUP co-sign");
        }
        for d in &s.local_duties {
            add(d.role, &d.duty, &d.source);
        }
        for d in &mut out {
            d.source = self.own_source(&d.source);
        }
        out
    }

    /// `source` as this school may cite it: never a sibling school's seed policy.
    pub(crate) fn own_source(&self, source: &str) -> String {
        crate::source::for_school(source, &self.settings.preset)
    }

    /// Checks a password (never stored) and when it was last changed against the
    /// school's password rules.
    pub fn check_password(
        &self,
        password: &str,
        changed_at: Option<DateTime<Utc>>,
        at: DateTime<Utc>,
    ) -> PasswordCheck {
        self.settings.passwords.check(password, changed_at, at)
    }

    /// The roles `person` holds on `on` (Python `.roles_of`), with `dsl` for a
    /// headteacher where the school's head is its DSL (`head_is_dsl`).
    pub fn roles_of(&self, person: &str, on: NaiveDate) -> Vec<Role> {
        self.head_as_dsl(person, on, self.assignments.roles_of(person, on))
    }

    /// The roles whose powers `person` has on `on` ([`Assignments::acting_roles`]: a post
    /// held as a deputy gives a member of staff's powers), with `dsl` for a headteacher in
    /// their own right where the head is the DSL. Permission decisions read these.
    pub(crate) fn acting_roles(&self, person: &str, on: NaiveDate) -> Vec<Role> {
        self.head_as_dsl(person, on, self.assignments.acting_roles(person, on))
    }

    /// `roles` with `dsl` added where the school's head is its DSL and `person` is a
    /// headteacher in their own right (not a deputy head).
    fn head_as_dsl(&self, person: &str, on: NaiveDate, mut roles: Vec<Role>) -> Vec<Role> {
        let head = self.settings.head_is_dsl
            && self
                .assignments
                .acting_roles(person, on)
                .contains(&Role::Headteacher);
        if head && !roles.contains(&Role::Dsl) {
            roles.push(Role::Dsl);
            roles.sort();
        }
        roles
    }

    /// Publishes a version of an audience's AUP (Python `.publish_aup`).
    ///
    /// # Errors
    ///
    /// [`RegistryError::UnknownAudience`] and the errors of [`AupLibrary::publish`].
    pub fn publish_aup(
        &mut self,
        audience: &str,
        version: &str,
        effective: NaiveDate,
        material: bool,
        clauses: &[String],
    ) -> Result<AupVersion, RegistryError> {
        let audience: Audience = audience.parse()?;
        self.aups
            .publish(audience, version, effective, material, clauses)
            .cloned()
    }

    /// Records `person`'s signature of an AUP version at `at` (Python `.sign`).
    ///
    /// A KS2 pupil's signature without `co_signer` is recorded but does not count until
    /// the pupil signs again with a parent co-signing ([`SignatureProblem::CoSignerMissing`]).
    ///
    /// # Errors
    ///
    /// [`RegistryError::UnknownAudience`], [`RegistryError::AupVersionUnknown`],
    /// [`RegistryError::EmptyId`], [`RegistryError::CoSignerIsSigner`],
    /// [`RegistryError::CoSignerNotParent`] for a co-signer (or someone signing on the
    /// child's behalf) who holds roles on that day but not `parent_carer`.
    pub fn sign(
        &mut self,
        person: &str,
        audience: &str,
        version: &str,
        at: DateTime<Utc>,
        details: SignatureDetails,
    ) -> Result<Signature, RegistryError> {
        role::check_id(person)?;
        let audience: Audience = audience.parse()?;
        let doc = self.aups.get(audience, version)?;
        // A co-signer, or someone signing on the child's behalf, stands in for a parent:
        // never the signer; someone the registry knows on that day only as a parent; a
        // parent the registry does not hold (most are not) is taken at the school's word.
        let parents = [&details.co_signer, &details.signed_on_behalf_by];
        for co in parents.into_iter().flatten() {
            role::check_id(co)?;
            if co == person {
                return Err(RegistryError::CoSignerIsSigner);
            }
            // A co-signer the registry holds in another role on that day, or whose parent
            // role had already ended (a parent who has left), is no parent; a parent it
            // does not hold, or holds only from a later date, is recorded as given.
            let on = SchoolClock::london().local_date(at);
            let roles = self.roles_of(co, on);
            let left = self.assignments.all().iter().any(|a| {
                a.person == *co && a.role == Role::ParentCarer && a.until.is_some_and(|u| u < on)
            });
            if !roles.contains(&Role::ParentCarer) && (!roles.is_empty() || left) {
                return Err(RegistryError::CoSignerNotParent {
                    co_signer: short(co),
                });
            }
        }
        let signature = Signature {
            signer: person.to_owned(),
            audience,
            version: doc.version.clone(),
            content_hash: doc.content_hash.clone(),
            at,
            method: details.method,
            co_signer: details.co_signer,
            signed_on_behalf_by: details.signed_on_behalf_by,
            explained_to_pupil: details.explained_to_pupil,
            class: details.class,
        };
        self.signatures.push(signature.clone());
        Ok(signature)
    }

    /// The AUP audiences `person` must have signed on `at`, under the school's settings.
    ///
    /// Governors sign `staff` when the school has a joint Staff & Governor AUP; IT
    /// providers add `technician` and social-media officers `social_media_officer` when
    /// the school requires them; visitors and community users need nothing under a generic
    /// visitor login or an access slip (unless their audience was set explicitly), while
    /// volunteers and photographers still sign.
    pub fn required_audiences(&self, person: &str, at: DateTime<Utc>) -> Vec<Audience> {
        let on = SchoolClock::london().local_date(at);
        let mut out = Vec::new();
        for a in self.assignments.of_person(person, on) {
            if let Some(mut audience) = a.audience() {
                if audience == Audience::Governor && self.settings.joint_staff_governor_aup {
                    audience = Audience::Staff;
                }
                // A generic login or an access slip covers visitors and community users;
                // volunteers and contractors with access sign (seed 004 §7; DOMAIN.md §4.1).
                let unsigned_visitor = audience == Audience::Visitor
                    && a.audience.is_none()
                    && matches!(a.role, Role::Visitor | Role::CommunityUser)
                    && self.settings.visitor_access != VisitorAccess::SignedAup;
                let unsigned_parent =
                    audience == Audience::ParentCarer && !self.settings.parents_sign_aup;
                if !unsigned_visitor && !unsigned_parent {
                    out.push(audience);
                }
            }
            if a.role == Role::ItProvider && self.settings.technician_aup {
                out.push(Audience::Technician);
            }
            if a.role == Role::SocialMediaOfficer && self.settings.social_media_aup {
                out.push(Audience::SocialMediaOfficer);
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// Whether `person` has a current signature for `audience` at `at`: `None` when they
    /// do, else why not.
    pub fn audience_status(
        &self,
        person: &str,
        audience: Audience,
        at: DateTime<Utc>,
    ) -> Option<SignatureProblem> {
        self.signature_for(person, audience, at).err()
    }

    /// The current signature that meets `audience` for `person` at `at`: their own for that
    /// audience, else one of a stricter AUP that covers it ([`Audience::covered_by`]); when
    /// none does, the problem with the audience's own.
    fn signature_for(
        &self,
        person: &str,
        audience: Audience,
        at: DateTime<Utc>,
    ) -> Result<&Signature, SignatureProblem> {
        self.best_signature(person, audience, at)
            .or_else(|problem| {
                audience
                    .covered_by()
                    .iter()
                    .find_map(|cover| self.best_signature(person, *cover, at).ok())
                    .ok_or(problem)
            })
    }

    /// The signature that counts for `person` and `audience` at `at`, or the problem with
    /// the most recent one.
    fn best_signature(
        &self,
        person: &str,
        audience: Audience,
        at: DateTime<Utc>,
    ) -> Result<&Signature, SignatureProblem> {
        if self.aups.line(audience).is_empty() {
            return Err(SignatureProblem::NotPublished);
        }
        let mut problem = SignatureProblem::NotSigned;
        let mut latest: Option<DateTime<Utc>> = None;
        let mut found: Option<&Signature> = None;
        for s in self
            .signatures
            .iter()
            .filter(|s| s.signer == person && s.audience == audience && s.at <= at)
        {
            let refresh = self.settings.refresh_for(audience);
            let outcome = match self.aups.problem_with(s, at, refresh) {
                // A school whose KS2 pupils sign without a parent (seeds 002, 003); the
                // EYFS/KS1 AUP is always signed for the child by a parent (DOMAIN.md §4.1).
                Some(SignatureProblem::CoSignerMissing)
                    if !self.settings.pupil_aup_co_signed && audience == Audience::PupilKs2 =>
                {
                    None
                }
                other => other,
            };
            match outcome {
                None => {
                    if found.is_none_or(|f| s.at >= f.at) {
                        found = Some(s);
                    }
                }
                Some(p) => {
                    if latest.is_none_or(|l| s.at >= l) {
                        latest = Some(s.at);
                        problem = p;
                    }
                }
            }
        }
        found.ok_or(problem)
    }

    /// Whether `person` may use school systems at `at`, and what is missing
    /// (Python `.may_access_systems`).
    ///
    /// No current signature means no account or network access (DOMAIN.md §4.2). A
    /// person who holds no role on that date has no access either.
    pub fn may_access_systems(&self, person: &str, at: DateTime<Utc>) -> AccessDecision {
        let on = SchoolClock::london().local_date(at);
        let roles = self.roles_of(person, on);
        let required = self.required_audiences(person, at);
        let mut gaps = Vec::new();
        let mut satisfied = Vec::new();
        for audience in &required {
            match self.signature_for(person, *audience, at) {
                // The signature's own audience: a staff signature meeting a visitor
                // requirement is listed as the staff AUP it is.
                Ok(s)
                    if satisfied
                        .iter()
                        .any(|x: &SatisfiedAup| x.audience == s.audience) => {}
                Ok(s) => satisfied.push(SatisfiedAup {
                    audience: s.audience,
                    version: s.version.clone(),
                    signed_at: s.at,
                    expires: self.settings.refresh_for(s.audience).expires(s.at),
                }),
                Err(problem) => gaps.push(AccessGap {
                    audience: *audience,
                    problem,
                    current_version: self.aups.current(*audience, on).map(|v| v.version.clone()),
                    source: self.own_source(problem.source()),
                }),
            }
        }
        let missing: Vec<String> = gaps
            .iter()
            .map(|g| g.audience.as_str().to_owned())
            .collect();
        let (allowed, rule, reason, source) = if roles.is_empty() {
            (
                false,
                "no_role",
                "the person holds no role on this date: no account or network access".to_owned(),
                "Roles and duties; AUP sign before access".to_owned(),
            )
        } else if !missing.is_empty() {
            let mut sources: Vec<&str> = gaps.iter().map(|g| g.problem.source()).collect();
            sources.sort();
            sources.dedup();
            (
                false,
                "sign_before_access",
                format!("no current signature for: {}", missing.join(", ")),
                sources.join("; "),
            )
        } else if required.is_empty() {
            let (rule, reason, source) = self.no_signature_needed(&roles);
            (true, rule, reason.to_owned(), source.to_owned())
        } else {
            (
                true,
                "sign_before_access",
                "every AUP the person's roles require is signed and current".to_owned(),
                SRC_SIGN_BEFORE_ACCESS.to_owned(),
            )
        };
        AccessDecision {
            person: person.to_owned(),
            at,
            allowed,
            missing,
            gaps,
            satisfied,
            roles,
            required,
            rule: rule.to_owned(),
            reason,
            source: self.own_source(&source),
        }
    }

    /// Why a person whose roles need no signature may use the systems: a generic visitor
    /// login, the access-slip notice, or a parent at a school without a parent AUP.
    fn no_signature_needed(&self, roles: &[Role]) -> (&'static str, &'static str, &'static str) {
        let visitor = roles
            .iter()
            .any(|r| r.default_audience() == Some(Audience::Visitor));
        match self.settings.visitor_access {
            VisitorAccess::GenericLogin if visitor => (
                "generic_visitor_login",
                "visitors use the generic visitor login to part of the school systems",
                "seed 002 Monitoring, and Averting Online Safety Incidents; AUP audiences",
            ),
            VisitorAccess::AccessSlip if visitor => (
                "visitor_access_slip",
                "visitors abide by the notice on their access slip; they do not sign an AUP",
                "seed 004 §7; Local choice AUP signatures",
            ),
            _ => (
                "no_aup_for_parents",
                "the school does not ask parents and carers to sign an AUP",
                "Local choice AUP signatures",
            ),
        }
    }

    /// Everyone holding a role at `at` who lacks a current signature they need, sorted
    /// (Python `.who_must_sign`).
    pub fn who_must_sign(&self, at: DateTime<Utc>) -> Vec<String> {
        self.assignments
            .people_on(SchoolClock::london().local_date(at))
            .into_iter()
            .filter(|p| !self.may_access_systems(p, at).missing.is_empty())
            .collect()
    }

    /// Decides whether `person` may do `action` at `at` (Python `.decide`).
    ///
    /// # Errors
    ///
    /// [`RegistryError::UnknownAction`]; [`RegistryError::MissingContext`] when
    /// `grant_guest_access` is asked without `guest`.
    pub fn decide(
        &self,
        person: &str,
        action: &str,
        at: DateTime<Utc>,
        context: &DecisionContext,
    ) -> Result<PermissionDecision, RegistryError> {
        let action: Action = action.parse()?;
        let mut decision = permission::decide(self, person, action, at, context)?;
        decision.source = self.own_source(&decision.source);
        Ok(decision)
    }

    /// Compares two versions of an audience's AUP (Python `.diff`).
    ///
    /// # Errors
    ///
    /// [`RegistryError::UnknownAudience`], [`RegistryError::AupVersionUnknown`].
    pub fn diff(
        &self,
        audience: &str,
        version_a: &str,
        version_b: &str,
    ) -> Result<AupDiff, RegistryError> {
        self.aups.diff(audience.parse()?, version_a, version_b)
    }

    /// Records a review of the online-safety policy or the F&M provision
    /// (Python `.record_review`).
    ///
    /// # Errors
    ///
    /// [`RegistryError::UnknownReviewSubject`].
    pub fn record_review(&mut self, subject: &str, on: NaiveDate) -> Result<(), RegistryError> {
        self.reviews.record(subject.parse()?, on);
        Ok(())
    }

    /// Flags an event that makes a review due now (Python `.flag_review`).
    ///
    /// # Errors
    ///
    /// [`RegistryError::UnknownReviewSubject`], [`RegistryError::UnknownReviewTrigger`].
    pub fn flag_review(
        &mut self,
        subject: &str,
        trigger: &str,
        on: NaiveDate,
    ) -> Result<(), RegistryError> {
        self.reviews.flag(subject.parse()?, trigger.parse()?, on);
        Ok(())
    }

    /// Where both reviews stand on `on` (Python `.review_status`).
    pub fn review_status(&self, on: NaiveDate) -> Vec<ReviewStatus> {
        review::ALL_SUBJECTS
            .iter()
            .map(|s| {
                let mut status = self
                    .reviews
                    .status(*s, on, self.settings.review_interval_days);
                status.vacant_reviewer_roles = status
                    .reviewer_roles
                    .iter()
                    .copied()
                    .filter(|r| self.role_holders(*r, on).vacant)
                    .collect();
                status.warnings = self
                    .vacancies(on)
                    .into_iter()
                    .filter(|v| status.reviewer_roles.contains(&v.role))
                    .map(|v| v.warning)
                    .collect();
                status.source = self.own_source(&status.source);
                status
            })
            .collect()
    }

    /// Serialises the whole registry as a versioned JSON document.
    pub fn to_json(&self) -> String {
        let doc = RegistryDocument {
            schema_version: crate::wire::SCHEMA_VERSION,
            registry: self.clone(),
        };
        serde_json::to_string(&doc).unwrap_or_default()
    }

    /// Reads a registry saved by [`Registry::to_json`].
    ///
    /// # Errors
    ///
    /// [`RegistryError::MalformedDocument`] for malformed JSON, an unsupported
    /// `schemaVersion`, or an assignment, AUP version or signature the live calls would
    /// refuse (a pupil as their own co-signer, clauses that do not match their hash; the
    /// reason names its place, `signatures[2]: ...`).
    pub fn from_json(text: &str) -> Result<Self, RegistryError> {
        crate::wire::limits::check_size(text)?;
        crate::wire::limits::check_json(text)?;
        let value: serde_json::Value =
            crate::wire::json_value(text).map_err(|e| RegistryError::MalformedDocument {
                reason: e.to_string(),
            })?;
        crate::wire::check_schema_version(&value).map_err(|e| {
            RegistryError::MalformedDocument {
                reason: e.to_string(),
            }
        })?;
        let doc: RegistryDocument =
            serde_json::from_value(value).map_err(|e| RegistryError::MalformedDocument {
                reason: short(&e.to_string()),
            })?;
        if let Some(problems) = doc.registry.settings.problem_text() {
            return Err(RegistryError::MalformedDocument {
                reason: format!("settings: {problems}"),
            });
        }
        load::check(&doc.registry)?;
        Ok(doc.registry)
    }
}

#[cfg(test)]
mod tests;
