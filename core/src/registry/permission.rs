//! Actions the seeds govern, the context a decision needs, and `decide`.
//!
//! Each [`PermissionDecision`] is one of `allowed`, `denied`, `needs_approval` (naming the
//! approver role) or `needs_justification`, and names the rule that decided, a reason in
//! plain words, the conditions that come with a permission and the source (DOMAIN.md
//! section or seed and section). Unknown context is treated as "no": no recorded consent
//! means no search under a consent rule and no publication.
//!
//! # Example
//!
//! ```
//! use chrono::{NaiveDate, TimeZone, Utc};
//! use esafety_core::registry::{DecisionContext, PermissionOutcome, Registry};
//!
//! let mut reg = Registry::new();
//! let since = NaiveDate::from_ymd_opt(2025, 9, 1).unwrap();
//! reg.assign("dsl1", "dsl", since, None, None)?;
//! reg.assign("t1", "all_staff", since, None, None)?;
//! let at = Utc.with_ymd_and_hms(2025, 10, 1, 10, 0, 0).unwrap();
//!
//! let teacher = reg.decide("t1", "view_suspected_indecent_image", at, &DecisionContext::default())?;
//! assert_eq!(teacher.outcome, PermissionOutcome::Denied);
//!
//! let dsl = reg.decide("dsl1", "view_suspected_indecent_image", at, &DecisionContext::default())?;
//! assert_eq!(dsl.outcome, PermissionOutcome::NeedsJustification);
//!
//! let ctx = DecisionContext::from_pairs([("justification", "no other way to assess risk".into())])?;
//! let dsl = reg.decide("dsl1", "view_suspected_indecent_image", at, &ctx)?;
//! assert_eq!(dsl.outcome, PermissionOutcome::Allowed);
//! assert!(dsl.source.contains("UKCIS nudes 2024 viewing"));
//! # Ok::<(), esafety_core::registry::RegistryError>(())
//! ```

use super::aup::Audience;
use super::local::PersonalSocialMediaContact;
use super::role::{Role, short};
use super::settings::{PersonalDevicePhotos, SearchRule, VisitorAccess};
use super::{Registry, RegistryError};
use crate::vocabulary::SchoolClock;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::str::FromStr;

crate::ids::closed_ids! {
    /// An action the seeds govern.
    #[derive(Serialize, Deserialize, schemars::JsonSchema)]
    #[schemars(rename = "RegistryAction")]
    #[serde(rename_all = "snake_case")]
    Action {
        /// View an image suspected to be indecent (DSL or deputy only, only when unavoidable).
        ViewSuspectedIndecentImage = "view_suspected_indecent_image",
        /// Search a pupil's device (school setting: DfE default or consent first).
        SearchPupilDevice = "search_pupil_device",
        /// Confiscate a device.
        ConfiscateDevice = "confiscate_device",
        /// Delete content from a device (DSL, after confirming no agency needs it).
        DeleteDeviceContent = "delete_device_content",
        /// Approve a request to unblock a site (SLT F&M lead, headteacher or SLT; logged).
        ApproveUnblock = "approve_unblock",
        /// Change the filtering (SLT F&M lead, headteacher or SLT; logged).
        ChangeFiltering = "change_filtering",
        /// Open child-protection records (per job role).
        AccessChildProtectionRecords = "access_child_protection_records",
        /// Publish an image of a pupil (consent decision passed in the context).
        PublishImage = "publish_image",
        /// Run an official social-media account (social-media AUP signed, head's approval).
        RunOfficialSocialMedia = "run_official_social_media",
        /// Take photographs on a personal device (school setting).
        PhotographOnPersonalDevice = "photograph_on_personal_device",
        /// Contact a pupil through a personal account (never).
        ContactPupilViaPersonalAccount = "contact_pupil_via_personal_account",
        /// Give a guest access to school systems (the guest must have signed).
        GrantGuestAccess = "grant_guest_access",
        /// Use one's own phone or device during the school day (school setting).
        UsePersonalPhone = "use_personal_phone",
        /// Join a personal device to the school wireless network (school setting).
        ConnectPersonalDeviceToWifi = "connect_personal_device_to_wifi",
    }
}

/// Every action.
pub const ALL_ACTIONS: &[Action] = Action::ALL;

impl FromStr for Action {
    type Err = RegistryError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Action::from_id(s).ok_or_else(|| RegistryError::UnknownAction {
            action: short(s),
            hint: crate::vocabulary::unknown_hint(s, Action::IDS.iter().copied()),
        })
    }
}

crate::ids::closed_ids! {
    /// The outcome of a permission check.
    #[derive(Serialize, Deserialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    PermissionOutcome {
        /// The person may do it now (subject to the listed conditions).
        Allowed = "allowed",
        /// The person may not do it.
        Denied = "denied",
        /// Someone in [`PermissionDecision::approver_role`] must approve first.
        NeedsApproval = "needs_approval",
        /// Allowed once a justification is recorded.
        NeedsJustification = "needs_justification",
    }
}

/// A value of the decision context: a flag or a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum ContextValue {
    /// A yes/no fact.
    Flag(bool),
    /// A text (a justification, a person id, a consent decision id).
    Text(String),
}

impl From<bool> for ContextValue {
    fn from(b: bool) -> Self {
        ContextValue::Flag(b)
    }
}

impl From<&str> for ContextValue {
    fn from(s: &str) -> Self {
        ContextValue::Text(s.to_owned())
    }
}

impl From<String> for ContextValue {
    fn from(s: String) -> Self {
        ContextValue::Text(s)
    }
}

