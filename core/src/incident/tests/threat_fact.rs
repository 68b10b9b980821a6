//! A threat to kill or hurt that a person reports takes the monitoring threat's route
//! (hunt 21, finding 6).

use super::*;

fn police_now(p: &Plan) -> bool {
    p.steps.iter().any(|s| {
        s.action == Action::ReferToPolice && s.mandatory && s.deadline == Deadline::Immediately
    })
}

#[test]
fn a_threat_a_parent_reports_goes_to_the_police_at_once() {
    let p = plan(
        json!({"reported_at": "2025-11-26T10:00:00Z", "reporter": "parent_carer",
        "subjects": [{"role": "pupil", "age": 14}], "alleged": "pupil",
        "facts": {"criminal_offence_suspected": true, "threat_of_violence": true},
        "tags": ["cyberbullying", "messaging"]}),
    );
    assert_eq!(p.category, Category::Cyberbullying);
    assert!(p.severity >= 4);
    assert!(police_now(&p));
    assert!(
        p.steps
            .iter()
            .any(|s| s.action == Action::Call999IfImminentRisk && !s.mandatory)
    );
}

#[test]
fn an_untagged_threat_is_bullying_and_any_category_gets_the_police_at_once() {
    let untagged = plan(
        json!({"reporter": "all_staff", "reported_at": "2025-11-26T10:00:00Z",
        "subjects": [{"role": "pupil", "age": 12}], "facts": {"threat_of_violence": true}}),
    );
    assert_eq!(untagged.category, Category::Cyberbullying);
    assert!(police_now(&untagged));
    let hate = plan(
        json!({"reporter": "all_staff", "reported_at": "2025-11-26T10:00:00Z",
        "subjects": [{"role": "pupil", "age": 15}], "alleged": "pupil",
        "facts": {"threat_of_violence": true}, "tags": ["online_hate"]}),
    );
    assert!(police_now(&hate));
    let danger = plan(
        json!({"reporter": "all_staff", "reported_at": "2025-11-26T10:00:00Z",
        "subjects": [{"role": "pupil", "age": 15}],
        "facts": {"threat_of_violence": true, "immediate_danger": true}}),
    );
    assert_eq!(danger.steps[0].action, Action::Call999);
    assert!(
        !danger
            .steps
            .iter()
            .any(|s| s.action == Action::Call999IfImminentRisk)
    );
}
