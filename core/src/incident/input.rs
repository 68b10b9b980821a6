//! The incident dict: what a member of staff (or a monitoring system) reports.
//!
//! The same JSON object is accepted by every surface and by the CLI
//! (DOMAIN.md §7; issue 5):
//!
//! ```json
//! {"reported_at": "2025-11-26T08:30:00+00:00", "reporter": "parent_carer",
//!  "subjects": [{"role": "pupil", "age": 10}], "alleged": "adult_outside",
//!  "location": "off_site", "device": "personal",
//!  "facts": {"immediate_danger": false, "adult_involved": true, "under_13_involved": true,
//!            "image_involved": true},
//!  "tags": ["nudes_u18", "online_game"],
//!  "hits": [{"kind": "url", "category": "illegal.csam", "url": "http://example.test/x"}]}
//! ```
//!
//! Every key is optional; facts not given are false; `null` counts as absent. Unknown keys
//! and unknown ids are refused with an [`IncidentError`] naming the field path.

use super::classify::{Category, map_hit_at};
use super::error::{IncidentError, MAX_INPUT_BYTES, invalid};
use super::fields::{Object, index, kind, parse_id};
use super::ids::id_enum;
use super::suggest::did_you_mean;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

/// The vocabulary's one role set (with its one alias table): who reported, who a subject
/// is, who receives a step. As a `reporter`, `system`, `monitoring` and
/// `monitoring_system` mean a system raised it (no reporter).
pub use crate::vocabulary::Role;

id_enum! {
    /// Who is alleged to be responsible (issue 5). Aliases: `peer`, `child`, `student`
    /// (`pupil`); `teacher`, `volunteer` (`staff`); `supply_teacher`, `agency_staff`
    /// (`supply`); `head`
    /// (`headteacher`); `parent_carer`, `parents`, `mum`, `dad`, `mother`, `father`, the
    /// step- and foster forms, `carer` (`parent`); `adult`, `stranger` (`adult_outside`);
    /// `none` (`unknown`).
    Alleged, field = "alleged" {
        /// Another pupil.
        Pupil = "pupil" | "peer" | "child" | "student",
        /// A member of staff or a volunteer (not the head).
        Staff = "staff" | "teacher" | "volunteer" | "pe_teacher" | "form_tutor"
            | "teaching_assistant",
        /// Supply staff placed by an agency: they work at the school, and the agency
        /// employs them (KCSIE Part 4).
        Supply = "supply" | "supply_teacher" | "agency_staff",
        /// A contractor or a contractor's staff: they work at the school, and another
        /// organisation employs them (KCSIE Part 4).
        Contractor = "contractor",
        /// The headteacher: the case manager becomes the chair of governors.
        Headteacher = "headteacher" | "head" | "head_teacher",
        /// The designated safeguarding lead: the child's welfare goes to the deputy DSL, and
        /// where the head is the DSL it is an allegation about the head.
        Dsl = "dsl",
        /// A parent or carer.
        Parent = "parent" | "parent_carer" | "parents" | "mum" | "mom" | "mother" | "dad"
            | "father" | "stepmum" | "step_mum" | "stepmom" | "stepmother" | "step_mother"
            | "stepdad" | "step_dad" | "stepfather" | "step_father" | "carer" | "foster_carer"
            | "foster_mum" | "foster_dad",
        /// Another adult of the child's family or household: a relative or a parent's
        /// partner. Like a parent, telling the family may warn them.
        Family = "family" | "relative" | "uncle" | "aunt" | "auntie" | "aunty" | "grandad"
            | "granddad" | "grandpa" | "grandfather" | "grandma" | "grandmother" | "gran"
            | "nan" | "nana" | "mums_boyfriend" | "mum_boyfriend" | "moms_boyfriend"
            | "mums_girlfriend" | "mums_partner" | "dads_girlfriend" | "dads_boyfriend"
            | "dads_partner",
        /// An adult from outside the school.
        AdultOutside = "adult_outside" | "adult" | "stranger",
        /// Not known, or no one.
        Unknown = "unknown" | "none",
    }
}

