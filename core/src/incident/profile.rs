//! School profiles: the local contact directory and the local settings of DOMAIN.md §8.
//!
//! A profile is TOML or JSON text (the caller reads the file and passes `(label, text)`).
//! It *extends* another profile (`national` unless it says otherwise): contacts and
//! settings it does not give come from the base. Presets for the five seed schools are
//! embedded ([`SchoolProfile::preset`]); each was written from the seed's text, and the
//! seed's leftover or mismatched local text (the Somerset team in a Leicestershire school,
//! the Kent team in a Haringey school) is kept as a *flagged* contact or a leftover note:
//! it shows in [`SchoolProfile::warnings`] and is never used in a plan.
//!
//! # Format
//!
//! ```toml
//! schemaVersion = 1            # optional
//! id = "whitwell"
//! name = "Whitwell Primary School"
//! local_authority = "Derbyshire"
//! extends = "national"         # a preset name, or "none"
//!
//! [settings]
//! first_contact_image_incidents = "dsl"         # or "headteacher" (seed 004)
//! search_rule = "dfe"                           # or "pupil_or_parent_consent", "pupil_consent_else_parents"
//! parents_told_of_filtering_breaches = true
//! out_of_hours_alert_contact = "dsl"            # a staff role id (DOMAIN.md §2)
//! pupil_hacking_route = "cyber_choices"         # or "police"
//! incidental_csam_exposure = "iwf_and_delete"   # or "police"
//! head_is_dsl = false
//! online_safety_lead = false
//! serious_incidents_to_la_and_lado = false      # true: seed 000
//! csam_copies_kept_only_for_police = false      # true: seed 003 §11.4
//! record_system = "CPOMS"
//! school_day_start = "08:00"
//! school_day_end = "17:00"
//!
//! [contacts.csc_front_door]                    # an external contact id or a role id
//! name = "Call Derbyshire / Starting Point"
//! phone = "01629 533190"
//! area = "Derbyshire"                          # a different area than local_authority is flagged
//!
//! [[leftovers]]                                # seed text kept for review, never used
//! key = "policy"
//! text = "KSCB guidance"
//! why = "Kent Safeguarding Children Board guidance in a Derbyshire school"
//! source = "seed 003 §11.2"
//! ```
//!
//! # Example
//!
//! ```
//! use esafety_core::incident::{ExternalContact, Recipient, SchoolProfile};
//!
//! let highgate = SchoolProfile::preset("highgate")?;
//! // The seed's Kent text is flagged, not copied into Haringey's directory.
//! assert!(highgate.warnings.iter().any(|w| w.code == "contact_area_mismatch"));
//! assert!(highgate.contact(Recipient::External(ExternalContact::LaEducationSafeguarding)).is_none());
//! // 101 still works: it comes from the national defaults.
//! let police = highgate.contact(Recipient::External(ExternalContact::PoliceNonEmergency)).unwrap();
//! assert_eq!(police.phone.as_deref(), Some("101"));
//! # Ok::<(), esafety_core::incident::IncidentError>(())
//! ```

