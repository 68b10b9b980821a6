//! Conversions shared by every mobile binding: core values to records, text to instants.
//!
//! Kotlin and Swift pass instants as text (`Instant.toString()` in Kotlin,
//! `ISO8601DateFormatter` in Swift) and dates as `YYYY-MM-DD`; core's one parser reads both
//! (`EsafetyException.Argument` with `invalid_instant` / `invalid_date`).

use crate::errors::EsafetyError;
use chrono::{DateTime, NaiveDate, Utc};
use esafety_core::vocabulary::{parse_date, parse_instant};
use serde::{Serialize, de::DeserializeOwned};

/// A core value as its generated record (or a list of them): serialised by core, read back
/// by the record. A mismatch is `EsafetyException.Wire` (`wire_mismatch`), never a panic.
pub fn wire<T: Serialize + ?Sized, R: DeserializeOwned>(value: &T) -> Result<R, EsafetyError> {
    serde_json::to_value(value)
        .and_then(R::deserialize)
        .map_err(mismatch)
}

/// Any serialisable value as JSON text.
pub fn json_text<T: Serialize + ?Sized>(value: &T) -> Result<String, EsafetyError> {
    serde_json::to_string(value).map_err(mismatch)
}

fn mismatch(error: serde_json::Error) -> EsafetyError {
    EsafetyError::Wire {
        code: "wire_mismatch".to_owned(),
        detail: error.to_string(),
    }
}

/// An instant, read by core.
pub fn instant(text: &str) -> Result<DateTime<Utc>, EsafetyError> {
    Ok(parse_instant(text)?)
}

/// An optional instant, read by core.
pub fn optional_instant(text: Option<String>) -> Result<Option<DateTime<Utc>>, EsafetyError> {
    text.map(|t| instant(&t)).transpose()
}

/// A `YYYY-MM-DD` date, read by core.
pub fn date(text: &str) -> Result<NaiveDate, EsafetyError> {
    Ok(parse_date(text)?)
}