impl Alleged {
    /// The alleged person an id names: one of this vocabulary's ids and aliases, or any
    /// role id or alias of [`Role`] (the one role vocabulary: `all_staff`, `dsl` and
    /// `slt` are members of staff, see [`Alleged::from`]).
    ///
    /// ```
    /// use esafety_core::incident::Alleged;
    ///
    /// assert_eq!(Alleged::named("mum"), Some(Alleged::Parent));
    /// assert_eq!(Alleged::named("dsl"), Some(Alleged::Dsl));
    /// assert_eq!(Alleged::named("deputy_dsl"), Some(Alleged::Staff));
    /// assert_eq!(Alleged::named("governor"), Some(Alleged::Staff));
    /// assert_eq!(Alleged::named("visitor"), Some(Alleged::AdultOutside));
    /// assert_eq!(Alleged::named("wizard"), None);
    /// ```
    pub fn named(id: &str) -> Option<Alleged> {
        Alleged::from_id(id).or_else(|| Role::parse(id).ok().map(Alleged::from))
    }

    /// Whether the alleged person works at the school (staff, the DSL or the head).
    pub fn works_at_school(self) -> bool {
        matches!(
            self,
            Alleged::Staff
                | Alleged::Supply
                | Alleged::Contractor
                | Alleged::Headteacher
                | Alleged::Dsl
        )
    }

    /// Whether the alleged person works at the school but is employed by another
    /// organisation (supply staff, a contractor): the employer is told what the LADO agrees.
    pub fn employed_elsewhere(self) -> bool {
        matches!(self, Alleged::Supply | Alleged::Contractor)
    }

    /// Whether the alleged person is an adult.
    pub fn is_adult(self) -> bool {
        matches!(
            self,
            Alleged::Staff
                | Alleged::Supply
                | Alleged::Contractor
                | Alleged::Headteacher
                | Alleged::Dsl
                | Alleged::Parent
                | Alleged::Family
                | Alleged::AdultOutside
        )
    }
}

impl From<Role> for Alleged {
    /// Who a person in a role is, when an allegation names them: the headteacher; everyone
    /// who works or volunteers at the school ([`Role::works_at_school`]: governors and
    /// contractors too, KCSIE Part 4) and a photographer the school engaged are staff;
    /// visitors and community users are adults from outside.
    fn from(role: Role) -> Alleged {
        // Every role named, so a new role must be placed here.
        match role {
            Role::Headteacher => Alleged::Headteacher,
            Role::Dsl => Alleged::Dsl,
            Role::Pupil => Alleged::Pupil,
            Role::ParentCarer => Alleged::Parent,
            Role::Visitor | Role::CommunityUser => Alleged::AdultOutside,
            Role::Photographer
            | Role::GoverningBoard
            | Role::NamedGovernor
            | Role::ChairOfGovernors
            | Role::Slt
            | Role::SltFmLead
            | Role::DeputyDsl
            | Role::OnlineSafetyLead
            | Role::ItProvider
            | Role::DataProtectionLead
            | Role::AllStaff
            | Role::Volunteer
            | Role::SocialMediaOfficer => Alleged::Staff,
        }
    }
}

id_enum! {
    /// Where the incident happened.
    Location, field = "location" {
        /// On the school premises.
        OnSite = "on_site" | "onsite" | "school",
        /// Off the premises (home, community).
        OffSite = "off_site" | "offsite" | "home",
        /// During remote learning or school online services used from elsewhere.
        Remote = "remote" | "online",
    }
}

id_enum! {
    /// Whose device was involved.
    Device, field = "device" {
        /// A school-owned or school-provided device or system.
        School = "school" | "school_device",
        /// A personal device.
        Personal = "personal" | "personal_device" | "own",
    }
}

id_enum! {
    /// What produced a monitoring hit.
    HitKind, field = "kind" {
        /// A URL decision of the web filter (`illegal.csam`, `pornography`, ...).
        Url = "url" | "filter",
        /// A term match of the monitoring scanner (`suicide`, `bullying`, ...).
        Term = "term" | "monitoring",
    }
}

/// A person the incident is about (a child at risk, or the adult concerned).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Subject {
    /// The role id (DOMAIN.md §2).
    pub role: Role,
    /// Age in years, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<u8>,
    /// School year: `-1` nursery, `0` reception, `1`–`14` Year 1 to Year 14.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year_group: Option<i8>,
    /// An opaque reference (an MIS id), never a name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

