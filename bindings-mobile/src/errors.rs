//! The sealed exception hierarchy foreign code sees.

use esafety_core::ErrorCode;
use std::sync::{Mutex, MutexGuard};

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
    /// An image-consent operation was refused (unknown channel or state, tampered ledger).
    #[error("{detail}")]
    Consent {
        /// Stable snake_case code, e.g. `consent_unknown_channel`, `ledger_tampered`.
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
    /// A role, AUP, signature or permission call was refused (`registry_unknown_role`,
    /// `aup_version_unknown`, ...).
    #[error("{detail}")]
    Registry {
        /// Stable snake_case code, e.g. `registry_unknown_action`.
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
    /// A school policy document is not valid; `problems` lists every problem.
    #[error("{detail}")]
    Policy {
        /// Stable snake_case code, e.g. `policy_invalid`, `policy_unknown_preset`.
        code: String,
        /// Human-readable message.
        detail: String,
        /// Every problem found (empty for an unknown preset).
        problems: Vec<crate::Problem>,
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

/// Maps a core error onto the case of its domain.
fn from_core<E: ErrorCode + ?Sized>(error: &E) -> EsafetyError {
    let code = error.code().to_owned();
    let detail = error.to_string();
    match error.domain() {
        "url" => EsafetyError::Url { code, detail },
        "io" => EsafetyError::Io { code, detail },
        "vocabulary" => EsafetyError::Argument { code, detail },
        "consent" => EsafetyError::Consent { code, detail },
        "filter" => EsafetyError::Filter { code, detail },
        "registry" => EsafetyError::Registry { code, detail },
        "scanner" => EsafetyError::Scanner { code, detail },
        _ => EsafetyError::Wire { code, detail },
    }
}

/// `?` on a core result throws the case of the error's domain.
macro_rules! from_core {
    ($($error:ty),+) => {$(
        impl From<$error> for EsafetyError {
            fn from(error: $error) -> Self {
                from_core(&error)
            }
        }
    )+};
}
from_core!(
    esafety_core::UrlError,
    esafety_core::vocabulary::VocabularyError,
    esafety_core::ConsentError,
    esafety_core::FilterError,
    esafety_core::registry::RegistryError,
    esafety_core::ScannerError,
    esafety_io::IoError
);

impl From<esafety_core::IncidentError> for EsafetyError {
    /// The incident case, with the path of the offending field.
    fn from(error: esafety_core::IncidentError) -> Self {
        EsafetyError::Incident {
            code: error.code().to_owned(),
            detail: error.to_string(),
            field: error.field().map(str::to_owned),
        }
    }
}

impl From<esafety_core::policy::PolicyError> for EsafetyError {
    /// The policy case, with every problem.
    fn from(error: esafety_core::policy::PolicyError) -> Self {
        match crate::convert::wire(&error.problems()) {
            Ok(problems) => EsafetyError::Policy {
                code: error.code().to_owned(),
                detail: error.to_string(),
                problems,
            },
            Err(mismatch) => mismatch,
        }
    }
}

/// Locks a core object shared across threads; a lock poisoned by an earlier panic throws
/// `EsafetyException.Argument` (`object_unavailable`).
pub fn lock<T>(inner: &Mutex<T>) -> Result<MutexGuard<'_, T>, EsafetyError> {
    inner.lock().map_err(|_| EsafetyError::Argument {
        code: "object_unavailable".to_owned(),
        detail: "the object is unusable after an earlier failure".to_owned(),
    })
}
