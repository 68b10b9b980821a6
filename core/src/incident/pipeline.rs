//! From a monitoring match or a filter decision to a draft incident.
//!
//! Three shapes are accepted, each exactly as the other modules produce it:
//!
//! * an [`Alert`] dict (`kind`, `category`, `severity`, `at`, ...);
//! * a scanner match, `Match.to_dict()` (`term`, `category`, `severity`, `list_severity`,
//!   `start`, `end`, `matched_text`, `source`);
//! * a filter decision, `Decision.to_dict()` (`verdict`, `url`, `categories`, `rule`, ...):
//!   one hit per category.
//!
//! What the match or decision does not say (when, who, which device) comes from an
//! optional *context* dict with the alert keys `at`, `role`, `age`, `year_group`,
//! `user_id`, `device`, `location`, `deliberate`. The draft is an ordinary [`Incident`]:
//! pass it to [`escalate`](super::escalate), or let a person complete it first.

use super::classify::{Category, HitMapping, map_hit_at, match_hit_category};
use super::error::{IncidentError, invalid};
use super::fields::{Object, parse_id};
use super::input::{
    Alleged, Device, HitKind, Incident, Location, MonitoringHit, Role, Subject, check_pupil_age,
    year_group_field,
};
use crate::scanner::context::ContextCue;
use chrono::{DateTime, FixedOffset};
use serde_json::{Map, Value};

/// A monitoring or filtering event, as plain values.
///
/// # Examples
///
/// ```
/// use esafety_core::incident::{draft_incident, escalate, Alert, HitKind, SchoolProfile};
///
/// let at = chrono::DateTime::parse_from_rfc3339("2025-11-28T19:40:00+00:00").unwrap();
/// let alert = Alert::term("suicide", 5, at).with_age(12);
/// let incident = draft_incident(&alert)?.expect("a safeguarding concern");
/// let plan = escalate(&incident, &SchoolProfile::national());
/// assert_eq!(plan.category.as_str(), "self_harm_suicide");
/// assert!(plan.out_of_hours);
/// # Ok::<(), esafety_core::incident::IncidentError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    /// A term match or a URL decision.
    pub kind: HitKind,
    /// The scanner's term category or the filter's URL category.
    pub category: String,
    /// The scanner's severity, 1–5 (term matches).
    pub severity: Option<u8>,
    /// The matched term.
    pub term: Option<String>,
    /// The scanner's confidence, 0–1 (`None`: not given).
    pub confidence: Option<f64>,
    /// The scanner's context cues (`negated`, `quoted`).
    pub context: Vec<ContextCue>,
    /// The URL.
    pub url: Option<String>,
    /// When it happened (`None`: not known; the plan then warns that the out-of-hours
    /// route was not assessed).
    pub at: Option<DateTime<FixedOffset>>,
    /// The user's role (default: pupil).
    pub role: Role,
    /// The user's age, when known.
    pub age: Option<u8>,
    /// The user's school year, when known.
    pub year_group: Option<i8>,
    /// The device (default: school, since monitoring covers school systems).
    pub device: Device,
    /// Where (default: on site).
    pub location: Location,
    /// An opaque user reference.
    pub user_id: Option<String>,
    /// Whether the access was deliberate (a search); term matches are.
    pub deliberate: bool,
    /// Whether the filter blocked the URL (`false` for a decision that allowed it, so the
    /// user saw the page; term matches: `false`).
    pub blocked: bool,
}

impl Alert {
    /// A term match of the monitoring scanner.
    pub fn term(category: &str, severity: u8, at: DateTime<FixedOffset>) -> Alert {
        Alert {
            severity: Some(severity),
            deliberate: true,
            ..Alert::on_site_pupil(HitKind::Term, category, at)
        }
    }

    /// A block (or alert) of the web filter.
    pub fn filter_block(category: &str, url: &str, at: DateTime<FixedOffset>) -> Alert {
        Alert {
            url: Some(url.to_owned()),
            blocked: true,
            ..Alert::on_site_pupil(HitKind::Url, category, at)
        }
    }

