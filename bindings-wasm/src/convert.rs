//! Conversions shared by every JS binding: instants, dates, options objects, JSON values.
//!
//! Instants and dates are parsed by core (`vocabulary::parse_instant` / `parse_date`, codes
//! `invalid_instant` / `invalid_date`); a `Date` object crosses as its ISO string. Options
//! objects are deserialised into core input types, so what a caller leaves out takes the
//! core's default and unknown keys throw.

use crate::args::{Text, optional_text};
use crate::errors::{Throw, coded_error, invalid};
use crate::json::{self, string};
use chrono::{DateTime, NaiveDate, Utc};
use esafety_core::vocabulary::{Audience, SchoolClock, parse_date, parse_instant};
use serde::de::DeserializeOwned;
use serde_json::Value;
use wasm_bindgen::prelude::*;

/// JS arguments typed for TypeScript: plain `JsValue`s whose declared type is a generated
/// wire type (`types/wire.d.ts`) or an options object (`types/inputs.d.ts`).
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "string | Date")]
    pub type Time;
    #[wasm_bindgen(typescript_type = "SchoolSettings | string")]
    pub type Settings;
    #[wasm_bindgen(typescript_type = "SchoolConsentConfig | string")]
    pub type ConsentConfig;
    #[wasm_bindgen(typescript_type = "Incident | string")]
    pub type IncidentArg;
}

/// The text of a time argument: a string as given, a `Date` as its ISO string; anything
/// else throws `invalid_argument` before the core parser sees it.
fn time_text(value: &JsValue) -> Result<String, JsValue> {
    match value.dyn_ref::<js_sys::Date>() {
        // `toISOString` throws on an invalid `Date`; "" is refused by the core parser instead.
        Some(date) if date.get_time().is_nan() => Ok(String::new()),
        Some(date) => Ok(date.to_iso_string().into()),
        None => crate::args::text(value, "time").map_err(|_| {
            let kind = crate::args::kind(value);
            invalid(&format!("a time must be a string or a Date, not {kind}"))
        }),
    }
}

/// An instant argument: RFC 3339 text (or a local time or date, read in England) or a `Date`.
pub fn instant(value: &JsValue) -> Result<DateTime<Utc>, JsValue> {
    parse_instant(&time_text(value)?).or_throw()
}

/// An optional instant argument (`undefined`/`null`: none).
pub fn optional_instant(value: Option<Time>) -> Result<Option<DateTime<Utc>>, JsValue> {
    value.as_deref().map(instant).transpose()
}

/// A date argument: `YYYY-MM-DD` text, or a `Date` (its calendar day at the school).
pub fn date(value: &JsValue) -> Result<NaiveDate, JsValue> {
    match value.is_instance_of::<js_sys::Date>() {
        true => Ok(SchoolClock::london().local_date(instant(value)?)),
        false => parse_date(&time_text(value)?).or_throw(),
    }
}

/// The audience argument; when left out, the core's default audience.
pub fn audience(value: Option<Text>) -> Result<String, JsValue> {
    let audience = optional_text(value, "audience")?;
    Ok(audience.unwrap_or_else(|| Audience::default().as_str().to_owned()))
}

/// Deserialises a plain JS value into a core input type (bounded by [`json::to_json`]);
/// throws `invalid_argument` when it does not fit.
pub fn from_js<T: DeserializeOwned>(value: impl Into<JsValue>) -> Result<T, JsValue> {
    serde_json::from_value(json::to_json(&value.into())?).map_err(|e| invalid(&e.to_string()))
}

/// An options object as a core input type: camelCase keys are read as snake_case, what is
/// left out (or `undefined`/`null` for the whole object) takes the core's default, an
/// unknown key throws `unknown_option` naming the nearest valid key.
pub fn options<T: DeserializeOwned>(value: Option<impl Into<JsValue>>) -> Result<T, JsValue> {
    crate::options::read(json_object(value)?)
}

/// An optional plain object as JSON with snake_case keys (`undefined`/`null`: none).
pub fn json_object(value: Option<impl Into<JsValue>>) -> Result<Option<Value>, JsValue> {
    let value = value
        .map(Into::into)
        .filter(|v| !v.is_undefined() && !v.is_null());
    Ok(match value.map(|v| json::to_json(&v)).transpose()? {
        Some(Value::Object(map)) => Some(Value::Object(
            map.into_iter().map(|(k, v)| (snake_case(&k), v)).collect(),
        )),
        Some(_) => return Err(invalid("options must be a plain object")),
        None => None,
    })
}

/// `someKey` → `some_key`.
fn snake_case(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// A plain object, or its JSON text, as JSON.
pub fn json_value(value: &JsValue) -> Result<Value, JsValue> {
    match string(value, "$") {
        Some(text) => serde_json::from_str(&text?).map_err(|e| invalid(&e.to_string())),
        None => json::to_json(value),
    }
}

/// JSON text of an argument that is JSON text or a plain object.
pub fn json_text(value: &JsValue) -> Result<String, JsValue> {
    match string(value, "$") {
        Some(text) => text,
        None if value.is_object() => Ok(json::to_json(value)?.to_string()),
        None => {
            let kind = crate::args::kind(value);
            Err(invalid(&format!(
                "expected JSON text or a plain object, not {kind}"
            )))
        }
    }
}

/// A JS value from JSON text the core wrote.
pub fn parse_json(text: &str) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(text).map_err(|_| coded_error("internal_serialisation", "wire", "bad JSON"))
}
