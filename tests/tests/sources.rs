//! Every `source` the engine emits resolves to a heading of `docs/guidance.md` or
//! `docs/seeds.md` (or to the school's own policy, or a list entry), and none cites an issue.
//!
//! Three walks:
//!
//! * every vector file under `tests/vectors/`: [`esafety_conformance::run_concept`] checks
//!   the sources of every successful result as it replays a case, so each concept's runner
//!   (`tests/tests/<concept>.rs`) fails on a source that does not resolve; here we check that
//!   every concept folder has such a runner and that the vectors' own expectations cite
//!   resolvable sources;
//! * the embedded data: every incident profile preset (contacts, warnings) and every
//!   registry preset;
//! * the engine itself, exhaustively: every incident category under several sets of facts
//!   in every preset (steps, reasons and forbidden actions, each of which must carry a
//!   source), every role's duties, every permission for every role in every preset, the AUP
//!   and review rules, and a filter decision of each kind for every audience.

use chrono::{NaiveDate, TimeZone, Utc};
use esafety_conformance::{
    BAD_INPUT, Expect, collect_sources, load_concept, source_problem, vectors_root,
};
use esafety_core::incident::{Incident, PRESET_NAMES, SchoolProfile, escalate};
use esafety_core::registry::{
    ALL_ACTIONS, ALL_ROLES, CONTEXT_KEYS, DecisionContext, Registry, SchoolSettings,
};
use esafety_core::{UrlFilter, source};
use serde_json::{Value, json};

/// Adds a problem for every source in `value` that is not acceptable.
fn check(what: &str, value: &Value, problems: &mut Vec<String>) -> usize {
    let sources = collect_sources(value);
    for s in &sources {
        if let Some(p) = source_problem(s) {
            problems.push(format!("{what}: {p}"));
        }
    }
    sources.len()
}

/// Adds a problem for every citation in `value` of a seed policy other than `school`'s own:
/// a school never cites a sibling's policy, and the national defaults cite none.
fn check_own(what: &str, school: &str, value: &Value, problems: &mut Vec<String>) {
    let own = source::seed_of(school);
    for s in collect_sources(value) {
        for c in s.split("; ") {
            if let Some(rest) = c.strip_prefix("seed ")
                && own != rest.get(..3)
            {
                problems.push(format!("{what}: cites another school's policy: {c}"));
            }
        }
    }
}

fn assert_none(problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{} unresolvable sources:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_concept_has_a_runner_that_checks_sources() {
    let root = vectors_root();
    let runners = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut concepts = Vec::new();
    for entry in std::fs::read_dir(&root).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() && !path.ends_with(BAD_INPUT) {
            let concept = path.file_name().unwrap().to_string_lossy().into_owned();
            assert!(
                runners.join(format!("{concept}.rs")).exists(),
                "tests/vectors/{concept} has no runner tests/tests/{concept}.rs"
            );
            let runner = std::fs::read_to_string(runners.join(format!("{concept}.rs"))).unwrap();
            assert!(
                runner.contains("assert_concept") || runner.contains("run_concept"),
                "tests/tests/{concept}.rs does not replay through run_concept"
            );
            concepts.push(concept);
        }
    }
    assert!(concepts.len() >= 6, "{concepts:?}");
}

/// The bad-input corpus: at least 150 cases, every file of a concept with a runner, every
/// case expecting an error (issue 11 §6).
#[test]
fn bad_input_corpus_covers_every_concept() {
    let dir = vectors_root().join(BAD_INPUT);
    let mut concepts = std::collections::BTreeSet::new();
    let mut cases = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let file: esafety_conformance::VectorFile =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert!(
            vectors_root().join(&file.concept).is_dir(),
            "{}",
            path.display()
        );
        for case in &file.cases {
            assert!(
                matches!(case.expect, Expect::Error(_)),
                "{}: {}",
                path.display(),
                case.name
            );
        }
        cases += file.cases.len();
        concepts.insert(file.concept);
    }
    assert!(cases >= 150, "only {cases} bad-input cases");
    assert_eq!(concepts.len(), 7, "{concepts:?}");
}

