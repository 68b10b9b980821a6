//! The functional test suite (`tests/eval/functional/cases.json`, written by
//! `scripts/gen-functional`): per functionality, the share of cases flagged at `ks3`, for the
//! `train` and `held_out` halves (split by template). Only `train` cases can be printed.

use esafety_core::scanner::{Audience, Scratch, TermScanner};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// Flagged and total cases.
#[derive(Default, Clone, Copy)]
struct Count {
    flagged: usize,
    total: usize,
}

impl Count {
    fn add(&mut self, flagged: bool) {
        self.total += 1;
        self.flagged += usize::from(flagged);
    }

    fn show(self) -> String {
        super::percent(self.flagged, self.total)
    }
}

/// Prints the per-functionality table, then up to `show` train cases the scanner gets wrong.
pub fn report(
    scanner: &TermScanner,
    file: &Path,
    show: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let suite: Value = serde_json::from_str(&std::fs::read_to_string(file)?)?;
    let cases = suite["cases"]
        .as_array()
        .ok_or("the suite has no `cases`")?;
    let mut scratch = Scratch::default();
    // functionality -> (hateful?, [train, held_out])
    let mut table: BTreeMap<String, (bool, [Count; 2])> = BTreeMap::new();
    let mut totals = [[Count::default(); 2]; 2];
    let mut wrong = Vec::new();
    for case in cases {
        let text = case["text"].as_str().ok_or("a case has no text")?;
        let hateful = case["label"] == "hateful";
        let held_out = case["split"] == "held_out";
        let matches = scanner.scan_with(&mut scratch, text, Audience::Ks3)?;
        let flagged = matches.iter().any(|m| m.is_flagged());
        let name = case["functionality"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let row = table
            .entry(name.clone())
            .or_insert((hateful, Default::default()));
        row.1[usize::from(held_out)].add(flagged);
        totals[usize::from(hateful)][usize::from(held_out)].add(flagged);
        if !held_out && flagged != hateful {
            let why: Vec<String> = matches
                .iter()
                .filter(|m| m.is_flagged())
                .map(|m| m.pattern.clone().unwrap_or_else(|| m.term.clone()))
                .collect();
            wrong.push(format!("{name}: {text} <= [{}]", why.join(", ")));
        }
    }
    println!("| functionality | label | flagged at ks3 (train) | flagged at ks3 (held out) |");
    println!("|---|---|---|---|");
    for (name, (hateful, [train, held_out])) in &table {
        let label = if *hateful { "hateful" } else { "not hateful" };
        println!(
            "| {name} | {label} | {} | {} |",
            train.show(),
            held_out.show()
        );
    }
    for (hateful, label) in [(1, "all hateful"), (0, "all not hateful")] {
        let [train, held_out] = totals[hateful];
        println!("| **{label}** | | {} | {} |", train.show(), held_out.show());
    }
    for w in wrong.iter().take(show) {
        println!("WRONG {w}");
    }
    Ok(())
}
