//! The procedure data files: they parse, every source resolves, local steps never weaken a
//! statutory step, and the issue 15 routings hold.

use super::*;

#[test]
fn every_category_has_a_procedure_file_that_parses() {
    assert_eq!(plan::procedure_load_error(), None);
    let national = SchoolProfile::national();
    for c in Category::ALL {
        let (title, sources) = procedure_sources(*c, &national);
        assert!(!title.is_empty(), "{c}: no procedure file");
        assert!(!sources.is_empty(), "{c}: the file names no sources");
    }
}

#[test]
fn a_checklist_follows_every_referral_to_childrens_social_care_up_as_a_plan_does() {
    let national = SchoolProfile::national();
    let mut referrals = 0;
    for c in Category::ALL {
        let steps = procedure(*c, &national);
        for (i, step) in steps.iter().enumerate() {
            if step.action != Action::ReferToCsc {
                continue;
            }
            referrals += 1;
            let follow_up = steps[i + 1..]
                .iter()
                .find(|s| s.action == Action::FollowUpReferral && s.when == step.when)
                .unwrap_or_else(|| {
                    panic!("{c}: no follow-up for the referral when {:?}", step.when)
                });
            assert_eq!(follow_up.mandatory, step.mandatory, "{c}");
            assert_eq!(follow_up.deadline, Deadline::Within1WorkingDay, "{c}");
        }
    }
    assert!(referrals >= 8, "{referrals}");
    // The plan of the same incident has the step too.
    let plan = super::plan(json!({"reporter": "all_staff",
        "reported_at": "2025-11-26T10:00:00Z", "tags": ["grooming_cse"]}));
    assert!(
        plan.steps
            .iter()
            .any(|s| s.action == Action::FollowUpReferral && s.mandatory)
    );
}

#[test]
fn every_source_of_every_step_and_forbidden_action_resolves() {
    let national = SchoolProfile::national();
    for c in Category::ALL {
        let (_, sources) = procedure_sources(*c, &national);
        for s in &sources {
            assert!(
                crate::source::resolve(s).is_some(),
                "{c}: file source `{s}`"
            );
        }
        for step in procedure(*c, &national) {
            assert!(
                crate::source::resolve(&step.source).is_some(),
                "{c}: {} source `{}`",
                step.action,
                step.source
            );
            assert!(
                Recipient::from_id(&step.recipient).is_some(),
                "{c}: {}",
                step.recipient
            );
        }
        for f in procedure_forbidden(*c, &national) {
            assert!(
                crate::source::resolve(&f.source).is_some(),
                "{c}: {}",
                f.source
            );
        }
    }
}

#[test]
fn every_forbidden_action_of_a_plan_carries_a_resolvable_source() {
    for tag in Category::IDS {
        let p = plan(
            json!({"subjects": [{"role": "pupil", "age": 14}], "alleged": "adult_outside",
            "facts": {"image_involved": true}, "tags": [tag]}),
        );
        for f in &p.forbidden_details {
            assert!(
                crate::source::resolve(&f.source).is_some(),
                "{tag}: {}",
                f.source
            );
        }
    }
}

#[test]
fn a_local_step_adds_but_never_removes_or_weakens_a_statutory_step() {
    let profile = SchoolProfile::from_text(
        "local.toml",
        r#"
        id = "local"
        [[local_steps]]
        category = "grooming_cse"
        action = "refer_to_police"
        recipient = "police_non_emergency"
        deadline = "routine"
        mandatory = false
        source = "school policy (local grooming step)"
        [[local_steps]]
        category = "grooming_cse"
        action = "inform_online_safety_lead"
        recipient = "online_safety_lead"
        deadline = "same_day"
        mandatory = true
        source = "school policy (online safety lead)"
        "#,
    )
    .unwrap();
    let incident = json!({"subjects": [{"role": "pupil", "age": 12}], "alleged": "adult_outside",
        "tags": ["grooming_cse"]});
    let p = escalate_json(&incident, Some(&profile)).unwrap();
    let police = p
        .steps
        .iter()
        .find(|s| s.action == "refer_to_police")
        .unwrap();
    assert!(police.mandatory);
    assert_eq!(police.deadline, Deadline::Immediately);
    assert!(
        p.steps
            .iter()
            .any(|s| s.action == "inform_online_safety_lead" && s.mandatory)
    );
    let listed = procedure(Category::GroomingCse, &profile);
    assert!(
        listed
            .iter()
            .any(|s| s.local && s.action == "inform_online_safety_lead")
    );
    let bad = SchoolProfile::from_text(
        "bad.toml",
        "[[local_steps]]\ncategory = \"csam\"\naction = \"remove_step\"\nrecipient = \"dsl\"\ndeadline = \"routine\"\nsource = \"x\"\n",
    )
    .unwrap_err();
    assert_eq!(bad.field(), Some("local_steps[0]"));
}

