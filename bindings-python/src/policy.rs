//! `esafety.SchoolPolicy` and `esafety.categories`: conversion only (core module
//! `esafety_core::policy`).

use crate::args::{FilePath, Text};
use crate::convert::{Obj, OrRaise, argument_error, json_text_arg, py_to_json, to_py, to_result};
use esafety_core::policy::{self as core, PRESET_IDS};
use esafety_core::wire::limits::{TooDeep, TooLarge};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};

/// One school's policy document (TOML or JSON): school and contacts, roles, AUPs,
/// consent, filter, monitoring and incidents. Every engine can be built from it
/// (``UrlFilter.default(policy=...)``, ``Registry(policy=...)``, ...); every ``policy=``
/// argument takes a ``SchoolPolicy``, a preset id, or the document itself (a dict, or JSON
/// text as ``str`` or ``bytes``). What a document leaves out is the national default;
/// unknown keys are errors.
#[pyclass(module = "esafety", name = "SchoolPolicy", frozen, eq)]
#[derive(PartialEq)]
pub struct SchoolPolicy(pub core::SchoolPolicy);

/// A policy result as the Python class, or `PolicyError`.
fn policy(result: Result<core::SchoolPolicy, core::PolicyError>) -> PyResult<SchoolPolicy> {
    result.or_raise().map(SchoolPolicy)
}

#[pymethods]
impl SchoolPolicy {
    /// A built-in policy: ``national``, ``kilby``, ``highgate``, ``ely``, ``whitwell``,
    /// ``russell_house`` (``default`` and ``seed_000`` ... ``seed_004`` are aliases).
    ///
    /// Raises:
    ///     PolicyError: ``policy_unknown_preset``, naming the valid ids and the nearest one.
    #[staticmethod]
    fn preset(id: Text) -> PyResult<SchoolPolicy> {
        policy(core::SchoolPolicy::preset(&id))
    }

    /// The built-in policy ids, ``national`` first.
    #[staticmethod]
    fn preset_ids() -> Vec<&'static str> {
        PRESET_IDS.to_vec()
    }

    /// Read a policy document from TOML text.
    ///
    /// Raises:
    ///     PolicyError: ``policy_invalid`` with every problem in ``.problems``.
    #[staticmethod]
    fn from_toml(text: Text) -> PyResult<SchoolPolicy> {
        policy(core::SchoolPolicy::from_toml(&text))
    }

    /// Read a policy document from JSON text, bytes or a dict.
    #[staticmethod]
    fn from_json(document: &Bound<'_, PyAny>) -> PyResult<SchoolPolicy> {
        read_document(document).map(SchoolPolicy)
    }

    /// Read a policy document from a dict (as ``to_dict()`` returns it).
    #[staticmethod]
    fn from_dict(document: &Bound<'_, PyDict>) -> PyResult<SchoolPolicy> {
        dict_document(document.as_any()).map(SchoolPolicy)
    }

    /// Read a policy document from a TOML or JSON file (at most 1 MiB).
    ///
    /// Raises:
    ///     PolicyError: for an invalid document.
    ///     IoError: when the file cannot be read or is too large.
    #[staticmethod]
    fn from_file(path: FilePath) -> PyResult<SchoolPolicy> {
        let limit = core::MAX_POLICY_BYTES as u64;
        policy(core::SchoolPolicy::from_toml(
            &esafety_io::read_text_limited(&path, limit).or_raise()?,
        ))
    }

    /// The school's short id.
    #[getter]
    fn id(&self) -> &str {
        self.0.id()
    }

    /// The document as TOML text (every default filled in).
    fn to_toml(&self) -> PyResult<String> {
        self.0.to_toml().or_raise()
    }

    /// The document as a dict (every default filled in).
    fn to_dict(&self) -> PyResult<Obj> {
        to_py(self.0.document())
    }

    /// The document as JSON text.
    fn to_json(&self) -> String {
        self.0.to_json_value().to_string()
    }

    fn __repr__(&self) -> String {
        format!("SchoolPolicy(id={:?})", self.0.id())
    }

    fn __reduce__(&self, py: Python<'_>) -> PyResult<(Obj, (String,))> {
        let from_toml = py.get_type::<SchoolPolicy>().getattr("from_toml")?;
        Ok((from_toml.unbind(), (self.to_toml()?,)))
    }
}

/// A policy document given as a dict. One too deep or too large to read raises
/// `PolicyError`, as the same document given as JSON text does.
fn dict_document(document: &Bound<'_, PyAny>) -> PyResult<core::SchoolPolicy> {
    let value = py_to_json(document).or_else(|err| {
        let code = err.value(document.py()).getattr("code").ok();
        let code = code.and_then(|c| c.extract::<String>().ok());
        match code.as_deref() {
            Some(TooDeep::CODE) => Err(core::PolicyError::TooDeep(TooDeep)).or_raise(),
            Some(TooLarge::CODE) => Err(core::PolicyError::TooLarge {
                max: core::MAX_POLICY_BYTES,
            })
            .or_raise(),
            _ => Err(err),
        }
    })?;
    core::SchoolPolicy::from_value(value).or_raise()
}

/// A policy document given as a dict, or as JSON text in a `str` or `bytes`.
fn read_document(document: &Bound<'_, PyAny>) -> PyResult<core::SchoolPolicy> {
    if document.is_instance_of::<PyDict>() {
        return dict_document(document);
    }
    if !document.is_instance_of::<PyString>() && !document.is_instance_of::<PyBytes>() {
        let message = "a policy document is a str, bytes or dict".to_owned();
        return Err(argument_error("invalid_argument", message));
    }
    core::SchoolPolicy::from_json(&json_text_arg(document)?).or_raise()
}

/// A `policy=` argument: a `SchoolPolicy`, a preset id, or the document itself (a dict,
/// or JSON text as `bytes` or as a `str` that starts with `{`, which no preset id does).
pub fn policy_arg(obj: &Bound<'_, PyAny>) -> PyResult<core::SchoolPolicy> {
    if let Ok(policy) = obj.cast::<SchoolPolicy>() {
        return Ok(policy.get().0.clone());
    }
    if let Ok(text) = obj.extract::<Text>()
        && !text.trim_start().starts_with('{')
    {
        return core::SchoolPolicy::preset(&text).or_raise();
    }
    if obj.is_instance_of::<PyDict>()
        || obj.is_instance_of::<PyString>()
        || obj.is_instance_of::<PyBytes>()
    {
        return read_document(obj);
    }
    let message = "`policy` must be an esafety.SchoolPolicy, a preset id or a policy document \
(a dict, or JSON text)"
        .to_owned();
    Err(argument_error("invalid_argument", message))
}

/// Every category of the vocabulary: ``id``, ``source_module`` (``filter``, ``scanner``
/// or ``incident``), ``incident_category`` and ``area`` (the 4C area).
#[pyfunction]
fn categories() -> PyResult<Obj> {
    to_result(&esafety_core::vocabulary::categories())
}

/// Adds the class and the function to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<SchoolPolicy>()?;
    m.add_function(wrap_pyfunction!(categories, m)?)
}
