//! Sealed records for Kotlin and Swift: school keys, sealed consent exports, the signed
//! snapshot a parent app checks offline, and the sealed filter change log.
//!
//! Keys cross as 64 hex digits; a key that is not one throws `invalid_key` in the record's
//! domain (`EsafetyException.Consent`, `EsafetyException.Filter`). Everything else is core's
//! (`to_json_sealed`, `from_json_sealed`, `snapshot`, `check_snapshot`).

use crate::ImageDecision;
use crate::consent::ConsentLedger;
use crate::convert::{WireInstant, wire};
use crate::errors::EsafetyError;
use crate::errors::{Result, lock};
use esafety_core::filter::OverrideLog;
use esafety_core::seal::{SchoolKey, SchoolPublicKey, SealError};
use esafety_core::{ConsentError, ErrorCode};

/// A new school key pair (`generateSigningKey()`): keep the private key on the school's
/// server, give the public key to whoever checks its records.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SigningKeyPair {
    /// The private key, 64 hex digits (keep it secret).
    pub private_key_hex: String,
    /// The public key, 64 hex digits.
    pub public_key_hex: String,
}

/// A new Ed25519 school key from the operating system's random source (`random_unavailable`
/// when it has none).
#[uniffi::export]
pub fn generate_signing_key() -> Result<SigningKeyPair> {
    let (private_key_hex, public_key_hex) = esafety_io::generate_signing_key()?;
    Ok(SigningKeyPair {
        private_key_hex,
        public_key_hex,
    })
}

/// A private key from hex (`invalid_key`).
pub fn school_key(hex: &str) -> Result<SchoolKey> {
    SchoolKey::from_hex(hex).map_err(|_| ConsentError::InvalidKey { which: "private" }.into())
}

/// A public key from hex (`invalid_key`).
pub fn public_key(hex: &str) -> Result<SchoolPublicKey> {
    SchoolPublicKey::from_hex(hex).map_err(|_| ConsentError::InvalidKey { which: "public" }.into())
}

/// A private key from hex for the filter change log (`EsafetyException.Filter`,
/// `invalid_key`).
pub fn filter_key(hex: &str) -> Result<SchoolKey> {
    SchoolKey::from_hex(hex).map_err(filter_error)
}

fn filter_error(error: SealError) -> EsafetyError {
    EsafetyError::Filter {
        code: error.code().to_owned(),
        detail: error.to_string(),
    }
}

/// Verifies a sealed filter change log against the school's public key (hex): the chain must
/// match its head and the seal be the school's (`change_log_tampered`,
/// `change_log_signature_invalid`). Returns the verified log as JSON.
#[uniffi::export]
pub fn verify_change_log(json: &str, public_key: &str) -> Result<String> {
    let key = SchoolPublicKey::from_hex(public_key).map_err(filter_error)?;
    Ok(OverrideLog::from_json_sealed(json, &key)?.to_json())
}

#[uniffi::export]
impl ConsentLedger {
    /// The sealed answer (JSON) for `pupils` on `channel` at `at`, which `checkSnapshot`
    /// reads offline with the school's public key.
    pub fn snapshot(
        &self,
        pupils: Vec<String>,
        channel: &str,
        at: WireInstant,
        signing_key: &str,
    ) -> Result<String> {
        let key = school_key(signing_key)?;
        Ok(lock(&self.inner)?.snapshot(&pupils, channel, at.0, &key)?)
    }
}

/// Reads a signed snapshot offline: its answer, if the school's seal verifies, it covers
/// exactly `pupils` on `channel`, and `at` falls in the time it covers
/// (`snapshot_signature_invalid`, `snapshot_expired`, `snapshot_mismatch`).
#[uniffi::export]
pub fn check_snapshot(
    text: &str,
    pupils: Vec<String>,
    channel: &str,
    at: WireInstant,
    public_key: &str,
) -> Result<ImageDecision> {
    let key = self::public_key(public_key)?;
    wire(&esafety_core::consent::check_snapshot(
        text, &pupils, channel, at.0, &key,
    )?)
}
