//! `esafety.escalate`, `esafety.Plan`, `esafety.Step`, `esafety.SchoolProfile` and
//! `esafety.draft_incident`: conversion only, every decision is made in the core.

use crate::errors::to_py_err;
use esafety_core::incident::{
    Alert, Incident, IncidentError, Plan as CorePlan, SchoolProfile as CoreProfile,
    Step as CoreStep, draft_incident as core_draft, escalate as core_escalate,
};
use pyo3::IntoPyObjectExt;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};
use std::path::Path;

/// Raises the core error as `esafety.IncidentError` with `.code`, `.domain`, `.field` and
/// `.file`.
fn incident_err(error: &IncidentError) -> PyErr {
    let err = to_py_err(error);
    Python::attach(|py| {
        let value = err.value(py);
        let _ = value.setattr("field", error.field());
        let _ = value.setattr("file", error.file());
    });
    err
}

/// Converts a Python value made of dicts, lists, strings, numbers, booleans and `None`
/// (and dates, written with `isoformat()`) into JSON.
fn py_to_json(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<Value> {
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.cast::<PyInt>().is_ok() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::from(i));
        }
        return Err(PyTypeError::new_err(format!(
            "`{path}`: integer out of range"
        )));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Number::from_f64(f.value())
            .map(Value::Number)
            .ok_or_else(|| PyTypeError::new_err(format!("`{path}`: not a finite number")));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.to_str()?.to_owned()));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut map = Map::new();
        for (k, v) in d.iter() {
            let key: String = k.extract().map_err(|_| {
                PyTypeError::new_err(format!("`{path}`: dict keys must be strings"))
            })?;
            let child = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            map.insert(key, py_to_json(&v, &child)?);
        }
        return Ok(Value::Object(map));
    }
    if obj.cast::<PyList>().is_ok() || obj.cast::<PyTuple>().is_ok() {
        let mut items = Vec::new();
        for (i, item) in obj.try_iter()?.enumerate() {
            items.push(py_to_json(&item?, &format!("{path}[{i}]"))?);
        }
        return Ok(Value::Array(items));
    }
    if obj.hasattr("isoformat")? {
        return Ok(Value::String(obj.call_method0("isoformat")?.extract()?));
    }
    Err(PyTypeError::new_err(format!(
        "`{path}`: unsupported type {}",
        obj.get_type().name()?
    )))
}

/// Converts JSON into plain Python values.
fn json_to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    match value {
        Value::Null => Ok(py.None().into_bound(py)),
        Value::Bool(b) => b.into_bound_py_any(py),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.into_bound_py_any(py),
            (None, Some(u), _) => u.into_bound_py_any(py),
            (None, None, f) => f.unwrap_or(f64::NAN).into_bound_py_any(py),
        },
        Value::String(s) => s.into_bound_py_any(py),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_py(py, item)?)?;
            }
            Ok(list.into_any())
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, json_to_py(py, v)?)?;
            }
            Ok(dict.into_any())
        }
    }
}

/// Reads the incident argument: a dict (or a JSON string).
fn read_incident(incident: &Bound<'_, PyAny>) -> PyResult<Incident> {
    if let Ok(s) = incident.cast::<PyString>() {
        return Incident::from_json_str(s.to_str()?).map_err(|e| incident_err(&e));
    }
    if incident.cast::<PyDict>().is_err() {
        return Err(PyTypeError::new_err(
            "incident must be a dict (or a JSON string)",
        ));
    }
    Incident::from_json_value(&py_to_json(incident, "")?).map_err(|e| incident_err(&e))
}

/// A school's local contacts and settings (DOMAIN.md §8).
#[pyclass(module = "esafety", name = "SchoolProfile", frozen)]
pub struct SchoolProfile {
    inner: CoreProfile,
}

#[pymethods]
impl SchoolProfile {
    /// A built-in profile: `national`, `kilby`, `highgate`, `ely`, `whitwell`, `russell_house`.
    #[staticmethod]
    fn preset(name: &str) -> PyResult<SchoolProfile> {
        CoreProfile::preset(name)
            .map(|inner| SchoolProfile { inner })
            .map_err(|e| incident_err(&e))
    }

    /// The national defaults.
    #[staticmethod]
    fn national() -> SchoolProfile {
        SchoolProfile {
            inner: CoreProfile::national(),
        }
    }

    /// Reads a profile file (TOML, or JSON when the name ends `.json`).
    #[staticmethod]
    fn from_file(path: std::path::PathBuf) -> PyResult<SchoolProfile> {
        let text = esafety_io::read_text(Path::new(&path)).map_err(|e| to_py_err(&e))?;
        SchoolProfile::from_text(&path.to_string_lossy(), &text)
    }

    /// Reads a profile from text; `label` names it in errors and picks JSON or TOML.
    #[staticmethod]
    fn from_text(label: &str, text: &str) -> PyResult<SchoolProfile> {
        CoreProfile::from_text(label, text)
            .map(|inner| SchoolProfile { inner })
            .map_err(|e| incident_err(&e))
    }

    /// The preset names.
    #[staticmethod]
    fn preset_names() -> Vec<&'static str> {
        esafety_core::incident::PRESET_NAMES.to_vec()
    }

    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }

    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }

    #[getter]
    fn local_authority(&self) -> Option<&str> {
        self.inner.local_authority.as_deref()
    }

    #[getter]
    fn settings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &self.inner.to_json_value()["settings"])
    }

    #[getter]
    fn contacts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &self.inner.to_json_value()["contacts"])
    }

    #[getter]
    fn warnings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &self.inner.to_json_value()["warnings"])
    }

    /// The profile as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &self.inner.to_json_value())
    }

    fn __repr__(&self) -> String {
        format!("SchoolProfile({:?})", self.inner.id)
    }
}

