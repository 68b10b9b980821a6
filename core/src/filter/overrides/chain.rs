//! The change log as a hash chain, and its seal.
//!
//! Each event's hash covers the hash before it and the event's canonical JSON, so the head
//! commits to every event in order: an edited, inserted, removed or reordered event changes
//! it. The school's seal over the head (see [`crate::seal`]) also catches a log cut short and
//! re-headed.
//!
//! # Example
//!
//! ```
//! use esafety_core::ErrorCode;
//! use esafety_core::filter::{OverrideEvent, OverrideLog, UrlFilter};
//! use esafety_core::seal::SchoolKey;
//!
//! let mut filter = UrlFilter::default();
//! filter.record(serde_json::from_str::<OverrideEvent>(r#"{"type": "request", "id": "u1",
//!   "action": "unblock", "target": "coolmath.test", "audiences": ["ks1"],
//!   "requested_by": "staff-17", "at": "2026-03-01T12:00:00Z", "reason": "maths"}"#).unwrap())?;
//! let key = SchoolKey::from_seed([1; 32]);
//! let sealed = filter.overrides().to_json_sealed(&key);
//! assert!(OverrideLog::from_json_sealed(&sealed, &key.public_key()).is_ok());
//! let edited = sealed.replace("maths", "games");
//! let err = OverrideLog::from_json_sealed(&edited, &key.public_key()).unwrap_err();
//! assert_eq!(err.code(), "change_log_tampered");
//! # Ok::<(), esafety_core::filter::FilterError>(())
//! ```

use sha2::{Digest, Sha256};

use super::OverrideLog;
use crate::filter::FilterError;
use crate::seal::{SchoolKey, SchoolPublicKey};

/// The `kind` the chain's genesis commits to.
const LOG_KIND: &str = "esafety.filter_change_log";

impl OverrideLog {
    /// The hash at the head of the events' chain (hex SHA-256).
    pub fn head_hash(&self) -> String {
        let genesis = hex(&Sha256::digest(
            format!("{LOG_KIND}\n{}", crate::wire::SCHEMA_VERSION).as_bytes(),
        ));
        self.events
            .iter()
            .enumerate()
            .fold(genesis, |prev, (seq, event)| {
                let json = serde_json::to_string(event).unwrap_or_default();
                hex(&Sha256::digest(format!("{prev}\n{seq}\n{json}").as_bytes()))
            })
    }

    /// The change log as [`to_json`](Self::to_json) writes it, sealed with the school's key
    /// over its head and length.
    pub fn to_json_sealed(&self, key: &SchoolKey) -> String {
        let seal = key.seal(self.message().as_bytes());
        serde_json::json!({
            "schemaVersion": crate::wire::SCHEMA_VERSION,
            "events": self.events,
            "overrides": self.records,
            "head_hash": self.head_hash(),
            "seal": seal,
        })
        .to_string()
    }

    /// Reads a sealed change log: the chain must match its head and the seal must be the
    /// school's over that head.
    ///
    /// # Errors
    ///
    /// Every error of [`from_json`](Self::from_json);
    /// [`FilterError::ChangeLogSignatureInvalid`] for a missing, foreign or broken seal.
    pub fn from_json_sealed(
        json: &str,
        public_key: &SchoolPublicKey,
    ) -> Result<OverrideLog, FilterError> {
        let log = OverrideLog::from_json(json)?;
        let invalid = |reason: String| FilterError::ChangeLogSignatureInvalid { reason };
        let document = crate::wire::json_value(json)
            .map_err(|e| invalid(format!("the log is not readable JSON: {e}")))?;
        if document.get("head_hash").is_none() {
            return Err(invalid("the log carries no head hash".to_owned()));
        }
        let seal = document
            .get("seal")
            .ok_or_else(|| invalid("the log is not sealed".to_owned()))?;
        let seal = serde_json::from_value(seal.clone())
            .map_err(|e| invalid(format!("the seal is malformed: {e}")))?;
        public_key
            .verify(log.message().as_bytes(), &seal)
            .map_err(|e| invalid(e.to_string()))?;
        Ok(log)
    }

    fn message(&self) -> String {
        format!(
            "{LOG_KIND}\n{}\n{}\n{}",
            crate::wire::SCHEMA_VERSION,
            self.head_hash(),
            self.events.len()
        )
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;
    use crate::filter::{OverrideEvent, UrlFilter};
    use serde_json::Value;

    fn filter() -> UrlFilter {
        let mut f = UrlFilter::default();
        for (id, target) in [("u1", "coolmath.test"), ("u2", "scratch.test")] {
            let event = serde_json::json!({"type": "request", "id": id, "action": "unblock",
                "target": target, "audiences": ["ks2"], "requested_by": "staff-1",
                "at": "2026-03-01T12:00:00Z", "reason": "lesson"});
            f.record(serde_json::from_value::<OverrideEvent>(event).unwrap())
                .unwrap();
        }
        f
    }

    #[test]
    fn reordered_removed_and_rehead_events_are_caught() {
        let key = SchoolKey::from_seed([4; 32]);
        let public = key.public_key();
        let sealed = filter().overrides().to_json_sealed(&key);
        let mut doc: Value = serde_json::from_str(&sealed).unwrap();
        doc["events"].as_array_mut().unwrap().reverse();
        let reordered = OverrideLog::from_json(&doc.to_string()).unwrap_err();
        assert_eq!(reordered.code(), "change_log_tampered");
        // Cut short and re-headed: the chain agrees, the seal does not.
        let mut doc: Value = serde_json::from_str(&sealed).unwrap();
        doc["events"].as_array_mut().unwrap().pop();
        doc["overrides"].as_array_mut().unwrap().pop();
        let shorter = OverrideLog::from_json(&doc.to_string()).unwrap_err();
        assert_eq!(shorter.code(), "change_log_tampered");
        let events: Vec<OverrideEvent> = serde_json::from_value(doc["events"].clone()).unwrap();
        let reheaded = OverrideLog {
            events,
            records: Vec::new(),
        }
        .head_hash();
        doc["head_hash"] = Value::from(reheaded);
        assert!(OverrideLog::from_json(&doc.to_string()).is_ok());
        let err = OverrideLog::from_json_sealed(&doc.to_string(), &public).unwrap_err();
        assert_eq!(err.code(), "change_log_signature_invalid");
    }

    #[test]
    fn override_states_are_derived_from_the_events() {
        let plain = filter().change_log_json();
        let mut doc: Value = serde_json::from_str(&plain).unwrap();
        assert_eq!(doc["overrides"][0]["status"], "pending");
        doc["overrides"][0]["status"] = Value::from("approved");
        let err = OverrideLog::from_json(&doc.to_string()).unwrap_err();
        assert_eq!(err.code(), "change_log_tampered");
        let log = OverrideLog::from_json(&plain).unwrap();
        assert_eq!(log.records(), filter().overrides().records());
    }

    #[test]
    fn unsealed_logs_are_refused_where_a_seal_is_required() {
        let key = SchoolKey::from_seed([4; 32]);
        let plain = filter().change_log_json();
        assert!(OverrideLog::from_json(&plain).is_ok());
        let err = OverrideLog::from_json_sealed(&plain, &key.public_key()).unwrap_err();
        assert_eq!(err.code(), "change_log_signature_invalid");
    }
}