use super::error::{IncidentError, MAX_INPUT_BYTES, invalid};
use super::fields::{Object, index, join, parse_id};
use super::ids::id_enum;
use super::input::{Role, parse_json};
use crate::vocabulary::Closure;
use chrono::{Datelike, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

id_enum! {
    /// An external contact id (issue 5, DOMAIN.md §2): a recipient outside the school.
    ExternalContact, field = "contact" {
        /// 999.
        PoliceEmergency = "police_emergency",
        /// 101.
        PoliceNonEmergency = "police_non_emergency",
        /// The local children's social care front door (MASH).
        CscFrontDoor = "csc_front_door",
        /// The local authority's emergency duty team: children's social care out of hours
        /// (a referral made out of hours goes to it).
        CscOutOfHours = "csc_out_of_hours",
        /// The Local Authority Designated Officer.
        Lado = "lado",
        /// The local Prevent team or pathway.
        PreventTeam = "prevent_team",
        /// Cyber Choices at the regional organised crime unit.
        CyberChoicesRocu = "cyber_choices_rocu",
        /// The local authority's education safeguarding team.
        LaEducationSafeguarding = "la_education_safeguarding",
        /// The Internet Watch Foundation.
        Iwf = "iwf",
        /// CEOP (National Crime Agency).
        Ceop = "ceop",
        /// The Information Commissioner's Office.
        Ico = "ico",
        /// Action Fraud.
        ActionFraud = "action_fraud",
        /// The government's "report terrorism" service and Anti-Terrorist Hotline.
        CounterTerrorismReporting = "counter_terrorism_reporting",
        /// The school's filtering provider.
        FilteringProvider = "filtering_provider",
        /// The Professionals Online Safety Helpline.
        Posh = "posh",
        /// Childline.
        Childline = "childline",
        /// Report Remove (Childline with the IWF).
        ReportRemove = "report_remove",
    }
}

impl ExternalContact {
    /// Whether the contact is the same everywhere in England (999, IWF, CEOP, ...), so
    /// the national default is right for every school.
    pub fn is_national(self) -> bool {
        !matches!(
            self,
            ExternalContact::CscFrontDoor
                | ExternalContact::CscOutOfHours
                | ExternalContact::Lado
                | ExternalContact::PreventTeam
                | ExternalContact::LaEducationSafeguarding
                | ExternalContact::FilteringProvider
                | ExternalContact::CyberChoicesRocu
        )
    }
}

/// Who receives a step: a school role (DOMAIN.md §2) or an external contact.
///
/// On the wire it is the plain id (`dsl`, `lado`, `police_emergency`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Recipient {
    /// A role inside the school.
    Role(Role),
    /// A contact outside the school.
    External(ExternalContact),
}

impl Recipient {
    /// The id.
    pub fn as_str(self) -> &'static str {
        match self {
            Recipient::Role(r) => r.as_str(),
            Recipient::External(e) => e.as_str(),
        }
    }

    /// Parses a role id or an external contact id.
    pub fn from_id(id: &str) -> Option<Recipient> {
        ExternalContact::from_id(id)
            .map(Recipient::External)
            .or_else(|| Role::from_id(id).map(Recipient::Role))
    }

    /// Whether the recipient is outside the school.
    pub fn is_external(self) -> bool {
        matches!(self, Recipient::External(_))
    }
}

impl std::fmt::Display for Recipient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Recipient {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Recipient {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Recipient::from_id(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown recipient `{s}`")))
    }
}

crate::wire::string_schema!(Recipient, "Recipient");

impl From<Role> for Recipient {
    fn from(role: Role) -> Self {
        Recipient::Role(role)
    }
}

impl From<ExternalContact> for Recipient {
    fn from(contact: ExternalContact) -> Self {
        Recipient::External(contact)
    }
}

id_enum! {
    /// Who staff go to first with a suspected nude or indecent image (DOMAIN.md §8).
    FirstContact, field = "settings.first_contact_image_incidents" {
        /// The DSL (national default, seeds 000–003).
        Dsl = "dsl",
        /// The headteacher, who decides what to do next with the DSL (seed 004 §6.3).
        Headteacher = "headteacher",
    }
}

/// The rule for searching a pupil's device: the vocabulary's one id set.
pub use crate::vocabulary::SearchRule;

id_enum! {
    /// Where a pupil's hacking goes (DOMAIN.md §5.3 `cybercrime`).
    PupilHackingRoute, field = "settings.pupil_hacking_route" {
        /// A Cyber Choices referral for early intervention (seed 003 §11.8, national default).
        CyberChoices = "cyber_choices",
        /// The police (seeds 000, 001: Computer Misuse Act breaches reported to police).
        Police = "police",
    }
}

id_enum! {
    /// What happens when staff or a pupil merely came across child abuse imagery.
    IncidentalCsamRoute, field = "settings.incidental_csam_exposure" {
        /// DSL, report the URL to the IWF, delete incidental copies (seed 003 §11.4;
        /// DOMAIN.md §5.3 `csam`; national default).
        IwfAndDelete = "iwf_and_delete",
        /// Refer to the police immediately, no further access (seed 000 Reporting; R6).
        Police = "police",
    }
}

/// The local settings of DOMAIN.md §8 that change a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LocalSettings {
    /// First contact for image incidents.
    pub first_contact_image_incidents: FirstContact,
    /// The device search rule.
    pub search_rule: SearchRule,
    /// Whether parents are told of filtering breaches involving their child (003).
    pub parents_told_of_filtering_breaches: bool,
    /// Who receives alerts out of hours.
    pub out_of_hours_alert_contact: Role,
    /// Cyber Choices or police for pupil hacking.
    pub pupil_hacking_route: PupilHackingRoute,
    /// Police, or IWF-and-delete, for incidental exposure to abuse images.
    pub incidental_csam_exposure: IncidentalCsamRoute,
    /// Whether the headteacher is also the DSL (seed 002).
    pub head_is_dsl: bool,
    /// Whether the school has a separate online safety lead (seed 000).
    pub online_safety_lead: bool,
    /// Whether serious incidents go to the LA education safeguarding team and the LADO,
    /// who are also asked when the school is unsure how to proceed (seed 000).
    pub serious_incidents_to_la_and_lado: bool,
    /// Whether, when abuse images are found on school devices, the DSL deletes every copy
    /// the police do not ask to be kept (seed 003 §11.4); nationally copies are evidence.
    pub csam_copies_kept_only_for_police: bool,
    /// Where incidents are recorded (`CPOMS` in seed 004).
    pub record_system: String,
    /// Start of the school day, `HH:MM` in the reporter's local time.
    pub school_day_start: String,
    /// End of the school day, `HH:MM`.
    pub school_day_end: String,
    /// Days the school is closed besides weekends and bank holidays (`school.closures`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub closures: Vec<Closure>,
}