/// The facts a decision may need. Every field is optional; absent means unknown, and
/// unknown counts as "no".
///
/// | key | type | used by |
/// |---|---|---|
/// | `justification` | text | `view_suspected_indecent_image` (recorded why viewing is unavoidable) |
/// | `unavoidable` | flag | `view_suspected_indecent_image` (`false` denies) |
/// | `adult_involved` | flag | `view_suspected_indecent_image` (`true`: CSAM, never viewed) |
/// | `pupil_consent` | flag | `search_pupil_device` (a bare `consent` counts as the pupil's) |
/// | `parent_consent` | flag | `search_pupil_device` (seed 001) |
/// | `reasonable_grounds` | flag | `search_pupil_device` (DfE), `confiscate_device` |
/// | `authorised_by_headteacher` | flag | `search_pupil_device` |
/// | `agencies_confirmed_not_needed` | flag | `delete_device_content` |
/// | `referral_made` | flag | `delete_device_content` |
/// | `consent` | flag or text (`allowed`, `permitted`, `given`, `denied`, `not_permitted`, `refused`, `withdrawn`, `unknown`, …) | `publish_image` (the consent module's decision) |
/// | `channel` | text | `publish_image` (echoed in the reason) |
/// | `full_name_shown` | flag | `publish_image` |
/// | `slt_permission` | flag | `photograph_on_personal_device` (`head_approval` counts too) |
/// | `necessary` | flag | `photograph_on_personal_device` (seed 001) |
/// | `head_approval` | flag | `run_official_social_media` |
/// | `guest` | text (person id) | `grant_guest_access` |
/// | `unsupervised` | flag | `grant_guest_access` (seed 000: staff AUP needed) |
/// | `wifi_key` | flag | `grant_guest_access`, `connect_personal_device_to_wifi` (seed 002: a visitor's guest key, case by case) |
/// | `with_pupils` | flag | `use_personal_phone` (in lessons or in contact with pupils) |
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DecisionContext {
    /// Why viewing is unavoidable.
    pub justification: Option<String>,
    /// Whether there is no other way to safeguard the child.
    pub unavoidable: Option<bool>,
    /// Whether an adult is involved in the imagery.
    pub adult_involved: Option<bool>,
    /// Whether the pupil consents to the search.
    pub pupil_consent: Option<bool>,
    /// Whether a parent consents to the search.
    pub parent_consent: Option<bool>,
    /// Whether there are reasonable grounds.
    pub reasonable_grounds: Option<bool>,
    /// Whether the headteacher has authorised this member of staff to search.
    pub authorised_by_headteacher: Option<bool>,
    /// Whether the DSL has confirmed no other agency needs the content.
    pub agencies_confirmed_not_needed: Option<bool>,
    /// Whether a referral to police or children's social care has been made.
    pub referral_made: Option<bool>,
    /// The consent decision for the image and channel.
    pub consent: Option<bool>,
    /// The publication channel.
    pub channel: Option<String>,
    /// Whether a pupil's full name would appear beside the image.
    pub full_name_shown: Option<bool>,
    /// Whether SLT has given express permission.
    pub slt_permission: Option<bool>,
    /// Whether it is necessary for professional purposes.
    pub necessary: Option<bool>,
    /// Whether the headteacher has approved.
    pub head_approval: Option<bool>,
    /// The guest's person id.
    pub guest: Option<String>,
    /// Whether the guest will have unsupervised access.
    pub unsupervised: Option<bool>,
    /// Whether a guest Wi-Fi key is asked for.
    pub wifi_key: Option<bool>,
    /// Whether the phone would be used in a lesson or in contact with pupils.
    pub with_pupils: Option<bool>,
}

/// Other spellings accepted for context keys, with the key they stand for.
pub const CONTEXT_KEY_ALIASES: [(&str, &str); 14] = [
    ("consent_decision", "consent"),
    ("consent_given", "consent"),
    ("has_consent", "consent"),
    ("headteacher_approval", "head_approval"),
    ("approved_by_headteacher", "head_approval"),
    ("slt_approval", "slt_permission"),
    ("guest_id", "guest"),
    ("authorised", "authorised_by_headteacher"),
    ("authorized_by_headteacher", "authorised_by_headteacher"),
    ("agencies_confirmed", "agencies_confirmed_not_needed"),
    ("agency_confirmed", "agencies_confirmed_not_needed"),
    ("no_agency_needs_it", "agencies_confirmed_not_needed"),
    ("no_other_agency", "agencies_confirmed_not_needed"),
    ("permission", "slt_permission"),
];

/// The error for a context key that is not one of [`CONTEXT_KEYS`] (nor an alias).
fn unknown_key(key: &str) -> RegistryError {
    RegistryError::UnknownContextKey {
        key: short(key),
        hint: crate::vocabulary::unknown_hint(key, CONTEXT_KEYS),
    }
}

/// The canonical spelling of a context key (aliases resolved, others unchanged).
fn canonical_key(key: &str) -> &str {
    CONTEXT_KEY_ALIASES
        .iter()
        .find(|(alias, _)| *alias == key)
        .map_or(key, |(_, canonical)| canonical)
}

/// The keys [`DecisionContext`] accepts (see also [`CONTEXT_KEY_ALIASES`]).
pub const CONTEXT_KEYS: [&str; 19] = [
    "justification",
    "unavoidable",
    "adult_involved",
    "pupil_consent",
    "parent_consent",
    "reasonable_grounds",
    "authorised_by_headteacher",
    "agencies_confirmed_not_needed",
    "referral_made",
    "consent",
    "channel",
    "full_name_shown",
    "slt_permission",
    "necessary",
    "head_approval",
    "guest",
    "unsupervised",
    "wifi_key",
    "with_pupils",
];

impl DecisionContext {
    /// Sets one key.
    ///
    /// # Errors
    ///
    /// [`RegistryError::UnknownContextKey`] for a key not in [`CONTEXT_KEYS`],
    /// [`RegistryError::InvalidContextValue`] for a value of the wrong type (or an unknown
    /// consent decision id or channel).
    pub fn set(&mut self, key: &str, value: ContextValue) -> Result<(), RegistryError> {
        let bad = || RegistryError::InvalidContextValue { key: short(key) };
        let flag = |v: &ContextValue| match v {
            ContextValue::Flag(b) => Ok(*b),
            ContextValue::Text(_) => Err(bad()),
        };
        let text = |v: &ContextValue| match v {
            ContextValue::Text(s) => Ok(s.clone()),
            ContextValue::Flag(_) => Err(bad()),
        };
        let key = canonical_key(key);
        match key {
            "justification" => self.justification = Some(text(&value)?),
            "unavoidable" => self.unavoidable = Some(flag(&value)?),
            "adult_involved" => self.adult_involved = Some(flag(&value)?),
            "pupil_consent" => self.pupil_consent = Some(flag(&value)?),
            "parent_consent" => self.parent_consent = Some(flag(&value)?),
            "reasonable_grounds" => self.reasonable_grounds = Some(flag(&value)?),
            "authorised_by_headteacher" => self.authorised_by_headteacher = Some(flag(&value)?),
            "agencies_confirmed_not_needed" => {
                self.agencies_confirmed_not_needed = Some(flag(&value)?);
            }
            "referral_made" => self.referral_made = Some(flag(&value)?),
            "consent" => {
                self.consent = match &value {
                    ContextValue::Flag(b) => Some(*b),
                    ContextValue::Text(s) => Some(consent_from_text(s).ok_or_else(bad)?),
                };
            }
            "channel" => {
                let channel = text(&value)?;
                crate::consent::Channel::parse(&channel).map_err(|_| bad())?;
                self.channel = Some(channel);
            }
            "full_name_shown" => self.full_name_shown = Some(flag(&value)?),
            "slt_permission" => self.slt_permission = Some(flag(&value)?),
            "necessary" => self.necessary = Some(flag(&value)?),
            "head_approval" => self.head_approval = Some(flag(&value)?),
            "guest" => self.guest = Some(text(&value)?),
            "unsupervised" => self.unsupervised = Some(flag(&value)?),
            "wifi_key" => self.wifi_key = Some(flag(&value)?),
            "with_pupils" => self.with_pupils = Some(flag(&value)?),
            _ => return Err(unknown_key(key)),
        }
        Ok(())
    }

