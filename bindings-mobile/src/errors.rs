//! The sealed exception hierarchy foreign code sees.

use esafety_core::ErrorCode;
use std::sync::{Mutex, MutexGuard};

/// What every fallible call returns: the value, or the sealed exception.
pub type Result<T, E = EsafetyError> = std::result::Result<T, E>;

/// Declares the error enum: every case carries `code` and `detail`, some a field more.
macro_rules! cases {
    ($($(#[$doc:meta])* $case:ident { $($(#[$extra_doc:meta])* $extra:ident: $ty:ty)? },)+) => {
        /// Every failure, one case per core domain. `code` is the stable snake_case id the
        /// conformance vectors assert; `detail` is the English message.
        #[derive(Debug, thiserror::Error, uniffi::Error)]
        pub enum EsafetyError {
            $($(#[$doc])*
            #[error("{detail}")]
            $case {
                /// Stable snake_case code, e.g. `url_invalid_port`.
                code: String,
                /// Human-readable message.
                detail: String,
                $($(#[$extra_doc])* $extra: $ty,)?
            },)+
        }
    };
}

cases! {
    /// A web address could not be canonicalised.
    Url {},
    /// A JSON document has an unsupported schema or shape, or a record does not match it.
    Wire {},
    /// An argument has the wrong shape (a malformed instant, date or JSON document).
    Argument {},
    /// An incident dict or a school profile is not valid.
    Incident {
        /// The path of the offending field (`facts.adult`), when there is one.
        field: Option<String>
    },
    /// An image-consent operation was refused (unknown channel or state, tampered ledger).
    Consent {},
    /// The web filter refused a list, policy, override or audience.
    Filter {},
    /// A role, AUP, signature or permission call was refused (`registry_unknown_role`, ...).
    Registry {},
    /// A term list, audience or roster given to the term scanner is invalid.
    Scanner {},
    /// A school policy document is not valid; `problems` lists every problem.
    Policy {
        /// Every problem found (empty for an unknown preset).
        problems: Vec<crate::Problem>
    },
    /// A file could not be read.
    Io {},
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
pub fn lock<T>(inner: &Mutex<T>) -> Result<MutexGuard<'_, T>> {
    inner.lock().map_err(|_| EsafetyError::Argument {
        code: "object_unavailable".to_owned(),
        detail: "the object is unusable after an earlier failure".to_owned(),
    })
}
