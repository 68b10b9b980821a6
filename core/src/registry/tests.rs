//! Facade tests: the acceptance rules end to end.

use super::*;
use chrono::TimeZone;
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn no_details() -> SignatureDetails {
    SignatureDetails::default()
}

fn co(parent: &str) -> SignatureDetails {
    SignatureDetails {
        co_signer: Some(parent.to_owned()),
        ..SignatureDetails::default()
    }
}

fn ctx(pairs: &[(&str, ContextValue)]) -> DecisionContext {
    DecisionContext::from_pairs(pairs.iter().cloned()).unwrap()
}

#[test]
fn sign_before_any_access() {
    let mut reg = Registry::new();
    reg.assign("t1", "all_staff", d("2025-09-01"), None, None)
        .unwrap();
    reg.publish_aup("staff", "1", d("2025-09-01"), true, &[])
        .unwrap();
    let before = reg.may_access_systems("t1", t("2025-09-01T08:00:00Z"));
    assert!(!before.allowed);
    assert_eq!(before.missing, vec!["staff"]);
    assert_eq!(before.gaps[0].problem, SignatureProblem::NotSigned);
    assert!(before.source.contains("AUP sign before access"));
    reg.sign("t1", "staff", "1", t("2025-09-01T09:00:00Z"), no_details())
        .unwrap();
    // A signature given later does not count earlier.
    assert!(
        !reg.may_access_systems("t1", t("2025-09-01T08:59:59Z"))
            .allowed
    );
    assert!(
        reg.may_access_systems("t1", t("2025-09-01T09:00:00Z"))
            .allowed
    );
    assert!(reg.who_must_sign(t("2025-09-02T00:00:00Z")).is_empty());
}

#[test]
fn nobody_without_a_role_has_access() {
    let reg = Registry::new();
    let a = reg.may_access_systems("ghost", t("2025-09-01T08:00:00Z"));
    assert!(!a.allowed);
    assert_eq!(a.rule, "no_role");
}

#[test]
fn yearly_resign_material_and_minor_changes() {
    let mut reg = Registry::new();
    reg.assign("t1", "all_staff", d("2024-09-01"), None, None)
        .unwrap();
    reg.publish_aup("staff", "1.0", d("2024-09-01"), true, &[])
        .unwrap();
    reg.sign(
        "t1",
        "staff",
        "1.0",
        t("2024-09-02T08:00:00Z"),
        no_details(),
    )
    .unwrap();
    reg.publish_aup("staff", "1.1", d("2024-11-01"), false, &[])
        .unwrap();
    assert!(
        reg.may_access_systems("t1", t("2024-11-02T08:00:00Z"))
            .allowed
    );
    assert_eq!(
        reg.may_access_systems("t1", t("2025-09-02T08:00:00Z")).gaps[0].problem,
        SignatureProblem::Expired
    );
    reg.publish_aup("staff", "2.0", d("2025-01-06"), true, &[])
        .unwrap();
    let a = reg.may_access_systems("t1", t("2025-01-06T08:00:00Z"));
    assert_eq!(
        a.gaps[0].problem,
        SignatureProblem::SupersededByMaterialChange
    );
    assert_eq!(a.gaps[0].current_version.as_deref(), Some("2.0"));
}

#[test]
fn audience_change_needs_the_new_aup() {
    let mut reg = Registry::new();
    reg.publish_aup("pupil_eyfs_ks1", "1", d("2024-09-01"), true, &[])
        .unwrap();
    reg.publish_aup("pupil_ks2", "1", d("2024-09-01"), true, &[])
        .unwrap();
    reg.assign("p1", "pupil", d("2024-09-01"), None, Some("pupil_eyfs_ks1"))
        .unwrap();
    reg.sign(
        "p1",
        "pupil_eyfs_ks1",
        "1",
        t("2024-09-03T09:00:00Z"),
        co("m1"),
    )
    .unwrap();
    assert!(
        reg.may_access_systems("p1", t("2025-01-01T09:00:00Z"))
            .allowed
    );
    reg.assign("p1", "pupil", d("2025-01-06"), None, Some("pupil_ks2"))
        .unwrap();
    let a = reg.may_access_systems("p1", t("2025-01-06T09:00:00Z"));
    assert_eq!(a.missing, vec!["pupil_ks2"]);
    // KS2 needs the parent's co-signature.
    reg.sign(
        "p1",
        "pupil_ks2",
        "1",
        t("2025-01-07T09:00:00Z"),
        no_details(),
    )
    .unwrap();
    let a = reg.may_access_systems("p1", t("2025-01-08T09:00:00Z"));
    assert_eq!(a.gaps[0].problem, SignatureProblem::CoSignerMissing);
    reg.sign("p1", "pupil_ks2", "1", t("2025-01-09T09:00:00Z"), co("m1"))
        .unwrap();
    assert!(
        reg.may_access_systems("p1", t("2025-01-09T09:00:00Z"))
            .allowed
    );
}

