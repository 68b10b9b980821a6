//! Scenario tests of the consent seams a tester found: unknown notice labels, parental
//! responsibility held by a person, lifting one restriction, carer-facing texts, rejoining
//! the roll and ages that go down.

use super::*;
use crate::ErrorCode;

/// Records a carer's answer with no options (the tests' common case).
fn record(l: &mut ConsentLedger, pupil: &str, carer: &str, channel: &str, state: &str, when: &str) {
    l.record(
        pupil,
        carer,
        channel,
        state,
        at(when),
        RecordOptions::default(),
    )
    .unwrap();
}

fn at(s: &str) -> DateTime<Utc> {
    parse_instant(s).unwrap()
}

fn with_version(version: &str) -> RecordOptions {
    RecordOptions {
        notice_version: Some(version.to_owned()),
        ..RecordOptions::default()
    }
}

fn oak() -> ConsentLedger {
    ConsentLedger::with_config_json(r#"{"notice": {"id": "image-consent", "version": "2025-v1"}}"#)
        .unwrap()
}

#[test]
fn a_notice_label_the_ledger_does_not_know_changes_nothing() {
    let mut l = oak();
    let w = "school_website";
    l.record(
        "ann",
        "mum_a",
        w,
        "given",
        at("2025-09-10T10:00:00Z"),
        with_version("2025-v1"),
    )
    .unwrap();
    // A late paper form printed from last year's notice, and a typo of this year's label.
    l.record(
        "cat",
        "dad_c",
        w,
        "given",
        at("2025-10-01T10:00:00Z"),
        with_version("2024-v1"),
    )
    .unwrap();
    l.record(
        "dan",
        "dad_d",
        w,
        "given",
        at("2025-10-01T10:00:00Z"),
        with_version("2025-V1"),
    )
    .unwrap();
    let now = at("2025-10-02T10:00:00Z");
    let ann = l.explain("ann", w, now).unwrap();
    assert_eq!(
        (ann.state, ann.rule.as_str()),
        (ConsentState::Given, "current_given")
    );
    assert_eq!(l.notice_in_force(now).as_deref(), Some("2025-v1"));
    for pupil in ["cat", "dan"] {
        let d = l.explain(pupil, w, now).unwrap();
        assert!(!d.permitted, "{pupil}");
        assert!(!d.answers[0].counted);
        assert!(
            d.reason
                .contains("neither the notice in force nor one the school published"),
            "{}",
            d.reason
        );
    }
    // A "no" naming an unknown label still counts: a refusal is never weakened.
    l.record(
        "ann",
        "dad_a",
        w,
        "refused",
        at("2025-10-03T10:00:00Z"),
        with_version("2024-v1"),
    )
    .unwrap();
    assert_eq!(
        l.state("ann", w, at("2025-10-04T10:00:00Z")).unwrap(),
        ConsentState::Refused
    );
}

#[test]
fn a_label_counts_once_the_school_publishes_it() {
    let mut l = oak();
    let w = "school_website";
    l.record(
        "ann",
        "mum",
        w,
        "given",
        at("2025-09-10T10:00:00Z"),
        with_version("2025-v1"),
    )
    .unwrap();
    // The parent app sends the new label before the office records its publication.
    l.record(
        "bob",
        "dad",
        w,
        "given",
        at("2025-10-05T10:00:00Z"),
        with_version("2025-v2"),
    )
    .unwrap();
    assert!(
        !l.explain("bob", w, at("2025-10-06T10:00:00Z"))
            .unwrap()
            .permitted
    );
    l.publish_notice(
        "2025-v2",
        at("2025-10-01T00:00:00Z"),
        NoticeOptions::default(),
    )
    .unwrap();
    let now = at("2025-10-06T10:00:00Z");
    assert!(l.explain("bob", w, now).unwrap().permitted);
    // The published change of substance makes the earlier yes lapse, as before.
    assert_eq!(l.explain("ann", w, now).unwrap().rule, "notice_changed");
    // The export reads back the same.
    let copy = ConsentLedger::from_json_anchored(&l.to_json(), l.head_hash()).unwrap();
    assert_eq!(
        copy.explain("bob", w, now).unwrap(),
        l.explain("bob", w, now).unwrap()
    );
}

#[test]
fn parental_responsibility_removed_on_one_channel_stops_every_answer() {
    let mut l = ConsentLedger::new();
    for channel in [
        "school_website",
        "press_media",
        "school_social_media.facebook",
    ] {
        record(
            &mut l,
            "kid",
            "dad",
            channel,
            "given",
            "2025-09-05T10:00:00Z",
        );
        record(
            &mut l,
            "kid",
            "mum",
            channel,
            "given",
            "2025-09-06T10:00:00Z",
        );
    }
    let no_pr = RecordOptions {
        parental_responsibility: Some(false),
        ..RecordOptions::default()
    };
    l.record(
        "kid",
        "dad",
        "school_website",
        "invalidated",
        at("2025-12-01T10:00:00Z"),
        no_pr,
    )
    .unwrap();
    // Before the instant, dad's yes counts; from it, none of his answers counts anywhere.
    let before = l
        .explain("kid", "press_media", at("2025-11-30T10:00:00Z"))
        .unwrap();
    assert!(before.answers.iter().all(|a| a.counted));
    let now = at("2025-12-02T10:00:00Z");
    for channel in ["press_media", "school_social_media.facebook"] {
        let d = l.explain("kid", channel, now).unwrap();
        let dad = d.answers.iter().find(|a| a.carer == "dad").unwrap();
        assert!(!dad.counted, "{channel}");
        // Mum's yes still decides, and the reason names only her as holding it.
        assert!(d.permitted);
        assert!(
            d.reason.contains("carer `mum` (parental responsibility)"),
            "{}",
            d.reason
        );
        assert!(
            !d.reason.contains("carer `dad` (parental responsibility)"),
            "{}",
            d.reason
        );
        assert!(
            d.reason
                .contains("not counted: carer `dad` (no parental responsibility"),
            "{}",
            d.reason
        );
    }
    // Alone, dad's yes permits nothing.
    let mut alone = ConsentLedger::new();
    alone
        .record(
            "kid",
            "dad",
            "press_media",
            "given",
            at("2025-09-05T10:00:00Z"),
            RecordOptions::default(),
        )
        .unwrap();
    alone
        .record(
            "kid",
            "dad",
            "school_website",
            "invalidated",
            at("2025-12-01T10:00:00Z"),
            no_pr_options(),
        )
        .unwrap();
    assert!(!alone.explain("kid", "press_media", now).unwrap().permitted);
    let form = alone.consent_form("kid", "dad", now);
    assert!(
        form.channels
            .iter()
            .all(|c| !c.can_answer && !c.can_withdraw)
    );
    let receipt = alone.receipt("kid", "dad", now).unwrap();
    assert_eq!(receipt.esafety.has_parental_responsibility, Some(false));
    // An order that grants it again: answers from then count.
    let pr = RecordOptions {
        parental_responsibility: Some(true),
        ..RecordOptions::default()
    };
    alone
        .record(
            "kid",
            "dad",
            "press_media",
            "given",
            at("2026-01-10T10:00:00Z"),
            pr,
        )
        .unwrap();
    assert!(
        alone
            .explain("kid", "press_media", at("2026-01-11T10:00:00Z"))
            .unwrap()
            .permitted
    );
}

fn no_pr_options() -> RecordOptions {
    RecordOptions {
        parental_responsibility: Some(false),
        ..RecordOptions::default()
    }
}

#[test]
fn lifting_one_restriction_leaves_the_others() {
    let mut l = ConsentLedger::new();
    let w = "school_website";
    record(&mut l, "a", "mum", w, "given", "2025-09-05T10:00:00Z");
    l.restrict("a", "court_order", at("2025-09-06T10:00:00Z"))
        .unwrap();
    l.restrict("a", "dsl_no_images", at("2025-09-20T10:00:00Z"))
        .unwrap();
    let lift = at("2025-10-01T10:00:00Z");
    let err = l.lift_restriction("a", lift, None).unwrap_err();
    assert_eq!(err.code(), "consent_restriction_ambiguous");
    assert!(
        err.to_string().contains("court_order, dsl_no_images"),
        "{err}"
    );
    assert_eq!(
        l.lift_restriction("a", lift, Some("cort order"))
            .unwrap_err()
            .code(),
        "consent_unknown_restriction_reason"
    );
    let entries = l.entries().len();
    l.lift_restriction("a", lift, Some("DSL")).unwrap();
    assert_eq!(l.entries().len(), entries + 1);
    let d = l.explain("a", w, at("2025-10-02T10:00:00Z")).unwrap();
    assert_eq!(d.state, ConsentState::Restricted);
    // The court order alone is in force, since it was placed.
    assert!(
        d.reason
            .contains("(`court_order`) since 2025-09-06T10:00:00Z"),
        "{}",
        d.reason
    );
    // One reason left: a lift naming none ends it, as before.
    l.lift_restriction("a", at("2025-11-01T10:00:00Z"), None)
        .unwrap();
    assert!(
        l.explain("a", w, at("2025-11-02T10:00:00Z"))
            .unwrap()
            .permitted
    );
    // The export reads back the same.
    let copy = ConsentLedger::from_json_anchored(&l.to_json(), l.head_hash()).unwrap();
    assert_eq!(copy.explain("a", w, at("2025-10-02T10:00:00Z")).unwrap(), d);
}

#[test]
fn a_lift_without_reason_that_meets_several_lifts_nothing() {
    let mut l = ConsentLedger::new();
    l.restrict("a", "dsl_no_images", at("2025-09-20T10:00:00Z"))
        .unwrap();
    l.lift_restriction("a", at("2025-10-01T10:00:00Z"), None)
        .unwrap();
    // A court order recorded afterwards, placed before the lift: the lift cannot tell
    // which was meant, so both stay.
    l.restrict("a", "court_order", at("2025-09-06T10:00:00Z"))
        .unwrap();
    let d = l
        .explain("a", "school_website", at("2025-10-02T10:00:00Z"))
        .unwrap();
    assert!(
        d.reason
            .contains("(`court_order`, `dsl_no_images`) since 2025-09-06T10:00:00Z"),
        "{}",
        d.reason
    );
}

fn related(relationship: &str) -> RecordOptions {
    RecordOptions {
        relationship: Some(relationship.to_owned()),
        ..RecordOptions::default()
    }
}

#[test]
fn parental_responsibility_not_given_is_stored_as_not_known() {
    let mut l = ConsentLedger::new();
    let w = "school_website";
    let t = at("2025-10-01T10:00:00Z");
    let now = at("2025-10-03T10:00:00Z");
    for rel in ["foster_carer", "step_parent", "relative", "other"] {
        let (pupil, carer) = (format!("p_{rel}"), format!("c_{rel}"));
        l.record(&pupil, &carer, w, "given", t, related(rel))
            .unwrap();
        let d = l.explain(&pupil, w, now).unwrap();
        assert!(!d.permitted, "{rel}");
        assert!(!d.answers[0].counted);
        assert!(
            d.reason.contains(&format!(
                "parental responsibility not known for a carer recorded as `{rel}`"
            )),
            "{}",
            d.reason
        );
        assert!(
            !d.reason.contains("(parental responsibility) gave"),
            "{}",
            d.reason
        );
        let receipt = l.receipt(&pupil, &carer, now).unwrap();
        assert_eq!(receipt.esafety.has_parental_responsibility, None);
        assert_eq!(receipt.collection_method, METHOD_NOT_RECORDED);
        assert_eq!(receipt.esafety.answers[0].collection_method, None);
    }
    // The record says what was given: nothing.
    let LedgerEvent::Consent(first) = &l.entries()[0].event else {
        panic!("not a consent event")
    };
    assert_eq!(
        (first.has_parental_responsibility, first.collection_method),
        (None, None)
    );
    // Once the school records it, the foster carer's answers count.
    let pr = RecordOptions {
        parental_responsibility: Some(true),
        method: Some("app".to_owned()),
        ..related("foster_carer")
    };
    l.record(
        "p_foster_carer",
        "c_foster_carer",
        w,
        "given",
        at("2025-10-04T10:00:00Z"),
        pr,
    )
    .unwrap();
    assert!(
        l.explain("p_foster_carer", w, at("2025-10-05T10:00:00Z"))
            .unwrap()
            .permitted
    );
    // A parent, or a carer whose relationship is not given, is read as today: they hold it.
    for options in [
        related("mother"),
        related("guardian"),
        RecordOptions::default(),
    ] {
        let mut m = ConsentLedger::new();
        m.record("p", "c", w, "given", t, options).unwrap();
        assert!(m.explain("p", w, now).unwrap().permitted);
    }
    // Reading an export keeps "not known" as not known.
    let copy = ConsentLedger::from_json(&l.to_json()).unwrap();
    assert_eq!(copy.entries(), l.entries());
}

#[test]
fn an_age_that_goes_down_is_refused() {
    let mut l = ConsentLedger::with_config_json(r#"{"pupil_voice_min_age": 12}"#).unwrap();
    let w = "school_website";
    let aged = |age| PupilVoiceOptions {
        age: Some(age),
        ..PupilVoiceOptions::default()
    };
    l.record_pupil_voice("b", w, "given", at("2025-10-01T10:00:00Z"), aged(18))
        .unwrap();
    let entries = l.entries().len();
    let err = l
        .record_pupil_voice("b", w, "refused", at("2025-11-01T10:00:00Z"), aged(16))
        .unwrap_err();
    assert_eq!(err.code(), "consent_age_conflict");
    assert!(
        err.to_string().contains("age 16 contradicts age 18"),
        "{err}"
    );
    // Recorded out of order, an older age before a younger one is refused too.
    let err = l
        .record_pupil_voice("b", w, "refused", at("2025-09-01T10:00:00Z"), aged(19))
        .unwrap_err();
    assert_eq!(err.code(), "consent_age_conflict");
    assert_eq!(l.entries().len(), entries);
    // Ages that go up, or stay, are fine; so is an answer without an age.
    l.record_pupil_voice("b", w, "refused", at("2025-11-01T10:00:00Z"), aged(18))
        .unwrap();
    l.record_pupil_voice("b", w, "given", at("2026-10-01T10:00:00Z"), aged(19))
        .unwrap();
    l.record_pupil_voice(
        "b",
        w,
        "given",
        at("2026-10-02T10:00:00Z"),
        PupilVoiceOptions {
            old_enough: Some(true),
            ..PupilVoiceOptions::default()
        },
    )
    .unwrap();
    assert_eq!(
        l.explain("b", w, at("2026-10-03T10:00:00Z")).unwrap().rule,
        "adult_pupil"
    );
}

fn day(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn a_pupil_who_rejoins_can_be_asked_again() {
    let mut l = ConsentLedger::new();
    let w = "school_website";
    record(&mut l, "p1", "c1", w, "given", "2025-09-05T10:00:00Z");
    record(
        &mut l,
        "p1",
        "c2",
        "press_media",
        "refused",
        "2025-09-05T10:00:00Z",
    );
    l.record_leaving("p1", day(2025, 12, 19)).unwrap();
    // A new form handed in before the return counts from the rejoining date.
    record(
        &mut l,
        "p1",
        "c1",
        "press_media",
        "given",
        "2026-04-15T10:00:00Z",
    );
    l.record_rejoining("p1", day(2026, 4, 20)).unwrap();
    let away = l.explain("p1", w, at("2026-04-19T10:00:00Z")).unwrap();
    assert_eq!(away.rule, "left_roll");
    let back = at("2026-04-20T12:00:00Z");
    // Last term's yes lapsed at leaving, with the reason; the form asks again.
    let d = l.explain("p1", w, back).unwrap();
    assert_eq!(
        (d.state, d.rule.as_str()),
        (ConsentState::Expired, "expiry")
    );
    assert!(
        d.reason
            .contains("lapsed when the pupil left the roll on 2025-12-19"),
        "{}",
        d.reason
    );
    let form = l.consent_form("p1", "c1", back);
    assert!(form.channels.iter().all(|c| c.can_answer));
    // The other carer's "no" still stands.
    assert_eq!(
        l.state("p1", "press_media", back).unwrap(),
        ConsentState::Refused
    );
    record(&mut l, "p1", "c1", w, "given", "2026-04-20T10:00:00Z");
    assert!(
        l.explain("p1", w, at("2026-04-21T10:00:00Z"))
            .unwrap()
            .permitted
    );
    // Leaving again stops new uses again.
    l.record_leaving("p1", day(2026, 7, 22)).unwrap();
    assert_eq!(
        l.explain("p1", w, at("2026-07-23T10:00:00Z")).unwrap().rule,
        "left_roll"
    );
}

#[test]
fn a_mistyped_leaving_date_is_cancelled_by_a_rejoining_on_that_date() {
    let mut l = ConsentLedger::new();
    let w = "school_website";
    record(&mut l, "p1", "c1", w, "given", "2025-09-05T10:00:00Z");
    l.record_leaving("p1", day(2025, 10, 1)).unwrap(); // meant 2026-07-22
    l.record_rejoining("p1", day(2025, 10, 1)).unwrap();
    l.record_leaving("p1", day(2026, 7, 22)).unwrap();
    // Nothing lapsed: the yes still counts until the real leaving date.
    assert!(
        l.explain("p1", w, at("2025-10-02T10:00:00Z"))
            .unwrap()
            .permitted
    );
    let left = l.explain("p1", w, at("2026-07-22T10:00:00Z")).unwrap();
    assert!(
        left.reason.contains("left the school roll on 2026-07-22"),
        "{}",
        left.reason
    );
    // Published images stay under the retention policy while the pupil is away.
    let copy = ConsentLedger::from_json(&l.to_json()).unwrap();
    assert_eq!(copy, l);
}

#[test]
fn a_pupil_who_left_the_roll_reads_left_roll_not_expired() {
    let mut l = ConsentLedger::new();
    let w = "school_website";
    record(&mut l, "p1", "c1", w, "given", "2025-09-05T10:00:00Z");
    l.record_leaving("p1", day(2026, 2, 13)).unwrap();
    let d = l.explain("p1", w, at("2026-02-13T10:00:00Z")).unwrap();
    assert_eq!(
        (d.state, d.rule.as_str()),
        (ConsentState::LeftRoll, "left_roll")
    );
    assert!(!d.permitted);
    assert_eq!(d.state.as_str(), "left_roll");
    assert_eq!(
        l.state("p1", w, at("2026-02-13T10:00:00Z")).unwrap(),
        ConsentState::LeftRoll
    );
    // A 1 September lapse still reads `expired`.
    record(&mut l, "p2", "c2", w, "given", "2025-06-05T10:00:00Z");
    assert_eq!(
        l.state("p2", w, at("2025-09-02T10:00:00Z")).unwrap(),
        ConsentState::Expired
    );
}

#[test]
fn the_carer_form_state_never_names_a_restriction() {
    let mut l = ConsentLedger::new();
    record(
        &mut l,
        "p1",
        "mum",
        "school_website",
        "given",
        "2025-09-05T10:00:00Z",
    );
    l.restrict("p1", "domestic_abuse", at("2025-09-10T10:00:00Z"))
        .unwrap();
    let form = l.consent_form("p1", "mum", at("2025-09-11T10:00:00Z"));
    for channel in &form.channels {
        assert_eq!(channel.state, FormState::NotAvailable);
        assert_eq!(channel.state.as_str(), channel.status);
    }
    let text = serde_json::to_string(&form).unwrap();
    assert!(!text.contains("restricted"), "{text}");
    // The school-side decision keeps the state.
    assert_eq!(
        l.state("p1", "school_website", at("2025-09-11T10:00:00Z"))
            .unwrap(),
        ConsentState::Restricted
    );
}

#[test]
fn a_carer_id_that_is_the_pupil_id_in_other_letters_is_refused() {
    let mut l = ConsentLedger::new();
    let err = l
        .record(
            "pupil-1",
            "PUPIL-1",
            "school_website",
            "given",
            at("2025-09-05T10:00:00Z"),
            RecordOptions::default(),
        )
        .unwrap_err();
    assert_eq!(err.code(), "consent_carer_is_pupil");
    assert!(l.entries().is_empty());
    // Through a form too.
    let err = l
        .record_answer(
            "Zoë-1",
            "ZOË-1",
            "school_website",
            "yes",
            at("2025-09-05T10:00:00Z"),
            RecordOptions::default(),
        )
        .unwrap_err();
    assert_eq!(err.code(), "consent_carer_is_pupil");
}
