//! Conversions shared by every mobile binding: instants and dates cross as strings.
//!
//! Kotlin and Swift pass instants as RFC 3339 strings (`Instant.toString()` in Kotlin,
//! `ISO8601DateFormatter` in Swift) and dates as `YYYY-MM-DD`.
#![allow(
    dead_code,
    reason = "shared helpers; each capability's bindings use a subset"
)]

use crate::errors::EsafetyError;
use chrono::{DateTime, NaiveDate, Utc};

/// Parses an RFC 3339 instant; throws `EsafetyException.Argument` (`invalid_datetime`).
pub fn instant(text: &str) -> Result<DateTime<Utc>, EsafetyError> {
    DateTime::parse_from_rfc3339(text)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|_| EsafetyError::Argument {
            code: "invalid_datetime".to_owned(),
            detail: format!("`{text}` is not an RFC 3339 instant"),
        })
}

/// Parses a `YYYY-MM-DD` date; throws `EsafetyException.Argument` (`invalid_date`).
pub fn date(text: &str) -> Result<NaiveDate, EsafetyError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| EsafetyError::Argument {
        code: "invalid_date".to_owned(),
        detail: format!("`{text}` is not a YYYY-MM-DD date"),
    })
}
