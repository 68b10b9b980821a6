//! A low-level concern: the record of earlier concerns about the same adult is checked, and
//! a pattern (fact `previous_concerns`) is a LADO consultation; the record never says as
//! fact that the concern is below the harm threshold (incident review 22, finding 2).

use super::*;

fn llc(facts: Value, alleged: &str) -> Plan {
    plan(
        json!({"reported_at": "2025-11-26T10:00:00Z", "reporter": "all_staff",
        "subjects": [{"role": "all_staff"}], "alleged": alleged, "facts": facts,
        "tags": ["staff_low_level_concern"]}),
    )
}

fn lado(p: &Plan) -> Decision {
    p.decisions
        .iter()
        .find(|d| d.recipient.as_str() == "lado")
        .cloned()
        .expect("the LADO decision is always recorded")
}

#[test]
fn the_record_of_earlier_concerns_is_checked() {
    for (alleged, who) in [
        ("staff", "headteacher"),
        ("headteacher", "chair_of_governors"),
    ] {
        let p = llc(json!({}), alleged);
        assert_eq!(p.category, Category::StaffLowLevelConcern, "{alleged}");
        let review = p
            .steps
            .iter()
            .find(|s| s.action == Action::ReviewEarlierLowLevelConcerns);
        assert!(
            review.is_some_and(|s| s.mandatory
                && s.recipient.as_str() == who
                && s.source.contains("KCSIE 2025 Part 4 low-level concerns")),
            "{alleged}: {:?}",
            p.steps
        );
        let d = lado(&p);
        assert_eq!(d.outcome, DecisionOutcome::NotReferred);
        assert!(
            d.reason.starts_with("not referred on this report alone"),
            "{}",
            d.reason
        );
        assert_eq!(d.source, "KCSIE 2025 Part 4 low-level concerns");
        assert!(
            !d.reason.contains("does not meet the harm threshold"),
            "{}",
            d.reason
        );
        assert!(!p.steps.iter().any(|s| s.recipient.as_str() == "lado"));
    }
}

#[test]
fn earlier_concerns_about_the_same_adult_mean_consulting_the_lado() {
    let p = llc(json!({"previous_concerns": true}), "staff");
    assert_eq!(p.category, Category::StaffLowLevelConcern);
    let step = p.steps.iter().find(|s| s.action == Action::ReferToLado);
    assert!(
        step.is_some_and(
            |s| !s.mandatory && s.note.as_deref().is_some_and(|n| n.contains("pattern"))
        ),
        "{:?}",
        p.steps
    );
    assert_eq!(lado(&p).outcome, DecisionOutcome::Consider);
    // A pattern is a consultation, not an allegation by itself.
    assert!(!p.has_category(Category::StaffAllegation));
    // In an allegation the LADO referral stays a must.
    let a = plan(
        json!({"reported_at": "2025-11-26T10:00:00Z", "reporter": "all_staff",
        "subjects": [{"role": "pupil", "age": 12}], "alleged": "staff",
        "facts": {"previous_concerns": true}, "tags": ["staff_allegation"]}),
    );
    assert_eq!(lado(&a).outcome, DecisionOutcome::Refer);
    assert!(FACT_NAMES.contains(&"previous_concerns"));
}