    /// Builds a context from key/value pairs (what a binding gets from `**context`).
    ///
    /// # Errors
    ///
    /// As [`DecisionContext::set`].
    pub fn from_pairs<K: AsRef<str>>(
        pairs: impl IntoIterator<Item = (K, ContextValue)>,
    ) -> Result<Self, RegistryError> {
        let mut ctx = DecisionContext::default();
        for (k, v) in pairs {
            ctx.set(k.as_ref(), v)?;
        }
        Ok(ctx)
    }

    /// Builds a context from a JSON object of flags and texts (`null` values are skipped).
    ///
    /// # Errors
    ///
    /// As [`DecisionContext::set`]; [`RegistryError::InvalidContextValue`] for numbers,
    /// lists or objects, [`RegistryError::InvalidContext`] when the value is not an object.
    pub fn from_json(value: &serde_json::Value) -> Result<Self, RegistryError> {
        let serde_json::Value::Object(map) = value else {
            return Err(RegistryError::InvalidContext);
        };
        let mut ctx = DecisionContext::default();
        for (k, v) in map {
            let value = match v {
                serde_json::Value::Null => continue,
                serde_json::Value::Bool(b) => ContextValue::Flag(*b),
                serde_json::Value::String(s) => ContextValue::Text(s.clone()),
                _ => {
                    // Check the key first so an unknown key is reported as such.
                    if !CONTEXT_KEYS.contains(&canonical_key(k)) {
                        return Err(unknown_key(k));
                    }
                    return Err(RegistryError::InvalidContextValue { key: short(k) });
                }
            };
            ctx.set(k, value)?;
        }
        Ok(ctx)
    }
}

/// Reads a consent decision id; `None` for ids that are not consent decisions.
fn consent_from_text(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "allowed" | "permitted" | "given" | "granted" | "yes" | "true" | "allow" => Some(true),
        "denied" | "not_permitted" | "refused" | "withdrawn" | "expired" | "invalidated"
        | "not_asked" | "unknown" | "no" | "false" | "deny" | "restricted" => Some(false),
        _ => None,
    }
}

/// The answer to "may this person do this, now?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PermissionDecision {
    /// Who asked.
    pub person: String,
    /// What they asked to do.
    pub action: Action,
    /// The outcome.
    pub outcome: PermissionOutcome,
    /// Who must approve, when the outcome is `needs_approval`.
    pub approver_role: Option<Role>,
    /// The stable id of the rule that decided (for example `view_image_dsl_only`).
    pub rule: String,
    /// Why, in plain words.
    pub reason: String,
    /// What must be done alongside (logging, transfer and delete, who is present).
    pub conditions: Vec<String>,
    /// What is still missing: the AUP audiences to be signed, when the rule is about
    /// signatures or (on an allowed `publish_image`) the staff AUP is not current, or the facts (context keys such as `necessary` or `slt_permission`) to
    /// be recorded before the answer can be yes.
    pub missing: Vec<String>,
    /// Where the rule comes from (DOMAIN.md section, seed and section, national guidance).
    pub source: String,
}

/// The parts of a decision a rule fills in.
pub(super) struct Verdict {
    outcome: PermissionOutcome,
    approver_role: Option<Role>,
    rule: &'static str,
    reason: String,
    conditions: Vec<String>,
    missing: Vec<String>,
    source: String,
}

impl Verdict {
    fn new(outcome: PermissionOutcome, rule: &'static str, reason: &str, source: &str) -> Self {
        Verdict {
            outcome,
            approver_role: None,
            rule,
            reason: reason.to_owned(),
            conditions: Vec::new(),
            missing: Vec::new(),
            source: source.to_owned(),
        }
    }

    pub(super) fn allowed(rule: &'static str, reason: &str, source: &str) -> Self {
        Self::new(PermissionOutcome::Allowed, rule, reason, source)
    }

    pub(super) fn denied(rule: &'static str, reason: &str, source: &str) -> Self {
        Self::new(PermissionOutcome::Denied, rule, reason, source)
    }

    pub(super) fn justify(rule: &'static str, reason: &str, source: &str) -> Self {
        Self::new(PermissionOutcome::NeedsJustification, rule, reason, source)
    }

    pub(super) fn approval(approver: Role, rule: &'static str, reason: &str, source: &str) -> Self {
        let mut v = Self::new(PermissionOutcome::NeedsApproval, rule, reason, source);
        v.approver_role = Some(approver);
        v
    }

    pub(super) fn with(mut self, conditions: &[&str]) -> Self {
        self.conditions = conditions.iter().map(|c| (*c).to_owned()).collect();
        self
    }

    /// Names the facts (context keys) still to be recorded.
    pub(super) fn needing(mut self, facts: &[&str]) -> Self {
        self.missing = facts.iter().map(|f| (*f).to_owned()).collect();
        self
    }
}

/// Who approves instead when the approver a rule names is a role the asker holds: nobody
/// approves their own request.
fn approver_other_than(approver: Role, roles: &[Role]) -> Role {
    let chain: &[Role] = match approver {
        Role::Dsl | Role::DeputyDsl => &[Role::Dsl, Role::DeputyDsl, Role::Headteacher],
        _ => &[approver, Role::Headteacher, Role::Slt],
    };
    chain
        .iter()
        .chain(&[Role::ChairOfGovernors])
        .copied()
        .find(|r| !roles.contains(r))
        // Someone holding every one of those roles: the governing board as a body.
        .unwrap_or(Role::GoverningBoard)
}

