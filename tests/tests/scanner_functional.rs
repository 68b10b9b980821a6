//! The functional test suite of the term scanner (`tests/eval/functional/cases.json`,
//! written by `scripts/gen-functional`; issue 13): the share of hateful cases flagged at
//! `ks3` and of the rest flagged, per half, stays at or better than its measured level
//! (`scripts/eval-scanner --functional` prints the per-functionality table).

use esafety_core::scanner::{Audience, Scratch, TermScanner};
use serde_json::Value;

/// (hateful flagged, hateful, not hateful flagged, not hateful) of one half.
fn measure(half: &str) -> Result<(usize, usize, usize, usize), Box<dyn std::error::Error>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("eval/functional/cases.json");
    let suite: Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    let scanner = TermScanner::embedded_default()?;
    let mut scratch = Scratch::default();
    let mut counts = (0, 0, 0, 0);
    for case in suite["cases"].as_array().ok_or("no cases")? {
        if case["split"] != half {
            continue;
        }
        let text = case["text"].as_str().ok_or("a case with no text")?;
        let matches = scanner.scan_with(&mut scratch, text, Audience::Ks3)?;
        let flagged = usize::from(matches.iter().any(|m| m.is_flagged()));
        if case["label"] == "hateful" {
            counts.0 += flagged;
            counts.1 += 1;
        } else {
            counts.2 += flagged;
            counts.3 += 1;
        }
    }
    Ok(counts)
}

fn share(part: usize, whole: usize) -> f64 {
    part as f64 / whole.max(1) as f64
}

#[test]
fn train_half_meets_the_issue_13_targets() {
    let (hf, h, nf, n) = measure("train").unwrap();
    assert!(h > 500 && n > 200, "{h} hateful, {n} not hateful");
    assert!(share(hf, h) >= 0.75, "hateful flagged {hf}/{h}");
    assert!(share(nf, n) <= 0.08, "not hateful flagged {nf}/{n}");
}

#[test]
fn held_out_half_stays_at_its_measured_level() {
    let (hf, h, nf, n) = measure("held_out").unwrap();
    assert!(h > 500 && n > 200, "{h} hateful, {n} not hateful");
    assert!(share(hf, h) >= 0.6, "hateful flagged {hf}/{h}");
    assert!(share(nf, n) <= 0.15, "not hateful flagged {nf}/{n}");
}
