//! `esafety.escalate`, `esafety.Plan`, `esafety.Step`, `esafety.SchoolProfile` and
//! `esafety.draft_incident`: conversion only, every decision is made in the core.

use crate::convert::{json_to_py, py_to_json, to_py};
use crate::errors::to_py_err;
use esafety_core::incident::{
    Incident, IncidentError, Plan as CorePlan, SchoolProfile as CoreProfile, Step as CoreStep,
    draft_incident_json as core_draft, escalate as core_escalate,
};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
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
    Incident::from_json_value(&py_to_json(incident)?).map_err(|e| incident_err(&e))
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
    fn settings(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        json_to_py(py, &self.inner.to_json_value()["settings"])
    }

    #[getter]
    fn contacts(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        json_to_py(py, &self.inner.to_json_value()["contacts"])
    }

    #[getter]
    fn warnings(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        json_to_py(py, &self.inner.to_json_value()["warnings"])
    }

    /// The profile as a dict.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
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
        self.inner.action.as_str()
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
    fn contact(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py(py, &self.inner.contact)
    }

    /// The step as a dict.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "Step({:?}, recipient={:?}, deadline={:?}, mandatory={})",
            self.inner.action.as_str(),
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
    fn reasons(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        json_to_py(py, &self.inner.to_json_value()["reasons"])
    }

    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.inner.warnings.clone()
    }

    /// The plan as a dict (the same keys as the JSON form and the CLI's `--json`).
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
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
#[pyo3(signature = (incident, profile=None, *, policy=None))]
fn escalate(
    incident: &Bound<'_, PyAny>,
    profile: Option<&Bound<'_, PyAny>>,
    policy: Option<&Bound<'_, PyAny>>,
) -> PyResult<Plan> {
    // The profile argument is checked first: a wrong type is a TypeError whatever the incident.
    let profile = match (profile.filter(|p| !p.is_none()), policy) {
        (Some(_), Some(_)) => {
            return Err(crate::convert::argument_error(
                "invalid_argument",
                "give `profile` or `policy`, not both".to_owned(),
            ));
        }
        (None, Some(p)) => crate::policy::policy_arg(p)?.incident_profile().clone(),
        (None, None) => CoreProfile::national(),
        (Some(p), None) => {
            if let Ok(profile) = p.cast::<SchoolProfile>() {
                profile.get().inner.clone()
            } else if let Ok(policy) = p.cast::<crate::policy::SchoolPolicy>() {
                policy.get().0.incident_profile().clone()
            } else if let Ok(name) = p.extract::<String>() {
                CoreProfile::preset(&name).map_err(|e| incident_err(&e))?
            } else {
                return Err(PyTypeError::new_err(
                    "profile must be a SchoolProfile, a SchoolPolicy, a preset name or None",
                ));
            }
        }
    };
    let incident = read_incident(incident)?;
    Ok(Plan {
        inner: core_escalate(&incident, &profile),
    })
}

/// Turns a monitoring alert, a scanner match or a filter decision (a dict, or a `Match` /
/// `Decision` as it is) into a draft incident dict, or `None` for a decision that names no
/// category. `context` (and the keyword arguments, which win) give what the match or
/// decision does not say: `at`, `role`, `age`, `year_group`, `user_id`, `device`,
/// `location`, `deliberate`.
#[pyfunction]
#[pyo3(signature = (alert, context=None, *, at=None, role=None, age=None, year_group=None, user_id=None, device=None, location=None, deliberate=None))]
#[allow(clippy::too_many_arguments)]
fn draft_incident(
    py: Python<'_>,
    alert: &Bound<'_, PyAny>,
    context: Option<&Bound<'_, PyAny>>,
    at: Option<&Bound<'_, PyAny>>,
    role: Option<&Bound<'_, PyAny>>,
    age: Option<&Bound<'_, PyAny>>,
    year_group: Option<&Bound<'_, PyAny>>,
    user_id: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
    location: Option<&Bound<'_, PyAny>>,
    deliberate: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let alert = if alert.is_instance_of::<PyDict>() || !alert.hasattr("to_dict")? {
        py_to_json(alert)?
    } else {
        py_to_json(&alert.call_method0("to_dict")?)?
    };
    let mut ctx = match context {
        Some(c) if !c.is_none() => py_to_json(c)?,
        _ => serde_json::Value::Object(serde_json::Map::new()),
    };
    let keywords = [
        ("at", at),
        ("role", role),
        ("age", age),
        ("year_group", year_group),
        ("user_id", user_id),
        ("device", device),
        ("location", location),
        ("deliberate", deliberate),
    ];
    if let serde_json::Value::Object(map) = &mut ctx {
        for (key, value) in keywords {
            if let Some(v) = value.filter(|v| !v.is_none()) {
                map.insert(key.to_owned(), py_to_json(v)?);
            }
        }
    }
    match core_draft(&alert, Some(&ctx)).map_err(|e| incident_err(&e))? {
        Some(incident) => json_to_py(py, &incident.to_json_value()),
        None => Ok(py.None()),
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