#[test]
fn volunteer_becoming_staff() {
    let mut reg = Registry::new();
    reg.publish_aup("visitor", "1", d("2024-09-01"), true, &[])
        .unwrap();
    reg.publish_aup("staff", "1", d("2024-09-01"), true, &[])
        .unwrap();
    reg.assign("v1", "volunteer", d("2024-09-01"), None, None)
        .unwrap();
    reg.sign(
        "v1",
        "visitor",
        "1",
        t("2024-09-02T09:00:00Z"),
        no_details(),
    )
    .unwrap();
    assert!(
        reg.may_access_systems("v1", t("2024-10-01T09:00:00Z"))
            .allowed
    );
    reg.unassign("v1", "volunteer", d("2024-12-31")).unwrap();
    reg.assign("v1", "all_staff", d("2025-01-01"), None, None)
        .unwrap();
    let a = reg.may_access_systems("v1", t("2025-01-02T09:00:00Z"));
    assert_eq!(a.missing, vec!["staff"]);
}

#[test]
fn technician_and_social_media_officer_need_extra_aups() {
    let mut reg = Registry::new();
    for aud in ["staff", "technician", "social_media_officer"] {
        reg.publish_aup(aud, "1", d("2024-09-01"), true, &[])
            .unwrap();
    }
    reg.assign("it", "it_provider", d("2024-09-01"), None, None)
        .unwrap();
    reg.assign("sm", "social_media_officer", d("2024-09-01"), None, None)
        .unwrap();
    let at = t("2024-09-10T09:00:00Z");
    assert_eq!(
        reg.may_access_systems("it", at).missing,
        vec!["staff", "technician"]
    );
    assert_eq!(
        reg.may_access_systems("sm", at).missing,
        vec!["staff", "social_media_officer"]
    );
    assert_eq!(reg.who_must_sign(at), vec!["it", "sm"]);
}

#[test]
fn joint_staff_governor_aup() {
    let mut joint = Registry::with_preset("seed_001").unwrap();
    let mut separate = Registry::new();
    for reg in [&mut joint, &mut separate] {
        reg.publish_aup("staff", "1", d("2024-09-01"), true, &[])
            .unwrap();
        reg.assign("g1", "governing_board", d("2024-09-01"), None, None)
            .unwrap();
        reg.sign("g1", "staff", "1", t("2024-09-02T09:00:00Z"), no_details())
            .unwrap();
    }
    let at = t("2024-09-03T09:00:00Z");
    assert!(joint.may_access_systems("g1", at).allowed);
    assert_eq!(
        separate.may_access_systems("g1", at).missing,
        vec!["governor"]
    );
}

