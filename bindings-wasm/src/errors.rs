//! Core errors become thrown `EsafetyError`s (a subclass of `Error` the package's entry
//! module defines and registers) with `code` and `domain` properties.

use esafety_core::ErrorCode;
use esafety_core::incident::IncidentError;
use esafety_core::policy::PolicyError;
use serde::Serialize;
use std::any::Any;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    /// The `EsafetyError` class of the entry module (`entry/node.cjs`, `entry/web.mjs`).
    static ERROR_CLASS: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

/// Registers the class every thrown error is an instance of (called once by the entry
/// module; until then errors are plain `Error`s named `EsafetyError`).
#[wasm_bindgen(js_name = __setErrorClass, skip_typescript)]
pub fn set_error_class(class: js_sys::Function) {
    ERROR_CLASS.with(|c| *c.borrow_mut() = Some(class));
}

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
/// error `problems` (every problem of the document). The `field` of an incident (an object
/// input) is in JS spelling (`facts.under13Involved`); a profile file's stays as written.
pub fn to_js_error<E: ErrorCode + 'static>(error: &E) -> JsValue {
    let value = coded_error(error.code(), error.domain(), &error.to_string());
    let any: &dyn Any = error;
    if let Some(e) = any.downcast_ref::<IncidentError>() {
        let field = match e.file() {
            None => e.field().map(crate::keys::camel_path),
            Some(_) => e.field().map(str::to_owned),
        };
        set(&value, "field", &field.map_or(JsValue::NULL, JsValue::from));
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

/// An `EsafetyError` (an `Error` named so) with `code` and `domain`.
pub fn coded_error(code: &str, domain: &str, message: &str) -> JsValue {
    let registered = ERROR_CLASS.with(|c| {
        let class = c.borrow().clone()?;
        let args = js_sys::Array::of1(&message.into());
        js_sys::Reflect::construct(&class, &args)
            .ok()?
            .dyn_into::<js_sys::Error>()
            .ok()
    });
    let err = registered.unwrap_or_else(|| js_sys::Error::new(message));
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

/// A core result as a plain JS object with camelCase keys (`null` for `None`, maps as
/// objects; see [`crate::keys`]).
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let json = serde_json::to_value(value).map_err(|e| serialisation(&e.to_string()))?;
    plain(&crate::keys::to_camel(json))
}

/// A core document (what `toJSON()` returns) as a plain JS object in the wire format.
pub fn document<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    plain(&serde_json::to_value(value).map_err(|e| serialisation(&e.to_string()))?)
}

/// A JSON value as a plain JS object, keys as they are (a wire document).
pub fn plain(value: &serde_json::Value) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| serialisation(&e.to_string()))
}

/// A core result given as JSON text, as a plain JS object with camelCase keys.
pub fn text_to_js(text: &str) -> Result<JsValue, JsValue> {
    let json = serde_json::from_str(text).map_err(|e| serialisation(&e.to_string()))?;
    plain(&crate::keys::to_camel(json))
}

/// The `internal_serialisation` error (a core value JSON cannot hold: a bug).
fn serialisation(message: &str) -> JsValue {
    coded_error("internal_serialisation", "wire", message)
}
