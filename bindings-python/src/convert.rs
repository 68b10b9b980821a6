//! Conversions shared by every Python class: core results, JSON values, instants and dates.
//!
//! A core result crosses as its serde form: [`wire`] builds the generated dataclass
//! (`esafety._wire.<SchemaName>.from_dict`), [`to_py`] plain dicts and lists. Dict inputs go
//! the other way through [`py_to_json`]. Instants accept a timezone-aware `datetime` or an
//! RFC 3339 string; a naive `datetime` is refused (`naive_datetime`).

use crate::errors::{EsafetyError, to_py_err};
use chrono::{DateTime, NaiveDate, Utc};
use esafety_core::ErrorCode;
use esafety_core::batch::ItemError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDate, PyDateTime, PyDict, PyFloat, PyInt, PyList};
use pyo3::types::{PyString, PyTuple};

/// A core `Result` raised as the matching `esafety` exception.
pub trait OrRaise<T> {
    /// The value, or the core error as a Python exception.
    fn or_raise(self) -> PyResult<T>;
}

impl<T, E: ErrorCode> OrRaise<T> for Result<T, E> {
    fn or_raise(self) -> PyResult<T> {
        self.map_err(|e| to_py_err(&e))
    }
}

/// Raises `esafety.EsafetyError` with a code for a Python argument of the wrong shape.
pub fn argument_error(code: &'static str, message: String) -> PyErr {
    let err = EsafetyError::new_err(message);
    Python::attach(|py| {
        let _ = err.value(py).setattr("code", code);
        let _ = err.value(py).setattr("domain", "argument");
    });
    err
}

/// The error for two alternative arguments given together (`profile` and `policy`).
pub fn not_both(a: &str, b: &str) -> PyErr {
    argument_error("invalid_argument", format!("give `{a}` or `{b}`, not both"))
}

/// A Python object returned to the caller.
pub type Obj = Py<PyAny>;

/// Converts a serde value (a core result) into Python dicts, lists and scalars.
pub fn to_py<T: serde::Serialize + ?Sized>(value: &T) -> PyResult<Obj> {
    let text = serde_json::to_string(value);
    loads(&text.map_err(|e| argument_error("internal_serialisation", e.to_string()))?)
}

/// Parses JSON text written by core into Python dicts and lists.
pub fn loads(text: &str) -> PyResult<Obj> {
    Python::attach(|py| Ok(py.import("json")?.call_method1("loads", (text,))?.unbind()))
}

/// A core result as its generated dataclass, `esafety._wire.<SchemaName>` (schemars name).
pub fn wire<T: serde::Serialize + schemars::JsonSchema>(value: &T) -> PyResult<Obj> {
    let dict = to_py(value)?;
    Python::attach(|py| {
        let class = py.import("esafety._wire")?.getattr(&*T::schema_name())?;
        Ok(class.call_method1("from_dict", (dict,))?.unbind())
    })
}

/// Each result of a batch as its generated dataclass: the value, or the `ItemError` that
/// names the input that could not be judged.
pub fn wire_items<T>(values: Vec<Result<T, ItemError>>) -> PyResult<Vec<Obj>>
where
    T: serde::Serialize + schemars::JsonSchema,
{
    values
        .into_iter()
        .map(|v| match v {
            Ok(value) => wire(&value),
            Err(error) => wire(&error),
        })
        .collect()
}

