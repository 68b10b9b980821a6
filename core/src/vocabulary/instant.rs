//! The one instant parser every module and surface uses.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc};

use super::{SchoolClock, VocabularyError, short as shorten};

/// Local date-time forms read as England civil time.
const LOCAL_FORMATS: [&str; 4] = [
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
];

/// What an instant may be written as, for error messages (one wording in every module; the
/// years are the [`SUPPORTED_YEARS`]).
///
/// ```
/// use esafety_core::vocabulary::InstantForms;
///
/// assert!(InstantForms.to_string().ends_with("in the years 1900 to 2999"));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct InstantForms;

impl std::fmt::Display for InstantForms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "RFC 3339 with an offset (`2026-03-01T10:00:00Z`), a local time in England that the clocks neither skip nor repeat (`2026-03-01T10:00`), or a date (`2026-03-01`, midnight in England), in the years {} to {}",
            SUPPORTED_YEARS.start(),
            SUPPORTED_YEARS.end()
        )
    }
}

/// The years a school's instants and dates fall in. Dates the library works out from them
/// (an expiry a year on, a review due) then stay in four-digit years that every surface
/// and this parser read back; year 9999 plus a week would not.
pub const SUPPORTED_YEARS: std::ops::RangeInclusive<i32> = 1900..=2999;

/// Reads an instant: RFC 3339 with an offset (`2026-03-01T10:00:00Z`), a local date and
/// time without one (read as England civil time, as a school means it), or a bare date
/// (`2026-03-01`: midnight in England), in the [`SUPPORTED_YEARS`].
///
/// # Errors
///
/// [`VocabularyError::InvalidInstant`] (code `invalid_instant`) for anything else, including
/// a local time the clocks skip in March or repeat in October (it names no instant, or
/// two: give its offset).
///
/// # Examples
///
/// ```
/// use esafety_core::vocabulary::parse_instant;
///
/// let z = |t: &str| parse_instant(t).map(|at| at.to_rfc3339());
/// assert_eq!(z("2026-06-01T09:00:00+01:00")?, "2026-06-01T08:00:00+00:00");
/// assert_eq!(z("2026-06-01T09:00")?, "2026-06-01T08:00:00+00:00");
/// assert_eq!(z("2026-06-01")?, "2026-05-31T23:00:00+00:00");
/// assert_eq!(parse_instant("1 June").unwrap_err().to_string().contains("invalid instant"), true);
/// // 01:30 on 26 October 2025 happened twice in England: which one is meant?
/// assert!(parse_instant("2025-10-26T01:30").is_err());
/// // No school instant falls in year 9999 (a week later is year 10000).
/// assert!(parse_instant("9999-12-31T12:00:00Z").is_err());
/// assert_eq!(z("2025-10-26T01:30:00+01:00")?, "2025-10-26T00:30:00+00:00");
/// # Ok::<(), esafety_core::vocabulary::VocabularyError>(())
/// ```
pub fn parse_instant(text: &str) -> Result<DateTime<Utc>, VocabularyError> {
    let invalid = || VocabularyError::InvalidInstant {
        text: shorten(text),
    };
    let t = text.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(t) {
        let at = at.with_timezone(&Utc);
        return SUPPORTED_YEARS
            .contains(&at.year())
            .then_some(at)
            .ok_or_else(invalid);
    }
    let clock = SchoolClock::london();
    let local = LOCAL_FORMATS
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok());
    let at = match local {
        Some(local) => clock.unique_utc_of_local(local),
        None => NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .ok()
            .map(|date| clock.utc_of_local_midnight(date)),
    };
    at.filter(|at| SUPPORTED_YEARS.contains(&at.year()))
        .ok_or_else(invalid)
}

/// Serde's reading of an instant field through [`parse_instant`], so a wire document
/// means the same instant by the same text as every other input does (a time without an
/// offset is England's). Writing stays chrono's RFC 3339 in UTC.
pub(crate) mod serde_instant {
    use chrono::{DateTime, Utc};
    use serde::Deserialize;

    /// `#[serde(deserialize_with = "crate::vocabulary::serde_instant::required")]`.
    pub(crate) fn required<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> Result<DateTime<Utc>, D::Error> {
        let text = String::deserialize(d)?;
        super::parse_instant(&text).map_err(serde::de::Error::custom)
    }

    /// The same for an optional field (`null` is none).
    pub(crate) fn optional<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> Result<Option<DateTime<Utc>>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|text| super::parse_instant(&text).map_err(serde::de::Error::custom))
            .transpose()
    }
}

/// Reads a calendar date, `YYYY-MM-DD`, in the [`SUPPORTED_YEARS`].
///
/// # Errors
///
/// [`VocabularyError::InvalidDate`] (code `invalid_date`).
///
/// # Examples
///
/// ```
/// use esafety_core::vocabulary::parse_date;
///
/// assert_eq!(parse_date("2026-09-01")?.to_string(), "2026-09-01");
/// assert!(parse_date("01/09/2026").is_err());
/// assert!(parse_date("+10000-01-01").is_err());
/// # Ok::<(), esafety_core::vocabulary::VocabularyError>(())
/// ```
pub fn parse_date(text: &str) -> Result<NaiveDate, VocabularyError> {
    let trimmed = text.trim();
    // Exactly four year digits: chrono's `%Y` also reads a sign and more digits
    // (`+10000-01-01`), which no school date is.
    let shaped = trimmed.len() == 10
        && trimmed.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    shaped
        .then(|| NaiveDate::parse_from_str(trimmed, "%Y-%m-%d").ok())
        .flatten()
        .filter(|date| SUPPORTED_YEARS.contains(&date.year()))
        .ok_or_else(|| VocabularyError::InvalidDate {
            text: shorten(text),
        })
}

/// Formats an instant the way the wire does: RFC 3339 in UTC with `Z`.
///
/// # Examples
///
/// ```
/// use esafety_core::vocabulary::{format_instant, parse_instant};
///
/// let at = parse_instant("2026-06-01T09:00:00+01:00")?;
/// assert_eq!(format_instant(at), "2026-06-01T08:00:00Z");
/// # Ok::<(), esafety_core::vocabulary::VocabularyError>(())
/// ```
pub fn format_instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}