#[test]
fn iwf_only_for_online_content_with_a_url_police_lead_for_a_device() {
    let on_device = plan(
        json!({"subjects": [{"role": "pupil", "age": 13}], "alleged": "adult_outside",
        "device": "personal", "facts": {"image_involved": true, "adult_involved": true}, "tags": ["csam"]}),
    );
    let iwf = on_device
        .steps
        .iter()
        .find(|s| s.action == "report_url_to_iwf")
        .unwrap();
    assert!(!iwf.mandatory);
    assert!(has_step(&on_device, "police_non_emergency", true));
    let online = plan(
        json!({"subjects": [{"role": "pupil", "age": 13}], "alleged": "adult_outside",
        "facts": {"image_involved": true, "adult_involved": true},
        "hits": [{"kind": "url", "category": "illegal.csam", "url": "http://bad.example/x"}]}),
    );
    let iwf = online
        .steps
        .iter()
        .find(|s| s.action == "report_url_to_iwf")
        .unwrap();
    assert!(iwf.mandatory);
}

#[test]
fn adult_targeting_a_child_online_makes_csc_a_must() {
    let p = plan(
        json!({"subjects": [{"role": "pupil", "age": 11}], "alleged": "adult_outside",
        "facts": {"adult_involved": true}, "tags": ["grooming_cse"]}),
    );
    let csc = p.steps.iter().find(|s| s.action == "refer_to_csc").unwrap();
    assert!(csc.mandatory);
    assert_eq!(csc.deadline, Deadline::Immediately);
}

#[test]
fn staff_who_came_across_abuse_images_report_the_url_without_mandatory_police_or_csc() {
    let p = plan(
        json!({"reporter": "all_staff", "subjects": [{"role": "all_staff"}],
        "facts": {"incidental_exposure": true, "image_involved": true}, "tags": ["csam"]}),
    );
    assert_eq!(external_mandatory(&p), vec!["iwf"]);
    let kilby = plan_with(
        json!({"reporter": "all_staff", "subjects": [{"role": "all_staff"}],
        "facts": {"incidental_exposure": true, "image_involved": true}, "tags": ["csam"]}),
        "kilby",
    );
    assert!(has_step(&kilby, "police_non_emergency", true));
}

#[test]
fn radicalisation_forbids_investigating_and_sharing_with_sources() {
    let p = plan(
        json!({"subjects": [{"role": "pupil", "age": 15}], "alleged": "pupil",
        "tags": ["radicalisation"]}),
    );
    for f in [
        "ignore_because_online",
        "investigate_yourself",
        "share_content_further",
    ] {
        let d = p
            .forbidden_details
            .iter()
            .find(|d| d.action.as_str() == f)
            .unwrap();
        assert!(
            d.source.contains("Prevent duty 2023") || d.source.contains("Incident radicalisation")
        );
    }
    assert!(has_step(&p, "prevent_team", true));
}

#[test]
fn cybercrime_follows_the_configured_route_and_secures_accounts() {
    let incident = json!({"subjects": [{"role": "pupil", "age": 14}], "alleged": "pupil",
        "tags": ["cybercrime"]});
    let whitwell = plan_with(incident.clone(), "whitwell");
    assert!(has_step(&whitwell, "cyber_choices_rocu", true));
    assert!(!has_step(&whitwell, "police_non_emergency", true));
    let highgate = plan_with(incident, "highgate");
    assert!(has_step(&highgate, "police_non_emergency", true));
    assert!(!has_step(&highgate, "cyber_choices_rocu", true));
    let it = whitwell
        .steps
        .iter()
        .find(|s| s.action == "secure_compromised_accounts")
        .unwrap();
    assert_eq!(it.recipient.as_str(), "it_provider");
    assert_eq!(it.deadline, Deadline::Immediately);
}

#[test]
fn a_gambling_site_the_filter_missed_is_commerce_harm_first() {
    let p = plan(
        json!({"subjects": [{"role": "pupil", "age": 13}], "alleged": "unknown",
        "facts": {"financial_loss": true}, "tags": ["filter_failure", "commerce_harm"]}),
    );
    assert_eq!(p.category, Category::CommerceHarm);
    assert_eq!(p.secondary, vec![Category::FilterFailure]);
}

