//! Sealed exports and snapshots: records that prove the school wrote them.
//!
//! The hash chain detects an edited or reordered entry; the seal (the school's Ed25519
//! signature over the head, see [`crate::seal`]) also detects a ledger cut short and
//! re-headed, or rewritten from scratch. A **snapshot** is the sealed answer for one group
//! of pupils and one channel at one instant, which a parent app can check offline with the
//! school's public key until it expires (at most [`SNAPSHOT_VALID_DAYS`] days, never past
//! the next consent expiry of the school's rule, nor past the next change the ledger
//! already holds for those pupils or the notice: a leaving date, a withdrawal or a
//! restriction recorded ahead of time ends it there).
//!
//! # Example
//!
//! ```
//! use esafety_core::ErrorCode;
//! use esafety_core::consent::{ConsentLedger, RecordOptions, check_snapshot, parse_instant};
//! use esafety_core::seal::SchoolKey;
//!
//! let key = SchoolKey::from_seed([3; 32]);
//! let mut ledger = ConsentLedger::new();
//! let at = parse_instant("2025-09-05T08:30:00Z")?;
//! ledger.record("p1", "c1", "school_website", "given", at, RecordOptions::default())?;
//!
//! let export = ledger.to_json_sealed(&key);
//! assert!(ConsentLedger::from_json_sealed(&export, &key.public_key()).is_ok());
//!
//! let now = parse_instant("2025-09-06T10:00:00Z")?;
//! let snapshot = ledger.snapshot(&["p1"], "school_website", now, &key)?;
//! let later = parse_instant("2025-09-07T10:00:00Z")?;
//! let decision = check_snapshot(&snapshot, &["p1"], "school_website", later, &key.public_key())?;
//! assert!(decision.allowed);
//! let forged = snapshot.replace(r#""allowed":true"#, r#""allowed":false"#);
//! let err = check_snapshot(&forged, &["p1"], "school_website", later, &key.public_key());
//! assert_eq!(err.unwrap_err().code(), "snapshot_signature_invalid");
//! # Ok::<(), esafety_core::consent::ConsentError>(())
//! ```

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::ledger::LEDGER_KIND;
use super::{Channel, ConsentError, ConsentLedger, ImageDecision, LedgerEvent, shorten};
use crate::seal::{SchoolKey, SchoolPublicKey, Seal};
use crate::vocabulary::{format_instant, parse_instant};
use crate::wire::SCHEMA_VERSION;

/// The `kind` of a snapshot document.
pub const SNAPSHOT_KIND: &str = "esafety.consent_snapshot";

/// The longest a snapshot counts for, in days.
pub const SNAPSHOT_VALID_DAYS: i64 = 7;

/// The signed part of a snapshot (field order is the signed byte order).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SnapshotBody {
    #[serde(rename = "schemaVersion")]
    schema_version: u64,
    kind: String,
    channel: String,
    pupils: Vec<String>,
    taken_at: String,
    valid_until: String,
    ledger_head: String,
    decision: ImageDecision,
}

/// A snapshot as written: the signed body and the seal over it.
#[derive(Serialize)]
struct SealedSnapshot {
    #[serde(flatten)]
    body: SnapshotBody,
    seal: Seal,
}

impl ConsentLedger {
    /// Exports the ledger as [`to_json`](Self::to_json) does, with the school's seal over
    /// its genesis, head and length.
    pub fn to_json_sealed(&self, key: &SchoolKey) -> String {
        self.document_json(Some(key.seal(ledger_message(self).as_bytes())))
    }

