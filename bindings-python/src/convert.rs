//! Conversions shared by every Python class: core results, JSON values, instants and dates.
//!
//! A core result crosses as its serde form: [`wire`] builds the generated dataclass
//! (`esafety._wire.<SchemaName>._from_core`, unchecked: core wrote it), [`to_py`] plain dicts
//! and lists (serde straight into Python objects with `pythonize`, no JSON text between). Dict inputs go
//! the other way through [`py_to_json`]. Instants accept a timezone-aware `datetime` or an
//! RFC 3339 string; a naive `datetime` is refused (`naive_datetime`).

use crate::errors::{EsafetyError, to_py_err};
use chrono::{DateTime, NaiveDate, Utc};
use esafety_core::ErrorCode;
use esafety_core::batch::ItemError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDate, PyDateTime, PyDict, PyModule, PyString};

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
    Python::attach(|py| {
        pythonize::pythonize(py, value)
            .map(Bound::unbind)
            .map_err(|e| argument_error("internal_serialisation", e.to_string()))
    })
}

/// `json.loads`, imported once: an import per result costs more than the parse.
static JSON_LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// The `esafety._wire` module of the generated records, imported once.
static WIRE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// Parses JSON text written by core into Python dicts and lists.
pub fn loads(text: &str) -> PyResult<Obj> {
    Python::attach(|py| {
        let loads = JSON_LOADS.import(py, "json", "loads")?;
        Ok(loads.call1((text,))?.unbind())
    })
}

/// A core result that has no generated record, with every JSON object an
/// `esafety.JsonDict` (a `dict` with `to_dict()` and `to_json()`).
pub fn to_result<T: serde::Serialize + ?Sized>(value: &T) -> PyResult<Obj> {
    let text = serde_json::to_string(value)
        .map_err(|e| argument_error("internal_serialisation", e.to_string()))?;
    Python::attach(|py| {
        let hook = py.import("esafety._record")?.getattr("JsonDict")?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("object_hook", hook)?;
        let json = py.import("json")?;
        Ok(json.call_method("loads", (text,), Some(&kwargs))?.unbind())
    })
}

/// The generated record class `esafety._wire.<SchemaName>` of `T` (schemars name).
fn record_class<'py, T: schemars::JsonSchema>(py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
    let wire = WIRE.get_or_try_init(py, || Ok::<_, PyErr>(py.import("esafety._wire")?.unbind()))?;
    wire.bind(py).getattr(&*T::schema_name())
}

/// A core result as its generated dataclass, `esafety._wire.<SchemaName>` (schemars name).
pub fn wire<T: serde::Serialize + schemars::JsonSchema>(value: &T) -> PyResult<Obj> {
    let dict = to_py(value)?;
    Python::attach(|py| {
        let class = record_class::<T>(py)?;
        Ok(class
            .call_method1(pyo3::intern!(py, "_from_core"), (dict,))?
            .unbind())
    })
}

