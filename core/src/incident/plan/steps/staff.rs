//! Concerns about adults working at the school: allegations and low-level concerns.

use super::super::Deadline::*;
use super::super::action::Action;
use super::super::forbidden::ForbiddenAction as F;
use super::super::{Builder, C, M};
use crate::incident::classify::Category;
use crate::incident::input::{Device, Role};
use crate::incident::profile::ExternalContact;

impl Builder<'_> {
    /// The steps and forbidden actions of `StaffAllegation`, `StaffLowLevelConcern`.
    pub(in crate::incident::plan) fn staff_steps(&mut self, c: Category) {
        let f = self.incident.facts;
        let police = self.police();
        match c {
            Category::StaffLowLevelConcern => {
                self.add_note(
                    Action::ReportLowLevelConcern,
                    self.case_manager(),
                    SameDay,
                    M,
                    "Incident staff_low_level_concern; KCSIE 2025 Part 4 low-level concerns",
                    Some(if self.s.head_alleged {
                        "the concern is about the headteacher: share it with the chair of governors"
                            .to_owned()
                    } else {
                        "under the low-level concerns policy".to_owned()
                    }),
                );
                self.add(
                    Action::CodeOfConductRoute,
                    self.case_manager(),
                    Routine,
                    C,
                    "Incident staff_low_level_concern",
                );
            }
            Category::StaffAllegation => {
                let crime = f.criminal_offence_suspected
                    || self.s.sexual_image
                    || f.sexual_act_depicted
                    || f.coercion_or_blackmail
                    || f.violence_depicted;
                if crime {
                    self.add_note(
                        Action::ReferToPolice,
                        police,
                        Immediately,
                        M,
                        "Incident staff_allegation",
                        Some("the police first, before any internal step".to_owned()),
                    );
                }
                if crime || self.incident.device == Some(Device::School) || f.image_involved {
                    self.add_note(
                        Action::QuarantineDevices,
                        Role::ItProvider,
                        Immediately,
                        M,
                        "Incident staff_allegation; seed 003 §11.4",
                        Some(
                            "isolate the devices, untouched, until police advice has been sought"
                                .to_owned(),
                        ),
                    );
                }
                let cm = self.case_manager();
                self.add_note(
                    Action::ReferToLado,
                    ExternalContact::Lado,
                    Within1WorkingDay,
                    M,
                    "Incident R3; Incident staff_allegation; KCSIE 2025 Part 4 allegations",
                    Some(format!("the case manager ({cm}) refers; local forms apply")),
                );
                self.forbid(
                    &[
                        F::InformAllegedStaffMember,
                        F::InvestigateBeforeLado,
                        F::DeleteEvidence,
                        F::TellOtherParents,
                    ],
                    "Incident staff_allegation; KCSIE 2025 Part 4 allegations",
                );
            }
            _ => {}
        }
    }
}
