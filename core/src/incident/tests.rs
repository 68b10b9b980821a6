use super::*;
use crate::ErrorCode;
use proptest::prelude::*;
use serde_json::{Value, json};

fn plan(v: Value) -> Plan {
    escalate_json(&v, None).unwrap()
}

fn plan_with(v: Value, preset: &str) -> Plan {
    escalate_json(&v, Some(&SchoolProfile::preset(preset).unwrap())).unwrap()
}

fn mandatory(p: &Plan) -> Vec<(String, &'static str, Deadline)> {
    p.mandatory_steps()
        .map(|s| {
            (
                s.action.as_str().to_owned(),
                s.recipient.as_str(),
                s.deadline,
            )
        })
        .collect()
}

fn has_step(p: &Plan, recipient: &str, mandatory: bool) -> bool {
    p.steps
        .iter()
        .any(|s| s.recipient.as_str() == recipient && s.mandatory == mandatory)
}

fn external_mandatory(p: &Plan) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = p
        .mandatory_steps()
        .filter(|s| s.recipient.is_external())
        .map(|s| s.recipient.as_str())
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

#[test]
fn issue_example_is_child_sexual_abuse() {
    let p = plan(
        json!({"reported_at": "2025-11-26T08:30:00+00:00", "reporter": "parent_carer",
        "subjects": [{"role": "pupil", "age": 10}], "alleged": "adult_outside",
        "location": "off_site", "device": "personal",
        "facts": {"immediate_danger": false, "adult_involved": true, "under_13_involved": true, "image_involved": true},
        "tags": ["nudes_u18", "online_game"]}),
    );
    assert_eq!(p.category, Category::Csam);
    assert_eq!(p.area, Area::Content);
    assert_eq!(p.severity, 5);
    assert_eq!(p.ukcis_triggers, vec![UkcisTrigger::AdultInvolved]);
    assert!(p.reasons.iter().any(|r| r.rule == "hint_corrected"));
    // An adult targeting a child sexually: police and children's social care, both musts
    // (KCSIE 2025 Part 1; issue 15); the IWF only when the image is online at a URL.
    assert_eq!(
        external_mandatory(&p),
        vec!["csc_front_door", "police_non_emergency"]
    );
    assert_eq!(p.inform_parents, ParentNotification::UnlessRisk);
    for f in [
        "view_image",
        "copy_image",
        "forward_image",
        "print_image",
        "ask_child_to_send_image",
        "contact_suspect",
        "delete_evidence",
    ] {
        assert!(p.forbidden_ids().contains(&f), "{f}");
    }
    assert!(!has_step(&p, "police_emergency", true));
}

#[test]
fn immediate_danger_always_calls_999_first() {
    for tag in Category::IDS {
        let p = plan(
            json!({"subjects": [{"role": "pupil", "age": 14}], "facts": {"immediate_danger": true}, "tags": [tag]}),
        );
        let first = &p.steps[0];
        assert_eq!(first.action, "call_999", "{tag}");
        assert_eq!(first.recipient.as_str(), "police_emergency");
        assert!(first.mandatory);
        assert_eq!(p.severity, 5);
        // 999 replaces a separate 101 referral.
        assert!(
            !p.steps.iter().any(|s| s.action == "refer_to_police"),
            "{tag}"
        );
    }
}

#[test]
fn youth_nudes_without_triggers_stay_internal() {
    let p = plan(
        json!({"reporter": "all_staff", "subjects": [{"role": "pupil", "year_group": 10}],
        "alleged": "pupil", "device": "personal", "facts": {"image_involved": true}, "tags": ["nudes_u18"]}),
    );
    assert_eq!(p.category, Category::NudesU18);
    assert!(p.ukcis_triggers.is_empty());
    assert!(
        external_mandatory(&p).is_empty(),
        "{:?}",
        external_mandatory(&p)
    );
    assert!(
        p.steps
            .iter()
            .any(|s| s.action == "record_decision_not_to_refer" && s.mandatory)
    );
    assert!(
        p.steps
            .iter()
            .any(|s| s.action == "hold_initial_review_meeting" && s.mandatory)
    );
    for f in [
        "delete_before_dsl_decision",
        "tell_other_parents",
        "view_image",
    ] {
        assert!(p.forbidden_ids().contains(&f), "{f}");
    }
}

#[test]
fn consulting_the_police_under_r4_is_not_a_referral() {
    let p = plan(
        json!({"reporter": "all_staff", "subjects": [{"role": "pupil", "age": 15}],
        "alleged": "pupil", "facts": {"image_involved": true, "other_schools_involved": true},
        "tags": ["nudes_u18"]}),
    );
    let consult = p
        .steps
        .iter()
        .any(|s| s.action == "consult_police_before_sharing" && s.mandatory);
    assert!(consult);
    let record = p
        .steps
        .iter()
        .find(|s| s.action == "record_decision_not_to_refer")
        .expect("the decision not to refer is still recorded");
    let note = record.note.as_deref().expect("the record carries a note");
    assert!(note.contains("(R4) is advice, not a referral"), "{note}");
}

