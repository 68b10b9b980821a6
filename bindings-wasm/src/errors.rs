//! Core errors become thrown JavaScript `Error`s with `code` and `domain` properties.

use esafety_core::ErrorCode;
use serde::Serialize;
use wasm_bindgen::JsValue;

/// `result.or_throw()?`: a core error becomes the thrown `EsafetyError`.
pub trait Throw<T> {
    /// The value, or the `EsafetyError` for the core error.
    fn or_throw(self) -> Result<T, JsValue>;
}

impl<T, E: ErrorCode> Throw<T> for Result<T, E> {
    fn or_throw(self) -> Result<T, JsValue> {
        self.map_err(|e| to_js_error(&e))
    }
}

/// Builds the `Error` thrown to JavaScript for a core error.
pub fn to_js_error<E: ErrorCode + ?Sized>(error: &E) -> JsValue {
    coded_error(error.code(), error.domain(), &error.to_string())
}

/// An `Error` with `name = "EsafetyError"`, `code` and `domain`.
pub fn coded_error(code: &str, domain: &str, message: &str) -> JsValue {
    let err = js_sys::Error::new(message);
    err.set_name("EsafetyError");
    let value: JsValue = err.into();
    set(&value, "code", &code.into());
    set(&value, "domain", &domain.into());
    value
}

/// Sets a property of a fresh `Error` (only a frozen object refuses, and it is not frozen).
pub fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(target, &key.into(), value);
}

/// Serialises a core value as a plain JS object (`null` for `None`, maps as objects).
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| coded_error("internal_serialisation", "wire", &e.to_string()))
}
