//! School policy vectors (`tests/vectors/policy/`): presets, aliases, seed choices and
//! validation problems.
//!
//! Input: `{"preset": id}`, `{"toml": text}` or `{"json": text}`. Result: `{"id", "document"}`
//! for a valid document, `{"problems": [...]}` for an invalid one (other errors by code).

use esafety_conformance::{Outcome, assert_concept};
use esafety_core::ErrorCode;
use esafety_core::policy::{PolicyError, SchoolPolicy};
use serde_json::{Value, json};

fn run(input: &Value) -> Outcome {
    let loaded = if let Some(id) = input.get("preset").and_then(Value::as_str) {
        SchoolPolicy::preset(id)
    } else if let Some(text) = input.get("toml").and_then(Value::as_str) {
        SchoolPolicy::from_toml(text)
    } else if let Some(text) = input.get("json").and_then(Value::as_str) {
        SchoolPolicy::from_json(text)
    } else {
        return Err("input needs `preset`, `toml` or `json`".to_owned());
    };
    match loaded {
        Ok(policy) => Ok(json!({"id": policy.id(), "document": policy.to_json_value()})),
        Err(PolicyError::Invalid { problems }) => Ok(json!({ "problems": problems })),
        Err(e) => Err(e.code().to_owned()),
    }
}

#[test]
fn policy_vectors() {
    assert_concept("policy", run);
}
