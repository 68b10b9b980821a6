//! Seals: a school's Ed25519 signature over a record, so that an export proves itself.
//!
//! A hash chain (the consent ledger, the filter change log) detects an edit in the middle,
//! but not a chain cut short and re-headed, nor one rewritten from scratch. A seal signs the
//! head with the school's private key; whoever holds the school's public key can check that
//! the school wrote that head. Keys are 32 bytes, written as 64 hex digits.
//!
//! The core never draws random numbers: [`SchoolKey::from_seed`] takes 32 random bytes
//! that the caller got from the operating system (the bindings' `generate_signing_key`).
//!
//! # Example
//!
//! ```
//! use esafety_core::seal::SchoolKey;
//!
//! let key = SchoolKey::from_seed([7; 32]);
//! let public = key.public_key();
//! let seal = key.seal(b"head 1");
//! assert!(public.verify(b"head 1", &seal).is_ok());
//! assert!(public.verify(b"head 2", &seal).is_err());
//! ```

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::error::ErrorCode;

/// The only algorithm a seal uses.
pub const ALGORITHM: &str = "ed25519";

/// Why a key or a seal was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SealError {
    /// A key that is not 64 hex digits, or not a valid Ed25519 public key.
    #[error("invalid {which} key: expected 64 hex digits (32 bytes)")]
    InvalidKey {
        /// `private` or `public`.
        which: &'static str,
    },
    /// The record carries no seal, a seal of another key or algorithm, or a signature that
    /// does not match its content.
    #[error("the seal does not verify: {reason}")]
    SignatureInvalid {
        /// Why.
        reason: String,
    },
}

impl ErrorCode for SealError {
    fn code(&self) -> &'static str {
        match self {
            SealError::InvalidKey { .. } => "invalid_key",
            SealError::SignatureInvalid { .. } => "signature_invalid",
        }
    }

    fn domain(&self) -> &'static str {
        "seal"
    }
}

/// A school's private signing key.
#[derive(Clone)]
pub struct SchoolKey(SigningKey);

impl std::fmt::Debug for SchoolKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the private key.
        write!(f, "SchoolKey(public {})", self.public_key().to_hex())
    }
}

impl SchoolKey {
    /// The key made from 32 random bytes (the caller's operating system supplies them).
    pub fn from_seed(seed: [u8; 32]) -> SchoolKey {
        SchoolKey(SigningKey::from_bytes(&seed))
    }

    /// Reads a private key written as 64 hex digits.
    ///
    /// # Errors
    ///
    /// [`SealError::InvalidKey`].
    pub fn from_hex(text: &str) -> Result<SchoolKey, SealError> {
        from_hex32(text)
            .map(SchoolKey::from_seed)
            .ok_or(SealError::InvalidKey { which: "private" })
    }

    /// The private key as 64 hex digits (keep it secret).
    pub fn to_hex(&self) -> String {
        to_hex(&self.0.to_bytes())
    }

    /// The matching public key, to give to whoever checks the school's records.
    pub fn public_key(&self) -> SchoolPublicKey {
        SchoolPublicKey(self.0.verifying_key())
    }

    /// Signs a message.
    pub fn seal(&self, message: &[u8]) -> Seal {
        Seal {
            algorithm: ALGORITHM.to_owned(),
            public_key: self.public_key().to_hex(),
            signature: to_hex(&self.0.sign(message).to_bytes()),
        }
    }
}

/// A school's public key: checks seals made with its [`SchoolKey`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolPublicKey(VerifyingKey);

impl SchoolPublicKey {
    /// Reads a public key written as 64 hex digits.
    ///
    /// # Errors
    ///
    /// [`SealError::InvalidKey`] when the text is not 32 bytes of hex or not a point of
    /// the curve.
    pub fn from_hex(text: &str) -> Result<SchoolPublicKey, SealError> {
        from_hex32(text)
            .and_then(|bytes| VerifyingKey::from_bytes(&bytes).ok())
            .map(SchoolPublicKey)
            .ok_or(SealError::InvalidKey { which: "public" })
    }

