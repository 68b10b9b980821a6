//! `esafety.UrlFilter`: the web filter. Its `Decision`s are the generated
//! `esafety._wire.Decision` dataclasses.

use crate::args::{BatchTexts, FilePath, Text};
use crate::convert::{
    Instant, Obj, OrRaise, audience, json_text_arg, loads, to_result, wire, wire_items,
};
use crate::exclusive::{self, change, read};
use crate::pickle::Recipe;
use crate::registry::Registry;
use crate::scanner::TermScanner;
use esafety_core::filter::UrlFilter as CoreFilter;
use esafety_core::scanner::OffsetUnit;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

/// The web filter: evasion-resistant URL classifier with per-audience policies.
///
/// Pickling and ``copy`` rebuild the filter from the document it was built from (``default``
/// with its policy, ``from_spec``); one read from files (``from_directory``,
/// ``from_sources``) or with recorded overrides or policy changes raises ``TypeError``
/// saying why.
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
    /// The embedded default rule set (works offline) under the built-in policy, or
    /// under the ``filter`` section of a school ``policy`` (a ``SchoolPolicy`` or preset id).
    #[staticmethod]
    #[pyo3(name = "default", signature = (*, policy = None))]
    fn default_filter(py: Python<'_>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<UrlFilter> {
        let policy = policy.map(crate::policy::policy_arg).transpose()?;
        let filter = match &policy {
            None => CoreFilter::default(),
            Some(p) => p.url_filter().or_raise()?,
        };
        let kwargs = crate::pickle::policy_kwargs(py, policy)?;
        let recipe = Recipe::class_call::<UrlFilter>(py, "default", PyTuple::empty(py), kwargs);
        Ok(UrlFilter(filter, recipe?))
    }

    /// A UT1-style directory (``<category>/domains|urls|expressions``) plus the defaults.
    ///
    /// Raises:
    ///     IoError: the directory or a file cannot be read.
    ///     FilterError: ``filter_rejected_line`` in strict mode.
    #[staticmethod]
    #[pyo3(signature = (path, *, strict = false))]
    fn from_directory(path: FilePath, strict: bool) -> PyResult<UrlFilter> {
        esafety_io::url_filter_from_directory(&path, strict)
            .or_raise()
            .map(|f| UrlFilter(f, Recipe::Not(FROM_FILES.to_owned())))
    }

    /// A filter described as data: ``include_defaults``, ``strict``, ``lists``, ``policy``.
    #[staticmethod]
    fn from_spec(spec: &Bound<'_, PyAny>) -> PyResult<UrlFilter> {
        let text = json_text_arg(spec)?;
        let filter = CoreFilter::from_spec_json(&text).or_raise()?;
        let args = (text,).into_pyobject(spec.py())?;
        let recipe = Recipe::class_call::<UrlFilter>(spec.py(), "from_spec", args, None)?;
        Ok(UrlFilter(filter, recipe))
    }

    /// Several list files and UT1 directories merged into one filter, plus the defaults.
    ///
    /// Each source is ``{"path": str, "format": "auto"|"ut1"|"hosts"|"domains"|"adblock"|
    /// "dnsmasq"|"rpz", "category": str | None}`` (a UT1 directory needs no category);
    /// every match cites its file and line. ``model`` turns on the category model for
    /// hosts no list knows.
    ///
    /// >>> UrlFilter.from_sources([]).check("https://www.bet365.com/").verdict
    /// 'block'
    ///
    /// Raises:
    ///     IoError: a file cannot be read (or is too large).
    ///     FilterError: ``filter_invalid_spec`` (no category, bad JSON shape),
    ///         ``filter_unknown_category``, ``filter_unknown_list_format``.
    #[staticmethod]
    #[pyo3(
        signature = (sources, *, model = crate::args::Flag(esafety_core::filter::SOURCES_MODEL_BY_DEFAULT)),
        text_signature = "(sources, *, model=True)"
    )]
    fn from_sources(sources: &Bound<'_, PyAny>, model: crate::args::Flag) -> PyResult<UrlFilter> {
        esafety_io::url_filter_from_sources_json(&json_text_arg(sources)?, model.0)
            .or_raise()
            .map(|f| UrlFilter(f, Recipe::Not(FROM_FILES.to_owned())))
    }

    /// Every category id the filter knows (``pornography``, ``gambling``, ``drugs``, ...).
    #[staticmethod]
    fn category_ids() -> Vec<&'static str> {
        CoreFilter::category_ids()
    }

    /// Check one URL for an audience, optionally at an instant (time windows).
    ///
    /// With a ``scanner``, the search terms are scanned and their matches are on
    /// ``Decision.search_matches`` (empty without one).
    ///
    /// Raises:
    ///     UrlError: an invalid URL, with ``.code`` such as ``url_invalid_host``.
    ///     FilterError: an unknown audience (``filter_unknown_audience``).
    #[pyo3(signature = (url, audience = None, at = None, scanner = None))]
    fn check(
        slf: PyRef<'_, Self>,
        url: Text,
        audience: Option<Text>,
        at: Option<Instant>,
        scanner: Option<crate::args::Instance<'_, TermScanner>>,
    ) -> PyResult<Obj> {
        let audience = self::audience(audience.as_deref());
        let scanner = scanner.as_ref().map(|s| &s.0.0);
        let mut decision = read(slf, |this| {
            this.0.check_with(&url, audience, at.map(|a| a.0), scanner)
        })
        .or_raise()?;
        decision
            .convert_search_offsets(OffsetUnit::Char)
            .or_raise()?;
        wire(&decision)
    }

    /// Score a page (title and text) with the content phrase lists, for proxies that
    /// see the page; the decision's ``evidence`` lists the phrases that scored.
    ///
    /// Raises:
    ///     UrlError: an invalid URL.
    ///     FilterError: an unknown audience.
    #[pyo3(signature = (url, title, text, audience = None))]
    fn classify_content(
        slf: PyRef<'_, Self>,
        url: Text,
        title: Text,
        text: Text,
        audience: Option<Text>,
    ) -> PyResult<Obj> {
        let audience = self::audience(audience.as_deref());
        let decision = read(slf, |this| {
            this.0.classify_content(&url, &title, &text, audience)
        });
        wire(&decision.or_raise()?)
    }

    /// Check a ``pyarrow`` string array (or chunked array) of URLs.
    ///
    /// Returns a ``pyarrow.StructArray`` with ``verdict``, ``category`` (null when none),
    /// ``rule`` and ``error`` (null when fine; ``input_null`` for a null row), one row per
    /// input, in order: the same decisions as ``check_many``.
    ///
    /// Arrow data (``string``, ``large_string``, ``string_view``, sliced or chunked; any
    /// object with ``__arrow_c_array__`` or ``__arrow_c_stream__``) is read in place, without
    /// a copy; a dictionary of strings is decoded first; a list of ``str`` is read item by
    /// item (a ``str`` that is not valid Unicode, a lone surrogate, is an ``invalid_string``
    /// row). The GIL is released while the URLs are checked, on all cores.
    ///
    /// Raises:
    ///     FilterError: an unknown audience.
    ///     ArgumentTypeError: an array that does not hold strings, or a bare ``str``.
    ///     EsafetyError: ``invalid_string`` for Arrow data that is not valid: bytes that are not
    ///         UTF-8, offsets out of bounds, or buffers that do not match the schema the
    ///         producer declares (the producer is trusted not to hand over buffers smaller
    ///         than its schema says: the Arrow C data interface carries no sizes).
    #[pyo3(signature = (array, audience = None, at = None))]
    fn classify_arrow<'py>(
        &self,
        py: Python<'py>,
        array: &Bound<'py, PyAny>,
        audience: Option<Text>,
        at: Option<Instant>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (filter, audience, at) = (
            &self.0,
            self::audience(audience.as_deref()),
            at.map(|a| a.0),
        );
        let (columns, undecodable) =
            crate::arrow::with_rows(array, |urls| filter.check_columns(urls, audience, at))?;
        let mut columns = columns.or_raise()?;
        for index in undecodable {
            if let Some(error) = columns.error.get_mut(index) {
                *error = Some(esafety_core::batch::INVALID_STRING);
            }
        }
        crate::arrow::decisions(py, columns)
    }

    /// Check many URLs: one result per URL, in order.
    ///
    /// A URL that cannot be checked gives an ``ItemError`` (``index``, ``input``, ``code``,
    /// ``message``) in its place, and so does a ``None`` (code ``input_null``, as in
    /// :meth:`classify_arrow`) and a ``str`` that is not valid Unicode (a lone surrogate,
    /// code ``invalid_string``); the other URLs are checked as usual. With a ``scanner``,
    /// each URL's search terms are scanned as in :meth:`check`.
    ///
    /// Raises:
    ///     FilterError: an unknown audience (no URL can be checked for it).
    #[pyo3(signature = (urls, audience = None, at = None, scanner = None))]
    fn check_many(
        slf: PyRef<'_, Self>,
        py: Python<'_>,
        urls: BatchTexts,
        audience: Option<Text>,
        at: Option<Instant>,
        scanner: Option<crate::args::Instance<'_, TermScanner>>,
    ) -> PyResult<Vec<Obj>> {
        let (audience, at) = (self::audience(audience.as_deref()), at.map(|a| a.0));
        let scanner = scanner.as_ref().map(|s| &s.0.0);
        let results = read(slf, |this| {
            py.detach(|| {
                crate::pool::in_pool(|| {
                    this.0
                        .check_many_nullable(&urls.items, audience, at, scanner)
                })
            })
        });
        let mut results = results.or_raise()?;
        for &index in &urls.undecodable {
            if let Some(result) = results.get_mut(index) {
                *result = Err(esafety_core::batch::ItemError::undecodable(index));
            }
        }
        for decision in results.iter_mut().flatten() {
            decision
                .convert_search_offsets(OffsetUnit::Char)
                .or_raise()?;
        }
        wire_items(results)
    }

    /// Record an override event (``request``, ``approve``, ``reject``, ``revoke``); returns the request's state.
    ///
    /// An approval names the approver's person id. With ``registry=`` the role they act in is
    /// looked up for the day (headteacher, slt_fm_lead or slt); without one the event must
    /// name ``approver_role`` and is logged with ``authorisation: "unverified"``.
    ///
    /// Raises:
    ///     FilterError: ``filter_self_approval``, ``filter_approver_not_authorised``,
    ///         ``filter_approver_not_slt``, ``filter_registry_required``, ...
    #[pyo3(signature = (event, *, registry = None))]
    fn record(
        slf: &Bound<'_, Self>,
        event: &Bound<'_, PyAny>,
        registry: Option<crate::args::Instance<'_, Registry>>,
    ) -> PyResult<Obj> {
        let json = json_text_arg(event)?;
        let record = change(slf, |this| {
            let record = match &registry {
                Some(registry) => this.0.record_json_with_registry(&json, &registry.0.0),
                None => this.0.record_json(&json),
            };
            if record.is_ok() {
                this.1 = Recipe::Not(CHANGED.to_owned());
            }
            record
        })?;
        to_result(&record.or_raise()?)
    }

    /// Replace the policy as an approved change logged in the change log.
    ///
    /// ``change`` has ``id``, ``requested_by``, ``approved_by``, ``at``, ``reason``, ``policy``
    /// (and optionally ``approver_role``).
    ///
    /// Raises:
    ///     FilterError: ``filter_self_approval``, ``filter_approver_not_authorised``,
    ///         ``filter_policy_change_out_of_order`` (dated before the latest change), ...
    fn change_policy(
        slf: &Bound<'_, Self>,
        change: &Bound<'_, PyAny>,
        registry: crate::args::Instance<'_, Registry>,
    ) -> PyResult<()> {
        let json = json_text_arg(change)?;
        exclusive::change(slf, |this| {
            let changed = this.0.change_policy_json(&json, &registry.0.0);
            if changed.is_ok() {
                this.1 = Recipe::Not(CHANGED.to_owned());
            }
            changed
        })?
        .or_raise()
    }

    /// Replace the school's policy without a registry (logged as an unverified policy change).
    fn set_policy(slf: &Bound<'_, Self>, policy: &Bound<'_, PyAny>) -> PyResult<()> {
        let json = json_text_arg(policy)?;
        change(slf, |this| {
            let set = this.0.set_policy_json(&json);
            if set.is_ok() {
                this.1 = Recipe::Not(CHANGED.to_owned());
            }
            set
        })?
        .or_raise()
    }

    /// The change log (``schemaVersion``, ``events`` with overrides and policy changes, ``overrides``).
    fn change_log(&self) -> PyResult<Obj> {
        loads(&self.0.change_log_json())
    }

    /// The override change log as JSON text.
    fn change_log_json(&self) -> String {
        self.0.change_log_json()
    }

    /// Every list's accepted, ignored and rejected lines (with line numbers).
    fn load_report(&self) -> PyResult<Obj> {
        loads(&self.0.load_report().to_json())
    }

    /// Classify a squid native access log: summary by category and audience, blocked, alerting and search lines.
    ///
    /// Each list keeps its first 1,000 lines; ``totals`` counts every line that belongs in it.
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
