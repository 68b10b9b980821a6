//! `esafety.TermScanner`, `esafety.Match`, `esafety.ScanReport`, `esafety.Roster` and
//! `esafety.search_terms`: the monitoring term scanner (issue 3).
//!
//! Offsets are Python `str` indices: the core converts its byte offsets (`OffsetUnit::Char`).

use crate::convert::to_py;
use crate::errors::to_py_err;
use esafety_core::CanonicalUrl as CoreUrl;
use esafety_core::scanner as core;
use pyo3::prelude::*;

/// One term found in a text; `text[m.start:m.end] == m.matched_text`.
#[pyclass(module = "esafety", name = "Match", frozen)]
pub struct Match(core::Match);

#[pymethods]
impl Match {
    #[getter]
    fn term(&self) -> &str {
        &self.0.term
    }
    #[getter]
    fn category(&self) -> &str {
        self.0.category.as_str()
    }
    #[getter]
    fn severity(&self) -> u8 {
        self.0.severity
    }
    #[getter]
    fn list_severity(&self) -> u8 {
        self.0.list_severity
    }
    #[getter]
    fn start(&self) -> usize {
        self.0.start
    }
    #[getter]
    fn end(&self) -> usize {
        self.0.end
    }
    #[getter]
    fn matched_text(&self) -> &str {
        &self.0.matched_text
    }
    #[getter]
    fn source(&self) -> &str {
        &self.0.source
    }

    /// The match as a dict with the JSON keys.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py(py, &self.0)
    }

    fn __repr__(&self) -> String {
        format!(
            "Match(term={:?}, category={:?}, severity={}, start={}, end={}, matched_text={:?})",
            self.0.term,
            self.0.category.as_str(),
            self.0.severity,
            self.0.start,
            self.0.end,
            self.0.matched_text
        )
    }
}

/// Matches and their summary (highest severity, categories).
#[pyclass(module = "esafety", name = "ScanReport", frozen)]
pub struct ScanReport(core::ScanReport);

#[pymethods]
impl ScanReport {
    #[getter]
    fn audience(&self) -> &'static str {
        self.0.audience.as_str()
    }
    #[getter]
    fn matches(&self) -> Vec<Match> {
        self.0.matches.iter().cloned().map(Match).collect()
    }
    #[getter]
    fn highest_severity(&self) -> Option<u8> {
        self.0.summary.highest_severity
    }
    #[getter]
    fn categories(&self) -> Vec<String> {
        self.0
            .summary
            .categories
            .iter()
            .map(|c| c.as_str().to_owned())
            .collect()
    }
    #[getter]
    fn match_count(&self) -> usize {
        self.0.summary.match_count
    }

    /// The report as a dict: `{"audience", "matches", "summary"}`.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py(py, &self.0)
    }

    fn __repr__(&self) -> String {
        format!(
            "ScanReport(match_count={}, highest_severity={:?})",
            self.0.summary.match_count, self.0.summary.highest_severity
        )
    }
}

/// Names whose matches never raise alerts: plain, or salted SHA-256 hashes.
#[pyclass(module = "esafety", name = "Roster", frozen)]
#[derive(Clone)]
pub struct Roster(core::Roster);

#[pymethods]
impl Roster {
    /// A roster of plain names (a full name also adds each of its words).
    #[staticmethod]
    fn from_names(names: Vec<String>) -> Roster {
        Roster(core::Roster::from_names(names))
    }

    /// A roster of `sha256(salt + folded name)` hex hashes.
    #[staticmethod]
    fn from_hashes(salt: &str, hashes: Vec<String>) -> PyResult<Roster> {
        core::Roster::from_hashes(salt, hashes)
            .map(Roster)
            .map_err(|e| to_py_err(&e))
    }

    /// The salted hash of one name, as the MIS side computes it.
    #[staticmethod]
    fn hash_name(salt: &str, name: &str) -> String {
        core::Roster::hash_name(salt, name)
    }

    /// Whether `text` (folded) is a roster name.
    fn contains(&self, text: &str) -> bool {
        self.0.contains(text)
    }

    fn __len__(&self) -> usize {
        self.0.len()
    }
}

