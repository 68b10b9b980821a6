//! FGM: a known case is the teacher's own report to the police; a monitoring disclosure
//! takes the FGM route, not grooming (hunt 21, finding 3).

use super::*;
use crate::incident::plan::ForbiddenAction;

fn step(p: &Plan, action: &str) -> Option<Step> {
    p.steps
        .iter()
        .find(|s| s.action.as_str() == action)
        .cloned()
}

#[test]
fn a_known_case_is_reported_by_the_teacher_and_the_family_is_not_told_first() {
    let p = plan(
        json!({"reported_at": "2025-11-26T10:00:00Z", "reporter": "all_staff",
        "subjects": [{"role": "pupil", "age": 14}], "alleged": "family",
        "location": "off_site", "facts": {"fgm_known": true}}),
    );
    assert_eq!(p.category, Category::Fgm);
    let own = step(&p, "report_fgm_to_police");
    assert!(own.as_ref().is_some_and(|s| s.mandatory
        && s.recipient.as_str() == "police_non_emergency"
        && s.note.as_deref().is_some_and(|n| n.contains("personally"))));
    assert!(step(&p, "refer_to_csc").is_some_and(|s| s.mandatory));
    for f in [
        ForbiddenAction::ExamineChild,
        ForbiddenAction::TellFamilyBeforeAgenciesAgree,
        ForbiddenAction::LeaveFgmReportToDsl,
    ] {
        assert!(p.forbidden.contains(&f), "{f}");
    }
    assert_eq!(p.inform_parents, ParentNotification::UnlessRisk);
    // The parents step cites the FGM route, not the nudes guidance's initial review.
    let parents = step(&p, "inform_parents_unless_risk");
    assert!(parents.is_some_and(|s| s.source == "Incident R5; Incident fgm"));
    assert!(step(&p, "secure_devices").is_none() && step(&p, "report_to_ceop").is_none());
    let police = p
        .decisions
        .iter()
        .find(|d| d.recipient.as_str() == "police_non_emergency");
    assert!(police.is_some_and(|d| d.outcome == DecisionOutcome::Refer));
}

#[test]
fn a_girl_at_risk_goes_through_the_dsl_to_the_police_and_social_care() {
    let p = plan(
        json!({"reported_at": "2025-11-26T10:00:00Z", "reporter": "all_staff",
        "subjects": [{"role": "pupil", "age": 11}], "tags": ["fgm"]}),
    );
    assert_eq!(p.category, Category::Fgm);
    assert!(step(&p, "refer_to_police").is_some_and(|s| s.mandatory));
    assert!(step(&p, "report_fgm_to_police").is_some_and(|s| !s.mandatory));
    assert!(!p.forbidden.contains(&ForbiddenAction::LeaveFgmReportToDsl));
}

#[test]
fn a_scanner_fgm_disclosure_drafts_the_fgm_route() -> Result<(), Box<dyn std::error::Error>> {
    let scanner = crate::scanner::TermScanner::embedded_default()?;
    let text = "they cut me down there when we went to see my nan in the summer";
    let found = scanner.scan(text, "ks3")?;
    let m = found
        .iter()
        .find(|m| m.pattern.as_deref().is_some_and(|p| p.starts_with("fgm_")))
        .ok_or("no FGM pattern matched")?;
    assert_eq!(m.category.as_str(), "abuse");
    let context = json!({"at": "2025-11-26T10:00:00Z", "role": "pupil", "age": 12});
    let draft =
        draft_incident_json(&serde_json::to_value(m)?, Some(&context))?.ok_or("no draft")?;
    let p = escalate(&draft, &SchoolProfile::national());
    assert_eq!(p.category, Category::Fgm);
    assert!(!p.has_category(Category::GroomingCse));
    assert_eq!(p.inform_parents, ParentNotification::UnlessRisk);
    Ok(())
}
