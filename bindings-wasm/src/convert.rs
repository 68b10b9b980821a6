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
    #[wasm_bindgen(typescript_type = "Incident | WireDocument | string")]
    pub type IncidentArg;
}

/// The text of a time argument: a string as given, a `Date` as its ISO string; anything
/// else throws `invalid_argument` before the core parser sees it.
fn time_text(value: &JsValue) -> Result<String, JsValue> {
    match value.dyn_ref::<js_sys::Date>() {
        // An invalid `Date` has no ISO text; "" is refused by the core parser instead.
        Some(date) => Ok(crate::json::date_iso(date)?.unwrap_or_default()),
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

/// A plain JS object input as JSON with snake_case keys (bounded by [`json::to_json`];
/// camelCase keys are read as snake_case, see [`crate::keys`]).
pub fn input_json(value: &JsValue) -> Result<Value, JsValue> {
    let value = json::to_json(value)?;
    if let Some((one, other)) = crate::keys::clashing_keys(&value) {
        let message = format!("`{one}` and `{other}` name the same field: give it once");
        return Err(invalid(&message));
    }
    Ok(crate::keys::to_snake(value))
}

/// Deserialises a plain JS value into a core input type; throws `invalid_argument` when
/// it does not fit.
pub fn from_js<T: DeserializeOwned>(value: impl Into<JsValue>) -> Result<T, JsValue> {
    serde_json::from_value(input_json(&value.into())?).map_err(|e| invalid(&e.to_string()))
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
    Ok(match value.map(|v| input_json(&v)).transpose()? {
        Some(object @ Value::Object(_)) => Some(object),
        Some(_) => return Err(invalid("options must be a plain object")),
        None => None,
    })
}

/// A plain object (camelCase or snake_case keys), or its JSON text (the wire format), as
/// JSON.
pub fn json_value(value: &JsValue) -> Result<Value, JsValue> {
    match string(value, "$") {
        Some(text) => serde_json::from_str(&text?).map_err(|e| invalid(&e.to_string())),
        None => input_json(value),
    }
}

/// Wire-format JSON text of an argument that is JSON text (used as it is) or a plain
/// object (camelCase or snake_case keys).
pub fn json_text(value: &JsValue) -> Result<String, JsValue> {
    text_or(value, input_json)
}

/// JSON text of an argument in the wire format, as text or as an object whose keys are
/// used as they are: a document (what `toJSON()` returned) or a map keyed by data.
pub fn wire_text(value: &JsValue) -> Result<String, JsValue> {
    text_or(value, json::to_json)
}

/// JSON text given as is, or a plain object as JSON text read with `read`.
fn text_or(
    value: &JsValue,
    read: fn(&JsValue) -> Result<Value, JsValue>,
) -> Result<String, JsValue> {
    match string(value, "$") {
        Some(text) => text,
        None if value.is_object() => Ok(read(value)?.to_string()),
        None => {
            let kind = crate::args::kind(value);
            Err(invalid(&format!(
                "expected JSON text or a plain object, not {kind}"
            )))
        }
    }
}

/// A wire document (JSON text the core wrote) as a plain JS object, keys as written.
pub fn parse_json(text: &str) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(text).map_err(|_| coded_error("internal_serialisation", "wire", "bad JSON"))
}
