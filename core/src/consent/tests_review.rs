//! Scenario tests of two findings of the guidance review: a pupil of 18 or over decides for
//! themselves (Consent adult pupil), and a carer's own later answer replaces their earlier
//! one across a channel and its platforms (Consent rule 3).

use super::*;
use chrono::{Duration, NaiveDate, TimeZone};
use proptest::prelude::*;

fn at(s: &str) -> DateTime<Utc> {
    parse_instant(s).unwrap()
}

/// Records a carer's answer written as `"pupil carer channel state instant"`.
fn carer(l: &mut ConsentLedger, line: &str) {
    let [pupil, who, channel, state, when] = words(line);
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

/// The five words of a scenario line.
fn words(line: &str) -> [&str; 5] {
    let words: Vec<&str> = line.split_whitespace().collect();
    words.try_into().unwrap()
}

fn aged(age: u8) -> PupilVoiceOptions {
    PupilVoiceOptions {
        age: Some(age),
        ..PupilVoiceOptions::default()
    }
}

/// Records a pupil's own answer written as `"pupil channel state instant age"`.
fn pupil(l: &mut ConsentLedger, line: &str) {
    let [who, channel, state, when, age] = words(line);
    l.record_pupil_voice(who, channel, state, at(when), aged(age.parse().unwrap()))
        .unwrap();
}

fn explain(l: &ConsentLedger, who: &str, channel: &str, when: &str) -> PupilDecision {
    l.explain(who, channel, at(when)).unwrap()
}

// ---------------------------------------------------------------------------------------
// An adult pupil decides for themselves.

#[test]
fn an_adult_pupils_own_yes_permits_and_carers_no_longer_count() {
    // No school age is set: at 18 no competence statement is needed.
    let mut l = ConsentLedger::new();
    carer(&mut l, "p1 mum press_media refused 2025-09-05T09:00:00Z");
    carer(&mut l, "p1 dad press_media given 2025-09-05T09:00:00Z");
    pupil(&mut l, "p1 press_media given 2025-10-01T12:00:00Z 18");

    // Before their answer the carers decide (mum's no wins).
    let before = explain(&l, "p1", "press_media", "2025-10-01T11:59:59Z");
    assert_eq!(
        (before.state, before.rule.as_str()),
        (ConsentState::Refused, "most_restrictive")
    );
    // From it on their own yes permits, and mum's no no longer counts.
    let d = explain(&l, "p1", "press_media", "2025-10-02T10:00:00Z");
    assert_eq!(d.state, ConsentState::Given);
    assert!(d.permitted);
    assert_eq!(d.rule, "adult_pupil");
    assert_eq!(d.source, "Consent adult pupil");
    assert!(crate::source::resolve(&d.source).is_some(), "{}", d.source);
    assert!(d.answers.iter().all(|a| !a.counted), "{:?}", d.answers);
    assert!(d.pupil_voice[0].counted && d.pupil_voice[0].old_enough);
    assert!(
        d.reason
            .contains("not counted: carer `dad`, carer `mum` (parental responsibility ends at 18)"),
        "{}",
        d.reason
    );
    assert!(
        d.reason.contains("valid until 2026-08-31T23:00:00Z"),
        "{}",
        d.reason
    );
}

#[test]
fn an_adult_pupil_who_has_not_answered_a_channel_is_not_permitted_on_a_carers_yes() {
    let mut l = ConsentLedger::new();
    carer(&mut l, "p1 mum school_website given 2025-09-05T09:00:00Z");
    carer(&mut l, "p2 dad school_website given 2025-09-05T09:00:00Z");
    // The pupil's answer about another channel, at 18, makes them an adult everywhere.
    pupil(&mut l, "p1 press_media refused 2025-10-01T12:00:00Z 18");
    let d = explain(&l, "p1", "school_website", "2025-10-02T10:00:00Z");
    assert_eq!(
        (d.state, d.rule.as_str()),
        (ConsentState::NotAsked, "adult_pupil")
    );
    assert!(
        d.reason.contains("has not answered for `school_website`"),
        "{}",
        d.reason
    );
    // A group image needs every identifiable pupil: the adult blocks it.
    let image = l
        .check_image(
            &["p1", "p2"],
            "school_website",
            at("2025-10-02T10:00:00Z"),
            false,
        )
        .unwrap();
    assert!(!image.allowed);
    assert_eq!(image.blocked_by, ["p1"]);
    assert!(image.reasons[0].starts_with("pupil `p1`: the pupil, an adult since"));
    // Their own refusal decides the channel they answered.
    let press = explain(&l, "p1", "press_media", "2025-10-02T10:00:00Z");
    assert_eq!(
        (press.state, press.rule.as_str()),
        (ConsentState::Refused, "adult_pupil")
    );
    // Their own later yes replaces their refusal.
    pupil(&mut l, "p1 school_website given 2025-10-03T12:00:00Z 18");
    let image = l
        .check_image(
            &["p1", "p2"],
            "school_website",
            at("2025-10-04T10:00:00Z"),
            false,
        )
        .unwrap();
    assert!(image.allowed, "{:?}", image.reasons);
}

#[test]
fn under_eighteen_a_pupils_yes_still_never_permits_alone() {
    let mut l = ConsentLedger::with_config_json(r#"{"pupil_voice_min_age": 12}"#).unwrap();
    pupil(&mut l, "p1 school_website given 2025-10-01T12:00:00Z 17");
    let d = explain(&l, "p1", "school_website", "2025-10-02T10:00:00Z");
    assert_eq!(
        (d.state, d.rule.as_str()),
        (ConsentState::NotAsked, "deny_by_default")
    );
    // And a competent child's refusal still wins over a carer's yes.
    carer(&mut l, "p2 mum school_website given 2025-09-05T09:00:00Z");
    pupil(&mut l, "p2 school_website refused 2025-10-01T12:00:00Z 17");
    let d = explain(&l, "p2", "school_website", "2025-10-02T10:00:00Z");
    assert_eq!(d.rule, "pupil_refused");
}

#[test]
fn a_yes_given_before_eighteen_must_be_given_again_as_an_adult() {
    let mut l = ConsentLedger::with_config_json(r#"{"pupil_voice_min_age": 12}"#).unwrap();
    carer(&mut l, "p1 mum school_website given 2025-09-05T09:00:00Z");
    pupil(&mut l, "p1 school_website given 2025-09-10T12:00:00Z 17");
    pupil(&mut l, "p1 press_media given 2025-10-01T12:00:00Z 18");
    let d = explain(&l, "p1", "school_website", "2025-10-02T10:00:00Z");
    assert_eq!(
        (d.state, d.rule.as_str()),
        (ConsentState::NotAsked, "adult_pupil")
    );
    assert!(
        d.reason.contains("before they were an adult"),
        "{}",
        d.reason
    );
    assert!(!d.pupil_voice[0].counted);
}

#[test]
fn safeguarding_leaving_expiry_and_notice_rules_still_apply_to_an_adult() {
    let mut l = ConsentLedger::new();
    pupil(&mut l, "p1 school_website given 2025-10-01T12:00:00Z 18");
    pupil(&mut l, "p2 school_website given 2025-10-01T12:00:00Z 18");
    pupil(&mut l, "p3 school_website given 2025-10-01T12:00:00Z 19");
    l.restrict("p1", "court_order", at("2025-11-01T00:00:00Z"))
        .unwrap();
    let d = explain(&l, "p1", "school_website", "2025-11-02T10:00:00Z");
    assert_eq!(d.rule, "restriction");
    l.record_leaving("p2", NaiveDate::from_ymd_opt(2026, 1, 5).unwrap())
        .unwrap();
    assert_eq!(
        explain(&l, "p2", "school_website", "2026-01-06T10:00:00Z").rule,
        "left_roll"
    );
    // The school year ends the adult's yes as it ends a carer's.
    let d = explain(&l, "p3", "school_website", "2026-09-02T10:00:00Z");
    assert_eq!(
        (d.state, d.rule.as_str()),
        (ConsentState::Expired, "adult_pupil")
    );
    assert_eq!(d.source, "Consent adult pupil; Consent rule 8");
    assert!(
        d.reason.contains("consent from the pupil given at"),
        "{}",
        d.reason
    );
    // So does a change of notice in substance.
    l.publish_notice("v2", at("2026-02-01T00:00:00Z"), NoticeOptions::default())
        .unwrap();
    let d = explain(&l, "p3", "school_website", "2026-02-02T10:00:00Z");
    assert_eq!(d.state, ConsentState::Expired);
    assert!(crate::source::resolve(&d.source).is_some(), "{}", d.source);
    pupil(&mut l, "p3 school_website given 2026-02-03T10:00:00Z 19");
    assert_eq!(
        explain(&l, "p3", "school_website", "2026-02-04T10:00:00Z").state,
        ConsentState::Given
    );
}

#[test]
fn an_adult_the_school_says_cannot_decide_is_not_permitted_by_anyone() {
    let mut l = ConsentLedger::new();
    carer(&mut l, "p1 mum school_website given 2025-09-05T09:00:00Z");
    l.record_pupil_voice(
        "p1",
        "school_website",
        "given",
        at("2025-10-01T12:00:00Z"),
        PupilVoiceOptions {
            age: Some(18),
            old_enough: Some(false),
            ..PupilVoiceOptions::default()
        },
    )
    .unwrap();
    let d = explain(&l, "p1", "school_website", "2025-10-02T10:00:00Z");
    assert_eq!(
        (d.state, d.rule.as_str()),
        (ConsentState::NotAsked, "adult_pupil")
    );
    assert!(d.reason.contains("not able to decide"), "{}", d.reason);
}

#[test]
fn an_adult_pupils_own_later_answer_replaces_their_earlier_one_across_platforms() {
    let mut l = ConsentLedger::new();
    pupil(
        &mut l,
        "p1 school_social_media refused 2025-10-01T12:00:00Z 18",
    );
    pupil(
        &mut l,
        "p1 school_social_media.facebook given 2025-10-02T12:00:00Z 18",
    );
    let q = "2025-10-03T10:00:00Z";
    assert_eq!(
        explain(&l, "p1", "school_social_media.facebook", q).state,
        ConsentState::Given
    );
    assert_eq!(
        explain(&l, "p1", "school_social_media.instagram", q).state,
        ConsentState::Refused
    );
    assert_eq!(
        explain(&l, "p1", "school_social_media", q).state,
        ConsentState::Refused
    );
    // A later no for one platform blocks a post to every platform.
    pupil(
        &mut l,
        "p1 school_social_media given 2025-10-04T12:00:00Z 18",
    );
    pupil(
        &mut l,
        "p1 school_social_media.x withdrawn 2025-10-05T12:00:00Z 18",
    );
    let all = explain(&l, "p1", "school_social_media", "2025-10-06T10:00:00Z");
    assert_eq!(
        (all.state, all.rule.as_str()),
        (ConsentState::Withdrawn, "adult_pupil")
    );
    assert_eq!(
        explain(
            &l,
            "p1",
            "school_social_media.facebook",
            "2025-10-06T10:00:00Z"
        )
        .state,
        ConsentState::Given
    );
}

#[test]
fn an_adult_pupils_form_and_receipt_say_their_carers_no_longer_decide() {
    let mut l = ConsentLedger::with_config_json(r#"{"channels": ["school_website"]}"#).unwrap();
    carer(&mut l, "p1 mum school_website given 2025-09-05T09:00:00Z");
    pupil(&mut l, "p1 school_website given 2025-10-01T12:00:00Z 18");
    let form = l.consent_form("p1", "mum", at("2025-10-02T10:00:00Z"));
    let line = &form.channels[0];
    assert_eq!(line.status, "adult_pupil");
    assert_eq!(line.state, FormState::Given);
    assert!(!line.can_answer);
    // Mum can still take back her own yes on record.
    assert_eq!(line.carer_state, ConsentState::Given);
    assert!(line.can_withdraw);
    let receipt = l.receipt("p1", "mum", at("2025-10-02T10:00:00Z")).unwrap();
    assert!(receipt.services[0].purposes.is_empty());
    assert_eq!(receipt.esafety.answers.len(), 1);
    assert!(
        receipt
            .esafety
            .warnings
            .iter()
            .any(|w| w.contains("has been an adult since 2025-10-01T12:00:00Z")),
        "{:?}",
        receipt.esafety.warnings
    );
    // Before the pupil's answer the receipt is unchanged.
    let earlier = l.receipt("p1", "mum", at("2025-09-20T10:00:00Z")).unwrap();
    assert_eq!(earlier.services[0].purposes.len(), 1);
}

#[test]
fn images_published_on_a_carers_yes_come_down_unless_the_adult_agrees() {
    let mut l = ConsentLedger::new();
    carer(&mut l, "p1 mum school_website given 2025-09-05T09:00:00Z");
    carer(&mut l, "p2 mum2 school_website given 2025-09-05T09:00:00Z");
    l.record_publication("a", &["p1"], "school_website", at("2025-09-10T09:00:00Z"))
        .unwrap();
    l.record_publication("b", &["p2"], "school_website", at("2025-09-10T09:00:00Z"))
        .unwrap();
    pupil(&mut l, "p1 press_media refused 2025-10-01T12:00:00Z 18");
    pupil(&mut l, "p2 school_website given 2025-10-01T12:00:00Z 18");
    let list = l.takedown_list(at("2025-10-02T10:00:00Z"));
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].image_id, "a");
    assert!(list[0].consented_when_published);
}

#[test]
fn eighteen_needs_no_competence_statement_and_ages_are_still_checked() {
    let mut l = ConsentLedger::new();
    let t = at("2025-10-01T12:00:00Z");
    let code = |r: Result<(), ConsentError>| crate::ErrorCode::code(&r.unwrap_err());
    assert_eq!(
        code(l.record_pupil_voice("p1", "school_website", "given", t, aged(17))),
        "consent_pupil_competence_unknown"
    );
    assert_eq!(
        code(l.record_pupil_voice("p1", "school_website", "given", t, aged(20))),
        "consent_invalid_age"
    );
    assert!(l.entries().is_empty());
    l.record_pupil_voice("p1", "school_website", "given", t, aged(18))
        .unwrap();
    // The export verifies and answers the same.
    let copy = ConsentLedger::from_json_anchored(&l.to_json(), l.head_hash()).unwrap();
    assert_eq!(
        copy.explain("p1", "school_website", at("2025-10-02T00:00:00Z"))
            .unwrap(),
        l.explain("p1", "school_website", at("2025-10-02T00:00:00Z"))
            .unwrap()
    );
}

// ---------------------------------------------------------------------------------------
// A carer's own later answer replaces their earlier one, across a channel and its platforms.

#[test]
fn a_carers_later_platform_yes_replaces_their_earlier_general_withdrawal() {
    let mut l = ConsentLedger::new();
    carer(
        &mut l,
        "p1 mum school_social_media given 2025-09-05T09:00:00Z",
    );
    carer(
        &mut l,
        "p1 mum school_social_media withdrawn 2025-09-07T09:00:00Z",
    );
    carer(
        &mut l,
        "p1 mum school_social_media.facebook given 2025-09-08T09:00:00Z",
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
        "p1 mum school_social_media.facebook given 2025-09-05T09:00:00Z",
    );
    carer(
        &mut l,
        "p1 mum school_social_media withdrawn 2025-09-07T09:00:00Z",
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
        "p1 mum school_social_media refused 2025-09-05T09:00:00Z",
    );
    carer(
        &mut same,
        "p1 mum school_social_media.x given 2025-09-05T09:00:00Z",
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
        "p1 dad school_social_media refused 2025-09-06T09:00:00Z",
    );
    carer(
        &mut l,
        "p1 mum school_social_media withdrawn 2025-09-07T09:00:00Z",
    );
    carer(
        &mut l,
        "p1 mum school_social_media.facebook given 2025-09-08T09:00:00Z",
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
        "p1 mum school_social_media.instagram refused 2025-09-05T09:00:00Z",
    );
    carer(
        &mut l,
        "p1 mum school_social_media given 2025-09-08T09:00:00Z",
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
        "p1 mum school_social_media given 2025-09-05T09:00:00Z",
    );
    // A "no" for Facebook on a form someone else filled in, found invalid.
    carer(
        &mut l,
        "p1 mum school_social_media.facebook refused 2025-09-06T09:00:00Z",
    );
    carer(
        &mut l,
        "p1 mum school_social_media.facebook invalidated 2025-09-07T09:00:00Z",
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
        "p1 mum school_social_media.facebook expired 2025-09-09T09:00:00Z",
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
        "p1 mum school_social_media given 2025-09-05T09:00:00Z",
    );
    carer(
        &mut l,
        "p1 mum school_social_media withdrawn 2025-09-07T09:00:00Z",
    );
    carer(
        &mut l,
        "p1 mum school_social_media.facebook given 2025-09-08T09:00:00Z",
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
                FormState::Withdrawn,
                ConsentState::Withdrawn
            ),
            (
                "school_social_media.facebook".to_owned(),
                FormState::Given,
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
        "p1 mum school_social_media withdrawn 2025-09-10T09:00:00Z",
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

// ---------------------------------------------------------------------------------------
// Property: once a pupil is an adult, carers' answers change nothing.

fn minutes(m: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 9, 1, 0, 0, 0).unwrap() + Duration::minutes(m)
}

const CHANNELS: [&str; 3] = [
    "school_website",
    "school_social_media",
    "school_social_media.x",
];
const STATES: [&str; 3] = ["given", "refused", "withdrawn"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    #[test]
    fn carers_answers_change_nothing_once_the_pupil_is_an_adult(
        carers in prop::collection::vec((0..2usize, 0..3usize, 0..3usize, 0i64..2000), 0..12),
        own in prop::collection::vec((0..3usize, 0..3usize, 0i64..2000), 1..6),
        probe in 0i64..2200,
    ) {
        let mut with = ConsentLedger::new();
        let mut without = ConsentLedger::new();
        for (c, ch, st, m) in &carers {
            with.record("p1", ["mum", "dad"][*c], CHANNELS[*ch], STATES[*st], minutes(*m), RecordOptions::default()).unwrap();
        }
        for ledger in [&mut with, &mut without] {
            for (ch, st, m) in &own {
                ledger.record_pupil_voice("p1", CHANNELS[*ch], STATES[*st], minutes(*m), aged(18)).unwrap();
            }
        }
        let adult = own.iter().map(|(_, _, m)| *m).min().unwrap_or(0);
        prop_assume!(probe >= adult);
        for channel in CHANNELS {
            let a = with.explain("p1", channel, minutes(probe)).unwrap();
            let b = without.explain("p1", channel, minutes(probe)).unwrap();
            prop_assert_eq!((a.state, a.rule.as_str()), (b.state, b.rule.as_str()));
            prop_assert!(a.answers.iter().all(|x| !x.counted));
            prop_assert_eq!(a.pupil_voice, b.pupil_voice);
        }
    }
}
