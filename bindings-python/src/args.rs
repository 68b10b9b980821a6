//! Text, text-list and path arguments: a lone surrogate (`"\ud800"`) is
//! `EsafetyError` with code `invalid_string`, never `UnicodeEncodeError`; another type is
//! `esafety.ArgumentTypeError` (a `TypeError` and an `EsafetyError`, code `invalid_type`).

use crate::convert::text;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyFrozenSet, PyIterator, PyMapping, PySet, PyString};
use std::path::PathBuf;

/// A `str` argument as Rust text.
pub struct Text(pub String);

impl std::ops::Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for Text {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let Ok(s) = obj.cast::<PyString>() else {
            let kind = obj.get_type().name()?;
            return Err(crate::errors::type_error(format!(
                "expected a str, got `{kind}`"
            )));
        };
        text(&s, "argument").map(Text)
    }
}

/// Strings in order: a list, tuple or other ordered iterable. A bare `str` is refused
/// (iterating it would give one item per character), and so are a set and a dict: results
/// and clauses follow the input's order, which a set does not have.
pub struct Texts(pub Vec<String>);

impl<'a, 'py> FromPyObject<'a, 'py> for Texts {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        // Without `nulls` every item is a string: `flatten` drops nothing.
        items(obj, Order::Kept, false).map(|all| Texts(all.into_iter().flatten().collect()))
    }
}

/// Strings whose order does not matter (the pupils in an image, roster names,
/// allow-phrases): any iterable, a set too, but not a bare `str` or a dict.
pub struct TextSet(pub Vec<String>);

impl<'a, 'py> FromPyObject<'a, 'py> for TextSet {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        items(obj, Order::Ignored, false).map(|all| TextSet(all.into_iter().flatten().collect()))
    }
}

/// Like [`Texts`], but a `None` item is kept as `None` (a missing value in a batch).
pub struct NullableTexts(pub Vec<Option<String>>);

impl<'a, 'py> FromPyObject<'a, 'py> for NullableTexts {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        items(obj, Order::Kept, true).map(NullableTexts)
    }
}

/// The items of a batch, in order: a `None` is `None`, and so is a `str` that is not valid
/// Unicode (a lone surrogate), whose index is kept in `undecodable` so that item alone
/// fails (`invalid_string`), never the batch.
pub struct BatchTexts {
    /// The items; `None` for a null or an undecodable item.
    pub items: Vec<Option<String>>,
    /// Indexes of the items that are not valid Unicode.
    pub undecodable: Vec<usize>,
}

impl<'a, 'py> FromPyObject<'a, 'py> for BatchTexts {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        batch_items(&obj)
    }
}

/// Reads a batch argument's items (see [`BatchTexts`]); another type of item is
/// `esafety.ArgumentTypeError`.
pub fn batch_items(obj: &Bound<'_, PyAny>) -> PyResult<BatchTexts> {
    let mut batch = BatchTexts {
        items: Vec::new(),
        undecodable: Vec::new(),
    };
    for (index, item) in iterate(obj, Order::Kept)?.enumerate() {
        let item = item?;
        if item.is_none() {
            batch.items.push(None);
            continue;
        }
        match item.cast::<PyString>() {
            Ok(s) => match s.to_str() {
                Ok(text) => batch.items.push(Some(text.to_owned())),
                Err(_) => {
                    batch.items.push(None);
                    batch.undecodable.push(index);
                }
            },
            Err(_) => batch.items.push(Some(item.extract::<Text>()?.0)),
        }
    }
    Ok(batch)
}

/// Whether a list-like argument's order is kept (a batch answered in input order).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// The order is the answer's: a set is refused.
    Kept,
    /// The order does not matter: a set is read.
    Ignored,
}

/// The items of a list-like argument: a single `str` or `bytes` (iterable, but one value),
/// a dict (its keys are not a list), a set when `order` is kept, or an object that is not
/// iterable, is `esafety.ArgumentTypeError`.
pub fn iterate<'py>(obj: &Bound<'py, PyAny>, order: Order) -> PyResult<Bound<'py, PyIterator>> {
    let refuse = |what: String| {
        crate::errors::type_error(format!(
            "expected a list or an Arrow array of strings, {what}"
        ))
    };
    if obj.is_instance_of::<PyString>() {
        return Err(refuse("not a single string".to_owned()));
    }
    if obj.is_instance_of::<PyBytes>() || obj.is_instance_of::<PyByteArray>() {
        return Err(refuse("not bytes".to_owned()));
    }
    if obj.cast::<PyMapping>().is_ok() {
        return Err(refuse("not a dict (its keys would be read)".to_owned()));
    }
    if order == Order::Kept
        && (obj.is_instance_of::<PySet>() || obj.is_instance_of::<PyFrozenSet>())
    {
        return Err(refuse(
            "not a set: the answer follows the input's order, which a set does not have".to_owned(),
        ));
    }
    obj.try_iter().map_err(|_| {
        let kind = obj
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_default();
        refuse(format!("got `{kind}`"))
    })
}

fn items(obj: Borrowed<'_, '_, PyAny>, order: Order, nulls: bool) -> PyResult<Vec<Option<String>>> {
    iterate(&obj, order)?
        .map(|item| {
            let item = item?;
            match nulls && item.is_none() {
                true => Ok(None),
                false => Ok(Some(item.extract::<Text>()?.0)),
            }
        })
        .collect()
}

/// A file path: a `str` or an `os.PathLike` (`pathlib.Path`).
pub struct FilePath(pub PathBuf);

impl<'a, 'py> FromPyObject<'a, 'py> for FilePath {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let path = obj.py().import("os")?.call_method1("fspath", (obj,))?;
        match path.cast::<PyString>() {
            Ok(s) => text(s, "path").map(|t| FilePath(t.into())),
            Err(_) => path.extract().map(FilePath),
        }
    }
}

impl std::ops::Deref for Texts {
    type Target = [String];

    fn deref(&self) -> &[String] {
        &self.0
    }
}

impl std::ops::Deref for TextSet {
    type Target = [String];

    fn deref(&self) -> &[String] {
        &self.0
    }
}

impl std::ops::Deref for FilePath {
    type Target = std::path::Path;

    fn deref(&self) -> &std::path::Path {
        &self.0
    }
}

/// An argument that must be an instance of the class `T`: another type is
/// `esafety.ArgumentTypeError` (pyo3's own check raises a bare `TypeError`).
pub struct Instance<'py, T: pyo3::PyClass>(pub PyRef<'py, T>);

impl<'a, 'py, T: pyo3::PyClass> FromPyObject<'a, 'py> for Instance<'py, T> {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let Ok(instance) = obj.cast::<T>() else {
            let kind = obj.get_type().name()?;
            return Err(crate::errors::type_error(format!(
                "expected a `{}`, got `{kind}`",
                <T as pyo3::PyClass>::NAME
            )));
        };
        Ok(Instance(instance.to_owned().try_borrow()?))
    }
}

impl<T: pyo3::PyClass> std::ops::Deref for Instance<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

/// A `bool` argument: another type (`1`, `"yes"`) is `esafety.ArgumentTypeError`.
pub struct Flag(pub bool);

impl<'a, 'py> FromPyObject<'a, 'py> for Flag {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        match obj.cast::<pyo3::types::PyBool>() {
            Ok(b) => Ok(Flag(b.is_true())),
            Err(_) => {
                let kind = obj.get_type().name()?;
                Err(crate::errors::type_error(format!(
                    "expected True or False, got `{kind}`"
                )))
            }
        }
    }
}
