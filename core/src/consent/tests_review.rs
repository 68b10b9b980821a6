//! Scenario tests of findings of the guidance review: a carer's own later answer replaces
//! their earlier one across a channel and its platforms (Consent rule 3).

use super::*;

fn at(s: &str) -> DateTime<Utc> {
    parse_instant(s).unwrap()
}

fn carer(l: &mut ConsentLedger, pupil: &str, who: &str, channel: &str, state: &str, when: &str) {
    l.record(
        pupil,
        who,
        channel,
        state,
        at(when),
        RecordOptions::default(),
    )
    .unwrap();
}

fn explain(l: &ConsentLedger, who: &str, channel: &str, when: &str) -> PupilDecision {
    l.explain(who, channel, at(when)).unwrap()
}

// ---------------------------------------------------------------------------------------
// A carer's own later answer replaces their earlier one, across a channel and its platforms.

#[test]
fn a_carers_later_platform_yes_replaces_their_earlier_general_withdrawal() {
    let mut l = ConsentLedger::new();
    carer(
        &mut l,
        "p1",
        "mum",
        "school_social_media",
        "given",
        "2025-09-05T09:00:00Z",
    );
    carer(
        &mut l,
        "p1",
        "mum",
        "school_social_media",
        "withdrawn",
        "2025-09-07T09:00:00Z",
    );
    carer(
        &mut l,
        "p1",
        "mum",
        "school_social_media.facebook",
        "given",
        "2025-09-08T09:00:00Z",
    );
    let before = explain(
        &l,
        "p1",
        "school_social_media.facebook",
        "2025-09-07T12:00:00Z",
    );
    assert_eq!(before.state, ConsentState::Withdrawn);
    let d = explain(
        &l,
        "p1",
        "school_social_media.facebook",
        "2025-09-09T12:00:00Z",
    );
    assert_eq!(
        (d.state, d.rule.as_str(), d.source.as_str()),
        (ConsentState::Given, "current_given", "Consent rule 1")
    );
    assert_eq!(d.answers.len(), 1, "{:?}", d.answers);
    assert_eq!(
        d.reason,
        "pupil `p1`: carer `mum` (parental responsibility) gave consent for `school_social_media.facebook` at 2025-09-08T09:00:00Z, valid until 2026-08-31T23:00:00Z (Consent rule 1); this replaced their own earlier withdrawal of `school_social_media` at 2025-09-07T09:00:00Z, as a carer's own later answer replaces their earlier one (Consent rule 3)"
    );
    // Other platforms and a post to every platform stay withdrawn.
    for channel in ["school_social_media.instagram", "school_social_media"] {
        assert_eq!(
            explain(&l, "p1", channel, "2025-09-09T12:00:00Z").state,
            ConsentState::Withdrawn,
            "{channel}"
        );
    }
}

#[test]
fn a_carers_later_general_withdrawal_still_wins_over_their_platform_yes() {
    let mut l = ConsentLedger::new();
    carer(
        &mut l,
        "p1",
        "mum",
        "school_social_media.facebook",
        "given",
        "2025-09-05T09:00:00Z",
    );
    carer(
        &mut l,
        "p1",
        "mum",
        "school_social_media",
        "withdrawn",
        "2025-09-07T09:00:00Z",
    );
    let d = explain(
        &l,
        "p1",
        "school_social_media.facebook",
        "2025-09-08T12:00:00Z",
    );
    assert_eq!(
        (d.state, d.rule.as_str()),
        (ConsentState::Withdrawn, "withdrawal")
    );
    assert!(
        d.reason.starts_with(
            "pupil `p1`: carer `mum` withdrew `school_social_media` at 2025-09-07T09:00:00Z"
        ),
        "{}",
        d.reason
    );
    // At one instant the most protective answer is the later one.
    let mut same = ConsentLedger::new();
    carer(
        &mut same,
        "p1",
        "mum",
        "school_social_media",
        "refused",
        "2025-09-05T09:00:00Z",
    );
    carer(
        &mut same,
        "p1",
        "mum",
        "school_social_media.x",
        "given",
        "2025-09-05T09:00:00Z",
    );
    assert_eq!(
        explain(&same, "p1", "school_social_media.x", "2025-09-06T09:00:00Z").state,
        ConsentState::Refused
    );
}

#[test]
fn another_carers_earlier_no_still_beats_a_later_platform_yes() {
    let mut l = ConsentLedger::new();
    carer(
        &mut l,
        "p1",
        "dad",
        "school_social_media",
        "refused",
        "2025-09-06T09:00:00Z",
    );
    carer(
        &mut l,
        "p1",
        "mum",
        "school_social_media",
        "withdrawn",
        "2025-09-07T09:00:00Z",
    );
    carer(
        &mut l,
        "p1",
        "mum",
        "school_social_media.facebook",
        "given",
        "2025-09-08T09:00:00Z",
    );
    let d = explain(
        &l,
        "p1",
        "school_social_media.facebook",
        "2025-09-09T12:00:00Z",
    );
    assert_eq!(
        (d.state, d.rule.as_str()),
        (ConsentState::Refused, "most_restrictive")
    );
    assert!(d.reason.contains("carer `dad` refused"), "{}", d.reason);
}

