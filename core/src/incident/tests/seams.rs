//! Who is harmed and when: a member of staff as the victim, an adult's image sent to a
//! child, dates that cannot be right.

use super::*;

fn actions(p: &Plan) -> Vec<&'static str> {
    p.steps.iter().map(|s| s.action.as_str()).collect()
}

#[test]
fn a_staff_victim_of_a_deepfake_is_supported_and_no_child_step_is_invented() {
    let p = plan(json!({"reported_at": "2025-11-26T10:30:00+00:00",
        "subjects": [{"role": "all_staff"}], "alleged": "adult_outside",
        "facts": {"image_involved": true, "shared_further": true},
        "tags": ["online_sexual_harassment", "ai_generated"]}));
    assert_eq!(p.category, Category::OnlineSexualHarassment);
    let support = p
        .steps
        .iter()
        .find(|s| s.action.as_str() == "support_staff_member")
        .expect("a staff welfare step");
    assert!(support.mandatory);
    assert_eq!(support.recipient.as_str(), "headteacher");
    assert!(
        support.source.contains("Incident staff victim"),
        "{}",
        support.source
    );
    assert!(
        !actions(&p).contains(&"support_all_children_involved"),
        "{:?}",
        actions(&p)
    );
    // A pupil who made it is a child involved: they are supported too.
    let by_pupil = plan(json!({"reported_at": "2025-11-26T10:30:00+00:00",
        "subjects": [{"role": "all_staff"}], "alleged": "pupil",
        "facts": {"image_involved": true, "shared_further": true},
        "tags": ["cyberbullying", "ai_generated"]}));
    let a = actions(&by_pupil);
    assert!(
        a.contains(&"support_staff_member") && a.contains(&"support_all_children_involved"),
        "{a:?}"
    );
    // A child victim gets no staff step.
    let child = plan(json!({"reported_at": "2025-11-26T10:30:00+00:00",
        "subjects": [{"role": "pupil", "age": 14}], "alleged": "pupil",
        "facts": {"criminal_offence_suspected": true}, "tags": ["online_sexual_harassment"]}));
    assert!(!actions(&child).contains(&"support_staff_member"));
}

#[test]
fn an_adult_stranger_cyberflashing_a_child_is_grooming_not_abuse_imagery() {
    let p = plan(json!({"reported_at": "2025-11-26T10:30:00+00:00",
        "subjects": [{"role": "pupil", "age": 13}], "alleged": "adult_outside",
        "facts": {"image_involved": true, "adult_involved": true},
        "tags": ["online_sexual_harassment"]}));
    assert_eq!(p.category, Category::GroomingCse);
    assert!(!p.has_category(Category::Csam), "{:?}", p.secondary);
    assert!(
        p.reasons
            .iter()
            .any(|r| r.rule == "image_rule" && r.text.contains("cyberflashing"))
    );
    // The route stays: police and children's social care at once, the image never viewed.
    let now: Vec<_> = p
        .mandatory_steps()
        .filter(|s| s.deadline == Deadline::Immediately)
        .map(|s| s.recipient.as_str())
        .collect();
    assert!(
        now.contains(&"police_non_emergency") && now.contains(&"csc_front_door"),
        "{now:?}"
    );
    assert!(p.forbidden_ids().contains(&"view_image"));
    assert_eq!(p.severity, 5);
    // An image of the child (tagged so) with an adult involved is still abuse imagery.
    let of_child = plan(json!({"reported_at": "2025-11-26T10:30:00+00:00",
        "subjects": [{"role": "pupil", "age": 13}], "alleged": "adult_outside",
        "facts": {"image_involved": true, "adult_involved": true},
        "tags": ["online_sexual_harassment", "nudes_u18"]}));
    assert_eq!(of_child.category, Category::Csam);
}

#[test]
fn dates_that_cannot_be_right_warn() {
    let warned = |v: Value, what: &str| {
        let p = plan(v);
        assert!(
            p.warnings.iter().any(|w| w.contains(what)),
            "{what}: {:?}",
            p.warnings
        );
    };
    let base = |reported: &str, occurred: &str| {
        json!({"reported_at": reported, "occurred_at": occurred,
            "subjects": [{"role": "pupil", "age": 13}], "tags": ["cyberbullying"]})
    };
    warned(
        base("2025-11-26T10:30:00Z", "2035-11-26"),
        "is after reported_at",
    );
    warned(
        base("2025-11-26T10:30:00Z", "1970-01-01"),
        "more than 20 years before",
    );
    warned(
        json!({"reported_at": "1970-01-01T00:00:00Z", "subjects": [{"role": "pupil", "age": 13}],
            "tags": ["cyberbullying"]}),
        "before 2000",
    );
    // A plausible pair says nothing, and the time is kept on the incident.
    let p = plan(base("2025-11-26T10:30:00Z", "2025-11-24T16:00:00Z"));
    assert!(
        !p.warnings.iter().any(|w| w.contains("occurred_at")),
        "{:?}",
        p.warnings
    );
    assert_eq!(
        p.incident.occurred_at.map(|t| t.to_rfc3339()),
        Some("2025-11-24T16:00:00+00:00".to_owned())
    );
    let bad = escalate_json(
        &json!({"occurred_at": "last week", "tags": ["cyberbullying"]}),
        None,
    );
    assert_eq!(bad.unwrap_err().code(), "incident_invalid_value");
}

#[test]
fn a_record_names_no_reporter_nobody_gave() {
    let typed = plan(json!({"reported_at": "2025-11-26T10:30:00+00:00",
        "subjects": [{"role": "pupil", "age": 10}], "alleged": "parent",
        "tags": ["grooming_cse"]}));
    let md = typed.to_markdown();
    assert!(md.contains("Reported by: not given"), "{md}");
    assert!(typed.warnings.iter().any(|w| w.starts_with("reporter:")));
    let alert = plan(json!({"reported_at": "2025-11-26T10:30:00+00:00",
        "subjects": [{"role": "pupil", "age": 10}], "tags": ["monitoring_alert"],
        "hits": [{"kind": "term", "category": "suicide", "severity": 5}]}));
    assert!(
        alert
            .to_markdown()
            .contains("Reported by: a monitoring or filtering system")
    );
    assert!(!alert.warnings.iter().any(|w| w.starts_with("reporter:")));
}