    /// What both constructors start from: a pupil on a school device on site; no
    /// severity, term, URL, age or user; neither deliberate nor blocked.
    fn on_site_pupil(kind: HitKind, category: &str, at: DateTime<FixedOffset>) -> Alert {
        Alert {
            kind,
            category: category.to_owned(),
            severity: None,
            term: None,
            confidence: None,
            context: Vec::new(),
            url: None,
            at: Some(at),
            role: Role::Pupil,
            age: None,
            year_group: None,
            device: Device::School,
            location: Location::OnSite,
            user_id: None,
            deliberate: false,
            blocked: false,
        }
    }

    /// Sets the user's age.
    pub fn with_age(mut self, age: u8) -> Alert {
        self.age = Some(age);
        self
    }

    /// Reads an alert from JSON (`at` may be absent: the time is then unknown):
    /// `{"kind": "term"|"url", "category": "...", "severity": 5,
    /// "term": "...", "url": "...", "at": "2025-11-26T08:30:00Z", "role": "pupil", "age": 12,
    /// "year_group": 7, "device": "school", "location": "on_site", "user_id": "...",
    /// "deliberate": false, "confidence": 0.3, "context": ["negated"]}`.
    ///
    /// # Errors
    ///
    /// An [`IncidentError`] naming the field.
    pub fn from_json_value(value: &Value) -> Result<Alert, IncidentError> {
        crate::wire::limits::check_value(value)?;
        let obj = Object::new(
            value,
            "",
            &[
                "kind",
                "category",
                "severity",
                "term",
                "url",
                "at",
                "role",
                "age",
                "year_group",
                "device",
                "location",
                "user_id",
                "deliberate",
                "confidence",
                "context",
            ],
        )?;
        let kind = match obj.str("kind")? {
            Some(k) => parse_id("kind", k, HitKind::from_id, HitKind::IDS)?,
            None if obj.get("url").is_some() => HitKind::Url,
            None => HitKind::Term,
        };
        let at = obj
            .str("at")?
            .map(|text| {
                // The one instant parser (a date or a time without offset is in England),
                // as `reported_at` reads it.
                crate::vocabulary::parse_instant(text)
                    .map(|at| at.fixed_offset())
                    .map_err(|e| invalid("at", e.to_string()))
            })
            .transpose()?;
        let category = obj.required_str("category")?;
        let severity = obj.uint("severity", 5)?.and_then(|s| u8::try_from(s).ok());
        let placeholder = DateTime::UNIX_EPOCH.fixed_offset();
        let mut alert = match kind {
            HitKind::Term => Alert::term(category, severity.unwrap_or(3), placeholder),
            HitKind::Url => {
                Alert::filter_block(category, obj.str("url")?.unwrap_or(""), placeholder)
            }
        };
        alert.at = at;
        if kind == HitKind::Url {
            alert.severity = severity;
            alert.url = obj.str("url")?.map(str::to_owned);
        } else if severity.is_none() && obj.get("severity").is_none() {
            return Err(IncidentError::MissingField {
                file: None,
                field: "severity".to_owned(),
            });
        }
        alert.term = obj.str("term")?.map(str::to_owned);
        alert.confidence = obj.fraction("confidence")?;
        alert.context = obj.cues("context")?;
        if let Some(r) = obj.str("role")? {
            alert.role = parse_id("role", r, Role::from_id, Role::IDS)?;
        }
        let age = obj.uint("age", 120)?;
        check_pupil_age(alert.role, age, "age")?;
        alert.age = age.and_then(|a| u8::try_from(a).ok());
        alert.year_group = year_group_field(&obj)?;
        if let Some(d) = obj.str("device")? {
            alert.device = parse_id("device", d, Device::from_id, Device::IDS)?;
        }
        if let Some(l) = obj.str("location")? {
            alert.location = parse_id("location", l, Location::from_id, Location::IDS)?;
        }
        alert.user_id = obj.str("user_id")?.map(str::to_owned);
        if let Some(d) = obj.bool("deliberate")? {
            alert.deliberate = d;
        }
        Ok(alert)
    }
}

