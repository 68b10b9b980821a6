//! School signing keys: `esafety.generate_signing_key()` and the hex key arguments of
//! the sealed consent calls (a malformed key is `ConsentError` with code `invalid_key`).

use crate::convert::OrRaise;
use esafety_core::consent::ConsentError;
use esafety_core::seal::{SchoolKey, SchoolPublicKey};
use pyo3::prelude::*;

/// A new Ed25519 school key from the operating system: ``(private_hex, public_hex)``.
///
/// Keep the private half on the school's server; give the public half to whoever checks.
///
/// Raises:
///     IoError: the operating system has no random bytes to give.
#[pyfunction]
fn generate_signing_key() -> PyResult<(String, String)> {
    esafety_io::generate_signing_key().or_raise()
}

/// A private key from 64 hex digits.
pub fn signing_key(hex: &str) -> PyResult<SchoolKey> {
    let invalid = |_| ConsentError::InvalidKey { which: "private" };
    SchoolKey::from_hex(hex).map_err(invalid).or_raise()
}

/// A public key from 64 hex digits.
pub fn public_key(hex: &str) -> PyResult<SchoolPublicKey> {
    let invalid = |_| ConsentError::InvalidKey { which: "public" };
    SchoolPublicKey::from_hex(hex).map_err(invalid).or_raise()
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(generate_signing_key, m)?)
}
