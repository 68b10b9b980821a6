//! Core errors become thrown JavaScript `Error`s with `code` and `domain` properties.

use esafety_core::ErrorCode;
use esafety_core::incident::IncidentError;
use esafety_core::policy::PolicyError;
use serde::Serialize;
use std::any::Any;
use wasm_bindgen::JsValue;

/// `result.or_throw()?`: a core error becomes the thrown `EsafetyError`.
pub trait Throw<T> {
    /// The value, or the `EsafetyError` for the core error.
    fn or_throw(self) -> Result<T, JsValue>;

    /// The value wrapped in its JS class, or the `EsafetyError`.
    fn or_throw_as<U: From<T>>(self) -> Result<U, JsValue>
    where
        Self: Sized,
    {
        self.or_throw().map(U::from)
    }
}

impl<T, E: ErrorCode + 'static> Throw<T> for Result<T, E> {
    fn or_throw(self) -> Result<T, JsValue> {
        self.map_err(|e| to_js_error(&e))
    }
}

/// A core result as a plain JS object, or the thrown `EsafetyError`.
pub fn js_result<T: Serialize, E: ErrorCode + 'static>(
    r: Result<T, E>,
) -> Result<JsValue, JsValue> {
    to_js(&r.or_throw()?)
}

/// The `Error` thrown for a core error; an incident error adds `field` and `file`, a policy
/// error `problems` (every problem of the document).
pub fn to_js_error<E: ErrorCode + 'static>(error: &E) -> JsValue {
    let value = coded_error(error.code(), error.domain(), &error.to_string());
    let any: &dyn Any = error;
    if let Some(e) = any.downcast_ref::<IncidentError>() {
        set(
            &value,
            "field",
            &e.field().map_or(JsValue::NULL, JsValue::from),
        );
        set(
            &value,
            "file",
            &e.file().map_or(JsValue::NULL, JsValue::from),
        );
    }
    if let Some(problems) = any
        .downcast_ref::<PolicyError>()
        .map(|e| to_js(&e.problems()))
    {
        set(&value, "problems", &problems.unwrap_or(JsValue::NULL));
    }
    value
}

/// The `EsafetyError` for an argument the bindings cannot read (`invalid_argument`).
pub fn invalid(message: &str) -> JsValue {
    coded_error("invalid_argument", "argument", message)
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
fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(target, &key.into(), value);
}

/// Serialises a core value as a plain JS object (`null` for `None`, maps as objects).
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| coded_error("internal_serialisation", "wire", &e.to_string()))
}
