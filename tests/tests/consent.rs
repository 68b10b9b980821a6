//! Image consent vectors (`tests/vectors/consent/`).
//!
//! Each case's input is a script of public API calls, replayed here through the Rust API
//! (the Python, JS and Kotlin runners replay the same script through theirs):
//!
//! * `config` (optional): a school configuration object, passed as JSON to
//!   `ConsentLedger::with_config_json`; without it the ledger is `ConsentLedger::new()`.
//! * `operations`: calls in order, each `{"op": ...}` with the API's argument names:
//!   `record` (`pupil`, `carer`, `channel`, `state`, `at`, optional `method`,
//!   `notice_version`, `parental_responsibility`, `relationship`), `restrict` (`pupil`,
//!   `reason`, `at`), `lift_restriction` (`pupil`, `at`, optional `reason`), `publish_notice` (`version`,
//!   `at`, optional `substantive`, `content_hash`), `record_publication` (`image_id`,
//!   `pupils`, `channel`, `at`), `record_removal` (`image_id`, `at`), `record_pupil_voice`
//!   (`pupil`, `channel`, `state`, `at`, optional `age`, `old_enough`, `method`),
//!   `record_leaving` and `record_rejoining` (`pupil`, `date` as `YYYY-MM-DD`; a bad date
//!   is `invalid_date`),
//!   `record_answer` (`pupil`, `carer`, `channel`, `answer` `yes`/`no`, `at`, and the
//!   options of `record`).
//! * `reload` (optional): export with `to_json` and import with `from_json` before asking.
//! * `tamper` (optional): export, then set `value` at `path` (keys and array indexes) or,
//!   with `"delete": true`, remove that array element or key, then import.
//! * `queries`: `state` → `{"state": ...}`; `check_image` (`pupils`, `channel`, `at`,
//!   optional `names_shown`) → `{"allowed", "blocked_by", "reasons", "obligations"}`;
//!   `takedown_list` (`at`) → `{"takedowns": [...]}`; `receipt` (`pupil`, `carer`, `at`)
//!   → the receipt object; `explain` (`pupil`, `channel`, `at`) → the pupil decision object;
//!   `consent_form` (`pupil`, `carer`, `at`) → the form object.
//!
//! The outcome is `{"results": [...]}` (one per query), or the code of the first error.

use esafety_conformance::{Outcome, assert_concept, str_field};
use esafety_core::ErrorCode;
use esafety_core::consent::{
    ConsentError, ConsentLedger, NoticeOptions, PupilVoiceOptions, RecordOptions, parse_instant,
};
use serde_json::{Value, json};

fn code(e: ConsentError) -> String {
    e.code().to_owned()
}

fn at(v: &Value) -> Result<chrono::DateTime<chrono::Utc>, String> {
    parse_instant(str_field(v, "at")?).map_err(code)
}

fn strings(v: &Value, key: &str) -> Result<Vec<String>, String> {
    v.get(key)
        .and_then(Value::as_array)
        .ok_or_else(|| format!("vector input lacks list field `{key}`"))?
        .iter()
        .map(|p| {
            p.as_str()
                .map(str::to_owned)
                .ok_or_else(|| format!("`{key}` holds a non-string"))
        })
        .collect()
}