impl Subject {
    /// A subject with a role only.
    pub fn new(role: Role) -> Subject {
        Subject {
            role,
            age: None,
            year_group: None,
            id: None,
        }
    }

    /// Whether this subject is, or may be, under 13.
    ///
    /// From `age` when given. From `year_group` otherwise: pupils in Year Y are Y+4 or Y+5
    /// years old, so Year 8 and below *may* be under 13, and the safe reading (protect the
    /// pupil) is that they are.
    /// When `age` and `year_group` disagree ([`Subject::age_and_year_disagree`]), either
    /// reading of under 13 counts.
    pub fn may_be_under_13(&self) -> bool {
        match (self.age, self.year_group) {
            (Some(age), Some(year)) if self.age_and_year_disagree() => age < 13 || year <= 8,
            (Some(age), _) => age < 13,
            (None, Some(year)) => year <= 8,
            (None, None) => false,
        }
    }

    /// Whether both `age` and `year_group` are given and cannot both be right: pupils in
    /// Year Y are Y+4 or Y+5 years old, and a year either side (held back, moved up)
    /// still agrees. The plan warns, and reads the subject the way that protects them.
    pub fn age_and_year_disagree(&self) -> bool {
        match (self.age, self.year_group) {
            (Some(age), Some(year)) => {
                let (age, year) = (i16::from(age), i16::from(year));
                !(year + 3..=year + 6).contains(&age)
            }
            _ => false,
        }
    }

    /// Whether this subject is a child: anyone under 18 by age, or a pupil whose age is not
    /// given or disagrees with their year group. A pupil aged 18 or 19 is an adult (the plan warns, see
    /// [`Subject::is_adult_pupil`]).
    pub fn is_child(&self) -> bool {
        match self.age {
            Some(_) if self.role == Role::Pupil && self.age_and_year_disagree() => true,
            Some(age) => age < 18,
            None => self.role == Role::Pupil,
        }
    }

    /// Whether this subject is a pupil aged 18 or over: an adult, to whom the under-18
    /// rules (UKCIS nudes guidance, parents told) do not apply.
    pub fn is_adult_pupil(&self) -> bool {
        self.role == Role::Pupil
            && self.age.is_some_and(|a| a >= 18)
            && !self.age_and_year_disagree()
    }
}

/// The facts of an incident. Facts not given are false.
///
/// The first eleven are the issue's list; the rest make DOMAIN.md rules decidable
/// (UKCIS triggers (b), (c), (e); the `csam` incidental-exposure route; Action Fraud;
/// R4's "public at risk").
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(default, deny_unknown_fields)]
pub struct Facts {
    /// A child is in immediate danger or at risk of harm now (999, DOMAIN.md §5.2 R2).
    pub immediate_danger: bool,
    /// An adult is involved (UKCIS trigger (a); makes an image child sexual abuse).
    pub adult_involved: bool,
    /// A child under 13 is involved (UKCIS trigger (d) with `sexual_act_depicted`).
    pub under_13_involved: bool,
    /// Coercion, blackmail or grooming (UKCIS trigger (b)).
    pub coercion_or_blackmail: bool,
    /// The imagery shows sexual acts (UKCIS trigger (d) with under 13).
    pub sexual_act_depicted: bool,
    /// The imagery shows violence (UKCIS trigger (c)).
    pub violence_depicted: bool,
    /// A nude, semi-nude or sexual image or video is involved.
    pub image_involved: bool,
    /// The content was shared beyond the people first involved.
    pub shared_further: bool,
    /// Children at other schools or settings are involved (DOMAIN.md §5.2 R4).
    pub other_schools_involved: bool,
    /// A criminal offence is suspected.
    pub criminal_offence_suspected: bool,
    /// The act was deliberate (a search, an attempt), not accidental.
    pub deliberate: bool,
    /// Concern about a young person's capacity to consent, e.g. SEN (UKCIS trigger (b)).
    pub capacity_to_consent_concern: bool,
    /// Sexual acts unusual for the child's developmental stage (UKCIS trigger (c)).
    pub unusual_sexual_act: bool,
    /// The child presents as suicidal or self-harming (UKCIS trigger (e); `self_harm_suicide`).
    pub risk_of_self_harm: bool,
    /// Staff or a pupil merely came across abuse imagery (DOMAIN.md §5.3 `csam`, seed 003 §11.4).
    pub incidental_exposure: bool,
    /// Money or goods were lost (Action Fraud, DOMAIN.md §5.3 `commerce_harm`).
    pub financial_loss: bool,
    /// The public may be at risk (DOMAIN.md §5.2 R4).
    pub public_at_risk: bool,
    /// A girl under 18 says FGM was done to her, or a member of staff saw signs of it: a
    /// known case, which the teacher reports to the police personally (FGM Act 2003 s5B).
    pub fgm_known: bool,
    /// Someone threatened to kill or seriously hurt a person, or to bring a weapon: the
    /// police at once, 999 if it could be carried out now (a monitoring threat does the same).
    pub threat_of_violence: bool,
    /// Earlier low-level concerns about the same adult are on the school's record: a
    /// pattern may meet the harm threshold, so the case manager consults the LADO (KCSIE
    /// Part 4, section two).
    pub previous_concerns: bool,
}

