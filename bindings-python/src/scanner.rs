//! `esafety.TermScanner`, `esafety.Roster` and `esafety.search_terms`: the monitoring term
//! scanner. Its `Match` and `ScanReport` are the generated `esafety._wire` dataclasses.
//!
//! Offsets are Python `str` indices: the core converts its byte offsets (`OffsetUnit::Char`).

use crate::args::{FilePath, Text, Texts};
use crate::convert::{Obj, OrRaise, audience, py_to_json, wire};
use esafety_core::CanonicalUrl as CoreUrl;
use esafety_core::scanner::{self as core, OffsetUnit};
use pyo3::prelude::*;
use pyo3::types::PyString;

/// Names whose matches never raise alerts: plain, or salted SHA-256 hashes.
#[pyclass(module = "esafety", name = "Roster", frozen)]
#[derive(Clone)]
pub struct Roster(core::Roster);

#[pymethods]
impl Roster {
    /// A roster of plain names (a full name also adds each of its words).
    #[staticmethod]
    fn from_names(names: Texts) -> Roster {
        Roster(core::Roster::from_names(names.0))
    }

    /// A roster of `sha256(salt + folded name)` hex hashes.
    #[staticmethod]
    fn from_hashes(salt: Text, hashes: Texts) -> PyResult<Roster> {
        core::Roster::from_hashes(&salt, hashes.0)
            .or_raise()
            .map(Roster)
    }

    /// The salted hash of one name, as the MIS side computes it.
    #[staticmethod]
    fn hash_name(salt: Text, name: Text) -> String {
        core::Roster::hash_name(&salt, &name)
    }

    /// Whether `text` (folded) is a roster name.
    fn contains(&self, text: Text) -> bool {
        self.0.contains(&text)
    }

    fn __len__(&self) -> usize {
        self.0.len()
    }
}

/// The monitoring term scanner.
#[pyclass(module = "esafety", name = "TermScanner", frozen)]
pub struct TermScanner(pub(crate) core::TermScanner);

#[pymethods]
impl TermScanner {
    /// The scanner of the embedded default list.
    #[staticmethod]
    #[pyo3(name = "default", signature = (*, policy = None))]
    fn embedded_default(policy: Option<&Bound<'_, PyAny>>) -> PyResult<TermScanner> {
        match policy {
            None => core::TermScanner::embedded_default(),
            Some(p) => crate::policy::policy_arg(p)?.term_scanner(),
        }
        .or_raise()
        .map(TermScanner)
    }

    /// A scanner from a list file (core's default format when `format` is omitted).
    #[staticmethod]
    #[pyo3(signature = (path, format = None))]
    fn from_file(path: FilePath, format: Option<Text>) -> PyResult<TermScanner> {
        let contents = esafety_io::read_text(&path).or_raise()?;
        let label = path.0.file_name().map(|n| n.to_string_lossy().into_owned());
        let default = core::TermListFormat::default().as_str();
        let format = format.as_deref().unwrap_or(default);
        let scanner = core::TermScanner::from_format(format, &label.unwrap_or_default(), &contents);
        scanner.or_raise().map(TermScanner)
    }