    /// The key as 64 hex digits.
    pub fn to_hex(&self) -> String {
        to_hex(self.0.as_bytes())
    }

    /// Checks that `seal` is this key's signature of `message`.
    ///
    /// # Errors
    ///
    /// [`SealError::SignatureInvalid`] naming why: another algorithm, another key, or a
    /// signature that does not match.
    pub fn verify(&self, message: &[u8], seal: &Seal) -> Result<(), SealError> {
        let invalid = |reason: &str| SealError::SignatureInvalid {
            reason: reason.to_owned(),
        };
        if seal.algorithm != ALGORITHM {
            return Err(invalid("the seal is not an ed25519 signature"));
        }
        if seal.public_key != self.to_hex() {
            return Err(invalid("the record was sealed with another school's key"));
        }
        let signature = from_hex64(&seal.signature)
            .map(|bytes| Signature::from_bytes(&bytes))
            .ok_or_else(|| invalid("the signature is not 128 hex digits"))?;
        self.0
            .verify(message, &signature)
            .map_err(|_| invalid("the signature does not match the record"))
    }
}

/// A signature with the key that made it, as it travels inside a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Seal {
    /// Always `ed25519`.
    pub algorithm: String,
    /// The signer's public key (64 hex digits), so a reader can say whose seal it is.
    pub public_key: String,
    /// The signature (128 hex digits).
    pub signature: String,
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn from_hex_into(text: &str, out: &mut [u8]) -> Option<()> {
    let text = text.trim().as_bytes();
    if text.len() != out.len() * 2 {
        return None;
    }
    for (byte, pair) in out.iter_mut().zip(text.chunks_exact(2)) {
        let digits = std::str::from_utf8(pair).ok()?;
        *byte = u8::from_str_radix(digits, 16).ok()?;
    }
    Some(())
}

fn from_hex32(text: &str) -> Option<[u8; 32]> {
    let mut out = [0; 32];
    from_hex_into(text, &mut out).map(|()| out)
}

fn from_hex64(text: &str) -> Option<[u8; 64]> {
    let mut out = [0; 64];
    from_hex_into(text, &mut out).map(|()| out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_through_hex() {
        let key = SchoolKey::from_seed([42; 32]);
        let again = SchoolKey::from_hex(&key.to_hex()).unwrap();
        assert_eq!(again.public_key(), key.public_key());
        let public = SchoolPublicKey::from_hex(&key.public_key().to_hex()).unwrap();
        assert_eq!(public, key.public_key());
    }

    #[test]
    fn bad_keys_and_seals_are_typed_errors() {
        for text in [
            "",
            "zz",
            &"0".repeat(63),
            &"g".repeat(64),
            "é".repeat(32).as_str(),
        ] {
            assert_eq!(SchoolKey::from_hex(text).unwrap_err().code(), "invalid_key");
            assert_eq!(
                SchoolPublicKey::from_hex(text).unwrap_err().code(),
                "invalid_key"
            );
        }
        let key = SchoolKey::from_seed([1; 32]);
        let other = SchoolKey::from_seed([2; 32]).public_key();
        let seal = key.seal(b"m");
        assert_eq!(
            other.verify(b"m", &seal).unwrap_err().code(),
            "signature_invalid"
        );
        let mut forged = seal.clone();
        forged.signature = "00".repeat(64);
        assert!(key.public_key().verify(b"m", &forged).is_err());
        forged.signature = "short".to_owned();
        assert!(key.public_key().verify(b"m", &forged).is_err());
    }

    #[test]
    fn debug_never_prints_the_private_key() {
        let key = SchoolKey::from_seed([9; 32]);
        assert!(!format!("{key:?}").contains(&key.to_hex()));
    }
}
