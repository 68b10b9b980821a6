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
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// A string parameter.
    #[wasm_bindgen(typescript_type = "string")]
    pub type Text;
    /// An array-of-strings parameter.
    #[wasm_bindgen(typescript_type = "string[]")]
    pub type TextList;
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
    let Some(array) = value.dyn_ref::<js_sys::Array>() else {
        let message = format!("`{name}` must be an array of strings, not {}", kind(value));
        return Err(invalid(&message));
    };
    let mut out = Vec::with_capacity(array.length() as usize);
    for (i, item) in array.iter().enumerate() {
        out.push(text(&item, &format!("{name}[{i}]"))?);
    }
    Ok(out)
}

/// An optional array-of-strings argument (`undefined`/`null`: none).
pub fn optional_texts(value: Option<TextList>, name: &str) -> Result<Option<Vec<String>>, JsValue> {
    value
        .filter(|v| !v.is_null() && !v.is_undefined())
        .map(|v| texts(&v, name))
        .transpose()
}