const SRC_VIEW: &str = "UKCIS nudes 2024 staff response; UKCIS nudes 2024 viewing; seed 003 §11.2";
const SRC_CSAM: &str = "UKCIS nudes 2024 adult involved; Incident csam; seed 003 §11.4";
const SRC_SEARCH_DFE: &str = "Incident R7; DfE searching 2022";
const SRC_SEARCH_004: &str = "seed 004 §6.3; Incident R7; Local choice pupil searches";
const SRC_SEARCH_001: &str =
    "seed 001 Pupils' use of personal devices and mobile phones; Local choice pupil searches";
const SRC_CONFISCATE: &str = "Incident R7; DfE searching 2022; seed 001 Pupils' use of personal devices and mobile phones; seed 004 §6.3";
const SRC_DELETE: &str = "UKCIS nudes 2024 deletion; seed 003 §11.2";
const SRC_UNBLOCK: &str = "DfE F&M standard 3 filtering; seed 000 Technical Infrastructure";
const SRC_FILTER: &str = "DfE F&M standard 1 roles; seed 003 §7.3.1";
const SRC_CP_RECORDS: &str = "seed 003 §7.5.1; KCSIE 2025 Annex C";
const SRC_PUBLISH: &str =
    "Consent rule 1; Consent rule 2; Consent rule 3; Consent rule 4; Consent rule 5";
const SRC_FULL_NAMES: &str = "Consent rule 6; seed 000 Use of digital images and sound";
const SRC_SOCIAL: &str = "Roles and duties; AUP audiences; seed 001 Official use of social media";
const SRC_PHOTO_000: &str =
    "seed 000 with respect to personal devices; Local choice personal devices";
const SRC_PHOTO_001: &str =
    "seed 001 Staff use of personal devices and mobile phones; Local choice personal devices";
const SRC_PHOTO_NEVER: &str = "Local choice personal devices; seed 003 §7.11";
const SRC_CONTACT: &str = "Incident staff_low_level_concern; Local choice social media contact";
const SRC_CONTACT_001: &str =
    "seed 001 Staff personal use of social media; Local choice social media contact";
const SRC_GUEST: &str = "AUP sign before access; seed 003 §7.2; seed 000 Technical Infrastructure";
const SRC_PHOTOGRAPHER: &str = "seed 000 Use of digital images and sound";
const SRC_GUEST_002: &str = "seed 002 Monitoring, and Averting Online Safety Incidents";
const SRC_GUEST_004: &str = "seed 004 §7; Local choice AUP signatures";
const SRC_ROLES: &str = "Roles and duties";

/// No network access without a current AUP signature (AUP sign before access): the
/// refusal when an AUP the person must sign is published and they hold no current
/// signature; `None` when every required AUP is signed, or none is published yet (the
/// registry then keeps no AUPs to judge by).
fn unsigned_aup(reg: &Registry, person: &str, at: DateTime<Utc>) -> Option<Verdict> {
    let access = reg.may_access_systems(person, at);
    let unsigned: Vec<&str> = access
        .gaps
        .iter()
        .filter(|g| g.problem != super::aup::SignatureProblem::NotPublished)
        .map(|g| g.audience.as_str())
        .collect();
    (!unsigned.is_empty()).then(|| {
        Verdict::denied(
            "sign_before_access",
            &format!(
                "no current AUP signature for: {}; no signature means no network access",
                unsigned.join(", ")
            ),
            "AUP sign before access; seed 003 §7.2",
        )
    })
}