/// One step of a plan.
#[pyclass(module = "esafety", name = "Step", frozen)]
pub struct Step {
    inner: CoreStep,
}

#[pymethods]
impl Step {
    #[getter]
    fn action(&self) -> &str {
        &self.inner.action
    }

    #[getter]
    fn recipient(&self) -> &'static str {
        self.inner.recipient.as_str()
    }

    #[getter]
    fn deadline(&self) -> &'static str {
        self.inner.deadline.as_str()
    }

    #[getter]
    fn mandatory(&self) -> bool {
        self.inner.mandatory
    }

    #[getter]
    fn source(&self) -> &str {
        &self.inner.source
    }

    #[getter]
    fn note(&self) -> Option<&str> {
        self.inner.note.as_deref()
    }

    #[getter]
    fn contact<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(
            py,
            &serde_json::to_value(&self.inner.contact).unwrap_or(Value::Null),
        )
    }

    /// The step as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(
            py,
            &serde_json::to_value(&self.inner).unwrap_or(Value::Null),
        )
    }

    fn __repr__(&self) -> String {
        format!(
            "Step({:?}, recipient={:?}, deadline={:?}, mandatory={})",
            self.inner.action,
            self.inner.recipient.as_str(),
            self.inner.deadline.as_str(),
            if self.inner.mandatory {
                "True"
            } else {
                "False"
            }
        )
    }
}

/// What staff must do, and never do, about one incident.
#[pyclass(module = "esafety", name = "Plan", frozen)]
pub struct Plan {
    inner: CorePlan,
}

#[pymethods]
impl Plan {
    #[getter]
    fn category(&self) -> &'static str {
        self.inner.category.as_str()
    }

    #[getter]
    fn secondary(&self) -> Vec<&'static str> {
        self.inner.secondary.iter().map(|c| c.as_str()).collect()
    }

    #[getter]
    fn area(&self) -> &'static str {
        self.inner.area.as_str()
    }

    #[getter]
    fn severity(&self) -> u8 {
        self.inner.severity
    }

    #[getter]
    fn ukcis_triggers(&self) -> Vec<&'static str> {
        self.inner
            .ukcis_triggers
            .iter()
            .map(|t| t.as_str())
            .collect()
    }

    #[getter]
    fn steps(&self) -> Vec<Step> {
        self.inner
            .steps
            .iter()
            .map(|s| Step { inner: s.clone() })
            .collect()
    }

    #[getter]
    fn forbidden(&self) -> Vec<&'static str> {
        self.inner.forbidden_ids()
    }

    #[getter]
    fn inform_parents(&self) -> &'static str {
        self.inner.inform_parents.as_str()
    }

    #[getter]
    fn out_of_hours(&self) -> bool {
        self.inner.out_of_hours
    }

    #[getter]
    fn profile(&self) -> &str {
        &self.inner.profile
    }

    #[getter]
    fn reasons<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &self.inner.to_json_value()["reasons"])
    }

    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.inner.warnings.clone()
    }

    /// The plan as a dict (the same keys as the JSON form and the CLI's `--json`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &self.inner.to_json_value())
    }

    /// The plan for a person: forbidden actions first, then numbered steps.
    fn to_text(&self) -> String {
        self.inner.to_text()
    }

    fn __str__(&self) -> String {
        self.inner.to_text()
    }

    fn __repr__(&self) -> String {
        format!(
            "Plan(category={:?}, severity={}, steps={})",
            self.inner.category.as_str(),
            self.inner.severity,
            self.inner.steps.len()
        )
    }
}

/// Escalates an incident dict; `profile` is a `SchoolProfile`, a preset name, or `None`
/// for the national defaults.
#[pyfunction]
#[pyo3(signature = (incident, profile=None))]
fn escalate(incident: &Bound<'_, PyAny>, profile: Option<&Bound<'_, PyAny>>) -> PyResult<Plan> {
    let incident = read_incident(incident)?;
    let plan = match profile {
        None => core_escalate(&incident, &CoreProfile::national()),
        Some(p) if p.is_none() => core_escalate(&incident, &CoreProfile::national()),
        Some(p) => {
            if let Ok(profile) = p.cast::<SchoolProfile>() {
                core_escalate(&incident, &profile.get().inner)
            } else if let Ok(name) = p.extract::<String>() {
                let profile = CoreProfile::preset(&name).map_err(|e| incident_err(&e))?;
                core_escalate(&incident, &profile)
            } else {
                return Err(PyTypeError::new_err(
                    "profile must be a SchoolProfile, a preset name or None",
                ));
            }
        }
    };
    Ok(Plan { inner: plan })
}

/// Turns a monitoring match or a filter block (a dict: `kind`, `category`, `severity`,
/// `at`, ...) into a draft incident dict, or `None` when it is not a safeguarding concern.
#[pyfunction]
fn draft_incident<'py>(py: Python<'py>, alert: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let alert = Alert::from_json_value(&py_to_json(alert, "")?).map_err(|e| incident_err(&e))?;
    match core_draft(&alert).map_err(|e| incident_err(&e))? {
        Some(incident) => json_to_py(py, &incident.to_json_value()),
        None => Ok(py.None().into_bound(py)),
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<SchoolProfile>()?;
    m.add_class::<Plan>()?;
    m.add_class::<Step>()?;
    m.add_function(wrap_pyfunction!(escalate, m)?)?;
    m.add_function(wrap_pyfunction!(draft_incident, m)?)?;
    Ok(())
}
