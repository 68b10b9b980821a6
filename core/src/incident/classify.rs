//! Classification: primary and secondary category (DOMAIN.md §5.3), the 4C area
//! (§5.1), a severity from 1 to 5, the UKCIS immediate-referral triggers (§5.5 step 3),
//! and the reasons for each of them.
//!
//! The reporter's category tags are *hints*: the facts correct them. An image incident
//! with an adult involved is child sexual abuse (`csam`, or `sextortion` with threats),
//! never `nudes_u18` (DOMAIN.md §1 "Nudes and semi-nudes"; §5.5 step 7). An allegation
//! about an adult working at the school is `staff_allegation` whatever the tag (§5.2 R3).
//! When several categories apply, the primary is the one that ranks first in
//! [`Category::ALL`] (most protective route first); the others are secondary and their
//! steps and forbidden actions are added to the plan.

use super::error::{IncidentError, invalid};
use super::from_category::{FromCategory, from_filter, from_scanner};
use super::ids::id_enum;
use super::input::{Alleged, HitKind, Incident, Role};
use super::suggest::{did_you_mean, normalise};
use serde::{Deserialize, Serialize};

id_enum! {
    /// The incident categories of DOMAIN.md §5.3, declared in priority order: when several
    /// apply, the first one declared is the primary category.
    Category, field = "category" {
        /// An allegation that an adult working at the school harmed, or may pose a risk
        /// to, a child (KCSIE Part 4).
        StaffAllegation = "staff_allegation",
        /// Threats to share sexual images; financial or sexual demands.
        Sextortion = "sextortion",
        /// Indecent images of children / child sexual abuse material (adult-made, unknown
        /// origin, AI-generated), or any sexual image of a child with an adult involved.
        Csam = "csam",
        /// Online sexual contact or exploitation by an adult.
        GroomingCse = "grooming_cse",
        /// Female genital mutilation: a girl who says it was done, shows signs of it, or is
        /// at risk of it (FGM Act 2003 s5B; KCSIE Part 1).
        Fgm = "fgm",
        /// Youth-produced nudes and semi-nudes (UKCIS).
        NudesU18 = "nudes_u18",
        /// Online recruitment into crime, county lines.
        CriminalExploitation = "criminal_exploitation",
        /// Unlawful terrorist material seen or shared.
        TerroristContent = "terrorist_content",
        /// A pupil, parent or member of staff at risk of being drawn into terrorism.
        Radicalisation = "radicalisation",
        /// A self-harm or suicide alert, search or disclosure.
        SelfHarmSuicide = "self_harm_suicide",
        /// Unwanted sexual messages, non-consensual image sharing, upskirting, cyberflashing.
        OnlineSexualHarassment = "online_sexual_harassment",
        /// Online hate directed at or posted by members of the community.
        OnlineHate = "online_hate",
        /// Online bullying, including AI deepfake bullying.
        Cyberbullying = "cyberbullying",
        /// Loss of a device or of personal data.
        DataBreach = "data_breach",
        /// An image published against consent or a safeguarding flag.
        ImageConsentBreach = "image_consent_breach",
        /// Hacking, DDoS "booters", accessing others' accounts.
        Cybercrime = "cybercrime",
        /// Photographing or recording against policy.
        UnauthorisedRecording = "unauthorised_recording",
        /// A concern about staff conduct below the harm threshold.
        StaffLowLevelConcern = "staff_low_level_concern",
        /// A safeguarding concern that fits no online-safety category (a child missing, a
        /// child missing education, neglect): the DSL triages it, with no filtering steps.
        SafeguardingConcern = "safeguarding_concern",
        /// Gambling, scams, phishing, in-game fraud: harm to a child ranks above the
        /// filtering and access categories that let it happen (issue 15).
        CommerceHarm = "commerce_harm",
        /// Searching for pornography, gambling, gore and the like.
        InappropriateContentDeliberate = "inappropriate_content_deliberate",
        /// A VPN, proxy or hotspot used to evade the filter.
        FilterBypass = "filter_bypass",
        /// Meeting unsuitable, legal content by accident.
        InappropriateContentAccidental = "inappropriate_content_accidental",
        /// The filter failed to block what it should.
        FilterFailure = "filter_failure",
        /// A child under 13 on a 13+ service.
        UnderagePlatformUse = "underage_platform_use",
        /// Conspiracy or fake-news content affecting a pupil.
        MisDisinformation = "mis_disinformation",
    }
}

id_enum! {
    /// The 4C risk area (KCSIE, DOMAIN.md §5.1), plus data protection for the two data
    /// categories of §5.3.
    Area, field = "area" {
        /// Exposure to illegal, inappropriate or harmful material.
        Content = "content",
        /// Harmful interaction with other users.
        Contact = "contact",
        /// A person's own behaviour that causes harm.
        Conduct = "conduct",
        /// Gambling, advertising, phishing, scams.
        Commerce = "commerce",
        /// Personal data and images (DOMAIN.md §5.3 `image_consent_breach`, `data_breach`).
        DataProtection = "data_protection",
    }
}

id_enum! {
    /// The UKCIS immediate-referral triggers (DOMAIN.md §5.5 step 3).
    UkcisTrigger, field = "ukcis_trigger" {
        /// (a) an adult is involved.
        AdultInvolved = "a",
        /// (b) coercion, blackmail or grooming, or concern about capacity to consent.
        CoercionOrCapacity = "b",
        /// (c) sexual acts unusual for the child's developmental stage, or violence.
        UnusualOrViolent = "c",
        /// (d) sexual acts and a child under 13.
        SexualActUnder13 = "d",
        /// (e) a child at immediate risk of harm because of the sharing.
        ImmediateRisk = "e",
    }
}

impl UkcisTrigger {
    /// The citation used in step sources, e.g. `UKCIS 2024 immediate referral (d)`.
    pub fn source(self) -> String {
        format!("UKCIS nudes 2024 trigger ({})", self.as_str())
    }

