//! `esafety.TermScanner`, `esafety.Roster` and `esafety.search_terms`: the monitoring term
//! scanner. Its `Match` and `ScanReport` are the generated `esafety._wire` dataclasses.
//!
//! Offsets are Python `str` indices: the core converts its byte offsets (`OffsetUnit::Char`).

use crate::args::{FilePath, Text, TextSet, Texts};
use crate::convert::{Obj, OrRaise, audience, py_to_json, wire, wire_all};
use crate::pickle::Recipe;
use esafety_core::CanonicalUrl as CoreUrl;
use esafety_core::scanner::{self as core, OffsetUnit};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple};

/// Names whose matches never raise alerts (plain, or salted SHA-256 hashes).
#[pyclass(module = "esafety", name = "Roster", frozen)]
pub struct Roster(core::Roster, Recipe);

#[pymethods]
impl Roster {
    /// A roster of plain names; a full name also adds each of its words.
    #[staticmethod]
    fn from_names(py: Python<'_>, names: TextSet) -> PyResult<Roster> {
        let roster = core::Roster::from_names(&names.0);
        let args = (names.0,).into_pyobject(py)?;
        Ok(Roster(
            roster,
            Recipe::class_call::<Roster>(py, "from_names", args, None)?,
        ))
    }

    /// A roster of ``sha256(salt + folded name)`` lower-case hex hashes.
    ///
    /// Raises:
    ///     ScannerError: ``scanner_invalid_roster_hash``.
    #[staticmethod]
    fn from_hashes(py: Python<'_>, salt: Text, hashes: TextSet) -> PyResult<Roster> {
        let roster = core::Roster::from_hashes(&salt, &hashes.0).or_raise()?;
        let args = (salt.0, hashes.0).into_pyobject(py)?;
        Ok(Roster(
            roster,
            Recipe::class_call::<Roster>(py, "from_hashes", args, None)?,
        ))
    }

    /// The salted hash of one name, as the MIS side computes it.
    #[staticmethod]
    fn hash_name(salt: Text, name: Text) -> String {
        core::Roster::hash_name(&salt, &name)
    }

    /// Whether ``text`` (folded) is a roster name.
    fn contains(&self, text: Text) -> bool {
        self.0.contains(&text)
    }

    fn __len__(&self) -> usize {
        self.0.len()
    }

    fn __repr__(&self) -> String {
        format!("Roster(entries={})", self.0.len())
    }

    /// Pickling and copying rebuild the roster from the names or hashes it was made of.
    fn __reduce__(&self, py: Python<'_>) -> PyResult<(Obj, Py<PyTuple>)> {
        self.1.reduce(py)
    }
}

/// The monitoring term scanner: sees through obfuscation, whole words only.
///
/// Pickling and ``copy`` rebuild the scanner from the lists it was built from (the text a
/// list file held, not the file) and its roster.
#[pyclass(module = "esafety", name = "TermScanner", frozen)]
pub struct TermScanner(pub(crate) core::TermScanner, Recipe);

/// A scanner built by `method` of `target` (the class, or the scanner it extends) from
/// these document arguments.
fn built<'py>(
    scanner: Result<core::TermScanner, core::ScannerError>,
    target: &Bound<'py, PyAny>,
    method: &str,
    args: Bound<'py, PyTuple>,
    kwargs: Option<Bound<'py, PyDict>>,
) -> PyResult<TermScanner> {
    let scanner = scanner.or_raise()?;
    Ok(TermScanner(
        scanner,
        Recipe::call(target, method, args, kwargs)?,
    ))
}

