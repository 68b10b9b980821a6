//! Conversions shared by every Python class: JSON values, instants and dates.
//!
//! Core results that are documents (`to_dict()`, receipts, plans) are serialised with serde
//! and converted here, so no binding hand-copies fields; dict inputs (an incident) go the
//! other way. Instants accept a timezone-aware `datetime` or an RFC 3339 string; a naive
//! `datetime` is refused (`naive_datetime`) because its meaning depends on the machine.
#![allow(
    dead_code,
    reason = "shared helpers; each capability's bindings use a subset"
)]

use crate::errors::EsafetyError;
use chrono::{DateTime, NaiveDate, Utc};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDate, PyDateTime, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

/// Raises `esafety.EsafetyError` with a code for a Python argument of the wrong shape.
pub fn argument_error(code: &'static str, message: String) -> PyErr {
    let err = EsafetyError::new_err(message);
    Python::attach(|py| {
        let _ = err.value(py).setattr("code", code);
        let _ = err.value(py).setattr("domain", "argument");
    });
    err
}

/// Converts a serde value (a core result) into Python dicts, lists and scalars.
pub fn to_py<T: serde::Serialize + ?Sized>(py: Python<'_>, value: &T) -> PyResult<Py<PyAny>> {
    let json = serde_json::to_value(value)
        .map_err(|e| argument_error("internal_serialisation", e.to_string()))?;
    json_to_py(py, &json)
}

/// Converts a JSON value into Python objects.
pub fn json_to_py(py: Python<'_>, value: &serde_json::Value) -> PyResult<Py<PyAny>> {
    use serde_json::Value;
    Ok(match value {
        Value::Null => py.None(),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any().unbind(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any().unbind(),
            (None, Some(u)) => u.into_pyobject(py)?.into_any().unbind(),
            _ => n
                .as_f64()
                .unwrap_or(f64::NAN)
                .into_pyobject(py)?
                .into_any()
                .unbind(),
        },
        Value::String(s) => PyString::new(py, s).into_any().unbind(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_py(py, item)?)?;
            }
            list.into_any().unbind()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, json_to_py(py, v)?)?;
            }
            dict.into_any().unbind()
        }
    })
}

/// The deepest nesting accepted in a dict/list input (checked before recursing, so a
/// hostile or self-containing structure is a typed error, never a stack overflow).
pub const MAX_DEPTH: usize = 64;

/// The most values (dict entries, list items, scalars) accepted in one input.
pub const MAX_VALUES: usize = 1_000_000;

/// Converts Python dicts, lists, tuples and scalars (and datetimes, as RFC 3339 strings)
/// into a JSON value, refusing anything else with a code naming the path: nesting deeper
/// than [`MAX_DEPTH`] (`input_too_deep`, which also catches a dict that contains itself),
/// more than [`MAX_VALUES`] values (`input_too_large`), integers outside 64 bits
/// (`integer_out_of_range`), NaN or infinity (`invalid_number`), strings that are not valid
/// Unicode (`invalid_string`).
pub fn py_to_json(obj: &Bound<'_, PyAny>) -> PyResult<serde_json::Value> {
    let mut budget = MAX_VALUES;
    py_to_json_at(obj, "$", 0, &mut budget)
}

/// A Python `str` as Rust text; lone surrogates are a typed error (`invalid_string`).
pub fn text(s: &Bound<'_, PyString>, path: &str) -> PyResult<String> {
    s.to_str().map(str::to_owned).map_err(|_| {
        argument_error(
            "invalid_string",
            format!("`{path}` is not valid Unicode text (a lone surrogate?)"),
        )
    })
}

/// A JSON document argument given as `str`, `bytes` or a `dict`, as JSON text.
pub fn json_text_arg(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = obj.cast::<PyString>() {
        return text(s, "$");
    }
    if let Ok(b) = obj.cast::<pyo3::types::PyBytes>() {
        return std::str::from_utf8(b.as_bytes())
            .map(str::to_owned)
            .map_err(|e| argument_error("invalid_utf8", e.to_string()));
    }
    Ok(py_to_json(obj)?.to_string())
}