#[test]
fn each_ukcis_trigger_refers_immediately() {
    let cases = [
        (json!({"adult_involved": true}), "a"),
        (json!({"coercion_or_blackmail": true}), "b"),
        (json!({"capacity_to_consent_concern": true}), "b"),
        (json!({"violence_depicted": true}), "c"),
        (json!({"unusual_sexual_act": true}), "c"),
        (
            json!({"sexual_act_depicted": true, "under_13_involved": true}),
            "d",
        ),
        (json!({"risk_of_self_harm": true}), "e"),
    ];
    for (facts, letter) in cases {
        let mut facts = facts;
        facts["image_involved"] = json!(true);
        let p = plan(
            json!({"subjects": [{"role": "pupil", "age": 14}], "alleged": "pupil", "facts": facts, "tags": ["nudes_u18"]}),
        );
        assert!(
            p.ukcis_triggers.iter().any(|t| t.as_str() == letter),
            "{letter}: {:?}",
            p.ukcis_triggers
        );
        let police = p
            .steps
            .iter()
            .find(|s| s.action == "refer_to_police")
            .unwrap_or_else(|| panic!("{letter}"));
        assert!(police.mandatory);
        assert_eq!(police.deadline, Deadline::Immediately);
        assert!(
            police
                .source
                .contains(&format!("UKCIS nudes 2024 trigger ({letter})")),
            "{}",
            police.source
        );
    }
}

#[test]
fn year_group_thirteen_is_not_under_13_but_year_seven_is() {
    let under = plan(
        json!({"subjects": [{"role": "pupil", "year_group": "Y7"}], "alleged": "pupil",
        "facts": {"image_involved": true, "sexual_act_depicted": true}, "tags": ["nudes_u18"]}),
    );
    assert!(
        under
            .ukcis_triggers
            .contains(&UkcisTrigger::SexualActUnder13)
    );
    let over = plan(
        json!({"subjects": [{"role": "pupil", "year_group": 11}], "alleged": "pupil",
        "facts": {"image_involved": true, "sexual_act_depicted": true}, "tags": ["nudes_u18"]}),
    );
    assert!(over.ukcis_triggers.is_empty());
}

#[test]
fn an_age_and_a_year_group_that_disagree_protect_the_pupil() {
    let nudes = |subject: serde_json::Value| {
        plan(json!({"subjects": [subject], "alleged": "pupil",
            "facts": {"image_involved": true, "sexual_act_depicted": true}, "tags": ["nudes_u18"]}))
    };
    // Aged 15 but in Year 6: either reading of under 13 counts, and the plan says so.
    let p = nudes(json!({"role": "pupil", "age": 15, "year_group": 6}));
    assert!(p.ukcis_triggers.contains(&UkcisTrigger::SexualActUnder13));
    assert!(
        p.warnings
            .iter()
            .any(|w| w.contains("age 15 and year group 6 disagree"))
    );
    // A year either side agrees: no warning, the age decides.
    let p = nudes(json!({"role": "pupil", "age": 13, "year_group": 8}));
    assert!(p.ukcis_triggers.is_empty());
    assert!(!p.warnings.iter().any(|w| w.contains("disagree")));
    // "Aged 19" in Year 6 is not read as an adult pupil.
    let p = nudes(json!({"role": "pupil", "age": 19, "year_group": 6}));
    assert!(!p.warnings.iter().any(|w| w.contains("is an adult")));
    assert!(p.ukcis_triggers.contains(&UkcisTrigger::SexualActUnder13));
}

#[test]
fn headteacher_allegation_goes_to_chair_then_lado() {
    let p = plan(
        json!({"reporter": "all_staff", "subjects": [{"role": "pupil", "age": 9}], "alleged": "headteacher",
        "tags": ["staff_allegation"]}),
    );
    assert_eq!(p.category, Category::StaffAllegation);
    let m = mandatory(&p);
    let chair = m.iter().position(|s| s.1 == "chair_of_governors").unwrap();
    let lado = m.iter().position(|s| s.1 == "lado").unwrap();
    assert!(chair < lado);
    assert_eq!(m[lado].2, Deadline::Within1WorkingDay);
    assert!(!m.iter().any(|s| s.1 == "headteacher"));
    assert!(p.forbidden_ids().contains(&"inform_alleged_staff_member"));
    assert!(p.forbidden_ids().contains(&"investigate_before_lado"));
    assert_eq!(external_mandatory(&p), vec!["lado"]);
}

#[test]
fn head_as_subject_in_a_head_is_dsl_school_uses_the_deputy() {
    let p = plan_with(
        json!({"subjects": [{"role": "headteacher"}, {"role": "pupil", "age": 8}], "alleged": "staff", "tags": ["staff_allegation"]}),
        "ely",
    );
    let m = mandatory(&p);
    assert!(m.iter().any(|s| s.1 == "chair_of_governors"));
    assert!(m.iter().any(|s| s.1 == "deputy_dsl"));
    assert!(!m.iter().any(|s| s.1 == "dsl" || s.1 == "headteacher"));
}

#[test]
fn staff_image_offence_goes_police_first_and_quarantines() {
    let p = plan(
        json!({"subjects": [{"role": "pupil", "age": 12}], "alleged": "staff", "device": "school",
        "facts": {"image_involved": true, "criminal_offence_suspected": true}, "tags": ["staff_allegation"]}),
    );
    assert_eq!(p.category, Category::StaffAllegation);
    assert!(p.secondary.contains(&Category::Csam));
    let m = mandatory(&p);
    let police = m
        .iter()
        .position(|s| s.1 == "police_non_emergency")
        .unwrap();
    let lado = m.iter().position(|s| s.1 == "lado").unwrap();
    assert!(police < lado);
    assert!(m.iter().any(|s| s.0 == "quarantine_devices"));
}

#[test]
fn no_school_investigation_of_a_staff_allegation() {
    let p = plan(
        json!({"subjects": [{"role": "pupil", "age": 12}], "alleged": "staff", "tags": ["cyberbullying"]}),
    );
    assert_eq!(p.category, Category::StaffAllegation);
    assert!(p.secondary.contains(&Category::Cyberbullying));
    assert!(
        !p.steps
            .iter()
            .any(|s| s.action == "preserve_evidence_two_staff_one_computer"
                || s.action == "identify_those_involved")
    );
    assert!(p.forbidden_ids().contains(&"investigate_before_lado"));
}

