//! Web filter vectors (`tests/vectors/filter/`).
//!
//! Input shape (every key optional except one action):
//!
//! ```json
//! {"filter": {FilterSpec}, "overrides": [OverrideEvent...],
//!  "check": {"url": "...", "audience": "ks2", "at": "RFC 3339"}
//!  | "check_many": {"urls": [...], "audience": "ks2", "at": null}
//!  | "squid_log": {"text": "...", "audiences": {AudienceMap}}
//!  | "load_report": true | "change_log": true}
//! ```
//!
//! No `filter` means `UrlFilter::default()`. Results: a decision, `{"decisions": [...]}`,
//! the load report or the change log, as JSON. The first error ends the case with its code.

use esafety_conformance::{Outcome, assert_concept, str_field};
use esafety_core::ErrorCode;
use esafety_core::filter::{UrlFilter, parse_instant};
use serde_json::{Value, json};

fn code(e: impl ErrorCode) -> String {
    e.code().to_owned()
}

fn parse(json: &str) -> Result<Value, String> {
    serde_json::from_str(json).map_err(|e| e.to_string())
}

fn run(input: &Value) -> Outcome {
    let mut filter = match input.get("filter") {
        None | Some(Value::Null) => UrlFilter::default(),
        Some(spec) => UrlFilter::from_spec_json(&spec.to_string()).map_err(code)?,
    };
    for event in input
        .get("overrides")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        filter.record_json(&event.to_string()).map_err(code)?;
    }
    let audience_of = |v: &Value| {
        v.get("audience")
            .and_then(Value::as_str)
            .unwrap_or("ks2")
            .to_owned()
    };
    let at_of = |v: &Value| parse_instant(v.get("at").and_then(Value::as_str)).map_err(code);
    if let Some(check) = input.get("check") {
        let url = str_field(check, "url")?;
        let decision = filter
            .check(url, &audience_of(check), at_of(check)?)
            .map_err(code)?;
        return parse(&decision.to_json());
    }
    if let Some(batch) = input.get("check_many") {
        let urls: Vec<&str> = batch
            .get("urls")
            .and_then(Value::as_array)
            .ok_or("check_many lacks `urls`")?
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let mut decisions = Vec::new();
        for result in filter.check_many(&urls, &audience_of(batch), at_of(batch)?) {
            decisions.push(parse(&result.map_err(code)?.to_json())?);
        }
        return Ok(json!({ "decisions": decisions }));
    }
    if let Some(log) = input.get("squid_log") {
        let text = str_field(log, "text")?;
        let audiences = log.get("audiences").map(Value::to_string);
        let summary = filter
            .classify_squid_log(text, audiences.as_deref())
            .map_err(code)?;
        return parse(&summary.to_json());
    }
    if input.get("load_report").is_some() {
        return parse(&filter.load_report().to_json());
    }
    if input.get("change_log").is_some() {
        return parse(&filter.change_log_json());
    }
    Err("vector input has no action (check, check_many, load_report, change_log)".to_owned())
}

#[test]
fn filter_vectors() {
    assert_concept("filter", run);
}