/// The keys of a scanner match dict (`Match.to_dict()`).
const MATCH_KEYS: &[&str] = &[
    "term",
    "category",
    "severity",
    "list_severity",
    "start",
    "end",
    "matched_text",
    "source",
    "pattern",
    "slots",
    "context",
    "confidence",
    "possible_name",
];

/// The keys of a filter decision dict (`Decision.to_dict()`).
const DECISION_KEYS: &[&str] = &[
    "verdict",
    "url",
    "host",
    "audience",
    "categories",
    "rule",
    "reason",
    "source",
    "matches",
    "search_terms",
    "rewrite",
    "safe_search",
    "lookalike",
    "search_matches",
    "predicted",
    "confidence",
    "evidence",
];

/// The keys a context dict may give (those of an alert that a match or decision lacks).
const CONTEXT_KEYS: &[&str] = &[
    "at",
    "role",
    "age",
    "year_group",
    "user_id",
    "device",
    "location",
    "deliberate",
];

/// Turns an alert dict, a scanner match dict or a filter decision dict (see the module
/// docs) into a draft incident, with an optional context dict.
///
/// `Ok(None)` only for a filter decision that names no category and whose search terms
/// matched nothing (an uncategorised page). A decision's `search_matches` are term alerts
/// of the same draft.
/// A match whose slot names a member of staff or a parent drafts that person as alleged
/// (`alleged_in_slots`).
///
/// # Errors
///
/// An [`IncidentError`] naming the field: unknown keys, an unknown category, a severity
/// outside 1–5, a pupil's age outside 2–19, slots that are not strings.
///
/// # Examples
///
/// ```
/// use esafety_core::incident::{draft_incident_json, escalate, SchoolProfile};
/// use serde_json::json;
///
/// // A scanner match exactly as `Match.to_dict()` gives it, and when it happened.
/// let m = json!({"term": "kms", "category": "suicide", "severity": 5, "list_severity": 5,
///     "start": 3, "end": 6, "matched_text": "kms", "source": "default.tsv:12"});
/// let context = json!({"at": "2025-11-28T19:40:00+00:00", "age": 12});
/// let incident = draft_incident_json(&m, Some(&context))?.expect("a draft");
/// let plan = escalate(&incident, &SchoolProfile::national());
/// assert_eq!(plan.category.as_str(), "self_harm_suicide");
///
/// // A filter decision exactly as `Decision.to_dict()` gives it; no context at all.
/// let d = json!({"verdict": "block", "url": "http://g.example.test/", "host": "g.example.test",
///     "audience": "ks2", "categories": ["games"], "rule": "games/domains:1", "reason": "blocked",
///     "source": "UKSIC", "matches": [], "search_terms": null, "rewrite": null,
///     "safe_search": null, "lookalike": null});
/// let incident = draft_incident_json(&d, None)?.expect("a draft");
/// assert!(!escalate(&incident, &SchoolProfile::national()).steps.is_empty());
/// # Ok::<(), esafety_core::incident::IncidentError>(())
/// ```
pub fn draft_incident_json(
    value: &Value,
    context: Option<&Value>,
) -> Result<Option<Incident>, IncidentError> {
    crate::wire::limits::check_value(value)?;
    if let Some(context) = context {
        crate::wire::limits::check_value(context)?;
    }
    let context = match context {
        None | Some(Value::Null) => Map::new(),
        Some(c) => {
            let obj = Object::new(c, "context", CONTEXT_KEYS)?;
            obj.entries().map(|(k, v)| (k.clone(), v.clone())).collect()
        }
    };
    let with_context = |mut alert: Map<String, Value>| -> Value {
        for (k, v) in &context {
            alert.insert(k.clone(), v.clone());
        }
        Value::Object(alert)
    };
    let Value::Object(map) = value else {
        return Err(invalid(
            "(top level)",
            "expected an alert, a scanner match or a filter decision object",
        ));
    };
    let alerts: Vec<Alert> = if map.contains_key("verdict") {
        let obj = Object::new(value, "", DECISION_KEYS)?;
        let verdict = obj.required_str("verdict")?;
        let url = obj.str("url")?;
        let mut alerts = Vec::new();
        for (i, category) in obj.strings("categories")?.into_iter().enumerate() {
            let mut alert = Map::new();
            alert.insert("kind".into(), Value::from("url"));
            alert.insert("category".into(), Value::from(category));
            if let Some(url) = url {
                alert.insert("url".into(), Value::from(url));
            }
            map_hit_at(HitKind::Url, category, &format!("categories[{i}]"))?;
            alerts.push(Alert::from_json_value(&with_context(alert))?);
        }
        if verdict == "allow" {
            // Seen, not blocked: the draft says so.
            for a in &mut alerts {
                a.blocked = false;
            }
        }
        // What the search terms said (a `check_with` decision): a "kill myself" search on a
        // safe-search page names no category of the page, and must still reach the DSL.
        let mut alleged = None;
        for (i, m) in obj.array("search_matches")?.iter().enumerate() {
            let m = Object::new(m, &format!("search_matches[{i}]"), MATCH_KEYS)?;
            let (raised, named) = match_alert(&m)?;
            for alert in raised {
                alerts.push(Alert::from_json_value(&with_context(alert))?);
            }
            alleged = alleged.or(named);
        }
        return Ok(draft_from_alerts(&alerts)?.map(|incident| Incident {
            alleged: alleged.or(incident.alleged),
            ..incident
        }));
    } else if map.contains_key("matched_text") || map.contains_key("list_severity") {
        let obj = Object::new(value, "", MATCH_KEYS)?;
        let (raised, alleged) = match_alert(&obj)?;
        let alerts = raised
            .into_iter()
            .map(|alert| Alert::from_json_value(&with_context(alert)))
            .collect::<Result<Vec<_>, _>>()?;
        let draft = draft_from_alerts(&alerts)?;
        return Ok(draft.map(|incident| Incident {
            alleged: alleged.or(incident.alleged),
            ..incident
        }));
    } else {
        vec![Alert::from_json_value(&with_context(map.clone()))?]
    };
    draft_from_alerts(&alerts)
}