#[test]
fn low_level_concern_stays_low_level() {
    let p = plan(
        json!({"subjects": [{"role": "all_staff"}], "alleged": "staff", "tags": ["staff_low_level_concern"]}),
    );
    assert_eq!(p.category, Category::StaffLowLevelConcern);
    assert!(external_mandatory(&p).is_empty());
    assert_eq!(p.inform_parents, ParentNotification::No);
}

#[test]
fn suicide_term_out_of_hours() {
    let at = chrono::DateTime::parse_from_rfc3339("2025-11-28T19:40:00+00:00").unwrap();
    let incident = draft_incident(&Alert::term("suicide", 5, at).with_age(13))
        .unwrap()
        .unwrap();
    let p = escalate(&incident, &SchoolProfile::national());
    assert_eq!(p.category, Category::SelfHarmSuicide);
    assert_eq!(p.severity, 5);
    assert!(p.out_of_hours);
    assert!(
        p.steps
            .iter()
            .any(|s| s.action == "alert_out_of_hours_contact" && s.mandatory)
    );
    assert!(has_step(&p, "police_emergency", false));
    assert!(external_mandatory(&p).is_empty());
    assert!(p.forbidden_ids().contains(&"leave_alert_unread"));
}

#[test]
fn csam_url_goes_to_iwf_and_police() {
    let at = chrono::DateTime::parse_from_rfc3339("2025-11-26T10:00:00+00:00").unwrap();
    let incident = draft_incident(&Alert::filter_block(
        "illegal.csam",
        "http://bad.test/x",
        at,
    ))
    .unwrap()
    .unwrap();
    let p = escalate(&incident, &SchoolProfile::national());
    assert_eq!(p.category, Category::Csam);
    assert_eq!(external_mandatory(&p), vec!["iwf", "police_non_emergency"]);
}

#[test]
fn incidental_exposure_differs_between_whitwell_and_kilby() {
    let v = json!({"reporter": "all_staff", "subjects": [{"role": "all_staff"}], "device": "school",
        "facts": {"incidental_exposure": true}, "tags": ["csam"],
        "hits": [{"kind": "url", "category": "illegal.csam", "url": "http://x.test/"}]});
    let whitwell = plan_with(v.clone(), "whitwell");
    assert_eq!(external_mandatory(&whitwell), vec!["iwf"]);
    assert!(
        whitwell
            .steps
            .iter()
            .any(|s| s.action == "delete_incidental_copies" && s.mandatory)
    );
    let kilby = plan_with(v, "kilby");
    // Kilby also informs the Education Safeguarding Service of serious incidents; the
    // LADO only must hear of it when an adult at the school is the subject (issue 15).
    assert_eq!(
        external_mandatory(&kilby),
        vec!["iwf", "la_education_safeguarding", "police_non_emergency"]
    );
    assert!(has_step(&kilby, "lado", false));
}

#[test]
fn russell_house_tells_the_head_first_about_images() {
    let p = plan_with(
        json!({"reporter": "all_staff", "subjects": [{"role": "pupil", "age": 14}], "alleged": "pupil", "device": "personal",
            "facts": {"image_involved": true}, "tags": ["nudes_u18"]}),
        "russell_house",
    );
    let m = mandatory(&p);
    let head = m.iter().position(|s| s.1 == "headteacher").unwrap();
    let dsl = m.iter().position(|s| s.1 == "dsl").unwrap();
    assert!(head < dsl);
    assert!(
        p.steps
            .iter()
            .any(|s| s.action == "call_parents_if_search_refused")
    );
    let record = p
        .steps
        .iter()
        .find(|s| s.action == "record_incident")
        .unwrap();
    assert!(record.note.as_deref().unwrap_or("").contains("CPOMS"));
}

#[test]
fn hacking_route_is_local() {
    let v = json!({"subjects": [{"role": "pupil", "age": 11}], "alleged": "pupil", "tags": ["cybercrime"]});
    assert_eq!(
        external_mandatory(&plan_with(v.clone(), "whitwell")),
        vec!["cyber_choices_rocu"]
    );
    assert_eq!(
        external_mandatory(&plan_with(v, "highgate")),
        vec!["police_non_emergency"]
    );
}

#[test]
fn other_schools_means_police_first_then_la() {
    let p = plan_with(
        json!({"subjects": [{"role": "pupil", "age": 12}], "alleged": "pupil", "facts": {"other_schools_involved": true},
            "tags": ["cyberbullying"]}),
        "whitwell",
    );
    let m = mandatory(&p);
    let police = m
        .iter()
        .position(|s| s.1 == "police_non_emergency")
        .unwrap();
    let la = m
        .iter()
        .position(|s| s.1 == "la_education_safeguarding")
        .unwrap();
    assert!(police < la);
}

#[test]
fn contacts_come_from_the_profile_and_flagged_ones_are_not_used() {
    let v = json!({"subjects": [{"role": "pupil", "age": 9}], "alleged": "staff", "tags": ["staff_allegation"]});
    let whitwell = plan_with(v.clone(), "whitwell");
    let lado = whitwell
        .steps
        .iter()
        .find(|s| s.recipient.as_str() == "lado")
        .unwrap();
    assert!(
        lado.contact
            .as_ref()
            .unwrap()
            .email
            .as_deref()
            .unwrap()
            .contains("derbyshire")
    );
    let kilby_profile = SchoolProfile::preset("kilby").unwrap();
    assert!(
        kilby_profile
            .warnings
            .iter()
            .any(|w| w.code == "contact_area_mismatch" && w.message.contains("Somerset"))
    );
    assert!(
        kilby_profile
            .contact(Recipient::External(ExternalContact::CscFrontDoor))
            .is_none()
    );
    let national = plan(v);
    let lado = national
        .steps
        .iter()
        .find(|s| s.recipient.as_str() == "lado")
        .unwrap();
    assert!(lado.contact.is_none());
    assert!(!national.warnings.is_empty());
}

