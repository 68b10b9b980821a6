//! The vocabulary's typed error.

use crate::error::ErrorCode;

/// An id outside the vocabulary, or an instant that cannot be read.
///
/// Each message lists the valid values and, where one is close, the nearest match. Module
/// errors wrap this error and keep their own stable codes for ids their callers already
/// rely on (`filter_unknown_audience`, `registry_unknown_role`); the instant code is one
/// for every module: `invalid_instant`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VocabularyError {
    /// An audience id that is not one of the eight.
    #[error("unknown audience `{audience}`{hint}; valid audiences: {valid}")]
    UnknownAudience {
        /// The id given (shortened).
        audience: String,
        /// "; did you mean …?" or empty.
        hint: String,
        /// The valid ids.
        valid: String,
    },
    /// A role id that is neither a role nor an alias.
    #[error("unknown role `{role}`{hint}; valid roles: {valid}")]
    UnknownRole {
        /// The id given (shortened).
        role: String,
        /// "; did you mean …?" or empty.
        hint: String,
        /// The valid ids.
        valid: String,
    },
    /// A category id that no module defines.
    #[error("unknown category `{category}`{hint}; valid categories: {valid}")]
    UnknownCategory {
        /// The id given (shortened).
        category: String,
        /// "; did you mean …?" or empty.
        hint: String,
        /// The valid ids.
        valid: String,
    },
    /// Text that names no one instant: not RFC 3339, a local time in England or a
    /// `YYYY-MM-DD` date, or a local time the clocks skip or repeat.
    #[error("invalid instant `{text}`: expected {}", super::InstantForms)]
    InvalidInstant {
        /// The text given (shortened).
        text: String,
    },
    /// Text that is not a `YYYY-MM-DD` calendar date.
    #[error("invalid date `{text}`: expected YYYY-MM-DD (`2026-09-01`) in the years 1900 to 2999")]
    InvalidDate {
        /// The text given (shortened).
        text: String,
    },
}

impl ErrorCode for VocabularyError {
    fn code(&self) -> &'static str {
        match self {
            VocabularyError::UnknownAudience { .. } => "unknown_audience",
            VocabularyError::UnknownRole { .. } => "unknown_role",
            VocabularyError::UnknownCategory { .. } => "unknown_category",
            VocabularyError::InvalidInstant { .. } => "invalid_instant",
            VocabularyError::InvalidDate { .. } => "invalid_date",
        }
    }

    fn domain(&self) -> &'static str {
        "vocabulary"
    }
}
