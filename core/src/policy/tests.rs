use super::*;
use crate::ErrorCode;

#[test]
fn every_preset_and_alias_loads() {
    for id in PRESET_IDS {
        let p = SchoolPolicy::preset(id).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(p.id(), id);
    }
    for (alias, id) in PRESET_ALIASES {
        assert_eq!(SchoolPolicy::preset(alias).unwrap().id(), id);
    }
    let err = SchoolPolicy::preset("whitwel").unwrap_err();
    assert_eq!(err.code(), "policy_unknown_preset");
    assert!(err.to_string().contains("did you mean `whitwell`"), "{err}");
}

#[test]
fn national_is_the_default_of_every_section() {
    let national = SchoolPolicy::preset("national").unwrap();
    let d = national.document();
    assert_eq!(d.school.record_system, School::default().record_system);
    assert_eq!(d.roles, Roles::default());
    assert_eq!(d.aups, Aups::default());
    assert_eq!(d.incidents, Incidents::default());
    assert_eq!(d.consent, crate::consent::SchoolConsentConfig::default());
    assert_eq!(d.filter, crate::filter::PolicyConfig::default());
    assert_eq!(national, SchoolPolicy::national());
}

#[test]
fn seed_registry_choices() {
    use crate::registry::{AupRefresh, PersonalDevicePhotos, SearchRule, VisitorAccess};
    let s = |id: &str| SchoolPolicy::preset(id).unwrap().registry_settings();
    let kilby = s("kilby");
    assert_eq!(kilby.aup_refresh, AupRefresh::EveryDays(365));
    assert_eq!(
        kilby.refresh_for(crate::registry::Audience::PupilKs2),
        AupRefresh::StartOfSchoolYear
    );
    assert!(kilby.technician_aup && !kilby.social_media_aup);
    let highgate = s("highgate");
    assert!(
        highgate.joint_staff_governor_aup && highgate.social_media_aup && !highgate.technician_aup
    );
    assert_eq!(
        highgate.personal_device_photos,
        PersonalDevicePhotos::WhenNecessaryThenTransfer
    );
    assert_eq!(highgate.search_rule, SearchRule::PupilOrParentConsent);
    assert_eq!(s("ely").visitor_access, VisitorAccess::GenericLogin);
    assert_eq!(
        s("russell_house").search_rule,
        SearchRule::PupilConsentElseParents
    );
    for id in ["ely", "whitwell", "russell_house"] {
        assert!(!s(id).technician_aup && !s(id).social_media_aup, "{id}");
    }
}

#[test]
fn seed_incident_choices() {
    use crate::incident::{FirstContact, IncidentalCsamRoute, PupilHackingRoute};
    let p = |id: &str| SchoolPolicy::preset(id).unwrap().incident_profile().clone();
    assert_eq!(
        p("kilby").settings.incidental_csam_exposure,
        IncidentalCsamRoute::Police
    );
    assert_eq!(
        p("highgate").settings.pupil_hacking_route,
        PupilHackingRoute::Police
    );
    assert!(p("ely").settings.head_is_dsl);
    assert_eq!(
        p("russell_house").settings.first_contact_image_incidents,
        FirstContact::Headteacher
    );
    assert_eq!(p("russell_house").settings.record_system, "CPOMS");
    assert!(
        p("kilby")
            .warnings
            .iter()
            .any(|w| w.code == "contact_area_mismatch")
    );
    assert!(p("national").warnings.is_empty());
}