#[test]
fn every_preset_loads() {
    for name in PRESET_NAMES {
        let p = SchoolProfile::preset(name).unwrap();
        assert_eq!(&p.id, name);
        assert_eq!(
            p.contact(Recipient::External(ExternalContact::PoliceEmergency))
                .unwrap()
                .phone
                .as_deref(),
            Some("999")
        );
    }
    assert!(
        SchoolProfile::preset("national")
            .unwrap()
            .warnings
            .is_empty()
    );
    assert_eq!(
        SchoolProfile::preset("hogwarts").unwrap_err().code(),
        "incident_unknown_preset"
    );
}

#[test]
fn profile_errors_name_file_and_key() {
    let e =
        SchoolProfile::from_text("s.toml", "[contacts.lado]\nphone = \"call me\"\n").unwrap_err();
    assert_eq!(e.code(), "incident_invalid_value");
    assert_eq!(e.field(), Some("contacts.lado.phone"));
    assert_eq!(e.file(), Some("s.toml"));
    assert!(e.to_string().contains("`s.toml`"));
    let e = SchoolProfile::from_text("s.toml", "[settings]\nsearch = \"dfe\"\n").unwrap_err();
    assert_eq!(e.code(), "incident_unknown_field");
    assert_eq!(e.field(), Some("settings.search"));
    let e = SchoolProfile::from_text("s.toml", "id = \"x\"\nname = \n").unwrap_err();
    assert_eq!(e.code(), "incident_syntax");
    assert!(matches!(e, IncidentError::Syntax { line: 2, .. }), "{e:?}");
    let e = SchoolProfile::from_text(
        "s.json",
        "{\"contacts\": {\"police_emergency\": {\"phone\": \"112\"}}}",
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("contacts.police_emergency.phone"));
    let e = SchoolProfile::from_text("s.json", "{\"contacts\": {\"mi5\": {\"phone\": \"1\"}}}")
        .unwrap_err();
    assert_eq!(e.field(), Some("contacts.mi5"));
}

#[test]
fn profile_json_and_toml_agree() {
    let toml = "id = \"x\"\nlocal_authority = \"Kent\"\n[settings]\nhead_is_dsl = true\n[contacts.lado]\nemail = \"lado@kent.test\"\narea = \"Kent\"\n";
    let json = r#"{"id": "x", "local_authority": "Kent", "settings": {"head_is_dsl": true},
        "contacts": {"lado": {"email": "lado@kent.test", "area": "Kent"}}}"#;
    let a = SchoolProfile::from_text("x.toml", toml).unwrap();
    let b = SchoolProfile::from_text("x.json", json).unwrap();
    assert_eq!(a.contacts, b.contacts);
    assert_eq!(a.settings, b.settings);
}

#[test]
fn incident_errors_name_the_field() {
    let cases = [
        (
            json!({"facts": {"adult": true}}),
            "incident_unknown_field",
            "facts.adult",
        ),
        (json!({"colour": "red"}), "incident_unknown_field", "colour"),
        (
            json!({"alleged": "martian"}),
            "incident_invalid_value",
            "alleged",
        ),
        (
            json!({"reporter": "janitor"}),
            "incident_invalid_value",
            "reporter",
        ),
        (
            json!({"subjects": [{"role": "pupil", "age": "ten"}]}),
            "incident_invalid_value",
            "subjects[0].age",
        ),
        (
            json!({"subjects": [{"role": "pupil", "year_group": "year twelve"}]}),
            "incident_invalid_value",
            "subjects[0].year_group",
        ),
        (
            json!({"subjects": [{"age": 9}]}),
            "incident_missing_field",
            "subjects[0].role",
        ),
        (
            json!({"subjects": [{"role": "pupil", "shoe": 9}]}),
            "incident_unknown_field",
            "subjects[0].shoe",
        ),
        (
            json!({"facts": {"adult_involved": "yes"}}),
            "incident_invalid_value",
            "facts.adult_involved",
        ),
        (
            json!({"reported_at": "yesterday"}),
            "incident_invalid_value",
            "reported_at",
        ),
        (
            json!({"hits": [{"kind": "url", "category": "made_up"}]}),
            "incident_invalid_value",
            "hits[0].category",
        ),
        (
            json!({"location": "moon"}),
            "incident_invalid_value",
            "location",
        ),
        (
            json!({"device": "borrowed"}),
            "incident_invalid_value",
            "device",
        ),
        (json!({"tags": [1]}), "incident_invalid_value", "tags[0]"),
    ];
    for (v, code, field) in cases {
        let e = Incident::from_json_value(&v).unwrap_err();
        assert_eq!(e.code(), code, "{v}");
        assert_eq!(e.field(), Some(field), "{v}");
        assert!(e.to_string().contains(field), "{e}");
        assert_eq!(e.domain(), "incident");
    }
}

#[test]
fn reported_at_without_offset_is_read_as_utc() {
    let i = Incident::from_json_value(
        &json!({"reported_at": "2025-11-28T19:40:00", "subjects": [{"role": "pupil"}]}),
    )
    .unwrap();
    assert_eq!(
        i.reported_at.unwrap().to_rfc3339(),
        "2025-11-28T19:40:00+00:00"
    );
    let p = plan(
        json!({"reported_at": "2025-11-28 19:40:00", "subjects": [{"role": "pupil", "age": 13}], "tags": ["self_harm_suicide"]}),
    );
    assert!(p.out_of_hours);
}

