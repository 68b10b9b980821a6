//! `esafety.UrlFilter` and `esafety.Decision`: the web filter (issue 6).

use crate::convert::{instant, py_to_json, to_py};
use crate::errors::to_py_err;
use crate::registry::Registry;
use esafety_core::filter::{Decision as CoreDecision, UrlFilter as CoreFilter};
use pyo3::prelude::*;
use std::path::PathBuf;

fn optional_instant(
    at: Option<&Bound<'_, PyAny>>,
) -> PyResult<Option<chrono::DateTime<chrono::Utc>>> {
    match at {
        Some(obj) if !obj.is_none() => instant(obj).map(Some),
        _ => Ok(None),
    }
}

fn json_text(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    Ok(py_to_json(obj)?.to_string())
}

fn parse_json(py: Python<'_>, text: &str) -> PyResult<Py<PyAny>> {
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| crate::convert::argument_error("internal_serialisation", e.to_string()))?;
    crate::convert::json_to_py(py, &value)
}

/// The filter's answer for one request: a read-only view of the core decision.
#[pyclass(module = "esafety", name = "Decision", frozen)]
pub struct Decision(CoreDecision);

#[pymethods]
impl Decision {
    #[getter]
    fn verdict(&self) -> &'static str {
        self.0.verdict.as_str()
    }
    #[getter]
    fn url(&self) -> &str {
        &self.0.url
    }
    #[getter]
    fn host(&self) -> &str {
        &self.0.host
    }
    #[getter]
    fn audience(&self) -> &'static str {
        self.0.audience.as_str()
    }
    #[getter]
    fn categories(&self) -> Vec<String> {
        self.0
            .categories
            .iter()
            .map(|c| c.as_str().to_owned())
            .collect()
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
    #[getter]
    fn search_terms(&self) -> Option<&str> {
        self.0.search_terms.as_deref()
    }
    #[getter]
    fn rewrite(&self) -> Option<&str> {
        self.0.rewrite.as_deref()
    }
    #[getter]
    fn matches(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py(py, &self.0.matches)
    }
    #[getter]
    fn safe_search(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py(py, &self.0.safe_search)
    }
    #[getter]
    fn lookalike(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py(py, &self.0.lookalike)
    }

    /// The decision as a dict with the same keys as the JSON form.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py(py, &self.0)
    }

    /// The decision as stable JSON.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    fn __repr__(&self) -> String {
        format!(
            "Decision(verdict={:?}, url={:?}, rule={:?})",
            self.0.verdict.as_str(),
            self.0.url,
            self.0.rule
        )
    }
}

/// The web filter: rules, per-audience policy and the override log.
#[pyclass(module = "esafety", name = "UrlFilter")]
pub struct UrlFilter(CoreFilter);

#[pymethods]
impl UrlFilter {
    /// The embedded default rule set with the built-in policy (works offline).
    #[staticmethod]
    #[pyo3(name = "default", signature = (*, policy = None))]
    fn default_filter(policy: Option<&Bound<'_, PyAny>>) -> PyResult<UrlFilter> {
        match policy {
            None => Ok(UrlFilter(CoreFilter::default())),
            Some(p) => crate::policy::policy_arg(p)?
                .url_filter()
                .map(UrlFilter)
                .map_err(|e| to_py_err(&e)),
        }
    }

    /// A UT1-style directory (plus the embedded defaults).
    #[staticmethod]
    #[pyo3(signature = (path, *, strict = false))]
    fn from_directory(path: PathBuf, strict: bool) -> PyResult<UrlFilter> {
        esafety_io::url_filter_from_directory(&path, strict)
            .map(UrlFilter)
            .map_err(|e| to_py_err(&e))
    }

    /// A filter described as data (`include_defaults`, `strict`, `lists`, `policy`).
    #[staticmethod]
    fn from_spec(spec: &Bound<'_, PyAny>) -> PyResult<UrlFilter> {
        CoreFilter::from_spec_json(&json_text(spec)?)
            .map(UrlFilter)
            .map_err(|e| to_py_err(&e))
    }

    /// Checks one URL for an audience at an optional instant.
    #[pyo3(signature = (url, audience = "ks2", at = None))]
    fn check(
        &self,
        url: &str,
        audience: &str,
        at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Decision> {
        let at = optional_instant(at)?;
        self.0
            .check(url, audience, at)
            .map(Decision)
            .map_err(|e| to_py_err(&e))
    }

    /// Checks many URLs; raises on the first invalid one.
    #[pyo3(signature = (urls, audience = "ks2", at = None))]
    fn check_many(
        &self,
        py: Python<'_>,
        urls: Vec<String>,
        audience: &str,
        at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<Decision>> {
        let at = optional_instant(at)?;
        let filter = &self.0;
        let results = py.detach(|| filter.check_many(&urls, audience, at));
        results
            .into_iter()
            .map(|r| r.map(Decision).map_err(|e| to_py_err(&e)))
            .collect()
    }

    /// Records an override event (a dict: request, approve, reject or revoke); returns the
    /// request's state. With `registry=` the approver's role is looked up there; without
    /// one the approval is logged as unverified.
    #[pyo3(signature = (event, *, registry = None))]
    fn record(
        &mut self,
        py: Python<'_>,
        event: &Bound<'_, PyAny>,
        registry: Option<PyRef<'_, Registry>>,
    ) -> PyResult<Py<PyAny>> {
        let json = json_text(event)?;
        let record = match registry {
            Some(registry) => self.0.record_json_with_registry(&json, &registry.0),
            None => self.0.record_json(&json),
        }
        .map_err(|e| to_py_err(&e))?;
        to_py(py, &record)
    }

    /// Replaces the policy as an approved, logged change (a dict: id, requested_by,
    /// approved_by, at, reason, policy), checked against the registry.
    fn change_policy(
        &mut self,
        change: &Bound<'_, PyAny>,
        registry: PyRef<'_, Registry>,
    ) -> PyResult<()> {
        self.0
            .change_policy_json(&json_text(change)?, &registry.0)
            .map_err(|e| to_py_err(&e))
    }

    /// Replaces the school's policy (a dict), logged as an unverified policy change.
    fn set_policy(&mut self, policy: &Bound<'_, PyAny>) -> PyResult<()> {
        self.0
            .set_policy_json(&json_text(policy)?)
            .map_err(|e| to_py_err(&e))
    }

    /// The override change log as a dict.
    fn change_log(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        parse_json(py, &self.0.change_log_json())
    }

    /// The override change log as JSON text.
    fn change_log_json(&self) -> String {
        self.0.change_log_json()
    }

    /// The load report (every list's accepted, ignored and rejected lines) as a dict.
    fn load_report(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        parse_json(py, &self.0.load_report().to_json())
    }

    /// Classifies a squid native access log; returns the summary as a dict.
    #[pyo3(signature = (text, audiences = None))]
    fn classify_squid_log(
        &self,
        py: Python<'_>,
        text: &str,
        audiences: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let map = audiences.map(json_text).transpose()?;
        let summary = self
            .0
            .classify_squid_log(text, map.as_deref())
            .map_err(|e| to_py_err(&e))?;
        parse_json(py, &summary.to_json())
    }

    /// Number of domain and IP rules.
    #[getter]
    fn domain_rule_count(&self) -> usize {
        self.0.domain_rule_count()
    }

    fn __repr__(&self) -> String {
        format!(
            "UrlFilter(domain_rules={}, url_rules={})",
            self.0.domain_rule_count(),
            self.0.url_rule_count()
        )
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<UrlFilter>()?;
    m.add_class::<Decision>()?;
    Ok(())
}
