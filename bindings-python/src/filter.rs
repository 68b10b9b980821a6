//! `esafety.UrlFilter`: the web filter. Its `Decision`s are the generated
//! `esafety._wire.Decision` dataclasses.

use crate::args::{FilePath, Text, Texts};
use crate::convert::{
    Instant, Obj, OrRaise, audience, json_text_arg, loads, to_py, wire, wire_items,
};
use crate::pickle::Recipe;
use crate::registry::Registry;
use crate::scanner::TermScanner;
use esafety_core::filter::UrlFilter as CoreFilter;
use pyo3::prelude::*;
use pyo3::types::{IntoPyDict, PyTuple};

/// The web filter: rules, per-audience policy and the override log.
#[pyclass(module = "esafety", name = "UrlFilter")]
pub struct UrlFilter(CoreFilter, Recipe);

/// Why a filter read from files cannot be pickled.
const FROM_FILES: &str = "a UrlFilter read from files (from_directory, from_sources) cannot be \
pickled or copied: it is rebuilt by reading its files again, which the other side may not \
have; build it there, or use UrlFilter.from_spec with the lists as text";

/// Why a filter with recorded events cannot be pickled.
const CHANGED: &str = "a UrlFilter with recorded overrides or policy changes cannot be \
pickled or copied: its change log (change_log()) is not a document a filter can be rebuilt \
from; pickle or copy it before recording, and keep the change log separately";

#[pymethods]
impl UrlFilter {
    /// The embedded default rule set with the built-in policy (works offline).
    #[staticmethod]
    #[pyo3(name = "default", signature = (*, policy = None))]
    fn default_filter(py: Python<'_>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<UrlFilter> {
        let filter = match policy {
            None => CoreFilter::default(),
            Some(p) => crate::policy::policy_arg(p)?.url_filter().or_raise()?,
        };
        let kwargs = policy
            .map(|p| [("policy", p)].into_py_dict(py))
            .transpose()?;
        let recipe = Recipe::class_call::<UrlFilter>(py, "default", PyTuple::empty(py), kwargs);
        Ok(UrlFilter(filter, recipe?))
    }

    /// A UT1-style directory (plus the embedded defaults).
    #[staticmethod]
    #[pyo3(signature = (path, *, strict = false))]
    fn from_directory(path: FilePath, strict: bool) -> PyResult<UrlFilter> {
        esafety_io::url_filter_from_directory(&path, strict)
            .or_raise()
            .map(|f| UrlFilter(f, Recipe::Not(FROM_FILES.to_owned())))
    }

    /// A filter described as data (`include_defaults`, `strict`, `lists`, `policy`).
    #[staticmethod]
    fn from_spec(spec: &Bound<'_, PyAny>) -> PyResult<UrlFilter> {
        let text = json_text_arg(spec)?;
        let filter = CoreFilter::from_spec_json(&text).or_raise()?;
        let args = (text,).into_pyobject(spec.py())?;
        let recipe = Recipe::class_call::<UrlFilter>(spec.py(), "from_spec", args, None)?;
        Ok(UrlFilter(filter, recipe))
    }

