//! JS values → JSON, bounded: the one conversion of every object argument.
//!
//! Walks the value itself (never recursing past [`MAX_DEPTH`], the core's limit) instead of trusting
//! `JSON.stringify` or serde: nesting deeper than 64 levels, or an object that contains
//! itself, is `input_too_deep`; more than [`MAX_VALUES`] values is `input_too_large`;
//! NaN or infinity is `invalid_number`; a `BigInt` beyond 64 bits is `integer_out_of_range`
//! (a number beyond ±2^53 stays a number: the core refuses it where it is out of range); a string with a lone surrogate is `invalid_string`; a function,
//! symbol or other non-JSON value is `invalid_argument`. Every JS call it makes catches, so a
//! throwing getter or proxy is a thrown error, never an unwind through WebAssembly.
//!
//! ```js
//! const o = {}; o.self = o;
//! draftIncident(o); // throws EsafetyError, code "input_too_deep"
//! ```

use crate::errors::{coded_error, invalid};
use esafety_core::wire::limits::TooDeep;
use serde_json::{Map, Number, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

pub use esafety_core::wire::limits::{MAX_DEPTH, MAX_VALUES};

/// JS integers beyond this lose precision (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn object_keys(value: &JsValue) -> Result<js_sys::Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn array_is_array(value: &JsValue) -> Result<bool, JsValue>;
}

/// Whether `value` is an array. `Array.isArray` throws for a revoked proxy (and only for
/// one): that is `invalid_argument` naming `path`, never an unwind through WebAssembly
/// (`dyn_ref::<js_sys::Array>` asks without catching).
pub fn is_array(value: &JsValue, path: &str) -> Result<bool, JsValue> {
    array_is_array(value).map_err(|_| invalid(&format!("`{path}` is a revoked proxy")))
}

/// Calls `target[name]()` with no arguments, an exception returned, not unwound.
fn call_method(target: &JsValue, name: &str) -> Result<JsValue, JsValue> {
    match get(target, &name.into())?.dyn_ref::<js_sys::Function>() {
        Some(method) => method.call0(target),
        None => Err(crate::errors::invalid(&format!(
            "`{name}` is not a function"
        ))),
    }
}

/// A `Date`'s ISO text, `None` for an invalid `Date`. A `Date` that throws (one made from
/// `Date.prototype`, an own `toISOString` that throws) returns the exception: nothing a
/// caller passes may throw through WebAssembly.
pub fn date_iso(date: &js_sys::Date) -> Result<Option<String>, JsValue> {
    if call_method(date, "getTime")?
        .as_f64()
        .is_none_or(f64::is_nan)
    {
        return Ok(None);
    }
    let iso = call_method(date, "toISOString")?;
    iso.as_string()
        .map(Some)
        .ok_or_else(|| crate::errors::invalid("`toISOString` did not give a string"))
}

/// The items of an array, each read with `Reflect.get` so that a throwing getter or proxy
/// returns its exception instead of unwinding through WebAssembly; more than
/// [`MAX_VALUES`] items is `input_too_large`.
pub fn array_items(array: &JsValue, path: &str) -> Result<Vec<JsValue>, JsValue> {
    let Some(length) = get(array, &"length".into())?.as_f64() else {
        return Err(crate::errors::invalid(&format!("`{path}` has no length")));
    };
    if length > MAX_VALUES as f64 {
        let message = format!("`{path}` has more than {MAX_VALUES} items");
        return Err(coded_error("input_too_large", "argument", &message));
    }
    (0..length as u32).map(|i| get(array, &i.into())).collect()
}

/// A JS value (plain objects, arrays, strings, numbers, booleans, `null`, `Date`s as ISO
/// text, objects with `toJSON`) as JSON; `undefined` properties are left out.
pub fn to_json(value: &JsValue) -> Result<Value, JsValue> {
    let mut budget = MAX_VALUES;
    at(value, "$", 0, &mut budget)
}