#[test]
fn generic_visitor_login() {
    let mut ely = Registry::with_preset("seed_002").unwrap();
    let mut whitwell = Registry::with_preset("seed_003").unwrap();
    for reg in [&mut ely, &mut whitwell] {
        reg.assign("vis", "visitor", d("2025-03-01"), None, None)
            .unwrap();
        reg.assign("t1", "all_staff", d("2025-03-01"), None, None)
            .unwrap();
    }
    let at = t("2025-03-01T10:00:00Z");
    let a = ely.may_access_systems("vis", at);
    assert!(a.allowed);
    assert_eq!(a.rule, "generic_visitor_login");
    assert!(!whitwell.may_access_systems("vis", at).allowed);
    let guest = ctx(&[("guest", "vis".into())]);
    assert_eq!(
        ely.decide("t1", "grant_guest_access", at, &guest)
            .unwrap()
            .outcome,
        PermissionOutcome::Allowed
    );
    let d3 = whitwell
        .decide("t1", "grant_guest_access", at, &guest)
        .unwrap();
    assert_eq!(d3.outcome, PermissionOutcome::Denied);
    assert_eq!(d3.missing, vec!["visitor"]);
    let err = whitwell
        .decide("t1", "grant_guest_access", at, &DecisionContext::default())
        .unwrap_err();
    assert_eq!(err.code(), "registry_missing_context");
}

#[test]
fn search_rules_differ_per_school() {
    let at = t("2025-03-01T10:00:00Z");
    let mut outcomes = Vec::new();
    for preset in ["default", "seed_004", "seed_001"] {
        let mut reg = Registry::with_preset(preset).unwrap();
        reg.assign("head", "headteacher", d("2024-09-01"), None, None)
            .unwrap();
        let grounds = ctx(&[("reasonable_grounds", true.into())]);
        let refused = ctx(&[
            ("reasonable_grounds", true.into()),
            ("pupil_consent", false.into()),
        ]);
        outcomes.push((
            reg.decide("head", "search_pupil_device", at, &grounds)
                .unwrap()
                .outcome,
            reg.decide("head", "search_pupil_device", at, &refused)
                .unwrap()
                .outcome,
        ));
    }
    assert_eq!(
        outcomes[0],
        (PermissionOutcome::Allowed, PermissionOutcome::Allowed)
    );
    assert_eq!(
        outcomes[1],
        (PermissionOutcome::Denied, PermissionOutcome::Denied)
    );
    assert_eq!(
        outcomes[2],
        (PermissionOutcome::Denied, PermissionOutcome::Denied)
    );
}

#[test]
fn every_decision_names_rule_and_source() {
    let mut reg = Registry::new();
    let since = d("2024-09-01");
    for (p, r) in [
        ("head", "headteacher"),
        ("dsl", "dsl"),
        ("t", "all_staff"),
        ("pup", "visitor"),
        ("fm", "slt_fm_lead"),
        ("sm", "social_media_officer"),
    ] {
        reg.assign(p, r, since, None, None).unwrap();
    }
    let at = t("2025-01-10T10:00:00Z");
    for person in ["head", "dsl", "t", "pup", "fm", "sm", "nobody"] {
        for &action in ALL_ACTIONS {
            let c = ctx(&[("guest", "pup".into())]);
            let decision = reg.decide(person, action.as_str(), at, &c).unwrap();
            assert!(!decision.rule.is_empty());
            assert!(
                crate::source::resolve(&decision.source).is_some(),
                "{action}: {}",
                decision.source
            );
            assert_eq!(
                decision.approver_role.is_some(),
                decision.outcome == PermissionOutcome::NeedsApproval
            );
        }
    }
    assert_eq!(
        reg.decide("t", "fly", at, &DecisionContext::default())
            .unwrap_err()
            .code(),
        "registry_unknown_action"
    );
}

#[test]
fn round_trips_through_json() {
    let mut reg = Registry::with_preset("seed_001").unwrap();
    reg.assign("t1", "all_staff", d("2024-09-01"), None, None)
        .unwrap();
    reg.publish_aup("staff", "1", d("2024-09-01"), true, &["a".to_owned()])
        .unwrap();
    reg.sign("t1", "staff", "1", t("2024-09-02T09:00:00Z"), no_details())
        .unwrap();
    reg.record_review("filtering_monitoring", d("2024-09-05"))
        .unwrap();
    let json = reg.to_json();
    assert!(json.contains("\"schemaVersion\":1"));
    assert_eq!(Registry::from_json(&json).unwrap(), reg);
    assert_eq!(
        Registry::from_json("{}").unwrap_err().code(),
        "registry_malformed_document"
    );
}

