//! Arrow columns in and out (`pyarrow` arrays): the mapping for `classify_arrow` and
//! `scan_arrow`. The decisions come from core's column API; this file only converts.

use crate::convert::OrRaise;
use esafety_core::filter::DecisionColumns;
use esafety_core::scanner::ScanColumns;
use pyo3::prelude::*;
use pyo3::types::PyList;

/// The values of a `pyarrow` string array or chunked array (or any sequence), nulls as `None`.
pub fn strings(array: &Bound<'_, PyAny>) -> PyResult<Vec<Option<String>>> {
    let values = match array.hasattr("to_pylist")? {
        true => array.call_method0("to_pylist")?,
        false => {
            PyList::new(array.py(), array.try_iter()?.collect::<PyResult<Vec<_>>>()?)?.into_any()
        }
    };
    values.extract()
}

/// A `pyarrow.StructArray` of the named columns.
fn struct_array<'py>(
    py: Python<'py>,
    columns: Vec<(&str, Bound<'py, PyAny>)>,
) -> PyResult<Bound<'py, PyAny>> {
    let (names, arrays): (Vec<&str>, Vec<Bound<'py, PyAny>>) = columns.into_iter().unzip();
    let pa = py.import("pyarrow")?;
    let struct_array = pa.getattr("StructArray")?;
    struct_array.call_method1("from_arrays", (arrays, names))
}

/// A `pyarrow` array of `values` with the type named `kind` (`string`, `bool`, `int8`).
fn column<'py, T: IntoPyObject<'py>>(
    py: Python<'py>,
    values: Vec<T>,
    kind: Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let pa = py.import("pyarrow")?;
    pa.call_method1("array", (values, kind))
}

fn kind<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("pyarrow")?.call_method0(name)
}

/// `verdict`, `category`, `rule`, `error` (strings; nulls where none).
pub fn decisions<'py>(py: Python<'py>, c: DecisionColumns) -> PyResult<Bound<'py, PyAny>> {
    struct_array(
        py,
        vec![
            ("verdict", column(py, c.verdict, kind(py, "string")?)?),
            ("category", column(py, c.category, kind(py, "string")?)?),
            ("rule", column(py, c.rule, kind(py, "string")?)?),
            ("error", column(py, c.error, kind(py, "string")?)?),
        ],
    )
}

/// `flagged` (bool), `max_severity` (int8), `categories` (list of string), `error` (string).
pub fn scans<'py>(py: Python<'py>, c: ScanColumns) -> PyResult<Bound<'py, PyAny>> {
    let list_of_strings = py
        .import("pyarrow")?
        .call_method1("list_", (kind(py, "string")?,))?;
    struct_array(
        py,
        vec![
            ("flagged", column(py, c.flagged, kind(py, "bool_")?)?),
            (
                "max_severity",
                column(py, c.max_severity, kind(py, "int8")?)?,
            ),
            ("categories", column(py, c.categories, list_of_strings)?),
            ("error", column(py, c.error, kind(py, "string")?)?),
        ],
    )
}

/// The URLs whose verdict would change from ``old`` to ``new``, in input order.
///
/// Each is a dict with ``url``, ``old_verdict``, ``new_verdict``, ``old_rule``,
/// ``new_rule`` and ``category``. URLs neither filter can check are left out.
#[pyfunction]
#[pyo3(signature = (old, new, urls, audience = None, at = None))]
pub fn what_if(
    old: PyRef<'_, crate::filter::UrlFilter>,
    new: PyRef<'_, crate::filter::UrlFilter>,
    urls: crate::args::Texts,
    audience: Option<crate::args::Text>,
    at: Option<crate::convert::Instant>,
) -> PyResult<crate::convert::Obj> {
    let audience = crate::convert::audience(audience.as_deref());
    let report =
        esafety_core::filter::what_if(old.core(), new.core(), &urls, audience, at.map(|a| a.0))
            .or_raise()?;
    crate::convert::to_result(&report.changes)
}
