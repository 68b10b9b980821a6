//! The sections of a school policy document, as written in TOML or JSON.
//!
//! Every section and every key is optional except `schema_version` and `id`: what a
//! school's document does not state comes from the national defaults (the `Default` of
//! each section), never from another school. Unknown keys are errors.

use crate::consent::SchoolConsentConfig;
use crate::filter::PolicyConfig;
use crate::incident::{Contact, FirstContact, IncidentalCsamRoute, PupilHackingRoute};
use crate::registry::{
    Audience, AupRefresh, DeviceRules, LocalDuty, PasswordRules, PersonalDevicePhotos,
    PersonalSocialMediaContact, VisitorAccess,
};
use crate::scanner::Adjustment;
use crate::vocabulary::{Role, SearchRule};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A whole school policy document (see [`super::SchoolPolicy`] for the checked form).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyDocument {
    /// The document format version ([`crate::wire::SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// The school's short id (`kilby`, `my-school`): letters, digits, `_` and `-`.
    pub id: String,
    /// The school itself.
    #[serde(default)]
    pub school: School,
    /// Local contacts by contact id (`lado`, `csc_front_door`, …), merged over the national
    /// directory (999, IWF, CEOP, …).
    #[serde(default)]
    pub contacts: BTreeMap<String, Contact>,
    /// Text kept from the school's own policy for a reviewer, never used by an engine.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub leftovers: Vec<Leftover>,
    /// Roles and permissions.
    #[serde(default)]
    pub roles: Roles,
    /// Acceptable use policies.
    #[serde(default)]
    pub aups: Aups,
    /// Image consent.
    #[serde(default)]
    pub consent: SchoolConsentConfig,
    /// Web filtering.
    #[serde(default)]
    pub filter: PolicyConfig,
    /// Monitoring of what pupils type.
    #[serde(default)]
    pub monitoring: Monitoring,
    /// Incident routes.
    #[serde(default)]
    pub incidents: Incidents,
}

/// The school: its name, area and how its safeguarding team is organised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct School {
    /// The school's name.
    pub name: String,
    /// The local authority (local contacts naming another area are flagged, not used).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local_authority: Option<String>,
    /// Whether the headteacher is also the DSL.
    pub head_is_dsl: bool,
    /// Whether the school has a separate online safety lead.
    pub online_safety_lead: bool,
    /// Where incidents are recorded.
    pub record_system: String,
    /// Start of the school day, `HH:MM` in England.
    pub school_day_start: String,
    /// End of the school day, `HH:MM` in England.
    pub school_day_end: String,
    /// Days the school is closed besides weekends and bank holidays (term holidays, INSET
    /// days): out of hours all day.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub closures: Vec<crate::vocabulary::Closure>,
}

impl Default for School {
    fn default() -> Self {
        School {
            name: String::new(),
            local_authority: None,
            head_is_dsl: false,
            online_safety_lead: false,
            record_system: "the safeguarding concern log".to_owned(),
            school_day_start: "08:00".to_owned(),
            school_day_end: "17:00".to_owned(),
            closures: Vec::new(),
        }
    }
}

/// A piece of the school's own text kept for review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Leftover {
    /// What the text is about (`filtering.unblock_form`).
    pub key: String,
    /// The text.
    pub text: String,
    /// Why it is not used.
    pub why: String,
    /// Where it comes from (seed file and section).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Roles and permissions: the choices the permission rules read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Roles {
    /// Who may search a pupil's device and on what condition.
    pub search_rule: SearchRule,
    /// Whether staff may photograph pupils on personal devices.
    pub personal_device_photos: PersonalDevicePhotos,
    /// The roles whose job gives access to child-protection records.
    pub child_protection_record_roles: Vec<Role>,
    /// The longest gap, in days, between two reviews of the policy and of filtering and
    /// monitoring (DfE: at least annually).
    pub review_interval_days: u32,
    /// Whether staff may contact pupils or parents through personal social media.
    pub personal_social_media_contact: PersonalSocialMediaContact,
    /// Phones and personal devices.
    pub devices: DeviceRules,
    /// Password rules.
    pub passwords: PasswordRules,
    /// Duties the school's own policy gives its roles, on top of the national duties.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub duties: Vec<LocalDuty>,
}