    /// What the trigger means, in one phrase.
    pub fn describe(self) -> &'static str {
        match self {
            UkcisTrigger::AdultInvolved => "an adult is involved",
            UkcisTrigger::CoercionOrCapacity => {
                "a young person may have been coerced, blackmailed or groomed, or their capacity to consent is in doubt"
            }
            UkcisTrigger::UnusualOrViolent => {
                "the imagery shows sexual acts unusual for the child's developmental stage, or violence"
            }
            UkcisTrigger::SexualActUnder13 => {
                "the imagery shows sexual acts and a child in it is under 13"
            }
            UkcisTrigger::ImmediateRisk => {
                "a child is at immediate risk of harm because of the sharing"
            }
        }
    }
}

impl Category {
    /// The 4C area of the category (DOMAIN.md §5.3; the first area where the table names
    /// two). `staff_allegation` has none of its own ("any"): see
    /// [`Classification::area`].
    pub fn area(self) -> Area {
        use Category::*;
        match self {
            Csam
            | TerroristContent
            | Radicalisation
            | SelfHarmSuicide
            | InappropriateContentAccidental
            | MisDisinformation => Area::Content,
            // FGM and a concern no online category fits are harm by people, not content.
            Sextortion | GroomingCse | Fgm | CriminalExploitation | SafeguardingConcern => {
                Area::Contact
            }
            CommerceHarm => Area::Commerce,
            DataBreach | ImageConsentBreach => Area::DataProtection,
            StaffAllegation
            | NudesU18
            | OnlineSexualHarassment
            | OnlineHate
            | Cyberbullying
            | Cybercrime
            | UnauthorisedRecording
            | StaffLowLevelConcern
            | InappropriateContentDeliberate
            | FilterBypass
            | FilterFailure
            | UnderagePlatformUse => Area::Conduct,
        }
    }

    /// The base severity, 1 (log) to 5 (child sexual abuse, immediate police).
    pub fn base_severity(self) -> u8 {
        use Category::*;
        match self {
            Csam | Sextortion | GroomingCse | Fgm => 5,
            StaffAllegation | CriminalExploitation | TerroristContent | Radicalisation
            | SelfHarmSuicide => 4,
            NudesU18
            | OnlineSexualHarassment
            | DataBreach
            | ImageConsentBreach
            | SafeguardingConcern => 3,
            Cyberbullying
            | OnlineHate
            | Cybercrime
            | UnauthorisedRecording
            | StaffLowLevelConcern
            | InappropriateContentDeliberate
            | InappropriateContentAccidental
            | FilterBypass
            | FilterFailure => 2,
            CommerceHarm | UnderagePlatformUse | MisDisinformation => 1,
        }
    }

    /// Whether the category is a pupil's own access to inappropriate content (accidental
    /// or deliberate).
    pub fn is_inappropriate_content(self) -> bool {
        matches!(
            self,
            Category::InappropriateContentAccidental | Category::InappropriateContentDeliberate
        )
    }

    /// Whether the category is about sexual imagery of children (the UKCIS image rules
    /// and the image forbidden list apply).
    pub fn is_sexual_image(self) -> bool {
        matches!(
            self,
            Category::NudesU18 | Category::Csam | Category::Sextortion
        )
    }

    /// Operational categories that, done by a member of staff, break the staff code of
    /// conduct towards pupils or the school's systems (KCSIE Part 4 gives "taking photographs
    /// of children on their mobile phone" as a low-level concern): a data breach or a filter
    /// failure by itself is not conduct.
    fn is_staff_conduct(self) -> bool {
        use Category::*;
        matches!(
            self,
            UnauthorisedRecording
                | ImageConsentBreach
                | FilterBypass
                | InappropriateContentDeliberate
        )
    }

    /// Categories that concern a member of staff but not, by themselves, harm to a child:
    /// with no harm facts they are not turned into `staff_allegation`.
    fn is_staff_operational(self) -> bool {
        use Category::*;
        matches!(
            self,
            StaffLowLevelConcern
                | DataBreach
                | ImageConsentBreach
                | UnauthorisedRecording
                | FilterFailure
                | FilterBypass
                | InappropriateContentDeliberate
                | InappropriateContentAccidental
                | MisDisinformation
                | CommerceHarm
        )
    }
}

/// What a monitoring or filter category means for classification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitMapping {
    /// The hit points to this category.
    Category(Category),
    /// A known category that is not a safeguarding concern by itself (`social_networks`,
    /// `games`, `profanity`): the draft is made and the DSL triages it (R1 fallback).
    NotAConcern,
    /// A school's own list category (`ut1:<folder>`, a custom scanner id) that the library
    /// cannot interpret: the plan warns and the DSL decides.
    Unmapped,
}

impl From<FromCategory> for HitMapping {
    fn from(value: FromCategory) -> Self {
        match value {
            FromCategory::Concern(c) => HitMapping::Category(c),
            FromCategory::NotAConcern { .. } => HitMapping::NotAConcern,
            FromCategory::Unmapped { .. } => HitMapping::Unmapped,
        }
    }
}