/// The id prefix of the term list's FGM disclosure patterns (`fgm_cut_down_there`): their
/// matches (category `abuse`) draft a hit of the incident category `fgm`, whose route holds
/// the teacher's own duty to tell the police (FGM Act 2003 s5B), not `grooming_cse`.
pub const FGM_PATTERN_PREFIX: &str = "fgm_";

/// An alert's fields, as `Alert::from_json_value` reads them.
type AlertFields = Map<String, Value>;

/// The alerts a scanner match dict raises (a term hit of its category and severity, `fgm`
/// for an FGM disclosure pattern ([`FGM_PATTERN_PREFIX`]); a
/// threat or insult aimed at a group its `identity` slot names is also hate, DOMAIN.md §5.3
/// `online_hate`), and whom its slots name as responsible.
fn match_alert(m: &Object<'_>) -> Result<(Vec<AlertFields>, Option<Alleged>), IncidentError> {
    let mut alert = Map::new();
    alert.insert("kind".into(), Value::from("term"));
    let category = m.required_str("category")?;
    let fgm = m
        .str("pattern")?
        .is_some_and(|p| p.starts_with(FGM_PATTERN_PREFIX));
    alert.insert(
        "category".into(),
        Value::from(if fgm {
            Category::Fgm.as_str().to_owned()
        } else {
            match_hit_category(category)
        }),
    );
    if let Some(severity) = m.get("severity") {
        alert.insert("severity".into(), severity.clone());
    }
    if let Some(term) = m.str("term")? {
        alert.insert("term".into(), Value::from(term));
    }
    // How the scanner judged it, so that the plan can say when the scanner did not flag it.
    for key in ["confidence", "context"] {
        if let Some(v) = m.get(key) {
            alert.insert(key.into(), v.clone());
        }
    }
    let alleged = alleged_in_slots(m.get("slots"))?;
    let aimed_at_a_group = m
        .get("slots")
        .and_then(Value::as_object)
        .is_some_and(|slots| slots.contains_key("identity"));
    let hate = crate::scanner::Category::HateSpeech.as_str();
    let already_hate = matches!(
        alert.get("category").and_then(Value::as_str),
        Some(c) if c == hate || c == crate::scanner::Category::Extremism.as_str()
    );
    let hateful = (aimed_at_a_group && !already_hate).then(|| {
        let mut hateful = alert.clone();
        hateful.insert("category".into(), Value::from(hate));
        hateful
    });
    Ok((std::iter::once(alert).chain(hateful).collect(), alleged))
}

