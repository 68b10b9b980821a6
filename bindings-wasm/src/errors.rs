//! Core errors become thrown JavaScript `Error`s with `code` and `domain` properties.

use esafety_core::ErrorCode;
use serde::Serialize;
use wasm_bindgen::JsValue;

/// Builds the `Error` thrown to JavaScript for a core error.
pub fn to_js_error<E: ErrorCode + ?Sized>(error: &E) -> JsValue {
    coded_error(error.code(), error.domain(), &error.to_string())
}

/// An `Error` with `name = "EsafetyError"`, `code` and `domain`.
pub fn coded_error(code: &str, domain: &str, message: &str) -> JsValue {
    let err = js_sys::Error::new(message);
    err.set_name("EsafetyError");
    let value: JsValue = err.into();
    // Reflect::set only fails on frozen objects; a fresh Error is not frozen.
    let _ = js_sys::Reflect::set(&value, &"code".into(), &code.into());
    let _ = js_sys::Reflect::set(&value, &"domain".into(), &domain.into());
    value
}

/// Serialises a core value as a plain JS object (`null` for `None`, like JSON).
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| coded_error("internal_serialisation", "wire", &e.to_string()))
}