fn py_to_json_at(
    obj: &Bound<'_, PyAny>,
    path: &str,
    depth: usize,
    budget: &mut usize,
) -> PyResult<serde_json::Value> {
    use serde_json::Value;
    if depth > MAX_DEPTH {
        return Err(argument_error(
            "input_too_deep",
            format!("`{path}` is nested more than {MAX_DEPTH} levels deep (or contains itself)"),
        ));
    }
    *budget = budget.checked_sub(1).ok_or_else(|| {
        argument_error(
            "input_too_large",
            format!("the input has more than {MAX_VALUES} values"),
        )
    })?;
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        let i: i64 = obj.extract().map_err(|_| {
            argument_error(
                "integer_out_of_range",
                format!("`{path}` is an integer outside the 64-bit range"),
            )
        })?;
        return Ok(Value::from(i));
    }
    if obj.is_instance_of::<PyFloat>() {
        let f: f64 = obj.extract()?;
        return serde_json::Number::from_f64(f)
            .map(Value::Number)
            .ok_or_else(|| {
                argument_error("invalid_number", format!("`{path}` is not a finite number"))
            });
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(text(s, path)?));
    }
    if obj.is_instance_of::<PyDateTime>() || obj.is_instance_of::<PyDate>() {
        return Ok(Value::String(obj.call_method0("isoformat")?.extract()?));
    }
    if let Ok(dict) = obj.cast::<PyDict>() {
        let mut map = serde_json::Map::new();
        for (k, v) in dict.iter() {
            let key = match k.cast::<PyString>() {
                Ok(k) => text(k, path)?,
                Err(_) => {
                    return Err(argument_error(
                        "invalid_argument",
                        format!("`{path}` has a key that is not a string"),
                    ));
                }
            };
            let child = format!("{path}.{}", key.chars().take(40).collect::<String>());
            let value = py_to_json_at(&v, &child, depth + 1, budget)?;
            map.insert(key, value);
        }
        return Ok(Value::Object(map));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let mut items = Vec::new();
        for (i, item) in obj.try_iter()?.enumerate() {
            items.push(py_to_json_at(
                &item?,
                &format!("{path}[{i}]"),
                depth + 1,
                budget,
            )?);
        }
        return Ok(Value::Array(items));
    }
    Err(argument_error(
        "invalid_argument",
        format!(
            "`{path}` has an unsupported type `{}`",
            obj.get_type().name()?
        ),
    ))
}

/// Reads an instant: a timezone-aware `datetime` or an RFC 3339 string.
pub fn instant(obj: &Bound<'_, PyAny>) -> PyResult<DateTime<Utc>> {
    if let Ok(s) = obj.cast::<PyString>() {
        let text = s.to_str()?;
        return DateTime::parse_from_rfc3339(text)
            .map(|d| d.with_timezone(&Utc))
            .map_err(|_| {
                argument_error(
                    "invalid_datetime",
                    format!("`{text}` is not an RFC 3339 instant"),
                )
            });
    }
    if obj.is_instance_of::<PyDateTime>() {
        if obj.getattr("tzinfo")?.is_none() || obj.call_method0("utcoffset")?.is_none() {
            return Err(argument_error(
                "naive_datetime",
                "a datetime must be timezone-aware (e.g. datetime(..., tzinfo=timezone.utc))"
                    .to_owned(),
            ));
        }
        // Any zone (timezone(timedelta(hours=1)), ZoneInfo("Europe/London")) is first
        // converted to UTC: pyo3 only extracts `DateTime<Utc>` from `timezone.utc` itself.
        let utc = pyo3::types::PyTzInfo::utc(obj.py())?;
        return obj
            .call_method1("astimezone", (utc,))?
            .extract::<DateTime<Utc>>();
    }
    Err(argument_error(
        "invalid_datetime",
        format!(
            "expected a timezone-aware datetime or an RFC 3339 string, got `{}`",
            obj.get_type().name()?
        ),
    ))
}

/// Reads a date: a `date` (or the date of a `datetime`) or a `YYYY-MM-DD` string.
pub fn date(obj: &Bound<'_, PyAny>) -> PyResult<NaiveDate> {
    if let Ok(s) = obj.cast::<PyString>() {
        let text = s.to_str()?;
        return NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
            argument_error("invalid_date", format!("`{text}` is not a YYYY-MM-DD date"))
        });
    }
    if obj.is_instance_of::<PyDateTime>() {
        return Ok(instant(obj)?.date_naive());
    }
    if obj.is_instance_of::<PyDate>() {
        return obj.extract::<NaiveDate>();
    }
    Err(argument_error(
        "invalid_date",
        format!(
            "expected a date or a YYYY-MM-DD string, got `{}`",
            obj.get_type().name()?
        ),
    ))
}
