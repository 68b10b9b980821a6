//! Entry points for fuzzing: one per parser the library exposes to untrusted input.
//!
//! `fuzz/` (cargo-fuzz, nightly) calls [`run`] with the fuzzer's bytes; the stable test
//! `tests/tests/fuzz_corpus.rs` replays every checked-in corpus file through the same
//! function, so a crash found once stays fixed. An entry point may return any error: it
//! must never panic, hang or grow without bound.

use esafety_core::consent::{ConsentLedger, check_snapshot};
use esafety_core::filter::{FilterBuilder, ListFormat, OverrideLog, UrlFilter};
use esafety_core::incident::{SchoolProfile, draft_incident_json, escalate_json};
use esafety_core::policy::SchoolPolicy;
use esafety_core::registry::{DecisionContext, Registry, SchoolSettings};
use esafety_core::scanner::{TermList, TermListFormat, TermScanner};
use esafety_core::seal::SchoolKey;
use esafety_core::{CanonicalUrl, filter, vocabulary};
use serde_json::Value;
use std::sync::OnceLock;

/// Every target, as named under `fuzz/fuzz_targets/` and `fuzz/corpus/`.
pub const TARGETS: &[&str] = &[
    "url",
    "filter_check",
    "filter_list",
    "filter_spec",
    "change_log",
    "squid_line",
    "term_list",
    "scan",
    "policy_toml",
    "policy_json",
    "profile_toml",
    "incident_json",
    "draft_json",
    "registry_json",
    "registry_settings",
    "decision_context",
    "consent_ledger",
    "consent_config",
    "consent_snapshot",
    "instant",
];

/// The embedded defaults with the category model on, so unlisted hosts reach the model
/// and its name words.
fn default_filter() -> Option<&'static UrlFilter> {
    static FILTER: OnceLock<Option<UrlFilter>> = OnceLock::new();
    FILTER
        .get_or_init(|| {
            let mut builder = FilterBuilder::new();
            builder.add_defaults().ok()?;
            builder.model(true);
            builder.build().ok()
        })
        .as_ref()
}

fn default_scanner() -> Option<&'static TermScanner> {
    static SCANNER: OnceLock<Option<TermScanner>> = OnceLock::new();
    SCANNER
        .get_or_init(|| TermScanner::embedded_default().ok())
        .as_ref()
}

fn json(text: &str) -> Option<Value> {
    serde_json::from_str(text).ok()
}

/// The column path must give the row `check` gives (see [`crate::same_column_row`]). A
/// difference panics, so the fuzzer reports it as a crash.
fn same_row(
    checked: &Result<filter::Decision, filter::FilterError>,
    columns: Result<filter::DecisionColumns, filter::FilterError>,
) {
    let Ok(columns) = columns else {
        assert!(checked.is_err(), "check_columns failed where check did not");
        return;
    };
    let checked = checked.as_ref().map_err(esafety_core::ErrorCode::code);
    let row = crate::same_column_row(&columns, 0, checked);
    assert!(row.is_ok(), "{row:?}");
}

/// Runs one fuzz input through `target` (an unknown target does nothing). Invalid UTF-8
/// is read lossily, as the bindings would after decoding.
pub fn run(target: &str, data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();
    // The first byte chooses a variant where a target has several (formats, audiences).
    let pick = data.first().copied().unwrap_or(0);
    let rest = text.get(1..).unwrap_or("");
    match target {
        "url" => {
            let _ = CanonicalUrl::parse(text);
        }
        "filter_check" => {
            if let Some(f) = default_filter() {
                let audience = vocabulary::Audience::ALL[usize::from(pick) % 8].as_str();
                let checked = f.check(rest, audience, None);
                same_row(&checked, f.check_columns(&[Some(rest)], audience, None));
            }
        }
        "filter_list" => {
            const FORMATS: [ListFormat; 5] = [
                ListFormat::Domains,
                ListFormat::Hosts,
                ListFormat::Urls,
                ListFormat::Expressions,
                ListFormat::Metadata,
            ];
            let mut builder = FilterBuilder::new();
            let format = FORMATS[usize::from(pick) % FORMATS.len()];
            let category = [filter::Category::Gambling];
            if builder.add_list("fuzz", format, &category, rest).is_ok()
                && let Ok(f) = builder.build()
            {
                let _ = f.check("http://example.com/a", "ks2", None);
            }
        }
        "filter_spec" => {
            let _ = UrlFilter::from_spec_json(text);
        }
        "change_log" => {
            let _ = OverrideLog::from_json(text);
        }
        "squid_line" => {
            let _ = filter::squid_log::parse_native_line(text);
        }
        "term_list" => {
            let format = TermListFormat::ALL[usize::from(pick) % TermListFormat::ALL.len()];
            if let Ok(list) = TermList::parse(format, "fuzz", rest)
                && let Ok(scanner) = TermScanner::from_lists(&[list])
            {
                let _ = scanner.scan("i want to k1ll mys3lf in Scunthorpe", "ks3");
            }
        }
        "scan" => {
            if let Some(s) = default_scanner() {
                let audience = vocabulary::Audience::ALL[usize::from(pick) % 8].as_str();
                let _ = s.scan(rest, audience);
            }
        }
        "policy_toml" => {
            if let Ok(p) = SchoolPolicy::from_toml(text) {
                let _ = p.to_toml();
            }
        }
        "policy_json" => {
            let _ = SchoolPolicy::from_json(text);
        }
        "profile_toml" => {
            let _ = SchoolProfile::from_text("fuzz", text);
        }
        "incident_json" => {
            if let Some(v) = json(text) {
                let _ = escalate_json(&v, None);
            }
        }
        "draft_json" => {
            if let Some(v) = json(text) {
                let _ = draft_incident_json(&v, None);
            }
        }
        "registry_json" => {
            let _ = Registry::from_json(text);
        }
        "registry_settings" => {
            let _ = SchoolSettings::from_json(text);
        }
        "decision_context" => {
            if let Some(v) = json(text) {
                let _ = DecisionContext::from_json(&v);
            }
        }
        "consent_ledger" => {
            let _ = ConsentLedger::from_json(text);
        }
        "consent_config" => {
            let _ = ConsentLedger::with_config_json(text);
        }
        "consent_snapshot" => {
            let public = SchoolKey::from_seed([1; 32]).public_key();
            if let Ok(at) = vocabulary::parse_instant("2025-09-10T10:00:00Z") {
                let _ = check_snapshot(text, &["p1"], "school_website", at, &public);
            }
        }
        "instant" => {
            let _ = vocabulary::parse_instant(text);
            let _ = vocabulary::parse_date(text);
        }
        _ => {}
    }
}
