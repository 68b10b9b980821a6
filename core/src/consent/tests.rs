//! Scenario tests and proptest invariants of the consent module.

use super::*;
use chrono::{Datelike, Duration, TimeZone};
use proptest::prelude::*;

fn at(s: &str) -> DateTime<Utc> {
    parse_instant(s).unwrap()
}

fn opts() -> RecordOptions {
    RecordOptions::default()
}

fn no_pr() -> RecordOptions {
    RecordOptions {
        parental_responsibility: Some(false),
        ..RecordOptions::default()
    }
}

fn state(l: &ConsentLedger, pupil: &str, channel: &str, when: &str) -> &'static str {
    l.state(pupil, channel, at(when)).unwrap().as_str()
}

#[test]
fn two_carers_disagreeing_most_restrictive_wins() {
    let mut l = ConsentLedger::new();
    l.record(
        "p1",
        "mum",
        "school_website",
        "refused",
        at("2025-09-03T09:00:00Z"),
        opts(),
    )
    .unwrap();
    l.record(
        "p1",
        "dad",
        "school_website",
        "given",
        at("2025-09-10T09:00:00Z"),
        opts(),
    )
    .unwrap();
    assert_eq!(
        state(&l, "p1", "school_website", "2025-10-01T00:00:00Z"),
        "refused"
    );
    let d = l
        .explain("p1", "school_website", at("2025-10-01T00:00:00Z"))
        .unwrap();
    assert_eq!(d.rule, "most_restrictive");
    assert_eq!(d.source, "Consent rule 3");
    assert_eq!(d.answers.len(), 2);
}

#[test]
fn a_carer_changing_their_own_answer() {
    let mut l = ConsentLedger::new();
    l.record(
        "p1",
        "mum",
        "press_media",
        "refused",
        at("2025-09-03T09:00:00Z"),
        opts(),
    )
    .unwrap();
    l.record(
        "p1",
        "mum",
        "press_media",
        "given",
        at("2025-10-03T09:00:00Z"),
        opts(),
    )
    .unwrap();
    assert_eq!(
        state(&l, "p1", "press_media", "2025-09-20T00:00:00Z"),
        "refused"
    );
    assert_eq!(
        state(&l, "p1", "press_media", "2025-10-20T00:00:00Z"),
        "given"
    );
}

#[test]
fn withdrawal_applies_from_its_instant() {
    let mut l = ConsentLedger::new();
    l.record(
        "p1",
        "mum",
        "school_website",
        "given",
        at("2025-09-03T09:00:00Z"),
        opts(),
    )
    .unwrap();
    l.record(
        "p1",
        "mum",
        "school_website",
        "withdrawn",
        at("2026-01-10T12:00:00Z"),
        opts(),
    )
    .unwrap();
    assert_eq!(
        state(&l, "p1", "school_website", "2026-01-10T11:59:59Z"),
        "given"
    );
    assert_eq!(
        state(&l, "p1", "school_website", "2026-01-10T12:00:00Z"),
        "withdrawn"
    );
}

