//! New school signing keys, from the operating system's random source.

use crate::IoError;
use esafety_core::seal::SchoolKey;

/// A new Ed25519 school key: `(private_key_hex, public_key_hex)`, 64 hex digits each.
///
/// The private half signs consent exports, snapshots and the filter change log; keep it
/// on the school's server. The public half goes to whoever verifies (the parent app).
///
/// # Examples
///
/// ```
/// use esafety_core::seal::{SchoolKey, SchoolPublicKey};
///
/// let (private, public) = esafety_io::generate_signing_key()?;
/// let key = SchoolKey::from_hex(&private).unwrap();
/// assert_eq!(key.public_key(), SchoolPublicKey::from_hex(&public).unwrap());
/// # Ok::<(), esafety_io::IoError>(())
/// ```
///
/// # Errors
///
/// [`IoError::Random`] when the operating system has no random bytes to give.
pub fn generate_signing_key() -> Result<(String, String), IoError> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| IoError::Random {
        reason: e.to_string(),
    })?;
    let key = SchoolKey::from_seed(seed);
    Ok((key.to_hex(), key.public_key().to_hex()))
}