/// Whether a recorded text says something: at least one letter or digit, so that blank,
/// invisible (`\u{200b}`, NUL) or punctuation-only text (`-`) is no justification.
fn is_written(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

/// Decides one action for one person at one instant (see [`Registry::decide`]).
pub(crate) fn decide(
    reg: &Registry,
    person: &str,
    action: Action,
    at: DateTime<Utc>,
    ctx: &DecisionContext,
) -> Result<PermissionDecision, RegistryError> {
    let on = SchoolClock::london().local_date(at);
    let roles = reg.acting_roles(person, on);
    let has = |r: Role| roles.contains(&r);
    let staff = roles.iter().any(|r| r.is_staff());
    let dsl = has(Role::Dsl) || has(Role::DeputyDsl);
    let settings = reg.settings();
    let verdict = match action {
        // Whoever holds no role on the day (unknown, or whose assignment has ended) is
        // not someone the policy lets do anything: no rule below is read for them.
        _ if roles.is_empty() => Verdict::denied(
            "no_role",
            "the person holds no role on this date: the policy permits them nothing",
            SRC_ROLES,
        ),
        Action::ViewSuspectedIndecentImage => {
            if ctx.adult_involved == Some(true) {
                Verdict::denied(
                    "csam_never_view",
                    "imagery involving an adult is child sexual abuse material: nobody views, copies or forwards it; secure the device and refer to the police",
                    SRC_CSAM,
                )
            } else if !(dsl || has(Role::Headteacher)) {
                Verdict::denied(
                    "view_image_dsl_only",
                    "only the DSL (or a deputy) or the headteacher may view a suspected indecent image, and only when unavoidable; tell the DSL straight away and do not view, copy, share or delete it",
                    SRC_VIEW,
                )
            } else if ctx.unavoidable == Some(false) {
                Verdict::denied(
                    "view_image_only_when_unavoidable",
                    "viewing is the exception: it is not allowed when there is another way to safeguard the child",
                    SRC_VIEW,
                )
            } else if ctx.justification.as_deref().is_some_and(is_written) {
                Verdict::allowed(
                    "view_image_dsl_justified",
                    "the DSL (or the headteacher) may view when there is no other way to safeguard the child, with the justification recorded",
                    SRC_VIEW,
                )
                .with(if ctx.adult_involved.is_none() {
                    &[
                        "another senior member of staff is present and does not look",
                        "on school premises and a school device",
                        "the viewer is the same sex as the child where possible",
                        "record who viewed, when and why",
                        "not if an adult may be involved: that is child sexual abuse material, never viewed, and goes to the police",
                    ][..]
                } else {
                    &[
                        "another senior member of staff is present and does not look",
                        "on school premises and a school device",
                        "the viewer is the same sex as the child where possible",
                        "record who viewed, when and why",
                    ][..]
                })
            } else {
                Verdict::justify(
                    "view_image_dsl_justified",
                    "the DSL (or the headteacher) may view only when unavoidable and must record the justification first",
                    SRC_VIEW,
                )
                .needing(&["justification"])
            }
        }
        Action::SearchPupilDevice => search(settings.search_rule, staff, &roles, ctx),
        Action::ConfiscateDevice => {
            if !staff {
                Verdict::denied(
                    "confiscate_staff_only",
                    "only school staff may confiscate a device",
                    SRC_CONFISCATE,
                )
            } else if ctx.reasonable_grounds == Some(true) {
                Verdict::allowed(
                    "confiscate_reasonable_grounds",
                    "staff may confiscate a device they have reasonable grounds to think breaks the rules, poses a risk or holds evidence",
                    SRC_CONFISCATE,
                )
                .with(&[
                    "keep the device secure (school office)",
                    "if an indecent image is suspected: do not view it and tell the DSL at once",
                    "hand it to the police if it may hold illegal material",
                ])
            } else if ctx.reasonable_grounds == Some(false) {
                Verdict::denied(
                    "confiscate_no_reasonable_grounds",
                    "without reasonable grounds a device is not confiscated",
                    SRC_CONFISCATE,
                )
            } else {
                Verdict::justify(
                    "confiscate_reasonable_grounds",
                    "record the reasonable grounds for confiscating the device",
                    SRC_CONFISCATE,
                )
                .needing(&["reasonable_grounds"])
            }
        }
        Action::DeleteDeviceContent => {
            if ctx.adult_involved == Some(true) {
                Verdict::denied(
                    "csam_never_delete",
                    "imagery involving an adult is child sexual abuse material: the school never deletes it; secure the device and refer to the police, who decide what happens to it",
                    SRC_CSAM,
                )
            } else if !dsl {
                Verdict::denied(
                    "delete_dsl_only",
                    "only the DSL decides on deleting content, after confirming no other agency needs it",
                    SRC_DELETE,
                )
            } else if ctx.referral_made == Some(true) {
                Verdict::denied(
                    "delete_not_after_referral",
                    "content is never deleted once there is a referral: it may be evidence",
                    SRC_DELETE,
                )
            } else if ctx.agencies_confirmed_not_needed == Some(true) {
                Verdict::allowed(
                    "delete_after_agency_check",
                    "the DSL has confirmed no other agency needs the content",
                    SRC_DELETE,
                )
                .with(&[
                    "record the decision and the reason",
                    "point the young person to Report Remove for takedown",
                ])
            } else {
                let denied = Verdict::denied(
                    "delete_after_agency_check",
                    "confirm first that no other agency needs the content and that deleting it puts no child at risk",
                    SRC_DELETE,
                );
                // Unknown is no; name the fact that would change the answer.
                match ctx.agencies_confirmed_not_needed {
                    None => denied.needing(&["agencies_confirmed_not_needed"]),
                    Some(_) => denied,
                }
            }
        }
        Action::ApproveUnblock | Action::ChangeFiltering => {
            let (rule, src) = if action == Action::ApproveUnblock {
                ("unblock_by_slt_fm_lead", SRC_UNBLOCK)
            } else {
                ("filter_change_by_slt_fm_lead", SRC_FILTER)
            };
            if has(Role::SltFmLead) {
                Verdict::allowed(
                    rule,
                    "the SLT filtering and monitoring lead approves and documents what is blocked or allowed, and why",
                    src,
                )
                .with(&["log the change and the reason"])
            } else if super::FILTER_APPROVER_ROLES.iter().any(|r| has(*r)) {
                Verdict::allowed(
                    rule,
                    "a member of the senior leadership team (the headteacher or SLT) approves and documents what is blocked or allowed, and why",
                    src,
                )
                .with(&["log the change and the reason"])
            } else if staff {
                Verdict::approval(
                    Role::SltFmLead,
                    rule,
                    "staff may ask; the SLT filtering and monitoring lead approves and logs it",
                    src,
                )
            } else {
                Verdict::denied(rule, "only staff may ask for a filtering change", src)
            }
        }
        Action::AccessChildProtectionRecords => {
            if roles
                .iter()
                .any(|r| settings.child_protection_record_roles.contains(r))
            {
                Verdict::allowed(
                    "cp_records_per_job_role",
                    "access to child-protection records is granted per job role",
                    SRC_CP_RECORDS,
                )
                .with(&["who has access is reviewed regularly"])
            } else {
                Verdict::denied(
                    "cp_records_per_job_role",
                    "access to child-protection records is restricted per job role; report concerns to the DSL",
                    SRC_CP_RECORDS,
                )
            }
        }
        Action::PublishImage => {
            let access = reg.may_access_systems(person, at);
            let unsigned: Vec<String> = access
                .missing
                .iter()
                .filter(|a| a.as_str() == Audience::Staff.as_str())
                .cloned()
                .collect();
            publish(staff, unsigned, ctx)
        }
        Action::RunOfficialSocialMedia => {
            if !has(Role::SocialMediaOfficer) {
                Verdict::denied(
                    "social_media_officers_only",
                    "only staff appointed as social-media officers run official accounts",
                    SRC_SOCIAL,
                )
            } else {
                let access = reg.may_access_systems(person, at);
                let mut missing: Vec<String> = access
                    .missing
                    .iter()
                    .filter(|a| {
                        a.as_str() == Audience::Staff.as_str()
                            || a.as_str() == Audience::SocialMediaOfficer.as_str()
                    })
                    .cloned()
                    .collect();
                missing.dedup();
                if !missing.is_empty() {
                    let mut v = Verdict::denied(
                        "social_media_aup_signed",
                        "the staff and social-media AUPs must be signed and current before running an official account",
                        SRC_SOCIAL,
                    );
                    v.missing = missing;
                    v
                } else if others_approval(&roles, ctx.head_approval) == Some(true)
                    || (has(Role::Headteacher) && ctx.slt_permission == Some(true))
                {
                    Verdict::allowed(
                        "social_media_head_approval",
                        "social-media AUP signed and the headteacher has approved",
                        SRC_SOCIAL,
                    )
                    .with(&[
                        "use only school email addresses for the account",
                        "link the account back to the school website",
                    ])
                } else {
                    Verdict::approval(
                        Role::Headteacher,
                        "social_media_head_approval",
                        "official accounts run only with the headteacher's approval",
                        SRC_SOCIAL,
                    )
                    .needing(&[if has(Role::Headteacher) {
                        "slt_permission"
                    } else {
                        "head_approval"
                    }])
                }
            }
        }
        Action::PhotographOnPersonalDevice => {
            photograph(settings.personal_device_photos, &roles, staff, ctx)
        }
        Action::ContactPupilViaPersonalAccount => {
            personal_contact(settings.personal_social_media_contact, &roles, staff, ctx)
        }
        Action::GrantGuestAccess => guest(reg, staff, &roles, at, ctx)?,
        Action::UsePersonalPhone => super::devices::use_phone(&settings.devices, &roles, ctx),
        Action::ConnectPersonalDeviceToWifi => {
            let visitor_with_key = has(Role::Visitor) && ctx.wifi_key == Some(true);
            match super::devices::join_wifi(&settings.devices, &roles, visitor_with_key) {
                joins if joins.outcome == PermissionOutcome::Allowed => {
                    unsigned_aup(reg, person, at).unwrap_or(joins)
                }
                refused => refused,
            }
        }
    };
    let mut verdict = verdict;
    if let Some(approver) = verdict.approver_role
        && roles.contains(&approver)
    {
        verdict.approver_role = Some(approver_other_than(approver, &roles));
    }
    Ok(PermissionDecision {
        person: person.to_owned(),
        action,
        outcome: verdict.outcome,
        approver_role: verdict.approver_role,
        rule: verdict.rule.to_owned(),
        reason: verdict.reason,
        conditions: verdict.conditions,
        missing: verdict.missing,
        source: verdict.source.to_owned(),
    })
}

fn search(rule: SearchRule, staff: bool, roles: &[Role], ctx: &DecisionContext) -> Verdict {
    // For a search, a bare `consent` is the pupil's.
    let pupil_consent = ctx.pupil_consent.or(ctx.consent);
    let head = roles.contains(&Role::Headteacher);
    let leadership = roles.iter().any(|r| r.is_leadership());
    let search_conditions: &[&str] = &[
        "search in the pupil's presence unless there is a risk of serious harm",
        "staff of the same sex where possible",
        "if an indecent image is suspected: do not view it and tell the DSL",
    ];
    if !staff {
        return Verdict::denied(
            "search_staff_only",
            "only school staff may search a pupil's device",
            match rule {
                SearchRule::Dfe => SRC_SEARCH_DFE,
                SearchRule::PupilConsentElseParents => SRC_SEARCH_004,
                SearchRule::PupilOrParentConsent => SRC_SEARCH_001,
            },
        );
    }
    match rule {
        SearchRule::PupilOrParentConsent => {
            if !leadership {
                Verdict::denied(
                    "search_leadership_with_consent",
                    "a member of the leadership team carries out device searches",
                    SRC_SEARCH_001,
                )
            } else if pupil_consent == Some(true) || ctx.parent_consent == Some(true) {
                Verdict::allowed(
                    "search_leadership_with_consent",
                    "a member of the leadership team may search with the consent of the pupil or the parents",
                    SRC_SEARCH_001,
                )
                .with(search_conditions)
            } else {
                Verdict::denied(
                    "search_leadership_with_consent",
                    "no consent from the pupil or the parents is recorded (unknown counts as no)",
                    SRC_SEARCH_001,
                )
                .needing(&["pupil_consent", "parent_consent"])
            }
        }
        SearchRule::Dfe | SearchRule::PupilConsentElseParents => {
            let src = if rule == SearchRule::Dfe {
                SRC_SEARCH_DFE
            } else {
                SRC_SEARCH_004
            };
            if !(head || ctx.authorised_by_headteacher == Some(true)) {
                return Verdict::approval(
                    Role::Headteacher,
                    "search_authorised_staff",
                    "the headteacher, or staff the headteacher authorises, carry out searches",
                    src,
                )
                .needing(&["authorised_by_headteacher"]);
            }
            if rule == SearchRule::PupilConsentElseParents {
                match pupil_consent {
                    Some(true) => Verdict::allowed(
                        "search_pupil_consent",
                        "the pupil has agreed to the search after being told why and how",
                        src,
                    )
                    .with(search_conditions),
                    Some(false) => Verdict::denied(
                        "search_pupil_consent",
                        "the pupil refused: there is no search and parents are contacted immediately",
                        src,
                    )
                    .with(&["contact the parents immediately"]),
                    None => Verdict::denied(
                        "search_pupil_consent",
                        "the pupil must be asked for consent first (unknown counts as no)",
                        src,
                    )
                    .with(&["ask the pupil; if they refuse, contact the parents immediately"])
                    .needing(&["pupil_consent"]),
                }
            } else if ctx.reasonable_grounds == Some(true) {
                Verdict::allowed(
                    "search_dfe_reasonable_grounds",
                    "the headteacher or authorised staff may search with reasonable grounds",
                    src,
                )
                .with(search_conditions)
            } else if pupil_consent == Some(true) {
                Verdict::allowed(
                    "search_dfe_with_agreement",
                    "staff may search with the pupil's informed agreement",
                    src,
                )
                .with(search_conditions)
            } else if ctx.reasonable_grounds == Some(false) && pupil_consent == Some(false) {
                Verdict::denied(
                    "search_dfe_no_grounds_no_agreement",
                    "without reasonable grounds and without the pupil's agreement a device is not searched",
                    src,
                )
            } else {
                Verdict::justify(
                    "search_dfe_reasonable_grounds",
                    "record the reasonable grounds for the search (or ask the pupil to agree)",
                    src,
                )
                .needing(&match ctx.reasonable_grounds {
                    Some(false) => ["pupil_consent"],
                    _ => ["reasonable_grounds"],
                })
            }
        }
    }
}

fn publish(staff: bool, unsigned: Vec<String>, ctx: &DecisionContext) -> Verdict {
    let channel = ctx.channel.as_deref().unwrap_or("this channel");
    let parsed = ctx.channel.as_deref().map(crate::consent::Channel::parse);
    if let Some(Err(_)) = parsed {
        return Verdict::denied(
            "publish_image_unknown_channel",
            &format!(
                "`{}` is not one of the school's channels: deny by default",
                short(channel)
            ),
            SRC_PUBLISH,
        );
    }
    if !staff {
        return Verdict::denied(
            "publish_staff_only",
            "only staff publish images on the school's behalf",
            SRC_PUBLISH,
        );
    }
    // The names rule is the consent ledger's (rule 6: the website, blogs and school social
    // media); with no channel named it applies, to protect the pupil.
    let names_rule = parsed.is_none_or(|c| c.is_ok_and(|c| c.forbids_full_names()));
    let verdict = match ctx.consent {
        None => Verdict::denied(
            "publish_image_deny_by_default",
            &format!("no consent decision for {channel}: deny by default"),
            SRC_PUBLISH,
        ),
        Some(false) => Verdict::denied(
            "publish_image_consent",
            &format!("consent is not in place for {channel}"),
            SRC_PUBLISH,
        ),
        Some(true) if names_rule && ctx.full_name_shown == Some(true) => Verdict::denied(
            "publish_image_no_full_names",
            "no full names beside images on the website, blogs or school social media",
            SRC_FULL_NAMES,
        ),
        Some(true) if names_rule => Verdict::allowed(
            "publish_image_consent",
            &format!("consent is in place for {channel}"),
            SRC_PUBLISH,
        )
        .with(&["no full names beside the image"]),
        Some(true) => Verdict::allowed(
            "publish_image_consent",
            &format!("consent is in place for {channel}"),
            SRC_PUBLISH,
        ),
    };
    // The staff AUP covers images ("only with written consent", DOMAIN.md §4.2): one that
    // is not current is named in `missing` on an allowed answer, as `may_access_systems`
    // names it (earlier answers pin the outcome itself).
    let mut verdict = verdict;
    if verdict.outcome == PermissionOutcome::Allowed {
        verdict.missing = unsigned;
    }
    verdict
}

fn photograph(
    rule: PersonalDevicePhotos,
    roles: &[Role],
    staff: bool,
    ctx: &DecisionContext,
) -> Verdict {
    let pupil_only = !roles.is_empty() && roles.iter().all(|r| *r == Role::Pupil);
    // The headteacher is a member of SLT, so the head's approval is SLT permission, except
    // for the head's own photos: nobody approves their own request.
    let head_approval = others_approval(roles, ctx.head_approval);
    let permission = match (ctx.slt_permission, head_approval) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), _) | (_, Some(false)) => Some(false),
        _ => None,
    };
    if pupil_only {
        return Verdict::denied(
            "pupil_devices_behaviour_policy",
            "pupils' personal devices follow the school's phone and behaviour rules, not staff photo rules",
            "Local choice personal devices",
        );
    }
    match rule {
        PersonalDevicePhotos::Never => Verdict::denied(
            "no_personal_device_photos",
            "photos and videos of pupils are taken on school equipment only, never on a personal phone or device",
            SRC_PHOTO_NEVER,
        ),
        PersonalDevicePhotos::WithSltPermission => match permission {
            Some(true) => Verdict::allowed(
                "personal_device_photos_slt_permission",
                "SLT has given express permission for photos on a personal device",
                SRC_PHOTO_000,
            )
            .with(&[
                "use only the school's internet connection on site",
                "the device is pin or fingerprint protected",
            ]),
            Some(false) => Verdict::denied(
                "personal_device_photos_slt_permission",
                "SLT has not given permission: no photos on a personal device",
                SRC_PHOTO_000,
            ),
            // Leaders too: nobody gives themselves the permission.
            None => Verdict::approval(
                Role::Headteacher,
                "personal_device_photos_slt_permission",
                "no photos on a personal device for any purpose without the express permission of SLT (`slt_permission` is not recorded; unknown counts as no)",
                SRC_PHOTO_000,
            )
            .needing(&["slt_permission"]),
        },
        PersonalDevicePhotos::WhenNecessaryThenTransfer => {
            if !staff {
                if permission == Some(true) {
                    Verdict::allowed(
                        "visitor_photos_image_policy",
                        "visitors photograph only as the image use policy and the school allow",
                        SRC_PHOTO_001,
                    )
                } else {
                    Verdict::approval(
                        Role::Headteacher,
                        "visitor_photos_image_policy",
                        "visitors and parents photograph only as the image use policy allows",
                        SRC_PHOTO_001,
                    )
                    .needing(&["head_approval"])
                }
            } else {
                match ctx.necessary {
                    Some(false) => Verdict::denied(
                        "personal_device_photos_then_transfer",
                        "personal-device photos only when appropriate and necessary for professional purposes",
                        SRC_PHOTO_001,
                    ),
                    None => Verdict::justify(
                        "personal_device_photos_then_transfer",
                        "record why a personal device is appropriate and necessary for professional purposes (`necessary` is not recorded; unknown counts as no)",
                        SRC_PHOTO_001,
                    )
                    .needing(&["necessary"]),
                    Some(true) => Verdict::allowed(
                        "personal_device_photos_then_transfer",
                        "staff may photograph on a personal device when necessary for professional purposes",
                        SRC_PHOTO_001,
                    )
                    .with(&[
                        "only when appropriate and necessary for professional purposes",
                        "download the images to school hardware as soon as practical",
                        "then delete them from the personal device",
                    ]),
                }
            }
        }
    }
}

