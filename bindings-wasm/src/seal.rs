//! Sealed consent records from JavaScript: signing keys, sealed exports and snapshots.
//!
//! Keys are hex text (`generateSigningKey()` → `[privateHex, publicHex]`); the seed comes
//! from `crypto.getRandomValues`, the key from core `seal::SchoolKey::from_seed`.
//!
//! ```js
//! const [priv, pub] = generateSigningKey();
//! const text = ledger.toJson({ signingKey: priv });
//! ConsentLedger.fromJson(text, { publicKey: pub }); // throws `ledger_signature_invalid` if cut
//! ```

use crate::args::{Text, texts};
use crate::consent::ConsentLedger;
use crate::convert::{Time, instant, options, parse_json, wire_text};
use crate::errors::{Throw, coded_error, js_result};
use esafety_core::consent::{self as core, check_snapshot as core_check_snapshot};
use esafety_core::seal::{SchoolKey, SchoolPublicKey};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = crypto, js_name = getRandomValues)]
    fn get_random_values(buffer: &js_sys::Uint8Array) -> Result<JsValue, JsValue>;
}

/// The options that sign (`toJson`, `snapshot`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SignOptions {
    signing_key: Option<String>,
}

/// The options that verify (`fromJson`, `checkSnapshot`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VerifyOptions {
    public_key: Option<String>,
}

fn signing_key(o: SignOptions) -> Result<Option<SchoolKey>, JsValue> {
    o.signing_key
        .as_deref()
        .map(SchoolKey::from_hex)
        .transpose()
        .or_throw()
}

fn public_key(o: VerifyOptions) -> Result<Option<SchoolPublicKey>, JsValue> {
    o.public_key
        .as_deref()
        .map(SchoolPublicKey::from_hex)
        .transpose()
        .or_throw()
}

/// The `invalid_argument` error for a required key left out.
fn required(key: &str) -> JsValue {
    coded_error(
        "invalid_argument",
        "argument",
        &format!("`{key}` is required"),
    )
}

/// A new Ed25519 school key: `[privateKeyHex, publicKeyHex]`. Keep the private key secret;
/// give the public key to whoever checks the school's records.
#[wasm_bindgen(js_name = generateSigningKey, unchecked_return_type = "[string, string]")]
pub fn generate_signing_key() -> Result<Vec<String>, JsValue> {
    let buffer = js_sys::Uint8Array::new_with_length(32);
    get_random_values(&buffer).map_err(|_| {
        coded_error(
            "random_unavailable",
            "seal",
            "crypto.getRandomValues failed",
        )
    })?;
    let mut seed = [0u8; 32];
    buffer.copy_to(&mut seed);
    let key = SchoolKey::from_seed(seed);
    Ok(vec![key.to_hex(), key.public_key().to_hex()])
}

/// Reads a sealed snapshot offline: the `ImageDecision` it holds, if the school's seal
/// verifies with `publicKey`, it covers exactly `pupils` and `channel`, and `at` falls in
/// its time. Throws `snapshot_signature_invalid`, `snapshot_expired`, `snapshot_mismatch`.
#[wasm_bindgen(js_name = checkSnapshot, unchecked_return_type = "ImageDecision")]
pub fn check_snapshot(
    text: Text,
    #[wasm_bindgen(unchecked_param_type = "string[]")] pupils: JsValue,
    channel: Text,
    at: Time,
    #[wasm_bindgen(unchecked_param_type = "VerifyOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    text_args!(text, channel);
    let pupils = texts(&pupils, "pupils")?;
    let key = public_key(self::options(Some(options))?)?.ok_or_else(|| required("publicKey"))?;
    js_result(core_check_snapshot(
        text,
        &pupils,
        channel,
        instant(&at)?,
        &key,
    ))
}

#[wasm_bindgen]
impl ConsentLedger {
    /// The versioned, hash-chained export in the wire format (what
    /// `JSON.stringify(ledger)` writes); sealed with the school's key when `signingKey`
    /// (private key hex) is given. A string argument (the key `JSON.stringify` passes) is
    /// no options.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "WireDocument")]
    pub fn to_json(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "SigningOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let options = options.filter(|o| o.as_string().is_none());
        parse_json(&self.to_json_text(options)?)
    }

    /// The export as JSON text.
    ///
    /// @deprecated Use `JSON.stringify(ledger)` (or `JSON.stringify(ledger.toJSON({ signingKey }))`).
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json_text(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "SigningOptions")] options: Option<JsValue>,
    ) -> Result<String, JsValue> {
        Ok(match signing_key(self::options(options)?)? {
            Some(key) => self.inner.to_json_sealed(&key),
            None => self.inner.to_json(),
        })
    }

    /// Imports an export (JSON text or the object `toJSON()` returns), verifying the hash
    /// chain (`ledger_tampered` on any change) and, when `publicKey` is given, the
    /// school's seal (`ledger_signature_invalid`). Without it the log cannot be known whole:
    /// `warnings` and every decision say `consent_export_unsealed`.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "string | WireDocument")] document: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "VerifyOptions")] options: Option<JsValue>,
    ) -> Result<ConsentLedger, JsValue> {
        let text = wire_text(&document)?;
        match public_key(self::options(options)?)? {
            Some(key) => core::ConsentLedger::from_json_sealed(&text, &key).or_throw_as(),
            None => core::ConsentLedger::from_json(&text).or_throw_as(),
        }
    }

    /// The sealed answer for `pupils` on `channel` at `at` (JSON text), which
    /// `checkSnapshot` reads offline; `signingKey` is required.
    pub fn snapshot(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] pupils: JsValue,
        channel: Text,
        at: Time,
        #[wasm_bindgen(unchecked_param_type = "SigningOptions")] options: JsValue,
    ) -> Result<String, JsValue> {
        text_args!(channel);
        let pupils = texts(&pupils, "pupils")?;
        let key =
            signing_key(self::options(Some(options))?)?.ok_or_else(|| required("signingKey"))?;
        (self.inner)
            .snapshot(&pupils, channel, instant(&at)?, &key)
            .or_throw()
    }
}
