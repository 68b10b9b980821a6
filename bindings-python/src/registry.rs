//! `esafety.Registry`, `esafety.AccessDecision` and `esafety.PermissionDecision`: roles,
//! AUP signatures and permission decisions (core module `esafety_core::registry`).

use crate::convert::{argument_error, instant, py_to_json, to_py};
use crate::errors::to_py_err;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use esafety_core::registry::{
    AccessDecision as CoreAccess, DecisionContext, PermissionDecision as CoreDecision,
    Registry as CoreRegistry, SchoolSettings, SignatureDetails, parse_date, parse_instant,
};
use pyo3::prelude::*;
use pyo3::types::{PyDate, PyDateTime, PyDict, PyString};

/// Reads an instant: an aware `datetime`, a `date` (midnight UTC) or text parsed by core
/// (so a bad string raises `registry_invalid_instant` as on every surface).
fn at(obj: &Bound<'_, PyAny>) -> PyResult<DateTime<Utc>> {
    if let Ok(text) = obj.cast::<PyString>() {
        return parse_instant(text.to_str()?).map_err(|e| to_py_err(&e));
    }
    if obj.is_instance_of::<PyDate>() && !obj.is_instance_of::<PyDateTime>() {
        return Ok(date(obj)?.and_time(NaiveTime::MIN).and_utc());
    }
    instant(obj)
}

/// Reads a date: a `date`, the date of an aware `datetime`, or `YYYY-MM-DD` text parsed by
/// core (`registry_invalid_date`).
fn date(obj: &Bound<'_, PyAny>) -> PyResult<NaiveDate> {
    if let Ok(text) = obj.cast::<PyString>() {
        return parse_date(text.to_str()?).map_err(|e| to_py_err(&e));
    }
    crate::convert::date(obj)
}

/// Whether a person may use school systems now, and which AUPs are missing.
#[pyclass(module = "esafety", name = "AccessDecision", frozen)]
pub struct AccessDecision(CoreAccess);

#[pymethods]
impl AccessDecision {
    #[getter]
    fn person(&self) -> &str {
        &self.0.person
    }
    #[getter]
    fn allowed(&self) -> bool {
        self.0.allowed
    }
    #[getter]
    fn missing(&self) -> Vec<String> {
        self.0.missing.clone()
    }
    #[getter]
    fn gaps(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py(py, &self.0.gaps)
    }
    #[getter]
    fn satisfied(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py(py, &self.0.satisfied)
    }
    #[getter]
    fn roles(&self) -> Vec<&'static str> {
        self.0.roles.iter().map(|r| r.as_str()).collect()
    }
    #[getter]
    fn required(&self) -> Vec<&'static str> {
        self.0.required.iter().map(|a| a.as_str()).collect()
    }
    #[getter]
    fn rule(&self) -> &str {
        &self.0.rule
    }
    #[getter]
    fn reason(&self) -> &str {
        &self.0.reason
    }
    #[getter]
    fn source(&self) -> &str {
        &self.0.source
    }

    /// The decision as a dict with the JSON keys.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py(py, &self.0)
    }

    fn __bool__(&self) -> bool {
        self.0.allowed
    }

    fn __repr__(&self) -> String {
        format!(
            "AccessDecision(allowed={}, missing={:?})",
            if self.0.allowed { "True" } else { "False" },
            self.0.missing
        )
    }
}

/// The answer to "may this person do this, now?", with the rule and its source.
#[pyclass(module = "esafety", name = "PermissionDecision", frozen)]
pub struct PermissionDecision(CoreDecision);

#[pymethods]
impl PermissionDecision {
    #[getter]
    fn person(&self) -> &str {
        &self.0.person
    }
    #[getter]
    fn action(&self) -> &'static str {
        self.0.action.as_str()
    }
    #[getter]
    fn outcome(&self) -> &'static str {
        self.0.outcome.as_str()
    }
    #[getter]
    fn approver_role(&self) -> Option<&'static str> {
        self.0.approver_role.map(|r| r.as_str())
    }
    #[getter]
    fn rule(&self) -> &str {
        &self.0.rule
    }
    #[getter]
    fn reason(&self) -> &str {
        &self.0.reason
    }
    #[getter]
    fn conditions(&self) -> Vec<String> {
        self.0.conditions.clone()
    }
    #[getter]
    fn missing(&self) -> Vec<String> {
        self.0.missing.clone()
    }
    #[getter]
    fn source(&self) -> &str {
        &self.0.source
    }

    /// The decision as a dict with the JSON keys.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py(py, &self.0)
    }

    fn __repr__(&self) -> String {
        format!(
            "PermissionDecision(outcome={:?}, rule={:?})",
            self.0.outcome.as_str(),
            self.0.rule
        )
    }
}

