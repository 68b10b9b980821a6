//! The engine's safety invariants as property tests (issue 11 §7): whatever the policy,
//! the override sequence, the order of events or the batch, these must hold.

use chrono::{DateTime, Duration, TimeZone, Utc};
use esafety_core::consent::{ConsentLedger, ConsentState, RecordOptions};
use esafety_core::filter::{UrlFilter, Verdict};
use esafety_core::vocabulary::Audience;
use proptest::prelude::*;

/// The embedded illegal-content test entry (blocked for every audience).
const ILLEGAL_HOST: &str = "csam-test.esafety.invalid";

fn day(n: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 9, 1, 9, 0, 0)
        .single()
        .unwrap_or_default()
        + Duration::hours(n)
}

/// Policy fragments, some of which try to open the illegal host or category.
fn policy() -> impl Strategy<Value = String> {
    let audience = prop::sample::select(Audience::IDS.to_vec());
    let clause = prop::sample::select(vec![
        r#"{"allow_list": ["csam-test.esafety.invalid"]}"#,
        r#"{"allow_list": ["esafety.invalid"], "allow_list_mode": true}"#,
        r#"{"allow_categories": ["illegal.csam"]}"#,
        r#"{"blocked_categories": []}"#,
        r#"{"windows": [{"days": ["mon","tue","wed","thu","fri","sat","sun"], "from": "00:00", "to": "23:59", "allow_categories": ["illegal.csam"]}]}"#,
        r#"{"safe_search": "off"}"#,
        r#"{}"#,
    ]);
    (audience, clause).prop_map(|(a, c)| format!(r#"{{"audiences": {{"{a}": {c}}}}}"#))
}

/// Override events, some of which try to unblock the illegal host.
fn override_event() -> impl Strategy<Value = String> {
    let id = prop::sample::select(vec!["u1", "u2"]);
    let target = prop::sample::select(vec![ILLEGAL_HOST, "esafety.invalid", "example.com"]);
    let audience = prop::sample::select(Audience::IDS.to_vec());
    let kind = 0..4u8;
    (id, target, audience, kind, 0..48i64).prop_map(|(id, target, audience, kind, hour)| {
        let at = day(hour).to_rfc3339();
        match kind {
            0 => format!(
                r#"{{"type": "request", "id": "{id}", "action": "unblock", "target": "{target}", "audiences": ["{audience}"], "requested_by": "t1", "at": "{at}", "reason": "r"}}"#
            ),
            1 => format!(
                r#"{{"type": "approve", "id": "{id}", "approved_by": "h1", "approver_role": "headteacher", "at": "{at}", "reason": "r"}}"#
            ),
            2 => format!(
                r#"{{"type": "approve", "id": "{id}", "approved_by": "s1", "approver_role": "slt_fm_lead", "at": "{at}", "reason": "r"}}"#
            ),
            _ => format!(r#"{{"type": "revoke", "id": "{id}", "by": "s1", "at": "{at}", "reason": "r"}}"#),
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Illegal content is blocked under any policy and any override sequence, for every
    /// audience at any time (refused changes are simply refused).
    #[test]
    fn illegal_content_is_always_blocked(
        policies in prop::collection::vec(policy(), 0..4),
        events in prop::collection::vec(override_event(), 0..8),
        hour in 0..72i64,
        path in "(/[a-z]{0,6}){0,2}",
    ) {
        let mut filter = UrlFilter::default();
        for p in &policies {
            let _refused_or_applied = filter.set_policy_json(p);
        }
        for e in &events {
            let _refused_or_applied = filter.record_json(e);
        }
        for audience in Audience::IDS {
            let url = format!("https://{ILLEGAL_HOST}{path}");
            match filter.check(&url, audience, Some(day(hour))) {
                Ok(decision) => {
                    prop_assert_eq!(decision.verdict, Verdict::Block, "{} {}", audience, decision.rule);
                }
                Err(e) => prop_assert!(false, "{url}: {e}"),
            }
        }
    }

    /// `check_many` gives exactly what `check` gives one by one, errors included.
    #[test]
    fn check_many_is_check_one_by_one(
        urls in prop::collection::vec(
            prop_oneof![
                "[a-z]{1,8}\\.(com|test|co\\.uk)(/[a-z?=&]{0,8})?",
                "https?://[a-z0-9.:\\[\\]@%-]{0,20}/?",
                ".{0,12}",
            ],
            0..12,
        ),
        audience in prop::sample::select(Audience::IDS.to_vec()),
    ) {
        let filter = UrlFilter::default();
        let many = filter.check_many(&urls, audience, Some(day(1)));
        prop_assert!(many.is_ok());
        let many = many.unwrap_or_default();
        prop_assert_eq!(many.len(), urls.len());
        for (index, (url, result)) in urls.iter().zip(&many).enumerate() {
            match (filter.check(url, audience, Some(day(1))), result) {
                (Ok(one), Ok(batch)) => prop_assert_eq!(&one, batch),
                (Err(one), Err(batch)) => {
                    prop_assert_eq!(esafety_core::ErrorCode::code(&one), batch.code.as_str());
                    prop_assert_eq!(batch.index, index);
                    prop_assert_eq!(&batch.input, url);
                }
                (one, batch) => prop_assert!(false, "{url:?}: {one:?} vs {batch:?}"),
            }
        }
    }
}

/// A batch long enough to be cut into chunks across cores comes back in input order, with
/// each invalid URL's error at its own index.
#[test]
fn a_long_check_many_is_check_one_by_one_in_order() {
    let filter = UrlFilter::default();
    let urls: Vec<String> = (0..5_000)
        .map(|i| match i % 7 {
            0 => String::new(),
            1 => format!("pornhub.com/{i}"),
            2 => format!("http://[{i}/"),
            _ => format!("site{i}.example.co.uk/page?q={i}"),
        })
        .collect();
    // In a pool of two threads, as the bindings run a batch (core never starts threads).
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build();
    let pool = pool.expect("two threads start");
    let many = pool.install(|| filter.check_many(&urls, "ks2", Some(day(1))));
    assert!(many.is_ok(), "{many:?}");
    let many = many.unwrap_or_default();
    assert_eq!(many.len(), urls.len());
    for (index, (url, batch)) in urls.iter().zip(&many).enumerate() {
        match (filter.check(url, "ks2", Some(day(1))), batch) {
            (Ok(one), Ok(batch)) => assert_eq!(&one, batch, "{url}"),
            (Err(one), Err(batch)) => {
                assert_eq!(esafety_core::ErrorCode::code(&one), batch.code, "{url}");
                assert_eq!((batch.index, batch.input.as_str()), (index, url.as_str()));
            }
            (one, batch) => panic!("{url:?}: {one:?} vs {batch:?}"),
        }
    }
}

/// A consent event for the ledger properties.
#[derive(Debug, Clone)]
enum Event {
    Record {
        pupil: &'static str,
        carer: &'static str,
        state: &'static str,
        pr: bool,
    },
    Restrict {
        pupil: &'static str,
    },
    Lift {
        pupil: &'static str,
    },
}

const PUPILS: [&str; 3] = ["p1", "p2", "p3"];
const CHANNEL: &str = "school_website";

fn event() -> impl Strategy<Value = Event> {
    let pupil = prop::sample::select(PUPILS.to_vec());
    prop_oneof![
        6 => (pupil.clone(), prop::sample::select(vec!["mum", "dad", "gran"]),
              prop::sample::select(vec!["given", "refused", "withdrawn"]), any::<bool>())
            .prop_map(|(pupil, carer, state, pr)| Event::Record { pupil, carer, state, pr }),
        1 => pupil.clone().prop_map(|pupil| Event::Restrict { pupil }),
        1 => pupil.prop_map(|pupil| Event::Lift { pupil }),
    ]
}

/// Applies `events`, the i-th at hour `hours[i]` (distinct hours keep the order defined).
fn ledger(events: &[(Event, i64)]) -> ConsentLedger {
    let mut ledger = ConsentLedger::new();
    for (event, hour) in events {
        let at = day(*hour);
        let _applied_or_refused = match event {
            Event::Record {
                pupil,
                carer,
                state,
                pr,
            } => {
                let options = RecordOptions {
                    parental_responsibility: Some(*pr),
                    ..RecordOptions::default()
                };
                ledger.record(pupil, carer, CHANNEL, state, at, options)
            }
            Event::Restrict { pupil } => ledger.restrict(pupil, "court order", at),
            Event::Lift { pupil } => ledger.lift_restriction(pupil, at, None),
        };
    }
    ledger
}

/// Events with distinct hours, in time order.
fn timed_events() -> impl Strategy<Value = Vec<(Event, i64)>> {
    prop::collection::vec(event(), 0..12).prop_flat_map(|events| {
        let n = events.len();
        (Just(events), prop::collection::btree_set(0..500i64, n))
            .prop_map(|(events, hours)| events.into_iter().zip(hours).collect::<Vec<_>>())
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// No image is allowed without a current yes, at or before the check, from a carer
    /// with parental responsibility, for every pupil in it.
    #[test]
    fn no_image_without_consent_from_parental_responsibility(
        events in timed_events(),
        group in prop::sample::subsequence(PUPILS.to_vec(), 1..=3),
        hour in 0..600i64,
    ) {
        let ledger = ledger(&events);
        let decision = ledger.check_image(&group, CHANNEL, day(hour), false);
        prop_assert!(decision.is_ok());
        if decision.is_ok_and(|d| d.allowed) {
            for pupil in &group {
                let yes = events.iter().any(|(e, h)| {
                    *h <= hour && matches!(e, Event::Record { pupil: p, state: "given", pr: true, .. } if p == pupil)
                });
                prop_assert!(yes, "{pupil} allowed with no yes from parental responsibility");
                let state = ledger.state(pupil, CHANNEL, day(hour));
                prop_assert_eq!(state.ok(), Some(ConsentState::Given));
            }
        }
    }

    /// Recording the same timed events in any order gives the same answers.
    #[test]
    fn event_order_does_not_change_the_state(
        events in timed_events(),
        seed in any::<u64>(),
        hour in 0..600i64,
    ) {
        let mut shuffled = events.clone();
        // A deterministic shuffle from the seed (no global random state).
        let mut x = seed | 1;
        for i in (1..shuffled.len()).rev() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let j = usize::try_from(x % (i as u64 + 1)).unwrap_or(0);
            shuffled.swap(i, j);
        }
        let (a, b) = (ledger(&events), ledger(&shuffled));
        for pupil in PUPILS {
            prop_assert_eq!(
                a.state(pupil, CHANNEL, day(hour)).ok(),
                b.state(pupil, CHANNEL, day(hour)).ok(),
                "{}", pupil
            );
        }
    }

    /// A ledger survives export and import unchanged.
    #[test]
    fn ledger_survives_export_and_import(events in timed_events(), hour in 0..600i64) {
        let ledger = ledger(&events);
        let text = ledger.to_json();
        let back = ConsentLedger::from_json(&text);
        prop_assert!(back.is_ok(), "{back:?}");
        let back = back.unwrap_or_default();
        prop_assert_eq!(back.to_json(), text);
        for pupil in PUPILS {
            prop_assert_eq!(
                back.state(pupil, CHANNEL, day(hour)).ok(),
                ledger.state(pupil, CHANNEL, day(hour)).ok()
            );
        }
    }
}