/// Who a scanner match names as responsible: a slot value that is an id of [`Alleged`] for
/// an adult who works at the school (`teacher`, `pe teacher`, `head`; spaces as `_`) or a
/// parent or carer (`dad`, `stepmum`, `foster carer`) or another adult of the family or
/// household (`uncle`, `grandad`, `mums boyfriend`), or a slot whose name is such a person
/// (`{staff}`: "sir added me on snapchat"). "My teacher hit me" (`{abuser}` =
/// `teacher`) drafts an allegation against staff, which goes to the case manager and the
/// LADO (KCSIE Part 4) and not to the DSL alone; "my dad hit me" drafts a concern about a
/// parent, whom nobody tells before children's social care agree. The head wins over other
/// staff (the chair of governors is then the case manager), and staff over a parent.
///
/// # Errors
///
/// [`IncidentError::InvalidValue`] naming `slots` when they are not an object of strings.
fn alleged_in_slots(slots: Option<&Value>) -> Result<Option<Alleged>, IncidentError> {
    let slots = match slots {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Object(slots)) => slots,
        Some(_) => {
            return Err(invalid(
                "slots",
                "expected an object of slot names and values",
            ));
        }
    };
    let mut alleged = None;
    for (name, value) in slots {
        let Some(text) = value.as_str() else {
            return Err(invalid(
                format!("slots.{}", crate::vocabulary::short(name)),
                "expected a string",
            ));
        };
        let id = text
            .split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join("_");
        // The word first ("head teacher"), then the slot's own name: a `{staff}` slot names
        // an adult at the school whatever word filled it ("sir", "mr").
        let Some(named) =
            responsible(Alleged::from_id(&id)).or_else(|| responsible(Alleged::from_id(name)))
        else {
            continue;
        };
        if alleged.is_none_or(|a| precedence(named) > precedence(a)) {
            alleged = Some(named);
        }
    }
    Ok(alleged)
}

/// The person a slot names as responsible: an adult at the school, a parent or another
/// adult of the family. A slot naming a pupil may name the child at risk as well as the one
/// responsible, and `none` names no one: neither says who is alleged.
fn responsible(named: Option<Alleged>) -> Option<Alleged> {
    match named? {
        a @ (Alleged::Headteacher
        | Alleged::Dsl
        | Alleged::Staff
        | Alleged::Supply
        | Alleged::Contractor
        | Alleged::Parent
        | Alleged::Family) => Some(a),
        Alleged::Pupil | Alleged::AdultOutside | Alleged::Unknown => None,
    }
}

/// Which of two people named in one match the draft alleges: the head before other staff,
/// staff before a parent, a parent before another family member (allegations management
/// must hear of it either way).
fn precedence(alleged: Alleged) -> u8 {
    match alleged {
        Alleged::Headteacher => 5,
        Alleged::Dsl => 4,
        Alleged::Staff | Alleged::Supply | Alleged::Contractor => 3,
        Alleged::Parent => 2,
        Alleged::Family => 1,
        Alleged::Pupil | Alleged::AdultOutside | Alleged::Unknown => 0,
    }
}