/// Maps a filter category (`illegal.csam`, `games`, `ut1:<folder>`), a scanner term
/// category (`suicide`, `abuse`, with common spellings; `self_harm.cutting` for a school
/// list's own id under a known one, `list:<id>` for one of its own alone) or a DOMAIN.md
/// §5.3 id to what it means for an incident.
///
/// Typed ids go through the exhaustive matches of [`from_filter`](super::from_filter) and
/// [`from_scanner`](super::from_scanner); older spellings (`porn`, `racism`, `county_lines`)
/// keep working. Spellings are compared in lower case with `-` and spaces read as `_`.
/// A typed threat (a scanner `violence` or `weapons` match of severity 4 or more, see
/// [`is_threat`](super::from_category::is_threat)) is `cyberbullying`, not content a
/// pupil went looking for.
///
/// # Errors
///
/// [`IncidentError::InvalidValue`] (field `category`) for a string that is none of these;
/// the message lists the accepted ids and the nearest one.
///
/// # Examples
///
/// ```
/// use esafety_core::incident::{Category, HitKind, HitMapping, map_hit};
///
/// assert_eq!(map_hit(HitKind::Url, "illegal.csam", None)?, HitMapping::Category(Category::Csam));
/// assert_eq!(map_hit(HitKind::Term, "suicide", Some(5))?, HitMapping::Category(Category::SelfHarmSuicide));
/// assert_eq!(map_hit(HitKind::Url, "games", None)?, HitMapping::NotAConcern);
/// assert_eq!(map_hit(HitKind::Url, "ut1:bank", None)?, HitMapping::Unmapped);
/// assert_eq!(map_hit(HitKind::Term, "list:vaping", None)?, HitMapping::Unmapped);
/// assert_eq!(
///     map_hit(HitKind::Term, "self_harm.cutting", Some(4))?,
///     HitMapping::Category(Category::SelfHarmSuicide)
/// );
/// assert!(map_hit(HitKind::Term, "no-such-thing", None).is_err());
/// assert_eq!(map_hit(HitKind::Term, "weapons", Some(5))?, HitMapping::Category(Category::Cyberbullying));
/// assert_eq!(
///     map_hit(HitKind::Term, "weapons", Some(2))?,
///     HitMapping::Category(Category::InappropriateContentDeliberate)
/// );
/// # Ok::<(), esafety_core::incident::IncidentError>(())
/// ```
pub fn map_hit(
    kind: HitKind,
    category: &str,
    severity: Option<u8>,
) -> Result<HitMapping, IncidentError> {
    let mapped = map_hit_at(kind, category, "category")?;
    Ok(
        if super::from_category::is_threat(kind, category, severity) {
            HitMapping::Category(Category::Cyberbullying)
        } else {
            mapped
        },
    )
}

/// [`map_hit`], naming `field` in the error.
pub(crate) fn map_hit_at(
    kind: HitKind,
    category: &str,
    field: &str,
) -> Result<HitMapping, IncidentError> {
    let id = normalise(category);
    if let Some(c) = Category::from_id(&id) {
        return Ok(HitMapping::Category(c));
    }
    let filter = || {
        id.parse::<crate::filter::Category>()
            .ok()
            .map(|c| HitMapping::from(from_filter(&c)))
    };
    let scanner = || {
        crate::scanner::Category::ALL
            .into_iter()
            .find(|c| c.as_str() == id)
            .or_else(|| {
                // A list's own id under a known category (`self_harm.cutting`).
                id.parse::<crate::scanner::Category>()
                    .ok()
                    .filter(|c| c.parent().is_some())
            })
            .map(|c| HitMapping::from(from_scanner(&c)))
    };
    let found = match kind {
        HitKind::Url => filter()
            .or_else(|| legacy_spelling(kind, &id))
            .or_else(scanner),
        HitKind::Term => scanner()
            .or_else(|| legacy_spelling(kind, &id))
            .or_else(filter),
    };
    found
        .or_else(|| own_list_category(kind, &id))
        .ok_or_else(|| unknown_category(category, field))
}

/// The prefix of a school term list's own scanner category in an incident hit
/// (`list:vaping`): the library cannot interpret it, so the plan warns and the DSL decides.
pub(crate) const OWN_LIST_PREFIX: &str = "list:";

/// `list:<id>` of a term hit, where `<id>` is an id the scanner accepts as a list's own.
fn own_list_category(kind: HitKind, id: &str) -> Option<HitMapping> {
    let own = id.strip_prefix(OWN_LIST_PREFIX)?;
    match (kind, own.parse::<crate::scanner::Category>()) {
        (HitKind::Term, Ok(crate::scanner::Category::Custom(_))) => Some(HitMapping::Unmapped),
        _ => None,
    }
}

/// How a scanner match's category reads as an incident hit: as it is, or with
/// [`OWN_LIST_PREFIX`] when it is a school list's own id that is no other accepted id
/// (`vaping` → `list:vaping`). A hand-written alert must write the prefix itself, so a
/// misspelt id there stays an error.
pub(crate) fn match_hit_category(category: &str) -> String {
    let own = matches!(
        category.parse::<crate::scanner::Category>(),
        Ok(crate::scanner::Category::Custom(_))
    );
    if own && map_hit_at(HitKind::Term, category, "category").is_err() {
        format!("{OWN_LIST_PREFIX}{category}")
    } else {
        category.to_owned()
    }
}