#[test]
fn a_carers_later_general_yes_replaces_their_earlier_platform_no_everywhere() {
    let mut l = ConsentLedger::new();
    carer(
        &mut l,
        "p1",
        "mum",
        "school_social_media.instagram",
        "refused",
        "2025-09-05T09:00:00Z",
    );
    carer(
        &mut l,
        "p1",
        "mum",
        "school_social_media",
        "given",
        "2025-09-08T09:00:00Z",
    );
    let q = "2025-09-09T12:00:00Z";
    // One platform and a post to every platform agree.
    for channel in ["school_social_media.instagram", "school_social_media"] {
        assert_eq!(
            explain(&l, "p1", channel, q).state,
            ConsentState::Given,
            "{channel}"
        );
    }
    // Before the yes both are no.
    for channel in ["school_social_media.instagram", "school_social_media"] {
        assert_eq!(
            explain(&l, "p1", channel, "2025-09-06T12:00:00Z").state,
            ConsentState::Refused,
            "{channel}"
        );
    }
}

#[test]
fn an_invalidation_voids_only_the_answers_on_its_own_channel() {
    let mut l = ConsentLedger::new();
    carer(
        &mut l,
        "p1",
        "mum",
        "school_social_media",
        "given",
        "2025-09-05T09:00:00Z",
    );
    // A "no" for Facebook on a form someone else filled in, found invalid.
    carer(
        &mut l,
        "p1",
        "mum",
        "school_social_media.facebook",
        "refused",
        "2025-09-06T09:00:00Z",
    );
    carer(
        &mut l,
        "p1",
        "mum",
        "school_social_media.facebook",
        "invalidated",
        "2025-09-07T09:00:00Z",
    );
    assert_eq!(
        explain(
            &l,
            "p1",
            "school_social_media.facebook",
            "2025-09-06T12:00:00Z"
        )
        .state,
        ConsentState::Refused
    );
    assert_eq!(
        explain(
            &l,
            "p1",
            "school_social_media.facebook",
            "2025-09-08T12:00:00Z"
        )
        .state,
        ConsentState::Given
    );
    // An expiry recorded for Facebook does not lapse the yes for every platform elsewhere.
    carer(
        &mut l,
        "p1",
        "mum",
        "school_social_media.facebook",
        "expired",
        "2025-09-09T09:00:00Z",
    );
    assert_eq!(
        explain(&l, "p1", "school_social_media.x", "2025-09-10T12:00:00Z").state,
        ConsentState::Given
    );
}

#[test]
fn the_carers_form_and_receipt_show_their_latest_answer_for_a_platform() {
    let mut l = ConsentLedger::with_config_json(
        r#"{"channels": ["school_social_media", "school_social_media.facebook"]}"#,
    )
    .unwrap();
    carer(
        &mut l,
        "p1",
        "mum",
        "school_social_media",
        "given",
        "2025-09-05T09:00:00Z",
    );
    carer(
        &mut l,
        "p1",
        "mum",
        "school_social_media",
        "withdrawn",
        "2025-09-07T09:00:00Z",
    );
    carer(
        &mut l,
        "p1",
        "mum",
        "school_social_media.facebook",
        "given",
        "2025-09-08T09:00:00Z",
    );
    let form = l.consent_form("p1", "mum", at("2025-09-09T12:00:00Z"));
    let states: Vec<_> = form
        .channels
        .iter()
        .map(|c| (c.channel.to_string(), c.state, c.carer_state))
        .collect();
    assert_eq!(
        states,
        [
            (
                "school_social_media".to_owned(),
                ConsentState::Withdrawn,
                ConsentState::Withdrawn
            ),
            (
                "school_social_media.facebook".to_owned(),
                ConsentState::Given,
                ConsentState::Given
            ),
        ]
    );
    let receipt = l.receipt("p1", "mum", at("2025-09-09T12:00:00Z")).unwrap();
    let purposes: Vec<_> = receipt.services[0]
        .purposes
        .iter()
        .map(|p| p.purpose.as_str())
        .collect();
    assert_eq!(purposes, ["school_social_media.facebook"]);
    // A later withdrawal for every platform ends the Facebook yes on the receipt too.
    carer(
        &mut l,
        "p1",
        "mum",
        "school_social_media",
        "withdrawn",
        "2025-09-10T09:00:00Z",
    );
    let receipt = l.receipt("p1", "mum", at("2025-09-11T12:00:00Z")).unwrap();
    assert!(receipt.services[0].purposes.is_empty());
    let facebook = receipt
        .esafety
        .answers
        .iter()
        .find(|a| a.channel == "school_social_media.facebook")
        .unwrap();
    assert_eq!(facebook.state, ConsentState::Withdrawn);
}
