//! Sealed exports and snapshots: every tampering the hash chain alone misses is caught.

use super::*;
use crate::ErrorCode;
use crate::seal::SchoolKey;
use serde_json::Value;

fn at(s: &str) -> chrono::DateTime<chrono::Utc> {
    parse_instant(s).unwrap()
}

fn ledger() -> ConsentLedger {
    let mut l = ConsentLedger::new();
    let o = RecordOptions::default;
    l.record(
        "p1",
        "c1",
        "school_website",
        "given",
        at("2025-09-05T08:00:00Z"),
        o(),
    )
    .unwrap();
    l.record(
        "p2",
        "c2",
        "school_website",
        "given",
        at("2025-09-05T09:00:00Z"),
        o(),
    )
    .unwrap();
    l.restrict("p2", "adopted", at("2025-09-06T09:00:00Z"))
        .unwrap();
    l
}

/// Drops the last entry and re-heads the chain: what `from_json` alone accepts.
fn truncated(export: &str) -> String {
    let mut doc: Value = serde_json::from_str(export).unwrap();
    let entries = doc["entries"].as_array_mut().unwrap();
    entries.pop();
    let head = entries.last().unwrap()["hash"].clone();
    doc["head_hash"] = head;
    doc.to_string()
}

#[test]
fn truncation_that_the_chain_accepts_is_refused_by_the_seal() {
    let key = SchoolKey::from_seed([5; 32]);
    let sealed = ledger().to_json_sealed(&key);
    let cut = truncated(&sealed);
    let err = ConsentLedger::from_json_sealed(&cut, &key.public_key()).unwrap_err();
    assert_eq!(err.code(), "ledger_signature_invalid");
    // Without the school's key the seal the export carries is still checked: a present
    // but broken seal is never ignored.
    let err = ConsentLedger::from_json(&cut).unwrap_err();
    assert_eq!(err.code(), "ledger_signature_invalid");
    // With the seal taken off too, the chain alone cannot see the cut: only a sealed
    // import with the school's key (or an anchored head) can.
    let mut unsealed: Value = serde_json::from_str(&cut).unwrap();
    unsealed.as_object_mut().unwrap().remove("seal");
    let unsealed = unsealed.to_string();
    assert!(ConsentLedger::from_json(&unsealed).is_ok());
    let err = ConsentLedger::from_json_sealed(&unsealed, &key.public_key()).unwrap_err();
    assert_eq!(err.code(), "ledger_signature_invalid");
}