impl Default for LocalSettings {
    fn default() -> Self {
        LocalSettings {
            first_contact_image_incidents: FirstContact::Dsl,
            search_rule: SearchRule::Dfe,
            parents_told_of_filtering_breaches: true,
            out_of_hours_alert_contact: Role::Dsl,
            pupil_hacking_route: PupilHackingRoute::CyberChoices,
            incidental_csam_exposure: IncidentalCsamRoute::IwfAndDelete,
            head_is_dsl: false,
            online_safety_lead: false,
            serious_incidents_to_la_and_lado: false,
            csam_copies_kept_only_for_police: false,
            record_system: "the safeguarding concern log".to_owned(),
            school_day_start: "08:00".to_owned(),
            school_day_end: "17:00".to_owned(),
            closures: Vec::new(),
        }
    }
}

impl LocalSettings {
    /// The school day as times (08:00–17:00 if the strings do not parse, which
    /// validation prevents).
    pub fn school_day(&self) -> (NaiveTime, NaiveTime) {
        let default_start = NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default();
        let default_end = NaiveTime::from_hms_opt(17, 0, 0).unwrap_or_default();
        (
            parse_time(&self.school_day_start).unwrap_or(default_start),
            parse_time(&self.school_day_end).unwrap_or(default_end),
        )
    }

    /// Why the school is closed on `date` (a day in England), as a plan says it ("on
    /// Christmas Day, a bank holiday", "in February half term (…)"), or `None` on a school
    /// day that is not a weekend. The [`usual_holiday`](crate::vocabulary::usual_holiday)
    /// weeks count as closed whatever `closures` say: a list of closures that misses them
    /// (only this year's INSET days, last year's calendar) must not take the out-of-hours
    /// route away from an alert in the Christmas or summer holiday.
    pub fn closed_on(&self, date: NaiveDate) -> Option<String> {
        if let Some(name) = crate::vocabulary::bank_holiday(date) {
            return Some(format!("on {name}, a bank holiday"));
        }
        if let Some(closure) = self.closures.iter().find(|c| c.contains(date)) {
            return Some(closure.describe());
        }
        crate::vocabulary::usual_holiday(date).map(|name| {
            let why = if self.closures.is_empty() {
                "the policy names no term dates"
            } else {
                "the policy's closures do not name it"
            };
            format!("in {name}, when schools in England are closed ({why})")
        })
    }

    /// Whether some closure falls in the school year (1 September to 31 August) that
    /// `date` is in: only then do the closures say whether the school was open that day.
    pub fn closures_cover(&self, date: NaiveDate) -> bool {
        let year = if date.month() >= 9 {
            date.year()
        } else {
            date.year() - 1
        };
        let (Some(first), Some(last)) = (
            NaiveDate::from_ymd_opt(year, 9, 1),
            NaiveDate::from_ymd_opt(year + 1, 8, 31),
        ) else {
            return false;
        };
        self.closures
            .iter()
            .any(|c| c.from <= last && c.to >= first)
    }
}

fn parse_time(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").ok()
}

