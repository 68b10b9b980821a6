//! The one error type of the incident module.

use crate::error::ErrorCode;

/// Longest incident or profile text accepted, in bytes (1 MiB). Longer input is refused
/// with [`IncidentError::TooLarge`] rather than parsed.
pub const MAX_INPUT_BYTES: usize = 1 << 20;

/// Why an incident, a school profile or a pipeline input was refused.
///
/// Every variant that concerns a field carries the field's *path* (`facts.adult_involved`,
/// `subjects[0].age`, `contacts.lado.phone`) and, for profile files, the file label, so a
/// binding can show exactly what to fix. [`IncidentError::field`] and
/// [`IncidentError::file`] give them as data.
///
/// # Examples
///
/// ```
/// use esafety_core::incident::{Incident, IncidentError};
/// use esafety_core::ErrorCode;
///
/// let err = Incident::from_json_str(r#"{"facts": {"adult": true}}"#).unwrap_err();
/// assert_eq!(err.code(), "incident_unknown_field");
/// assert_eq!(err.field(), Some("facts.adult"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IncidentError {
    /// The input is nested deeper than [`crate::wire::limits::MAX_DEPTH`] (`input_too_deep`).
    #[error(transparent)]
    TooDeep(#[from] crate::wire::limits::TooDeep),
    /// A key that the format does not define.
    #[error("{}unknown field `{}`", prefix(.file.as_deref()), .field)]
    UnknownField {
        /// The file label (profiles only).
        file: Option<String>,
        /// The path of the unknown key.
        field: String,
    },
    /// A value of the wrong type or outside the closed set of ids.
    #[error("{}field `{}`: {}", prefix(.file.as_deref()), .field, .why)]
    InvalidValue {
        /// The file label (profiles only).
        file: Option<String>,
        /// The path of the offending key.
        field: String,
        /// Why the value was refused (names the accepted values where there are few).
        why: String,
    },
    /// A required key is absent.
    #[error("{}missing field `{}`", prefix(.file.as_deref()), .field)]
    MissingField {
        /// The file label (profiles only).
        file: Option<String>,
        /// The path of the missing key.
        field: String,
    },
    /// The text is not valid JSON or TOML.
    #[error("{}syntax error at line {}, column {}: {}", prefix(.file.as_deref()), .line, .column, .why)]
    Syntax {
        /// The file label, when known.
        file: Option<String>,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's reason.
        why: String,
    },
    /// `SchoolProfile::preset` was given a name that is not a preset.
    #[error(
        "unknown school profile preset `{name}`: known presets are national, kilby, highgate, ely, whitwell, russell_house"
    )]
    UnknownPreset {
        /// The name asked for.
        name: String,
    },
    /// The text is longer than [`MAX_INPUT_BYTES`].
    #[error("input is longer than {MAX_INPUT_BYTES} bytes")]
    TooLarge,
    /// A tag that is neither a §5.3 incident category nor a known context tag.
    #[error("field `{field}`: unknown tag `{tag}`{suggestion}; expected one of {valid}")]
    UnknownTag {
        /// The path of the tag (`tags[0]`).
        field: String,
        /// The tag as given (at most 60 characters).
        tag: String,
        /// ` (did you mean `x`?)` or empty.
        suggestion: String,
        /// The accepted tags, comma separated.
        valid: String,
    },
    /// The incident says nothing that can be classified.
    #[error(
        "the incident is empty: give at least one of `subjects`, `alleged`, `facts` (one true), `tags` or `hits`"
    )]
    Empty,
    /// A pupil's age outside 2–19.
    #[error("field `{field}`: a pupil's age must be from 2 to 19, found `{age}`")]
    AgeOutOfRange {
        /// The path of the age (`subjects[0].age`, or `age` in an alert).
        field: String,
        /// The age given.
        age: u64,
    },
}

fn prefix(file: Option<&str>) -> String {
    match file {
        Some(f) => format!("`{f}`: "),
        None => String::new(),
    }
}

impl IncidentError {
    /// The path of the field the error is about (`facts.adult`, `contacts.lado.phone`), if
    /// any.
    pub fn field(&self) -> Option<&str> {
        match self {
            IncidentError::UnknownField { field, .. }
            | IncidentError::InvalidValue { field, .. }
            | IncidentError::MissingField { field, .. }
            | IncidentError::UnknownTag { field, .. }
            | IncidentError::AgeOutOfRange { field, .. } => Some(field),
            _ => None,
        }
    }

    /// The file label the error is about (school profiles), if any.
    pub fn file(&self) -> Option<&str> {
        match self {
            IncidentError::UnknownField { file, .. }
            | IncidentError::InvalidValue { file, .. }
            | IncidentError::MissingField { file, .. }
            | IncidentError::Syntax { file, .. } => file.as_deref(),
            _ => None,
        }
    }

    /// Attaches a file label to an error that has none yet.
    pub(crate) fn in_file(self, label: &str) -> IncidentError {
        let label = Some(label.to_owned());
        match self {
            IncidentError::UnknownField { file: None, field } => {
                IncidentError::UnknownField { file: label, field }
            }
            IncidentError::InvalidValue {
                file: None,
                field,
                why,
            } => IncidentError::InvalidValue {
                file: label,
                field,
                why,
            },
            IncidentError::MissingField { file: None, field } => {
                IncidentError::MissingField { file: label, field }
            }
            IncidentError::Syntax {
                file: None,
                line,
                column,
                why,
            } => IncidentError::Syntax {
                file: label,
                line,
                column,
                why,
            },
            other => other,
        }
    }
}

impl ErrorCode for IncidentError {
    fn attributes(&self) -> serde_json::Map<String, serde_json::Value> {
        let mut map = serde_json::Map::new();
        map.insert("field".to_owned(), self.field().into());
        map.insert("file".to_owned(), self.file().into());
        map
    }

    fn code(&self) -> &'static str {
        match self {
            IncidentError::TooDeep(_) => crate::wire::limits::TooDeep::CODE,
            IncidentError::UnknownField { .. } => "incident_unknown_field",
            IncidentError::InvalidValue { .. } => "incident_invalid_value",
            IncidentError::MissingField { .. } => "incident_missing_field",
            IncidentError::Syntax { .. } => "incident_syntax",
            IncidentError::UnknownPreset { .. } => "incident_unknown_preset",
            IncidentError::TooLarge => "incident_too_large",
            IncidentError::UnknownTag { .. } => "incident_unknown_tag",
            IncidentError::Empty => "incident_empty",
            IncidentError::AgeOutOfRange { .. } => "incident_age_out_of_range",
        }
    }

    fn domain(&self) -> &'static str {
        "incident"
    }
}

/// Builds an [`IncidentError::InvalidValue`] without a file label.
pub(crate) fn invalid(field: impl Into<String>, why: impl Into<String>) -> IncidentError {
    IncidentError::InvalidValue {
        file: None,
        field: field.into(),
        why: why.into(),
    }
}
