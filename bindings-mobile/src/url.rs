//! `parseUrl` for Kotlin and Swift.

use crate::CanonicalUrl;
use crate::convert::wire;
use crate::errors::Result;

/// Canonicalises a web address; throws `EsafetyException.Url` with a `code`.
#[uniffi::export]
pub fn parse_url(url: &str) -> Result<CanonicalUrl> {
    wire(&esafety_core::CanonicalUrl::parse(url)?)
}
