//! Dates that cannot be right: the plan takes the incident's times as given (core reads no
//! clock), so one that contradicts another, or that nothing a school handles could have,
//! is said, never silently used.

use crate::incident::Incident;
use chrono::{DateTime, Months, NaiveDate, Utc};

/// How many years before its report an incident may have happened before the date is
/// questioned: longer ago than any pupil's school life (a historical allegation against
/// staff is possible, and goes to the police; the warning asks to confirm the date).
pub(crate) const MAX_YEARS_BEFORE_REPORT: u32 = 20;

/// The first day a report date is believed: 1 January 2000. Earlier is most often a blank
/// or zero time read as a date (1970-01-01 is the Unix epoch).
fn first_believed_day() -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(2000, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map_or(DateTime::UNIX_EPOCH, |t| t.and_utc())
}

/// The warnings for `occurred_at` and `reported_at` that cannot both be right, or that no
/// school incident could have.
pub(super) fn date_warnings(incident: &Incident) -> Vec<String> {
    let mut out = Vec::new();
    let day = |at: DateTime<Utc>| at.format("%Y-%m-%d").to_string();
    if let Some(reported) = incident.reported_at
        && reported < first_believed_day()
    {
        out.push(format!(
            "reported_at: {} is before 2000, most likely a blank or zero time read as a date: give the time the concern was reported (out of hours and deadlines are read from it)",
            day(reported)
        ));
    }
    let (Some(occurred), Some(reported)) = (incident.occurred_at, incident.reported_at) else {
        return out;
    };
    if occurred > reported {
        out.push(format!(
            "occurred_at: {} is after reported_at {}: one of them is wrong; check both (the plan's timing uses reported_at)",
            day(occurred),
            day(reported)
        ));
    } else if reported
        .checked_sub_months(Months::new(12 * MAX_YEARS_BEFORE_REPORT))
        .is_some_and(|limit| occurred < limit)
    {
        out.push(format!(
            "occurred_at: {} is more than {MAX_YEARS_BEFORE_REPORT} years before reported_at {}: confirm the date (a blank date often reads as 1970; a historical allegation against staff goes to the police)",
            day(occurred),
            day(reported)
        ));
    }
    out
}
