//! Maps core errors to Python exceptions.
//!
//! `esafety.EsafetyError` (a `ValueError`) is the base; each core domain has a subclass
//! (`esafety.UrlError`, ...). Every raised exception carries the stable snake_case `.code`
//! and the `.domain` of the core error.

use esafety_core::ErrorCode;
use pyo3::create_exception;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyType};

create_exception!(
    esafety,
    EsafetyError,
    PyValueError,
    "Base of every esafety error."
);

/// One exception class per core error domain, `to_py_err` choosing by domain, and
/// `register` adding them all.
macro_rules! domains {
    ($($domain:literal => $name:ident: $doc:literal,)+) => {
        $(create_exception!(esafety, $name, EsafetyError, $doc);)+

        /// The exception for an error of `domain` (the base class for an unknown one).
        fn exception(domain: &str, message: String) -> PyErr {
            match domain {
                $($domain => $name::new_err(message),)+
                _ => EsafetyError::new_err(message),
            }
        }

        /// Adds the exception classes to the module.
        pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
            m.add("EsafetyError", m.py().get_type::<EsafetyError>())?;
            $(m.add(stringify!($name), m.py().get_type::<$name>())?;)+
            m.add(TYPE_ERROR, argument_type_error_class(m.py())?)
        }
    };
}

domains! {
    "url" => UrlError: "A web address could not be canonicalised.",
    "wire" => WireError: "A JSON document has an unsupported schema or shape.",
    "io" => IoError: "A file could not be read.",
    "incident" => IncidentError: "An incident dict or a school profile is not valid; `.field` names the field.",
    "consent" => ConsentError: "An image-consent operation was refused (unknown channel or state, tampered ledger, ...).",
    "filter" => FilterError: "The web filter refused a list, policy, override or audience.",
    "registry" => RegistryError: "A role, AUP, signature or permission call was refused.",
    "scanner" => ScannerError: "A term list, audience or roster given to the term scanner is invalid.",
    "policy" => PolicyError: "A school policy document is not valid; `.problems` lists every problem (`path`, `code`, `message`).",
}

/// The class of an argument of the wrong type: both an `EsafetyError` and a `TypeError`.
const TYPE_ERROR: &str = "ArgumentTypeError";

fn argument_type_error_class(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    let bases = (py.get_type::<EsafetyError>(), py.get_type::<PyTypeError>());
    let namespace = PyDict::new(py);
    namespace.set_item("__module__", "esafety")?;
    namespace.set_item(
        "__doc__",
        "An argument of the wrong type (also a `TypeError`).",
    )?;
    let new_class = py.import("builtins")?.getattr("type")?;
    new_class.call1((TYPE_ERROR, bases, namespace))
}

/// Raises `esafety.ArgumentTypeError` (code `invalid_type`) for an argument of the wrong type.
pub fn type_error(message: impl Into<String>) -> PyErr {
    Python::attach(|py| {
        let class = py
            .import("esafety._esafety")
            .and_then(|m| m.getattr(TYPE_ERROR));
        let err = match class.and_then(|c| Ok(c.cast_into::<PyType>()?)) {
            Ok(class) => PyErr::from_type(class, message.into()),
            Err(e) => return e,
        };
        let _ = err.value(py).setattr("code", "invalid_type");
        let _ = err.value(py).setattr("domain", "argument");
        err
    })
}

/// Converts any core error into the matching Python exception, with `.code`, `.domain`
/// and the error's own attributes (`.field`, `.problems`, ...) set.
pub fn to_py_err<E: ErrorCode + ?Sized>(error: &E) -> PyErr {
    let message = crate::wording::python_terms(&error.to_string());
    let err = exception(error.domain(), message);
    Python::attach(|py| {
        // Setting attributes on a fresh exception cannot fail in practice; if it ever did,
        // the exception is still raised, only without them.
        let _ = err.value(py).setattr("code", error.code());
        let _ = err.value(py).setattr("domain", error.domain());
        for (name, value) in error.attributes() {
            if let Ok(value) = crate::convert::to_py(&value) {
                let _ = err.value(py).setattr(name, value);
            }
        }
    });
    err
}