/// The `TermScanner` class, the target of its static constructors' recipes.
fn class(py: Python<'_>) -> Bound<'_, PyAny> {
    py.get_type::<TermScanner>().into_any()
}

#[pymethods]
impl TermScanner {
    /// The scanner of the embedded default list and text model (docs/scanner.md "The text
    /// model": matches it adds cite ``text-model.tsv:LINE``), with the ``monitoring``
    /// adjustments of a school ``policy`` when given.
    #[staticmethod]
    #[pyo3(name = "default", signature = (*, policy = None))]
    fn embedded_default(
        py: Python<'_>,
        policy: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<TermScanner> {
        let policy = policy.map(crate::policy::policy_arg).transpose()?;
        let scanner = match &policy {
            None => core::TermScanner::embedded_default(),
            Some(p) => p.term_scanner(),
        };
        let kwargs = crate::pickle::policy_kwargs(py, policy)?;
        built(scanner, &class(py), "default", PyTuple::empty(py), kwargs)
    }

    /// A scanner from a list file.
    ///
    /// Arguments:
    ///     path: the list file.
    ///     format: ``tsv`` (the documented format), ``ldnoobw``, ``dsojevic``, ``surge_ai``,
    ///         ``suicide_risk_lexicon``, ``davidson`` or ``hurtlex``.
    ///
    /// Raises:
    ///     IoError: the file cannot be read.
    ///     ScannerError: the first bad line.
    #[staticmethod]
    #[pyo3(signature = (path, format = None))]
    fn from_file(py: Python<'_>, path: FilePath, format: Option<Text>) -> PyResult<TermScanner> {
        let contents = esafety_io::read_text(&path).or_raise()?;
        let label = path.0.file_name().map(|n| n.to_string_lossy().into_owned());
        let default = core::TermListFormat::default().as_str();
        let format = format.as_deref().unwrap_or(default);
        TermScanner::from_text(py, format, &label.unwrap_or_default(), &contents)
    }

    /// A scanner from a list's text in the format with id `format` (what `from_file` read).
    #[staticmethod]
    #[pyo3(name = "_from_text")]
    fn from_text(
        py: Python<'_>,
        format: &str,
        label: &str,
        contents: &str,
    ) -> PyResult<TermScanner> {
        let scanner = core::TermScanner::from_format(format, label, contents);
        let args = (format, label, contents).into_pyobject(py)?;
        built(scanner, &class(py), "_from_text", args, None)
    }

    /// A scanner from TSV text.
    #[staticmethod]
    #[pyo3(
        signature = (contents, label = Text("list.tsv".into())),
        text_signature = "(contents, label='list.tsv')"
    )]
    fn from_tsv(py: Python<'_>, contents: Text, label: Text) -> PyResult<TermScanner> {
        let scanner = core::TermScanner::from_tsv(&label, &contents);
        let args = (contents.0, label.0).into_pyobject(py)?;
        built(scanner, &class(py), "from_tsv", args, None)
    }

    /// A scanner from ``(term, category, severity)`` tuples and allow-phrases.
    ///
    /// Raises:
    ///     ScannerError: ``scanner_invalid_category``, ``scanner_invalid_severity`` or
    ///         ``scanner_empty_term``.
    #[staticmethod]
    #[pyo3(signature = (entries, allow = Texts(Vec::new())))]
    fn from_entries(
        py: Python<'_>,
        entries: &Bound<'_, PyAny>,
        allow: Texts,
    ) -> PyResult<TermScanner> {
        let entries = entry_list(entries)?;
        let scanner = core::TermScanner::from_entries(&entries, &allow);
        let args = (entries, allow.0).into_pyobject(py)?;
        built(scanner, &class(py), "from_entries", args, None)
    }

    /// A new scanner: this one's lists plus a school's own, given as ``(term, category,
    /// severity)`` tuples or the path of a TSV list file, and allow-phrases.
    ///
    /// >>> TermScanner.default().extended([("skibidi", "bullying", 2)]).scan("skibidi")[0].term
    /// 'skibidi'
    ///
    /// Raises:
    ///     IoError: the file cannot be read.
    ///     ScannerError: the first bad entry or line.
    #[pyo3(signature = (entries_or_path, allow = Texts(Vec::new())))]
    fn extended(
        slf: &Bound<'_, Self>,
        entries_or_path: &Bound<'_, PyAny>,
        allow: Texts,
    ) -> PyResult<TermScanner> {
        let py = slf.py();
        let is_path = entries_or_path.is_instance_of::<PyString>()
            || entries_or_path.is_instance(&py.import("os")?.getattr("PathLike")?)?;
        if is_path {
            let path: FilePath = entries_or_path.extract()?;
            let contents = esafety_io::read_text(&path).or_raise()?;
            return TermScanner::extended_tsv(slf, &path.to_string_lossy(), &contents, allow);
        }
        let entries = entry_list(entries_or_path)?;
        let list = core::TermList::from_entries(&entries, &allow).or_raise()?;
        let scanner = slf.get().0.extended(&[list]);
        let args = (entries, allow.0).into_pyobject(py)?;
        built(scanner, slf.as_any(), "extended", args, None)
    }

    /// [`extended`] with a TSV list's text (what `extended` read from a path).
    #[pyo3(name = "_extended_tsv")]
    fn extended_tsv(
        slf: &Bound<'_, Self>,
        label: &str,
        contents: &str,
        allow: Texts,
    ) -> PyResult<TermScanner> {
        let scanner = slf.get().0.extended_with_tsv(label, contents, &allow);
        let args = (label, contents, allow.0).into_pyobject(slf.py())?;
        built(scanner, slf.as_any(), "_extended_tsv", args, None)
    }

    /// This scanner with a roster whose names never raise alerts.
    fn with_roster(slf: &Bound<'_, Self>, roster: &Bound<'_, Roster>) -> PyResult<TermScanner> {
        let scanner = slf.get().0.clone().with_roster(roster.get().0.clone());
        let args = (roster,).into_pyobject(slf.py())?;
        built(Ok(scanner), slf.as_any(), "with_roster", args, None)
    }

    /// The matches in ``text``, in text order.
    ///
    /// Arguments:
    ///     text: a message or search.
    ///     audience: ``eyfs``, ``ks1``, ``ks2``, ``ks3``, ``ks4``, ``sixth_form`` or ``staff``.
    ///
    /// Raises:
    ///     ScannerError: ``scanner_unknown_audience``.
    #[pyo3(signature = (text, audience = None))]
    fn scan(&self, py: Python<'_>, text: Text, audience: Option<Text>) -> PyResult<Vec<Obj>> {
        let (unit, audience) = (
            OffsetUnit::Char.as_str(),
            self::audience(audience.as_deref()),
        );
        let matches = py
            .detach(|| self.0.scan_in(&text, audience, unit))
            .or_raise()?;
        wire_all(&matches)
    }

    /// Scan a ``pyarrow`` string array (or chunked array) of texts.
    ///
    /// Returns a ``pyarrow.StructArray`` with ``flagged`` (bool), ``max_severity`` (int8),
    /// ``categories`` (list of string) and ``error`` (null when fine), one row per input.
    /// The input is read as ``UrlFilter.classify_arrow`` reads it (Arrow data in place, the
    /// GIL released, all cores).
    ///
    /// Raises:
    ///     ScannerError: an unknown audience.
    ///     ArgumentTypeError: an array that does not hold strings, or a bare ``str``.
    ///     EsafetyError: ``invalid_string`` for Arrow data that is not valid: bytes that are not
    ///         UTF-8, offsets out of bounds, or buffers that do not match the schema the
    ///         producer declares (the producer is trusted not to hand over buffers smaller
    ///         than its schema says: the Arrow C data interface carries no sizes).
    #[pyo3(signature = (array, audience = None))]
    fn scan_arrow<'py>(
        &self,
        py: Python<'py>,
        array: &Bound<'py, PyAny>,
        audience: Option<Text>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (scanner, audience) = (&self.0, self::audience(audience.as_deref()));
        let (columns, undecodable) =
            crate::arrow::with_rows(array, |texts| scanner.scan_columns(texts, audience))?;
        let mut columns = columns.or_raise()?;
        for index in undecodable {
            if let Some(error) = columns.error.get_mut(index) {
                *error = Some(esafety_core::batch::INVALID_STRING.to_owned());
            }
        }
        crate::arrow::scans(py, columns)
    }

    /// The matches and their summary.
    #[pyo3(signature = (text, audience = None))]
    fn scan_report(&self, py: Python<'_>, text: Text, audience: Option<Text>) -> PyResult<Obj> {
        let audience = self::audience(audience.as_deref());
        let report = py.detach(|| {
            let mut report = self.0.scan_report(&text, audience)?;
            core::convert_match_offsets(&text, &mut report.matches, OffsetUnit::Char)?;
            Ok::<_, core::ScannerError>(report)
        });
        wire(&report.or_raise()?)
    }

    fn __len__(&self) -> usize {
        self.0.entries().len()
    }

    fn __repr__(&self) -> String {
        let (terms, allow) = (self.0.entries().len(), self.0.allow_phrases().len());
        format!("TermScanner(terms={terms}, allow_phrases={allow})")
    }

    /// Pickling and copying rebuild the scanner from the lists it was built from.
    fn __reduce__(&self, py: Python<'_>) -> PyResult<(Obj, Py<PyTuple>)> {
        self.1.reduce(py)
    }
}

/// `(term, category, severity)` entries from any 3-item sequences (tuples or lists).
fn entry_list(entries: &Bound<'_, PyAny>) -> PyResult<Vec<(String, String, i64)>> {
    serde_json::from_value(py_to_json(entries)?)
        .map_err(|_| crate::errors::type_error("each entry is (term, category, severity)"))
}

/// The search terms of a web address (``q``, ``search_query``, ...), decoded.
///
/// Raises:
///     UrlError: the address cannot be parsed.
#[pyfunction]
fn search_terms(url: Text) -> PyResult<Vec<String>> {
    Ok(core::search_terms(&CoreUrl::parse(&url).or_raise()?))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<TermScanner>()?;
    m.add_class::<Roster>()?;
    m.add_function(wrap_pyfunction!(search_terms, m)?)
}