/// The fact names, in the order of [`Facts`].
pub const FACT_NAMES: &[&str] = &[
    "immediate_danger",
    "adult_involved",
    "under_13_involved",
    "coercion_or_blackmail",
    "sexual_act_depicted",
    "violence_depicted",
    "image_involved",
    "shared_further",
    "other_schools_involved",
    "criminal_offence_suspected",
    "deliberate",
    "capacity_to_consent_concern",
    "unusual_sexual_act",
    "risk_of_self_harm",
    "incidental_exposure",
    "financial_loss",
    "public_at_risk",
    "fgm_known",
    "threat_of_violence",
    "previous_concerns",
];

impl Facts {
    /// Whether the plan reads the incident as incidental exposure: `incidental_exposure`,
    /// unless `deliberate` says the opposite. The two together contradict each other, and
    /// the deliberate reading protects the child (the police lead, no evidence deleted);
    /// the plan warns.
    pub fn incidental(&self) -> bool {
        self.incidental_exposure && !self.deliberate
    }

    /// Whether `incidental_exposure` and `deliberate` are both given: they contradict each
    /// other, and [`Facts::incidental`] takes the deliberate reading.
    pub fn incidental_and_deliberate(&self) -> bool {
        self.incidental_exposure && self.deliberate
    }

    fn slot(&mut self, name: &str) -> Option<&mut bool> {
        Some(match name {
            "immediate_danger" => &mut self.immediate_danger,
            "adult_involved" => &mut self.adult_involved,
            "under_13_involved" => &mut self.under_13_involved,
            "coercion_or_blackmail" => &mut self.coercion_or_blackmail,
            "sexual_act_depicted" => &mut self.sexual_act_depicted,
            "violence_depicted" => &mut self.violence_depicted,
            "image_involved" => &mut self.image_involved,
            "shared_further" => &mut self.shared_further,
            "other_schools_involved" => &mut self.other_schools_involved,
            "criminal_offence_suspected" => &mut self.criminal_offence_suspected,
            "deliberate" => &mut self.deliberate,
            "capacity_to_consent_concern" => &mut self.capacity_to_consent_concern,
            "unusual_sexual_act" => &mut self.unusual_sexual_act,
            "risk_of_self_harm" => &mut self.risk_of_self_harm,
            "incidental_exposure" => &mut self.incidental_exposure,
            "financial_loss" => &mut self.financial_loss,
            "public_at_risk" => &mut self.public_at_risk,
            "fgm_known" => &mut self.fgm_known,
            "threat_of_violence" => &mut self.threat_of_violence,
            "previous_concerns" => &mut self.previous_concerns,
            _ => return None,
        })
    }

    /// Sets a fact by name.
    ///
    /// # Errors
    ///
    /// [`IncidentError::UnknownField`] (`facts.<name>`) for a name not in [`FACT_NAMES`].
    pub fn set(&mut self, name: &str, value: bool) -> Result<(), IncidentError> {
        match self.slot(name) {
            Some(slot) => {
                *slot = value;
                Ok(())
            }
            None => Err(IncidentError::UnknownField {
                file: None,
                field: format!("facts.{name}"),
            }),
        }
    }
}