    /// Several list files and UT1 directories (`[{"path", "format", "category"}]`) merged
    /// into one filter with the embedded defaults; `model` turns on the category model.
    #[staticmethod]
    #[pyo3(
        signature = (sources, *, model = esafety_core::filter::SOURCES_MODEL_BY_DEFAULT),
        text_signature = "(sources, *, model=True)"
    )]
    fn from_sources(sources: &Bound<'_, PyAny>, model: bool) -> PyResult<UrlFilter> {
        esafety_io::url_filter_from_sources_json(&json_text_arg(sources)?, model)
            .or_raise()
            .map(|f| UrlFilter(f, Recipe::Not(FROM_FILES.to_owned())))
    }

    /// Every category id the filter knows (`pornography`, `gambling`, ...).
    #[staticmethod]
    fn category_ids() -> Vec<&'static str> {
        CoreFilter::category_ids()
    }

    /// Checks one URL for an audience (core's default when omitted) at an optional instant;
    /// with a `scanner`, the search terms' matches are on the decision.
    #[pyo3(signature = (url, audience = None, at = None, scanner = None))]
    fn check(
        &self,
        url: Text,
        audience: Option<Text>,
        at: Option<Instant>,
        scanner: Option<PyRef<'_, TermScanner>>,
    ) -> PyResult<Obj> {
        let audience = self::audience(audience.as_deref());
        let scanner = scanner.as_ref().map(|s| &s.0);
        let decision = self.0.check_with(&url, audience, at.map(|a| a.0), scanner);
        wire(&decision.or_raise()?)
    }

    /// Scores a page's title and text with the content phrase lists (for proxies that see
    /// the page), after the URL's own rules.
    #[pyo3(signature = (url, title, text, audience = None))]
    fn classify_content(
        &self,
        url: Text,
        title: Text,
        text: Text,
        audience: Option<Text>,
    ) -> PyResult<Obj> {
        let audience = self::audience(audience.as_deref());
        wire(
            &self
                .0
                .classify_content(&url, &title, &text, audience)
                .or_raise()?,
        )
    }

    /// Checks a `pyarrow` string array (or chunked array) of URLs: a `pyarrow.StructArray`
    /// with `verdict`, `category`, `rule` and `error` (null when fine), one row per input.
    #[pyo3(signature = (array, audience = None, at = None))]
    fn classify_arrow<'py>(
        &self,
        py: Python<'py>,
        array: &Bound<'py, PyAny>,
        audience: Option<Text>,
        at: Option<Instant>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let urls = crate::arrow::strings(array)?;
        let (filter, audience, at) = (
            &self.0,
            self::audience(audience.as_deref()),
            at.map(|a| a.0),
        );
        let columns = py
            .detach(|| filter.check_columns(&urls, audience, at))
            .or_raise()?;
        crate::arrow::decisions(py, columns)
    }

    /// Checks many URLs: one result per URL, in order, a `Decision` or an `ItemError`
    /// (`index`, `input`, `code`, `message`) for a URL that cannot be checked.
    #[pyo3(signature = (urls, audience = None, at = None))]
    fn check_many(
        &self,
        py: Python<'_>,
        urls: Texts,
        audience: Option<Text>,
        at: Option<Instant>,
    ) -> PyResult<Vec<Obj>> {
        let (filter, audience, at) = (
            &self.0,
            self::audience(audience.as_deref()),
            at.map(|a| a.0),
        );
        wire_items(
            py.detach(|| filter.check_many(&urls, audience, at))
                .or_raise()?,
        )
    }

    /// Records an override event (a dict: request, approve, reject or revoke); returns the
    /// request's state. With `registry=` the approver's role is looked up there; without
    /// one the approval is logged as unverified.
    #[pyo3(signature = (event, *, registry = None))]
    fn record(
        &mut self,
        event: &Bound<'_, PyAny>,
        registry: Option<PyRef<'_, Registry>>,
    ) -> PyResult<Obj> {
        let json = json_text_arg(event)?;
        let record = match registry {
            Some(registry) => self.0.record_json_with_registry(&json, &registry.0),
            None => self.0.record_json(&json),
        };
        let state = to_py(&record.or_raise()?);
        self.1 = Recipe::Not(CHANGED.to_owned());
        state
    }

    /// Replaces the policy as an approved, logged change (a dict: id, requested_by,
    /// approved_by, at, reason, policy), checked against the registry.
    fn change_policy(
        &mut self,
        change: &Bound<'_, PyAny>,
        registry: PyRef<'_, Registry>,
    ) -> PyResult<()> {
        self.0
            .change_policy_json(&json_text_arg(change)?, &registry.0)
            .or_raise()?;
        self.1 = Recipe::Not(CHANGED.to_owned());
        Ok(())
    }

    /// Replaces the school's policy (a dict), logged as an unverified policy change.
    fn set_policy(&mut self, policy: &Bound<'_, PyAny>) -> PyResult<()> {
        self.0.set_policy_json(&json_text_arg(policy)?).or_raise()?;
        self.1 = Recipe::Not(CHANGED.to_owned());
        Ok(())
    }

    /// The override change log as a dict.
    fn change_log(&self) -> PyResult<Obj> {
        loads(&self.0.change_log_json())
    }

    /// The override change log as JSON text.
    fn change_log_json(&self) -> String {
        self.0.change_log_json()
    }

    /// The load report (every list's accepted, ignored and rejected lines) as a dict.
    fn load_report(&self) -> PyResult<Obj> {
        loads(&self.0.load_report().to_json())
    }

    /// Classifies a squid native access log; returns the summary as a dict.
    #[pyo3(signature = (text, audiences = None))]
    fn classify_squid_log(
        &self,
        text: Text,
        audiences: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Obj> {
        let map = audiences.map(json_text_arg).transpose()?;
        loads(
            &self
                .0
                .classify_squid_log(&text, map.as_deref())
                .or_raise()?
                .to_json(),
        )
    }

    /// Number of domain and IP rules.
    #[getter]
    fn domain_rule_count(&self) -> usize {
        self.0.domain_rule_count()
    }

    fn __repr__(&self) -> String {
        let (domains, urls) = (self.0.domain_rule_count(), self.0.url_rule_count());
        format!("UrlFilter(domain_rules={domains}, url_rules={urls})")
    }

    /// Pickling and copying rebuild the filter from the document it was built from (its
    /// spec or policy); `TypeError` for one read from files or with recorded events.
    fn __reduce__(&self, py: Python<'_>) -> PyResult<(Obj, Py<PyTuple>)> {
        self.1.reduce(py)
    }
}

impl UrlFilter {
    /// The core filter.
    pub(crate) fn core(&self) -> &CoreFilter {
        &self.0
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<UrlFilter>()?;
    m.add_function(wrap_pyfunction!(crate::arrow::what_if, m)?)
}
