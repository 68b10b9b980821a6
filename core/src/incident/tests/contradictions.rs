//! Facts that contradict each other are said, and the reading that protects the child is
//! taken; an abuse-image web address on the IWF list is never youth-produced imagery
//! (incident review 22, finding 1).

use super::*;
use crate::incident::plan::ForbiddenAction;

fn listed_csam(subjects: Value, facts: Value) -> Plan {
    plan(
        json!({"reported_at": "2025-11-26T10:00:00Z", "reporter": "all_staff",
        "subjects": subjects, "alleged": "pupil", "device": "school", "facts": facts,
        "tags": ["csam"],
        "hits": [{"kind": "url", "category": "illegal.csam", "url": "http://bad.example/x"}]}),
    )
}

fn actions(p: &Plan) -> Vec<&'static str> {
    p.steps.iter().map(|s| s.action.as_str()).collect()
}

#[test]
fn incidental_and_deliberate_together_take_the_deliberate_reading_and_warn() {
    let both = json!({"incidental_exposure": true, "deliberate": true});
    for subjects in [json!([]), json!([{"role": "pupil", "age": 14}])] {
        let p = listed_csam(subjects.clone(), both.clone());
        assert_eq!(p.category, Category::Csam, "{subjects}");
        assert!(
            !actions(&p).contains(&"delete_incidental_copies"),
            "{subjects}: {:?}",
            actions(&p)
        );
        assert!(p.forbidden.contains(&ForbiddenAction::DeleteEvidence));
        assert!(
            p.steps.iter().any(|s| s.action == Action::ReferToPolice
                && s.mandatory
                && s.deadline == Deadline::Immediately),
            "{subjects}: {:?}",
            actions(&p)
        );
        assert!(!actions(&p).contains(&"seek_police_advice_if_unclear"));
        let said: Vec<&String> = p
            .warnings
            .iter()
            .filter(|w| w.contains("incidental_exposure") && w.contains("deliberate"))
            .collect();
        assert_eq!(said.len(), 1, "{subjects}: {:?}", p.warnings);
        // The record keeps what was reported.
        assert!(p.incident.facts.incidental_exposure);
    }
    // Either fact alone is not a contradiction.
    for facts in [
        json!({"incidental_exposure": true}),
        json!({"deliberate": true}),
    ] {
        let p = listed_csam(json!([]), facts.clone());
        assert!(
            !p.warnings.iter().any(|w| w.contains("incidental_exposure")),
            "{facts}: {:?}",
            p.warnings
        );
    }
    // Classification alone reads the facts the same way.
    let i = Incident::from_json_value(&json!({"subjects": [{"role": "pupil", "age": 14}],
        "facts": {"incidental_exposure": true, "deliberate": true},
        "tags": ["inappropriate_content_deliberate"]}))
    .unwrap();
    assert_eq!(
        classify(&i).category,
        Category::InappropriateContentDeliberate
    );
}

#[test]
fn a_listed_abuse_image_address_is_never_youth_produced_imagery() {
    for facts in [
        json!({"deliberate": true}),
        json!({"incidental_exposure": true, "deliberate": true}),
        json!({}),
    ] {
        let p = listed_csam(json!([{"role": "pupil", "age": 14}]), facts.clone());
        assert_eq!(p.category, Category::Csam, "{facts}");
        assert!(
            !p.has_category(Category::NudesU18),
            "{facts}: {:?}",
            p.secondary
        );
        assert!(p.forbidden.contains(&ForbiddenAction::DeleteEvidence));
    }
    // Without the csam tag, the listed address alone is abuse material too.
    let p = plan(
        json!({"reported_at": "2025-11-26T10:00:00Z", "reporter": "all_staff",
        "subjects": [{"role": "pupil", "age": 14}], "alleged": "pupil",
        "facts": {"deliberate": true},
        "hits": [{"kind": "url", "category": "illegal.csam", "url": "http://bad.example/x"}]}),
    );
    assert_eq!(p.category, Category::Csam);
    assert!(!p.has_category(Category::NudesU18), "{:?}", p.secondary);
    // A pupil's own image, tagged csam by the reporter with no listed address, is still
    // youth-produced imagery (UKCIS).
    let p = plan(
        json!({"reported_at": "2025-11-26T10:00:00Z", "reporter": "all_staff",
        "subjects": [{"role": "pupil", "age": 14}], "alleged": "pupil",
        "facts": {"image_involved": true}, "tags": ["csam"]}),
    );
    assert_eq!(p.category, Category::NudesU18);
}