#[test]
fn expiry_and_renewal_across_first_september() {
    let mut l = ConsentLedger::new();
    l.record(
        "p1",
        "mum",
        "school_website",
        "given",
        at("2025-05-03T09:00:00Z"),
        opts(),
    )
    .unwrap();
    // The school year starts at 00:00 in England: 23:00 UTC on 31 August (BST).
    assert_eq!(
        state(&l, "p1", "school_website", "2025-08-31T22:59:59Z"),
        "given"
    );
    assert_eq!(
        state(&l, "p1", "school_website", "2025-08-31T23:00:00Z"),
        "expired"
    );
    l.record(
        "p1",
        "mum",
        "school_website",
        "renewed",
        at("2025-09-08T09:00:00Z"),
        opts(),
    )
    .unwrap();
    assert_eq!(
        state(&l, "p1", "school_website", "2025-09-05T00:00:00Z"),
        "expired"
    );
    assert_eq!(
        state(&l, "p1", "school_website", "2025-09-08T09:00:00Z"),
        "given"
    );
    // A school that keeps consent until withdrawn (seed 000).
    let mut keep = ConsentLedger::with_config_json(r#"{"expiry": {"rule": "never"}}"#).unwrap();
    keep.record(
        "p1",
        "mum",
        "school_website",
        "given",
        at("2020-05-03T09:00:00Z"),
        opts(),
    )
    .unwrap();
    assert_eq!(
        state(&keep, "p1", "school_website", "2026-05-03T09:00:00Z"),
        "given"
    );
}

#[test]
fn renewal_never_turns_a_no_into_a_yes() {
    let mut l = ConsentLedger::new();
    l.record(
        "p1",
        "mum",
        "school_website",
        "refused",
        at("2025-09-03T09:00:00Z"),
        opts(),
    )
    .unwrap();
    l.record(
        "p1",
        "mum",
        "school_website",
        "renewed",
        at("2025-09-04T09:00:00Z"),
        opts(),
    )
    .unwrap();
    assert_eq!(
        state(&l, "p1", "school_website", "2025-10-01T00:00:00Z"),
        "refused"
    );
}

#[test]
fn notice_change_in_substance_needs_new_consent() {
    let mut l =
        ConsentLedger::with_config_json(r#"{"notice": {"id": "image-consent", "version": "v1"}}"#)
            .unwrap();
    l.record(
        "p1",
        "mum",
        "school_website",
        "given",
        at("2025-09-03T09:00:00Z"),
        opts(),
    )
    .unwrap();
    l.publish_notice(
        "v1.1",
        at("2025-10-01T00:00:00Z"),
        NoticeOptions {
            substantive: false,
            content_hash: None,
        },
    )
    .unwrap();
    assert_eq!(
        state(&l, "p1", "school_website", "2025-10-02T00:00:00Z"),
        "given"
    );
    l.publish_notice("v2", at("2025-11-01T00:00:00Z"), NoticeOptions::default())
        .unwrap();
    assert_eq!(
        state(&l, "p1", "school_website", "2025-10-31T00:00:00Z"),
        "given"
    );
    let d = l
        .explain("p1", "school_website", at("2025-11-02T00:00:00Z"))
        .unwrap();
    assert_eq!(d.state, ConsentState::Expired);
    assert_eq!(d.rule, "notice_changed");
    assert!(d.reason.contains("`v2`"), "{}", d.reason);
    // A yes given under the new notice counts.
    let v2 = RecordOptions {
        notice_version: Some("v2".into()),
        ..opts()
    };
    l.record(
        "p1",
        "mum",
        "school_website",
        "given",
        at("2025-11-05T00:00:00Z"),
        v2,
    )
    .unwrap();
    assert_eq!(
        state(&l, "p1", "school_website", "2025-11-06T00:00:00Z"),
        "given"
    );
}

#[test]
fn safeguarding_restriction_beats_consent_until_lifted() {
    let mut l = ConsentLedger::new();
    l.record(
        "p1",
        "mum",
        "school_website",
        "given",
        at("2025-09-03T09:00:00Z"),
        opts(),
    )
    .unwrap();
    l.restrict("p1", "court_order", at("2025-10-01T00:00:00Z"))
        .unwrap();
    l.lift_restriction("p1", at("2025-12-01T00:00:00Z"), None)
        .unwrap();
    assert_eq!(
        state(&l, "p1", "school_website", "2025-09-20T00:00:00Z"),
        "given"
    );
    let d = l
        .explain("p1", "press_media", at("2025-10-20T00:00:00Z"))
        .unwrap();
    assert_eq!(d.state, ConsentState::Restricted);
    assert_eq!(d.source, "Consent rule 4");
    assert_eq!(
        state(&l, "p1", "school_website", "2025-12-02T00:00:00Z"),
        "given"
    );
}

#[test]
fn no_parental_responsibility_does_not_count() {
    let mut l = ConsentLedger::new();
    l.record(
        "p1",
        "stepdad",
        "school_website",
        "given",
        at("2025-09-03T09:00:00Z"),
        no_pr(),
    )
    .unwrap();
    let d = l
        .explain("p1", "school_website", at("2025-10-01T00:00:00Z"))
        .unwrap();
    assert_eq!(d.state, ConsentState::NotAsked);
    assert!(d.reason.contains("rule 10"), "{}", d.reason);
}

#[test]
fn group_photo_and_full_names() {
    let mut l = ConsentLedger::new();
    for p in ["p1", "p2", "p3"] {
        l.record(
            p,
            "c",
            "school_social_media",
            "given",
            at("2025-09-03T09:00:00Z"),
            opts(),
        )
        .unwrap();
    }
    l.record(
        "p2",
        "c",
        "school_social_media",
        "withdrawn",
        at("2025-09-04T09:00:00Z"),
        opts(),
    )
    .unwrap();
    let q = at("2025-10-01T00:00:00Z");
    let d = l
        .check_image(&["p1", "p2", "p3", "p2"], "school_social_media", q, false)
        .unwrap();
    assert!(!d.allowed);
    assert_eq!(d.blocked_by, ["p2"]);
    assert_eq!(d.reasons.len(), 3);
    let d = l
        .check_image(&["p1", "p3"], "school_social_media.instagram", q, true)
        .unwrap();
    assert!(!d.allowed);
    assert!(d.blocked_by.is_empty());
    assert_eq!(d.obligations, ["no_full_names"]);
    // Names in a printed newsletter are not this rule's business.
    l.record(
        "p1",
        "c",
        "printed_publications",
        "given",
        at("2025-09-03T09:00:00Z"),
        opts(),
    )
    .unwrap();
    let d = l
        .check_image(&["p1"], "printed_publications", q, true)
        .unwrap();
    assert!(d.allowed);
    assert!(d.obligations.is_empty());
    assert_eq!(
        ErrorCode::code(
            &l.check_image::<&str>(&[], "school_website", q, false)
                .unwrap_err()
        ),
        "consent_empty_group"
    );
}

#[test]
fn platform_answers() {
    let mut l = ConsentLedger::new();
    let t = at("2025-09-03T09:00:00Z");
    let q = at("2025-10-01T00:00:00Z");
    l.record("p1", "mum", "school_social_media", "given", t, opts())
        .unwrap();
    l.record(
        "p1",
        "mum",
        "school_social_media.instagram",
        "refused",
        t,
        opts(),
    )
    .unwrap();
    assert_eq!(
        l.state("p1", "school_social_media.facebook", q).unwrap(),
        ConsentState::Given
    );
    assert_eq!(
        l.state("p1", "school_social_media.instagram", q).unwrap(),
        ConsentState::Refused
    );
    // A post to every platform is blocked by a no for one of them.
    assert_eq!(
        l.state("p1", "school_social_media", q).unwrap(),
        ConsentState::Refused
    );
    // A yes for one platform does not cover every platform.
    l.record("p2", "dad", "school_social_media.x", "given", t, opts())
        .unwrap();
    assert_eq!(
        l.state("p2", "school_social_media.x", q).unwrap(),
        ConsentState::Given
    );
    assert_eq!(
        l.state("p2", "school_social_media", q).unwrap(),
        ConsentState::NotAsked
    );
}

#[test]
fn invalidated_answer_no_longer_counts() {
    let mut l = ConsentLedger::new();
    l.record(
        "p1",
        "mum",
        "school_website",
        "given",
        at("2025-09-03T09:00:00Z"),
        opts(),
    )
    .unwrap();
    l.record(
        "p1",
        "mum",
        "school_website",
        "invalidated",
        at("2025-09-04T09:00:00Z"),
        opts(),
    )
    .unwrap();
    assert_eq!(
        state(&l, "p1", "school_website", "2025-10-01T00:00:00Z"),
        "not_asked"
    );
}

#[test]
fn unconfigured_channel_is_denied() {
    let l = ConsentLedger::with_config_json(r#"{"channels": ["school_website"]}"#).unwrap();
    let d = l
        .explain("p1", "press_media", at("2025-10-01T00:00:00Z"))
        .unwrap();
    assert_eq!(d.state, ConsentState::NotAsked);
    assert_eq!(d.rule, "not_configured");
}

#[test]
fn takedown_after_withdrawal_and_for_print() {
    let mut l = ConsentLedger::new();
    let t = at("2025-09-03T09:00:00Z");
    for ch in ["school_website", "printed_publications"] {
        l.record("p1", "mum", ch, "given", t, opts()).unwrap();
        l.record("p2", "dad", ch, "given", t, opts()).unwrap();
    }
    l.record_publication(
        "web-1",
        &["p1", "p2"],
        "school_website",
        at("2025-09-10T00:00:00Z"),
    )
    .unwrap();
    l.record_publication(
        "news-1",
        &["p2"],
        "printed_publications",
        at("2025-09-11T00:00:00Z"),
    )
    .unwrap();
    l.record_publication(
        "web-2",
        &["p1"],
        "school_website",
        at("2025-09-12T00:00:00Z"),
    )
    .unwrap();
    l.record(
        "p2",
        "dad",
        "school_website",
        "withdrawn",
        at("2025-10-01T00:00:00Z"),
        opts(),
    )
    .unwrap();
    l.record(
        "p2",
        "dad",
        "printed_publications",
        "withdrawn",
        at("2025-10-01T00:00:00Z"),
        opts(),
    )
    .unwrap();
    let list = l.takedown_list(at("2025-10-02T00:00:00Z"));
    let ids: Vec<&str> = list.iter().map(|t| t.image_id.as_str()).collect();
    assert_eq!(ids, ["web-1", "news-1"]);
    assert_eq!(list[0].blocked_by, ["p2"]);
    assert_eq!(list[0].action, TakedownAction::Remove);
    assert_eq!(list[1].action, TakedownAction::StopNewUses);
    l.record_removal("web-1", at("2025-10-03T00:00:00Z"))
        .unwrap();
    let ids: Vec<String> = l
        .takedown_list(at("2025-10-04T00:00:00Z"))
        .into_iter()
        .map(|t| t.image_id)
        .collect();
    assert_eq!(ids, ["news-1"]);
    // Time travel: before the withdrawal nothing needed taking down.
    assert!(l.takedown_list(at("2025-09-30T00:00:00Z")).is_empty());
}

#[test]
fn receipt_lists_only_current_yes_as_purposes() {
    let mut l = ConsentLedger::with_config_json(
        r#"{"notice": {"id": "image-consent", "version": "v1", "url": "https://school.example/images"},
            "controller": {"name": "Example Primary School", "email": "office@school.example"}}"#,
    )
    .unwrap();
    let t = at("2025-09-03T09:00:00Z");
    l.record("p1", "mum", "school_website", "given", t, opts())
        .unwrap();
    l.record("p1", "mum", "video_recording", "given", t, opts())
        .unwrap();
    l.record(
        "p1",
        "mum",
        "video_recording",
        "withdrawn",
        at("2025-09-20T09:00:00Z"),
        opts(),
    )
    .unwrap();
    let r = l.receipt("p1", "mum", at("2025-10-01T00:00:00Z")).unwrap();
    assert_eq!(r.pii_principal_id, "p1");
    assert_eq!(r.policy_url, "https://school.example/images");
    assert_eq!(
        r.pii_controllers[0].pii_controller,
        "Example Primary School"
    );
    assert_eq!(r.consent_timestamp, at("2025-09-20T09:00:00Z").timestamp());
    let purposes: Vec<&str> = r.services[0]
        .purposes
        .iter()
        .map(|p| p.purpose.as_str())
        .collect();
    assert_eq!(purposes, ["school_website"]);
    assert_eq!(r.esafety.answers.len(), 2);
    assert_eq!(r.esafety.ledger_head_hash, l.head_hash());
    let json = serde_json::to_value(&r).unwrap();
    assert!(json.get("consentReceiptID").is_some());
    assert!(json.get("piiPrincipalId").is_some());
    assert_eq!(
        ErrorCode::code(
            &l.receipt("p1", "dad", at("2025-10-01T00:00:00Z"))
                .unwrap_err()
        ),
        "consent_no_answers"
    );
}

// ---------------------------------------------------------------------------------------
// Property tests.

const PUPILS: [&str; 3] = ["p1", "p2", "p3"];
const CARERS: [&str; 3] = ["c1", "c2", "c3"];
const CHANNELS: [&str; 4] = [
    "school_website",
    "press_media",
    "school_social_media",
    "school_social_media.x",
];
const STATES: [&str; 6] = [
    "given",
    "refused",
    "withdrawn",
    "expired",
    "renewed",
    "invalidated",
];

#[derive(Debug, Clone)]
enum Op {
    Record {
        pupil: usize,
        carer: usize,
        channel: usize,
        state: usize,
        minute: i64,
        pr: bool,
        notice: Option<usize>,
    },
    Restrict {
        pupil: usize,
        minute: i64,
    },
    Lift {
        pupil: usize,
        minute: i64,
    },
    Notice {
        version: usize,
        minute: i64,
        substantive: bool,
    },
}

/// About two school years, in coarse steps so that events often share an instant.
const SPAN_MINUTES: i64 = 2 * 365 * 24 * 60;

fn base() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 6, 1, 0, 0, 0).unwrap()
}