    /// Imports a sealed export: the seal must be the school's and match the head, and the
    /// chain must verify ([`from_json`](Self::from_json)). A truncated, reordered, edited or
    /// re-sealed-by-someone-else ledger is refused.
    ///
    /// # Errors
    ///
    /// [`ConsentError::SignatureInvalid`] (`ledger_signature_invalid`) for a missing or
    /// wrong seal; every error of [`from_json`](Self::from_json).
    pub fn from_json_sealed(
        text: &str,
        public_key: &SchoolPublicKey,
    ) -> Result<ConsentLedger, ConsentError> {
        let ledger = ConsentLedger::read_export(text)?;
        let document =
            crate::wire::json_value(text).map_err(|e| ConsentError::MalformedLedger {
                reason: format!("not valid json: {e}"),
            })?;
        let seal = read_seal(&document, "ledger")?;
        public_key
            .verify(ledger_message(&ledger).as_bytes(), &seal)
            .map_err(|e| invalid("ledger", e))?;
        Ok(ledger)
    }

    /// The sealed answer for `pupils` on `channel` at `at` (names not shown), which
    /// [`check_snapshot`] reads offline.
    ///
    /// # Errors
    ///
    /// As [`check_image`](Self::check_image).
    pub fn snapshot<S: AsRef<str>>(
        &self,
        pupils: &[S],
        channel: &str,
        at: DateTime<Utc>,
        key: &SchoolKey,
    ) -> Result<String, ConsentError> {
        let pupils = group(pupils);
        let decision = self.check_image(&pupils, channel, at, false)?;
        let longest = at
            .checked_add_signed(TimeDelta::days(SNAPSHOT_VALID_DAYS))
            .unwrap_or(at);
        // The answer holds until the consent year lapses, or until the ledger's next
        // recorded change for these pupils or the notice (an entry dated after `at`: a
        // leaving date, a withdrawal, a restriction, a new notice), whichever is first.
        let next_change = pupils
            .iter()
            .flat_map(|p| self.pupil_events(p))
            .chain(
                self.entries()
                    .iter()
                    .map(|e| &e.event)
                    .filter(|e| matches!(e, LedgerEvent::NoticePublished(_))),
            )
            .map(LedgerEvent::event_time)
            .filter(|t| *t > at)
            .min();
        let valid_until = [self.config().expiry.lapses_at(at), next_change]
            .into_iter()
            .flatten()
            .fold(longest, DateTime::min);
        let body = SnapshotBody {
            schema_version: u64::from(SCHEMA_VERSION),
            kind: SNAPSHOT_KIND.to_owned(),
            channel: Channel::parse(channel)?.to_string(),
            pupils,
            taken_at: format_instant(at),
            valid_until: format_instant(valid_until),
            ledger_head: self.head_hash().to_owned(),
            decision,
        };
        // INVARIANT: the body is strings, a list and a serialisable decision.
        let signed = serde_json::to_string(&body).unwrap_or_default();
        let seal = key.seal(signed.as_bytes());
        let document = SealedSnapshot { body, seal };
        Ok(serde_json::to_string(&document).unwrap_or_default())
    }
}