/// One entry of the contact directory.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// The service's name (never a person's name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Telephone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Web address (online form, reporting page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// How and when to use it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub how: Option<String>,
    /// The local authority or police area the contact belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// Where the entry comes from (seed and section).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl Contact {
    /// This contact with each detail it leaves out taken from `below` (the national
    /// directory's entry for the same contact); its area stays its own.
    ///
    /// ```
    /// use esafety_core::incident::Contact;
    ///
    /// let national = Contact { phone: Some("999".into()), ..Contact::default() };
    /// let local = Contact { name: Some("Derbyshire Police".into()), ..Contact::default() };
    /// assert_eq!(local.over(&national).phone.as_deref(), Some("999"));
    /// ```
    pub fn over(self, below: &Contact) -> Contact {
        let or = |mine: Option<String>, theirs: &Option<String>| mine.or_else(|| theirs.clone());
        Contact {
            name: or(self.name, &below.name),
            phone: or(self.phone, &below.phone),
            email: or(self.email, &below.email),
            url: or(self.url, &below.url),
            how: or(self.how, &below.how),
            area: self.area,
            source: or(self.source, &below.source),
        }
    }

    /// A one-line rendering: name, phone, email, url.
    pub fn summary(&self) -> String {
        [&self.name, &self.phone, &self.email, &self.url]
            .iter()
            .filter_map(|v| v.as_deref())
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// Something a reviewer must look at in a profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ProfileWarning {
    /// `contact_area_mismatch`, `missing_local_contact`, `contact_without_details` or
    /// `leftover_text`.
    pub code: String,
    /// The key the warning is about (`contacts.lado`).
    pub key: String,
    /// What is wrong and what the plan does instead.
    pub message: String,
    /// Where the text comes from.
    pub source: String,
}

/// A school's local contacts and settings.
///
/// # Examples
///
/// ```
/// use esafety_core::incident::{FirstContact, SchoolProfile};
///
/// let p = SchoolProfile::from_text("school.toml", r#"
///     id = "example"
///     name = "Example Primary"
///     [settings]
///     first_contact_image_incidents = "headteacher"
/// "#)?;
/// assert_eq!(p.settings.first_contact_image_incidents, FirstContact::Headteacher);
///
/// let err = SchoolProfile::from_text("school.toml", "[settings]\nsearch_rule = \"ask\"\n").unwrap_err();
/// assert_eq!(err.field(), Some("settings.search_rule"));
/// assert_eq!(err.file(), Some("school.toml"));
/// # Ok::<(), esafety_core::incident::IncidentError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SchoolProfile {
    /// A short id (`national`, `whitwell`).
    pub id: String,
    /// The school's name.
    pub name: String,
    /// The local authority, when known.
    pub local_authority: Option<String>,
    /// The usable contact directory (merged over the base profile).
    pub contacts: BTreeMap<Recipient, Contact>,
    /// Contacts the profile names but which are flagged and not used.
    pub ignored_contacts: BTreeMap<Recipient, Contact>,
    /// The local settings.
    pub settings: LocalSettings,
    /// What a reviewer must check.
    pub warnings: Vec<ProfileWarning>,
    /// Steps the school adds to a category's procedure (never removing or weakening a
    /// statutory one).
    #[serde(default)]
    pub local_steps: Vec<crate::incident::plan::LocalStep>,
}

/// The preset names, in seed order after `national` (the school policy presets).
pub const PRESET_NAMES: &[&str] = &crate::policy::PRESET_IDS;

/// Local contacts every school should have; their absence is a warning.
const LOCAL_CONTACTS: &[ExternalContact] = &[
    ExternalContact::Lado,
    ExternalContact::CscFrontDoor,
    ExternalContact::PreventTeam,
    ExternalContact::LaEducationSafeguarding,
];

impl Default for SchoolProfile {
    fn default() -> Self {
        SchoolProfile::national()
    }
}

impl SchoolProfile {
    /// The national defaults: 999, 101, IWF, CEOP, Childline, POSH, ICO, Action Fraud,
    /// counter-terrorism reporting; DOMAIN.md defaults for every setting; no local
    /// contacts.
    pub fn national() -> SchoolProfile {
        crate::policy::SchoolPolicy::national()
            .incident_profile()
            .clone()
    }

