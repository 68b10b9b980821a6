//! Arrow columns in and out (`pyarrow` arrays): the mapping for `classify_arrow` and
//! `scan_arrow`. The decisions come from core's column API; this module only converts:
//! strings in without a copy ([`input`]), columns out as one struct array.

mod input;

use crate::convert::OrRaise;
use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::{ArrayRef, BooleanArray, Int8Array, StringArray, StructArray};
use arrow_schema::{ArrowError, DataType, Field};
use esafety_core::filter::DecisionColumns;
use esafety_core::scanner::ScanColumns;
pub use input::with_rows;
use pyo3::prelude::*;
use std::sync::Arc;

/// A `pyarrow.StructArray` of the named columns, exported through the Arrow C data interface
/// (no copy). Building the arrays runs with the GIL released.
fn export<'py, C: Send>(
    py: Python<'py>,
    columns: C,
    build: impl FnOnce(C) -> Result<Vec<(&'static str, ArrayRef)>, ArrowError> + Send,
) -> PyResult<Bound<'py, PyAny>> {
    let array = py
        .detach(|| {
            let (fields, arrays): (Vec<_>, Vec<_>) = build(columns)?
                .into_iter()
                .map(|(name, array)| (Field::new(name, array.data_type().clone(), true), array))
                .unzip();
            StructArray::try_new(fields.into(), arrays, None)
        })
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
    let array = pyo3_arrow::PyArray::from_array_ref(Arc::new(array)).into_pyobject(py)?;
    py.import("pyarrow")?.call_method1("array", (array,))
}

/// A `string` array of `values`, null where `None`.
fn strings<S: AsRef<str>>(values: &[Option<S>]) -> ArrayRef {
    Arc::new(
        values
            .iter()
            .map(|v| v.as_ref().map(AsRef::as_ref))
            .collect::<StringArray>(),
    )
}

/// `verdict`, `category`, `rule`, `error` (strings; nulls where none).
pub fn decisions<'py>(py: Python<'py>, c: DecisionColumns) -> PyResult<Bound<'py, PyAny>> {
    export(py, c, |c| {
        Ok(vec![
            ("verdict", strings(&c.verdict)),
            (
                "category",
                Arc::new(c.category.iter().collect::<StringArray>()),
            ),
            ("rule", Arc::new(c.rule.iter().collect::<StringArray>())),
            ("error", strings(&c.error)),
        ])
    })
}

/// `flagged` (bool), `max_severity` (int8), `categories` (list of string), `error` (string).
pub fn scans<'py>(py: Python<'py>, c: ScanColumns) -> PyResult<Bound<'py, PyAny>> {
    export(py, c, |c| {
        let severity = c
            .max_severity
            .iter()
            .map(|s| s.map(i8::try_from).transpose())
            .collect::<Result<Int8Array, _>>()
            .map_err(|e| ArrowError::CastError(format!("severity over int8: {e}")))?;
        let mut categories = ListBuilder::new(StringBuilder::new())
            .with_field(Arc::new(Field::new_list_field(DataType::Utf8, true)));
        for row in &c.categories {
            categories.append_value(row.iter().map(Some));
        }
        Ok(vec![
            ("flagged", Arc::new(BooleanArray::from(c.flagged))),
            ("max_severity", Arc::new(severity)),
            ("categories", Arc::new(categories.finish())),
            ("error", strings(&c.error)),
        ])
    })
}

/// The URLs whose verdict would change from ``old`` to ``new``, in input order.
///
/// Each is a dict with ``url``, ``old_verdict``, ``new_verdict``, ``old_rule``,
/// ``new_rule`` and ``category``. URLs neither filter can check are left out.
#[pyfunction]
#[pyo3(signature = (old, new, urls, audience = None, at = None))]
pub fn what_if(
    old: crate::args::Instance<'_, crate::filter::UrlFilter>,
    new: crate::args::Instance<'_, crate::filter::UrlFilter>,
    urls: crate::args::NullableTexts,
    audience: Option<crate::args::Text>,
    at: Option<crate::convert::Instant>,
) -> PyResult<crate::convert::Obj> {
    let audience = crate::convert::audience(audience.as_deref());
    // A `None` is no URL: left out, as a URL neither filter can check is.
    let urls: Vec<String> = urls.0.into_iter().flatten().collect();
    let report =
        esafety_core::filter::what_if(old.core(), new.core(), &urls, audience, at.map(|a| a.0))
            .or_raise()?;
    crate::convert::to_result(&report.changes)
}
