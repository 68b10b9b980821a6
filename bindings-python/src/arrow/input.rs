//! Strings in from Arrow without a copy. A `pyarrow` array or chunked array (any object
//! with `__arrow_c_array__` or `__arrow_c_stream__`) is imported through the Arrow C data
//! interface (`pyo3-arrow`), checked once (offsets in bounds, valid UTF-8) and read in
//! place; a list or another iterable of `str` is read item by item.

use crate::convert::argument_error;
use crate::errors::type_error;
use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, LargeStringArray, StringArray, StringViewArray};
use arrow_schema::DataType;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3_arrow::input::AnyArray;

/// One imported chunk, by its string layout.
enum Chunk {
    /// `string` (32-bit offsets).
    Utf8(StringArray),
    /// `large_string` (64-bit offsets).
    Large(LargeStringArray),
    /// `string_view`.
    View(StringViewArray),
    /// The `null` type: every row null.
    Nulls(usize),
}

/// The strings of a column argument, in order.
enum Strings {
    /// Arrow chunks, read in place.
    Arrow(Vec<Chunk>),
    /// A Python iterable's items.
    Python(Vec<Option<String>>),
}

impl Strings {
    /// Reads `array`: Arrow data by reference, a Python iterable by value.
    ///
    /// # Errors
    ///
    /// `esafety.ArgumentTypeError` for Arrow data that is not strings, a bare `str` or an
    /// item that is not a `str` (or `None`); the error of a failed Arrow import.
    fn read(array: &Bound<'_, PyAny>) -> PyResult<Strings> {
        let py = array.py();
        if array.hasattr(intern!(py, "__arrow_c_array__"))?
            || array.hasattr(intern!(py, "__arrow_c_stream__"))?
        {
            let (chunks, _) = array
                .extract::<AnyArray>()?
                .into_chunked_array()?
                .into_inner();
            return chunks
                .into_iter()
                .map(chunk)
                .collect::<PyResult<_>>()
                .map(Strings::Arrow);
        }
        crate::args::iterate(array)?
            .map(|item| item?.extract::<Option<crate::args::Text>>())
            .map(|text| Ok(text?.map(|t| t.0)))
            .collect::<PyResult<_>>()
            .map(Strings::Python)
    }

    /// Checks every Arrow chunk: offsets in bounds and valid UTF-8 (Python strings need no
    /// check).
    ///
    /// # Errors
    ///
    /// The Arrow error's text for data that is not valid.
    fn check(&self) -> Result<(), String> {
        let Strings::Arrow(chunks) = self else {
            return Ok(());
        };
        for chunk in chunks {
            match chunk {
                Chunk::Utf8(a) => check_rows(a)?,
                Chunk::Large(a) => check_rows(a)?,
                Chunk::View(a) => a.to_data().validate_full().map_err(|e| e.to_string())?,
                Chunk::Nulls(_) => continue,
            }
        }
        Ok(())
    }

    /// The rows, `None` for a null, in order (each a view into the data, no copy).
    fn rows(&self) -> Vec<Option<&str>> {
        match self {
            Strings::Python(items) => items.iter().map(Option::as_deref).collect(),
            Strings::Arrow(chunks) => {
                let mut rows = Vec::with_capacity(chunks.iter().map(Chunk::len).sum());
                for chunk in chunks {
                    match chunk {
                        Chunk::Utf8(a) => rows.extend(a.iter()),
                        Chunk::Large(a) => rows.extend(a.iter()),
                        Chunk::View(a) => rows.extend(a.iter()),
                        Chunk::Nulls(n) => rows.extend((0..*n).map(|_| None)),
                    }
                }
                rows
            }
        }
    }
}

/// Checks the rows that are not null: offsets in order and in bounds, valid UTF-8. A null
/// row's bytes may be anything (the Arrow format says so), so they are not read.
fn check_rows<O: arrow_array::OffsetSizeTrait>(
    a: &arrow_array::GenericStringArray<O>,
) -> Result<(), String> {
    let (offsets, values) = (a.value_offsets(), a.values().as_slice());
    if offsets.len() != a.len() + 1 {
        return Err(format!(
            "{} offsets for {} rows: the array is malformed",
            offsets.len(),
            a.len()
        ));
    }
    for (row, pair) in offsets.windows(2).enumerate() {
        if a.is_null(row) {
            continue;
        }
        let (start, end) = match pair {
            [start, end] => (start.as_usize(), end.as_usize()),
            _ => continue, // windows(2) gives pairs
        };
        let bytes = (start <= end)
            .then(|| values.get(start..end))
            .flatten()
            .ok_or_else(|| format!("row {row}: offsets {start}..{end} are out of bounds"))?;
        std::str::from_utf8(bytes).map_err(|e| format!("row {row}: invalid UTF-8 ({e})"))?;
    }
    Ok(())
}

impl Chunk {
    fn len(&self) -> usize {
        match self {
            Chunk::Utf8(a) => a.len(),
            Chunk::Large(a) => a.len(),
            Chunk::View(a) => a.len(),
            Chunk::Nulls(n) => *n,
        }
    }
}

/// The chunk of an imported array; a dictionary of strings is checked and decoded (a copy).
///
/// # Errors
///
/// `esafety.ArgumentTypeError` for an array that does not hold strings; `EsafetyError`
/// (`invalid_string`) for a dictionary that is not valid.
fn chunk(array: ArrayRef) -> PyResult<Chunk> {
    Ok(match array.data_type() {
        DataType::Utf8 => Chunk::Utf8(array.as_string::<i32>().clone()),
        DataType::LargeUtf8 => Chunk::Large(array.as_string::<i64>().clone()),
        DataType::Utf8View => Chunk::View(array.as_string_view().clone()),
        DataType::Null => Chunk::Nulls(array.len()),
        DataType::Dictionary(_, values)
            if matches!(
                **values,
                DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
            ) =>
        {
            array.to_data().validate_full().map_err(invalid)?;
            let decoded = arrow_cast::cast(&array, &DataType::LargeUtf8).map_err(invalid)?;
            Chunk::Large(decoded.as_string::<i64>().clone())
        }
        other => {
            return Err(type_error(format!(
                "expected an Arrow array of strings (string, large_string, string_view or a \
                 dictionary of strings), got {other}"
            )));
        }
    })
}

/// The error for Arrow data that is not valid.
fn invalid(error: impl std::fmt::Display) -> PyErr {
    argument_error(
        "invalid_string",
        format!("not valid Arrow string data: {error}"),
    )
}

/// Runs `work` on the rows of `array` with the GIL released, on this process's pool.
///
/// # Errors
///
/// As [`Strings::read`]; `EsafetyError` (code `invalid_string`) for Arrow data that is not
/// valid (offsets out of bounds, bytes that are not UTF-8).
pub fn with_rows<R: Send>(
    array: &Bound<'_, PyAny>,
    work: impl FnOnce(&[Option<&str>]) -> R + Send,
) -> PyResult<R> {
    let strings = Strings::read(array)?;
    array
        .py()
        .detach(|| crate::pool::in_pool(|| strings.check().map(|()| work(&strings.rows()))))
        .map_err(invalid)
}