/// Every id [`map_hit`] accepts as typed (§5.3, filter, scanner), for messages.
pub(crate) fn accepted_hit_ids() -> Vec<String> {
    let mut ids: Vec<String> = Category::IDS.iter().map(|id| (*id).to_owned()).collect();
    let named = crate::filter::NAMED_CATEGORIES
        .iter()
        .map(|c| c.as_str().to_owned())
        .chain(
            crate::scanner::Category::ALL
                .iter()
                .map(|c| c.as_str().to_owned()),
        );
    for id in named {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

fn unknown_category(category: &str, field: &str) -> IncidentError {
    let shown: String = category.chars().take(60).collect();
    let ids = accepted_hit_ids();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    invalid(
        field,
        format!(
            "unknown monitoring or filter category `{shown}`{}; expected an incident, filter or scanner category id ({}), `ut1:<folder>` or, for a school term list's own category, `list:<id>`",
            did_you_mean(category, &refs),
            ids.join(", ")
        ),
    )
}

/// Older spellings accepted before the typed vocabulary (UT1 folder names, common words).
fn legacy_spelling(kind: HitKind, id: &str) -> Option<HitMapping> {
    use Category::*;
    let common = match id {
        "csam" | "iwf" | "child_abuse" | "child_sexual_abuse" | "iioc" => Some(Csam),
        "terrorism" | "ctiru" => Some(match kind {
            HitKind::Url => TerroristContent,
            HitKind::Term => Radicalisation,
        }),
        "radicalization" | "sect" => Some(Radicalisation),
        "selfharm" | "suicidal_ideation" | "self_injury" | "lethal_means" | "eating_disorder"
        | "eating_disorders" => Some(SelfHarmSuicide),
        "scam" | "scams" | "fraud" => Some(CommerceHarm),
        "hacking" | "malware" | "cryptojacking" | "ddos" | "booter" => Some(Cybercrime),
        "vpn" | "proxy" | "doh" | "residential_proxies" | "anonymiser" | "anonymizer" => {
            Some(FilterBypass)
        }
        "misinformation" | "disinformation" | "fakenews" | "fake_news" | "conspiracy" => {
            Some(MisDisinformation)
        }
        "cse" | "child_sexual_exploitation" | "sexual_exploitation" => Some(GroomingCse),
        "county_lines" => Some(CriminalExploitation),
        "nudes" | "sexting" => Some(NudesU18),
        _ => None,
    };
    if let Some(c) = common {
        return Some(HitMapping::Category(c));
    }
    match kind {
        HitKind::Url => match id {
            "mixed_adult" | "lingerie" | "drogue" | "agressif" | "dangerous_material" | "gore"
            | "warez" => Some(HitMapping::Category(InappropriateContentAccidental)),
            "stalkerware" => Some(HitMapping::Category(Cybercrime)),
            "redirector" | "strict_redirector" | "audio_video" | "blog" | "educational"
            | "search_engines" | "safe_search" => Some(HitMapping::NotAConcern),
            _ => None,
        },
        HitKind::Term => match id {
            "harassment" | "insult" | "insults" | "threat" | "threats" | "intimidation" => {
                Some(HitMapping::Category(Cyberbullying))
            }
            "hate" | "racism" | "homophobia" | "transphobia" | "misogyny" | "antisemitism"
            | "islamophobia" | "slur" | "slurs" => Some(HitMapping::Category(OnlineHate)),
            "sexual" | "pornography" | "porn" | "adult" | "explicit" | "substances"
            | "substance_abuse" | "gore" => {
                Some(HitMapping::Category(InappropriateContentDeliberate))
            }
            "swearing" | "offensive" | "obscenity" | "vulgarity" => Some(HitMapping::NotAConcern),
            _ => None,
        },
    }
}

/// One reason behind a classification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Reason {
    /// A snake_case id of the rule that applied (`hint_corrected`, `ukcis_trigger`, ...).
    pub rule: String,
    /// What the rule concluded, in one sentence.
    pub text: String,
    /// Where the rule comes from (DOMAIN.md section, seed and section, UKCIS).
    pub source: String,
}

fn reason(rule: &str, text: impl Into<String>, source: &str) -> Reason {
    Reason {
        rule: rule.to_owned(),
        text: text.into(),
        source: source.to_owned(),
    }
}

/// The outcome of classifying an incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Classification {
    /// The primary category.
    pub category: Category,
    /// The other categories that apply, in priority order.
    pub secondary: Vec<Category>,
    /// The 4C area.
    pub area: Area,
    /// 1 (log) to 5 (act now, police).
    pub severity: u8,
    /// The UKCIS immediate-referral triggers that apply (image incidents only).
    pub ukcis_triggers: Vec<UkcisTrigger>,
    /// Why.
    pub reasons: Vec<Reason>,
}

impl Classification {
    /// Whether `category` is the primary or a secondary category.
    pub fn has(&self, category: Category) -> bool {
        self.category == category || self.secondary.contains(&category)
    }

    /// Whether it needs the out-of-hours alert route: severity 4 or more, or suicide and
    /// self-harm among its categories.
    pub fn urgent(&self) -> bool {
        self.severity >= 4 || self.has(Category::SelfHarmSuicide)
    }

    /// The primary and secondary categories, primary first.
    pub fn all(&self) -> impl Iterator<Item = Category> + '_ {
        std::iter::once(self.category).chain(self.secondary.iter().copied())
    }
}

/// Facts derived once from the incident and used by both classification and the plan.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Signals {
    pub adult: bool,
    pub under_13: bool,
    pub child: bool,
    pub staff_alleged: bool,
    pub head_alleged: bool,
    /// The allegation is about the DSL (at a school whose head is the DSL, about the head).
    pub dsl_alleged: bool,
    pub sexual_image: bool,
    pub risk_to_self: bool,
    pub harm_facts: bool,
    pub deliberate: bool,
    pub max_hit_severity: u8,
    /// A pupil aged 18 or over is a subject and no child is involved.
    pub adult_pupil_only: bool,
    /// Subjects are named and none is a child (adult pupils, staff): an image of them is
    /// not youth-produced nudes.
    pub adults_only: bool,
    /// A scanner match of category `abuse` (a disclosure of abuse).
    pub abuse_disclosure: bool,
    /// A web address the filter lists as child sexual abuse material (`illegal.csam`, the
    /// IWF list) is linked: abuse material, never youth-produced imagery.
    pub listed_csam: bool,
}