/// A saved registry holding what the live calls refuse is refused on reading, with the
/// place named: a pupil as their own co-signer, a clause edited under its hash, a
/// signature of a version never published, a DSL with the visitor AUP, a role held twice.
#[test]
fn from_json_refuses_what_the_live_calls_refuse() {
    let mut reg = Registry::with_preset("seed_001").unwrap();
    reg.assign("p1", "pupil", d("2024-09-01"), None, Some("pupil_ks2"))
        .unwrap();
    reg.assign("d1", "dsl", d("2024-09-01"), None, None)
        .unwrap();
    reg.publish_aup(
        "pupil_ks2",
        "1",
        d("2024-09-01"),
        true,
        &["Ask first.".to_owned()],
    )
    .unwrap();
    let details = SignatureDetails {
        co_signer: Some("mum1".into()),
        ..no_details()
    };
    reg.sign("p1", "pupil_ks2", "1", t("2024-09-02T09:00:00Z"), details)
        .unwrap();
    let json = reg.to_json();
    assert_eq!(Registry::from_json(&json).unwrap(), reg);
    let refused = |edited: String, place: &str| {
        assert_ne!(edited, json, "the edit for {place} changed nothing");
        let err = Registry::from_json(&edited).unwrap_err();
        assert_eq!(err.code(), "registry_malformed_document", "{place}");
        assert!(err.to_string().contains(place), "{place}: {err}");
    };
    refused(json.replace("\"mum1\"", "\"p1\""), "signatures[0]");
    refused(
        json.replace("Ask first.", "Anything goes."),
        "aups.versions[0]",
    );
    refused(
        json.replace("\"version\":\"1\",\"content", "\"version\":\"9\",\"content"),
        "signatures[0]",
    );
    refused(
        json.replace(
            "\"role\":\"dsl\",\"since\":\"2024-09-01\",\"until\":null,\"deputy_for\":null,\"audience\":null",
            "\"role\":\"dsl\",\"since\":\"2024-09-01\",\"until\":null,\"deputy_for\":null,\"audience\":\"visitor\"",
        ),
        "assignments.entries[",
    );
    let twice = json.replace(
        "\"person\":\"d1\",\"role\":\"dsl\",\"since\":\"2024-09-01\",\"until\":null,\"deputy_for\":null,\"audience\":null",
        "\"person\":\"p1\",\"role\":\"pupil\",\"since\":\"2024-10-01\",\"until\":null,\"deputy_for\":null,\"audience\":\"pupil_ks2\"",
    );
    refused(twice, "holds pupil twice on one day");
}

#[test]
fn review_status_lists_vacant_reviewers() {
    let mut reg = Registry::new();
    reg.assign("fm", "slt_fm_lead", d("2024-09-01"), None, None)
        .unwrap();
    reg.record_review("filtering_monitoring", d("2024-09-05"))
        .unwrap();
    let s = reg.review_status(d("2025-09-06"));
    assert!(s[0].overdue, "policy never reviewed");
    assert!(s[1].overdue);
    assert!(s[1].vacant_reviewer_roles.contains(&Role::Dsl));
    assert!(!s[1].vacant_reviewer_roles.contains(&Role::SltFmLead));
}

proptest! {
    /// Whatever happens, nobody has access before signing, and an unknown person never does.
    #[test]
    fn no_signature_no_access(role_ix in 0usize..ALL_ROLES.len(), offset in 0i64..1000) {
        let role = ALL_ROLES[role_ix];
        let mut reg = Registry::new();
        for a in ALL_AUDIENCES {
            reg.publish_aup(a.as_str(), "1", d("2024-01-01"), true, &[]).unwrap();
        }
        let audience = (role == Role::Pupil).then_some("pupil_ks2");
        reg.assign("x", role.as_str(), d("2024-01-01"), None, audience).unwrap();
        let at = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap() + chrono::Duration::days(offset);
        let access = reg.may_access_systems("x", at);
        prop_assert!(!access.allowed);
        prop_assert!(!access.missing.is_empty());
        prop_assert_eq!(reg.who_must_sign(at), vec!["x".to_owned()]);
    }

    /// Signing everything required (with a co-signer) gives access until a year passes.
    #[test]
    fn signing_everything_gives_access(role_ix in 0usize..ALL_ROLES.len(), days in 0i64..365) {
        let role = ALL_ROLES[role_ix];
        let mut reg = Registry::new();
        for a in ALL_AUDIENCES {
            reg.publish_aup(a.as_str(), "1", d("2024-01-01"), true, &[]).unwrap();
        }
        let audience = (role == Role::Pupil).then_some("pupil_ks2");
        reg.assign("x", role.as_str(), d("2024-01-01"), None, audience).unwrap();
        let signed = Utc.with_ymd_and_hms(2024, 1, 1, 9, 0, 0).unwrap();
        for a in reg.required_audiences("x", signed) {
            reg.sign("x", a.as_str(), "1", signed, co("parent")).unwrap();
        }
        let at = signed + chrono::Duration::days(days);
        prop_assert!(reg.may_access_systems("x", at).allowed);
        prop_assert!(!reg.may_access_systems("x", signed + chrono::Duration::days(365)).allowed);
    }
}

