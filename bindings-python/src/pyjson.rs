//! Python dicts, lists and scalars as a JSON value, without recursion: the depth limit is
//! checked on an explicit stack, so a hostile structure cannot exhaust even a small
//! thread stack (a 256 KB `threading.stack_size`).

use crate::convert::{argument_error, text};
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use pyo3::types::{PyBool, PyDate, PyDateTime, PyDict, PyFloat, PyInt, PyList, PyString};
use serde_json::{Map, Value};

use esafety_core::wire::limits::{MAX_DEPTH, MAX_VALUES, TooDeep};

/// A dict or list being filled: its children still to convert, and where it is.
struct Frame<'py> {
    path: String,
    object: Option<Map<String, Value>>,
    array: Vec<Value>,
    children: std::vec::IntoIter<(Option<String>, Bound<'py, PyAny>)>,
    key: Option<String>,
}

impl Frame<'_> {
    fn add(&mut self, value: Value) {
        match (&mut self.object, self.key.take()) {
            (Some(map), Some(key)) => {
                map.insert(key, value);
            }
            _ => self.array.push(value),
        }
    }

    fn finish(self) -> Value {
        match self.object {
            Some(map) => Value::Object(map),
            None => Value::Array(self.array),
        }
    }
}

/// Converts Python dicts, lists, tuples and scalars (datetimes as ISO strings, paths as
/// strings) into a JSON value, refusing anything else with a code naming the path: nesting
/// deeper than [`MAX_DEPTH`] (`input_too_deep`, which also catches a dict that contains
/// itself), more than [`MAX_VALUES`] values (`input_too_large`), integers too large for a
/// JSON number (`integer_out_of_range`; one beyond 64 bits is a float, as JSON text would
/// give it), NaN or infinity (`invalid_number`), strings that are not valid
/// Unicode (`invalid_string`). An object with `to_dict()` (a wire record) is its dict.
pub fn py_to_json(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    py_to_json_named(obj, "$")
}

/// [`py_to_json`] for a value whose errors name it `root` (a keyword argument).
pub fn py_to_json_named(obj: &Bound<'_, PyAny>, root: &str) -> PyResult<Value> {
    let mut budget = MAX_VALUES;
    let mut stack: Vec<Frame<'_>> = Vec::new();
    let (mut next, mut path) = (obj.clone(), root.to_owned());
    loop {
        budget = budget.checked_sub(1).ok_or_else(|| {
            let message = format!("the input has more than {MAX_VALUES} values");
            argument_error("input_too_large", message)
        })?;
        let mut done = match children(&next, &path)? {
            Node::Scalar(value) => Some(value),
            Node::Record(dict) => {
                next = dict;
                continue;
            }
            Node::Container(_, _) if stack.len() >= MAX_DEPTH => {
                let message = format!("`{path}` is nested more than {MAX_DEPTH} levels deep");
                return Err(argument_error(TooDeep::CODE, message));
            }
            Node::Container(object, items) => {
                stack.push(Frame {
                    path: std::mem::take(&mut path),
                    object,
                    array: Vec::new(),
                    children: items.into_iter(),
                    key: None,
                });
                None
            }
        };
        // Hand the value to its parent, then move to the next child (or finish parents).
        loop {
            let Some(top) = stack.last_mut() else {
                return Ok(done.unwrap_or(Value::Null));
            };
            if let Some(value) = done.take() {
                top.add(value);
            }
            if let Some((key, child)) = top.children.next() {
                path = match &key {
                    Some(k) => format!("{}.{}", top.path, k.chars().take(40).collect::<String>()),
                    None => format!("{}[{}]", top.path, top.array.len()),
                };
                top.key = key;
                next = child;
                break;
            }
            done = stack.pop().map(Frame::finish);
        }
    }
}

/// What one Python value is: a JSON scalar, a wire record (convert its dict), or a dict or
/// list with its children (keys for a dict).
enum Node<'py> {
    Scalar(Value),
    Record(Bound<'py, PyAny>),
    Container(
        Option<Map<String, Value>>,
        Vec<(Option<String>, Bound<'py, PyAny>)>,
    ),
}

fn children<'py>(obj: &Bound<'py, PyAny>, path: &str) -> PyResult<Node<'py>> {
    if let Some(value) = scalar(obj, path)? {
        return Ok(Node::Scalar(value));
    }
    if let Ok(dict) = obj.cast::<PyDict>() {
        let mut items = Vec::with_capacity(dict.len());
        for (k, v) in dict.iter() {
            let Ok(k) = k.cast::<PyString>() else {
                let message = format!("`{path}` has a key that is not a string");
                return Err(argument_error("invalid_argument", message));
            };
            items.push((Some(text(k, path)?), v));
        }
        return Ok(Node::Container(Some(Map::new()), items));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let items = obj.try_iter()?.map(|item| Ok((None, item?)));
        return Ok(Node::Container(None, items.collect::<PyResult<_>>()?));
    }
    if obj.hasattr("to_dict")? && obj.is_instance(&py_record_base(obj.py())?)? {
        return Ok(Node::Record(obj.call_method0("to_dict")?));
    }
    let kind = obj.get_type().name()?;
    let message = format!("`{path}` has an unsupported type `{kind}`");
    Err(argument_error("invalid_argument", message))
}

/// A scalar as JSON, or `None` for a container or another type.
fn scalar(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<Option<Value>> {
    if obj.is_none() {
        return Ok(Some(Value::Null));
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Some(Value::Bool(b.is_true())));
    }
    if obj.is_instance_of::<PyInt>() {
        // Beyond 64 bits an integer is what JSON text gives for it: a float, which core
        // refuses where it wants an integer (so every surface reports the same code).
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Some(Value::from(i)));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Some(Value::from(u)));
        }
        let number = obj
            .extract::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64);
        let message = || format!("`{path}` is an integer too large for a JSON number");
        return number
            .map(|n| Some(Value::Number(n)))
            .ok_or_else(|| argument_error("integer_out_of_range", message()));
    }
    if obj.is_instance_of::<PyFloat>() {
        let number = serde_json::Number::from_f64(obj.extract()?);
        let message = || format!("`{path}` is not a finite number");
        return number
            .map(|n| Some(Value::Number(n)))
            .ok_or_else(|| argument_error("invalid_number", message()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Some(Value::String(text(s, path)?)));
    }
    // An instant as everywhere else: aware only (`naive_datetime`), in UTC.
    if obj.is_instance_of::<PyDateTime>() || obj.is_instance_of::<PyDate>() {
        return Ok(Some(Value::String(crate::convert::instant_text(obj)?)));
    }
    if obj.hasattr("__fspath__")? {
        let path: crate::args::FilePath = obj.extract()?;
        return Ok(Some(Value::String(path.to_string_lossy().into_owned())));
    }
    Ok(None)
}

/// The base class of the generated records.
fn py_record_base(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    py.import("esafety._record")?.getattr("_Record")
}
