//! Term scanner vectors (`tests/vectors/scanner/`).
//!
//! Vector offsets are Unicode code points (Python `str` indices). This runner scans with
//! byte offsets, checks `&text[start..end] == matched_text` in bytes, then converts the
//! offsets to code points for comparison.

use esafety_conformance::{Outcome, assert_concept, str_field};
use esafety_core::scanner::{
    OffsetUnit, Roster, ScanSummary, TermList, TermScanner, convert_match_offsets, search_terms,
};
use esafety_core::{CanonicalUrl, ErrorCode};
use serde_json::{Value, json};

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn entries(spec: &Value) -> Vec<(String, String, i64)> {
    spec.get("entries")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|e| {
                    (
                        e.get(0)
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .to_owned(),
                        e.get(1)
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .to_owned(),
                        e.get(2).and_then(Value::as_i64).unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The default scanner, built once for the whole file: most vectors scan with it, and a
/// debug build takes most of a second to compile its lists (the vectors ran 7 minutes).
fn embedded_default() -> Result<TermScanner, String> {
    static DEFAULT: std::sync::OnceLock<Result<TermScanner, String>> = std::sync::OnceLock::new();
    DEFAULT
        .get_or_init(|| TermScanner::embedded_default().map_err(|e| e.code().to_owned()))
        .clone()
}

fn build(spec: &Value) -> Result<TermScanner, String> {
    let code = |e: esafety_core::ScannerError| e.code().to_owned();
    if spec.get("default").and_then(Value::as_bool) == Some(true) {
        let scanner = embedded_default()?;
        return match spec.get("extend") {
            Some(extra) => {
                let list = TermList::from_entries(&entries(extra), &strings(extra.get("allow")))
                    .map_err(code)?;
                scanner.extended(&[list]).map_err(code)
            }
            None => Ok(scanner),
        };
    }
    if let Some(tsv) = spec.get("tsv").and_then(Value::as_str) {
        return TermScanner::from_tsv("vector.tsv", tsv).map_err(code);
    }
    if spec.get("entries").is_none() {
        return Err("scanner spec needs default, tsv or entries".to_owned());
    }
    TermScanner::from_entries(&entries(spec), &strings(spec.get("allow"))).map_err(code)
}

fn roster(spec: &Value) -> Result<Roster, String> {
    if let Some(salt) = spec.get("salt").and_then(Value::as_str) {
        return Roster::from_hashes(salt, strings(spec.get("hashes")))
            .map_err(|e| e.code().to_owned());
    }
    Ok(Roster::from_names(strings(spec.get("names"))))
}

fn run(input: &Value) -> Outcome {
    if let Some(h) = input.get("hash_name") {
        return Ok(
            json!({"hash": Roster::hash_name(str_field(h, "salt")?, str_field(h, "name")?)}),
        );
    }
    if let Some(spec) = input.get("search_terms") {
        let url = CanonicalUrl::parse(str_field(spec, "url")?).map_err(|e| e.code().to_owned())?;
        return Ok(json!({"terms": search_terms(&url)}));
    }
    let mut scanner = build(input.get("scanner").ok_or("input lacks `scanner`")?)?;
    if let Some(spec) = input.get("roster") {
        scanner.set_roster(roster(spec)?);
    }
    let text = str_field(input, "text")?;
    let audience = str_field(input, "audience")?;
    let mut matches = scanner
        .scan(text, audience)
        .map_err(|e| e.code().to_owned())?;
    for m in &matches {
        if text.get(m.start..m.end) != Some(m.matched_text.as_str()) {
            return Err(format!(
                "byte span {}..{} does not slice to {:?}",
                m.start, m.end, m.matched_text
            ));
        }
    }
    let summary = ScanSummary::of(&matches);
    convert_match_offsets(text, &mut matches, OffsetUnit::Char).map_err(|e| e.code().to_owned())?;
    Ok(json!({"matches": matches, "summary": summary}))
}

#[test]
fn scanner_vectors() {
    assert_concept("scanner", run);
}

/// Every pattern and every context cue of the default list has a vector that shows it
/// (`patterns.json` and the other scanner files), so each runs in all four surfaces.
#[test]
fn every_default_pattern_and_cue_has_a_vector() {
    let scanner = TermScanner::embedded_default().unwrap();
    let root = esafety_conformance::vectors_root().join("scanner");
    let mut shown_patterns = std::collections::BTreeSet::new();
    let mut shown_cues = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(&root).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let file: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let cases = file["cases"].as_array().cloned().unwrap_or_default();
        for m in cases
            .iter()
            .filter_map(|c| c.pointer("/expect/ok/matches").and_then(Value::as_array))
            .flatten()
        {
            if let Some(p) = m.get("pattern").and_then(Value::as_str) {
                shown_patterns.insert(p.to_owned());
            }
            shown_cues.extend(strings(m.get("context")));
        }
    }
    let missing: Vec<&str> = scanner
        .patterns()
        .iter()
        .map(|p| p.id.as_str())
        .filter(|id| !shown_patterns.contains(*id))
        .collect();
    assert!(missing.is_empty(), "patterns without a vector: {missing:?}");
    let missing: Vec<&str> = esafety_core::scanner::ContextCue::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| !shown_cues.contains(*c))
        .collect();
    assert!(missing.is_empty(), "cues without a vector: {missing:?}");
}