#[test]
fn every_problem_is_reported_with_its_path() {
    let err = SchoolPolicy::from_toml(
        r#"
        schema_version = 1
        id = "my-school"
        colour = "red"
        [aups]
        technicain = true
        visitor_access = "sign"
        [filter.audiences.ks2]
        block = ["gambling", "gamblng", "drugs"]
        [filter.audiences.KS2]
        block = ["gambling"]
        [incidents]
        pupil_hacking_route = "polic"
        "#,
    )
    .unwrap_err();
    assert_eq!(err.code(), "policy_invalid");
    let found: Vec<(String, String)> = err
        .problems()
        .into_iter()
        .map(|p| (p.path, p.code))
        .collect();
    for expected in [
        ("colour", "unknown_key"),
        ("aups.technicain", "unknown_key"),
        ("aups.visitor_access", "unknown_value"),
        ("filter.audiences.ks2.block[1]", "unknown_value"),
        ("incidents.pupil_hacking_route", "unknown_value"),
        ("filter.audiences.KS2", "unknown_value"),
    ] {
        assert!(
            found
                .iter()
                .any(|(p, c)| p == expected.0 && c == expected.1),
            "{expected:?} not in {found:?}"
        );
    }
    assert_eq!(found.len(), 6, "{found:?}");
    let text = err.to_string();
    assert!(text.contains("did you mean `technician`"), "{text}");
}

#[test]
fn every_filter_problem_is_reported_at_its_own_path() {
    let (err, found) = problem_paths(
        r#"
        schema_version = 1
        id = "t"
        [filter.audiences.ks3]
        allow = ["illegal.csam"]
        allow_list = ["bbc.co.uk", "http://"]
        model_block_at = 20
        [[filter.audiences.ks3.windows]]
        days = ["mon", "funday"]
        from = "25:00"
        to = "9am"
        [[filter.audiences.ks3.windows]]
        from = "09:00"
        to = "09:00"
        "#,
    );
    let at = |rest: &str| format!("filter.audiences.ks3.{rest}");
    assert_eq!(
        found,
        [
            "allow[0]",
            "allow_list[1]",
            "model_block_at",
            "windows[0].days[1]",
            "windows[0].from",
            "windows[0].to",
            "windows[1]",
        ]
        .map(at),
        "{err}"
    );
}

#[test]
fn every_incident_problem_is_reported_at_its_own_path() {
    let err = SchoolPolicy::from_toml(
        r#"
        schema_version = 1
        id = "t"
        [school]
        school_day_start = "18:00"
        school_day_end = "08:00"
        [contacts.lado]
        phone = "abc"
        "#,
    )
    .unwrap_err();
    let found: Vec<(String, String)> = err
        .problems()
        .into_iter()
        .map(|p| (p.path, p.message))
        .collect();
    assert!(
        found
            .iter()
            .any(|(p, _)| p.starts_with("school.school_day")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|(p, _)| p == "contacts.lado.phone"),
        "{found:?}"
    );
    // The document is not a `.toml` file of its own: no such file is named.
    assert!(
        found.iter().all(|(_, m)| !m.contains("t.toml")),
        "{found:?}"
    );
}

#[test]
fn a_json_array_is_the_wrong_shape_not_toml() {
    let err = SchoolPolicy::from_json("[]").unwrap_err();
    let problems = err.problems();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].code, "invalid_type");
    // A TOML document opening with a table header is still read as TOML: its keys land
    // in `school` (unknown there), not a syntax or shape problem.
    let header_first = "[school]\nname = \"A\"\nschema_version = 1\nid = \"a\"\n";
    let err = SchoolPolicy::from_toml(header_first).unwrap_err();
    assert!(
        err.problems()
            .iter()
            .any(|p| p.path == "school.schema_version"),
        "{err}"
    );
    let toml = "schema_version = 1\nid = \"a\"\n[school]\nname = \"A\"\n";
    assert!(SchoolPolicy::from_toml(toml).is_ok());
}

#[test]
fn syntax_and_version_problems() {
    let err = SchoolPolicy::from_toml("id = \n").unwrap_err();
    assert_eq!(err.problems()[0].code, "syntax");
    let err = SchoolPolicy::from_toml("schema_version = 2\nid = \"x\"\n").unwrap_err();
    assert_eq!(err.problems()[0].code, "unsupported_schema_version");
    let err = SchoolPolicy::from_toml("id = \"x\"\n").unwrap_err();
    assert_eq!(err.problems()[0].path, "schema_version");
    assert_eq!(err.problems()[0].code, "missing_key");
    let err = SchoolPolicy::from_toml("schema_version = 1\nid = \"a b\"\n").unwrap_err();
    assert_eq!(err.problems()[0].path, "id");
    // Valid JSON that is not a table is the wrong shape, not a syntax error.
    let err = SchoolPolicy::from_json("[1, 2]").unwrap_err();
    assert_eq!(err.problems()[0].code, "invalid_type");
    let err = SchoolPolicy::from_json("[1, 2").unwrap_err();
    assert_eq!(err.problems()[0].code, "syntax");
    let err = SchoolPolicy::from_json("{\"schema_version\": 1, \"id\": 3}").unwrap_err();
    assert_eq!(err.problems()[0].code, "invalid_type");
}

