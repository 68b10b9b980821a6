//! Web filter vectors (`tests/vectors/filter/`).
//!
//! Input shape (every key optional except one action):
//!
//! ```json
//! {"filter": {FilterSpec},
//!  "registry": [{"op": "assign", ...} | {"op": "unassign", ...}],
//!  "set_policy": {PolicyConfig}, "policy_changes": [PolicyChange...],
//!  "overrides": [OverrideEvent...],
//!  "check": {"url": "...", "audience": "ks2", "at": "RFC 3339", "scan": true}
//!  | "check_many": {"urls": [...], "audience": "ks2", "at": null}
//!  | "squid_log": {"text": "...", "audiences": {AudienceMap}}
//!  | "classify_content": {"url": "...", "title": "...", "text": "...", "audience": "ks2"}
//!  | "load_report": true | "change_log": true}
//! ```
//!
//! No `filter` means `UrlFilter::default()`. Replay order: `set_policy` (unverified), then
//! `policy_changes` (`change_policy` with the registry), then `overrides` (recorded with the
//! registry when `registry` is given, else without). Results: a decision, `{"decisions": [...]}`,
//! the load report or the change log, as JSON. The first error ends the case with its code.
//! `"scan": true` checks with the embedded monitoring scanner (`check_with`), so the search
//! terms' matches are on the decision.

use esafety_conformance::{Outcome, assert_concept, same_column_row, str_field};
use esafety_core::ErrorCode;
use esafety_core::Registry;
use esafety_core::TermScanner;
use esafety_core::filter::{Decision, UrlFilter, parse_instant};
use esafety_core::registry::parse_date;
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
    let registry = match input.get("registry").and_then(Value::as_array) {
        None => None,
        Some(ops) => Some(registry_of(ops)?),
    };
    if let Some(policy) = input.get("set_policy") {
        filter.set_policy_json(&policy.to_string()).map_err(code)?;
    }
    let items = |key: &str| {
        input
            .get(key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    for change in items("policy_changes") {
        let registry = registry.as_ref().ok_or("policy_changes need a registry")?;
        filter
            .change_policy_json(&change.to_string(), registry)
            .map_err(code)?;
    }
    for event in items("overrides") {
        match &registry {
            Some(registry) => filter.record_json_with_registry(&event.to_string(), registry),
            None => filter.record_json(&event.to_string()),
        }
        .map_err(code)?;
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
        let scanner = match check.get("scan").and_then(Value::as_bool) {
            Some(true) => Some(TermScanner::embedded_default().map_err(code)?),
            _ => None,
        };
        let decision = filter
            .check_with(url, &audience_of(check), at_of(check)?, scanner.as_ref())
            .map_err(code)?;
        same_as_column_row(
            &filter,
            Some(url),
            &audience_of(check),
            at_of(check)?,
            Ok(&decision),
        )?;
        return parse(&decision.to_json());
    }
    if let Some(batch) = input.get("check_many") {
        // A URL is a string or null (a missing item); anything else is a broken vector.
        let urls: Vec<Option<&str>> = batch
            .get("urls")
            .and_then(Value::as_array)
            .ok_or("check_many lacks `urls`")?
            .iter()
            .map(|u| match u {
                Value::Null => Ok(None),
                _ => u.as_str().map(Some).ok_or("a URL is a string or null"),
            })
            .collect::<Result<_, _>>()?;
        let mut decisions = Vec::new();
        let results = filter
            .check_many_nullable(&urls, &audience_of(batch), at_of(batch)?, None)
            .map_err(code)?;
        for (result, url) in results.iter().zip(&urls) {
            decisions.push(match result {
                Ok(decision) => {
                    same_as_column_row(
                        &filter,
                        *url,
                        &audience_of(batch),
                        at_of(batch)?,
                        Ok(decision),
                    )?;
                    parse(&decision.to_json())?
                }
                Err(error) => {
                    same_as_column_row(
                        &filter,
                        *url,
                        &audience_of(batch),
                        at_of(batch)?,
                        Err(&error.code),
                    )?;
                    json!({ "item_error": error })
                }
            });
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
    if let Some(page) = input.get("classify_content") {
        let text = |key: &str| page.get(key).and_then(Value::as_str).unwrap_or("");
        let decision = filter
            .classify_content(
                str_field(page, "url")?,
                text("title"),
                text("text"),
                &audience_of(page),
            )
            .map_err(code)?;
        return parse(&decision.to_json());
    }
    if input.get("load_report").is_some() {
        return parse(&filter.load_report().to_json());
    }
    if input.get("change_log").is_some() {
        return parse(&filter.change_log_json());
    }
    Err("vector input has no action (check, check_many, load_report, change_log)".to_owned())
}

/// Every checked vector also checks the column path: its row gives the decision's verdict,
/// first category and rule, or the error's code.
fn same_as_column_row(
    filter: &UrlFilter,
    url: Option<&str>,
    audience: &str,
    at: Option<chrono::DateTime<chrono::Utc>>,
    checked: Result<&Decision, &str>,
) -> Result<(), String> {
    let columns = filter.check_columns(&[url], audience, at).map_err(code)?;
    same_column_row(&columns, 0, checked)
}

/// A registry from `assign` / `unassign` operations.
fn registry_of(ops: &[Value]) -> Result<Registry, String> {
    let mut reg = Registry::new();
    for op in ops {
        let date = |key: &str| parse_date(str_field(op, key)?).map_err(code);
        match str_field(op, "op")? {
            "assign" => {
                reg.assign(
                    str_field(op, "person")?,
                    str_field(op, "role")?,
                    date("since")?,
                    op.get("deputy_for").and_then(Value::as_str),
                    op.get("audience").and_then(Value::as_str),
                )
                .map_err(code)?;
            }
            "unassign" => reg
                .unassign(
                    str_field(op, "person")?,
                    str_field(op, "role")?,
                    date("until")?,
                )
                .map_err(code)?,
            other => return Err(format!("unknown registry operation `{other}`")),
        }
    }
    Ok(reg)
}

#[test]
fn filter_vectors() {
    assert_concept("filter", run);
}
