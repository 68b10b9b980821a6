//! From a monitoring match or a filter block to a draft incident (issue 5 core 5).
//!
//! The scanner and the filter are separate modules; this one takes their output as plain
//! strings and numbers (a term category and severity, or a URL category), so it does not
//! depend on their types. The draft is an ordinary [`Incident`]: pass it to
//! [`escalate`](super::escalate), or let a person complete it first.

use super::classify::{Category, HitMapping, map_hit};
use super::error::{IncidentError, invalid};
use super::fields::{Object, parse_id};
use super::input::{Device, HitKind, Incident, Location, MonitoringHit, Role, Subject};
use chrono::{DateTime, FixedOffset};
use serde_json::Value;

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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    /// A term match or a URL decision.
    pub kind: HitKind,
    /// The scanner's term category or the filter's URL category.
    pub category: String,
    /// The scanner's severity, 1–5 (term matches).
    pub severity: Option<u8>,
    /// The matched term.
    pub term: Option<String>,
    /// The URL.
    pub url: Option<String>,
    /// When it happened.
    pub at: DateTime<FixedOffset>,
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
}

impl Alert {
    /// A term match of the monitoring scanner.
    pub fn term(category: &str, severity: u8, at: DateTime<FixedOffset>) -> Alert {
        Alert {
            kind: HitKind::Term,
            category: category.to_owned(),
            severity: Some(severity),
            term: None,
            url: None,
            at,
            role: Role::Pupil,
            age: None,
            year_group: None,
            device: Device::School,
            location: Location::OnSite,
            user_id: None,
            deliberate: true,
        }
    }

    /// A block (or alert) of the web filter.
    pub fn filter_block(category: &str, url: &str, at: DateTime<FixedOffset>) -> Alert {
        Alert {
            kind: HitKind::Url,
            category: category.to_owned(),
            severity: None,
            term: None,
            url: Some(url.to_owned()),
            at,
            role: Role::Pupil,
            age: None,
            year_group: None,
            device: Device::School,
            location: Location::OnSite,
            user_id: None,
            deliberate: false,
        }
    }

    /// Sets the user's age.
    pub fn with_age(mut self, age: u8) -> Alert {
        self.age = Some(age);
        self
    }

    /// Reads an alert from JSON: `{"kind": "term"|"url", "category": "...", "severity": 5,
    /// "term": "...", "url": "...", "at": "RFC 3339", "role": "pupil", "age": 12,
    /// "year_group": 7, "device": "school", "location": "on_site", "user_id": "...",
    /// "deliberate": false}`.
    ///
    /// # Errors
    ///
    /// An [`IncidentError`] naming the field.
    pub fn from_json_value(value: &Value) -> Result<Alert, IncidentError> {
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
            ],
        )?;
        let kind = match obj.str("kind")? {
            Some(k) => parse_id("kind", k, HitKind::from_id, HitKind::IDS)?,
            None if obj.get("url").is_some() => HitKind::Url,
            None => HitKind::Term,
        };
        let at_text = obj.required_str("at")?;
        let at = DateTime::parse_from_rfc3339(at_text).map_err(|_| {
            invalid(
                "at",
                "expected an RFC 3339 instant such as 2025-11-26T08:30:00+00:00",
            )
        })?;
        let category = obj.required_str("category")?;
        let severity = obj.uint("severity", 5)?.and_then(|s| u8::try_from(s).ok());
        let mut alert = match kind {
            HitKind::Term => Alert::term(category, severity.unwrap_or(3), at),
            HitKind::Url => Alert::filter_block(category, obj.str("url")?.unwrap_or(""), at),
        };
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
        if let Some(r) = obj.str("role")? {
            alert.role = parse_id("role", r, Role::from_id, Role::IDS)?;
        }
        alert.age = obj.uint("age", 120)?.and_then(|a| u8::try_from(a).ok());
        alert.year_group = obj
            .uint("year_group", 14)?
            .and_then(|y| i8::try_from(y).ok());
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

/// Turns a monitoring match or a filter block into a draft incident.
///
/// Returns `Ok(None)` for a category that is not a safeguarding concern by itself
/// (`social_networks`, `games`, `profanity`, an unmapped `ut1:` folder).
///
/// The draft has no reporter (a system raised it), the user as its one subject, the hit
/// linked, the tag `monitoring_alert` or `filter_block`, and the facts the event
/// establishes: a term match is deliberate; a self-harm or suicide term of severity 4 or
/// 5 sets `risk_of_self_harm`.
///
/// # Errors
///
/// [`IncidentError::InvalidValue`] naming `category` for an unknown category, or
/// `severity` for a severity outside 1–5.
pub fn draft_incident(alert: &Alert) -> Result<Option<Incident>, IncidentError> {
    if let Some(s) = alert.severity
        && !(1..=5).contains(&s)
    {
        return Err(invalid(
            "severity",
            format!("expected a severity from 1 to 5, found `{s}`"),
        ));
    }
    let mapped = match map_hit(alert.kind, &alert.category, alert.severity) {
        HitMapping::Unknown => {
            return Err(invalid(
                "category",
                format!(
                    "unknown monitoring or filter category `{}`",
                    alert.category.chars().take(60).collect::<String>()
                ),
            ));
        }
        HitMapping::NotAConcern => return Ok(None),
        HitMapping::Category(c) => c,
    };
    let mut incident = Incident {
        reported_at: Some(alert.at),
        subjects: vec![Subject {
            role: alert.role,
            age: alert.age,
            year_group: alert.year_group,
            id: alert.user_id.clone(),
        }],
        location: Some(alert.location),
        device: Some(alert.device),
        tags: vec![
            match alert.kind {
                HitKind::Term => "monitoring_alert",
                HitKind::Url => "filter_block",
            }
            .to_owned(),
        ],
        hits: vec![MonitoringHit {
            kind: alert.kind,
            category: alert.category.clone(),
            severity: alert.severity,
            url: alert.url.clone(),
            term: alert.term.clone(),
        }],
        ..Incident::default()
    };
    incident.facts.deliberate = alert.deliberate;
    if mapped == Category::SelfHarmSuicide && alert.severity.unwrap_or(0) >= 4 {
        incident.facts.risk_of_self_harm = true;
    }
    if mapped == Category::FilterBypass {
        incident.facts.deliberate = true;
    }
    Ok(Some(incident))
}