#[test]
fn nulls_are_absent_and_free_tags_are_kept() {
    let i = Incident::from_json_value(
        &json!({"device": null, "facts": {"deliberate": null}, "tags": ["online_game"]}),
    )
    .unwrap();
    assert_eq!(i.device, None);
    assert!(!i.facts.deliberate);
    assert_eq!(i.tags, vec!["online_game"]);
}

#[test]
fn pipeline_rejects_unknown_and_drafts_benign_for_triage() {
    let at = chrono::DateTime::parse_from_rfc3339("2025-11-26T10:00:00+00:00").unwrap();
    let games = draft_incident(&Alert::filter_block("games", "http://g.test/", at))
        .unwrap()
        .unwrap();
    let p = escalate(&games, &SchoolProfile::national());
    assert_eq!(p.category, Category::InappropriateContentAccidental);
    assert!(p.reasons.iter().any(|r| r.rule == "monitoring_hit_triage"));
    let e = draft_incident(&Alert::term("quux", 3, at)).unwrap_err();
    assert_eq!(e.field(), Some("category"));
    let e = draft_incident(&Alert::term("suicide", 9, at)).unwrap_err();
    assert_eq!(e.field(), Some("severity"));
}

fn arb_incident() -> impl Strategy<Value = Value> {
    let fact = proptest::sample::subsequence(FACT_NAMES.to_vec(), 0..6);
    let tags = proptest::sample::subsequence(Category::IDS.to_vec(), 0..3);
    let alleged = proptest::sample::select(vec![
        "pupil",
        "staff",
        "headteacher",
        "parent",
        "adult_outside",
        "unknown",
    ]);
    let device = proptest::sample::select(vec!["school", "personal"]);
    let age = 4u8..18;
    (fact, tags, alleged, device, age).prop_map(|(facts, tags, alleged, device, age)| {
        let facts: serde_json::Map<String, Value> = facts
            .into_iter()
            .map(|f| (f.to_owned(), json!(true)))
            .collect();
        json!({"subjects": [{"role": "pupil", "age": age}], "alleged": alleged, "device": device,
               "facts": facts, "tags": tags, "reported_at": "2025-11-26T08:30:00+00:00"})
    })
}

proptest! {
    /// Deadlines never go backwards; mandatory steps come with a source.
    #[test]
    fn steps_are_ordered_and_sourced(v in arb_incident()) {
        let p = plan(v);
        for pair in p.steps.windows(2) {
            prop_assert!(pair[0].deadline <= pair[1].deadline);
        }
        for s in &p.steps {
            prop_assert!(!s.source.is_empty());
        }
        prop_assert!(p.steps.iter().any(|s| s.action == "record_incident" && s.mandatory));
        prop_assert!(p.steps.iter().any(|s| s.action == "debrief_lessons_learnt" && s.mandatory));
        prop_assert!((1..=5).contains(&p.severity));
    }

    /// Immediate danger means 999 first; an allegation about the head never goes to the head.
    #[test]
    fn safety_invariants(v in arb_incident()) {
        let incident = Incident::from_json_value(&v).unwrap();
        let p = escalate(&incident, &SchoolProfile::national());
        if incident.facts.immediate_danger {
            prop_assert_eq!(p.steps[0].action.as_str(), "call_999");
        }
        if incident.alleged == Some(Alleged::Headteacher) && p.has_staff_route() {
            prop_assert!(p.mandatory_steps().any(|s| s.recipient.as_str() == "chair_of_governors"));
            prop_assert!(!p.mandatory_steps().any(|s| s.recipient.as_str() == "headteacher"));
        }
        if p.category == Category::NudesU18 || p.secondary.contains(&Category::NudesU18) {
            prop_assert!(p.forbidden.contains(&ForbiddenAction::ViewImage));
        }
    }

    /// The incident dict round-trips.
    #[test]
    fn incident_round_trips(v in arb_incident()) {
        let a = Incident::from_json_value(&v).unwrap();
        let b = Incident::from_json_value(&a.to_json_value()).unwrap();
        prop_assert_eq!(a, b);
    }

    /// Arbitrary JSON never panics the reader.
    #[test]
    fn reader_never_panics(s in "\\PC{0,120}") {
        let _ = Incident::from_json_str(&s);
        let _ = SchoolProfile::from_text("x.toml", &s);
    }
}

impl Plan {
    fn has_staff_route(&self) -> bool {
        self.category == Category::StaffAllegation
            || self.secondary.contains(&Category::StaffAllegation)
            || self.category == Category::StaffLowLevelConcern
    }
}

#[test]
fn every_filter_and_scanner_category_drafts_with_a_plan() {
    let at = chrono::DateTime::parse_from_rfc3339("2025-11-26T10:00:00+00:00").unwrap();
    let profile = SchoolProfile::national();
    for c in crate::filter::NAMED_CATEGORIES {
        let mapped = crate::incident::from_filter(c).category().unwrap();
        let draft = draft_incident(&Alert::filter_block(c.as_str(), "http://x.test/", at))
            .unwrap()
            .unwrap();
        let p = escalate(&draft, &profile);
        assert!(
            p.has_category(mapped),
            "{c}: {} {:?}",
            p.category,
            p.secondary
        );
        assert!(!p.steps.is_empty(), "{c}");
    }
    for c in crate::scanner::Category::ALL {
        let mapped = crate::incident::from_scanner(&c).category().unwrap();
        let draft = draft_incident(&Alert::term(c.as_str(), 3, at))
            .unwrap()
            .unwrap();
        let p = escalate(&draft, &profile);
        assert!(
            p.has_category(mapped),
            "{c}: {} {:?}",
            p.category,
            p.secondary
        );
        assert!(!p.steps.is_empty(), "{c}");
    }
}

