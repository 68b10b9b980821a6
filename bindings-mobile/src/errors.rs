//! The sealed exception hierarchy foreign code sees.

use esafety_core::ErrorCode;

/// Every failure, one case per core domain. `code` is the stable snake_case id the
/// conformance vectors assert; `detail` is the English message.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum EsafetyError {
    /// A web address could not be canonicalised.
    #[error("{detail}")]
    Url {
        /// Stable snake_case code, e.g. `url_invalid_port`.
        code: String,
        /// Human-readable message.
        detail: String,
    },
    /// A JSON document has an unsupported schema or shape.
    #[error("{detail}")]
    Wire {
        /// Stable snake_case code.
        code: String,
        /// Human-readable message.
        detail: String,
    },
    /// An argument has the wrong shape (a malformed instant or date, a bad JSON document).
    #[error("{detail}")]
    Argument {
        /// Stable snake_case code, e.g. `invalid_datetime`.
        code: String,
        /// Human-readable message.
        detail: String,
    },
    /// The web filter refused a list, policy, override or audience.
    #[error("{detail}")]
    Filter {
        /// Stable snake_case code, e.g. `filter_unknown_audience`.
        code: String,
        /// Human-readable message.
        detail: String,
    },
    /// A term list, audience or roster given to the term scanner is invalid.
    #[error("{detail}")]
    Scanner {
        /// Stable snake_case code, e.g. `scanner_unknown_audience`.
        code: String,
        /// Human-readable message.
        detail: String,
    },
    /// An incident dict or a school profile is not valid.
    #[error("{detail}")]
    Incident {
        /// Stable snake_case code, e.g. `incident_unknown_field`.
        code: String,
        /// Human-readable message.
        detail: String,
        /// The path of the offending field (`facts.adult`), when there is one.
        field: Option<String>,
    },
    /// A file could not be read.
    #[error("{detail}")]
    Io {
        /// Stable snake_case code.
        code: String,
        /// Human-readable message.
        detail: String,
    },
}

impl EsafetyError {
    /// The stable snake_case code of any case.
    pub fn code(&self) -> &str {
        match self {
            EsafetyError::Url { code, .. }
            | EsafetyError::Wire { code, .. }
            | EsafetyError::Argument { code, .. }
            | EsafetyError::Filter { code, .. }
            | EsafetyError::Io { code, .. }
            | EsafetyError::Scanner { code, .. }
            | EsafetyError::Incident { code, .. } => code,
        }
    }
}

/// Maps a core error onto the case of its domain.
pub fn from_core<E: ErrorCode + ?Sized>(error: &E) -> EsafetyError {
    let code = error.code().to_owned();
    let detail = error.to_string();
    match error.domain() {
        "url" => EsafetyError::Url { code, detail },
        "io" => EsafetyError::Io { code, detail },
        "filter" => EsafetyError::Filter { code, detail },
        "scanner" => EsafetyError::Scanner { code, detail },
        "incident" => EsafetyError::Incident {
            code,
            detail,
            field: None,
        },
        _ => EsafetyError::Wire { code, detail },
    }
}
