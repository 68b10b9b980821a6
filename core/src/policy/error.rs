//! Why a policy document was refused.

use crate::error::ErrorCode;
use serde::{Deserialize, Serialize};

/// One problem in a policy document: where, what kind, and what is wrong.
///
/// # Examples
///
/// ```
/// use esafety_core::policy::SchoolPolicy;
///
/// let err = SchoolPolicy::from_toml("schema_version = 1\nid = \"x\"\ncolour = \"red\"\n").unwrap_err();
/// let problem = &err.problems()[0];
/// assert_eq!((problem.path.as_str(), problem.code.as_str()), ("colour", "unknown_key"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Problem {
    /// The key path (`filter.audiences.ks2.block[2]`), empty for the whole document.
    pub path: String,
    /// A stable snake_case code: `syntax`, `unknown_key`, `missing_key`, `invalid_type`,
    /// `invalid_value`, `unknown_value`, `unsupported_schema_version`.
    pub code: String,
    /// What is wrong, in one sentence.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Why a school policy could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PolicyError {
    /// The input is nested deeper than [`crate::wire::limits::MAX_DEPTH`] (`input_too_deep`).
    #[error(transparent)]
    TooDeep(#[from] crate::wire::limits::TooDeep),
    /// The document has problems; every one found is listed.
    #[error("invalid school policy: {}", list(.problems))]
    Invalid {
        /// Every problem, in document order where known.
        problems: Vec<Problem>,
    },
    /// No preset has that id.
    #[error("unknown policy preset `{id}`{hint}; valid presets: {valid}")]
    UnknownPreset {
        /// The id given (shortened).
        id: String,
        /// "; did you mean …?" or empty.
        hint: String,
        /// The valid ids.
        valid: String,
    },
    /// The document could not be written as TOML.
    #[error("cannot write the policy as toml: {reason}")]
    Serialise {
        /// Why.
        reason: String,
    },
    /// The document is larger than [`super::MAX_POLICY_BYTES`].
    #[error("policy document too large: at most {max} bytes")]
    TooLarge {
        /// The limit.
        max: usize,
    },
}

fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

impl PolicyError {
    /// Every problem (one for an unknown preset or an oversized document).
    pub fn problems(&self) -> Vec<Problem> {
        match self {
            PolicyError::Invalid { problems } => problems.clone(),
            other => vec![Problem {
                path: String::new(),
                code: other.code().trim_start_matches("policy_").to_owned(),
                message: other.to_string(),
            }],
        }
    }
}

impl ErrorCode for PolicyError {
    fn attributes(&self) -> serde_json::Map<String, serde_json::Value> {
        let problems = serde_json::to_value(self.problems()).unwrap_or_default();
        serde_json::Map::from_iter([("problems".to_owned(), problems)])
    }

    fn code(&self) -> &'static str {
        match self {
            PolicyError::TooDeep(_) => crate::wire::limits::TooDeep::CODE,
            PolicyError::Invalid { .. } => "policy_invalid",
            PolicyError::UnknownPreset { .. } => "policy_unknown_preset",
            PolicyError::TooLarge { .. } => "policy_too_large",
            PolicyError::Serialise { .. } => "policy_serialise",
        }
    }

    fn domain(&self) -> &'static str {
        "policy"
    }
}