/// One item of a batch, serialised as the value or the error it is.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum Item<'a, T> {
    Ok(&'a T),
    Err(&'a ItemError),
}

/// Results of a batch as their generated dataclasses, in order: a record per item — the
/// value's class, or `ItemError` for an input that could not be judged. Each item's dicts
/// are built and turned into its record before the next (a whole batch of dicts alive at
/// once costs more in Python's garbage collector than the conversion itself).
fn wire_batch<T>(items: &[Item<'_, T>]) -> PyResult<Vec<Obj>>
where
    T: serde::Serialize + schemars::JsonSchema,
{
    Python::attach(|py| {
        let (ok, err) = (record_class::<T>(py)?, record_class::<ItemError>(py)?);
        let from_core = pyo3::intern!(py, "_from_core");
        without_gc(py, items.len(), || {
            items
                .iter()
                .map(|item| {
                    let class = if matches!(item, Item::Ok(_)) {
                        &ok
                    } else {
                        &err
                    };
                    let dict = pythonize::pythonize(py, item)
                        .map_err(|e| argument_error("internal_serialisation", e.to_string()))?;
                    Ok(class.call_method1(from_core, (dict,))?.unbind())
                })
                .collect()
        })
    })
}

/// Batches shorter than this build too few records for a collection to matter.
const GC_PAUSE_FROM: usize = 256;

/// Runs `build` (of `items` records) with Python's cyclic garbage collector paused, then
/// puts it back as it was. A batch's records are all alive until it returns and hold no
/// cycles; each collection during the build would walk all of them again (a third of a
/// 35,000-URL `check_many`).
fn without_gc<R>(py: Python<'_>, items: usize, build: impl FnOnce() -> PyResult<R>) -> PyResult<R> {
    if items < GC_PAUSE_FROM {
        return build();
    }
    let gc = py.import(pyo3::intern!(py, "gc"))?;
    let enabled = gc
        .call_method0(pyo3::intern!(py, "isenabled"))?
        .is_truthy()?;
    if enabled {
        gc.call_method0(pyo3::intern!(py, "disable"))?;
    }
    let built = build();
    if enabled {
        gc.call_method0(pyo3::intern!(py, "enable"))?;
    }
    built
}

/// Core results as their generated dataclasses, in order (see [`wire_batch`]).
pub fn wire_all<T>(values: &[T]) -> PyResult<Vec<Obj>>
where
    T: serde::Serialize + schemars::JsonSchema,
{
    wire_batch(&values.iter().map(Item::Ok).collect::<Vec<_>>())
}

/// Each result of a batch as its generated dataclass: the value, or the `ItemError` that
/// names the input that could not be judged.
pub fn wire_items<T>(values: Vec<Result<T, ItemError>>) -> PyResult<Vec<Obj>>
where
    T: serde::Serialize + schemars::JsonSchema,
{
    let items: Vec<Item<'_, T>> = values
        .iter()
        .map(|v| match v {
            Ok(value) => Item::Ok(value),
            Err(error) => Item::Err(error),
        })
        .collect();
    wire_batch(&items)
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

pub use crate::pyjson::py_to_json;

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

/// A JSON document argument given as `str` or `bytes` (JSON text) or as Python values (a
/// dict), as a JSON value.
pub fn json_value_arg(obj: &Bound<'_, PyAny>) -> PyResult<serde_json::Value> {
    if !obj.is_instance_of::<PyString>() && !obj.is_instance_of::<PyBytes>() {
        return py_to_json(obj);
    }
    let text = json_text_arg(obj)?;
    esafety_core::wire::limits::check_json(&text)
        .map_err(|e| argument_error(esafety_core::wire::limits::TooDeep::CODE, e.to_string()))?;
    serde_json::from_str(&text).map_err(|e| {
        let reason = crate::wording::python_terms(&e.to_string());
        argument_error("invalid_json", format!("not valid JSON text: {reason}"))
    })
}

/// A Python `str` as Rust text; lone surrogates are a typed error (`invalid_string`).
pub fn text(s: &Bound<'_, PyString>, path: &str) -> PyResult<String> {
    s.to_str().map(str::to_owned).map_err(|_| {
        let message = format!("`{path}` is not valid Unicode text (a lone surrogate?)");
        argument_error("invalid_string", message)
    })
}

/// The text of an instant argument for core's parser: a `str` as it is, an aware
/// `datetime` or a `date` in ISO form. A naive `datetime` is refused (`naive_datetime`):
/// its meaning would depend on the machine.
pub fn instant_text(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    if obj.is_instance_of::<PyDateTime>() && obj.call_method0("utcoffset")?.is_none() {
        let message = "a datetime must be timezone-aware (e.g. tzinfo=timezone.utc)";
        return Err(argument_error("naive_datetime", message.to_owned()));
    }
    if obj.is_instance_of::<PyDateTime>() {
        // In UTC: an offset with seconds (London before 1847, `-00:01:15`) has no RFC 3339
        // spelling.
        let utc = pyo3::types::PyTzInfo::utc(obj.py())?;
        return obj
            .call_method1("astimezone", (utc,))?
            .call_method0("isoformat")?
            .extract();
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

/// The text of a date argument: a `str` as it is, a `date`, or the date in England of a
/// `datetime` (core's school clock: what a school means by "on that day").
pub fn date_text(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    if !obj.is_instance_of::<PyDateTime>() {
        return instant_text(obj);
    }
    let at = esafety_core::vocabulary::parse_instant(&instant_text(obj)?).or_raise()?;
    Ok(esafety_core::vocabulary::SchoolClock::london()
        .local_date(at)
        .to_string())
}

/// Keyword options as a core options struct (`RecordOptions`, `SignatureDetails`, ...):
/// an omitted or `None` keyword takes core's default; an unknown keyword or a value of the
/// wrong type is `esafety.ArgumentTypeError` (a `TypeError` and an `EsafetyError`).
pub fn options<T>(kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<T>
where
    T: serde::de::DeserializeOwned + Default,
{
    let mut map = serde_json::Map::new();
    for (key, value) in kwargs.into_iter().flatten().filter(|(_, v)| !v.is_none()) {
        let key = text(key.cast::<PyString>()?, "keyword")?;
        let value = crate::pyjson::py_to_json_named(&value, &key)?;
        map.insert(key, value);
    }
    serde_json::from_value(serde_json::Value::Object(map))
        .map_err(|e| crate::errors::type_error(crate::wording::python_terms(&e.to_string())))
}

/// The audience id a call uses: the one given, or core's default (`Audience::default()`).
pub fn audience(given: Option<&str>) -> &str {
    given.unwrap_or_else(|| esafety_core::vocabulary::Audience::default().as_str())
}
