//! Typed arguments, checked in Rust before anything is read from them.
//!
//! wasm-bindgen's own `&str` and `Vec<String>` parameters copy the JS value into WebAssembly
//! memory without looking at its type, so `check(42)` used to corrupt the module. Every
//! string and string-list parameter is therefore one of these handles (a reference to the JS
//! value, typed for TypeScript) and is read here: a value of the wrong type throws
//! `invalid_argument` naming the parameter, a lone surrogate `invalid_string`.
//!
//! ```js
//! UrlFilter.default().check(42); // throws EsafetyError, code "invalid_argument"
//! ```

use crate::errors::invalid;
use crate::json::string;
use wasm_bindgen::convert::TryFromJsValue;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// A string parameter.
    #[wasm_bindgen(typescript_type = "string")]
    pub type Text;
    /// An array-of-strings parameter.
    #[wasm_bindgen(typescript_type = "string[]")]
    pub type TextList;
    /// An array of strings that may hold `null` (a missing value).
    #[wasm_bindgen(typescript_type = "(string | null)[]")]
    pub type NullableTextList;
}

/// What kind of JS value this is, for error messages.
pub fn kind(value: &JsValue) -> String {
    match value.is_null() {
        true => "null".to_owned(),
        false => value.js_typeof().as_string().unwrap_or_default(),
    }
}

/// A required string argument.
pub fn text(value: &JsValue, name: &str) -> Result<String, JsValue> {
    string(value, name).unwrap_or_else(|| {
        let message = format!("`{name}` must be a string, not {}", kind(value));
        Err(invalid(&message))
    })
}

/// An optional string argument (`undefined`/`null`: none).
pub fn optional_text(value: Option<Text>, name: &str) -> Result<Option<String>, JsValue> {
    value
        .filter(|v| !v.is_null() && !v.is_undefined())
        .map(|v| text(&v, name))
        .transpose()
}

/// A required array-of-strings argument.
pub fn texts(value: &JsValue, name: &str) -> Result<Vec<String>, JsValue> {
    let items = array_of(value, name, "an array of strings")?;
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        out.push(text(item, &format!("{name}[{i}]"))?);
    }
    Ok(out)
}

/// [`texts`], but a `null` or `undefined` item is kept as `None` (a missing value).
pub fn nullable_texts(value: &JsValue, name: &str) -> Result<Vec<Option<String>>, JsValue> {
    let items = array_of(value, name, "an array of strings")?;
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        out.push(match item.is_null() || item.is_undefined() {
            true => None,
            false => Some(text(item, &format!("{name}[{i}]"))?),
        });
    }
    Ok(out)
}

/// The items of a required array argument.
pub fn items(value: &JsValue, name: &str) -> Result<Vec<JsValue>, JsValue> {
    array_of(value, name, "an array")
}

/// The items of an array argument; any other value (a revoked proxy too) throws
/// `invalid_argument`: `name` must be `what`.
fn array_of(value: &JsValue, name: &str, what: &str) -> Result<Vec<JsValue>, JsValue> {
    if !crate::json::is_array(value, name)? {
        let message = format!("`{name}` must be {what}, not {}", kind(value));
        return Err(invalid(&message));
    }
    crate::json::array_items(value, name)
}

/// An optional array-of-strings argument (`undefined`/`null`: none).
pub fn optional_texts(value: Option<TextList>, name: &str) -> Result<Option<Vec<String>>, JsValue> {
    value
        .filter(|v| !v.is_null() && !v.is_undefined())
        .map(|v| texts(&v, name))
        .transpose()
}

/// A class-typed argument (`Registry`, `Roster`, `TermScanner`): the Rust object of a copy
/// the argument makes of itself (its `__share` method), so another value throws
/// `invalid_argument` naming the parameter instead of failing in the generated glue, and
/// nothing stays borrowed. The copies share their core value where it is immutable.
pub fn instance<T: TryFromJsValue>(value: &JsValue, name: &str, class: &str) -> Result<T, JsValue> {
    let wrong = || invalid(&format!("`{name}` must be a {class}, not {}", kind(value)));
    if !value.is_object() {
        return Err(wrong());
    }
    let share = js_sys::Reflect::get(value, &"__share".into()).map_err(|_| wrong())?;
    let share = share.dyn_into::<js_sys::Function>().map_err(|_| wrong())?;
    let copy = share.call0(value).map_err(|_| wrong())?;
    // `try_from_js_value` asks `instanceof` without catching: a copy whose prototype cannot
    // be read (a revoked proxy) would throw through WebAssembly.
    js_sys::Reflect::get_prototype_of(&copy).map_err(|_| wrong())?;
    T::try_from_js_value(copy).map_err(|_| wrong())
}

/// An optional class-typed argument (`undefined`/`null`: none).
pub fn optional_instance<T: TryFromJsValue>(
    value: Option<JsValue>,
    name: &str,
    class: &str,
) -> Result<Option<T>, JsValue> {
    value
        .filter(|v| !v.is_null() && !v.is_undefined())
        .map(|v| instance(&v, name, class))
        .transpose()
}