proptest! {
    /// Whatever the roles and facts: every decision names a rule and a source, an approver
    /// appears exactly when approval is needed, nobody ever contacts a pupil through a
    /// personal account, and only a DSL or deputy is ever allowed to view an image.
    #[test]
    fn decisions_are_explained_and_safe(
        role_mask in 0u32..(1 << ALL_ROLES.len()),
        flags in proptest::collection::vec(proptest::option::of(any::<bool>()), 14),
        with_justification in any::<bool>(),
        preset_ix in 0usize..PRESETS.len(),
    ) {
        let mut reg = Registry::with_preset(PRESETS[preset_ix]).unwrap();
        reg.publish_aup("visitor", "1", d("2024-01-01"), true, &[]).unwrap();
        for (i, role) in ALL_ROLES.iter().enumerate() {
            if role_mask & (1 << i) != 0 {
                let audience = (*role == Role::Pupil).then_some("pupil_ks2");
                reg.assign("x", role.as_str(), d("2024-01-01"), None, audience).unwrap();
            }
        }
        let keys = [
            "unavoidable", "adult_involved", "pupil_consent", "parent_consent",
            "reasonable_grounds", "authorised_by_headteacher", "agencies_confirmed_not_needed",
            "referral_made", "consent", "full_name_shown", "slt_permission", "necessary",
            "head_approval", "unsupervised",
        ];
        let mut ctx = DecisionContext::default();
        for (key, flag) in keys.iter().zip(&flags) {
            if let Some(b) = flag {
                ctx.set(key, ContextValue::Flag(*b)).unwrap();
            }
        }
        if with_justification {
            ctx.set("justification", "no other way".into()).unwrap();
        }
        ctx.set("guest", "g".into()).unwrap();
        let at = Utc.with_ymd_and_hms(2024, 6, 1, 10, 0, 0).unwrap();
        let roles = reg.roles_of("x", at.date_naive());
        for &action in ALL_ACTIONS {
            let decision = reg.decide("x", action.as_str(), at, &ctx).unwrap();
            prop_assert!(!decision.rule.is_empty() && !decision.reason.is_empty());
            prop_assert!(crate::source::resolve(&decision.source).is_some());
            // A school cites its own seed policy, never a sibling's.
            let own = crate::source::seed_of(PRESETS[preset_ix]);
            for c in decision.source.split("; ") {
                if let Some(rest) = c.strip_prefix("seed ") {
                    prop_assert_eq!(Some(&rest[..3]), own, "{}", decision.source);
                }
            }
            prop_assert_eq!(
                decision.approver_role.is_some(),
                decision.outcome == PermissionOutcome::NeedsApproval
            );
            if action == Action::ContactPupilViaPersonalAccount
                && decision.outcome == PermissionOutcome::Allowed
            {
                prop_assert_eq!(
                    reg.settings().personal_social_media_contact,
                    crate::registry::PersonalSocialMediaContact::WithHeadApproval
                );
                // The head's own contact needs another leader; nobody else's needs less
                // than the head's approval.
                if roles.contains(&Role::Headteacher) {
                    prop_assert_eq!(ctx.slt_permission, Some(true));
                } else {
                    prop_assert_eq!(ctx.head_approval, Some(true));
                }
            }
            // Nobody approves their own request, and a missing fact is never a yes.
            if let Some(approver) = decision.approver_role {
                prop_assert!(!roles.contains(&approver) || approver == Role::GoverningBoard);
            }
            if action == Action::PhotographOnPersonalDevice
                && decision.outcome == PermissionOutcome::Allowed
            {
                let head = roles.contains(&Role::Headteacher);
                prop_assert!(
                    ctx.necessary == Some(true)
                        || ctx.slt_permission == Some(true)
                        || (ctx.head_approval == Some(true) && !head)
                );
            }
            if action == Action::ViewSuspectedIndecentImage && decision.outcome == PermissionOutcome::Allowed {
                prop_assert!(roles.contains(&Role::Dsl) || roles.contains(&Role::DeputyDsl) || roles.contains(&Role::Headteacher));
                prop_assert!(ctx.adult_involved != Some(true));
            }
            if action == Action::PublishImage && decision.outcome == PermissionOutcome::Allowed {
                prop_assert_eq!(ctx.consent, Some(true));
            }
        }
    }
}