/// A school's roles, AUPs, signatures and review schedule.
#[pyclass(module = "esafety", name = "Registry")]
pub struct Registry(pub(crate) CoreRegistry);

#[pymethods]
impl Registry {
    #[new]
    #[pyo3(signature = (preset = None, settings = None, *, policy = None, **fields))]
    fn new(
        preset: Option<&str>,
        settings: Option<&Bound<'_, PyAny>>,
        policy: Option<&Bound<'_, PyAny>>,
        fields: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        let mut overrides = match settings {
            Some(obj) if obj.is_instance_of::<PyString>() => {
                let text: String = obj.extract()?;
                Some(
                    serde_json::from_str(&text)
                        .map_err(|e| argument_error("invalid_json", e.to_string()))?,
                )
            }
            Some(obj) => Some(py_to_json(obj)?),
            None => None,
        };
        // Keyword fields (`Registry(search_rule="pupil_consent")`) are settings overrides too.
        if let Some(serde_json::Value::Object(extra)) =
            fields.map(|f| py_to_json(f.as_any())).transpose()?
            && !extra.is_empty()
        {
            let mut merged = match overrides.take() {
                Some(serde_json::Value::Object(map)) => map,
                Some(_) => {
                    return Err(argument_error(
                        "invalid_argument",
                        "`settings` must be a dict or JSON object text".to_owned(),
                    ));
                }
                None => serde_json::Map::new(),
            };
            merged.extend(extra);
            overrides = Some(serde_json::Value::Object(merged));
        }
        let settings = match (policy, preset) {
            (Some(_), Some(_)) => {
                return Err(argument_error(
                    "invalid_argument",
                    "give `preset` or `policy`, not both".to_owned(),
                ));
            }
            (Some(p), None) => crate::policy::policy_arg(p)?
                .registry_settings()
                .with_overrides(overrides.as_ref()),
            (None, _) => SchoolSettings::resolve(preset, overrides.as_ref()),
        };
        settings
            .map(|s| Registry(CoreRegistry::with_settings(s)))
            .map_err(|e| to_py_err(&e))
    }

    /// The school settings as a dict.
    #[getter]
    fn settings(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py(py, self.0.settings())
    }

    #[pyo3(signature = (person, role, since, *, deputy_for = None, audience = None))]
    fn assign(
        &mut self,
        py: Python<'_>,
        person: &str,
        role: &str,
        since: &Bound<'_, PyAny>,
        deputy_for: Option<&str>,
        audience: Option<&str>,
    ) -> PyResult<Py<PyAny>> {
        let assignment = self
            .0
            .assign(person, role, date(since)?, deputy_for, audience)
            .map_err(|e| to_py_err(&e))?;
        to_py(py, &assignment)
    }

    fn unassign(&mut self, person: &str, role: &str, until: &Bound<'_, PyAny>) -> PyResult<()> {
        self.0
            .unassign(person, role, date(until)?)
            .map_err(|e| to_py_err(&e))
    }

    fn holders(&self, py: Python<'_>, role: &str, on: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let holders = self.0.holders(role, date(on)?).map_err(|e| to_py_err(&e))?;
        to_py(py, &holders)
    }

    fn duties(&self, py: Python<'_>, person: &str, on: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        to_py(py, &self.0.duties(person, date(on)?))
    }

