//! Conversions shared by every mobile binding: core values to records, text to instants.

use crate::errors::{EsafetyError, Result};
use chrono::{DateTime, NaiveDate, Utc};
use esafety_core::vocabulary::{Audience, format_instant, parse_date, parse_instant};
use serde::{Serialize, de::DeserializeOwned};

/// A core value as its generated record (or a list of them): serialised by core, read back
/// by the record. A mismatch is `EsafetyException.Wire` (`wire_mismatch`), never a panic.
pub fn wire<T: Serialize + ?Sized, R: DeserializeOwned>(value: &T) -> Result<R> {
    serde_json::to_value(value)
        .and_then(R::deserialize)
        .map_err(mismatch)
}

/// Any serialisable value as JSON text.
pub fn json_text<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(mismatch)
}

fn mismatch(error: serde_json::Error) -> EsafetyError {
    let detail = error.to_string();
    EsafetyError::Wire {
        code: "wire_mismatch".to_owned(),
        detail,
    }
}

/// An instant: Kotlin and Swift pass text (`Instant.toString()`), read by core's one
/// parser; a bad one throws `EsafetyException.Argument` (`invalid_instant`).
pub struct WireInstant(pub DateTime<Utc>);

uniffi::custom_type!(WireInstant, String, {
    lower: |at| format_instant(at.0),
    try_lift: |text| Ok(WireInstant(parse_instant(&text).map_err(EsafetyError::from)?)),
});

/// A calendar date: `YYYY-MM-DD` text read by core (`invalid_date`).
pub struct WireDate(pub NaiveDate);

uniffi::custom_type!(WireDate, String, {
    lower: |date| date.0.to_string(),
    try_lift: |text| Ok(WireDate(parse_date(&text).map_err(EsafetyError::from)?)),
});

/// An audience id, or core's default audience when none is given.
pub fn audience_id(id: &Option<String>) -> &str {
    id.as_deref().unwrap_or(Audience::default().as_str())
}