impl Signals {
    pub(crate) fn of(incident: &Incident) -> Signals {
        let f = &incident.facts;
        let alleged = incident.alleged.unwrap_or(Alleged::Unknown);
        let hints: Vec<Category> = hint_categories(incident);
        let head_subject = incident
            .subjects
            .iter()
            .any(|s| s.role == Role::Headteacher);
        let staff_hint = hints.iter().any(|c| {
            matches!(
                c,
                Category::StaffAllegation | Category::StaffLowLevelConcern
            )
        });
        // Each hit mapped once: the known categories, and the severities of a school list's
        // own categories (the only judgement the library has of them).
        let mut hits: Vec<(Category, Option<u8>)> = Vec::new();
        let mut unmapped_severity = 0u8;
        let mut offence_hit = false;
        let mut listed_csam = false;
        for h in &incident.hits {
            match map_hit(h.kind, &h.category, h.severity) {
                Ok(HitMapping::Category(c)) => {
                    offence_hit |= staff_offence(c, &h.category);
                    listed_csam |= h.kind == HitKind::Url && c == Category::Csam;
                    hits.push((c, h.severity));
                }
                Ok(HitMapping::Unmapped) => {
                    unmapped_severity = unmapped_severity.max(h.severity.unwrap_or(0));
                }
                Ok(HitMapping::NotAConcern) | Err(_) => {}
            }
        }
        let staff_subject = incident.subjects.iter().any(|s| s.role.works_at_school());
        // When only staff are named, who the concern is about is the member of staff: one
        // at risk of radicalisation goes to the headteacher and the allegations process
        // (seed 003 §11.7), and one who deliberately sought abuse images or wrote grooming
        // or sextortion is an allegation (seed 003 §11.4; KCSIE Part 4).
        let offence_hint = hints.iter().any(|c| staff_offence(*c, c.as_str()));
        let about_the_staff_member = !incident.child_involved()
            && (hints.contains(&Category::Radicalisation)
                || hits.iter().any(|(c, _)| *c == Category::Radicalisation)
                || (f.deliberate && (offence_hint || offence_hit)));
        let staff_alleged = alleged.works_at_school()
            || (alleged == Alleged::Unknown
                && staff_subject
                && (staff_hint || about_the_staff_member));
        let head_alleged = alleged == Alleged::Headteacher || (staff_alleged && head_subject);
        let sexual_hint = hints.iter().any(|c| {
            c.is_sexual_image()
                || matches!(
                    c,
                    Category::OnlineSexualHarassment
                        | Category::GroomingCse
                        | Category::StaffAllegation
                )
        }) || hits.iter().any(|(c, _)| c.is_sexual_image());
        // `image_involved` means a nude, semi-nude or sexual image, whatever the tags say (an
        // AI nude used to bully is still a nude: DOMAIN.md §5.3 `nudes_u18`); an abuse-image
        // hit is one only where the reporter's tags do not say otherwise.
        let sexual_image = f.image_involved
            || (hits.iter().any(|(c, _)| *c == Category::Csam)
                && (sexual_hint || f.sexual_act_depicted || hints.is_empty()));
        let risk_to_self = f.risk_of_self_harm
            || hits
                .iter()
                .any(|(c, s)| *c == Category::SelfHarmSuicide && s.unwrap_or(0) >= 4);
        // A list's own category counts by its severity, so an unknown category never
        // lowers how urgent the plan is.
        let max_hit_severity = hits
            .iter()
            .filter_map(|(_, s)| *s)
            .fold(unmapped_severity, u8::max);
        Signals {
            // A pupil aged 18 or over beside a child is an adult involved (UKCIS trigger (a):
            // nudes are "made and shared by under-18s"; the pupil is protected).
            adult: f.adult_involved
                || alleged.is_adult()
                || (incident.subjects.iter().any(|s| s.is_adult_pupil())
                    && incident.child_involved()),
            under_13: incident.under_13(),
            child: incident.child_involved(),
            staff_alleged,
            head_alleged,
            dsl_alleged: alleged == Alleged::Dsl,
            sexual_image,
            risk_to_self,
            harm_facts: sexual_image
                || f.sexual_act_depicted
                || f.coercion_or_blackmail
                || f.criminal_offence_suspected
                || f.immediate_danger
                || f.violence_depicted,
            deliberate: f.deliberate,
            max_hit_severity,
            adult_pupil_only: incident.subjects.iter().any(|s| s.is_adult_pupil())
                && !incident.child_involved(),
            // Subjects who are only the member of staff alleged say nothing of who is pictured.
            adults_only: incident.adults_only()
                && !(staff_alleged && incident.subjects.iter().all(|s| s.role.works_at_school())),
            abuse_disclosure: incident
                .hits
                .iter()
                .any(|h| normalise(&h.category) == "abuse"),
            listed_csam,
        }
    }
}

/// Whether a hit of `category` (named `list_category` by its list or filter) would, done
/// deliberately by a member of staff, be an offence against or related to a child (KCSIE
/// Part 4): abuse images sought, grooming or sextortion written. A disclosure of abuse
/// (`abuse`) is not: staff write those down to pass them on.
pub(crate) fn staff_offence(category: Category, list_category: &str) -> bool {
    matches!(
        category,
        Category::Csam | Category::GroomingCse | Category::Sextortion
    ) && normalise(list_category) != "abuse"
}

/// The reporter's category hints: the tags that are DOMAIN.md §5.3 ids, in tag order.
pub(crate) fn hint_categories(incident: &Incident) -> Vec<Category> {
    let mut out = Vec::new();
    for tag in &incident.tags {
        if let Some(c) = Category::from_id(tag.trim())
            && !out.contains(&c)
        {
            out.push(c);
        }
    }
    out
}

/// The UKCIS triggers that apply, given the derived signals.
fn ukcis_triggers(incident: &Incident, s: &Signals) -> Vec<UkcisTrigger> {
    let f = &incident.facts;
    let mut out = Vec::new();
    if s.adult {
        out.push(UkcisTrigger::AdultInvolved);
    }
    if f.coercion_or_blackmail || f.capacity_to_consent_concern {
        out.push(UkcisTrigger::CoercionOrCapacity);
    }
    if f.unusual_sexual_act || f.violence_depicted {
        out.push(UkcisTrigger::UnusualOrViolent);
    }
    if f.sexual_act_depicted && s.under_13 {
        out.push(UkcisTrigger::SexualActUnder13);
    }
    if f.immediate_danger || s.risk_to_self {
        out.push(UkcisTrigger::ImmediateRisk);
    }
    out
}

