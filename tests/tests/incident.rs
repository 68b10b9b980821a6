//! Incident and escalation vectors (`tests/vectors/incident/`).
//!
//! Each case's input is one API call:
//!
//! * `{"call": "escalate", "incident": {...}, "profile": P}` → `escalate(incident, profile)`
//!   as a dict (`Plan.to_dict()`), where `P` is absent/null (national), a preset name, or
//!   `{"label": "school.toml", "text": "..."}` (a profile file: the other surfaces write
//!   the text to a file with that name and call `SchoolProfile.from_file`);
//! * `{"call": "profile", "preset": "kilby"}` → `SchoolProfile.preset(name).to_dict()`;
//! * `{"call": "profile_from_text", "label": "...", "text": "..."}` → the profile file;
//! * `{"call": "draft", "alert": {...}, "context": {...}, "profile": P}` →
//!   `{"incident": draft or null, "plan": escalate(draft) or null}`, where `alert` is an
//!   alert dict, a scanner `Match.to_dict()` or a filter `Decision.to_dict()` and the
//!   optional `context` gives `at`, `age`, ... (`draft_incident(alert, context=...)`).
//!
//! `emitted_categories.json` is generated from the vocabulary: one case per named filter
//! and scanner category. [`emitted_categories_file_is_generated`] fails when the committed
//! file differs from what the code generates; `ESAFETY_BLESS=1` rewrites it.
//!
//! Set `ESAFETY_BLESS_INCIDENT=1` to fill in the `expect` of cases that have none (`null`)
//! from the current output; every filled expectation must then be reviewed by hand
//! against DOMAIN.md before it is committed.

use esafety_conformance::{Outcome, assert_concept, str_field, vectors_root};
use esafety_core::ErrorCode;
use esafety_core::incident::{
    IncidentError, SchoolProfile, draft_incident_json, escalate, escalate_json, from_filter,
    from_scanner,
};
use esafety_core::{filter, scanner};
use serde_json::{Map, Value, json};

fn code(e: IncidentError) -> String {
    e.code().to_owned()
}

fn profile_arg(value: Option<&Value>) -> Result<Option<SchoolProfile>, String> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(name)) => SchoolProfile::preset(name).map(Some).map_err(code),
        Some(file) => {
            let label = str_field(file, "label")?;
            let text = str_field(file, "text")?;
            SchoolProfile::from_text(label, text)
                .map(Some)
                .map_err(code)
        }
    }
}

fn run(input: &Value) -> Outcome {
    match str_field(input, "call")? {
        "escalate" => {
            let profile = profile_arg(input.get("profile"))?;
            let incident = input
                .get("incident")
                .ok_or("vector input lacks `incident`")?;
            escalate_json(incident, profile.as_ref())
                .map(|p| p.to_json_value())
                .map_err(code)
        }
        "profile" => SchoolProfile::preset(str_field(input, "preset")?)
            .map(|p| p.to_json_value())
            .map_err(code),
        "profile_from_text" => {
            SchoolProfile::from_text(str_field(input, "label")?, str_field(input, "text")?)
                .map(|p| p.to_json_value())
                .map_err(code)
        }
        "draft" => {
            let profile = profile_arg(input.get("profile"))?.unwrap_or_default();
            let alert = input.get("alert").ok_or("vector input lacks `alert`")?;
            Ok(
                match draft_incident_json(alert, input.get("context")).map_err(code)? {
                    Some(incident) => {
                        json!({"incident": incident.to_json_value(), "plan": escalate(&incident, &profile).to_json_value()})
                    }
                    None => json!({"incident": null, "plan": null}),
                },
            )
        }
        other => Err(format!("unknown call `{other}`")),
    }
}

#[test]
fn incident_vectors() {
    if std::env::var_os("ESAFETY_BLESS_INCIDENT").is_some() {
        bless();
    }
    assert_concept("incident", run);
}