    /// A built-in profile: `national`, `kilby` (seed 000), `highgate` (001), `ely` (002),
    /// `whitwell` (003) or `russell_house` (004). `-` is read as `_`, case is ignored.
    ///
    /// # Errors
    ///
    /// [`IncidentError::UnknownPreset`] for any other name.
    pub fn preset(name: &str) -> Result<SchoolProfile, IncidentError> {
        crate::policy::SchoolPolicy::preset(name)
            .map(|p| p.incident_profile().clone())
            .map_err(|_| IncidentError::UnknownPreset {
                name: name.chars().take(60).collect(),
                hint: crate::vocabulary::unknown_hint(name, crate::policy::PRESET_IDS),
            })
    }

    /// Reads a profile from TOML or JSON text. `label` is the file name used in errors;
    /// a label ending `.json` (or text starting with `{`) is read as JSON, anything else
    /// as TOML.
    ///
    /// # Errors
    ///
    /// An [`IncidentError`] naming the file, the key path and why.
    pub fn from_text(label: &str, text: &str) -> Result<SchoolProfile, IncidentError> {
        parse_profile(label, text, 0)
    }

    /// The usable contact for a recipient (flagged contacts are never returned).
    pub fn contact(&self, recipient: Recipient) -> Option<&Contact> {
        self.contacts.get(&recipient)
    }

    /// The profile as a JSON value (what `to_dict()` returns in the bindings), with
    /// `schemaVersion`.
    pub fn to_json_value(&self) -> Value {
        let mut value = serde_json::to_value(self).unwrap_or(Value::Null);
        if let Value::Object(map) = &mut value {
            map.insert(
                "schemaVersion".to_owned(),
                Value::from(crate::wire::SCHEMA_VERSION),
            );
        }
        value
    }
}

fn parse_profile(label: &str, text: &str, depth: u8) -> Result<SchoolProfile, IncidentError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(IncidentError::TooLarge);
    }
    if text.trim_start_matches('\u{FEFF}').trim().is_empty() {
        // A file that could not be read, or a form sent blank: never the national defaults.
        return Err(IncidentError::Syntax {
            file: Some(label.to_owned()),
            line: 1,
            column: 1,
            why:
                "the profile is empty: nothing was read, so none of the school's settings is known"
                    .to_owned(),
        });
    }
    let is_json = label.to_ascii_lowercase().ends_with(".json")
        || text
            .trim_start_matches(['\u{FEFF}', ' ', '\t', '\r', '\n'])
            .starts_with('{');
    let value = if is_json {
        parse_json(text).map_err(|e| e.in_file(label))?
    } else {
        crate::wire::toml_value(text).map_err(|e| match e {
            crate::wire::TomlError::TooDeep(deep) => IncidentError::TooDeep(deep),
            crate::wire::TomlError::Syntax(at) => IncidentError::Syntax {
                file: Some(label.to_owned()),
                line: at.line,
                column: at.column,
                why: at.message,
            },
        })?
    };
    read_profile(&value, label, depth).map_err(|e| e.in_file(label))
}

const PROFILE_KEYS: &[&str] = &[
    "schemaVersion",
    "id",
    "name",
    "local_authority",
    "extends",
    "settings",
    "contacts",
    "leftovers",
    "local_steps",
];

const SETTING_KEYS: &[&str] = &[
    "first_contact_image_incidents",
    "search_rule",
    "parents_told_of_filtering_breaches",
    "out_of_hours_alert_contact",
    "pupil_hacking_route",
    "incidental_csam_exposure",
    "head_is_dsl",
    "online_safety_lead",
    "serious_incidents_to_la_and_lado",
    "csam_copies_kept_only_for_police",
    "record_system",
    "school_day_start",
    "school_day_end",
    "closures",
];

/// At most this many closures a profile (a school names a handful a year).
const MAX_CLOSURES: usize = 200;

const CONTACT_KEYS: &[&str] = &["name", "phone", "email", "url", "how", "area", "source"];