    fn roles_of(&self, person: &str, on: &Bound<'_, PyAny>) -> PyResult<Vec<&'static str>> {
        Ok(self
            .0
            .roles_of(person, date(on)?)
            .iter()
            .map(|r| r.as_str())
            .collect())
    }

    #[pyo3(signature = (audience, version, effective, *, material = true, clauses = Vec::new()))]
    fn publish_aup(
        &mut self,
        py: Python<'_>,
        audience: &str,
        version: &str,
        effective: &Bound<'_, PyAny>,
        material: bool,
        clauses: Vec<String>,
    ) -> PyResult<Py<PyAny>> {
        let published = self
            .0
            .publish_aup(audience, version, date(effective)?, material, &clauses)
            .map_err(|e| to_py_err(&e))?;
        to_py(py, &published)
    }

    #[allow(
        clippy::too_many_arguments,
        reason = "mirrors the keyword-only Python API"
    )]
    #[pyo3(signature = (person, audience, version, at, *, co_signer = None,
        signed_on_behalf_by = None, explained_to_pupil = false, method = "paper",
        class_name = None))]
    fn sign(
        &mut self,
        py: Python<'_>,
        person: &str,
        audience: &str,
        version: &str,
        at: &Bound<'_, PyAny>,
        co_signer: Option<String>,
        signed_on_behalf_by: Option<String>,
        explained_to_pupil: bool,
        method: &str,
        class_name: Option<String>,
    ) -> PyResult<Py<PyAny>> {
        let details = SignatureDetails {
            co_signer,
            signed_on_behalf_by,
            explained_to_pupil,
            method: method.parse().map_err(|e| to_py_err(&e))?,
            class: class_name,
        };
        let signature = self
            .0
            .sign(person, audience, version, self::at(at)?, details)
            .map_err(|e| to_py_err(&e))?;
        to_py(py, &signature)
    }

    fn may_access_systems(&self, person: &str, at: &Bound<'_, PyAny>) -> PyResult<AccessDecision> {
        Ok(AccessDecision(
            self.0.may_access_systems(person, self::at(at)?),
        ))
    }

    fn who_must_sign(&self, at: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
        Ok(self.0.who_must_sign(self::at(at)?))
    }

    #[pyo3(signature = (person, action, at, **context))]
    fn decide(
        &self,
        person: &str,
        action: &str,
        at: &Bound<'_, PyAny>,
        context: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PermissionDecision> {
        let context = match context {
            Some(kwargs) => {
                DecisionContext::from_json(&py_to_json(kwargs)?).map_err(|e| to_py_err(&e))?
            }
            None => DecisionContext::default(),
        };
        self.0
            .decide(person, action, self::at(at)?, &context)
            .map(PermissionDecision)
            .map_err(|e| to_py_err(&e))
    }

    fn diff(
        &self,
        py: Python<'_>,
        audience: &str,
        version_a: &str,
        version_b: &str,
    ) -> PyResult<Py<PyAny>> {
        let diff = self
            .0
            .diff(audience, version_a, version_b)
            .map_err(|e| to_py_err(&e))?;
        to_py(py, &diff)
    }

    fn record_review(&mut self, subject: &str, on: &Bound<'_, PyAny>) -> PyResult<()> {
        self.0
            .record_review(subject, date(on)?)
            .map_err(|e| to_py_err(&e))
    }

    fn flag_review(&mut self, subject: &str, trigger: &str, on: &Bound<'_, PyAny>) -> PyResult<()> {
        self.0
            .flag_review(subject, trigger, date(on)?)
            .map_err(|e| to_py_err(&e))
    }

    fn review_status(&self, py: Python<'_>, on: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        to_py(py, &self.0.review_status(date(on)?))
    }

    /// Required posts (dsl, headteacher, slt_fm_lead) with no holder on a date, as dicts.
    fn vacancies(&self, py: Python<'_>, on: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        to_py(py, &self.0.vacancies(date(on)?))
    }

    /// Every signature recorded, oldest first, as dicts.
    fn signatures(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py(py, self.0.signatures())
    }

    /// The whole registry as a versioned JSON document.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// Reads a registry saved with `to_json`.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        CoreRegistry::from_json(text)
            .map(Registry)
            .map_err(|e| to_py_err(&e))
    }

    fn __repr__(&self) -> String {
        format!("Registry(preset={:?})", self.0.settings().preset)
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Registry>()?;
    m.add_class::<AccessDecision>()?;
    m.add_class::<PermissionDecision>()?;
    Ok(())
}
