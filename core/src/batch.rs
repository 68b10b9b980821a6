//! Batches that never lose the good items.
//!
//! A `*_many` operation judges every input on its own: one result per input, in order. An
//! input that cannot be judged becomes an [`ItemError`] naming its position, the input and
//! the error's stable code, and the other inputs are judged as usual.

mod chunks;
mod text_column;

use crate::ErrorCode;
pub(crate) use chunks::{concat, join, map_chunks};
use serde::{Deserialize, Serialize};
pub use text_column::TextColumn;

/// One input of a batch that could not be judged.
///
/// # Examples
///
/// ```
/// use esafety_core::batch::ItemError;
/// use esafety_core::filter::{UrlFilter, Verdict};
///
/// let filter = UrlFilter::default();
/// let results = filter.check_many(&["pornhub.com", "", "bbc.co.uk"], "ks2", None)?;
/// assert_eq!(results[0].as_ref().unwrap().verdict, Verdict::Block);
/// let error = results[1].as_ref().unwrap_err();
/// assert_eq!((error.index, error.input.as_str(), error.code.as_str()), (1, "", "url_empty"));
/// assert!(results[2].is_ok());
/// # Ok::<(), esafety_core::filter::FilterError>(())
/// ```
#[derive(
    Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema, thiserror::Error,
)]
#[error("item {index}: {message} ({code})")]
pub struct ItemError {
    /// The input's position in the batch, from 0.
    pub index: usize,
    /// The input as given.
    pub input: String,
    /// The stable code of the error (as the single-item operation raises it).
    pub code: String,
    /// What is wrong, for a person.
    pub message: String,
}

impl ItemError {
    /// The item error for input `index`, `input`, that failed with `error`.
    pub fn new<E: ErrorCode>(index: usize, input: &str, error: &E) -> ItemError {
        ItemError {
            index,
            input: input.to_owned(),
            code: error.code().to_owned(),
            message: error.to_string(),
        }
    }

    /// The item error for an input that is not valid text (code [`INVALID_STRING`]): that
    /// item fails, never the batch.
    pub fn undecodable(index: usize) -> ItemError {
        ItemError {
            index,
            input: String::new(),
            code: INVALID_STRING.to_owned(),
            message:
                "the item is not valid Unicode text (a lone surrogate?): there is nothing to judge"
                    .to_owned(),
        }
    }

    /// The item error for a null input (`None` in a column or a list): code
    /// [`NULL_INPUT`], as a null row of a columnar batch has.
    pub fn null(index: usize) -> ItemError {
        ItemError {
            index,
            input: String::new(),
            code: NULL_INPUT.to_owned(),
            message: "the item is null: there is nothing to judge".to_owned(),
        }
    }
}

/// The code of an input that is null (a missing value in a column or a `None` in a list).
pub const NULL_INPUT: &str = "input_null";

/// The code of an input a binding could not decode as text (a Python `str` holding a lone
/// surrogate, as a log read with `errors="surrogateescape"` gives).
pub const INVALID_STRING: &str = "invalid_string";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_undecodable_item_is_its_own_error() {
        let e = ItemError::undecodable(3);
        assert_eq!((e.index, e.code.as_str()), (3, INVALID_STRING));
        assert!(e.input.is_empty() && e.message.contains("not valid Unicode"));
    }
}
