//! Scenario tests of the consent corrections: answers before any notice, expiry at midnight
//! in England, the child's own voice, and leaving the roll.

use super::*;
use chrono::{NaiveDate, TimeZone};
use proptest::prelude::*;

fn at(s: &str) -> DateTime<Utc> {
    parse_instant(s).unwrap()
}

fn given(l: &mut ConsentLedger, pupil: &str, carer: &str, when: &str) {
    l.record(
        pupil,
        carer,
        "school_website",
        "given",
        at(when),
        RecordOptions::default(),
    )
    .unwrap();
}

fn explain(l: &ConsentLedger, pupil: &str, when: &str) -> PupilDecision {
    l.explain(pupil, "school_website", at(when)).unwrap()
}

fn voice(age: Option<u8>, old_enough: Option<bool>) -> PupilVoiceOptions {
    PupilVoiceOptions {
        age,
        old_enough,
        ..PupilVoiceOptions::default()
    }
}

#[test]
fn answer_before_any_notice_is_attributed_to_none_and_lapses_when_one_is_published() {
    let mut l = ConsentLedger::new();
    given(&mut l, "p1", "mum", "2025-09-05T09:00:00Z");
    let before = explain(&l, "p1", "2025-10-01T10:00:00Z");
    assert_eq!(before.state, ConsentState::Given);
    assert_eq!(before.answers[0].notice_version, None);

    l.publish_notice(
        "v1",
        at("2025-11-01T00:00:00Z"),
        NoticeOptions {
            substantive: false,
            content_hash: None,
        },
    )
    .unwrap();
    // Earlier instants are unchanged, and the answer is still attributed to no notice.
    let earlier = explain(&l, "p1", "2025-10-01T10:00:00Z");
    assert_eq!(earlier.state, ConsentState::Given);
    assert_eq!(earlier.answers[0].notice_version, None);
    // Once a notice is in force, the uninformed yes lapses, even for a "minor" first notice.
    let after = explain(&l, "p1", "2025-11-01T00:00:00Z");
    assert_eq!(after.state, ConsentState::Expired);
    assert_eq!(after.rule, "given_before_notice");
    assert!(after.source.contains("UK GDPR Art 7"), "{}", after.source);
    assert!(after.reason.contains("`v1`"), "{}", after.reason);

    // A yes under the notice counts, attributed to it.
    given(&mut l, "p1", "mum", "2025-11-03T09:00:00Z");
    let renewed = explain(&l, "p1", "2025-11-04T10:00:00Z");
    assert_eq!(renewed.state, ConsentState::Given);
    assert_eq!(renewed.answers[0].notice_version.as_deref(), Some("v1"));
}