fn read_profile(value: &Value, label: &str, depth: u8) -> Result<SchoolProfile, IncidentError> {
    let top = Object::new(value, "", PROFILE_KEYS)?;
    if let Some(v) = top.uint("schemaVersion", u64::from(u32::MAX))?
        && v != u64::from(crate::wire::SCHEMA_VERSION)
    {
        return Err(invalid(
            "schemaVersion",
            format!(
                "unsupported schema version `{v}`: this build reads version {}",
                crate::wire::SCHEMA_VERSION
            ),
        ));
    }
    let id = match top.str("id")? {
        Some(id) => {
            if id.is_empty()
                || !id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                return Err(invalid(
                    "id",
                    "expected a short id of letters, digits, `_` or `-`",
                ));
            }
            id.to_owned()
        }
        None => label
            .rsplit(['/', '\\'])
            .next()
            .and_then(|f| f.split('.').next())
            .filter(|s| !s.is_empty())
            .unwrap_or("school")
            .to_owned(),
    };
    let extends = top
        .str("extends")?
        .unwrap_or(if id == "national" { "none" } else { "national" });
    let mut profile = match extends {
        "none" => SchoolProfile {
            id: id.clone(),
            name: String::new(),
            local_authority: None,
            contacts: BTreeMap::new(),
            ignored_contacts: BTreeMap::new(),
            settings: LocalSettings::default(),
            warnings: Vec::new(),
            local_steps: Vec::new(),
        },
        base => {
            let policy = crate::policy::SchoolPolicy::preset(base)
                .ok()
                .filter(|_| depth < 4)
                .ok_or_else(|| {
                    invalid(
                        "extends",
                        format!(
                            "unknown base profile `{}`; expected none or a preset name",
                            base.chars().take(40).collect::<String>()
                        ),
                    )
                })?;
            let mut base = policy.incident_profile().clone();
            base.warnings.clear();
            base.ignored_contacts.clear();
            base
        }
    };
    profile.id = id;
    fill_profile(&top, label, profile)
}

/// Reads a profile-shaped value over a given base profile (the policy document's route:
/// the base is the national policy's profile, not a preset file).
pub(crate) fn profile_over(
    value: &Value,
    label: &str,
    mut base: SchoolProfile,
) -> Result<SchoolProfile, IncidentError> {
    let top = Object::new(value, "", PROFILE_KEYS)?;
    base.warnings.clear();
    base.ignored_contacts.clear();
    if let Some(id) = top.str("id")? {
        base.id = id.to_owned();
    }
    fill_profile(&top, label, base).map_err(|e| e.in_file(label))
}

