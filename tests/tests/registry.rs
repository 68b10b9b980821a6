//! Registry vectors (`tests/vectors/registry/`): roles, AUP signatures and permission
//! decisions, replayed as scripts of calls on [`esafety_core::Registry`].
//!
//! Input shape: `{"settings": {...}?, "operations": [{"op": ...}], "queries": [{"op": ...}]}`;
//! the result is `{"results": [...]}`, one entry per query.

use chrono::{DateTime, NaiveDate, Utc};
use esafety_conformance::{Outcome, assert_concept, str_field};
use esafety_core::registry::{
    DecisionContext, SchoolSettings, SignatureDetails, parse_date, parse_instant,
};
use esafety_core::{ErrorCode, Registry};
use serde_json::{Value, json};

fn date(v: &Value, key: &str) -> Result<NaiveDate, String> {
    parse_date(str_field(v, key)?).map_err(code)
}

fn instant(v: &Value, key: &str) -> Result<DateTime<Utc>, String> {
    parse_instant(str_field(v, key)?).map_err(code)
}

fn opt_str<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn code(e: impl ErrorCode) -> String {
    e.code().to_owned()
}

fn to_value(v: impl serde::Serialize) -> Result<Value, String> {
    serde_json::to_value(v).map_err(|e| e.to_string())
}

fn run(input: &Value) -> Outcome {
    let mut reg = match input.get("settings") {
        Some(s) => Registry::with_settings(SchoolSettings::from_value(s).map_err(code)?),
        None => Registry::new(),
    };
    for op in input
        .get("operations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        match str_field(op, "op")? {
            "assign" => {
                reg.assign(
                    str_field(op, "person")?,
                    str_field(op, "role")?,
                    date(op, "since")?,
                    opt_str(op, "deputy_for"),
                    opt_str(op, "audience"),
                )
                .map_err(code)?;
            }
            "unassign" => reg
                .unassign(
                    str_field(op, "person")?,
                    str_field(op, "role")?,
                    date(op, "until")?,
                )
                .map_err(code)?,
            "publish_aup" => {
                let clauses: Vec<String> = op
                    .get("clauses")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|c| c.as_str().map(str::to_owned))
                    .collect();
                reg.publish_aup(
                    str_field(op, "audience")?,
                    str_field(op, "version")?,
                    date(op, "effective")?,
                    op.get("material").and_then(Value::as_bool).unwrap_or(true),
                    &clauses,
                )
                .map_err(code)?;
            }
            "sign" => {
                let details = SignatureDetails {
                    co_signer: opt_str(op, "co_signer").map(str::to_owned),
                    signed_on_behalf_by: opt_str(op, "signed_on_behalf_by").map(str::to_owned),
                    explained_to_pupil: op
                        .get("explained_to_pupil")
                        .and_then(Value::as_bool)
                        .unwrap_or(false),
                    method: match opt_str(op, "method") {
                        Some(m) => m.parse().map_err(code)?,
                        None => Default::default(),
                    },
                    class: opt_str(op, "class").map(str::to_owned),
                };
                reg.sign(
                    str_field(op, "person")?,
                    str_field(op, "audience")?,
                    str_field(op, "version")?,
                    instant(op, "at")?,
                    details,
                )
                .map_err(code)?;
            }
            "record_review" => reg
                .record_review(str_field(op, "subject")?, date(op, "on")?)
                .map_err(code)?,
            "flag_review" => reg
                .flag_review(
                    str_field(op, "subject")?,
                    str_field(op, "trigger")?,
                    date(op, "on")?,
                )
                .map_err(code)?,
            other => return Err(format!("unknown operation `{other}`")),
        }
    }
    let mut results = Vec::new();
    for q in input
        .get("queries")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let result = match str_field(q, "op")? {
            "may_access_systems" => {
                to_value(reg.may_access_systems(str_field(q, "person")?, instant(q, "at")?))?
            }
            "who_must_sign" => to_value(reg.who_must_sign(instant(q, "at")?))?,
            "decide" => {
                let ctx = match q.get("context") {
                    Some(c) => DecisionContext::from_json(c).map_err(code)?,
                    None => DecisionContext::default(),
                };
                to_value(
                    reg.decide(
                        str_field(q, "person")?,
                        str_field(q, "action")?,
                        instant(q, "at")?,
                        &ctx,
                    )
                    .map_err(code)?,
                )?
            }
            "diff" => to_value(
                reg.diff(
                    str_field(q, "audience")?,
                    str_field(q, "version_a")?,
                    str_field(q, "version_b")?,
                )
                .map_err(code)?,
            )?,
            "holders" => to_value(
                reg.holders(str_field(q, "role")?, date(q, "on")?)
                    .map_err(code)?,
            )?,
            "duties" => to_value(reg.duties(str_field(q, "person")?, date(q, "on")?))?,
            "review_status" => to_value(reg.review_status(date(q, "on")?))?,
            "vacancies" => to_value(reg.vacancies(date(q, "on")?))?,
            other => return Err(format!("unknown query `{other}`")),
        };
        results.push(result);
    }
    Ok(json!({ "results": results }))
}

#[test]
fn registry_vectors() {
    assert_concept("registry", run);
}