/// Classifies an incident.
///
/// # Examples
///
/// ```
/// use esafety_core::incident::{classify, Category, Incident, UkcisTrigger};
///
/// // The reporter chose `nudes_u18`, but an adult is involved: child sexual abuse.
/// let incident = Incident::from_json_str(r#"{"subjects": [{"role": "pupil", "age": 10}],
///     "alleged": "adult_outside", "facts": {"adult_involved": true, "image_involved": true},
///     "tags": ["nudes_u18"]}"#)?;
/// let c = classify(&incident);
/// assert_eq!(c.category, Category::Csam);
/// assert!(c.ukcis_triggers.contains(&UkcisTrigger::AdultInvolved));
/// assert_eq!(c.severity, 5);
/// # Ok::<(), esafety_core::incident::IncidentError>(())
/// ```
pub fn classify(incident: &Incident) -> Classification {
    let s = Signals::of(incident);
    let f = &incident.facts;
    let mut reasons = Vec::new();
    let mut found: Vec<Category> = Vec::new();
    let add = |found: &mut Vec<Category>, c: Category| {
        if !found.contains(&c) {
            found.push(c);
        }
    };

    // 1. The reporter's hints, corrected from the facts.
    let hints = hint_categories(incident);
    for hint in &hints {
        let corrected = correct_hint(*hint, incident, &s);
        match corrected {
            Some((c, why, source)) if c != *hint => {
                reasons.push(reason(
                    "hint_corrected",
                    format!("the tag `{hint}` was corrected to `{c}`: {why}"),
                    source,
                ));
                add(&mut found, c);
            }
            _ => {
                reasons.push(reason(
                    "hint_accepted",
                    format!("the reporter tagged the incident `{hint}`"),
                    "Incident classification",
                ));
                add(&mut found, *hint);
            }
        }
    }

    // 2. Monitoring hits.
    for hit in &incident.hits {
        let mapping = map_hit(hit.kind, &hit.category, hit.severity);
        if let Ok(HitMapping::NotAConcern | HitMapping::Unmapped) = mapping {
            let what = match (&mapping, hit.severity) {
                (Ok(HitMapping::Unmapped), Some(severity)) => format!(
                    "is a school list category the library cannot interpret: the DSL triages it, \
                     at the list's severity {severity} at least"
                ),
                (Ok(HitMapping::Unmapped), None) => {
                    "is a school list category the library cannot interpret: the DSL triages it"
                        .to_owned()
                }
                _ => "is not a safeguarding concern by itself: the DSL triages it".to_owned(),
            };
            reasons.push(reason(
                "monitoring_hit_triage",
                format!("a {} hit of category `{}` {what}", hit.kind, hit.category),
                "KCSIE 2025 Part 2 online safety; UKSIC monitoring",
            ));
        }
        if let Ok(HitMapping::Category(mut c)) = mapping {
            if c == Category::InappropriateContentAccidental && s.deliberate {
                c = Category::InappropriateContentDeliberate;
            }
            let threat = if super::from_category::is_threat(hit.kind, &hit.category, hit.severity) {
                " (a threat to hurt someone, not content sought: a crime is suspected)"
            } else {
                ""
            };
            reasons.push(reason(
                "monitoring_hit",
                format!(
                    "a {} hit of category `{}`{} maps to `{c}`{threat}",
                    hit.kind,
                    hit.category,
                    hit.severity
                        .map(|v| format!(" (severity {v})"))
                        .unwrap_or_default()
                ),
                "Incident classification; UKSIC monitoring",
            ));
            add(&mut found, c);
        }
    }

    // 3. What the facts alone establish.
    if s.staff_alleged {
        let operational_only = !found.is_empty() && found.iter().all(|c| c.is_staff_operational());
        if !operational_only || s.harm_facts {
            let who = if s.head_alleged {
                "the headteacher"
            } else if s.dsl_alleged {
                "the designated safeguarding lead"
            } else {
                "an adult working at the school"
            };
            reasons.push(reason(
                "staff_allegation",
                format!("the concern is about {who}: allegations process, case manager and LADO"),
                "Incident R3; Incident staff_allegation; KCSIE 2025 Part 4 allegations",
            ));
            add(&mut found, Category::StaffAllegation);
            found.retain(|c| *c != Category::StaffLowLevelConcern);
        } else if found.iter().any(|c| c.is_staff_conduct()) {
            reasons.push(reason(
                "staff_conduct",
                "an adult working at the school did it: recording or posting pupils on their own device or account, getting round the filter or seeking unsuitable content breaks the staff code of conduct, a low-level concern the headteacher records",
                "KCSIE 2025 Part 4 low-level concerns; Incident staff_low_level_concern",
            ));
            add(&mut found, Category::StaffLowLevelConcern);
        }
    }
    if s.sexual_image {
        // Cyberflashing: the reporter calls it harassment and nothing says the child is
        // pictured (no image tag or hit): the image was sent to the child, not taken of them.
        let sent_to_child = found.contains(&Category::OnlineSexualHarassment)
            && !found.iter().any(|c| c.is_sexual_image());
        let c = if s.adults_only && !found.contains(&Category::Csam) {
            if f.coercion_or_blackmail {
                Category::Sextortion
            } else {
                Category::OnlineSexualHarassment
            }
        } else if s.adult && f.coercion_or_blackmail {
            Category::Sextortion
        } else if s.adult && sent_to_child {
            Category::GroomingCse
        } else if s.adult {
            Category::Csam
        } else if f.coercion_or_blackmail
            && matches!(incident.alleged, None | Some(Alleged::Unknown))
            && !found.contains(&Category::NudesU18)
        {
            Category::Sextortion
        } else if (found.contains(&Category::Csam) || found.contains(&Category::Sextortion))
            && !peer_imagery(incident, &s)
        {
            Category::Csam
        } else {
            Category::NudesU18
        };
        if !found.contains(&c) {
            reasons.push(reason(
                "image_rule",
                match c {
                    Category::Sextortion if s.adults_only => "a sexual image with threats or blackmail is sextortion, a crime whatever the victim's age".to_owned(),
                    Category::Sextortion => "a sexual image with threats or blackmail is sextortion, treated as child sexual abuse".to_owned(),
                    Category::Csam => "a sexual image of a child with an adult involved is child sexual abuse, not nudes_u18".to_owned(),
                    Category::GroomingCse => "an adult sent a sexual image to a child (cyberflashing): sexual contact with a child by an adult, not an image of the child; police and children's social care at once".to_owned(),
                    Category::OnlineSexualHarassment if s.adult_pupil_only => "the pupil is 18 or over: an image of an adult is not youth-produced nudes; it is handled as sexual harassment or image abuse".to_owned(),
                    Category::OnlineSexualHarassment => "no child is pictured: an intimate image of an adult is not youth-produced nudes; it is handled as sexual harassment or image abuse".to_owned(),
                    _ => "a sexual image made and shared by under-18s is youth-produced nudes (UKCIS)".to_owned(),
                },
                if c == Category::GroomingCse {
                    "KCSIE 2025 Part 1; Incident grooming_cse; Incident online_sexual_harassment"
                } else {
                    "UKCIS nudes 2024 definition; UKCIS nudes 2024 adult involved"
                },
            ));
            add(&mut found, c);
        }
        if c == Category::Sextortion && s.adult && !s.adults_only {
            add(&mut found, Category::Csam);
        }
    }
    // A known case of FGM is FGM whatever the tags say: the teacher's own duty to report it.
    if f.fgm_known && s.child && !found.contains(&Category::Fgm) {
        reasons.push(reason(
            "fgm_known",
            "a girl under 18 says FGM was done to her, or signs of it were seen: a known case, which the teacher reports to the police personally",
            "FGM Act 2003 s5B; Incident fgm",
        ));
        add(&mut found, Category::Fgm);
    }
    if s.risk_to_self && !found.contains(&Category::SelfHarmSuicide) {
        reasons.push(reason(
            "risk_to_self",
            "the child presents as suicidal or self-harming",
            "Incident self_harm_suicide",
        ));
        add(&mut found, Category::SelfHarmSuicide);
    }
    // An adult outside the school in contact with a child is grooming or exploitation,
    // whatever a tag or a monitoring hit calls the contact (tags are hints the facts
    // correct): harassment, bullying, self-harm talk or sexual content from an outside
    // adult is a contact risk, and the child is its victim, not the one to sanction.
    // Categories that already route it (abuse, exploitation, radicalisation) or that make
    // the adult something else (a fraudster, a data matter) keep their own route.
    let outsider_contact = found.iter().all(|c| {
        matches!(
            c,
            Category::InappropriateContentAccidental
                | Category::InappropriateContentDeliberate
                | Category::OnlineSexualHarassment
                | Category::Cyberbullying
                | Category::OnlineHate
                | Category::SelfHarmSuicide
                | Category::UnderagePlatformUse
                | Category::UnauthorisedRecording
        )
    });
    // An adult involved who is not named (no `alleged`) and is not staff is read as an
    // adult outside the school: the reading that protects the child.
    let outside_adult = match incident.alleged {
        Some(Alleged::AdultOutside) => true,
        None | Some(Alleged::Unknown) => f.adult_involved && !s.staff_alleged,
        Some(_) => false,
    };
    // An adult of the child's own family sending sexual messages (or an adult family
    // member involved with nothing else known) is abuse at home, never peer harassment or
    // content: the same route (KCSIE 2025 Part 1: child sexual abuse includes non-contact
    // acts, online or offline). Their bullying or a recording they post keeps its own.
    let family_contact = matches!(incident.alleged, Some(Alleged::Parent | Alleged::Family))
        && found.iter().all(|c| {
            matches!(
                c,
                Category::InappropriateContentAccidental
                    | Category::InappropriateContentDeliberate
                    | Category::OnlineSexualHarassment
            )
        });
    if s.child && ((outsider_contact && outside_adult) || family_contact) {
        reasons.push(reason(
            "adult_contact",
            if family_contact {
                "an adult of the child's family in sexual contact with the child, or involved with nothing else known, is treated as grooming or abuse"
            } else {
                "an adult outside the school in contact with a child is treated as grooming or exploitation"
            },
            "KCSIE 2025 4Cs; Incident grooming_cse",
        ));
        found.retain(|c| !c.is_inappropriate_content());
        add(&mut found, Category::GroomingCse);
    }
    // A child coerced by an adult into hacking or fraud is exploited for their skills:
    // the exploitation route ("as grooming_cse"), beside the cybercrime or commerce one.
    if s.child
        && s.adult
        && f.coercion_or_blackmail
        && found
            .iter()
            .any(|c| matches!(c, Category::Cybercrime | Category::CommerceHarm))
        && !found.contains(&Category::CriminalExploitation)
    {
        reasons.push(reason(
            "coerced_into_crime",
            "an adult coerces the child into hacking or fraud: the child is being criminally exploited",
            "Incident cybercrime; Incident criminal_exploitation",
        ));
        add(&mut found, Category::CriminalExploitation);
    }

    // A threat to kill or hurt someone that a person reports is handled as a monitoring
    // threat is: bullying with a crime suspected, never content or a neutral concern.
    if f.threat_of_violence && found.is_empty() {
        reasons.push(reason(
            "threat",
            "a threat to kill or hurt someone, or a weapon brought to school: handled as cyberbullying with a crime suspected, the police at once",
            "Incident cyberbullying; Incident R2",
        ));
        add(&mut found, Category::Cyberbullying);
    }

    // 4. Fallback: nothing decisive. Protect the pupil: the DSL triages now. A filter or
    // monitoring event is about content; a person's report that fits no category (a child
    // missing, neglect) is a safeguarding concern, never a filtering breach.
    if found.is_empty() {
        let c = if !from_a_system(incident) {
            Category::SafeguardingConcern
        } else if s.deliberate {
            Category::InappropriateContentDeliberate
        } else {
            Category::InappropriateContentAccidental
        };
        reasons.push(reason(
            "fallback",
            format!(
                "no category tag, hit or decisive fact: treated as `{c}` for the DSL to triage"
            ),
            if c == Category::SafeguardingConcern {
                "Incident R1; Incident safeguarding_concern"
            } else {
                "Incident R1"
            },
        ));
        found.push(c);
    }

    found.sort();
    let category = found
        .first()
        .copied()
        .unwrap_or(Category::InappropriateContentAccidental);
    let secondary: Vec<Category> = found.iter().skip(1).copied().collect();

    let image_case = !s.adults_only
        && (found.iter().any(|c| c.is_sexual_image()) || (f.image_involved && s.sexual_image));
    let ukcis = if image_case {
        ukcis_triggers(incident, &s)
    } else {
        Vec::new()
    };
    for t in &ukcis {
        reasons.push(reason(
            "ukcis_trigger",
            format!(
                "UKCIS immediate referral ({}): {}",
                t.as_str(),
                t.describe()
            ),
            "UKCIS nudes 2024 referral triggers",
        ));
    }

    let area = if category == Category::StaffAllegation {
        secondary.first().map(|c| c.area()).unwrap_or(Area::Conduct)
    } else {
        category.area()
    };

    let mut severity = found.iter().map(|c| c.base_severity()).max().unwrap_or(1);
    if !ukcis.is_empty() {
        severity = severity.max(4);
    }
    if f.criminal_offence_suspected {
        severity = severity.max(3);
    }
    if f.threat_of_violence {
        severity = severity.max(super::from_category::THREAT_SEVERITY);
    }
    if s.max_hit_severity > 0 {
        severity = severity.max(s.max_hit_severity);
    }
    if f.immediate_danger {
        severity = 5;
        reasons.push(reason(
            "immediate_danger",
            "a child is in immediate danger or at risk of harm: 999",
            "Incident R2; Incident timing",
        ));
    }
    Classification {
        category,
        secondary,
        area,
        severity: severity.clamp(1, 5),
        ukcis_triggers: ukcis,
        reasons,
    }
}