impl Default for Roles {
    fn default() -> Self {
        Roles {
            search_rule: SearchRule::Dfe,
            personal_device_photos: PersonalDevicePhotos::Never,
            child_protection_record_roles: vec![Role::Dsl, Role::DeputyDsl, Role::Headteacher],
            review_interval_days: 365,
            personal_social_media_contact: PersonalSocialMediaContact::Never,
            devices: DeviceRules::default(),
            passwords: PasswordRules::default(),
            duties: Vec::new(),
        }
    }
}

/// Acceptable use policies: who signs what, and when signatures lapse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Aups {
    /// When signatures must be renewed: `never`, `start_of_school_year` or
    /// `{ every_days = 365 }`.
    pub refresh: AupRefresh,
    /// One joint staff and governor AUP: governors sign the staff document.
    pub joint_staff_governor: bool,
    /// IT providers sign a technician AUP on top of the staff AUP.
    pub technician: bool,
    /// Social-media officers sign a social-media AUP on top of the staff AUP.
    pub social_media: bool,
    /// How visitors get onto school systems.
    pub visitor_access: VisitorAccess,
    /// Whether parents and carers sign a parent AUP.
    pub parents_sign: bool,
    /// Whether a KS2 pupil's AUP needs a parent's co-signature.
    pub pupil_co_signed: bool,
    /// Re-signing per audience (`pupil_ks2 = "start_of_school_year"`), over `refresh`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub refresh_by_audience: BTreeMap<Audience, AupRefresh>,
}

impl Default for Aups {
    fn default() -> Self {
        Aups {
            refresh: AupRefresh::EveryDays(365),
            joint_staff_governor: false,
            technician: true,
            social_media: true,
            visitor_access: VisitorAccess::SignedAup,
            parents_sign: true,
            pupil_co_signed: true,
            refresh_by_audience: BTreeMap::new(),
        }
    }
}

/// Monitoring: school-specific severity adjustments and allow-phrases on top of the
/// embedded term list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Monitoring {
    /// Severity changes per audience and category (protected categories only go up).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub adjustments: Vec<Adjustment>,
}

/// Incident routes: where the school sends each kind of concern.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Incidents {
    /// Who staff go to first with a suspected nude or indecent image.
    pub first_contact_image_incidents: FirstContact,
    /// Whether parents are told of filtering breaches involving their child.
    pub parents_told_of_filtering_breaches: bool,
    /// Who receives alerts out of hours.
    pub out_of_hours_alert_contact: Role,
    /// Cyber Choices or the police for pupil hacking.
    pub pupil_hacking_route: PupilHackingRoute,
    /// Police, or IWF report and deletion, for incidental exposure to abuse images.
    pub incidental_csam_exposure: IncidentalCsamRoute,
    /// Serious incidents also go to the LA education safeguarding team and the LADO, who
    /// are asked when the school is unsure how to proceed.
    pub serious_incidents_to_la_and_lado: bool,
    /// Abuse images found on school devices: the DSL deletes every copy the police do not
    /// ask to be kept (otherwise every copy is kept as evidence).
    pub csam_copies_kept_only_for_police: bool,
    /// Steps the school adds to a category's procedure. They can add a step or make one
    /// stricter, never remove or weaken a statutory one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub local_steps: Vec<crate::incident::plan::LocalStep>,
}

impl Default for Incidents {
    fn default() -> Self {
        Incidents {
            first_contact_image_incidents: FirstContact::Dsl,
            parents_told_of_filtering_breaches: true,
            out_of_hours_alert_contact: Role::Dsl,
            pupil_hacking_route: PupilHackingRoute::CyberChoices,
            incidental_csam_exposure: IncidentalCsamRoute::IwfAndDelete,
            serious_incidents_to_la_and_lado: false,
            csam_copies_kept_only_for_police: false,
            local_steps: Vec::new(),
        }
    }
}