#[test]
fn answer_before_any_notice_keeps_counting_when_the_school_does_not_reconfirm() {
    let mut l =
        ConsentLedger::with_config_json(r#"{"reconfirm_on_notice_change": false}"#).unwrap();
    given(&mut l, "p1", "mum", "2025-09-05T09:00:00Z");
    l.publish_notice("v1", at("2025-11-01T00:00:00Z"), NoticeOptions::default())
        .unwrap();
    let d = explain(&l, "p1", "2025-11-02T10:00:00Z");
    assert_eq!(d.state, ConsentState::Given);
    assert_eq!(d.answers[0].notice_version, None);
}

#[test]
fn a_configured_notice_is_in_force_from_the_start() {
    let mut l =
        ConsentLedger::with_config_json(r#"{"notice": {"id": "image-consent", "version": "v1"}}"#)
            .unwrap();
    given(&mut l, "p1", "mum", "2025-09-05T09:00:00Z");
    let d = explain(&l, "p1", "2025-10-01T10:00:00Z");
    assert_eq!(d.answers[0].notice_version.as_deref(), Some("v1"));
    assert_eq!(d.state, ConsentState::Given);
}

#[test]
fn expiry_is_at_midnight_in_england() {
    let mut l = ConsentLedger::new();
    given(&mut l, "p1", "mum", "2025-06-10T09:00:00Z");
    assert_eq!(
        explain(&l, "p1", "2025-08-31T22:59:59Z").state,
        ConsentState::Given
    );
    let lapsed = explain(&l, "p1", "2025-08-31T23:00:00Z");
    assert_eq!(lapsed.state, ConsentState::Expired);
    assert_eq!(lapsed.rule, "expiry");
    assert!(
        lapsed.reason.contains("2025-08-31T23:00:00Z"),
        "{}",
        lapsed.reason
    );
    // A yes given at 23:30 UTC on 31 August is already in the new school year.
    given(&mut l, "p2", "dad", "2025-08-31T23:30:00Z");
    assert_eq!(
        explain(&l, "p2", "2026-08-31T22:59:59Z").state,
        ConsentState::Given
    );
    assert_eq!(
        explain(&l, "p2", "2026-08-31T23:00:00Z").state,
        ConsentState::Expired
    );
}

#[test]
fn pupil_old_enough_refuses_and_wins_over_both_parents() {
    let mut l = ConsentLedger::with_config_json(r#"{"pupil_voice_min_age": 12}"#).unwrap();
    given(&mut l, "p1", "mum", "2025-09-05T09:00:00Z");
    given(&mut l, "p1", "dad", "2025-09-05T09:00:00Z");
    l.record_pupil_voice(
        "p1",
        "school_website",
        "refused",
        at("2025-10-01T12:00:00Z"),
        voice(Some(12), None),
    )
    .unwrap();
    assert_eq!(
        explain(&l, "p1", "2025-10-01T11:59:59Z").state,
        ConsentState::Given
    );
    let d = explain(&l, "p1", "2025-10-02T10:00:00Z");
    assert_eq!(d.state, ConsentState::Refused);
    assert_eq!(d.rule, "pupil_refused");
    assert!(d.source.contains("UK GDPR Art 8"), "{}", d.source);
    assert!(d.pupil_voice[0].counted && d.pupil_voice[0].old_enough);
    let image = l
        .check_image(&["p1"], "school_website", at("2025-10-02T10:00:00Z"), false)
        .unwrap();
    assert_eq!(image.blocked_by, ["p1"]);
    // Another channel is untouched (channels are independent).
    l.record(
        "p1",
        "mum",
        "press_media",
        "given",
        at("2025-09-05T09:00:00Z"),
        RecordOptions::default(),
    )
    .unwrap();
    assert_eq!(
        l.state("p1", "press_media", at("2025-10-02T10:00:00Z"))
            .unwrap(),
        ConsentState::Given
    );
    // The pupil's own later yes lifts their refusal; the parents' yes decides again.
    l.record_pupil_voice(
        "p1",
        "school_website",
        "given",
        at("2025-11-01T12:00:00Z"),
        voice(Some(12), None),
    )
    .unwrap();
    assert_eq!(
        explain(&l, "p1", "2025-11-02T10:00:00Z").state,
        ConsentState::Given
    );
}

#[test]
fn pupil_too_young_objects_and_the_carers_decide_with_the_objection_shown() {
    let mut l = ConsentLedger::with_config_json(r#"{"pupil_voice_min_age": 12}"#).unwrap();
    given(&mut l, "p1", "mum", "2025-09-05T09:00:00Z");
    l.record_pupil_voice(
        "p1",
        "school_website",
        "refused",
        at("2025-10-01T12:00:00Z"),
        voice(Some(8), None),
    )
    .unwrap();
    let d = explain(&l, "p1", "2025-10-02T10:00:00Z");
    assert_eq!(d.state, ConsentState::Given);
    assert!(!d.pupil_voice[0].counted);
    assert!(d.reason.contains("not old enough"), "{}", d.reason);
}

#[test]
fn school_statement_decides_whether_the_pupil_is_old_enough() {
    let mut l = ConsentLedger::new();
    given(&mut l, "p1", "mum", "2025-09-05T09:00:00Z");
    l.record_pupil_voice(
        "p1",
        "school_website",
        "withdrawn",
        at("2025-10-01T12:00:00Z"),
        voice(None, Some(true)),
    )
    .unwrap();
    let d = explain(&l, "p1", "2025-10-02T10:00:00Z");
    assert_eq!(
        (d.state, d.rule.as_str()),
        (ConsentState::Withdrawn, "pupil_refused")
    );
}

#[test]
fn pupil_voice_is_never_guessed_and_is_validated() {
    let mut l = ConsentLedger::new();
    let t = at("2025-10-01T12:00:00Z");
    let code = |r: Result<(), ConsentError>| crate::ErrorCode::code(&r.unwrap_err());
    // No school age and no statement: refused, even with an age.
    assert_eq!(
        code(l.record_pupil_voice("p1", "school_website", "refused", t, voice(Some(14), None))),
        "consent_pupil_competence_unknown"
    );
    assert_eq!(
        code(l.record_pupil_voice(
            "p1",
            "school_website",
            "renewed",
            t,
            voice(None, Some(true))
        )),
        "consent_pupil_voice_state"
    );
    assert_eq!(
        code(l.record_pupil_voice("p1", "school_website", "nope", t, voice(None, Some(true)))),
        "consent_pupil_voice_state"
    );
    assert_eq!(
        code(l.record_pupil_voice(
            "p1",
            "school_website",
            "refused",
            t,
            voice(Some(40), Some(true))
        )),
        "consent_invalid_age"
    );
    assert_eq!(
        code(l.record_pupil_voice("p1", "web", "refused", t, voice(None, Some(true)))),
        "consent_unknown_channel"
    );
    assert!(l.entries().is_empty());
    let mut twelve = ConsentLedger::with_config_json(r#"{"pupil_voice_min_age": 12}"#).unwrap();
    assert_eq!(
        code(twelve.record_pupil_voice("p1", "school_website", "refused", t, voice(None, None))),
        "consent_pupil_competence_unknown"
    );
}

#[test]
fn a_pupil_refusal_of_the_generic_social_channel_covers_every_platform() {
    let mut l = ConsentLedger::new();
    l.record(
        "p1",
        "mum",
        "school_social_media",
        "given",
        at("2025-09-05T09:00:00Z"),
        RecordOptions::default(),
    )
    .unwrap();
    l.record_pupil_voice(
        "p1",
        "school_social_media",
        "refused",
        at("2025-10-01T12:00:00Z"),
        voice(None, Some(true)),
    )
    .unwrap();
    let d = l
        .explain(
            "p1",
            "school_social_media.instagram",
            at("2025-10-02T10:00:00Z"),
        )
        .unwrap();
    assert_eq!(d.rule, "pupil_refused");
}

#[test]
fn leaving_the_roll_lapses_every_use_from_the_leaving_date() {
    let mut l = ConsentLedger::new();
    given(&mut l, "p1", "mum", "2025-09-05T09:00:00Z");
    given(&mut l, "p2", "dad", "2025-09-05T09:00:00Z");
    l.record_publication("img", &["p1"], "school_website", at("2025-10-01T09:00:00Z"))
        .unwrap();
    l.record_leaving("p1", NaiveDate::from_ymd_opt(2026, 2, 13).unwrap())
        .unwrap();
    // Winter: 00:00 GMT is 00:00 UTC.
    assert_eq!(
        explain(&l, "p1", "2026-02-12T23:59:59Z").state,
        ConsentState::Given
    );
    let d = explain(&l, "p1", "2026-02-13T00:00:00Z");
    assert_eq!(
        (d.state, d.rule.as_str()),
        (ConsentState::LeftRoll, "left_roll")
    );
    assert!(d.reason.contains("2026-02-13"), "{}", d.reason);
    // A new yes after leaving does not count either; other pupils are untouched.
    given(&mut l, "p1", "mum", "2026-03-01T09:00:00Z");
    assert_eq!(explain(&l, "p1", "2026-03-02T10:00:00Z").rule, "left_roll");
    assert_eq!(
        explain(&l, "p2", "2026-03-02T10:00:00Z").state,
        ConsentState::Given
    );
    let group = l
        .check_image(
            &["p1", "p2"],
            "school_website",
            at("2026-03-02T10:00:00Z"),
            false,
        )
        .unwrap();
    assert_eq!(group.blocked_by, ["p1"]);
    // The export keeps the leaving event and verifies.
    let copy = ConsentLedger::from_json(&l.to_json()).unwrap();
    assert_eq!(copy, l);
}

#[test]
fn a_forged_leaving_time_is_tampering() {
    let mut l = ConsentLedger::new();
    l.record_leaving("p1", NaiveDate::from_ymd_opt(2026, 7, 22).unwrap())
        .unwrap();
    let LedgerEvent::LeftRoll(e) = &l.entries()[0].event else {
        panic!("not a leaving event")
    };
    // 00:00 BST on 22 July.
    assert_eq!(
        e.event_time,
        Utc.with_ymd_and_hms(2026, 7, 21, 23, 0, 0).unwrap()
    );
    let forged = l
        .to_json()
        .replace("2026-07-21T23:00:00Z", "2027-07-21T23:00:00Z");
    assert_eq!(
        crate::ErrorCode::code(&ConsentLedger::from_json(&forged).unwrap_err()),
        "ledger_tampered"
    );
}

proptest! {
    /// Before the leaving instant nothing changes; from it every check is no.
    #[test]
    fn leaving_only_changes_answers_from_the_leaving_date(day in 0i64..600, probe in 0i64..900) {
        let mut l = ConsentLedger::with_config_json(r#"{"expiry": {"rule": "never"}}"#).unwrap();
        given(&mut l, "p1", "mum", "2025-01-01T09:00:00Z");
        let base = NaiveDate::from_ymd_opt(2025, 1, 2).unwrap();
        let leaving = base + chrono::Duration::days(day);
        let without = l.clone();
        l.record_leaving("p1", leaving).unwrap();
        let when = Utc.with_ymd_and_hms(2025, 1, 2, 12, 0, 0).unwrap() + chrono::Duration::hours(probe * 17);
        let cut = crate::vocabulary::SchoolClock::london().utc_of_local_midnight(leaving);
        let now = l.state("p1", "school_website", when).unwrap();
        if when < cut {
            prop_assert_eq!(now, without.state("p1", "school_website", when).unwrap());
        } else {
            prop_assert_eq!(now, ConsentState::LeftRoll);
        }
    }
}

#[test]
fn leaving_alone_puts_no_published_image_on_the_takedown_list() {
    let mut l = ConsentLedger::new();
    given(&mut l, "p1", "mum", "2025-09-05T09:00:00Z");
    l.record_publication(
        "before",
        &["p1"],
        "school_website",
        at("2025-10-01T09:00:00Z"),
    )
    .unwrap();
    l.record_leaving("p1", NaiveDate::from_ymd_opt(2026, 2, 13).unwrap())
        .unwrap();
    l.record_publication(
        "after",
        &["p1"],
        "school_website",
        at("2026-02-20T09:00:00Z"),
    )
    .unwrap();
    // Retention follows the school's policy; a new use after leaving lacks consent.
    let list = l.takedown_list(at("2026-03-01T09:00:00Z"));
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].image_id, "after");
    assert!(!list[0].consented_when_published);
    assert!(
        list[0].reasons[0].contains("left the school roll"),
        "{:?}",
        list[0].reasons
    );
    // A withdrawal after leaving still takes the older image down.
    l.record(
        "p1",
        "mum",
        "school_website",
        "withdrawn",
        at("2026-03-02T09:00:00Z"),
        RecordOptions::default(),
    )
    .unwrap();
    let list = l.takedown_list(at("2026-03-03T09:00:00Z"));
    assert_eq!(
        list.iter().map(|t| t.image_id.as_str()).collect::<Vec<_>>(),
        ["before", "after"]
    );
}