/// A monitoring or filtering event linked to the incident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MonitoringHit {
    /// A URL decision or a term match.
    pub kind: HitKind,
    /// The filter category (`illegal.csam`, `pornography`) or the scanner's term category
    /// (`suicide`, `bullying`), or a DOMAIN.md §5.3 category id.
    pub category: String,
    /// The scanner's severity, 1–5 (term matches).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<u8>,
    /// The URL (URL decisions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The matched term (term matches).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term: Option<String>,
    /// The scanner's confidence, 0–1 (term matches read from a scanner match): below
    /// 0.5 the scanner did not flag the match, and the plan says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    /// The scanner's context cues that judged the match (`negated`, `quoted`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<crate::scanner::context::ContextCue>,
}

/// One reported incident: the input of [`escalate`](super::escalate).
///
/// # Examples
///
/// ```
/// use esafety_core::incident::{Alleged, Incident};
///
/// let incident = Incident::from_json_str(r#"{
///     "reported_at": "2025-11-26T08:30:00+00:00", "reporter": "parent_carer",
///     "subjects": [{"role": "pupil", "age": 10}], "alleged": "adult_outside",
///     "location": "off_site", "device": "personal",
///     "facts": {"adult_involved": true, "image_involved": true},
///     "tags": ["nudes_u18", "online_game"]}"#)?;
/// assert_eq!(incident.alleged, Some(Alleged::AdultOutside));
/// assert!(incident.facts.adult_involved);
/// assert!(!incident.facts.immediate_danger); // not given, so false
/// # Ok::<(), esafety_core::incident::IncidentError>(())
/// ```
///
/// The serde attributes describe its JSON form (read by `from_json_value`, written by
/// `to_json_value`) for the wire schema.
#[derive(Debug, Clone, PartialEq, Default, schemars::JsonSchema)]
#[serde(default)]
pub struct Incident {
    /// An opaque incident reference, if the caller has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// When it was reported, with the reporter's UTC offset (used for out-of-hours).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reported_at: Option<DateTime<Utc>>,
    /// When it happened, if known (for the record; a date that cannot be right warns).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occurred_at: Option<DateTime<Utc>>,
    /// Who reported it; `None` for a monitoring or filtering system.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reporter: Option<Role>,
    /// The people the incident is about.
    pub subjects: Vec<Subject>,
    /// Who is alleged to be responsible.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alleged: Option<Alleged>,
    /// Where it happened.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// Whose device.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device: Option<Device>,
    /// The facts; absent facts are false.
    pub facts: Facts,
    /// Tags: §5.3 category ids (hints that the facts correct) or [`CONTEXT_TAGS`].
    pub tags: Vec<String>,
    /// Linked monitoring hits.
    pub hits: Vec<MonitoringHit>,
}

const TOP_KEYS: &[&str] = &[
    "id",
    "reported_at",
    "occurred_at",
    "reporter",
    "subjects",
    "alleged",
    "location",
    "device",
    "facts",
    "tags",
    "hits",
    "monitoring_hits",
    "monitoring",
];

/// Tags that are not incident categories but say where an incident came from or what it
/// involved. Any other tag that is not a §5.3 category id is refused.
pub const CONTEXT_TAGS: &[&str] = &[
    "monitoring_alert",
    "filter_block",
    "filter_alert",
    "online_game",
    "social_media",
    "messaging",
    "livestream",
    "ai_generated",
];

/// The keys that hold linked hits (`hits`, with two accepted spellings).
const HIT_LIST_KEYS: &[&str] = &["hits", "monitoring_hits", "monitoring"];

/// Reporter values that mean a monitoring or filtering system raised the incident.
const SYSTEM_REPORTERS: &[&str] = &[
    "system",
    "monitoring",
    "monitoring_system",
    "filter",
    "filtering_system",
];