#[test]
fn vector_expectations_cite_resolvable_sources() {
    let mut problems = Vec::new();
    let mut seen = 0;
    for entry in std::fs::read_dir(vectors_root()).unwrap() {
        let path = entry.unwrap().path();
        if !path.is_dir() || path.ends_with(BAD_INPUT) {
            continue;
        }
        let concept = path.file_name().unwrap().to_string_lossy().into_owned();
        for (file, vectors) in load_concept(&concept).unwrap() {
            for case in &vectors.cases {
                if let Expect::Ok(value) = &case.expect {
                    seen += check(
                        &format!("{} :: {}", file.display(), case.name),
                        value,
                        &mut problems,
                    );
                }
            }
        }
    }
    assert!(
        seen > 100,
        "only {seen} sources in the vectors' expectations"
    );
    assert_none(&problems);
}

#[test]
fn profile_presets_cite_resolvable_sources() {
    let mut problems = Vec::new();
    let mut seen = 0;
    for name in PRESET_NAMES {
        let profile = SchoolProfile::preset(name).unwrap();
        seen += check(
            &format!("profile {name}"),
            &profile.to_json_value(),
            &mut problems,
        );
        check_own(
            &format!("profile {name}"),
            name,
            &profile.to_json_value(),
            &mut problems,
        );
    }
    assert!(seen > 30, "only {seen} sources in the presets");
    assert_none(&problems);
}

fn incidents() -> Vec<Value> {
    let categories = [
        "staff_allegation",
        "sextortion",
        "csam",
        "grooming_cse",
        "fgm",
        "nudes_u18",
        "criminal_exploitation",
        "terrorist_content",
        "radicalisation",
        "self_harm_suicide",
        "online_sexual_harassment",
        "online_hate",
        "cyberbullying",
        "data_breach",
        "image_consent_breach",
        "cybercrime",
        "unauthorised_recording",
        "staff_low_level_concern",
        "safeguarding_concern",
        "inappropriate_content_deliberate",
        "filter_bypass",
        "inappropriate_content_accidental",
        "filter_failure",
        "commerce_harm",
        "underage_platform_use",
        "mis_disinformation",
    ];
    let facts = [
        json!({}),
        json!({"immediate_danger": true, "criminal_offence_suspected": true,
               "other_schools_involved": true, "public_at_risk": true}),
        json!({"image_involved": true, "adult_involved": true, "coercion_or_blackmail": true,
               "sexual_act_depicted": true, "violence_depicted": true, "shared_further": true,
               "risk_of_self_harm": true, "capacity_to_consent_concern": true,
               "unusual_sexual_act": true}),
        json!({"image_involved": true, "incidental_exposure": true, "deliberate": true,
               "financial_loss": true}),
    ];
    let subjects = [
        json!([{"role": "pupil", "age": 10}]),
        json!([{"role": "pupil", "age": 15}]),
        json!([{"role": "staff"}]),
    ];
    let mut out = Vec::new();
    for c in categories {
        for f in &facts {
            for s in &subjects {
                out.push(json!({"tags": [c], "facts": f, "subjects": s,
                                "reported_at": "2026-03-04T21:30:00+00:00",
                                "device": "school", "location": "on_site"}));
            }
        }
    }
    out.push(json!({"subjects": [{"role": "pupil", "age": 12}], "alleged": "adult_outside",
                    "facts": {"image_involved": true},
                    "hits": [{"kind": "url", "category": "illegal.csam", "url": "http://example.test/x"}]}));
    out
}

