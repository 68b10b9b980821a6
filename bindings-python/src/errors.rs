//! Maps core errors to Python exceptions.
//!
//! `esafety.EsafetyError` (a `ValueError`) is the base; each core domain has a subclass
//! (`esafety.UrlError`, ...). Every raised exception carries the stable snake_case `.code`
//! and the `.domain` of the core error.

use esafety_core::ErrorCode;
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

create_exception!(
    esafety,
    EsafetyError,
    PyValueError,
    "Base of every esafety error."
);
create_exception!(
    esafety,
    UrlError,
    EsafetyError,
    "A web address is not valid."
);
create_exception!(
    esafety,
    WireError,
    EsafetyError,
    "A JSON document is not valid."
);
create_exception!(esafety, IoError, EsafetyError, "A file could not be read.");
create_exception!(
    esafety,
    IncidentError,
    EsafetyError,
    "An incident is not valid."
);
create_exception!(
    esafety,
    ConsentError,
    EsafetyError,
    "A consent call was refused."
);
create_exception!(
    esafety,
    FilterError,
    EsafetyError,
    "A filter call was refused."
);
create_exception!(
    esafety,
    RegistryError,
    EsafetyError,
    "A registry call was refused."
);
create_exception!(
    esafety,
    ScannerError,
    EsafetyError,
    "A scanner call was refused."
);
create_exception!(esafety, PolicyError, EsafetyError, "A policy is not valid.");

/// Converts any core error into the matching Python exception, with `.code` set.
pub fn to_py_err<E: ErrorCode + ?Sized>(error: &E) -> PyErr {
    let message = error.to_string();
    let err = match error.domain() {
        "url" => UrlError::new_err(message),
        "wire" => WireError::new_err(message),
        "io" => IoError::new_err(message),
        "incident" => IncidentError::new_err(message),
        "consent" => ConsentError::new_err(message),
        "filter" => FilterError::new_err(message),
        "registry" => RegistryError::new_err(message),
        "scanner" => ScannerError::new_err(message),
        "policy" => PolicyError::new_err(message),
        _ => EsafetyError::new_err(message),
    };
    Python::attach(|py| {
        // Setting attributes on a fresh exception cannot fail in practice; if it ever did,
        // the exception is still raised, only without `.code`.
        let _ = err.value(py).setattr("code", error.code());
        let _ = err.value(py).setattr("domain", error.domain());
    });
    err
}

/// Adds the exception classes to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("EsafetyError", py.get_type::<EsafetyError>())?;
    m.add("UrlError", py.get_type::<UrlError>())?;
    m.add("WireError", py.get_type::<WireError>())?;
    m.add("IoError", py.get_type::<IoError>())?;
    m.add("IncidentError", py.get_type::<IncidentError>())?;
    m.add("ConsentError", py.get_type::<ConsentError>())?;
    m.add("FilterError", py.get_type::<FilterError>())?;
    m.add("RegistryError", py.get_type::<RegistryError>())?;
    m.add("ScannerError", py.get_type::<ScannerError>())?;
    m.add("PolicyError", py.get_type::<PolicyError>())?;
    Ok(())
}
