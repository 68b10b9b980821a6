//! `esafety.Registry`: roles, AUP signatures and permission decisions (core module
//! `esafety_core::registry`). Its `AccessDecision` and `PermissionDecision` are the
//! generated `esafety._wire` dataclasses.

use crate::convert::{OrRaise, argument_error, instant, py_to_json, to_py, wire};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use esafety_core::registry::{self as core, DecisionContext, Registry as CoreRegistry};
use esafety_core::registry::{SchoolSettings, parse_date, parse_instant};
use pyo3::prelude::*;
use pyo3::types::{PyDate, PyDateTime, PyDict, PyString};
use serde_json::Value;

/// Reads an instant: an aware `datetime`, a `date` (midnight UTC) or text parsed by core
/// (so a bad string raises `registry_invalid_instant` as on every surface).
fn at(obj: &Bound<'_, PyAny>) -> PyResult<DateTime<Utc>> {
    if let Ok(text) = obj.cast::<PyString>() {
        return parse_instant(text.to_str()?).or_raise();
    }
    if obj.is_instance_of::<PyDate>() && !obj.is_instance_of::<PyDateTime>() {
        return Ok(date(obj)?.and_time(NaiveTime::MIN).and_utc());
    }
    instant(obj)
}

/// Reads a date: a `date`, the date of an aware `datetime`, or `YYYY-MM-DD` text parsed by
/// core (`registry_invalid_date`).
fn date(obj: &Bound<'_, PyAny>) -> PyResult<NaiveDate> {
    match obj.cast::<PyString>() {
        Ok(text) => parse_date(text.to_str()?).or_raise(),
        Err(_) => crate::convert::date(obj),
    }
}

/// The settings overrides: `settings` (a dict or JSON text) with the keyword fields on top.
fn overrides(
    settings: Option<&Bound<'_, PyAny>>,
    fields: Option<&Bound<'_, PyDict>>,
) -> PyResult<Option<Value>> {
    let mut merged = match settings {
        Some(obj) if obj.is_instance_of::<PyString>() => {
            let text: String = obj.extract()?;
            serde_json::from_str(&text)
                .map_err(|e| argument_error("invalid_json", e.to_string()))?
        }
        Some(obj) => py_to_json(obj)?,
        None => Value::Null,
    };
    if let Some(Value::Object(extra)) = fields.map(|f| py_to_json(f.as_any())).transpose()?
        && !extra.is_empty()
    {
        match &mut merged {
            Value::Object(map) => map.extend(extra),
            Value::Null => merged = Value::Object(extra),
            _ => {
                let message = "`settings` must be a dict or JSON object text".to_owned();
                return Err(argument_error("invalid_argument", message));
            }
        }
    }
    Ok(Some(merged).filter(|v| !v.is_null()))
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
        let overrides = overrides(settings, fields)?;
        let settings = match (policy, preset) {
            (Some(_), Some(_)) => {
                let message = "give `preset` or `policy`, not both".to_owned();
                return Err(argument_error("invalid_argument", message));
            }
            (Some(p), None) => {
                let settings = crate::policy::policy_arg(p)?.registry_settings();
                settings.with_overrides(overrides.as_ref())
            }
            (None, _) => SchoolSettings::resolve(preset, overrides.as_ref()),
        };
        Ok(Registry(CoreRegistry::with_settings(settings.or_raise()?)))
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
        let since = date(since)?;
        to_py(
            py,
            &self
                .0
                .assign(person, role, since, deputy_for, audience)
                .or_raise()?,
        )
    }

    fn unassign(&mut self, person: &str, role: &str, until: &Bound<'_, PyAny>) -> PyResult<()> {
        self.0.unassign(person, role, date(until)?).or_raise()
    }

    fn holders(&self, py: Python<'_>, role: &str, on: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        to_py(py, &self.0.holders(role, date(on)?).or_raise()?)
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

    /// Publishes an AUP version; `material` defaults to core's `MATERIAL_BY_DEFAULT`.
    #[pyo3(signature = (audience, version, effective, *, material = None, clauses = Vec::new()))]
    fn publish_aup(
        &mut self,
        py: Python<'_>,
        audience: &str,
        version: &str,
        effective: &Bound<'_, PyAny>,
        material: Option<bool>,
        clauses: Vec<String>,
    ) -> PyResult<Py<PyAny>> {
        let (effective, material) = (
            date(effective)?,
            material.unwrap_or(core::MATERIAL_BY_DEFAULT),
        );
        to_py(
            py,
            &self
                .0
                .publish_aup(audience, version, effective, material, &clauses)
                .or_raise()?,
        )
    }

    /// Records a signature; omitted details take core's defaults (`SignatureDetails`), and
    /// `class_name` is the JSON `class`.
    #[pyo3(signature = (person, audience, version, at, **details))]
    fn sign(
        &mut self,
        py: Python<'_>,
        person: &str,
        audience: &str,
        version: &str,
        at: &Bound<'_, PyAny>,
        details: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<PyAny>> {
        if let Some(d) = details.filter(|d| d.contains("class_name").unwrap_or(false)) {
            d.set_item("class", d.get_item("class_name")?)?;
            d.del_item("class_name")?;
        }
        let (at, details) = (self::at(at)?, crate::convert::options(details)?);
        to_py(
            py,
            &self
                .0
                .sign(person, audience, version, at, details)
                .or_raise()?,
        )
    }

    fn may_access_systems(
        &self,
        py: Python<'_>,
        person: &str,
        at: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        wire(py, &self.0.may_access_systems(person, self::at(at)?))
    }

    fn who_must_sign(&self, at: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
        Ok(self.0.who_must_sign(self::at(at)?))
    }

    #[pyo3(signature = (person, action, at, **context))]
    fn decide(
        &self,
        py: Python<'_>,
        person: &str,
        action: &str,
        at: &Bound<'_, PyAny>,
        context: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<PyAny>> {
        let context = match context {
            Some(kwargs) => DecisionContext::from_json(&py_to_json(kwargs)?).or_raise()?,
            None => DecisionContext::default(),
        };
        wire(
            py,
            &self
                .0
                .decide(person, action, self::at(at)?, &context)
                .or_raise()?,
        )
    }

    fn diff(
        &self,
        py: Python<'_>,
        audience: &str,
        version_a: &str,
        version_b: &str,
    ) -> PyResult<Py<PyAny>> {
        to_py(py, &self.0.diff(audience, version_a, version_b).or_raise()?)
    }

    fn record_review(&mut self, subject: &str, on: &Bound<'_, PyAny>) -> PyResult<()> {
        self.0.record_review(subject, date(on)?).or_raise()
    }

    fn flag_review(&mut self, subject: &str, trigger: &str, on: &Bound<'_, PyAny>) -> PyResult<()> {
        self.0.flag_review(subject, trigger, date(on)?).or_raise()
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
        CoreRegistry::from_json(text).or_raise().map(Registry)
    }

    fn __repr__(&self) -> String {
        format!("Registry(preset={:?})", self.0.settings().preset)
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Registry>()
}