#[test]
fn every_incident_plan_cites_resolvable_sources_and_every_forbidden_action_has_one() {
    let mut problems = Vec::new();
    let mut plans = 0;
    for name in PRESET_NAMES {
        let profile = SchoolProfile::preset(name).unwrap();
        for value in incidents() {
            let Ok(incident) = Incident::from_json_value(&value) else {
                continue;
            };
            let plan = escalate(&incident, &profile);
            plans += 1;
            let what = format!("{name} {value}");
            check(&what, &plan.to_json_value(), &mut problems);
            check_own(&what, name, &plan.to_json_value(), &mut problems);
            assert_eq!(plan.forbidden.len(), plan.forbidden_details.len(), "{what}");
            for f in &plan.forbidden_details {
                assert!(
                    !f.source.is_empty(),
                    "{what}: forbidden {} has no source",
                    f.action
                );
            }
            for s in &plan.steps {
                assert!(
                    !s.source.is_empty(),
                    "{what}: step {} has no source",
                    s.action
                );
            }
        }
    }
    assert!(plans > 1000, "only {plans} plans");
    assert_none(&problems);
}

fn contexts() -> Vec<DecisionContext> {
    let mut yes = DecisionContext::default();
    let mut no = DecisionContext::default();
    for key in CONTEXT_KEYS {
        if yes.set(key, true.into()).is_err() {
            let _ = yes.set(key, "pupil-1".into());
        }
        if no.set(key, false.into()).is_err() {
            let _ = no.set(key, "refused".into());
        }
    }
    vec![DecisionContext::default(), yes, no]
}

#[test]
fn every_permission_and_duty_cites_resolvable_sources() {
    let mut problems = Vec::new();
    let day = NaiveDate::from_ymd_opt(2025, 9, 1).unwrap();
    let at = Utc.with_ymd_and_hms(2026, 3, 4, 10, 0, 0).unwrap();
    let mut decisions = 0;
    for role in ALL_ROLES {
        for (duty, src) in role.duties() {
            if let Some(p) = source_problem(src) {
                problems.push(format!("duty of {}: {duty}: {p}", role.as_str()));
            }
        }
    }
    for preset in esafety_core::registry::PRESETS {
        let mut reg = Registry::with_settings(SchoolSettings::preset(preset).unwrap());
        for role in ALL_ROLES {
            let person = format!("p-{}", role.as_str());
            if reg.assign(&person, role.as_str(), day, None, None).is_err() {
                reg.assign(&person, role.as_str(), day, None, Some("pupil_ks2"))
                    .unwrap();
            }
        }
        reg.publish_aup("staff", "1", day, true, &[]).unwrap();
        for role in ALL_ROLES.iter().map(|r| r.as_str()).chain(["nobody"]) {
            let person = format!("p-{role}");
            for action in ALL_ACTIONS {
                for ctx in contexts() {
                    if let Ok(d) = reg.decide(&person, action.as_str(), at, &ctx) {
                        let v = serde_json::to_value(&d).unwrap();
                        let what = format!("{preset} {role} {}", action.as_str());
                        decisions += check(&what, &v, &mut problems);
                        check_own(&what, preset, &v, &mut problems);
                    }
                }
            }
            let access = serde_json::to_value(reg.may_access_systems(&person, at)).unwrap();
            check(&format!("{preset} access {role}"), &access, &mut problems);
            check_own(
                &format!("{preset} access {role}"),
                preset,
                &access,
                &mut problems,
            );
            let duties = serde_json::to_value(reg.duties(&person, day)).unwrap();
            check(&format!("{preset} duties {role}"), &duties, &mut problems);
            check_own(
                &format!("{preset} duties {role}"),
                preset,
                &duties,
                &mut problems,
            );
        }
        let reviews = serde_json::to_value(reg.review_status(day)).unwrap();
        check(&format!("{preset} reviews"), &reviews, &mut problems);
        check_own(
            &format!("{preset} reviews"),
            preset,
            &reviews,
            &mut problems,
        );
        let vacancies = serde_json::to_value(reg.vacancies(day)).unwrap();
        check_own(
            &format!("{preset} vacancies"),
            preset,
            &vacancies,
            &mut problems,
        );
    }
    assert!(decisions > 1000, "only {decisions} permission sources");
    assert_none(&problems);
}