/// The monitoring term scanner.
#[pyclass(module = "esafety", name = "TermScanner", frozen)]
pub struct TermScanner(core::TermScanner);

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
        .map(TermScanner)
        .map_err(|e| to_py_err(&e))
    }

    /// A scanner from a list file (the TSV format by default).
    #[staticmethod]
    #[pyo3(signature = (path, format = "tsv"))]
    fn from_file(path: std::path::PathBuf, format: &str) -> PyResult<TermScanner> {
        let contents = esafety_io::read_text(&path).map_err(|e| to_py_err(&e))?;
        let label = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        core::TermScanner::from_format(format, &label, &contents)
            .map(TermScanner)
            .map_err(|e| to_py_err(&e))
    }

    /// A scanner from TSV text.
    #[staticmethod]
    #[pyo3(signature = (contents, label = "list.tsv"))]
    fn from_tsv(contents: &str, label: &str) -> PyResult<TermScanner> {
        core::TermScanner::from_tsv(label, contents)
            .map(TermScanner)
            .map_err(|e| to_py_err(&e))
    }

    /// A scanner from `(term, category, severity)` tuples and allow-phrases.
    #[staticmethod]
    #[pyo3(signature = (entries, allow = Vec::new()))]
    fn from_entries(entries: Vec<Bound<'_, PyAny>>, allow: Vec<String>) -> PyResult<TermScanner> {
        // Each entry is any 3-item sequence (a tuple or a list).
        let entries = entries
            .iter()
            .map(|e| {
                e.extract::<(String, String, i64)>().or_else(|_| {
                    let items: Vec<Bound<'_, PyAny>> = e.extract()?;
                    match items.as_slice() {
                        [term, category, severity] => {
                            Ok((term.extract()?, category.extract()?, severity.extract()?))
                        }
                        _ => Err(pyo3::exceptions::PyTypeError::new_err(
                            "each entry is (term, category, severity)",
                        )),
                    }
                })
            })
            .collect::<PyResult<Vec<(String, String, i64)>>>()?;
        core::TermScanner::from_entries(&entries, &allow)
            .map(TermScanner)
            .map_err(|e| to_py_err(&e))
    }

    /// This scanner with a roster whose names never raise alerts.
    fn with_roster(&self, roster: &Roster) -> TermScanner {
        TermScanner(self.0.clone().with_roster(roster.0.clone()))
    }

    /// The matches in `text`, severities adjusted for `audience`; offsets are `str` indices.
    #[pyo3(signature = (text, audience = "ks2"))]
    fn scan(&self, text: &str, audience: &str) -> PyResult<Vec<Match>> {
        self.0
            .scan_in(text, audience, core::OffsetUnit::Char.as_str())
            .map(|ms| ms.into_iter().map(Match).collect())
            .map_err(|e| to_py_err(&e))
    }

    /// The matches and their summary.
    #[pyo3(signature = (text, audience = "ks2"))]
    fn scan_report(&self, text: &str, audience: &str) -> PyResult<ScanReport> {
        let mut report = self
            .0
            .scan_report(text, audience)
            .map_err(|e| to_py_err(&e))?;
        core::convert_match_offsets(text, &mut report.matches, core::OffsetUnit::Char)
            .map_err(|e| to_py_err(&e))?;
        Ok(ScanReport(report))
    }

    fn __len__(&self) -> usize {
        self.0.entries().len()
    }

    fn __repr__(&self) -> String {
        format!(
            "TermScanner(terms={}, allow_phrases={})",
            self.0.entries().len(),
            self.0.allow_phrases().len()
        )
    }
}

/// The search terms of a web address (`q`, `search_query`, ...), decoded.
#[pyfunction]
fn search_terms(url: &str) -> PyResult<Vec<String>> {
    let url = CoreUrl::parse(url).map_err(|e| to_py_err(&e))?;
    Ok(core::search_terms(&url))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<TermScanner>()?;
    m.add_class::<Match>()?;
    m.add_class::<ScanReport>()?;
    m.add_class::<Roster>()?;
    m.add_function(wrap_pyfunction!(search_terms, m)?)?;
    Ok(())
}
