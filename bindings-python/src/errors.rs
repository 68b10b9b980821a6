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
    r#"Base of every esafety error.

Attributes:
    code: a stable snake_case id such as ``url_invalid_port``.
    domain: the core module that raised it (``url``, ``filter``, ...)."#
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
    "url" => UrlError: r#"A web address could not be canonicalised."#,
    "wire" => WireError: r#"A JSON document has an unsupported schema or shape."#,
    "io" => IoError: r#"A file could not be read."#,
    "incident" => IncidentError: r#"An incident dict or a school profile is not valid.

Attributes:
    field: the path of the offending field (``facts.adult``, ``contacts.lado.phone``).
    file: the profile file, when the error is in one."#,
    "consent" => ConsentError: r#"An image-consent operation was refused.

Codes include ``consent_unknown_channel``, ``consent_unknown_state``,
``consent_unknown_method``, ``consent_empty_group`` and ``ledger_tampered``."#,
    "filter" => FilterError: r#"The web filter refused a list, policy, override or audience."#,
    "registry" => RegistryError: r#"A role, AUP, signature or permission call was refused.

Codes include ``registry_unknown_role``, ``registry_unknown_audience``,
``registry_unknown_action``, ``registry_unknown_context_key`` and ``aup_version_unknown``."#,
    "scanner" => ScannerError: r#"A term list, audience or roster given to the term scanner is invalid.

Codes: ``scanner_unknown_audience``, ``scanner_invalid_category``,
``scanner_invalid_severity``, ``scanner_unknown_flag``, ``scanner_malformed_line``,
``scanner_empty_term``, ``scanner_unknown_format``, ``scanner_protected_category``,
``scanner_invalid_roster_hash``, ``scanner_list_too_large`` (more than 100,000 patterns
or 4 MiB of them)."#,
    "policy" => PolicyError: r#"A school policy document is not valid.

Attributes:
    problems: every problem found, each ``{"path": str, "code": str, "message": str}``
        (``path`` like ``filter.audiences.ks2.block[2]``; ``code`` one of ``syntax``,
        ``unknown_key``, ``missing_key``, ``invalid_type``, ``invalid_value``,
        ``unknown_value``, ``unsupported_schema_version``)."#,
}

/// The class of an argument of the wrong type: both an `EsafetyError` and a `TypeError`.
const TYPE_ERROR: &str = "ArgumentTypeError";

fn argument_type_error_class(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    let bases = (py.get_type::<EsafetyError>(), py.get_type::<PyTypeError>());
    let namespace = PyDict::new(py);
    namespace.set_item("__module__", "esafety")?;
    namespace.set_item(
        "__doc__",
        r#"An argument of the wrong type (code ``invalid_type``); also a ``TypeError``."#,
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