/// `approval` given by the headteacher, unless the asker is the headteacher: nobody approves
/// their own request, so the head's own approval counts as not given.
pub(super) fn others_approval(roles: &[Role], approval: Option<bool>) -> Option<bool> {
    if roles.contains(&Role::Headteacher) {
        None
    } else {
        approval
    }
}

fn personal_contact(
    rule: PersonalSocialMediaContact,
    roles: &[Role],
    staff: bool,
    ctx: &DecisionContext,
) -> Verdict {
    // The headteacher's own contact needs another leader's permission instead.
    let head = roles.contains(&Role::Headteacher);
    let (approval, fact) = if head {
        (ctx.slt_permission, "slt_permission")
    } else {
        (ctx.head_approval, "head_approval")
    };
    match rule {
        PersonalSocialMediaContact::WithHeadApproval if staff => match approval {
            Some(true) => Verdict::allowed(
                "personal_social_media_contact_head_approval",
                "the headteacher has given prior approval for this contact through a personal account",
                SRC_CONTACT_001,
            )
            .with(&[
                "keep to what the headteacher approved",
                "report any communication from pupils or parents on personal accounts to the DSL",
            ]),
            Some(false) => Verdict::denied(
                "personal_social_media_contact_head_approval",
                "the headteacher has not approved contact through a personal account",
                SRC_CONTACT_001,
            ),
            None => Verdict::approval(
                Role::Headteacher,
                "personal_social_media_contact_head_approval",
                &format!("no contact with pupils or parents through personal social media without the headteacher's prior approval (`{fact}` is not recorded; unknown counts as no)"),
                SRC_CONTACT_001,
            )
            .needing(&[fact]),
        },
        _ => Verdict::denied(
            "never_contact_pupils_personally",
            "nobody contacts a pupil through a personal account, phone or profile; use school accounts and equipment",
            SRC_CONTACT,
        ),
    }
}