fn opt_str(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// The options of `record` and `record_answer`: what the vector leaves out is not given.
fn record_options(op: &Value) -> RecordOptions {
    RecordOptions {
        method: opt_str(op, "method"),
        notice_version: opt_str(op, "notice_version"),
        parental_responsibility: op.get("parental_responsibility").and_then(Value::as_bool),
        relationship: opt_str(op, "relationship"),
    }
}

fn apply(ledger: &mut ConsentLedger, op: &Value) -> Result<(), String> {
    match str_field(op, "op")? {
        "record" => {
            let options = record_options(op);
            ledger.record(
                str_field(op, "pupil")?,
                str_field(op, "carer")?,
                str_field(op, "channel")?,
                str_field(op, "state")?,
                at(op)?,
                options,
            )
        }
        "restrict" => ledger.restrict(str_field(op, "pupil")?, str_field(op, "reason")?, at(op)?),
        "lift_restriction" => ledger.lift_restriction(
            str_field(op, "pupil")?,
            at(op)?,
            opt_str(op, "reason").as_deref(),
        ),
        "publish_notice" => ledger.publish_notice(
            str_field(op, "version")?,
            at(op)?,
            NoticeOptions {
                substantive: op
                    .get("substantive")
                    .and_then(Value::as_bool)
                    .unwrap_or(true),
                content_hash: opt_str(op, "content_hash"),
            },
        ),
        "record_publication" => ledger.record_publication(
            str_field(op, "image_id")?,
            &strings(op, "pupils")?,
            str_field(op, "channel")?,
            at(op)?,
        ),
        "record_removal" => ledger.record_removal(str_field(op, "image_id")?, at(op)?),
        "record_pupil_voice" => {
            let age = match op.get("age").and_then(Value::as_u64) {
                Some(age) => Some(u8::try_from(age).map_err(|e| e.to_string())?),
                None => None,
            };
            let options = PupilVoiceOptions {
                age,
                old_enough: op.get("old_enough").and_then(Value::as_bool),
                method: opt_str(op, "method"),
            };
            ledger.record_pupil_voice(
                str_field(op, "pupil")?,
                str_field(op, "channel")?,
                str_field(op, "state")?,
                at(op)?,
                options,
            )
        }
        "record_answer" => {
            let options = record_options(op);
            ledger
                .record_answer(
                    str_field(op, "pupil")?,
                    str_field(op, "carer")?,
                    str_field(op, "channel")?,
                    str_field(op, "answer")?,
                    at(op)?,
                    options,
                )
                .map(|_| ())
        }
        "record_leaving" => {
            let date = esafety_core::vocabulary::parse_date(str_field(op, "date")?)
                .map_err(|_| "invalid_date".to_owned())?;
            ledger.record_leaving(str_field(op, "pupil")?, date)
        }
        "record_rejoining" => {
            let date = esafety_core::vocabulary::parse_date(str_field(op, "date")?)
                .map_err(|_| "invalid_date".to_owned())?;
            ledger.record_rejoining(str_field(op, "pupil")?, date)
        }
        other => return Err(format!("unknown vector operation `{other}`")),
    }
    .map_err(code)
}

fn query(ledger: &ConsentLedger, q: &Value) -> Result<Value, String> {
    let to_value = |v: Result<Value, serde_json::Error>| v.map_err(|e| e.to_string());
    match str_field(q, "op")? {
        "state" => {
            let state = ledger
                .state(str_field(q, "pupil")?, str_field(q, "channel")?, at(q)?)
                .map_err(code)?;
            Ok(json!({"state": state.as_str()}))
        }
        "check_image" => {
            let names_shown = q
                .get("names_shown")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let d = ledger
                .check_image(
                    &strings(q, "pupils")?,
                    str_field(q, "channel")?,
                    at(q)?,
                    names_shown,
                )
                .map_err(code)?;
            Ok(json!({
                "allowed": d.allowed,
                "blocked_by": d.blocked_by,
                "reasons": d.reasons,
                "obligations": d.obligations,
            }))
        }
        "explain" => {
            let decision = ledger
                .explain(str_field(q, "pupil")?, str_field(q, "channel")?, at(q)?)
                .map_err(code)?;
            to_value(serde_json::to_value(decision))
        }
        "consent_form" => to_value(serde_json::to_value(ledger.consent_form(
            str_field(q, "pupil")?,
            str_field(q, "carer")?,
            at(q)?,
        ))),
        "takedown_list" => {
            let list = to_value(serde_json::to_value(ledger.takedown_list(at(q)?)))?;
            Ok(json!({"takedowns": list}))
        }
        "receipt" => {
            let receipt = ledger
                .receipt(str_field(q, "pupil")?, str_field(q, "carer")?, at(q)?)
                .map_err(code)?;
            to_value(serde_json::to_value(receipt))
        }
        other => Err(format!("unknown vector query `{other}`")),
    }
}

/// Applies a `tamper` instruction to an exported document.
fn tamper(document: &mut Value, instruction: &Value) -> Result<(), String> {
    let path = instruction
        .get("path")
        .and_then(Value::as_array)
        .ok_or("tamper lacks `path`")?;
    let (last, parents) = path.split_last().ok_or("tamper `path` is empty")?;
    let mut target = document;
    for step in parents {
        target = match step {
            Value::String(key) => target.get_mut(key.as_str()),
            Value::Number(n) => n
                .as_u64()
                .and_then(|i| target.get_mut(usize::try_from(i).ok()?)),
            _ => None,
        }
        .ok_or_else(|| format!("tamper path step {step} not found"))?;
    }
    let delete = instruction
        .get("delete")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    match (last, target) {
        (Value::String(key), Value::Object(map)) => {
            if delete {
                map.remove(key.as_str());
            } else {
                map.insert(
                    key.clone(),
                    instruction.get("value").cloned().unwrap_or(Value::Null),
                );
            }
        }
        (Value::Number(n), Value::Array(items)) => {
            let i = n
                .as_u64()
                .and_then(|i| usize::try_from(i).ok())
                .filter(|i| *i < items.len())
                .ok_or("tamper index out of range")?;
            if delete {
                items.remove(i);
            } else if let Some(slot) = items.get_mut(i) {
                *slot = instruction.get("value").cloned().unwrap_or(Value::Null);
            }
        }
        _ => return Err("tamper path does not fit the document".to_owned()),
    }
    Ok(())
}

fn run(input: &Value) -> Outcome {
    let mut ledger = match input.get("config") {
        Some(config) => ConsentLedger::with_config_json(&config.to_string()).map_err(code)?,
        None => ConsentLedger::new(),
    };
    for op in input
        .get("operations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        apply(&mut ledger, op)?;
    }
    if let Some(instruction) = input.get("tamper") {
        let mut document: Value =
            serde_json::from_str(&ledger.to_json()).map_err(|e| e.to_string())?;
        tamper(&mut document, instruction)?;
        ledger = ConsentLedger::from_json(&document.to_string()).map_err(code)?;
    } else if input
        .get("reload")
        .and_then(Value::as_bool)
        .unwrap_or(false)
    {
        ledger = ConsentLedger::from_json(&ledger.to_json()).map_err(code)?;
    }
    let results = input
        .get("queries")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|q| query(&ledger, q))
        .collect::<Result<Vec<Value>, String>>()?;
    Ok(json!({"results": results}))
}

#[test]
fn consent_vectors() {
    assert_concept("consent", run);
}