fn when(minute: i64) -> DateTime<Utc> {
    base() + Duration::minutes(minute)
}

fn minute() -> impl Strategy<Value = i64> {
    (0..SPAN_MINUTES / 720).prop_map(|x| x * 720)
}

/// Mostly `given`, so that yes answers are common enough to test.
fn state_index() -> impl Strategy<Value = usize> {
    prop_oneof![4 => Just(0usize), 1 => 1..6usize]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        12 => (0..3usize, 0..3usize, 0..4usize, state_index(), minute(), prop::bool::weighted(0.85), prop::option::weighted(0.3, 0..3usize))
            .prop_map(|(pupil, carer, channel, state, minute, pr, notice)| Op::Record {
                pupil, carer, channel, state, minute, pr, notice
            }),
        1 => (0..3usize, minute()).prop_map(|(pupil, minute)| Op::Restrict { pupil, minute }),
        1 => (0..3usize, minute()).prop_map(|(pupil, minute)| Op::Lift { pupil, minute }),
        1 => (0..3usize, minute(), any::<bool>())
            .prop_map(|(version, minute, substantive)| Op::Notice { version, minute, substantive }),
    ]
}

fn apply(ops: &[Op]) -> ConsentLedger {
    let mut l =
        ConsentLedger::with_config_json(r#"{"notice": {"id": "n", "version": "v0"}}"#).unwrap();
    for op in ops {
        match op {
            Op::Record {
                pupil,
                carer,
                channel,
                state,
                minute,
                pr,
                notice,
            } => {
                let options = RecordOptions {
                    parental_responsibility: Some(*pr),
                    notice_version: notice.map(|v| format!("v{v}")),
                    ..RecordOptions::default()
                };
                l.record(
                    PUPILS[*pupil],
                    CARERS[*carer],
                    CHANNELS[*channel],
                    STATES[*state],
                    when(*minute),
                    options,
                )
                .unwrap();
            }
            Op::Restrict { pupil, minute } => l
                .restrict(PUPILS[*pupil], "dsl_no_images", when(*minute))
                .unwrap(),
            Op::Lift { pupil, minute } => l
                .lift_restriction(PUPILS[*pupil], when(*minute), None)
                .unwrap(),
            Op::Notice {
                version,
                minute,
                substantive,
            } => l
                .publish_notice(
                    &format!("v{version}"),
                    when(*minute),
                    NoticeOptions {
                        substantive: *substantive,
                        content_hash: None,
                    },
                )
                .unwrap(),
        }
    }
    l
}

/// A deliberately naive model of "a current yes": some carer with parental responsibility
/// whose latest event for the channel (or its generic form) by `q` is a given or a renewal
/// made in the current school year, and no restriction in force.
fn model_has_current_given(ops: &[Op], pupil: usize, channel: &str, q: DateTime<Utc>) -> bool {
    let restricted = ops
        .iter()
        .filter_map(|op| match op {
            Op::Restrict { pupil: p, minute } if *p == pupil && when(*minute) <= q => {
                Some((when(*minute), 1))
            }
            Op::Lift { pupil: p, minute } if *p == pupil && when(*minute) <= q => {
                Some((when(*minute), 0))
            }
            _ => None,
        })
        .max()
        .is_some_and(|(_, kind)| kind == 1);
    if restricted {
        return false;
    }
    let year_start = {
        let y = if q.month() >= 9 {
            q.year()
        } else {
            q.year() - 1
        };
        Utc.with_ymd_and_hms(y, 9, 1, 0, 0, 0).unwrap()
    };
    let generic = channel.split('.').next().unwrap_or(channel);
    CARERS.iter().enumerate().any(|(c, _)| {
        [channel, generic].iter().any(|ch| {
            let latest = ops
                .iter()
                .filter_map(|op| match op {
                    Op::Record {
                        pupil: p,
                        carer,
                        channel: chi,
                        state,
                        minute,
                        pr: true,
                        ..
                    } if *p == pupil
                        && *carer == c
                        && CHANNELS[*chi] == *ch
                        && when(*minute) <= q =>
                    {
                        let s = STATES[*state];
                        let rank = EventState::parse(s).unwrap().tie_rank();
                        Some((when(*minute), rank, s))
                    }
                    _ => None,
                })
                .max_by_key(|(t, rank, _)| (*t, *rank));
            latest.is_some_and(|(t, _, s)| (s == "given" || s == "renewed") && t >= year_start)
        })
    })
}

fn decisions(l: &ConsentLedger, queries: &[(Vec<usize>, usize, i64)]) -> Vec<ImageDecision> {
    queries
        .iter()
        .map(|(pupils, channel, minute)| {
            let ids: Vec<&str> = pupils.iter().map(|p| PUPILS[*p]).collect();
            l.check_image(&ids, CHANNELS[*channel], when(*minute), false)
                .unwrap()
        })
        .collect()
}

fn query() -> impl Strategy<Value = (Vec<usize>, usize, i64)> {
    (prop::collection::vec(0..3usize, 1..3), 0..4usize, minute())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The acceptance invariant: no decision says yes without a current `given` from a
    /// person with parental responsibility for every pupil and no restriction.
    #[test]
    fn no_yes_without_a_current_given_and_no_restriction(
        ops in prop::collection::vec(op(), 0..60),
        queries in prop::collection::vec(query(), 1..12),
    ) {
        let l = apply(&ops);
        for ((pupils, channel, minute), d) in queries.iter().zip(decisions(&l, &queries)) {
            if d.allowed {
                for p in pupils {
                    prop_assert!(
                        model_has_current_given(&ops, *p, CHANNELS[*channel], when(*minute)),
                        "allowed without a current given: pupil {} channel {} at {}",
                        PUPILS[*p], CHANNELS[*channel], when(*minute)
                    );
                }
            }
            prop_assert_eq!(d.allowed, d.blocked_by.is_empty());
            for pd in &d.pupils {
                prop_assert_eq!(pd.permitted, pd.state == ConsentState::Given);
            }
        }
    }

    /// Events recorded in any order give the same answers; the export gives them too.
    #[test]
    fn order_of_recording_and_export_do_not_change_answers(
        ops in prop::collection::vec(op(), 0..30),
        queries in prop::collection::vec(query(), 1..8),
        seed in any::<u64>(),
    ) {
        let l = apply(&ops);
        let mut shuffled = ops.clone();
        // A deterministic Fisher-Yates shuffle driven by the seed.
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let j = (state % (i as u64 + 1)) as usize;
            shuffled.swap(i, j);
        }
        let reordered = apply(&shuffled);
        let imported = ConsentLedger::from_json_anchored(&l.to_json(), l.head_hash()).unwrap();
        let expected = decisions(&l, &queries);
        prop_assert_eq!(&decisions(&reordered, &queries), &expected);
        prop_assert_eq!(&decisions(&imported, &queries), &expected);
    }

    /// Any single-character change to an exported entry is rejected.
    #[test]
    fn edited_exports_never_import_silently(
        ops in prop::collection::vec(op(), 1..10),
        pick in any::<prop::sample::Index>(),
    ) {
        let l = apply(&ops);
        let json = l.to_json();
        let start = json.find("\"entries\"").unwrap();
        let positions: Vec<usize> = json[start..]
            .char_indices()
            .filter(|(_, c)| c.is_ascii_digit())
            .map(|(i, _)| start + i)
            .collect();
        prop_assume!(!positions.is_empty());
        let i = positions[pick.index(positions.len())];
        let digit = json.as_bytes()[i];
        let replacement = if digit == b'9' { '0' } else { char::from(digit + 1) };
        let mut forged = json.clone();
        forged.replace_range(i..=i, &replacement.to_string());
        match ConsentLedger::from_json(&forged) {
            Ok(copy) => prop_assert!(false, "forged ledger imported; head {}", copy.head_hash()),
            Err(e) => prop_assert!(matches!(
                ErrorCode::code(&e),
                "ledger_tampered" | "consent_malformed_ledger" | "consent_invalid_id"
            ), "{}", e),
        }
    }
}