#[test]
fn unknown_tags_and_empty_incidents_are_refused() {
    for (tag, near) in [
        ("self-harm", "self_harm_suicide"),
        ("Cyberbullying", "cyberbullying"),
    ] {
        let e = Incident::from_json_value(&json!({"subjects": [{"role": "pupil"}], "tags": [tag]}))
            .unwrap_err();
        assert_eq!(e.code(), "incident_unknown_tag");
        assert_eq!(e.field(), Some("tags[0]"));
        let text = e.to_string();
        assert!(text.contains(&format!("did you mean `{near}`")), "{text}");
        assert!(
            text.contains("online_game") && text.contains("csam"),
            "{text}"
        );
    }
    // Category ids with spaces around them still work.
    let i = Incident::from_json_value(&json!({"tags": [" csam "]})).unwrap();
    assert_eq!(i.tags, vec!["csam"]);
    let e = Incident::from_json_value(&json!({})).unwrap_err();
    assert_eq!(e.code(), "incident_empty");
    let e = Incident::from_json_value(
        &json!({"reporter": "all_staff", "facts": {"deliberate": false}}),
    )
    .unwrap_err();
    assert_eq!(e.code(), "incident_empty");
}

#[test]
fn pupil_ages_are_checked_and_adult_pupils_are_not_nudes_u18() {
    for age in [0, 1, 20, 40] {
        let e = Incident::from_json_value(&json!({"subjects": [{"role": "pupil", "age": age}]}))
            .unwrap_err();
        assert_eq!(e.code(), "incident_age_out_of_range", "{age}");
        assert_eq!(e.field(), Some("subjects[0].age"));
    }
    // A member of staff may be any age.
    Incident::from_json_value(&json!({"subjects": [{"role": "all_staff", "age": 40}]})).unwrap();
    let p = plan(
        json!({"subjects": [{"role": "pupil", "age": 19}], "alleged": "pupil",
        "facts": {"image_involved": true}, "tags": ["nudes_u18"]}),
    );
    assert_eq!(p.category, Category::OnlineSexualHarassment);
    assert!(p.ukcis_triggers.is_empty());
    assert!(
        p.warnings.iter().any(|w| w.contains("aged 19 is an adult")),
        "{:?}",
        p.warnings
    );
    // Without the tag, the image rule reaches the same answer.
    let p = plan(
        json!({"subjects": [{"role": "pupil", "age": 18}], "alleged": "pupil",
        "facts": {"image_involved": true}}),
    );
    assert_eq!(p.category, Category::OnlineSexualHarassment);
    // A 17-year-old is a child: UKCIS.
    let p = plan(
        json!({"reporter": "all_staff", "subjects": [{"role": "pupil", "age": 17}],
        "alleged": "pupil", "facts": {"image_involved": true}, "tags": ["nudes_u18"]}),
    );
    assert_eq!(p.category, Category::NudesU18);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

#[test]
fn drafts_from_match_and_decision_dicts() {
    use crate::incident::draft_incident_json;
    let m = json!({"term": "x", "category": "abuse", "severity": 4, "list_severity": 4,
        "start": 0, "end": 1, "matched_text": "x", "source": "default.tsv:1"});
    let i = draft_incident_json(&m, None).unwrap().unwrap();
    let p = escalate(&i, &SchoolProfile::national());
    assert_eq!(p.category, Category::GroomingCse);
    assert_eq!(p.inform_parents.as_str(), "unless_risk");
    assert!(p.warnings.iter().any(|w| w.starts_with("reported_at")));
    let d = json!({"verdict": "allow", "url": "http://x.test/", "host": "x.test", "audience": "ks2",
        "categories": ["blogs", "ut1:bank"], "rule": "policy:ks2.allow", "reason": "r", "source": "s",
        "matches": [], "search_terms": null, "rewrite": null, "safe_search": null, "lookalike": null});
    let ctx = json!({"at": "2025-11-26T10:00:00+00:00", "age": 12});
    let i = draft_incident_json(&d, Some(&ctx)).unwrap().unwrap();
    assert_eq!(i.tags, vec!["filter_alert"]);
    assert_eq!(i.hits.len(), 2);
    assert_eq!(i.subjects[0].age, Some(12));
    let p = escalate(&i, &SchoolProfile::national());
    assert!(
        p.warnings.iter().any(|w| w.contains("ut1:bank")),
        "{:?}",
        p.warnings
    );
    let e = draft_incident_json(
        &json!({"verdict": "block", "categories": ["gamblng"]}),
        None,
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("categories[0]"));
    assert!(e.to_string().contains("did you mean `gambling`"), "{e}");
    let e = draft_incident_json(&m, Some(&json!({"colour": "red"}))).unwrap_err();
    assert_eq!(e.field(), Some("context.colour"));
    let e = draft_incident_json(&m, Some(&json!({"age": 1}))).unwrap_err();
    assert_eq!(e.code(), "incident_age_out_of_range");
}

#[test]
fn a_match_the_scanner_did_not_flag_drafts_with_a_warning_that_says_so() {
    use crate::incident::draft_incident_json;
    // "i dont hate muslims": the scanner lowers the match below the flag (negated).
    let m = json!({"term": "{hatred} ~2 {identity}", "category": "hate_speech", "severity": 3,
        "list_severity": 3, "start": 7, "end": 19, "matched_text": "hate muslims",
        "source": "default.tsv:1120", "pattern": "hatred_of_identity",
        "slots": {"hatred": "hate", "identity": "muslims"}, "context": ["negated"],
        "confidence": 0.3, "possible_name": false});
    let ctx = json!({"at": "2025-11-26T10:00:00+00:00", "age": 13});
    let i = draft_incident_json(&m, Some(&ctx)).unwrap().unwrap();
    assert_eq!(i.hits[0].confidence, Some(0.3));
    assert_eq!(
        i.hits[0].context,
        vec![crate::scanner::context::ContextCue::Negated]
    );
    // The hit keeps how the scanner judged it through the incident's JSON.
    let again = Incident::from_json_value(&i.to_json_value()).unwrap();
    assert_eq!(again.hits, i.hits);
    let p = escalate(&i, &SchoolProfile::national());
    let said = |p: &Plan| p.warnings.iter().any(|w| w.contains("did not flag"));
    assert!(said(&p), "{:?}", p.warnings);
    assert!(
        p.warnings
            .iter()
            .any(|w| w.contains("confidence 0.30, context: negated")),
        "{:?}",
        p.warnings
    );
    // A flagged match (or one with no confidence given) draws no such warning.
    let mut flagged = m.clone();
    flagged["confidence"] = json!(1.0);
    flagged["context"] = json!([]);
    let i = draft_incident_json(&flagged, Some(&ctx)).unwrap().unwrap();
    assert!(!said(&escalate(&i, &SchoolProfile::national())));
    // A confidence or cue the scanner cannot give is refused, naming the field.
    for (key, bad, field) in [
        ("confidence", json!(1.5), "confidence"),
        ("confidence", json!("high"), "confidence"),
        ("context", json!(["sarcastic"]), "context[0]"),
    ] {
        let mut odd = m.clone();
        odd[key] = bad;
        let e = draft_incident_json(&odd, Some(&ctx)).unwrap_err();
        assert_eq!(e.field(), Some(field), "{e}");
    }
}

#[test]
fn a_school_lists_own_category_becomes_a_draft_for_the_dsl() {
    use crate::incident::draft_incident_json;
    // A match of a school's own list category, as `Match.to_dict()` gives it.
    let m = json!({"term": "vape pen", "category": "vaping", "severity": 4, "list_severity": 4,
        "start": 0, "end": 8, "matched_text": "vape pen", "source": "school.tsv:3"});
    let i = draft_incident_json(&m, None).unwrap().unwrap();
    assert_eq!(i.hits[0].category, "list:vaping");
    let p = escalate(&i, &SchoolProfile::national());
    assert!(
        p.warnings.iter().any(|w| w.contains("list:vaping")),
        "{:?}",
        p.warnings
    );
    assert!(p.reasons.iter().any(|r| r.rule == "monitoring_hit_triage"));
    // The list's severity is all the library knows of it: the plan is never less urgent.
    assert_eq!(p.severity, 4);
    // An id the library knows keeps its meaning; `games` is a filter id the scanner would
    // also accept as a list's own.
    let games = json!({"term": "x", "category": "games", "severity": 1, "list_severity": 1,
        "start": 0, "end": 1, "matched_text": "x", "source": "s"});
    let i = draft_incident_json(&games, None).unwrap().unwrap();
    assert_eq!(i.hits[0].category, "games");
    // A hand-written alert must say `list:` itself: a bare unknown id stays an error, and
    // `list:` holds only what the scanner accepts as a list's own id.
    for bad in ["vaping", "list:Vaping!", "list:drugz", "list:"] {
        let alert = json!({"kind": "term", "category": bad, "severity": 3});
        let e = draft_incident_json(&alert, None).unwrap_err();
        assert_eq!(e.field(), Some("category"), "{bad}");
    }
    let alert = json!({"kind": "term", "category": "list:vaping", "severity": 3});
    assert!(draft_incident_json(&alert, None).unwrap().is_some());
    let url = json!({"kind": "url", "category": "list:vaping", "url": "http://x.test/"});
    assert!(draft_incident_json(&url, None).is_err());
    // An own id under a known category takes that category's route as it is.
    let cutting = json!({"term": "cutting myself", "category": "self_harm.cutting", "severity": 4,
        "list_severity": 4, "start": 0, "end": 14, "matched_text": "cutting myself", "source": "s"});
    let i = draft_incident_json(&cutting, None).unwrap().unwrap();
    assert_eq!(i.hits[0].category, "self_harm.cutting");
    assert!(i.facts.risk_of_self_harm);
    let p = escalate(&i, &SchoolProfile::national());
    assert_eq!(p.category, Category::SelfHarmSuicide);
    assert!(
        p.warnings.iter().all(|w| !w.contains("cannot interpret")),
        "{:?}",
        p.warnings
    );
    let unknown_parent = json!({"kind": "term", "category": "nope.cutting", "severity": 3});
    assert!(draft_incident_json(&unknown_parent, None).is_err());
}

#[test]
fn out_of_hours_reads_the_school_clock_not_the_reporters_offset() {
    // 16:30 UTC in June is 17:30 in England: after the school day (08:00–17:00).
    let summer_evening = json!({"subjects": [{"role": "pupil", "age": 13}], "tags": ["self_harm_suicide"],
        "reported_at": "2026-06-01T16:30:00Z"});
    assert!(plan(summer_evening).out_of_hours);
    // 07:30 UTC in June is 08:30 in England: school time, although the report says UTC.
    let summer_morning = json!({"subjects": [{"role": "pupil", "age": 13}], "tags": ["self_harm_suicide"],
        "reported_at": "2026-06-01T07:30:00Z"});
    assert!(!plan(summer_morning).out_of_hours);
    // 18:30 in New York is 23:30 in England: out of hours, although 18:30 looks like evening
    // only to the reporter; 03:30 in New York (08:30 in England) is school time.
    let from_new_york = json!({"subjects": [{"role": "pupil", "age": 13}], "tags": ["self_harm_suicide"],
        "reported_at": "2026-01-12T03:30:00-05:00"});
    assert!(!plan(from_new_york).out_of_hours);
}

mod contradictions;
mod fgm;
mod follow_up;
mod low_level;
mod no_category;
mod out_of_hours_csc;
mod procedures;
mod r4_consultation;
mod seams;
mod supply_staff;
mod threat_fact;

/// A disclosure naming a parent, or another adult of the family: the family is told only
/// as children's social care agree.
#[test]
fn a_match_naming_a_parent_waits_for_social_care() {
    for (abuser, alleged) in [
        ("dad", Alleged::Parent),
        ("mums boyfriend", Alleged::Family),
        ("grandad", Alleged::Family),
    ] {
        let m = json!({"category": "abuse", "severity": 4, "list_severity": 4, "start": 0,
            "end": 13, "matched_text": format!("my {abuser} hit me"),
            "term": "(my|our) {abuser} {hurts} (me|us)", "pattern": "abuse_disclosure_physical",
            "slots": {"abuser": abuser, "hurts": "hit"}});
        let incident = draft_incident_json(&m, None).unwrap().unwrap();
        assert_eq!(incident.alleged, Some(alleged), "{abuser}");
        let p = escalate(&incident, &SchoolProfile::national());
        let step = p
            .steps
            .iter()
            .find(|s| s.action.as_str() == "inform_parents_unless_risk")
            .unwrap();
        assert!(
            step.note
                .as_deref()
                .is_some_and(|n| n.contains("children's social care")),
            "{abuser}: {:?}",
            step.note
        );
    }
    // The same disclosure about "my coach" names no one the plan can route by.
    let coach = json!({"category": "abuse", "severity": 4, "matched_text": "my coach hit me",
        "slots": {"abuser": "coach", "hurts": "hit"}});
    let incident = draft_incident_json(&coach, None).unwrap().unwrap();
    assert_eq!(incident.alleged, None);
}

/// A `{staff}` slot names an adult at the school whatever word filled it: "sir added me on
/// snapchat" drafts an allegation against staff; a head teacher named by it is the head.
#[test]
fn a_staff_slot_alleges_staff_whatever_its_word() {
    for (word, alleged) in [
        ("sir", Alleged::Staff),
        ("mr", Alleged::Staff),
        ("tutor", Alleged::Staff),
        ("head teacher", Alleged::Headteacher),
    ] {
        let m = json!({"category": "grooming", "severity": 4, "start": 0, "end": 30,
            "matched_text": format!("{word} added me on snapchat"),
            "pattern": "staff_contact_on_social_media", "slots": {"staff": word}});
        let incident = draft_incident_json(&m, None).unwrap().unwrap();
        assert_eq!(incident.alleged, Some(alleged), "{word}");
    }
    // A slot of another name is read by its word alone.
    let m = json!({"category": "grooming", "severity": 4, "matched_text": "my sir",
        "slots": {"helper": "sir"}});
    assert_eq!(
        draft_incident_json(&m, None).unwrap().unwrap().alleged,
        None
    );
}

#[test]
fn a_parent_alleged_by_hand_is_told_only_what_social_care_agrees() {
    for alleged in ["parent", "family"] {
        let p = plan(json!({
            "reporter": "all_staff", "reported_at": "2026-03-02T10:00:00Z",
            "subjects": [{"role": "pupil", "age": 11}], "tags": ["grooming_cse"], "alleged": alleged
        }));
        let step = p
            .steps
            .iter()
            .find(|s| s.action.as_str() == "inform_parents_unless_risk")
            .expect("parents step");
        let note = step
            .note
            .as_deref()
            .expect("the parents step carries a note");
        assert!(
            note.contains("agree with children's social care"),
            "{alleged}: {note}"
        );
    }
}

/// A typed threat ("going to shoot up the school", "bringing a knife to school") is a
/// threat to others handled as cyberbullying with an offence suspected (police), never the
/// sanctions plan for content a pupil went looking for; the bare word stays that plan.
#[test]
fn a_typed_threat_drafts_a_police_matter_not_sanctions() {
    use crate::incident::draft_incident_json;
    let threat = |term: &str, category: &str, severity: u8| {
        json!({"term": term, "category": category, "severity": severity,
            "list_severity": severity, "start": 0, "end": 1, "matched_text": term,
            "source": "default.tsv:1"})
    };
    for (term, category) in [
        ("shoot up the school", "violence"),
        ("knife to school", "weapons"),
    ] {
        let i = draft_incident_json(&threat(term, category, 5), None)
            .unwrap()
            .unwrap();
        assert!(i.facts.criminal_offence_suspected, "{term}");
        let p = escalate(&i, &SchoolProfile::national());
        assert_eq!(p.category, Category::Cyberbullying, "{term}");
        assert!(
            p.reasons
                .iter()
                .any(|r| r.text.contains("a threat to hurt someone")),
            "{term}: {:?}",
            p.reasons
        );
        let actions: Vec<&str> = p.steps.iter().map(|s| s.action.as_str()).collect();
        assert!(
            !actions.contains(&"apply_behaviour_and_aup_sanctions"),
            "{term}: {actions:?}"
        );
        assert!(
            p.decisions
                .iter()
                .any(|d| d.recipient.as_str().starts_with("police")
                    && d.outcome.as_str() != "not_referred"),
            "{term}: {:?}",
            p.decisions
        );
    }
    let bare = draft_incident_json(&threat("knife", "weapons", 2), None)
        .unwrap()
        .unwrap();
    assert!(!bare.facts.criminal_offence_suspected);
    let p = escalate(&bare, &SchoolProfile::national());
    assert_eq!(p.category, Category::InappropriateContentDeliberate);
}