/// Whether a filter or monitoring system raised the incident: it links hits, or carries
/// a `monitoring_alert`, `filter_block` or `filter_alert` tag.
pub(crate) fn from_a_system(incident: &Incident) -> bool {
    !incident.hits.is_empty()
        || incident.tags.iter().any(|t| {
            matches!(
                t.as_str(),
                "monitoring_alert" | "filter_alert" | "filter_block"
            )
        })
}

/// Whether a sexual image is between pupils alone: a pupil is alleged, no adult is
/// involved, and no web address the filter lists as child sexual abuse material is linked.
/// Such an image is youth-produced nudes whatever the reporter calls it (UKCIS: "made and
/// shared by under-18s"); coercion is a referral trigger within that route. Listed material
/// (the IWF list) is abuse material, never a pupil's own image, whoever looked for it.
fn peer_imagery(incident: &Incident, s: &Signals) -> bool {
    incident.alleged == Some(Alleged::Pupil) && !s.adult && s.child && !s.listed_csam
}

/// Corrects one hint from the facts: `Some((category, why, source))`.
fn correct_hint(
    hint: Category,
    incident: &Incident,
    s: &Signals,
) -> Option<(Category, &'static str, &'static str)> {
    let f = &incident.facts;
    match hint {
        Category::NudesU18 if s.adults_only && f.coercion_or_blackmail => Some((
            Category::Sextortion,
            "no child is pictured and there are threats or blackmail: sextortion, a crime whatever the victim's age",
            "UKCIS nudes 2024 definition; Incident sextortion",
        )),
        Category::NudesU18 if s.adult_pupil_only => Some((
            Category::OnlineSexualHarassment,
            "the pupil is 18 or over, an adult: the UKCIS guidance on nudes covers under-18s only",
            "UKCIS nudes 2024 definition",
        )),
        Category::NudesU18 if s.adults_only => Some((
            Category::OnlineSexualHarassment,
            "no child is pictured: the UKCIS guidance on nudes covers images of under-18s only",
            "UKCIS nudes 2024 definition",
        )),
        Category::NudesU18 if s.adult && f.coercion_or_blackmail => Some((
            Category::Sextortion,
            "an adult is involved and there are threats or blackmail",
            "UKCIS nudes 2024 adult involved; Incident sextortion",
        )),
        Category::NudesU18 if s.adult => Some((
            Category::Csam,
            "an adult is involved, so this is child sexual abuse, not youth-produced imagery",
            "UKCIS nudes 2024 definition; UKCIS nudes 2024 adult involved",
        )),
        Category::Csam if s.sexual_image && !f.incidental() && peer_imagery(incident, s) => Some((
            Category::NudesU18,
            "a pupil is alleged and no adult is involved: an image made and shared by under-18s is youth-produced nudes, handled under UKCIS (coercion or other triggers still refer it at once)",
            "UKCIS nudes 2024 definition",
        )),
        Category::InappropriateContentAccidental if f.deliberate => Some((
            Category::InappropriateContentDeliberate,
            "the access was deliberate",
            "Incident inappropriate_content_deliberate",
        )),
        Category::InappropriateContentDeliberate if f.incidental() => Some((
            Category::InappropriateContentAccidental,
            "the exposure was incidental",
            "Incident inappropriate_content_accidental",
        )),
        Category::FilterFailure if f.deliberate => Some((
            Category::FilterBypass,
            "the filter was evaded on purpose",
            "Incident filter_bypass",
        )),
        Category::StaffLowLevelConcern if s.staff_alleged && s.harm_facts => Some((
            Category::StaffAllegation,
            "the facts reach the harm threshold (offence, sexual imagery, coercion, danger or violence)",
            "Incident staff_allegation; KCSIE 2025 Part 4 allegations",
        )),
        _ => None,
    }
}