fn fill_profile(
    top: &Object<'_>,
    label: &str,
    mut profile: SchoolProfile,
) -> Result<SchoolProfile, IncidentError> {
    profile.name = top
        .str("name")?
        .map(str::to_owned)
        .unwrap_or_else(|| profile.id.clone());
    profile.local_authority = top.str("local_authority")?.map(str::to_owned);

    if let Some(v) = top.get("settings") {
        read_settings(v, &mut profile.settings)?;
    }

    let mut warnings = Vec::new();
    if let Some(v) = top.get("contacts") {
        let contacts = Object::open(v, "contacts")?;
        for (key, entry) in contacts.entries() {
            let path = contacts.path_of(key);
            let recipient = Recipient::from_id(key).ok_or_else(|| {
                invalid(
                    &path,
                    format!(
                        "unknown contact id `{}`; expected an external contact id ({}) or a role id",
                        key.chars().take(40).collect::<String>(),
                        ExternalContact::IDS.join(", ")
                    ),
                )
            })?;
            let mut contact = read_contact(entry, &path)?;
            // Merged field by field over the directory below: a local entry that names the
            // police service keeps 999, one that adds a phone keeps the IWF's web form.
            if let Some(below) = profile.contacts.get(&recipient) {
                contact = contact.over(below);
            }
            if recipient == Recipient::External(ExternalContact::PoliceEmergency)
                && contact.phone.as_deref().is_some_and(|p| p.trim() != "999")
            {
                return Err(invalid(
                    join(&path, "phone"),
                    "the emergency number is 999 and cannot be changed",
                ));
            }
            let mismatch = match (&contact.area, &profile.local_authority) {
                (Some(area), Some(la)) => !area.trim().eq_ignore_ascii_case(la.trim()),
                _ => false,
            };
            if mismatch {
                warnings.push(ProfileWarning {
                    code: "contact_area_mismatch".to_owned(),
                    key: path.clone(),
                    message: format!(
                        "`{}` names {} but the school is in {}: not used; {}",
                        contact.name.as_deref().unwrap_or(key),
                        contact.area.as_deref().unwrap_or("another area"),
                        profile.local_authority.as_deref().unwrap_or("another area"),
                        if profile.contacts.contains_key(&recipient) {
                            "the national default is used instead"
                        } else {
                            "add the local contact"
                        }
                    ),
                    source: contact.source.clone().unwrap_or_else(|| label.to_owned()),
                });
                profile.ignored_contacts.insert(recipient, contact);
                continue;
            }
            if contact.phone.is_none() && contact.email.is_none() && contact.url.is_none() {
                warnings.push(ProfileWarning {
                    code: "contact_without_details".to_owned(),
                    key: path.clone(),
                    message: format!(
                        "`{}` has no phone, email or web address: add them",
                        contact.name.as_deref().unwrap_or(key)
                    ),
                    source: contact.source.clone().unwrap_or_else(|| label.to_owned()),
                });
            }
            profile.contacts.insert(recipient, contact);
        }
    }
    if profile.id != "national" {
        for c in LOCAL_CONTACTS {
            let r = Recipient::External(*c);
            if !profile.contacts.contains_key(&r) {
                warnings.push(ProfileWarning {
                    code: "missing_local_contact".to_owned(),
                    key: format!("contacts.{c}"),
                    message: format!("no usable local `{c}` contact: plans will say to look it up"),
                    source: label.to_owned(),
                });
            }
        }
    }
    let leftovers_path = "leftovers";
    let leftover_items = top.array("leftovers")?;
    for (i, item) in leftover_items.iter().enumerate() {
        let path = index(leftovers_path, i);
        let obj = Object::new(item, &path, &["key", "text", "why", "source"])?;
        warnings.push(ProfileWarning {
            code: "leftover_text".to_owned(),
            key: obj.required_str("key")?.to_owned(),
            message: format!(
                "{}: {}",
                obj.required_str("text")?,
                obj.required_str("why")?
            ),
            source: obj.str("source")?.unwrap_or(label).to_owned(),
        });
    }
    if top.get("local_steps").is_some() {
        for (i, item) in top.array("local_steps")?.iter().enumerate() {
            let path = index("local_steps", i);
            let step: crate::incident::plan::LocalStep =
                serde_json::from_value(item.clone()).map_err(|e| invalid(&path, e.to_string()))?;
            if let Some(why) = crate::source::unresolved(&step.source) {
                return Err(invalid(format!("{path}.source"), why));
            }
            profile.local_steps.push(step);
        }
    }
    profile.warnings = warnings;
    Ok(profile)
}

fn read_settings(value: &Value, settings: &mut LocalSettings) -> Result<(), IncidentError> {
    let obj = Object::new(value, "settings", SETTING_KEYS)?;
    let path = |k: &str| obj.path_of(k);
    if let Some(s) = obj.str("first_contact_image_incidents")? {
        settings.first_contact_image_incidents = parse_id(
            &path("first_contact_image_incidents"),
            s,
            FirstContact::from_id,
            FirstContact::IDS,
        )?;
    }
    if let Some(s) = obj.str("search_rule")? {
        settings.search_rule = parse_id(
            &path("search_rule"),
            s,
            SearchRule::from_id,
            SearchRule::IDS,
        )?;
    }
    if let Some(b) = obj.bool("parents_told_of_filtering_breaches")? {
        settings.parents_told_of_filtering_breaches = b;
    }
    if let Some(s) = obj.str("out_of_hours_alert_contact")? {
        let role = parse_id(
            &path("out_of_hours_alert_contact"),
            s,
            Role::from_id,
            Role::IDS,
        )?;
        // The first call on an alert out of hours goes to a member of staff: never a
        // parent (who may be the person alleged), a pupil or a visitor.
        if !role.is_staff() {
            return Err(invalid(
                path("out_of_hours_alert_contact"),
                format!(
                    "`{}` is not a staff role: the out-of-hours contact is a member of staff, such as the DSL",
                    role.as_str()
                ),
            ));
        }
        settings.out_of_hours_alert_contact = role;
    }
    if let Some(s) = obj.str("pupil_hacking_route")? {
        settings.pupil_hacking_route = parse_id(
            &path("pupil_hacking_route"),
            s,
            PupilHackingRoute::from_id,
            PupilHackingRoute::IDS,
        )?;
    }
    if let Some(s) = obj.str("incidental_csam_exposure")? {
        settings.incidental_csam_exposure = parse_id(
            &path("incidental_csam_exposure"),
            s,
            IncidentalCsamRoute::from_id,
            IncidentalCsamRoute::IDS,
        )?;
    }
    if let Some(b) = obj.bool("head_is_dsl")? {
        settings.head_is_dsl = b;
    }
    if let Some(b) = obj.bool("online_safety_lead")? {
        settings.online_safety_lead = b;
    }
    if let Some(b) = obj.bool("serious_incidents_to_la_and_lado")? {
        settings.serious_incidents_to_la_and_lado = b;
    }
    if let Some(b) = obj.bool("csam_copies_kept_only_for_police")? {
        settings.csam_copies_kept_only_for_police = b;
    }
    if let Some(s) = obj.str("record_system")? {
        if s.trim().is_empty() {
            return Err(invalid(path("record_system"), "must not be empty"));
        }
        settings.record_system = s.to_owned();
    }
    for key in ["school_day_start", "school_day_end"] {
        if let Some(s) = obj.str(key)? {
            if parse_time(s).is_none() {
                return Err(invalid(
                    path(key),
                    format!(
                        "expected a time as HH:MM, found `{}`",
                        s.chars().take(20).collect::<String>()
                    ),
                ));
            }
            if key == "school_day_start" {
                settings.school_day_start = s.trim().to_owned();
            } else {
                settings.school_day_end = s.trim().to_owned();
            }
        }
    }
    if obj.get("closures").is_some() {
        settings.closures = read_closures(&obj)?;
    }
    let (start, end) = settings.school_day();
    if start >= end {
        return Err(invalid(
            path("school_day_end"),
            "the school day must end after it starts",
        ));
    }
    Ok(())
}

