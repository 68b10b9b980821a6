//! Text, text-list and path arguments: a lone surrogate (`"\ud800"`) is
//! `EsafetyError` with code `invalid_string`, never `UnicodeEncodeError`; another type is
//! `esafety.ArgumentTypeError` (a `TypeError` and an `EsafetyError`, code `invalid_type`).

use crate::convert::text;
use pyo3::prelude::*;
use pyo3::types::PyString;
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

/// Strings from any iterable (list, tuple, set); a bare `str` is refused, because
/// iterating it would give one item per character.
pub struct Texts(pub Vec<String>);

impl<'a, 'py> FromPyObject<'a, 'py> for Texts {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        // Without `nulls` every item is a string: `flatten` drops nothing.
        items(obj, false).map(|all| Texts(all.into_iter().flatten().collect()))
    }
}

/// Like [`Texts`], but a `None` item is kept as `None` (a missing value in a batch).
pub struct NullableTexts(pub Vec<Option<String>>);

impl<'a, 'py> FromPyObject<'a, 'py> for NullableTexts {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        items(obj, true).map(NullableTexts)
    }
}

/// The strings of any iterable but a bare `str`; a `None` item is kept when `nulls`, else
/// refused as a `str` of the wrong type.
fn items(obj: Borrowed<'_, '_, PyAny>, nulls: bool) -> PyResult<Vec<Option<String>>> {
    if obj.is_instance_of::<PyString>() {
        let message = "expected a list or set of strings, not a single string";
        return Err(crate::errors::type_error(message));
    }
    obj.try_iter()?
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

impl std::ops::Deref for FilePath {
    type Target = std::path::Path;

    fn deref(&self) -> &std::path::Path {
        &self.0
    }
}
