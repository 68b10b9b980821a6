//! Replays every checked-in fuzz corpus file through its entry point (no nightly needed).
//!
//! `fuzz/corpus/<target>/` holds the seeds and every input a fuzzing run found worth
//! keeping, including crashes once fixed. [`replay_every_corpus_file`] runs them all with
//! [`esafety_conformance::fuzz::run`]: a panic fails the test. `ESAFETY_BLESS=1` (re)writes
//! the seed files derived from `tests/vectors` and the embedded data
//! ([`seed_corpora_from_vectors`]); fuzzing runs add their own files beside them.

use esafety_conformance::fuzz::{TARGETS, run};
use esafety_conformance::vectors_root;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    let vectors = vectors_root();
    vectors
        .parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or(vectors)
}

fn corpus_dir(target: &str) -> PathBuf {
    repo().join("fuzz").join("corpus").join(target)
}

#[test]
fn replay_every_corpus_file() {
    let mut replayed = 0;
    for target in TARGETS {
        let dir = corpus_dir(target);
        let files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        assert!(
            !files.is_empty(),
            "no corpus for `{target}` in {}",
            dir.display()
        );
        for file in files {
            let data = std::fs::read(&file).unwrap_or_default();
            run(target, &data);
            replayed += 1;
        }
    }
    assert!(replayed >= TARGETS.len());
}

/// Every string in a JSON value, depth first.
fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

/// The seeds of each target: inputs of the shared vectors and the embedded data.
fn seeds() -> BTreeMap<&'static str, Vec<Vec<u8>>> {
    let mut seeds: BTreeMap<&'static str, Vec<Vec<u8>>> = BTreeMap::new();
    let mut add =
        |target: &'static str, bytes: Vec<u8>| seeds.entry(target).or_default().push(bytes);
    for concept in [
        "url", "filter", "scanner", "incident", "registry", "consent", "policy",
    ] {
        for (_, file) in esafety_conformance::load_concept(concept).unwrap_or_default() {
            for case in file.cases {
                let mut texts = Vec::new();
                strings(&case.input, &mut texts);
                let json = case.input.to_string().into_bytes();
                match concept {
                    "url" => texts.into_iter().for_each(|t| add("url", t.into_bytes())),
                    "filter" => {
                        add("filter_spec", json);
                        for t in texts {
                            add("filter_check", [b"\x02".as_slice(), t.as_bytes()].concat());
                            if t.contains(" TCP_") {
                                add("squid_line", t.into_bytes());
                            }
                        }
                    }
                    "scanner" => texts
                        .into_iter()
                        .for_each(|t| add("scan", [b"\x04".as_slice(), t.as_bytes()].concat())),
                    "incident" => {
                        add("incident_json", json.clone());
                        add("draft_json", json);
                    }
                    "registry" => {
                        add("decision_context", json);
                        texts
                            .into_iter()
                            .for_each(|t| add("instant", t.into_bytes()));
                    }
                    "consent" => add("consent_config", json),
                    _ => {
                        add("policy_json", json);
                        texts.into_iter().filter(|t| t.contains('=')).for_each(|t| {
                            add("policy_toml", t.clone().into_bytes());
                            add("profile_toml", t.into_bytes());
                        });
                    }
                }
            }
        }
    }
    let data = repo().join("core").join("data");
    for id in esafety_core::policy::PRESET_IDS {
        let text =
            std::fs::read(data.join("policies").join(format!("{id}.toml"))).unwrap_or_default();
        add("policy_toml", text.clone());
        add("profile_toml", text);
    }
    let tsv = esafety_core::scanner::DEFAULT_LIST_TSV;
    add(
        "term_list",
        [
            b"\x00".as_slice(),
            tsv.get(..4000).unwrap_or(tsv).as_bytes(),
        ]
        .concat(),
    );
    for (format, text) in [
        (0u8, "example.com\nbet.test\n"),
        (1, "0.0.0.0 bet.test\n"),
        (2, "bet.test/poker\n"),
    ] {
        add(
            "filter_list",
            [[format].as_slice(), text.as_bytes()].concat(),
        );
    }
    add("squid_line", b"1700000000.123 42 10.0.0.7 TCP_MISS/200 512 GET http://example.com/ - HIER_DIRECT/1.2.3.4 text/html".to_vec());
    add(
        "change_log",
        esafety_core::filter::UrlFilter::default()
            .change_log_json()
            .into_bytes(),
    );
    let mut ledger = esafety_core::consent::ConsentLedger::new();
    if let Ok(at) = esafety_core::vocabulary::parse_instant("2025-09-05T08:00:00Z") {
        let _ = ledger.record(
            "p1",
            "c1",
            "school_website",
            "given",
            at,
            Default::default(),
        );
        let key = esafety_core::seal::SchoolKey::from_seed([1; 32]);
        add("consent_ledger", ledger.to_json_sealed(&key).into_bytes());
        if let Ok(snapshot) = ledger.snapshot(&["p1"], "school_website", at, &key) {
            add("consent_snapshot", snapshot.into_bytes());
        }
    }
    add(
        "registry_json",
        esafety_core::registry::Registry::new()
            .to_json()
            .into_bytes(),
    );
    add(
        "registry_settings",
        br#"{"preset": "kilby", "aup_refresh": {"every_days": 365}}"#.to_vec(),
    );
    seeds
}

#[test]
fn seed_corpora_from_vectors() {
    if std::env::var_os("ESAFETY_BLESS").is_none() {
        return;
    }
    for (target, inputs) in seeds() {
        let dir = corpus_dir(target);
        let created = std::fs::create_dir_all(&dir);
        assert!(created.is_ok(), "{}: {created:?}", dir.display());
        let mut inputs = inputs;
        inputs.sort();
        inputs.dedup();
        // Small seeds fuzz faster; the large vector inputs add little.
        inputs.retain(|b| b.len() <= 8 * 1024);
        for (n, bytes) in inputs.iter().take(60).enumerate() {
            let written = std::fs::write(dir.join(format!("seed-{n:03}")), bytes);
            assert!(written.is_ok(), "{written:?}");
        }
    }
}
