//! The versioned JSON contract shared by every surface.
//!
//! Every persisted or exchanged document (consent ledger export, conformance vector file,
//! decision JSON) carries an integer `schemaVersion`. Readers reject versions they do not
//! support with [`WireError::UnsupportedSchemaVersion`].

pub mod limits;
mod schema;
mod strict;
mod toml_text;

pub use schema::{defines, schema};
pub use strict::json_value;
pub(crate) use toml_text::{TomlError, toml_value};

/// Reads a JSON document that must be an object (a spec, a map of audiences). Serde would
/// also read a struct from an array of its fields in order, so `[]` would quietly be the
/// default document and `[true]` its first field: an array, like any other value, is
/// refused with the error serde gives for a value of the wrong type.
pub(crate) fn object_from_json<T: serde::de::DeserializeOwned>(
    json: &str,
) -> Result<T, serde_json::Error> {
    let value = json_value(json)?;
    if !value.is_object() {
        let unexpected = match &value {
            serde_json::Value::Array(_) => serde::de::Unexpected::Seq,
            serde_json::Value::String(s) => serde::de::Unexpected::Str(s),
            serde_json::Value::Bool(b) => serde::de::Unexpected::Bool(*b),
            serde_json::Value::Null => serde::de::Unexpected::Unit,
            serde_json::Value::Number(_) => serde::de::Unexpected::Other("a number"),
            serde_json::Value::Object(_) => serde::de::Unexpected::Map,
        };
        return Err(serde::de::Error::invalid_type(unexpected, &"a JSON object"));
    }
    serde_json::from_value(value)
}

use crate::error::ErrorCode;

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: u32 = 1;

/// The version of the esafety library (the core crate's package version).
pub const LIBRARY_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Errors reading a versioned JSON document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WireError {
    /// The document was written by a schema this build does not understand.
    #[error("unsupported schema version `{found}`: this build supports version {supported}")]
    UnsupportedSchemaVersion {
        /// The version found in the document.
        found: u64,
        /// The version this build supports.
        supported: u32,
    },
    /// The document is not valid JSON or does not have the expected shape.
    #[error("malformed document: {reason}")]
    Malformed {
        /// Why the document was rejected (never contains personal data).
        reason: String,
    },
}

impl ErrorCode for WireError {
    fn code(&self) -> &'static str {
        match self {
            WireError::UnsupportedSchemaVersion { .. } => "unsupported_schema_version",
            WireError::Malformed { .. } => "malformed_document",
        }
    }

    fn domain(&self) -> &'static str {
        "wire"
    }
}

/// Checks a document's `schemaVersion` field.
///
/// # Errors
///
/// [`WireError::UnsupportedSchemaVersion`] when the version differs from
/// [`SCHEMA_VERSION`], [`WireError::Malformed`] when the field is missing.
///
/// # Examples
///
/// ```
/// use esafety_core::wire::check_schema_version;
///
/// let doc = serde_json::json!({"schemaVersion": 1});
/// assert!(check_schema_version(&doc).is_ok());
/// let newer = serde_json::json!({"schemaVersion": 99});
/// assert!(check_schema_version(&newer).is_err());
/// ```
pub fn check_schema_version(document: &serde_json::Value) -> Result<(), WireError> {
    match document
        .get("schemaVersion")
        .and_then(serde_json::Value::as_u64)
    {
        Some(v) if v == u64::from(SCHEMA_VERSION) => Ok(()),
        Some(found) => Err(WireError::UnsupportedSchemaVersion {
            found,
            supported: SCHEMA_VERSION,
        }),
        None => Err(WireError::Malformed {
            reason: "missing integer field `schemaVersion`".to_owned(),
        }),
    }
}

/// Implements [`schemars::JsonSchema`] for a type serialised as one string id.
///
/// `ids` lists the closed set of values (omit it for an open set such as filter categories,
/// which also accept list-specific names).
macro_rules! string_schema {
    ($ty:ty, $name:expr $(, ids = $ids:expr)?) => {
        impl schemars::JsonSchema for $ty {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                $name.into()
            }

            #[allow(unused_mut, reason = "mutated only when the set is closed")]
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let mut schema = schemars::json_schema!({ "type": "string" });
                $( schema.insert("enum".to_owned(), serde_json::json!($ids)); )?
                schema
            }
        }
    };
}

pub(crate) use string_schema;
