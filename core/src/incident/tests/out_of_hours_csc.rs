//! Out of hours, a referral to children's social care goes to the local authority's
//! emergency duty team when the profile names it, and the plan says so when it does not
//! (incident review 22, finding 4).

use super::*;

const PROFILE: &str = r#"
id = "edt_school"
local_authority = "Testshire"

[contacts.csc_front_door]
name = "Testshire front door"
phone = "01000 000001"

[contacts.csc_out_of_hours]
name = "Testshire emergency duty team"
phone = "01000 000999"
"#;

/// Grooming by an adult outsider (a must referral to children's social care) at `at`.
fn grooming(at: &str, profile: &SchoolProfile) -> Plan {
    escalate_json(
        &json!({"reported_at": at, "reporter": "parent_carer",
        "subjects": [{"role": "pupil", "age": 12}], "alleged": "adult_outside",
        "tags": ["grooming_cse"]}),
        Some(profile),
    )
    .unwrap()
}

fn csc(p: &Plan) -> &Step {
    p.steps
        .iter()
        .find(|s| s.action == Action::ReferToCsc)
        .expect("a referral to children's social care")
}

const SATURDAY: &str = "2025-11-29T20:00:00Z";
const WEDNESDAY: &str = "2025-11-26T10:00:00Z";

#[test]
fn the_profile_accepts_an_out_of_hours_csc_contact() {
    let profile = SchoolProfile::from_text("edt.toml", PROFILE).unwrap();
    let edt = profile
        .contact(Recipient::External(ExternalContact::CscOutOfHours))
        .and_then(|c| c.phone.as_deref());
    assert_eq!(edt, Some("01000 000999"));
    assert!(!ExternalContact::CscOutOfHours.is_national());
}

#[test]
fn out_of_hours_the_referral_goes_to_the_emergency_duty_team() {
    let profile = SchoolProfile::from_text("edt.toml", PROFILE).unwrap();
    let p = grooming(SATURDAY, &profile);
    assert!(p.out_of_hours);
    let step = csc(&p);
    // The agency is still children's social care: the decision is recorded against it.
    assert_eq!(step.recipient.as_str(), "csc_front_door");
    assert_eq!(
        step.contact.as_ref().and_then(|c| c.phone.as_deref()),
        Some("01000 000999")
    );
    assert!(
        step.note
            .as_deref()
            .is_some_and(|n| n.contains("emergency duty team")),
        "{:?}",
        step.note
    );
    assert!(
        !p.warnings.iter().any(|w| w.contains("csc_out_of_hours")),
        "{:?}",
        p.warnings
    );
    // In school hours the front door takes it.
    let p = grooming(WEDNESDAY, &profile);
    assert!(!p.out_of_hours);
    assert_eq!(
        csc(&p).contact.as_ref().and_then(|c| c.phone.as_deref()),
        Some("01000 000001")
    );
}

#[test]
fn out_of_hours_without_the_contact_keeps_the_front_door_and_warns() {
    let profile = SchoolProfile::preset("whitwell").unwrap();
    let front = profile
        .contact(Recipient::External(ExternalContact::CscFrontDoor))
        .cloned();
    assert!(front.is_some());
    let p = grooming(SATURDAY, &profile);
    assert!(p.out_of_hours);
    assert_eq!(csc(&p).contact, front);
    let said: Vec<&String> = p
        .warnings
        .iter()
        .filter(|w| w.contains("csc_out_of_hours"))
        .collect();
    assert_eq!(said.len(), 1, "{:?}", p.warnings);
    // In school hours nothing is said.
    let p = grooming(WEDNESDAY, &profile);
    assert!(!p.warnings.iter().any(|w| w.contains("csc_out_of_hours")));
}
