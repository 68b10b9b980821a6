//! A ledger imported without its seal checked says so on every answer it gives.

use super::*;
use crate::seal::SchoolKey;

fn at(s: &str) -> DateTime<Utc> {
    parse_instant(s).unwrap()
}

/// A yes, a publication and then a withdrawal: the withdrawal is the last entry.
fn withdrawn() -> ConsentLedger {
    let mut l = ConsentLedger::new();
    let w = "school_website";
    let o = RecordOptions::default;
    l.record("p1", "mum", w, "given", at("2025-09-05T10:00:00Z"), o())
        .unwrap();
    l.record_publication("img", &["p1"], w, at("2025-09-10T10:00:00Z"))
        .unwrap();
    l.record("p1", "mum", w, "withdrawn", at("2025-10-01T10:00:00Z"), o())
        .unwrap();
    l
}

/// The export with its last entry cut and the head recomputed: the chain still verifies.
fn cut_tail(l: &ConsentLedger) -> String {
    let mut doc: serde_json::Value = serde_json::from_str(&l.to_json()).unwrap();
    let entries = doc["entries"].as_array_mut().unwrap();
    entries.pop();
    let head = entries.last().unwrap()["hash"].clone();
    doc["head_hash"] = head;
    doc.to_string()
}

#[test]
fn a_cut_tail_imports_but_every_answer_says_the_log_is_unchecked() {
    let l = withdrawn();
    let now = at("2025-10-02T10:00:00Z");
    let copy = ConsentLedger::from_json(&cut_tail(&l)).unwrap();
    // The withdrawal is gone and the yes reads as current: the warning is what tells.
    let d = copy.explain("p1", "school_website", now).unwrap();
    assert!(d.permitted);
    assert_eq!(d.warnings, [ConsentWarning::ExportUnsealed]);
    let image = copy
        .check_image(&["p1"], "school_website", now, false)
        .unwrap();
    assert_eq!(image.warnings, [ConsentWarning::ExportUnsealed]);
    assert_eq!(image.pupils[0].warnings, [ConsentWarning::ExportUnsealed]);
    assert_eq!(copy.warnings(), [ConsentWarning::ExportUnsealed]);
    let json = serde_json::to_value(&image).unwrap();
    assert_eq!(json["warnings"][0], "consent_export_unsealed");
    let receipt = copy.receipt("p1", "mum", now).unwrap();
    assert!(
        receipt
            .esafety
            .warnings
            .iter()
            .any(|w| w.starts_with("consent_export_unsealed: ")),
        "{:?}",
        receipt.esafety.warnings
    );
    // The same export checked against the school's key is refused instead.
    let key = SchoolKey::from_seed([5; 32]);
    let sealed = l.to_json_sealed(&key);
    let mut doc: serde_json::Value = serde_json::from_str(&sealed).unwrap();
    let seal = doc["seal"].clone();
    let mut cut: serde_json::Value = serde_json::from_str(&cut_tail(&l)).unwrap();
    cut["seal"] = seal;
    doc = cut;
    assert!(ConsentLedger::from_json_sealed(&doc.to_string(), &key.public_key()).is_err());
}

#[test]
fn takedowns_of_an_unsealed_import_carry_the_warning() {
    let copy = ConsentLedger::from_json(&withdrawn().to_json()).unwrap();
    let list = copy.takedown_list(at("2025-10-02T10:00:00Z"));
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].warnings, [ConsentWarning::ExportUnsealed]);
}

#[test]
fn a_ledger_built_here_or_imported_with_its_seal_or_head_checked_does_not_warn() {
    let l = withdrawn();
    let now = at("2025-10-02T10:00:00Z");
    let quiet = |l: &ConsentLedger| {
        assert!(l.warnings().is_empty());
        assert!(
            l.explain("p1", "school_website", now)
                .unwrap()
                .warnings
                .is_empty()
        );
        let image = l
            .check_image(&["p1"], "school_website", now, false)
            .unwrap();
        assert!(image.warnings.is_empty());
        assert!(l.takedown_list(now).iter().all(|t| t.warnings.is_empty()));
        let receipt = l.receipt("p1", "mum", now).unwrap();
        assert!(
            !receipt
                .esafety
                .warnings
                .iter()
                .any(|w| w.contains("consent_export_unsealed"))
        );
    };
    quiet(&l);
    let key = SchoolKey::from_seed([5; 32]);
    quiet(&ConsentLedger::from_json_sealed(&l.to_json_sealed(&key), &key.public_key()).unwrap());
    quiet(&ConsentLedger::from_json_anchored(&l.to_json(), l.head_hash()).unwrap());
    // The unsealed import still holds the same log, and appending to it does not make it whole.
    let mut copy = ConsentLedger::from_json(&l.to_json()).unwrap();
    assert_eq!(copy, l);
    copy.restrict("p2", "adopted", now).unwrap();
    assert_eq!(copy.warnings(), [ConsentWarning::ExportUnsealed]);
}
