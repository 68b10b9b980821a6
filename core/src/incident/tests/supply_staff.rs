//! Supply staff and contractors: their employer is told what the LADO agrees can be
//! shared, and the placement is not ended before the LADO is consulted (incident review
//! 22, finding 5).

use super::*;
use crate::incident::plan::ForbiddenAction;

fn about(alleged: &str, tag: &str) -> Plan {
    plan(
        json!({"reported_at": "2025-11-26T10:00:00Z", "reporter": "all_staff",
        "subjects": [{"role": "pupil", "age": 12}], "alleged": alleged, "tags": [tag]}),
    )
}

fn agency(p: &Plan) -> Option<&Step> {
    p.steps
        .iter()
        .find(|s| s.action == Action::InformEmployingAgency)
}

#[test]
fn supply_and_contractors_are_kept_apart_from_staff() {
    assert_eq!(Alleged::named("supply"), Some(Alleged::Supply));
    assert_eq!(Alleged::named("supply_teacher"), Some(Alleged::Supply));
    assert_eq!(Alleged::named("contractor"), Some(Alleged::Contractor));
    assert_eq!(Alleged::named("teacher"), Some(Alleged::Staff));
    for a in [Alleged::Supply, Alleged::Contractor] {
        assert!(a.works_at_school() && a.is_adult() && a.employed_elsewhere());
    }
    assert!(!Alleged::Staff.employed_elsewhere());
}

#[test]
fn an_allegation_about_supply_staff_tells_the_agency_after_the_lado() {
    for alleged in ["supply", "contractor"] {
        let p = about(alleged, "staff_allegation");
        assert_eq!(p.category, Category::StaffAllegation, "{alleged}");
        let step = agency(&p).unwrap_or_else(|| panic!("{alleged}: {:?}", p.steps));
        assert!(step.mandatory, "{alleged}");
        assert_eq!(step.recipient.as_str(), "headteacher");
        assert!(step.note.as_deref().is_some_and(|n| n.contains("LADO")));
        assert!(
            step.source
                .contains("KCSIE 2025 Part 4 supply and contracted staff"),
            "{}",
            step.source
        );
        // Told after the LADO referral, never before.
        let pos = |a: Action| p.steps.iter().position(|s| s.action == a);
        assert!(pos(Action::ReferToLado) < pos(Action::InformEmployingAgency));
        assert!(
            p.forbidden
                .contains(&ForbiddenAction::EndPlacementBeforeLadoConsulted),
            "{alleged}"
        );
        // The usual allegation route is unchanged.
        assert!(
            p.forbidden
                .contains(&ForbiddenAction::InformAllegedStaffMember)
        );
    }
    let p = about("staff", "staff_allegation");
    assert!(agency(&p).is_none());
    assert!(
        !p.forbidden
            .contains(&ForbiddenAction::EndPlacementBeforeLadoConsulted)
    );
}

#[test]
fn a_low_level_concern_about_supply_staff_is_told_to_their_employer() {
    let p = plan(
        json!({"reported_at": "2025-11-26T10:00:00Z", "reporter": "all_staff",
        "subjects": [{"role": "all_staff"}], "alleged": "supply",
        "tags": ["staff_low_level_concern"]}),
    );
    assert_eq!(p.category, Category::StaffLowLevelConcern);
    assert!(agency(&p).is_some_and(|s| s.mandatory), "{:?}", p.steps);
}
