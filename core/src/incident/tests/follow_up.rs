//! A referral to children's social care is followed up: the DSL checks it was acknowledged
//! and a decision made within one working day, and escalates if not (incident review 22,
//! finding 3).

use super::*;

fn follow_up(p: &Plan) -> Option<&Step> {
    p.steps
        .iter()
        .find(|s| s.action == Action::FollowUpReferral)
}

#[test]
fn every_referral_to_childrens_social_care_is_followed_up() {
    let mut with = 0;
    for tag in Category::IDS {
        for facts in [
            json!({}),
            json!({"immediate_danger": true}),
            json!({"adult_involved": true, "image_involved": true}),
        ] {
            let p = plan(
                json!({"reported_at": "2025-11-26T10:00:00Z", "reporter": "all_staff",
                "subjects": [{"role": "pupil", "age": 12}], "facts": facts, "tags": [tag]}),
            );
            let csc: Vec<&Step> = p
                .steps
                .iter()
                .filter(|s| s.action == Action::ReferToCsc)
                .collect();
            match (csc.is_empty(), follow_up(&p)) {
                (true, None) => {}
                (false, Some(f)) => {
                    with += 1;
                    assert_eq!(f.recipient.as_str(), "dsl", "{tag} {facts}");
                    assert_eq!(f.deadline, Deadline::Within1WorkingDay, "{tag} {facts}");
                    assert_eq!(
                        f.mandatory,
                        csc.iter().any(|s| s.mandatory),
                        "{tag} {facts}"
                    );
                    assert!(
                        f.source.contains("Working Together 2023 referral"),
                        "{tag} {facts}: {}",
                        f.source
                    );
                }
                (none, f) => panic!("{tag} {facts}: refer_to_csc absent {none}, follow-up {f:?}"),
            }
        }
    }
    assert!(with > 10, "{with}");
}

#[test]
fn the_follow_up_goes_to_the_deputy_when_the_dsl_is_alleged() {
    let p = plan(
        json!({"reported_at": "2025-11-26T10:00:00Z", "reporter": "all_staff",
        "subjects": [{"role": "pupil", "age": 12}], "alleged": "dsl",
        "facts": {"image_involved": true}, "tags": ["staff_allegation"]}),
    );
    assert!(p.steps.iter().any(|s| s.action == Action::ReferToCsc));
    assert_eq!(
        follow_up(&p).map(|s| s.recipient.as_str()),
        Some("deputy_dsl")
    );
}