/// An argument read by a core text parser (`Instant`, `Day`; the registry's `At`, `On`,
/// which raise `RegistryError`): `$text` gives the text, `$parse` reads it.
macro_rules! parsed_arg {
    ($(#[$doc:meta])* $name:ident($ty:ty) = $text:path => $parse:path) => {
        $(#[$doc])*
        pub struct $name(pub $ty);

        impl<'a, 'py> pyo3::FromPyObject<'a, 'py> for $name {
            type Error = pyo3::PyErr;

            fn extract(obj: pyo3::Borrowed<'a, 'py, pyo3::PyAny>) -> pyo3::PyResult<Self> {
                $crate::convert::OrRaise::or_raise($parse(&$text(&obj)?)).map($name)
            }
        }
    };
}
pub(crate) use parsed_arg;

parsed_arg!(
    /// An instant: a timezone-aware `datetime`, a `date` or text (core's one parser).
    Instant(DateTime<Utc>) = instant_text => esafety_core::vocabulary::parse_instant
);
parsed_arg!(
    /// A date: a `date`, the UTC date of an aware `datetime`, or `YYYY-MM-DD` text.
    Day(NaiveDate) = date_text => esafety_core::vocabulary::parse_date
);

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
/// Unicode (`invalid_string`). An object with `to_dict()` (a wire record) is its dict.
pub fn py_to_json(obj: &Bound<'_, PyAny>) -> PyResult<serde_json::Value> {
    let mut budget = MAX_VALUES;
    py_to_json_at(obj, "$", 0, &mut budget)
}

/// A JSON document argument given as `str`, `bytes` or a `dict`, as JSON text.
pub fn json_text_arg(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = obj.cast::<PyString>() {
        return text(s, "$");
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        return std::str::from_utf8(b.as_bytes())
            .map(str::to_owned)
            .map_err(|e| argument_error("invalid_utf8", e.to_string()));
    }
    Ok(py_to_json(obj)?.to_string())
}

/// A Python `str` as Rust text; lone surrogates are a typed error (`invalid_string`).
fn text(s: &Bound<'_, PyString>, path: &str) -> PyResult<String> {
    s.to_str().map(str::to_owned).map_err(|_| {
        let message = format!("`{path}` is not valid Unicode text (a lone surrogate?)");
        argument_error("invalid_string", message)
    })
}

fn py_to_json_at(
    obj: &Bound<'_, PyAny>,
    path: &str,
    depth: usize,
    budget: &mut usize,
) -> PyResult<serde_json::Value> {
    use serde_json::Value;
    if depth > MAX_DEPTH {
        let message = format!("`{path}` is nested more than {MAX_DEPTH} levels deep");
        return Err(argument_error("input_too_deep", message));
    }
    *budget = budget.checked_sub(1).ok_or_else(|| {
        let message = format!("the input has more than {MAX_VALUES} values");
        argument_error("input_too_large", message)
    })?;
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        let i: i64 = obj.extract().map_err(|_| {
            let message = format!("`{path}` is an integer outside the 64-bit range");
            argument_error("integer_out_of_range", message)
        })?;
        return Ok(Value::from(i));
    }
    if obj.is_instance_of::<PyFloat>() {
        let number = serde_json::Number::from_f64(obj.extract()?);
        let message = || format!("`{path}` is not a finite number");
        return number
            .map(Value::Number)
            .ok_or_else(|| argument_error("invalid_number", message()));
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
            let Ok(k) = k.cast::<PyString>() else {
                let message = format!("`{path}` has a key that is not a string");
                return Err(argument_error("invalid_argument", message));
            };
            let key = text(k, path)?;
            let child = format!("{path}.{}", key.chars().take(40).collect::<String>());
            map.insert(key, py_to_json_at(&v, &child, depth + 1, budget)?);
        }
        return Ok(Value::Object(map));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let mut items = Vec::new();
        for (i, item) in obj.try_iter()?.enumerate() {
            let child = format!("{path}[{i}]");
            items.push(py_to_json_at(&item?, &child, depth + 1, budget)?);
        }
        return Ok(Value::Array(items));
    }
    if obj.hasattr("to_dict")? && obj.is_instance(&py_record_base(obj.py())?)? {
        return py_to_json_at(&obj.call_method0("to_dict")?, path, depth, budget);
    }
    let kind = obj.get_type().name()?;
    let message = format!("`{path}` has an unsupported type `{kind}`");
    Err(argument_error("invalid_argument", message))
}

/// The base class of the generated records.
fn py_record_base(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    py.import("esafety._record")?.getattr("_Record")
}

/// The text of an instant argument for core's parser: a `str` as it is, an aware
/// `datetime` or a `date` in ISO form. A naive `datetime` is refused (`naive_datetime`):
/// its meaning would depend on the machine.
pub fn instant_text(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    if obj.is_instance_of::<PyDateTime>() && obj.call_method0("utcoffset")?.is_none() {
        let message = "a datetime must be timezone-aware (e.g. tzinfo=timezone.utc)";
        return Err(argument_error("naive_datetime", message.to_owned()));
    }
    if obj.is_instance_of::<PyDate>() {
        return obj.call_method0("isoformat")?.extract();
    }
    obj.extract().map_err(|_| {
        let kind = obj
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_default();
        let message = format!("expected a datetime, a date or an instant string, got `{kind}`");
        argument_error("invalid_instant", message)
    })
}

/// The text of a date argument: a `str` as it is, a `date`, or the UTC date of a `datetime`.
pub fn date_text(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    if !obj.is_instance_of::<PyDateTime>() {
        return instant_text(obj);
    }
    let at = esafety_core::vocabulary::parse_instant(&instant_text(obj)?).or_raise()?;
    Ok(at.date_naive().to_string())
}

/// Keyword options as a core options struct (`RecordOptions`, `SignatureDetails`, ...):
/// an omitted or `None` keyword takes core's default; an unknown keyword or a value of the
/// wrong type is a `TypeError`, as for any Python call.
pub fn options<T>(kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<T>
where
    T: serde::de::DeserializeOwned + Default,
{
    let mut map = serde_json::Map::new();
    for (key, value) in kwargs.into_iter().flatten().filter(|(_, v)| !v.is_none()) {
        map.insert(key.extract()?, py_to_json(&value)?);
    }
    serde_json::from_value(serde_json::Value::Object(map))
        .map_err(|e| pyo3::exceptions::PyTypeError::new_err(e.to_string()))
}

/// The audience id a call uses: the one given, or core's default (`Audience::default()`).
pub fn audience(given: Option<&str>) -> &str {
    given.unwrap_or_else(|| esafety_core::vocabulary::Audience::default().as_str())
}