/// A JS string as Rust text; a lone surrogate is `invalid_string` (never silently U+FFFD).
pub fn string(value: &JsValue, path: &str) -> Option<Result<String, JsValue>> {
    let text = value.as_string()?;
    // `as_string` replaces lone surrogates with U+FFFD; only then is the slow check needed.
    let lone =
        text.contains('\u{FFFD}') && !value.unchecked_ref::<js_sys::JsString>().is_valid_utf16();
    Some(match lone {
        true => Err(coded_error(
            "invalid_string",
            "argument",
            &format!("`{path}` is not valid Unicode text (a lone surrogate?)"),
        )),
        false => Ok(text),
    })
}

fn at(value: &JsValue, path: &str, depth: usize, budget: &mut usize) -> Result<Value, JsValue> {
    *budget = budget.checked_sub(1).ok_or_else(|| {
        let message = format!("the input has more than {MAX_VALUES} values");
        coded_error("input_too_large", "argument", &message)
    })?;
    if value.is_null() || value.is_undefined() {
        return Ok(Value::Null);
    }
    if let Some(b) = value.as_bool() {
        return Ok(Value::Bool(b));
    }
    if let Some(n) = value.as_f64() {
        return number(n, path);
    }
    if let Some(text) = string(value, path) {
        return text.map(Value::String);
    }
    if value.is_bigint() {
        let n = i64::try_from(value.clone().unchecked_into::<js_sys::BigInt>()).map_err(|_| {
            let message = format!("`{path}` is an integer outside the 64-bit range");
            coded_error("integer_out_of_range", "argument", &message)
        })?;
        return Ok(Value::from(n));
    }
    if !value.is_object() {
        return Err(invalid(&format!(
            "`{path}` is not a JSON value (a function or symbol?)"
        )));
    }
    if let Some(date) = value.dyn_ref::<js_sys::Date>() {
        return match date_iso(date)? {
            None => Err(coded_error(
                "invalid_instant",
                "argument",
                &format!("`{path}` is an invalid Date"),
            )),
            Some(iso) => Ok(Value::String(iso)),
        };
    }
    // `depth` containers enclose this one: the core's limit counts containers too.
    if depth >= MAX_DEPTH {
        let message =
            format!("`{path}` is nested more than {MAX_DEPTH} levels deep (or contains itself)");
        return Err(coded_error(TooDeep::CODE, "argument", &message));
    }
    if is_array(value, path)? {
        let length = get(value, &"length".into())?.as_f64().unwrap_or(0.0);
        let mut items = Vec::new();
        for i in 0..(length as u32) {
            let item = get(value, &i.into())?;
            items.push(at(&item, &format!("{path}[{i}]"), depth + 1, budget)?);
        }
        return Ok(Value::Array(items));
    }
    let to_json = get(value, &"toJSON".into())?;
    if let Some(f) = to_json.dyn_ref::<js_sys::Function>() {
        return at(&f.call0(value)?, path, depth + 1, budget);
    }
    let mut map = Map::new();
    for key in object_keys(value)?.iter() {
        let Some(name) = string(&key, path).transpose()? else {
            continue;
        };
        let item = get(value, &key)?;
        if item.is_undefined() {
            continue;
        }
        let child = format!("{path}.{}", name.chars().take(40).collect::<String>());
        map.insert(name, at(&item, &child, depth + 1, budget)?);
    }
    Ok(Value::Object(map))
}

/// A JS number as JSON: integers within ±2^53 as integers, other finite numbers as floats
/// (so a huge age or severity reaches the core, which refuses it with its own code).
fn number(n: f64, path: &str) -> Result<Value, JsValue> {
    if !n.is_finite() {
        let message = format!("`{path}` is not a finite number");
        return Err(coded_error("invalid_number", "argument", &message));
    }
    if n.fract() == 0.0 && n.abs() <= MAX_SAFE_INTEGER {
        return Ok(Value::from(n as i64));
    }
    Ok(Number::from_f64(n).map_or(Value::Null, Value::Number))
}

/// `Reflect.get`, its exception (a throwing getter or proxy) returned, not unwound.
fn get(target: &JsValue, key: &JsValue) -> Result<JsValue, JsValue> {
    js_sys::Reflect::get(target, key)
}
