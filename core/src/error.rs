//! The contract every module error follows.
//!
//! Each domain module owns one `thiserror` enum (`UrlError`, `ConsentError`, ...). Its
//! variants map to stable snake_case codes that never change once published: bindings
//! expose them (`.code` in Python and JS, the `code` field of the Kotlin exception) and
//! conformance vectors assert them.

/// A machine-readable, stable identifier for an error.
///
/// # Examples
///
/// ```
/// use esafety_core::{CanonicalUrl, ErrorCode};
///
/// let err = CanonicalUrl::parse("").unwrap_err();
/// assert_eq!(err.code(), "url_empty");
/// ```
pub trait ErrorCode: std::error::Error {
    /// The snake_case code of this error, for example `url_invalid_port`.
    fn code(&self) -> &'static str;

    /// The domain module the error belongs to, for example `url`.
    ///
    /// Bindings use it to pick the exception subclass (`esafety.UrlError` in Python).
    fn domain(&self) -> &'static str;

    /// What a binding adds to its exception beside `code` and `domain`, by name: the
    /// `field` and `file` of an incident error, the `problems` of a policy error.
    fn attributes(&self) -> serde_json::Map<String, serde_json::Value> {
        serde_json::Map::new()
    }
}
