//! R4's talk with the police before other schools are told is a consultation, and the
//! decisions table says so; a real police referral in the same plan stays a referral
//! (incident review 22, finding 6).

use super::*;

fn police(p: &Plan) -> Decision {
    p.decisions
        .iter()
        .find(|d| d.recipient.as_str().starts_with("police"))
        .cloned()
        .expect("the police decision is always recorded")
}

#[test]
fn consulting_the_police_under_r4_is_recorded_as_a_consultation() {
    let p = plan(
        json!({"reported_at": "2025-11-26T10:00:00Z", "reporter": "all_staff",
        "subjects": [{"role": "pupil", "age": 14}], "alleged": "pupil",
        "facts": {"other_schools_involved": true}, "tags": ["cyberbullying"]}),
    );
    assert!(
        p.steps
            .iter()
            .any(|s| s.action == Action::ConsultPoliceBeforeSharing && s.mandatory)
    );
    let d = police(&p);
    assert_eq!(d.outcome, DecisionOutcome::Consider, "{d:?}");
    assert!(d.reason.contains("not a referral"), "{}", d.reason);
    assert!(!d.reason.starts_with("required"), "{}", d.reason);
}

#[test]
fn a_real_police_referral_beside_r4_stays_a_referral() {
    for facts in [
        json!({"other_schools_involved": true, "criminal_offence_suspected": true}),
        json!({"other_schools_involved": true, "immediate_danger": true}),
        json!({"other_schools_involved": true, "threat_of_violence": true}),
    ] {
        let p = plan(
            json!({"reported_at": "2025-11-26T10:00:00Z", "reporter": "all_staff",
            "subjects": [{"role": "pupil", "age": 14}], "alleged": "pupil",
            "facts": facts, "tags": ["cyberbullying"]}),
        );
        assert_eq!(police(&p).outcome, DecisionOutcome::Refer, "{facts}");
    }
    // Adult grooming with other schools involved: the police referral is a must.
    let p = plan(
        json!({"reported_at": "2025-11-26T10:00:00Z", "reporter": "all_staff",
        "subjects": [{"role": "pupil", "age": 12}], "alleged": "adult_outside",
        "facts": {"other_schools_involved": true}, "tags": ["grooming_cse"]}),
    );
    assert_eq!(police(&p).outcome, DecisionOutcome::Refer);
}
