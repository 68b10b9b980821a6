//! A concern that fits no category: the neutral safeguarding route, never the
//! accidental-content plan (hunt 21, finding 2).

use super::*;

fn actions(p: &Plan) -> Vec<&'static str> {
    p.steps.iter().map(|s| s.action.as_str()).collect()
}

#[test]
fn a_missing_child_in_danger_gets_the_safeguarding_route_and_a_warning() {
    let p = plan(
        json!({"reported_at": "2025-11-26T08:40:00Z", "reporter": "all_staff",
        "subjects": [{"role": "pupil", "age": 13}], "facts": {"immediate_danger": true}}),
    );
    assert_eq!(p.category, Category::SafeguardingConcern);
    assert_eq!(p.inform_parents, ParentNotification::UnlessRisk);
    let a = actions(&p);
    for filtering in [
        "minimise_screen_and_tell_staff",
        "block_url",
        "report_url_to_it",
        "pass_url_to_filtering_provider",
        "inform_parents",
    ] {
        assert!(!a.contains(&filtering), "{filtering} in {a:?}");
    }
    assert_eq!(a[0], "call_999");
    let csc = p.steps.iter().find(|s| s.action == Action::ReferToCsc);
    assert!(csc.is_some_and(|s| s.mandatory && s.deadline == Deadline::Immediately));
    assert!(p.warnings.iter().any(|w| w.contains("no category fitted")));
}

#[test]
fn without_danger_children_s_social_care_is_a_decision_today() {
    let p = plan(
        json!({"reported_at": "2025-11-26T10:00:00Z", "reporter": "all_staff",
        "subjects": [{"role": "pupil", "age": 10}], "tags": ["online_game"]}),
    );
    assert_eq!(p.category, Category::SafeguardingConcern);
    let csc = p.steps.iter().find(|s| s.action == Action::ReferToCsc);
    assert!(csc.is_some_and(|s| !s.mandatory && s.deadline == Deadline::SameDay));
    assert!(p.decisions.iter().any(
        |d| d.recipient.as_str() == "csc_front_door" && d.outcome == DecisionOutcome::Consider
    ));
}

#[test]
fn a_tagged_concern_has_no_warning_and_a_system_alert_stays_content() {
    let tagged = plan(
        json!({"reporter": "all_staff", "reported_at": "2025-11-26T10:00:00Z",
        "subjects": [{"role": "pupil", "age": 7}], "tags": ["safeguarding_concern"]}),
    );
    assert_eq!(tagged.category, Category::SafeguardingConcern);
    assert!(
        !tagged
            .warnings
            .iter()
            .any(|w| w.contains("no category fitted"))
    );
    let alert = plan(json!({"subjects": [{"role": "pupil", "age": 12}],
        "hits": [{"kind": "url", "category": "games", "url": "http://g.example.test/"}]}));
    assert_eq!(alert.category, Category::InappropriateContentAccidental);
}