impl Incident {
    /// Reads the incident dict from a JSON value.
    ///
    /// # Errors
    ///
    /// [`IncidentError::UnknownField`], [`IncidentError::InvalidValue`] or
    /// [`IncidentError::MissingField`], each naming the field path.
    pub fn from_json_value(value: &Value) -> Result<Incident, IncidentError> {
        crate::wire::limits::check_value(value)?;
        let top = Object::new(value, "", TOP_KEYS)?;
        let instant = |key: &str| -> Result<Option<DateTime<Utc>>, IncidentError> {
            top.str(key)?
                .map(|text| {
                    crate::vocabulary::parse_instant(text).map_err(|e| invalid(key, e.to_string()))
                })
                .transpose()
        };
        let reported_at = instant("reported_at")?;
        let occurred_at = instant("occurred_at")?;
        let reporter = top
            .str("reporter")?
            .filter(|s| !SYSTEM_REPORTERS.contains(s))
            .map(|s| parse_id("reporter", s, Role::from_id, Role::IDS))
            .transpose()?;
        let alleged = top
            .str("alleged")?
            .map(|s| parse_id("alleged", s, Alleged::named, Alleged::IDS))
            .transpose()?;
        let location = top
            .str("location")?
            .map(|s| parse_id("location", s, Location::from_id, Location::IDS))
            .transpose()?;
        let device = top
            .str("device")?
            .map(|s| parse_id("device", s, Device::from_id, Device::IDS))
            .transpose()?;
        let subjects = top
            .array("subjects")?
            .iter()
            .enumerate()
            .map(|(i, v)| read_subject(v, &index("subjects", i)))
            .collect::<Result<Vec<_>, _>>()?;
        let mut facts = Facts::default();
        if let Some(value) = top.get("facts") {
            let facts_obj = Object::new(value, "facts", FACT_NAMES)?;
            for name in FACT_NAMES {
                if let Some(b) = facts_obj.bool(name)? {
                    facts.set(name, b)?;
                }
            }
        }
        let tags = read_tags(&top.strings("tags")?)?;
        let mut hits = Vec::new();
        for key in HIT_LIST_KEYS {
            for (i, v) in top.array(key)?.iter().enumerate() {
                hits.extend(read_hit(v, &index(key, i))?);
            }
        }
        if subjects.is_empty()
            && alleged.is_none()
            && facts == Facts::default()
            && tags.is_empty()
            && hits.is_empty()
        {
            return Err(IncidentError::Empty);
        }
        Ok(Incident {
            id: top.str("id")?.map(str::to_owned),
            reported_at,
            occurred_at,
            reporter,
            subjects,
            alleged,
            location,
            device,
            facts,
            tags,
            hits,
        })
    }

    /// Reads the incident dict from JSON text.
    ///
    /// # Errors
    ///
    /// [`IncidentError::Syntax`] for text that is not JSON, otherwise as
    /// [`Incident::from_json_value`].
    pub fn from_json_str(text: &str) -> Result<Incident, IncidentError> {
        Incident::from_json_value(&parse_json(text)?)
    }

    /// The incident dict (the same keys [`Incident::from_json_value`] reads; every fact
    /// written out).
    pub fn to_json_value(&self) -> Value {
        let mut map = Map::new();
        if let Some(id) = &self.id {
            map.insert("id".into(), json!(id));
        }
        if let Some(at) = &self.reported_at {
            map.insert("reported_at".into(), json!(at.to_rfc3339()));
        }
        if let Some(at) = &self.occurred_at {
            map.insert("occurred_at".into(), json!(at.to_rfc3339()));
        }
        if let Some(r) = self.reporter {
            map.insert("reporter".into(), json!(r.as_str()));
        }
        map.insert(
            "subjects".into(),
            serde_json::to_value(&self.subjects).unwrap_or(Value::Array(Vec::new())),
        );
        if let Some(a) = self.alleged {
            map.insert("alleged".into(), json!(a.as_str()));
        }
        if let Some(l) = self.location {
            map.insert("location".into(), json!(l.as_str()));
        }
        if let Some(d) = self.device {
            map.insert("device".into(), json!(d.as_str()));
        }
        map.insert(
            "facts".into(),
            serde_json::to_value(self.facts).unwrap_or(Value::Object(Map::new())),
        );
        map.insert("tags".into(), json!(self.tags));
        map.insert(
            "hits".into(),
            serde_json::to_value(&self.hits).unwrap_or(Value::Array(Vec::new())),
        );
        Value::Object(map)
    }