#[test]
fn a_minimal_document_takes_the_national_defaults() {
    let p = SchoolPolicy::from_toml("schema_version = 1\nid = \"tiny\"\n").unwrap();
    assert_eq!(
        p.registry_settings().technician_aup,
        Aups::default().technician
    );
    assert!(
        p.incident_profile()
            .contact(crate::incident::Recipient::External(
                crate::incident::ExternalContact::Iwf
            ))
            .is_some()
    );
}

#[test]
fn toml_and_json_round_trip() {
    for id in PRESET_IDS {
        let p = SchoolPolicy::preset(id).unwrap();
        let again =
            SchoolPolicy::from_toml(&p.to_toml().unwrap()).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(again, p, "{id}");
        let json = p.to_json_value().to_string();
        assert_eq!(SchoolPolicy::from_json(&json).unwrap(), p, "{id}");
    }
}

#[test]
fn engines_are_built_from_the_policy() {
    let p = SchoolPolicy::preset("kilby").unwrap();
    assert!(p.url_filter().is_ok());
    assert!(p.term_scanner().is_ok());
    assert_eq!(
        p.consent_ledger().unwrap().config().expiry,
        crate::consent::ExpiryRule::Never {}
    );
    assert_eq!(p.registry().settings().preset, "kilby");
}

#[test]
fn the_illegal_lock_is_a_problem() {
    let err = SchoolPolicy::from_toml(
        "schema_version = 1\nid = \"x\"\n[filter.audiences.staff]\nallow = [\"illegal.csam\"]\n",
    )
    .unwrap_err();
    assert_eq!(err.problems()[0].path, "filter.audiences.staff.allow[0]");
}

#[test]
fn several_bad_items_of_one_list_keep_their_indices() {
    let (_, paths) = problem_paths(
        "schema_version = 1\nid = \"x\"\n[filter.audiences.ks2]\nblock = [\"a\", \"gambling\", \"b\", \"c\"]\n",
    );
    assert_eq!(
        paths,
        [
            "filter.audiences.ks2.block[0]",
            "filter.audiences.ks2.block[2]",
            "filter.audiences.ks2.block[3]"
        ]
    );
}

#[test]
fn a_policy_document_carries_local_steps_into_its_plans() {
    let text = r#"
        schema_version = 1
        id = "local"
        [[incidents.local_steps]]
        category = "grooming_cse"
        action = "inform_online_safety_lead"
        recipient = "online_safety_lead"
        deadline = "same_day"
        mandatory = true
        source = "school policy (§4 online safety lead told of every grooming concern)"
    "#;
    let policy = SchoolPolicy::from_toml(text).unwrap();
    let steps = crate::incident::procedure(
        crate::incident::Category::GroomingCse,
        policy.incident_profile(),
    );
    let local = steps
        .iter()
        .find(|s| s.local && s.action == crate::incident::Action::InformOnlineSafetyLead)
        .expect("the local step is listed");
    assert!(local.mandatory);
    assert!(local.source.starts_with("school policy (§4"));
    // Round trip keeps it, and a bad step is reported with its path.
    let again = SchoolPolicy::from_toml(&policy.to_toml().unwrap()).unwrap();
    assert_eq!(again.incident_profile().local_steps.len(), 1);
    let bad = SchoolPolicy::from_toml(&text.replace("inform_online_safety_lead", "remove_step"))
        .unwrap_err();
    assert!(bad.to_string().contains("local_steps"), "{bad}");
    let unsourced =
        SchoolPolicy::from_toml(&text.replace("school policy (§4", "our policy (§4")).unwrap_err();
    assert!(
        unsourced
            .to_string()
            .contains("incidents.local_steps[0].source"),
        "{unsourced}"
    );
}