#[test]
fn every_kind_of_filter_decision_cites_resolvable_sources() {
    let filter = UrlFilter::default();
    let mut problems = Vec::new();
    let mut seen = 0;
    let urls = [
        "http://csam-test.esafety.invalid/",
        "https://bet365.com/",
        "https://www.google.com/search?q=cats",
        "https://www.youtube.com/watch?v=x",
        "https://example.org/",
        "https://www.bbc.co.uk/news",
        "https://xn--pple-43d.com/",
    ];
    for audience in [
        "eyfs",
        "ks1",
        "ks2",
        "ks3",
        "ks4",
        "sixth_form",
        "staff",
        "guest",
    ] {
        for url in urls {
            if let Ok(d) = filter.check(url, audience, None) {
                let v = serde_json::to_value(&d).unwrap();
                seen += check(&format!("{audience} {url}"), &v, &mut problems);
            }
        }
    }
    assert_eq!(
        seen,
        8 * urls.len(),
        "every URL gives a decision with a source"
    );
    assert_none(&problems);
}

#[test]
fn the_resolver_rejects_what_a_school_cannot_look_up() {
    for bad in [
        "issue 6 §6",
        "DOMAIN.md §5.3 csam",
        "issue 5 core 2",
        "seeds 000, 001",
    ] {
        assert!(source::resolve(bad).is_none(), "{bad}");
        assert!(source_problem(bad).is_some(), "{bad}");
    }
}

/// Adds every `id` and `name` string anywhere in `value` to `out`.
fn vector_ids(value: &Value, out: &mut std::collections::HashSet<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if let ("id" | "name", Value::String(s)) = (k.as_str(), v) {
                    out.insert(s.clone());
                }
                vector_ids(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| vector_ids(v, out)),
        _ => {}
    }
}

/// The last column of every rule row on the per-school traceability pages (`docs/seeds/*.md`)
/// names vectors as `concept/file.json: id, id; …`: each file exists and holds each id, so a
/// page never points a school at a test that is not there.
#[test]
fn seed_traceability_pages_name_vectors_that_exist() {
    let docs = vectors_root().join("../../docs/seeds");
    let mut pages: Vec<_> = std::fs::read_dir(&docs)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pages.sort();
    assert_eq!(
        pages.len(),
        5,
        "one page per seed school in {}",
        docs.display()
    );
    let mut problems = Vec::new();
    let mut refs = 0;
    for page in &pages {
        let text = std::fs::read_to_string(page).unwrap();
        let rows = text.lines().filter(|l| {
            l.strip_prefix("| ")
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        });
        for row in rows {
            let cell = row
                .trim_end()
                .trim_end_matches('|')
                .rsplit('|')
                .next()
                .unwrap();
            for part in cell.split(';') {
                let part = match part.find('(') {
                    Some(i) => &part[..i],
                    None => part,
                }
                .trim();
                if part.is_empty() || part.starts_with('—') {
                    continue;
                }
                let Some((file, ids)) = part.split_once(':') else {
                    problems.push(format!("{}: not `file: ids`: {part}", page.display()));
                    continue;
                };
                let path = vectors_root().join(file.trim());
                let Ok(json) = std::fs::read_to_string(&path) else {
                    problems.push(format!("{}: no vector file {file}", page.display()));
                    continue;
                };
                let mut known = std::collections::HashSet::new();
                vector_ids(&serde_json::from_str(&json).unwrap(), &mut known);
                for id in ids.split(',').map(str::trim).filter(|i| !i.is_empty()) {
                    refs += 1;
                    if !known.contains(id) {
                        problems.push(format!("{}: {file} has no vector {id}", page.display()));
                    }
                }
            }
        }
    }
    assert!(refs > 100, "only {refs} vector references found");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
