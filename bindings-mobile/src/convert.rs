//! Conversions shared by every mobile binding: core values to records, text to instants.
//!
//! Kotlin and Swift pass instants as RFC 3339 strings (`Instant.toString()` in Kotlin,
//! `ISO8601DateFormatter` in Swift) and dates as `YYYY-MM-DD`; core parses both.

use crate::errors::EsafetyError;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Serialize, de::DeserializeOwned};

/// A core value as its generated record (or a list of them): serialised by core, read back
/// by the record. A mismatch is `EsafetyException.Wire` (`wire_mismatch`), never a panic.
pub fn wire<T: Serialize + ?Sized, R: DeserializeOwned>(value: &T) -> Result<R, EsafetyError> {
    serde_json::to_value(value)
        .and_then(R::deserialize)
        .map_err(|e| EsafetyError::Wire {
            code: "wire_mismatch".to_owned(),
            detail: e.to_string(),
        })
}

/// Any serialisable value as JSON text.
pub fn json_text<T: Serialize + ?Sized>(value: &T) -> Result<String, EsafetyError> {
    serde_json::to_string(value).map_err(|e| EsafetyError::Wire {
        code: "wire_mismatch".to_owned(),
        detail: e.to_string(),
    })
}

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