#[test]
fn bank_holidays_and_school_closures_are_out_of_hours() {
    let policy = SchoolPolicy::from_toml(
        r#"
        schema_version = 1
        id = "t"
        [incidents]
        out_of_hours_alert_contact = "deputy_dsl"
        [[school.closures]]
        from = "2027-02-15"
        to = "2027-02-19"
        label = "February half term"
        "#,
    )
    .unwrap();
    let alert_note = |reported_at: &str| {
        let incident = serde_json::json!({"subjects": [{"role": "pupil", "age": 13}],
            "tags": ["self_harm_suicide"], "reported_at": reported_at});
        let plan =
            crate::incident::escalate_json(&incident, Some(policy.incident_profile())).unwrap();
        let note = plan
            .steps
            .iter()
            .find(|s| s.action == crate::incident::Action::AlertOutOfHoursContact)
            .and_then(|s| s.note.clone());
        (plan.out_of_hours, note)
    };
    // 10:00 on Christmas Day 2026, a Friday inside the school day.
    let (ooh, note) = alert_note("2026-12-25T10:00:00Z");
    assert!(ooh);
    assert!(note.unwrap().contains("on Christmas Day, a bank holiday"));
    // Monday 28 December 2026: the substitute day for Boxing Day.
    assert!(alert_note("2026-12-28T10:00:00Z").0);
    let (ooh, note) = alert_note("2027-02-17T10:00:00Z");
    assert!(ooh);
    assert!(
        note.unwrap().contains("February half term"),
        "closure named"
    );
    // The Monday after half term is a school day.
    assert_eq!(alert_note("2027-02-22T10:00:00Z"), (false, None));
    let (_, note) = alert_note("2027-02-22T18:00:00Z");
    assert!(
        note.unwrap()
            .contains("outside the school day (08:00 to 17:00)")
    );
}

#[test]
fn a_closure_that_cannot_stand_is_a_problem_at_its_path() {
    let err = SchoolPolicy::from_toml(
        "schema_version = 1\nid = \"t\"\n[[school.closures]]\nfrom = \"2027-02-19\"\nto = \"2027-02-15\"\n[[school.closures]]\nfrom = \"2027-13-01\"\nto = \"2027-02-15\"\n",
    )
    .unwrap_err();
    let found: Vec<String> = err.problems().into_iter().map(|p| p.path).collect();
    assert!(
        found.iter().any(|p| p.starts_with("school.closures[1]")),
        "{err}"
    );
    let err = SchoolPolicy::from_toml(
        "schema_version = 1\nid = \"t\"\n[[school.closures]]\nfrom = \"2027-02-19\"\nto = \"2027-02-15\"\n",
    )
    .unwrap_err();
    let found: Vec<String> = err.problems().into_iter().map(|p| p.path).collect();
    assert_eq!(found, ["school.closures[0]"], "{err}");
}

#[test]
fn a_toml_date_reads_as_its_text() {
    let policy = SchoolPolicy::from_toml(
        "schema_version = 1\nid = \"t\"\n[[school.closures]]\nfrom = 2027-02-15\nto = \"2027-02-19\"\n",
    )
    .unwrap();
    let closure = &policy.document().school.closures[0];
    assert_eq!(
        (closure.from.to_string(), closure.to.to_string()),
        ("2027-02-15".to_owned(), "2027-02-19".to_owned())
    );
}

#[test]
fn a_syntax_problem_names_its_position_once() {
    let err =
        SchoolPolicy::from_json(r#"{"schema_version": 1, "id": "a", "id": "b"}"#).unwrap_err();
    let problems = err.problems();
    assert_eq!(problems.len(), 1, "{err}");
    assert_eq!(problems[0].message, "line 1 column 37: duplicate key `id`");
}

/// The error of a document that cannot stand, and the paths of its problems in order.
fn problem_paths(text: &str) -> (PolicyError, Vec<String>) {
    let err = SchoolPolicy::from_toml(text).unwrap_err();
    let paths = err.problems().into_iter().map(|p| p.path).collect();
    (err, paths)
}