#[test]
fn a_monitoring_alert_goes_to_the_dsl_first() {
    let p = plan(json!({"reported_at": "2025-11-26T10:00:00+00:00",
        "subjects": [{"role": "pupil", "age": 12}], "facts": {"immediate_danger": true},
        "tags": ["monitoring_alert"],
        "hits": [{"kind": "term", "category": "suicide", "severity": 5}]}));
    assert_eq!(p.steps[0].action, "report_to_dsl");
    assert_eq!(p.steps[0].recipient.as_str(), "dsl");
    assert!(
        p.steps
            .iter()
            .any(|s| s.action == "call_999" && s.mandatory)
    );
}

#[test]
fn unknown_age_in_an_image_case_is_a_warning_not_a_guess() {
    let p = plan(json!({"subjects": [{"role": "pupil"}], "alleged": "pupil",
        "facts": {"image_involved": true, "sexual_act_depicted": true}, "tags": ["nudes_u18"]}));
    assert!(
        p.warnings.iter().any(|w| w.contains("age")),
        "{:?}",
        p.warnings
    );
}

#[test]
fn docs_list_every_condition() {
    let page = include_str!("../../../../docs/procedures.md");
    for c in Condition::ALL {
        assert!(
            page.contains(&format!("| `{c}` |")),
            "docs/procedures.md lacks `{c}`"
        );
    }
}

#[test]
fn out_of_hours_a_monitoring_alert_goes_to_the_out_of_hours_contact_first() {
    let profile = SchoolProfile::from_text(
        "ooh.toml",
        "id = \"ooh\"\n[settings]\nout_of_hours_alert_contact = \"headteacher\"\n",
    )
    .unwrap();
    let alert = json!({"reported_at": "2025-11-26T22:00:00+00:00",
        "subjects": [{"role": "pupil", "age": 14}], "tags": ["monitoring_alert"],
        "hits": [{"kind": "term", "category": "suicide", "severity": 5}]});
    let p = escalate_json(&alert, Some(&profile)).unwrap();
    assert!(p.out_of_hours);
    assert_eq!(p.steps[0].action, "alert_out_of_hours_contact");
    assert_eq!(p.steps[0].recipient.as_str(), "headteacher");
    assert_eq!(p.steps[1].action, "report_to_dsl");
}

#[test]
fn no_procedure_cites_another_schools_policy() {
    for name in crate::incident::PRESET_NAMES {
        let profile = SchoolProfile::preset(name).unwrap();
        let own = crate::source::seed_of(name);
        let sibling = |s: &str| {
            s.split("; ")
                .filter_map(|c| c.strip_prefix("seed "))
                .any(|rest| rest.get(..3) != own)
        };
        for c in Category::ALL {
            let (_, sources) = procedure_sources(*c, &profile);
            assert!(
                !sources.iter().any(|s| sibling(s)),
                "{name} {c}: {sources:?}"
            );
            for step in procedure(*c, &profile) {
                assert!(!sibling(&step.source), "{name} {c}: {}", step.source);
            }
            for f in procedure_forbidden(*c, &profile) {
                assert!(!sibling(&f.source), "{name} {c}: {}", f.source);
            }
        }
    }
}

#[test]
fn a_local_steps_source_is_escaped_in_markdown() {
    let profile = SchoolProfile::from_text(
        "local.toml",
        r#"
        id = "local"
        [[local_steps]]
        category = "cyberbullying"
        action = "inform_online_safety_lead"
        recipient = "online_safety_lead"
        deadline = "same_day"
        mandatory = true
        source = "school policy (<img src=x onerror=alert(1)> | part 2)"
        "#,
    )
    .unwrap();
    let incident = json!({"subjects": [{"role": "pupil", "age": 12}], "tags": ["cyberbullying"]});
    let md = escalate_json(&incident, Some(&profile))
        .unwrap()
        .to_markdown();
    assert!(!md.contains("(<img"), "{md}");
    assert!(
        md.contains(r"\<img src=x onerror=alert(1)\> \| part 2"),
        "{md}"
    );
}

#[test]
fn the_out_of_hours_contact_is_a_member_of_staff() {
    for role in ["parent_carer", "pupil", "visitor"] {
        let text = format!("id = \"t\"\n[settings]\nout_of_hours_alert_contact = \"{role}\"\n");
        let err = SchoolProfile::from_text("t.toml", &text).unwrap_err();
        assert!(
            err.to_string().contains("not a staff role"),
            "{role}: {err}"
        );
    }
    let text = "id = \"t\"\n[settings]\nout_of_hours_alert_contact = \"deputy_dsl\"\n";
    assert!(SchoolProfile::from_text("t.toml", text).is_ok());
}