/// The parts of a plan a vector pins down.
fn trim_plan(plan: &Value) -> Value {
    let mut out = Map::new();
    for key in [
        "category",
        "secondary",
        "area",
        "severity",
        "ukcis_triggers",
        "inform_parents",
        "out_of_hours",
        "forbidden",
    ] {
        if let Some(v) = plan.get(key) {
            out.insert(key.to_owned(), v.clone());
        }
    }
    let steps: Vec<Value> = plan["steps"]
        .as_array()
        .map(|steps| {
            steps
                .iter()
                .map(|s| {
                    let mut step = json!({"action": s["action"], "recipient": s["recipient"],
                        "deadline": s["deadline"], "mandatory": s["mandatory"]});
                    let mut contact = Map::new();
                    for k in ["phone", "email"] {
                        if let Some(v) = s["contact"].get(k) {
                            contact.insert(k.to_owned(), v.clone());
                        }
                    }
                    if !contact.is_empty() {
                        step["contact"] = Value::Object(contact);
                    }
                    let cited = [
                        "call_999",
                        "refer_to_police",
                        "refer_to_csc",
                        "refer_to_lado",
                        "report_to_case_manager",
                    ];
                    if cited.contains(&s["action"].as_str().unwrap_or("")) {
                        step["source"] = s["source"].clone();
                    }
                    step
                })
                .collect()
        })
        .unwrap_or_default();
    out.insert("steps".to_owned(), Value::Array(steps));
    Value::Object(out)
}

fn trim_profile(p: &Value) -> Value {
    let warnings: Vec<Value> = p["warnings"]
        .as_array()
        .map(|w| {
            w.iter()
                .map(|w| json!({"code": w["code"], "key": w["key"]}))
                .collect()
        })
        .unwrap_or_default();
    let mut contacts = Map::new();
    if let Some(map) = p["contacts"].as_object() {
        for (id, c) in map {
            let mut entry = Map::new();
            for k in ["phone", "email"] {
                if let Some(v) = c.get(k) {
                    entry.insert(k.to_owned(), v.clone());
                }
            }
            contacts.insert(id.clone(), Value::Object(entry));
        }
    }
    let mut ignored = Map::new();
    if let Some(map) = p["ignored_contacts"].as_object() {
        for (id, c) in map {
            ignored.insert(id.clone(), json!({"area": c["area"]}));
        }
    }
    json!({"id": p["id"], "local_authority": p["local_authority"], "settings": p["settings"],
           "contacts": contacts, "ignored_contacts": ignored, "warnings": warnings})
}

fn trim(input: &Value, output: &Value) -> Value {
    match input["call"].as_str() {
        Some("escalate") => trim_plan(output),
        Some("profile") | Some("profile_from_text") => trim_profile(output),
        Some("draft") => {
            if output["incident"].is_null() {
                output.clone()
            } else {
                let facts: Map<String, Value> = output["incident"]["facts"]
                    .as_object()
                    .map(|m| {
                        m.iter()
                            .filter(|(_, v)| **v == json!(true))
                            .map(|(k, v)| (k.clone(), v.clone()))
                            .collect()
                    })
                    .unwrap_or_default();
                let mut incident = json!({"tags": output["incident"]["tags"], "facts": facts,
                    "hits": output["incident"]["hits"]});
                // Who the draft alleges, when the alert names someone.
                if let Some(alleged) = output["incident"].get("alleged") {
                    incident["alleged"] = alleged.clone();
                }
                json!({"incident": incident, "plan": trim_plan(&output["plan"])})
            }
        }
        _ => output.clone(),
    }
}

fn bless() {
    let dir = vectors_root().join("incident");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(mut doc) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        let mut changed = false;
        if let Some(cases) = doc["cases"].as_array_mut() {
            for case in cases {
                if !case["expect"].is_null() {
                    continue;
                }
                case["expect"] = match run(&case["input"]) {
                    Ok(out) => json!({"ok": trim(&case["input"], &out)}),
                    Err(e) => json!({"error": e}),
                };
                changed = true;
            }
        }
        if changed {
            let text = serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n";
            std::fs::write(&path, text).unwrap_or_default();
        }
    }
}

/// The time and user every generated case drafts with.
fn generated_context() -> Value {
    json!({"at": "2025-11-26T10:30:00+00:00", "age": 12})
}