#[test]
fn dsl_vacancy_is_reported_when_only_a_deputy_remains() {
    let mut reg = Registry::new();
    assert_eq!(
        reg.vacancies(d("2025-09-01"))
            .iter()
            .map(|v| v.role)
            .collect::<Vec<_>>(),
        vec![Role::Dsl, Role::Headteacher, Role::SltFmLead]
    );
    reg.assign("dsl1", "dsl", d("2025-09-01"), None, None)
        .unwrap();
    reg.assign("dep", "deputy_dsl", d("2025-09-01"), Some("dsl1"), None)
        .unwrap();
    reg.assign("head", "headteacher", d("2025-09-01"), None, None)
        .unwrap();
    reg.assign("fm", "slt_fm_lead", d("2025-09-01"), None, None)
        .unwrap();
    assert!(reg.vacancies(d("2025-12-31")).is_empty());
    assert!(
        reg.review_status(d("2025-12-31"))
            .iter()
            .all(|s| s.warnings.is_empty())
    );
    reg.unassign("dsl1", "dsl", d("2025-12-31")).unwrap();
    let v = reg.vacancies(d("2026-01-01"));
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].role, Role::Dsl);
    assert_eq!(v[0].deputies, vec!["dep".to_owned()]);
    assert!(v[0].source.contains("KCSIE 2025 Annex C"));
    // holders() says the same: a post covered only by a deputy is vacant.
    let held = reg.holders("dsl", d("2026-01-01")).unwrap();
    assert!(held.vacant && held.holders.is_empty());
    assert_eq!(held.deputies, vec!["dep".to_owned()]);
    for status in reg.review_status(d("2026-01-01")) {
        assert_eq!(status.warnings, vec![v[0].warning.clone()]);
    }
}

#[test]
fn an_image_is_published_only_on_a_known_channel() {
    let mut reg = Registry::new();
    reg.assign("t1", "all_staff", d("2025-09-01"), None, None)
        .unwrap();
    let at = t("2025-10-01T10:00:00Z");
    // Through the context's keys an unknown channel is an error ...
    let bad = DecisionContext::from_pairs([("channel", ContextValue::Text("tiktok".into()))]);
    assert!(matches!(
        bad,
        Err(RegistryError::InvalidContextValue { ref key }) if key == "channel"
    ));
    // ... and a context built directly with one is denied, never allowed.
    let direct = DecisionContext {
        consent: Some(true),
        channel: Some("tiktok".to_owned()),
        ..DecisionContext::default()
    };
    let denied = reg.decide("t1", "publish_image", at, &direct).unwrap();
    assert_eq!(denied.outcome, PermissionOutcome::Denied);
    assert_eq!(denied.rule, "publish_image_unknown_channel");
    let known = DecisionContext {
        channel: Some("school_website".to_owned()),
        ..direct
    };
    let allowed = reg.decide("t1", "publish_image", at, &known).unwrap();
    assert_eq!(allowed.outcome, PermissionOutcome::Allowed);
}
