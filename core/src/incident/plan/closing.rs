//! The closing steps of every plan: parents (R5), the record, the debrief and trends
//! (R8), and the out-of-hours route.

use super::action::Action;
use super::builder::{Builder, M};
use super::forbidden::ForbiddenAction;
use super::{Deadline, ParentNotification};
use crate::incident::classify::Category;
use crate::incident::input::{Alleged, Role};
use crate::incident::profile::{ExternalContact, Recipient};

impl Builder<'_> {
    pub(super) fn inform_parents(&self) -> ParentNotification {
        use Category::*;
        // Parents are told of incidents involving their child: the child harmed, or the
        // pupil alleged (R5).
        if !self.child() && self.incident.alleged != Some(Alleged::Pupil) {
            return ParentNotification::No;
        }
        let cats: Vec<Category> = self.class.all().collect();
        if cats.iter().all(|c| *c == StaffLowLevelConcern) {
            return ParentNotification::No;
        }
        let filtering_only = cats.iter().all(|c| {
            matches!(
                c,
                InappropriateContentAccidental | FilterFailure | FilterBypass
            )
        });
        if filtering_only && !self.profile.settings.parents_told_of_filtering_breaches {
            return ParentNotification::No;
        }
        let cautious = cats.iter().any(|c| {
            matches!(
                c,
                Csam | NudesU18
                    | Sextortion
                    | GroomingCse
                    | Fgm
                    | CriminalExploitation
                    | Radicalisation
                    | TerroristContent
                    | SelfHarmSuicide
                    | OnlineSexualHarassment
                    | StaffAllegation
                    | SafeguardingConcern
            )
        });
        // A parent photographing at sports day is told like any other; a family member
        // alleged while the child is in danger (a refuge address sent to the father the
        // family fled) never is until children's social care agrees.
        let parent_alleged = self.family_alleged()
            && (self.danger()
                || !cats
                    .iter()
                    .all(|c| matches!(c, UnauthorisedRecording | ImageConsentBreach | DataBreach)));
        if cautious || parent_alleged || self.s.abuse_disclosure {
            ParentNotification::UnlessRisk
        } else {
            ParentNotification::Yes
        }
    }

    /// Whether the incident alleges a parent, carer or other adult of the child's family:
    /// telling the family may then warn the person alleged.
    fn family_alleged(&self) -> bool {
        matches!(
            self.incident.alleged,
            Some(Alleged::Parent | Alleged::Family)
        )
    }

    pub(super) fn parents_step(&mut self, notification: ParentNotification) {
        use Category::*;
        let (action, source) = match notification {
            ParentNotification::No => return,
            ParentNotification::Yes => (Action::InformParents, "Incident R5"),
            // The initial review decides it for nudes; for FGM the police and children's
            // social care do; elsewhere the school's own rule R5.
            ParentNotification::UnlessRisk if self.has(NudesU18) => (
                Action::InformParentsUnlessRisk,
                "Incident R5; UKCIS nudes 2024 initial review",
            ),
            ParentNotification::UnlessRisk if self.has(Fgm) => {
                (Action::InformParentsUnlessRisk, "Incident R5; Incident fgm")
            }
            ParentNotification::UnlessRisk => (Action::InformParentsUnlessRisk, "Incident R5"),
        };
        let (deadline, note) = if self.s.adults_only {
            (
                Deadline::SameDay,
                Some("only the parents of a pupil alleged who is under 18: a pupil of 18 or over is an adult, whose parents are told only with their consent".to_owned()),
            )
        } else if self.has(StaffAllegation) {
            (
                Deadline::Within1WorkingDay,
                Some("after the case manager has agreed with the LADO (and police) what can be shared".to_owned()),
            )
        } else if self.has(Fgm) {
            // The family is usually where the risk is (a girl taken abroad to be cut): the
            // police and children's social care decide what the family is told.
            self.forbid(
                &[ForbiddenAction::TellFamilyBeforeAgenciesAgree],
                "Incident fgm; FGM Act 2003 s5B",
            );
            (
                Deadline::SameDay,
                Some("FGM: only when the police and children's social care agree what the family is told, and when".to_owned()),
            )
        } else if self.family_alleged() && notification == ParentNotification::UnlessRisk {
            // What the family is told is agreed with children's social care, so the plan
            // names them (a must or a decision of the category's own steps stays). A family
            // member alleged to abuse, exploit or radicalise the child is a child-protection
            // referral, which the telling then waits for (Working Together 2023).
            let harm_at_home = self.s.abuse_disclosure
                || self.danger()
                || self.class.all().any(|c| {
                    matches!(
                        c,
                        Radicalisation
                            | TerroristContent
                            | GroomingCse
                            | CriminalExploitation
                            | Csam
                            | Sextortion
                    )
                });
            self.add_note(
                Action::ReferToCsc,
                ExternalContact::CscFrontDoor,
                Deadline::SameDay,
                harm_at_home,
                "Incident R5; Working Together 2023 referral",
                Some("a parent, carer or family member is alleged: children's social care decides with the DSL what the family is told".to_owned()),
            );
            (
                Deadline::SameDay,
                Some("a parent, carer or family member is alleged: agree with children's social care (and the police) what the family is told, and when, before anyone tells them".to_owned()),
            )
        } else if self.has(SelfHarmSuicide) && (self.s.risk_to_self || self.class.severity >= 5) {
            (
                Deadline::Immediately,
                Some("unless that is unsafe for the child".to_owned()),
            )
        } else if self
            .class
            .all()
            .all(|c| matches!(c, CommerceHarm | UnderagePlatformUse | MisDisinformation))
        {
            (Deadline::Routine, None)
        } else if self.class.all().any(|c| {
            matches!(
                c,
                InappropriateContentAccidental | FilterFailure | FilterBypass
            )
        }) && self.class.all().all(|c| {
            matches!(
                c,
                InappropriateContentAccidental | FilterFailure | FilterBypass
            )
        }) {
            (
                Deadline::SameDay,
                Some("parents are told of filtering breaches involving their child".to_owned()),
            )
        } else {
            (Deadline::SameDay, None)
        };
        self.add_note(action, Role::ParentCarer, deadline, M, source, note);
        if notification == ParentNotification::UnlessRisk {
            self.forbid(
                &[ForbiddenAction::TellOtherParents],
                "UKCIS nudes 2024 staff response",
            );
        }
    }

    pub(super) fn closing_steps(&mut self) {
        self.follow_up_referral();
        let keeper = if self.class.category == Category::StaffAllegation {
            Recipient::Role(self.case_manager())
        } else {
            Recipient::Role(self.dsl())
        };
        let system = self.profile.settings.record_system.clone();
        self.add_note(
            Action::RecordIncident,
            keeper,
            Deadline::SameDay,
            M,
            "Incident R1; UKCIS nudes 2024 recording",
            Some(format!(
                "record it in {system}: facts, decisions, who was told and when, and why"
            )),
        );
        self.add_note(
            Action::DebriefLessonsLearnt,
            keeper,
            Deadline::Routine,
            M,
            "Incident R8; seed 000 Reporting and Response to incidents; seed 001 Responding to Online Incidents and Safeguarding Concerns; seed 003 §10",
            Some("after closure: debrief, lessons learnt, policy or curriculum changes".to_owned()),
        );
        self.add(
            Action::ReportTrendsToGovernors,
            Role::GoverningBoard,
            Deadline::Routine,
            M,
            "Incident R8",
        );
    }

    /// A referral to children's social care is followed up: they acknowledge it and decide
    /// what response is needed within one working day, and tell the referrer; a referrer who
    /// has heard nothing, or still has concerns, follows it up and escalates (Working
    /// Together 2023). A must when the referral is; a consideration when the referral is.
    fn follow_up_referral(&mut self) {
        let csc: Vec<bool> = self
            .steps
            .iter()
            .filter(|s| s.action == Action::ReferToCsc)
            .map(|s| s.mandatory)
            .collect();
        if csc.is_empty() {
            return;
        }
        let must = csc.contains(&true);
        self.add_note(
            Action::FollowUpReferral,
            self.dsl(),
            Deadline::Within1WorkingDay,
            must,
            FOLLOW_UP_SOURCE,
            Some(follow_up_note(must).to_owned()),
        );
    }

    /// The out-of-hours alert, for an incident reported `when` ("at the weekend").
    pub(super) fn out_of_hours_step(&mut self, when: &str) {
        if !self.class.urgent() {
            return;
        }
        let contact = self.not_the_subject(self.profile.settings.out_of_hours_alert_contact);
        self.add_note(
            Action::AlertOutOfHoursContact,
            contact,
            Deadline::Immediately,
            M,
            if self.has(Category::SelfHarmSuicide) {
                "Incident self_harm_suicide; DfE F&M standard 4 monitoring"
            } else {
                "UKSIC monitoring; DfE F&M standard 4 monitoring"
            },
            Some(format!(
                "reported {when}: use the out-of-hours alert route now"
            )),
        );
    }
}

/// Where following up a referral to children's social care comes from.
pub(super) const FOLLOW_UP_SOURCE: &str = "Working Together 2023 referral";

/// What following up a referral means: after a referral that must be made, or after one
/// that was only to be considered.
pub(super) fn follow_up_note(must: bool) -> &'static str {
    if must {
        "children's social care decides within one working day what response is needed and tells the DSL: if nothing is heard, or the concern remains, follow the referral up and escalate under the local safeguarding partners' arrangements"
    } else {
        "if children's social care was called: check they decided within one working day what response is needed; if nothing is heard, or the concern remains, follow it up and escalate under the local safeguarding partners' arrangements"
    }
}