/// A filter decision of one category, exactly as `Decision.to_dict()` gives it.
fn decision_dict(category: &filter::Category) -> Result<Value, String> {
    let id = category.as_str();
    let value = json!({"verdict": "block", "url": "http://site.example.test/", "host": "site.example.test",
        "audience": "ks3", "categories": [id], "rule": "vectors:1",
        "reason": format!("blocked: {id}"), "source": "KCSIE 2025 Part 2",
        "matches": [{"kind": "domain", "list": "vectors", "line": 1, "categories": [id], "matched": "site.example.test"}],
        "search_terms": null, "rewrite": null, "safe_search": null, "lookalike": null});
    // Round-trip through the filter's own type, so the dict is exactly its wire shape.
    let decision: filter::Decision =
        serde_json::from_value(value).map_err(|e| format!("{id}: {e}"))?;
    serde_json::to_value(&decision).map_err(|e| e.to_string())
}

/// A scanner match of one category, exactly as `Match.to_dict()` gives it.
fn match_dict(category: &scanner::Category) -> Result<Value, String> {
    let id = category.as_str();
    let value = json!({"term": "example", "category": id, "severity": 3, "list_severity": 3,
        "start": 0, "end": 7, "matched_text": "example", "source": "vectors.tsv:1"});
    let m: scanner::Match = serde_json::from_value(value).map_err(|e| format!("{id}: {e}"))?;
    serde_json::to_value(&m).map_err(|e| e.to_string())
}

/// One generated case: the draft of `alert` must be classified as the vocabulary says.
fn generated_case(
    module: &str,
    id: &str,
    alert: Value,
    mapped: &esafety_core::incident::FromCategory,
) -> Result<Value, String> {
    let input = json!({"call": "draft", "alert": alert, "context": generated_context()});
    let out = run(&input).map_err(|e| format!("{module} {id}: {e}"))?;
    let category = mapped
        .category()
        .ok_or_else(|| format!("{module} {id}: a named category always maps"))?;
    if out["plan"]["category"] != json!(category.as_str()) {
        return Err(format!(
            "{module} {id}: the plan's category is {}, the vocabulary says {category}",
            out["plan"]["category"]
        ));
    }
    let steps: Vec<Value> = out["plan"]["steps"]
        .as_array()
        .map(|s| {
            s.iter()
                .map(|s| json!({"action": s["action"], "recipient": s["recipient"]}))
                .collect()
        })
        .unwrap_or_default();
    if steps.is_empty() {
        return Err(format!("{module} {id}: the plan has no steps"));
    }
    let concern = if mapped.is_concern() {
        "a safeguarding concern"
    } else {
        "not a concern by itself, drafted for the DSL to triage"
    };
    Ok(json!({
        "name": format!("{module}-{}", id.replace(['_', '.'], "-")),
        "description": format!("the {module} category `{id}` becomes a draft incident with a plan: `{category}` ({concern})"),
        "source": "KCSIE 2025 Part 2 (filtering and monitoring); UKCIS sharing nudes 2024; UKSIC appropriate filtering and monitoring",
        "input": input,
        "expect": {"ok": {"plan": {"category": category.as_str(), "area": category.area().as_str(), "steps": steps}}},
    }))
}

/// The generated `emitted_categories.json`.
fn generated_categories() -> Result<Value, String> {
    let mut cases = Vec::new();
    for c in filter::NAMED_CATEGORIES {
        cases.push(generated_case(
            "filter",
            c.as_str(),
            decision_dict(c)?,
            &from_filter(c),
        )?);
    }
    for c in scanner::Category::ALL {
        cases.push(generated_case(
            "scanner",
            c.as_str(),
            match_dict(&c)?,
            &from_scanner(&c),
        )?);
    }
    Ok(json!({"schemaVersion": 1, "concept": "incident",
        "description": "generated from the vocabulary (tests/tests/incident.rs, ESAFETY_BLESS=1 rewrites it): every named filter and scanner category, drafted from its Decision.to_dict() or Match.to_dict(), becomes an incident with a plan",
        "cases": cases}))
}

#[test]
fn emitted_categories_file_is_generated() {
    let path = vectors_root()
        .join("incident")
        .join("emitted_categories.json");
    let generated = generated_categories();
    assert!(generated.is_ok(), "{generated:?}");
    let expected =
        serde_json::to_string_pretty(&generated.unwrap_or_default()).unwrap_or_default() + "\n";
    if std::env::var_os("ESAFETY_BLESS").is_some() {
        let written = std::fs::write(&path, &expected);
        assert!(written.is_ok(), "{}: {written:?}", path.display());
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == expected,
        "{} differs from what the vocabulary generates: run with ESAFETY_BLESS=1 and review the diff",
        path.display()
    );
}