    /// A scanner from TSV text; `label` names it in match sources.
    #[staticmethod]
    #[pyo3(
        signature = (contents, label = Text("list.tsv".into())),
        text_signature = "(contents, label='list.tsv')"
    )]
    fn from_tsv(contents: Text, label: Text) -> PyResult<TermScanner> {
        core::TermScanner::from_tsv(&label, &contents)
            .or_raise()
            .map(TermScanner)
    }

    /// A scanner from `(term, category, severity)` tuples and allow-phrases.
    #[staticmethod]
    #[pyo3(signature = (entries, allow = Texts(Vec::new())))]
    fn from_entries(entries: &Bound<'_, PyAny>, allow: Texts) -> PyResult<TermScanner> {
        core::TermScanner::from_entries(&entry_list(entries)?, &allow)
            .or_raise()
            .map(TermScanner)
    }

    /// A new scanner: this one's lists plus a school's own (`(term, category, severity)`
    /// tuples, or the path of a TSV list file) and allow-phrases, provenance kept.
    #[pyo3(signature = (entries_or_path, allow = Texts(Vec::new())))]
    fn extended(&self, entries_or_path: &Bound<'_, PyAny>, allow: Texts) -> PyResult<TermScanner> {
        let py = entries_or_path.py();
        let is_path = entries_or_path.is_instance_of::<PyString>()
            || entries_or_path.is_instance(&py.import("os")?.getattr("PathLike")?)?;
        if is_path {
            let path: FilePath = entries_or_path.extract()?;
            let contents = esafety_io::read_text(&path).or_raise()?;
            let label = path.to_string_lossy();
            return self
                .0
                .extended_with_tsv(&label, &contents, &allow)
                .or_raise()
                .map(TermScanner);
        }
        let list = core::TermList::from_entries(&entry_list(entries_or_path)?, &allow);
        self.0
            .extended(&[list.or_raise()?])
            .or_raise()
            .map(TermScanner)
    }

    /// This scanner with a roster whose names never raise alerts.
    fn with_roster(&self, roster: &Roster) -> TermScanner {
        TermScanner(self.0.clone().with_roster(roster.0.clone()))
    }

    /// The matches in `text`, severities adjusted for `audience`; offsets are `str` indices.
    #[pyo3(signature = (text, audience = None))]
    fn scan(&self, text: Text, audience: Option<Text>) -> PyResult<Vec<Obj>> {
        let unit = OffsetUnit::Char.as_str();
        let matches = self
            .0
            .scan_in(&text, self::audience(audience.as_deref()), unit)
            .or_raise()?;
        matches.iter().map(wire).collect()
    }

    /// Scans a `pyarrow` string array (or chunked array) of texts: a `pyarrow.StructArray`
    /// with `flagged`, `max_severity`, `categories` and `error` (null when fine).
    #[pyo3(signature = (array, audience = None))]
    fn scan_arrow<'py>(
        &self,
        py: Python<'py>,
        array: &Bound<'py, PyAny>,
        audience: Option<Text>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let texts = crate::arrow::strings(array)?;
        let (scanner, audience) = (&self.0, self::audience(audience.as_deref()));
        let columns = py
            .detach(|| scanner.scan_columns(&texts, audience))
            .or_raise()?;
        crate::arrow::scans(py, columns)
    }

    /// The matches and their summary.
    #[pyo3(signature = (text, audience = None))]
    fn scan_report(&self, text: Text, audience: Option<Text>) -> PyResult<Obj> {
        let mut report = self
            .0
            .scan_report(&text, self::audience(audience.as_deref()))
            .or_raise()?;
        core::convert_match_offsets(&text, &mut report.matches, OffsetUnit::Char).or_raise()?;
        wire(&report)
    }

    fn __len__(&self) -> usize {
        self.0.entries().len()
    }

    fn __repr__(&self) -> String {
        let (terms, allow) = (self.0.entries().len(), self.0.allow_phrases().len());
        format!("TermScanner(terms={terms}, allow_phrases={allow})")
    }
}

/// `(term, category, severity)` entries from any 3-item sequences (tuples or lists).
fn entry_list(entries: &Bound<'_, PyAny>) -> PyResult<Vec<(String, String, i64)>> {
    serde_json::from_value(py_to_json(entries)?)
        .map_err(|_| crate::errors::type_error("each entry is (term, category, severity)"))
}

/// The search terms of a web address (`q`, `search_query`, ...), decoded.
#[pyfunction]
fn search_terms(url: Text) -> PyResult<Vec<String>> {
    Ok(core::search_terms(&CoreUrl::parse(&url).or_raise()?))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<TermScanner>()?;
    m.add_class::<Roster>()?;
    m.add_function(wrap_pyfunction!(search_terms, m)?)
}