#[test]
fn unsealed_other_key_and_edited_exports_are_refused() {
    let key = SchoolKey::from_seed([5; 32]);
    let public = key.public_key();
    let l = ledger();
    let unsealed = ConsentLedger::from_json_sealed(&l.to_json(), &public).unwrap_err();
    assert_eq!(unsealed.code(), "ledger_signature_invalid");
    let stranger = l.to_json_sealed(&SchoolKey::from_seed([6; 32]));
    let other = ConsentLedger::from_json_sealed(&stranger, &public).unwrap_err();
    assert_eq!(other.code(), "ledger_signature_invalid");
    let edited = l
        .to_json_sealed(&key)
        .replace(r#""reason":"adopted""#, r#""reason":"court_order""#);
    let err = ConsentLedger::from_json_sealed(&edited, &public).unwrap_err();
    assert_eq!(err.code(), "ledger_tampered");
    let round = ConsentLedger::from_json_sealed(&l.to_json_sealed(&key), &public).unwrap();
    assert_eq!(round.head_hash(), l.head_hash());
}

#[test]
fn snapshot_holds_the_decision_until_it_expires() {
    let key = SchoolKey::from_seed([8; 32]);
    let public = key.public_key();
    let l = ledger();
    let taken = at("2025-09-10T10:00:00Z");
    let snap = l
        .snapshot(&["p2", "p1"], "school_website", taken, &key)
        .unwrap();
    let d = check_snapshot(&snap, &["p1", "p2"], "school_website", taken, &public).unwrap();
    assert!(!d.allowed, "p2 is restricted (adopted)");
    assert_eq!(
        d,
        l.check_image(&["p1", "p2"], "school_website", taken, false)
            .unwrap()
    );
    let week = at("2025-09-17T10:00:00Z");
    let expired = check_snapshot(&snap, &["p1", "p2"], "school_website", week, &public);
    assert_eq!(expired.unwrap_err().code(), "snapshot_expired");
    let before = check_snapshot(
        &snap,
        &["p1", "p2"],
        "school_website",
        at("2025-09-09T10:00:00Z"),
        &public,
    );
    assert_eq!(before.unwrap_err().code(), "snapshot_expired");
    let other = check_snapshot(&snap, &["p1"], "school_website", taken, &public);
    assert_eq!(other.unwrap_err().code(), "snapshot_mismatch");
    let channel = check_snapshot(&snap, &["p1", "p2"], "press_media", taken, &public);
    assert_eq!(channel.unwrap_err().code(), "snapshot_mismatch");
}

#[test]
fn snapshot_never_outlives_the_consent_year() {
    let key = SchoolKey::from_seed([8; 32]);
    let l = ledger();
    // Taken on 28 August: the yes lapses at 00:00 on 1 September in England.
    let snap = l
        .snapshot(&["p1"], "school_website", at("2026-08-28T10:00:00Z"), &key)
        .unwrap();
    let doc: Value = serde_json::from_str(&snap).unwrap();
    assert_eq!(doc["valid_until"], "2026-08-31T23:00:00Z");
}

#[test]
fn snapshot_ends_at_the_next_change_the_ledger_holds() {
    let key = SchoolKey::from_seed([8; 32]);
    let public = key.public_key();
    let mut l = ledger();
    let o = RecordOptions::default;
    // Recorded before the snapshot is taken, in force after it: a leaving date for p1 and
    // a withdrawal for p1 on another channel's carer.
    l.record_leaving("p1", chrono::NaiveDate::from_ymd_opt(2025, 9, 12).unwrap())
        .unwrap();
    l.record(
        "p1",
        "c1",
        "school_website",
        "withdrawn",
        at("2025-09-14T08:00:00Z"),
        o(),
    )
    .unwrap();
    let taken = at("2025-09-10T10:00:00Z");
    let snap = l.snapshot(&["p1"], "school_website", taken, &key).unwrap();
    let doc: Value = serde_json::from_str(&snap).unwrap();
    // 00:00 on 12 September in England, the earliest of the two.
    assert_eq!(doc["valid_until"], "2025-09-11T23:00:00Z");
    let still = check_snapshot(&snap, &["p1"], "school_website", taken, &public).unwrap();
    assert!(still.allowed);
    let after = at("2025-09-12T10:00:00Z");
    let left = check_snapshot(&snap, &["p1"], "school_website", after, &public);
    assert_eq!(left.unwrap_err().code(), "snapshot_expired");
    assert!(
        !l.check_image(&["p1"], "school_website", after, false)
            .unwrap()
            .allowed
    );
    // A change for another pupil does not cut p1's snapshot.
    let mut other = ledger();
    other
        .record_leaving("p2", chrono::NaiveDate::from_ymd_opt(2025, 9, 12).unwrap())
        .unwrap();
    let snap = other
        .snapshot(&["p1"], "school_website", taken, &key)
        .unwrap();
    let doc: Value = serde_json::from_str(&snap).unwrap();
    assert_eq!(doc["valid_until"], "2025-09-17T10:00:00Z");
}

#[test]
fn altered_or_unsigned_snapshots_are_refused() {
    let key = SchoolKey::from_seed([8; 32]);
    let public = key.public_key();
    let taken = at("2025-09-10T10:00:00Z");
    let snap = ledger()
        .snapshot(&["p1"], "school_website", taken, &key)
        .unwrap();
    let mut doc: Value = serde_json::from_str(&snap).unwrap();
    doc["valid_until"] = Value::from("2030-01-01T00:00:00Z");
    let longer = check_snapshot(&doc.to_string(), &["p1"], "school_website", taken, &public);
    assert_eq!(longer.unwrap_err().code(), "snapshot_signature_invalid");
    doc.as_object_mut().unwrap().remove("seal");
    let unsigned = check_snapshot(&doc.to_string(), &["p1"], "school_website", taken, &public);
    assert_eq!(unsigned.unwrap_err().code(), "snapshot_signature_invalid");
    let foreign = check_snapshot("{}", &["p1"], "school_website", taken, &public);
    assert_eq!(foreign.unwrap_err().code(), "consent_malformed_ledger");
}