fn guest(
    reg: &Registry,
    staff: bool,
    asker: &[Role],
    at: DateTime<Utc>,
    ctx: &DecisionContext,
) -> Result<Verdict, RegistryError> {
    let Some(guest) = ctx.guest.as_deref() else {
        return Err(RegistryError::MissingContext {
            key: "guest".to_owned(),
        });
    };
    if !staff {
        return Ok(Verdict::denied(
            "guest_access_by_staff",
            "only staff give guests access",
            SRC_GUEST,
        ));
    }
    let on = SchoolClock::london().local_date(at);
    let record = ["record who has been given access"];
    // A professional photographer never has unsupervised access to children, signed AUP
    // or not (seed 000 "Use of digital images and sound"; DOMAIN.md §2).
    let photographer = reg
        .assignments()
        .roles_of(guest, on)
        .contains(&Role::Photographer);
    if photographer && ctx.unsupervised == Some(true) {
        return Ok(Verdict::denied(
            "photographer_never_unsupervised",
            "a photographer the school engages never has unsupervised access to children",
            SRC_PHOTOGRAPHER,
        ));
    }
    if ctx.unsupervised == Some(true) {
        let status = reg.audience_status(guest, Audience::Staff, at);
        return Ok(match status {
            None => Verdict::allowed(
                "unsupervised_guest_signs_staff_aup",
                "the guest has signed the staff AUP, as anyone given unsupervised access must",
                SRC_GUEST,
            )
            .with(&record),
            Some(_) => {
                let mut v = Verdict::denied(
                    "unsupervised_guest_signs_staff_aup",
                    "anyone given unsupervised access must sign the staff AUP first",
                    SRC_GUEST,
                );
                v.missing = vec![Audience::Staff.as_str().to_owned()];
                v
            }
        });
    }
    let roles = reg.roles_of(guest, on);
    let visitor_only = roles
        .iter()
        .all(|r| r.default_audience() == Some(Audience::Visitor))
        && reg
            .assignments()
            .of_person(guest, on)
            .iter()
            .all(|a| a.audience.is_none());
    if reg.settings().visitor_access == VisitorAccess::AccessSlip && visitor_only {
        return Ok(Verdict::allowed(
            "visitor_access_slip",
            "visitors abide by the notice on their access slip; they do not sign an AUP",
            SRC_GUEST_004,
        )
        .with(&[
            "give the visitor the access slip with its notice",
            "record who has been given access",
        ]));
    }
    if reg.settings().visitor_access == VisitorAccess::GenericLogin && visitor_only {
        let keeps_key = asker.contains(&Role::Dsl) || asker.contains(&Role::DeputyDsl);
        if ctx.wifi_key == Some(true) && keeps_key {
            return Ok(Verdict::allowed(
                "generic_visitor_login",
                "the DSL keeps the guest wireless key and issues it case by case",
                SRC_GUEST_002,
            )
            .with(&["record who was given the guest key"]));
        }
        if ctx.wifi_key == Some(true) {
            return Ok(Verdict::approval(
                Role::Dsl,
                "generic_visitor_login",
                "the guest wireless key is kept by the office and the DSL and issued case by case",
                SRC_GUEST_002,
            ));
        }
        return Ok(Verdict::allowed(
            "generic_visitor_login",
            "visitors use the generic visitor login to part of the school systems",
            SRC_GUEST_002,
        )
        .with(&[
            "generic visitor login only",
            "guest Wi-Fi key only case by case",
        ]));
    }
    let missing = if roles.is_empty() {
        match reg.audience_status(guest, Audience::Visitor, at) {
            None => Vec::new(),
            Some(_) => vec![Audience::Visitor.as_str().to_owned()],
        }
    } else {
        reg.may_access_systems(guest, at).missing
    };
    Ok(if missing.is_empty() {
        let supervised = [
            record[0],
            "a photographer is supervised at all times, never alone with children",
        ];
        Verdict::allowed(
            "guest_must_have_signed",
            "the guest has a current signed AUP",
            SRC_GUEST,
        )
        .with(if photographer { &supervised } else { &record })
    } else {
        let mut v = Verdict::denied(
            "guest_must_have_signed",
            "the guest must sign the AUP before any access",
            SRC_GUEST,
        );
        v.missing = missing;
        v
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_ids_round_trip() {
        for &a in ALL_ACTIONS {
            assert_eq!(a.as_str().parse::<Action>().unwrap(), a);
        }
        let err = "fly".parse::<Action>().unwrap_err();
        assert_eq!(crate::ErrorCode::code(&err), "registry_unknown_action");
    }

    #[test]
    fn context_parsing() {
        let ctx = DecisionContext::from_json(&serde_json::json!({
            "consent": "permitted", "channel": "school_website", "full_name_shown": false, "guest": null
        }))
        .unwrap();
        assert_eq!(ctx.consent, Some(true));
        assert_eq!(ctx.guest, None);
        let err = DecisionContext::from_json(&serde_json::json!({"colour": true})).unwrap_err();
        assert_eq!(crate::ErrorCode::code(&err), "registry_unknown_context_key");
        let err = DecisionContext::from_json(&serde_json::json!({"colour": 3})).unwrap_err();
        assert_eq!(crate::ErrorCode::code(&err), "registry_unknown_context_key");
        let err =
            DecisionContext::from_json(&serde_json::json!({"pupil_consent": "yes"})).unwrap_err();
        assert_eq!(
            crate::ErrorCode::code(&err),
            "registry_invalid_context_value"
        );
        let err =
            DecisionContext::from_json(&serde_json::json!({"consent": "perhaps"})).unwrap_err();
        assert_eq!(
            crate::ErrorCode::code(&err),
            "registry_invalid_context_value"
        );
        let ctx = DecisionContext::from_json(&serde_json::json!({"consent_decision": "allowed"}))
            .unwrap();
        assert_eq!(ctx.consent, Some(true));
        for (alias, key) in CONTEXT_KEY_ALIASES {
            assert!(CONTEXT_KEYS.contains(&key), "{alias}");
        }
        for key in CONTEXT_KEYS {
            let mut ctx = DecisionContext::default();
            let ok_flag = ctx.set(key, ContextValue::Flag(true)).is_ok();
            // A channel is a consent channel id; other text keys take any text.
            let text = if key == "channel" {
                "school_website"
            } else {
                "yes"
            };
            let ok_text = ctx.set(key, ContextValue::Text(text.into())).is_ok();
            assert!(ok_flag || ok_text, "{key}");
        }
    }
}
