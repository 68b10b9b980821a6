//! `esafety.SchoolPolicy` and the vocabulary constants: conversion only (core module
//! `esafety_core::policy`).

use crate::convert::{argument_error, py_to_json, to_py};
use crate::errors::to_py_err;
use esafety_core::policy::{self as core, PRESET_IDS};
use esafety_core::vocabulary::{Audience, Role};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};

/// The largest policy file read from disk.
const MAX_POLICY_FILE_BYTES: u64 = core::MAX_POLICY_BYTES as u64;

/// One school's policy document; every engine can be built from it.
#[pyclass(module = "esafety", name = "SchoolPolicy", frozen, eq)]
#[derive(PartialEq)]
pub struct SchoolPolicy(pub core::SchoolPolicy);

/// Raises `esafety.PolicyError` with `.problems` (a list of `{path, code, message}`).
pub fn policy_err(error: &core::PolicyError) -> PyErr {
    let err = to_py_err(error);
    Python::attach(|py| {
        if let Ok(problems) = to_py(py, &error.problems()) {
            let _ = err.value(py).setattr("problems", problems);
        }
    });
    err
}

#[pymethods]
impl SchoolPolicy {
    /// A built-in policy: `national`, `kilby`, `highgate`, `ely`, `whitwell`,
    /// `russell_house` (or `default`, `seed_000` … `seed_004`).
    #[staticmethod]
    fn preset(id: &str) -> PyResult<SchoolPolicy> {
        core::SchoolPolicy::preset(id)
            .map(SchoolPolicy)
            .map_err(|e| policy_err(&e))
    }

    /// The built-in policy ids, `national` first.
    #[staticmethod]
    fn preset_ids() -> Vec<&'static str> {
        PRESET_IDS.to_vec()
    }

    /// Reads a policy document from TOML text.
    #[staticmethod]
    fn from_toml(text: &str) -> PyResult<SchoolPolicy> {
        core::SchoolPolicy::from_toml(text)
            .map(SchoolPolicy)
            .map_err(|e| policy_err(&e))
    }

    /// Reads a policy document from JSON given as `str`, `bytes` or a `dict`.
    #[staticmethod]
    fn from_json(document: &Bound<'_, PyAny>) -> PyResult<SchoolPolicy> {
        let result = if let Ok(text) = document.cast::<PyString>() {
            core::SchoolPolicy::from_json(text.to_str()?)
        } else if let Ok(bytes) = document.cast::<PyBytes>() {
            let text = std::str::from_utf8(bytes.as_bytes())
                .map_err(|e| argument_error("invalid_utf8", e.to_string()))?;
            core::SchoolPolicy::from_json(text)
        } else if document.cast::<PyDict>().is_ok() {
            core::SchoolPolicy::from_value(py_to_json(document)?)
        } else {
            return Err(argument_error(
                "invalid_argument",
                "a policy document is a str, bytes or dict".to_owned(),
            ));
        };
        result.map(SchoolPolicy).map_err(|e| policy_err(&e))
    }

    /// Reads a policy document from a dict (as `to_dict()` returns it).
    #[staticmethod]
    fn from_dict(document: &Bound<'_, PyDict>) -> PyResult<SchoolPolicy> {
        core::SchoolPolicy::from_value(py_to_json(document.as_any())?)
            .map(SchoolPolicy)
            .map_err(|e| policy_err(&e))
    }

    /// Reads a policy document from a TOML or JSON file.
    #[staticmethod]
    fn from_file(path: std::path::PathBuf) -> PyResult<SchoolPolicy> {
        let text = esafety_io::read_text_limited(&path, MAX_POLICY_FILE_BYTES)
            .map_err(|e| to_py_err(&e))?;
        core::SchoolPolicy::from_toml(&text)
            .map(SchoolPolicy)
            .map_err(|e| policy_err(&e))
    }

    /// The school's id.
    #[getter]
    fn id(&self) -> &str {
        self.0.id()
    }

    /// The document as TOML text.
    fn to_toml(&self) -> PyResult<String> {
        self.0.to_toml().map_err(|e| policy_err(&e))
    }

    /// The document as a dict (every default filled in).
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py(py, self.0.document())
    }

    /// The document as JSON text.
    fn to_json(&self) -> String {
        self.0.to_json_value().to_string()
    }

    fn __repr__(&self) -> String {
        format!("SchoolPolicy(id={:?})", self.0.id())
    }

    fn __reduce__(&self, py: Python<'_>) -> PyResult<(Py<PyAny>, (String,))> {
        let cls = py.get_type::<SchoolPolicy>().getattr("from_toml")?;
        Ok((cls.unbind(), (self.to_toml()?,)))
    }
}

/// A `policy=` argument: a `SchoolPolicy` or a preset id.
pub fn policy_arg(obj: &Bound<'_, PyAny>) -> PyResult<core::SchoolPolicy> {
    if let Ok(policy) = obj.cast::<SchoolPolicy>() {
        return Ok(policy.get().0.clone());
    }
    if let Ok(id) = obj.extract::<String>() {
        return core::SchoolPolicy::preset(&id).map_err(|e| policy_err(&e));
    }
    Err(argument_error(
        "invalid_argument",
        "`policy` must be an esafety.SchoolPolicy or a preset id".to_owned(),
    ))
}

/// Every category of the vocabulary, as dicts (`id`, `source_module`,
/// `incident_category`, `area`).
#[pyfunction]
fn categories(py: Python<'_>) -> PyResult<Py<PyAny>> {
    to_py(py, &esafety_core::vocabulary::categories())
}

/// Adds the class, the function and the constants to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<SchoolPolicy>()?;
    m.add_function(wrap_pyfunction!(categories, m)?)?;
    m.add(
        "AUDIENCES",
        pyo3::types::PyTuple::new(m.py(), Audience::IDS)?,
    )?;
    let roles: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
    m.add("ROLES", pyo3::types::PyTuple::new(m.py(), roles)?)?;
    m.add("PRESET_IDS", pyo3::types::PyTuple::new(m.py(), PRESET_IDS)?)?;
    Ok(())
}