/// `settings.closures`: each `{from, to, label}` with dates as `YYYY-MM-DD`.
fn read_closures(obj: &Object<'_>) -> Result<Vec<Closure>, IncidentError> {
    let path = obj.path_of("closures");
    let items = obj.array("closures")?;
    if items.len() > MAX_CLOSURES {
        return Err(invalid(path, format!("at most {MAX_CLOSURES} closures")));
    }
    let mut closures = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let at = index(&path, i);
        let item = Object::new(item, &at, &["from", "to", "label"])?;
        let date = |key: &str| {
            let text = item.required_str(key)?;
            crate::vocabulary::parse_date(text)
                .map_err(|e| invalid(item.path_of(key), e.to_string()))
        };
        let closure = Closure {
            from: date("from")?,
            to: date("to")?,
            label: item.str("label")?.map_or("", str::trim).to_owned(),
        };
        if let Some(problem) = closure.problem() {
            return Err(invalid(at, problem));
        }
        closures.push(closure);
    }
    Ok(closures)
}

fn read_contact(value: &Value, path: &str) -> Result<Contact, IncidentError> {
    let obj = Object::new(value, path, CONTACT_KEYS)?;
    let text = |k: &str| -> Result<Option<String>, IncidentError> {
        match obj.str(k)? {
            Some(s) if s.trim().is_empty() => Err(invalid(obj.path_of(k), "must not be empty")),
            other => Ok(other.map(|s| s.trim().to_owned())),
        }
    };
    let contact = Contact {
        name: text("name")?,
        phone: text("phone")?,
        email: text("email")?,
        url: text("url")?,
        how: text("how")?,
        area: text("area")?,
        source: text("source")?,
    };
    if let Some(phone) = &contact.phone
        && !phone
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '(' | ')' | '-'))
    {
        return Err(invalid(
            obj.path_of("phone"),
            "a phone number may hold only digits, spaces, +, - and brackets",
        ));
    }
    if let Some(email) = &contact.email
        && (!email.contains('@') || email.contains(char::is_whitespace))
    {
        return Err(invalid(obj.path_of("email"), "expected an email address"));
    }
    if let Some(url) = &contact.url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        return Err(invalid(
            obj.path_of("url"),
            "expected an http or https address",
        ));
    }
    if contact.name.is_none()
        && contact.phone.is_none()
        && contact.email.is_none()
        && contact.url.is_none()
        && contact.how.is_none()
    {
        return Err(invalid(
            path,
            "a contact needs at least a name, phone, email, url or how",
        ));
    }
    Ok(contact)
}