    /// Whether any subject is, or may be, under 13, or the `under_13_involved` fact is set.
    pub fn under_13(&self) -> bool {
        self.facts.under_13_involved
            || self
                .subjects
                .iter()
                .any(|s| s.is_child() && s.may_be_under_13())
    }

    /// Whether a child is involved (a pupil subject, an under-18 age, or the under-13 fact).
    pub fn child_involved(&self) -> bool {
        self.facts.under_13_involved || self.subjects.iter().any(Subject::is_child)
    }

    /// Whether subjects are named and none of them is a child (pupils aged 18 or over,
    /// staff): without subjects a child is assumed.
    pub fn adults_only(&self) -> bool {
        !self.subjects.is_empty() && !self.child_involved()
    }
}

/// Parses JSON text into a value, mapping syntax errors (a key written twice among them:
/// `{"tags": ["csam"], "tags": ["cyberbullying"]}` says two things) to
/// [`IncidentError::Syntax`].
pub(crate) fn parse_json(text: &str) -> Result<Value, IncidentError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(IncidentError::TooLarge);
    }
    crate::wire::limits::check_json(text)?;
    crate::wire::json_value(text).map_err(|e| IncidentError::Syntax {
        file: None,
        line: e.line(),
        column: e.column(),
        why: e.to_string(),
    })
}

/// Checks the tags: each (trimmed) is a §5.3 category id or one of [`CONTEXT_TAGS`].
fn read_tags(tags: &[&str]) -> Result<Vec<String>, IncidentError> {
    let valid: Vec<&str> = Category::IDS.iter().chain(CONTEXT_TAGS).copied().collect();
    tags.iter()
        .enumerate()
        .map(|(i, tag)| {
            let trimmed = tag.trim();
            if valid.contains(&trimmed) {
                Ok(trimmed.to_owned())
            } else {
                Err(IncidentError::UnknownTag {
                    field: index("tags", i),
                    tag: tag.chars().take(60).collect(),
                    suggestion: did_you_mean(tag, &valid),
                    valid: valid.join(", "),
                })
            }
        })
        .collect()
}

/// A pupil's age must be 2–19 (nursery to the end of sixth form).
pub(crate) fn check_pupil_age(
    role: Role,
    age: Option<u64>,
    field: &str,
) -> Result<(), IncidentError> {
    match age {
        Some(age) if role == Role::Pupil && !(2..=19).contains(&age) => {
            Err(IncidentError::AgeOutOfRange {
                field: field.to_owned(),
                age,
            })
        }
        _ => Ok(()),
    }
}

fn read_subject(value: &Value, path: &str) -> Result<Subject, IncidentError> {
    let obj = Object::new(value, path, &["role", "age", "year_group", "id"])?;
    let role_text = obj.required_str("role")?;
    let role = parse_id(&obj.path_of("role"), role_text, Role::from_id, Role::IDS)?;
    let age = obj.uint("age", 120)?;
    check_pupil_age(role, age, &obj.path_of("age"))?;
    let age = age.and_then(|a| u8::try_from(a).ok());
    let year_group = year_group_field(&obj)?;
    Ok(Subject {
        role,
        age,
        year_group,
        id: obj.str("id")?.map(str::to_owned),
    })
}

/// The optional `year_group` of `obj`, read by [`parse_year_group`] (the one reading of a
/// school year for incidents and monitoring alerts alike).
pub(crate) fn year_group_field(obj: &Object<'_>) -> Result<Option<i8>, IncidentError> {
    let Some(v) = obj.get("year_group") else {
        return Ok(None);
    };
    parse_year_group(v).map(Some).ok_or_else(|| {
        invalid(
            obj.path_of("year_group"),
            format!(
                "expected a school year such as 6, \"Y6\", \"year 6\", \"reception\" or \"nursery\", found {}",
                match v {
                    Value::String(s) => format!("`{}`", s.chars().take(30).collect::<String>()),
                    other => kind(other).to_owned(),
                }
            ),
        )
    })
}