/// Reads a sealed snapshot offline: the answer it holds, if the school's seal verifies, it
/// covers exactly these pupils and this channel, and `at` falls in the time it covers.
///
/// # Errors
///
/// [`ConsentError::SignatureInvalid`] (`snapshot_signature_invalid`) for an unsigned or
/// altered snapshot; [`ConsentError::SnapshotExpired`]; [`ConsentError::SnapshotMismatch`];
/// [`ConsentError::MalformedLedger`] for text that is not a snapshot;
/// [`ConsentError::UnsupportedSchemaVersion`].
pub fn check_snapshot<S: AsRef<str>>(
    text: &str,
    pupils: &[S],
    channel: &str,
    at: DateTime<Utc>,
    public_key: &SchoolPublicKey,
) -> Result<ImageDecision, ConsentError> {
    let malformed = |reason: String| ConsentError::MalformedLedger { reason };
    crate::wire::limits::check_size(text)?;
    crate::wire::limits::check_json(text)?;
    let mut document: Value =
        crate::wire::json_value(text).map_err(|e| malformed(format!("not valid json: {e}")))?;
    if document.get("kind").and_then(Value::as_str) != Some(SNAPSHOT_KIND) {
        return Err(malformed(format!("not a `{SNAPSHOT_KIND}` document")));
    }
    let seal = read_seal(&document, "snapshot")?;
    if let Some(map) = document.as_object_mut() {
        map.remove("seal");
    }
    let tampered = |reason: String| ConsentError::SignatureInvalid {
        record: "snapshot",
        reason,
    };
    let body: SnapshotBody = serde_json::from_value(document)
        .map_err(|e| tampered(format!("the snapshot no longer has its shape: {e}")))?;
    if body.schema_version != u64::from(SCHEMA_VERSION) {
        return Err(ConsentError::UnsupportedSchemaVersion {
            found: body.schema_version,
            supported: SCHEMA_VERSION,
        });
    }
    let signed = serde_json::to_string(&body).unwrap_or_default();
    public_key
        .verify(signed.as_bytes(), &seal)
        .map_err(|e| invalid("snapshot", e))?;
    let asked = (Channel::parse(channel)?.to_string(), group(pupils));
    if asked != (body.channel.clone(), body.pupils.clone()) {
        return Err(ConsentError::SnapshotMismatch {
            covered: format!("{} on {}", body.pupils.join(", "), body.channel),
            asked: shorten(&format!("{} on {}", asked.1.join(", "), asked.0)),
        });
    }
    let taken_at = parse_instant(&body.taken_at).map_err(|e| tampered(e.to_string()))?;
    let valid_until = parse_instant(&body.valid_until).map_err(|e| tampered(e.to_string()))?;
    if at < taken_at || at >= valid_until {
        return Err(ConsentError::SnapshotExpired {
            taken_at: body.taken_at,
            valid_until: body.valid_until,
            at: format_instant(at),
        });
    }
    Ok(body.decision)
}

/// What a ledger seal signs: the kind, schema, genesis, head and length.
fn ledger_message(ledger: &ConsentLedger) -> String {
    format!(
        "{LEDGER_KIND}\n{SCHEMA_VERSION}\n{}\n{}\n{}",
        ledger.genesis(),
        ledger.head_hash(),
        ledger.entries().len()
    )
}

/// Checks a ledger export's seal against the key it names: it still seals this ledger's
/// genesis, head and length (whose key it is, only [`ConsentLedger::from_json_sealed`]
/// with the school's key can say).
pub(super) fn check_own_seal(seal: &Value, ledger: &ConsentLedger) -> Result<(), ConsentError> {
    let seal: Seal =
        serde_json::from_value(seal.clone()).map_err(|e| ConsentError::SignatureInvalid {
            record: "ledger",
            reason: format!("the seal is malformed: {e}"),
        })?;
    SchoolPublicKey::from_hex(&seal.public_key)
        .and_then(|key| key.verify(ledger_message(ledger).as_bytes(), &seal))
        .map_err(|e| invalid("ledger", e))
}

fn read_seal(document: &Value, record: &'static str) -> Result<Seal, ConsentError> {
    let seal = document
        .get("seal")
        .ok_or_else(|| ConsentError::SignatureInvalid {
            record,
            reason: "the record is not sealed".to_owned(),
        })?;
    serde_json::from_value(seal.clone()).map_err(|e| ConsentError::SignatureInvalid {
        record,
        reason: format!("the seal is malformed: {e}"),
    })
}

fn invalid(record: &'static str, error: crate::seal::SealError) -> ConsentError {
    ConsentError::SignatureInvalid {
        record,
        reason: error.to_string(),
    }
}

/// The pupils of a group, sorted and without repeats (order does not change the answer).
fn group<S: AsRef<str>>(pupils: &[S]) -> Vec<String> {
    let mut ids: Vec<String> = pupils.iter().map(|p| p.as_ref().to_owned()).collect();
    ids.sort();
    ids.dedup();
    ids
}
