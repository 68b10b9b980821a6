//! Conversions shared by every JS binding: instants, dates and plain-object inputs.
//!
//! Instants cross as RFC 3339 strings (`2026-03-01T10:00:00Z`) and dates as `YYYY-MM-DD`,
//! so a `Date` is passed as `date.toISOString()`. Object inputs are deserialised with serde
//! straight into core input types, which reject unknown fields themselves.
#![allow(
    dead_code,
    reason = "shared helpers; each capability's bindings use a subset"
)]

use crate::errors::coded_error;
use chrono::{DateTime, NaiveDate, Utc};
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

/// Parses an RFC 3339 instant; throws `invalid_datetime`.
pub fn instant(text: &str) -> Result<DateTime<Utc>, JsValue> {
    DateTime::parse_from_rfc3339(text)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|_| {
            coded_error(
                "invalid_datetime",
                "argument",
                &format!("`{text}` is not an RFC 3339 instant"),
            )
        })
}

/// Parses a `YYYY-MM-DD` date; throws `invalid_date`.
pub fn date(text: &str) -> Result<NaiveDate, JsValue> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        coded_error(
            "invalid_date",
            "argument",
            &format!("`{text}` is not a YYYY-MM-DD date"),
        )
    })
}

/// Deserialises a plain JS value into a core input type; throws `invalid_argument`.
pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, JsValue> {
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| coded_error("invalid_argument", "argument", &e.to_string()))
}