/// Turns a monitoring match or a filter block into a draft incident.
///
/// Every category the filter or the scanner emits gives a draft (a `games` block or a
/// `profanity` match too: the DSL triages what is not a concern by itself, see
/// [`FromCategory`](super::FromCategory)); the result is `Some` for every valid alert.
///
/// The draft has no reporter (a system raised it), the user as its one subject, the hit
/// linked, the tag `monitoring_alert`, `filter_block` or `filter_alert`, and the facts the
/// event establishes: a term match is deliberate; a self-harm or suicide term of severity
/// 4 or 5 sets `risk_of_self_harm`; a threat ([`is_threat`](super::is_threat)) sets
/// `criminal_offence_suspected`.
///
/// # Errors
///
/// [`IncidentError::InvalidValue`] naming `category` for an unknown category (the message
/// lists the accepted ids), or `severity` for a severity outside 1–5.
pub fn draft_incident(alert: &Alert) -> Result<Option<Incident>, IncidentError> {
    draft_from_alerts(std::slice::from_ref(alert))
}

/// One draft from the alerts of one event (a decision with several categories).
fn draft_from_alerts(alerts: &[Alert]) -> Result<Option<Incident>, IncidentError> {
    let Some(first) = alerts.first() else {
        return Ok(None);
    };
    let mut incident = Incident {
        reported_at: first.at.map(|at| at.with_timezone(&chrono::Utc)),
        subjects: vec![Subject {
            role: first.role,
            age: first.age,
            year_group: first.year_group,
            id: first.user_id.clone(),
        }],
        location: Some(first.location),
        device: Some(first.device),
        tags: vec![
            match (first.kind, first.blocked) {
                (HitKind::Term, _) => "monitoring_alert",
                (HitKind::Url, true) => "filter_block",
                (HitKind::Url, false) => "filter_alert",
            }
            .to_owned(),
        ],
        ..Incident::default()
    };
    incident.facts.deliberate = first.deliberate;
    for alert in alerts {
        if let Some(s) = alert.severity
            && !(1..=5).contains(&s)
        {
            return Err(invalid(
                "severity",
                format!("expected a severity from 1 to 5, found `{s}`"),
            ));
        }
        let mapped = map_hit_at(alert.kind, &alert.category, "category")?;
        if mapped == HitMapping::Category(Category::SelfHarmSuicide)
            && alert.severity.unwrap_or(0) >= 4
        {
            incident.facts.risk_of_self_harm = true;
        }
        if mapped == HitMapping::Category(Category::FilterBypass) {
            incident.facts.deliberate = true;
        }
        if super::from_category::is_threat(alert.kind, &alert.category, alert.severity) {
            // A threat to kill or a weapon brought to school is an offence (DOMAIN.md §5.3
            // `cyberbullying`: police if a crime is suspected).
            incident.facts.criminal_offence_suspected = true;
        }
        if let HitMapping::Category(c) = mapped
            && first.deliberate
            && super::classify::staff_offence(c, &alert.category)
        {
            // The user works at the school: what they did is an allegation about them
            // (KCSIE Part 4: possibly an offence against or related to a child).
            let user = Alleged::from(first.role);
            if user.works_at_school() {
                incident.alleged = Some(user);
            }
        }
        incident.hits.push(MonitoringHit {
            kind: alert.kind,
            category: alert.category.clone(),
            severity: alert.severity,
            url: alert.url.clone(),
            term: alert.term.clone(),
            confidence: alert.confidence,
            context: alert.context.clone(),
        });
    }
    Ok(Some(incident))
}

#[cfg(test)]
mod key_tests {
    use super::{DECISION_KEYS, MATCH_KEYS};
    use schemars::JsonSchema;

    /// The property names of a wire type, sorted.
    fn properties<T: JsonSchema>() -> Vec<String> {
        let schema = schemars::SchemaGenerator::default().into_root_schema_for::<T>();
        let mut keys: Vec<String> = schema
            .get("properties")
            .and_then(|p| p.as_object())
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default();
        keys.sort();
        keys
    }

    fn sorted(keys: &[&str]) -> Vec<String> {
        let mut keys: Vec<String> = keys.iter().map(|k| (*k).to_owned()).collect();
        keys.sort();
        keys
    }

    #[test]
    fn accepted_keys_follow_the_wire_types() {
        assert_eq!(sorted(MATCH_KEYS), properties::<crate::scanner::Match>());
        assert_eq!(
            sorted(DECISION_KEYS),
            properties::<crate::filter::Decision>()
        );
    }
}