/// Reads a school year: a number (0 = reception) or text (`Y6`, `year 6`, `reception`,
/// `R`, `nursery`, `N`).
fn parse_year_group(value: &Value) -> Option<i8> {
    let year = match value {
        Value::Number(n) => n.as_i64()?,
        Value::String(s) => {
            let t = s.trim().to_ascii_lowercase();
            match t.as_str() {
                "nursery" | "n" | "fs1" => -1,
                "reception" | "r" | "yr" | "fs2" => 0,
                _ => {
                    let digits = t
                        .strip_prefix("year")
                        .or_else(|| t.strip_prefix('y'))
                        .unwrap_or(&t)
                        .trim();
                    digits.parse::<i64>().ok()?
                }
            }
        }
        _ => return None,
    };
    if (-1..=14).contains(&year) {
        i8::try_from(year).ok()
    } else {
        None
    }
}

/// Keys a hit may carry. Besides the hit's own keys, a scanner match (`start`, `end`,
/// `matched_text`) or a filter decision (`verdict`, `categories`, `reason`, `rule`,
/// `search_terms`, `rewrite`) can be linked as it is; their extra keys are ignored.
const HIT_KEYS: &[&str] = &[
    "kind",
    "type",
    "category",
    "categories",
    "severity",
    "url",
    "term",
    "url_category",
    "term_category",
    "matched_text",
    "start",
    "end",
    "verdict",
    "reason",
    "rule",
    "search_terms",
    "rewrite",
    "audience",
    "at",
    "confidence",
    "context",
];

/// Reads one linked hit; a filter decision with several `categories` gives one hit each.
fn read_hit(value: &Value, path: &str) -> Result<Vec<MonitoringHit>, IncidentError> {
    let obj = Object::new(value, path, HIT_KEYS)?;
    let kind_key = if obj.get("kind").is_some() {
        "kind"
    } else {
        "type"
    };
    let given_kind = obj
        .str(kind_key)?
        .map(|k| parse_id(&obj.path_of(kind_key), k, HitKind::from_id, HitKind::IDS))
        .transpose()?;
    let mut categories: Vec<(HitKind, String, String)> = Vec::new();
    if let Some(c) = obj.str("url_category")? {
        categories.push((HitKind::Url, c.to_owned(), obj.path_of("url_category")));
    }
    if let Some(c) = obj.str("term_category")? {
        categories.push((HitKind::Term, c.to_owned(), obj.path_of("term_category")));
    }
    let looks_like_url = obj.get("url").is_some() || obj.get("verdict").is_some();
    let infer = |c: &str| {
        given_kind.unwrap_or(if looks_like_url || c.starts_with("illegal.") {
            HitKind::Url
        } else {
            HitKind::Term
        })
    };
    if let Some(c) = obj.str("category")? {
        categories.push((infer(c), c.to_owned(), obj.path_of("category")));
    }
    let list_path = obj.path_of("categories");
    for (i, c) in obj.strings("categories")?.into_iter().enumerate() {
        let kind = given_kind.unwrap_or(if obj.get("term").is_some() && !looks_like_url {
            HitKind::Term
        } else {
            HitKind::Url
        });
        categories.push((kind, c.to_owned(), index(&list_path, i)));
    }
    if categories.is_empty() {
        return Err(IncidentError::MissingField {
            file: None,
            field: obj.path_of("category"),
        });
    }
    let severity = obj
        .uint("severity", 5)?
        .and_then(|s| u8::try_from(s).ok())
        .filter(|s| *s >= 1);
    if obj.get("severity").is_some() && severity.is_none() {
        return Err(invalid(
            obj.path_of("severity"),
            "expected a severity from 1 to 5",
        ));
    }
    let term = match obj.str("term")? {
        Some(t) => Some(t.to_owned()),
        None => obj.str("matched_text")?.map(str::to_owned),
    };
    let url = obj.str("url")?.map(str::to_owned);
    let confidence = obj.fraction("confidence")?;
    let context = obj.cues("context")?;
    let mut hits = Vec::new();
    for (kind, category, field) in categories {
        map_hit_at(kind, &category, &field)?;
        hits.push(MonitoringHit {
            kind,
            category,
            severity,
            url: url.clone(),
            term: term.clone(),
            confidence,
            context: context.clone(),
        });
    }
    Ok(hits)
}

impl Serialize for Incident {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_json_value().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Incident {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Incident::from_json_value(&value).map_err(serde::de::Error::custom)
    }
}
