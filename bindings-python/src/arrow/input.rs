//! Strings in from Arrow without a copy. A `pyarrow` array or chunked array (any object
//! with `__arrow_c_array__` or `__arrow_c_stream__`) is imported through the Arrow C data
//! interface (`pyo3-arrow`), checked once (layout, every offset in bounds, then valid UTF-8)
//! and read in place; a list or another iterable of `str` is read item by item.
//!
//! The C data interface carries no buffer sizes: the import reads each buffer at the size
//! the producer's schema implies. A schema that does not match its array is refused
//! (`invalid_string`) wherever the import or the checks notice: every offset is checked
//! before any byte is read, and a panic of the Arrow library on such data is caught, never
//! raised. Buffers smaller than the schema implies cannot always be noticed: that is the
//! trust boundary (the producer is trusted not to lie about its buffers).

use crate::convert::argument_error;
use crate::errors::type_error;
use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, LargeStringArray, StringArray, StringViewArray};
use arrow_schema::DataType;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;
use pyo3_arrow::{PyArray, PyArrayReader};
use std::cell::Cell;
use std::panic::AssertUnwindSafe;

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
    Python(crate::args::BatchTexts),
}

impl Strings {
    /// Reads `array`: Arrow data by reference, a Python iterable by value.
    ///
    /// # Errors
    ///
    /// `esafety.ArgumentTypeError` for Arrow data that is not strings, a bare `str` or an
    /// item that is not a `str` (or `None`); as [`import`] for Arrow data.
    fn read(array: &Bound<'_, PyAny>) -> PyResult<Strings> {
        if let Some(chunks) = import(array)? {
            return chunks
                .into_iter()
                .map(chunk)
                .collect::<PyResult<_>>()
                .map(Strings::Arrow);
        }
        crate::args::batch_items(array).map(Strings::Python)
    }

    /// Checks every Arrow chunk: its layout (buffers for its type and length), offsets in
    /// bounds and valid UTF-8 (Python strings need no check).
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
            Strings::Python(batch) => batch.items.iter().map(Option::as_deref).collect(),
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

/// Checks a string array: its layout, then every offset (in order, in bounds; a null row's
/// too, as Arrow requires), and only then the bytes of the rows that are not null (valid
/// UTF-8). A null row's bytes may be anything (the Arrow format says so), so they are not
/// read; no byte is read before every offset is known to be in bounds.
fn check_rows<O: arrow_array::OffsetSizeTrait>(
    a: &arrow_array::GenericStringArray<O>,
) -> Result<(), String> {
    a.to_data().validate().map_err(|e| e.to_string())?;
    let (offsets, values) = (a.value_offsets(), a.values().as_slice());
    if offsets.len() != a.len() + 1 {
        return Err(format!(
            "{} offsets for {} rows: the array is malformed",
            offsets.len(),
            a.len()
        ));
    }
    let range = |row: usize, pair: &[O]| match pair {
        [start, end] => match (start.to_usize(), end.to_usize()) {
            (Some(start), Some(end)) if start <= end && end <= values.len() => Ok(start..end),
            _ => Err(format!(
                "row {row}: offsets {start:?}..{end:?} are out of bounds"
            )),
        },
        _ => Err(format!("row {row}: no offsets")), // windows(2) gives pairs
    };
    for (row, pair) in offsets.windows(2).enumerate() {
        range(row, pair)?;
    }
    for (row, pair) in offsets.windows(2).enumerate() {
        if a.is_null(row) {
            continue;
        }
        let bytes = values
            .get(range(row, pair)?)
            .ok_or_else(|| format!("row {row}: offsets are out of bounds"))?;
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

/// The chunks of `array` when it is Arrow data (`__arrow_c_array__` first, else
/// `__arrow_c_stream__`); `None` for any other object.
///
/// # Errors
///
/// The producer's own exception, raised as it is; `EsafetyError` (code `invalid_string`)
/// for capsules that the import refuses or that make the Arrow library panic (a schema that
/// does not match its array: a `string` schema over `int64` buffers).
fn import(array: &Bound<'_, PyAny>) -> PyResult<Option<Vec<ArrayRef>>> {
    let py = array.py();
    if array.hasattr(intern!(py, "__arrow_c_array__"))? {
        let capsules = array.call_method0(intern!(py, "__arrow_c_array__"))?;
        let (schema, data) = capsules
            .extract::<(Bound<'_, PyCapsule>, Bound<'_, PyCapsule>)>()
            .map_err(|_| type_error("`__arrow_c_array__` must return two capsules"))?;
        let imported = unpanicked(|| PyArray::from_arrow_pycapsule(&schema, &data))?;
        return Ok(Some(vec![imported.into_inner().0]));
    }
    if array.hasattr(intern!(py, "__arrow_c_stream__"))? {
        let stream = array.call_method0(intern!(py, "__arrow_c_stream__"))?;
        let stream = stream
            .cast_into::<PyCapsule>()
            .map_err(|_| type_error("`__arrow_c_stream__` must return a capsule"))?;
        let chunks = unpanicked(|| {
            let chunked = PyArrayReader::from_arrow_pycapsule(&stream)?.into_chunked_array()?;
            Ok(chunked.into_inner().0)
        })?;
        return Ok(Some(chunks));
    }
    Ok(None)
}

thread_local! {
    /// Set while [`unpanicked`] runs on this thread: a panic then is not printed.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs an Arrow import; its error, or a panic in the Arrow library (which asserts on
/// buffers that do not fit the declared type instead of returning an error), is
/// `invalid_string`. Such a panic is caught, never raised as `PanicException`, and not
/// printed: other panics still go to the hook that was there before.
fn unpanicked<T>(import: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was_quiet = QUIET.with(|quiet| quiet.replace(true));
    let result = std::panic::catch_unwind(AssertUnwindSafe(import));
    QUIET.with(|quiet| quiet.set(was_quiet));
    match result {
        Ok(imported) => imported.map_err(|e| Python::attach(|py| invalid(e.value(py)))),
        Err(panic) => {
            let reason = (panic.downcast_ref::<&str>().copied())
                .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
                .unwrap_or("the Arrow library panicked");
            Err(invalid(format!(
                "the array does not match its schema ({reason})"
            )))
        }
    }
}

/// The error for Arrow data that is not valid.
fn invalid(error: impl std::fmt::Display) -> PyErr {
    argument_error(
        "invalid_string",
        format!("not valid Arrow string data: {error}"),
    )
}

/// Runs `work` on the rows of `array` with the GIL released, on this process's pool;
/// returns its result and the rows that are not valid text (a Python `str` with a lone
/// surrogate, handed to `work` as null), for the caller to mark `invalid_string`.
///
/// # Errors
///
/// As [`Strings::read`]; `EsafetyError` (code `invalid_string`) for Arrow data that is not
/// valid (offsets out of bounds, bytes that are not UTF-8).
pub fn with_rows<R: Send>(
    array: &Bound<'_, PyAny>,
    work: impl FnOnce(&[Option<&str>]) -> R + Send,
) -> PyResult<(R, Vec<usize>)> {
    let mut strings = Strings::read(array)?;
    let undecodable = match &mut strings {
        Strings::Python(batch) => std::mem::take(&mut batch.undecodable),
        Strings::Arrow(_) => Vec::new(),
    };
    let result = array
        .py()
        .detach(|| crate::pool::in_pool(|| strings.check().map(|()| work(&strings.rows()))))
        .map_err(invalid)?;
    Ok((result, undecodable))
}
