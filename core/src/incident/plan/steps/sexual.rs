//! Sexual abuse, exploitation and images: csam, sextortion, grooming_cse, criminal_exploitation, nudes_u18, online_sexual_harassment.

use super::super::Deadline::*;
use super::super::action::Action;
use super::super::forbidden::ForbiddenAction as F;
use super::super::{Builder, C, M};
use crate::incident::classify::Category;
use crate::incident::input::{Alleged, Device, Role};
use crate::incident::profile::{ExternalContact, IncidentalCsamRoute};

impl Builder<'_> {
    /// The steps and forbidden actions of `Csam`, `Sextortion`, `GroomingCse`, `CriminalExploitation`, `NudesU18`, `OnlineSexualHarassment`.
    pub(in crate::incident::plan) fn sexual_steps(&mut self, c: Category) {
        let f = self.incident.facts;
        let police = self.police();
        match c {
            Category::Csam => {
                let incidental = f.incidental_exposure && !self.s.adult && !self.s.staff_alleged;
                let route = self.profile.settings.incidental_csam_exposure;
                if !incidental {
                    if f.image_involved || self.incident.device.is_some() {
                        self.add_note(
                            Action::SecureAndSwitchOffDevice,
                            Role::AllStaff,
                            Immediately,
                            M,
                            "Incident csam; seed 000 Reporting and Response to incidents",
                            Some(
                                "do not open, copy or delete anything; give the device to the DSL"
                                    .to_owned(),
                            ),
                        );
                    }
                    self.add(
                        Action::StopAllAccessToMaterial,
                        Role::AllStaff,
                        Immediately,
                        M,
                        "Incident R6; seed 000 Reporting and Response to incidents",
                    );
                }
                let on_school_device =
                    f.image_involved && self.incident.device == Some(Device::School);
                if self.url_known() || incidental || on_school_device {
                    self.add_note(
                        Action::ReportUrlToIwf,
                        ExternalContact::Iwf,
                        Immediately,
                        M,
                        "Incident csam; seed 003 §11.4",
                        Some("report the web address where the image was found, never the image itself".to_owned()),
                    );
                } else {
                    self.add_note(
                        Action::ReportUrlToIwf,
                        ExternalContact::Iwf,
                        SameDay,
                        C,
                        "Incident csam",
                        Some(
                            "if the image is online, report its web address (never the image)"
                                .to_owned(),
                        ),
                    );
                }
                if incidental && route == IncidentalCsamRoute::IwfAndDelete {
                    self.add_note(
                        Action::DeleteIncidentalCopies,
                        self.dsl(),
                        SameDay,
                        M,
                        "Incident csam; seed 003 §11.4",
                        Some("delete copies such as emails, after the IWF report".to_owned()),
                    );
                    self.add_note(
                        Action::SeekPoliceAdviceIfUnclear,
                        ExternalContact::PoliceNonEmergency,
                        SameDay,
                        C,
                        "seed 003 §11.4",
                        Some("if it is unclear whether an offence was committed".to_owned()),
                    );
                } else {
                    let source = if incidental {
                        "seed 000 Reporting and Response to incidents; school policy (incidental_csam_exposure = police)"
                    } else {
                        "Incident csam; UKCIS nudes 2024 adult involved; seed 000 Reporting and Response to incidents"
                    };
                    self.add_note(
                        Action::ReferToPolice,
                        police,
                        Immediately,
                        M,
                        source,
                        Some("copies are kept only if the police ask (seed 003 §11.4)".to_owned()),
                    );
                    // Found on school devices (not about staff): once the police know,
                    // copies are kept only at their request and every other copy is
                    // deleted (seed 003 §11.4) where the school's policy says so.
                    if on_school_device
                        && !self.s.staff_alleged
                        && self.profile.settings.csam_copies_kept_only_for_police
                    {
                        self.add_note(
                            Action::DeleteIncidentalCopies,
                            self.dsl(),
                            SameDay,
                            M,
                            "Incident csam; seed 003 §11.4",
                            Some("after telling the police: keep copies only if the police ask (stored securely, nobody else has access) and delete every other copy, for example in emails".to_owned()),
                        );
                        self.forbid(&[F::AccessMaterialAgain], "Incident R6; Incident csam");
                    } else {
                        self.forbid(
                            &[F::DeleteEvidence, F::AccessMaterialAgain],
                            "Incident R6; Incident csam",
                        );
                    }
                }
                if !incidental && f.image_involved && self.incident.device == Some(Device::School) {
                    self.add(
                        Action::ReferToCsc,
                        ExternalContact::CscFrontDoor,
                        Immediately,
                        M,
                        "Incident csam; seed 003 §11.4",
                    );
                }
                if !incidental && self.child() {
                    self.add(
                        Action::SupportChild,
                        self.dsl(),
                        SameDay,
                        M,
                        "UKCIS nudes 2024 staff response; Incident csam",
                    );
                    if matches!(
                        self.incident.alleged,
                        Some(Alleged::AdultOutside) | Some(Alleged::Unknown) | None
                    ) && self.s.adult
                    {
                        self.add(
                            Action::ReportToCeop,
                            ExternalContact::Ceop,
                            SameDay,
                            C,
                            "Incident grooming_cse",
                        );
                    }
                }
                self.image_forbidden("Incident csam; UKCIS nudes 2024 staff response");
                if self.s.adult && !self.s.staff_alleged {
                    self.forbid(&[F::ContactSuspect], "Incident grooming_cse");
                }
                let deletes_copies = self
                    .steps
                    .iter()
                    .any(|s| s.action == Action::DeleteIncidentalCopies);
                if incidental {
                    self.forbidden.retain(|d| {
                        !matches!(
                            d.action,
                            F::DeleteBeforeDslDecision
                                | F::AskChildToDeleteImage
                                | F::DeleteEvidence
                        )
                    });
                } else if deletes_copies {
                    // The DSL deletes copies after the police: only that is allowed.
                    self.forbidden.retain(|d| d.action != F::DeleteEvidence);
                }
            }
            Category::Sextortion => {
                self.add(
                    Action::PreserveEvidence,
                    self.dsl(),
                    Immediately,
                    M,
                    "Incident sextortion",
                );
                self.add_note(
                    Action::ReferToPolice,
                    police,
                    Immediately,
                    M,
                    "Incident sextortion",
                    None,
                );
                self.add(
                    Action::ReportToCeop,
                    ExternalContact::Ceop,
                    SameDay,
                    M,
                    "Incident sextortion",
                );
                self.add(
                    Action::ReferToCsc,
                    ExternalContact::CscFrontDoor,
                    SameDay,
                    M,
                    "Incident sextortion",
                );
                self.add(
                    Action::SupportChild,
                    self.dsl(),
                    Immediately,
                    M,
                    "Incident sextortion",
                );
                self.add_note(
                    Action::PointToReportRemove,
                    ExternalContact::ReportRemove,
                    SameDay,
                    C,
                    "Incident sextortion; UKCIS nudes 2024 deletion",
                    Some("the young person can ask for the image to be taken down".to_owned()),
                );
                self.forbid(
                    &[
                        F::PayOrEngageWithOffender,
                        F::ContactSuspect,
                        F::DeleteEvidence,
                    ],
                    "Incident sextortion",
                );
                self.image_forbidden("Incident sextortion; UKCIS nudes 2024 staff response");
            }
            Category::GroomingCse | Category::CriminalExploitation => {
                let source = if c == Category::GroomingCse {
                    "Incident grooming_cse; seed 003 §11.3"
                } else {
                    "Incident criminal_exploitation; seed 003 §11.3"
                };
                self.add(Action::SecureDevices, self.dsl(), Immediately, M, source);
                self.add_note(
                    Action::ReferToPolice,
                    police,
                    Immediately,
                    M,
                    "Incident grooming_cse; seed 003 §11.3",
                    None,
                );
                self.add(
                    Action::ReferToCsc,
                    ExternalContact::CscFrontDoor,
                    SameDay,
                    M,
                    source,
                );
                self.add(Action::RiskAssessment, self.dsl(), SameDay, M, source);
                self.add(
                    Action::SupportChild,
                    self.dsl(),
                    SameDay,
                    M,
                    "seed 003 §11.3",
                );
                if c == Category::GroomingCse {
                    self.add(
                        Action::ReportToCeop,
                        ExternalContact::Ceop,
                        SameDay,
                        C,
                        "Incident grooming_cse",
                    );
                } else {
                    self.add_note(
                        Action::FollowLocalExploitationProcedure,
                        self.dsl(),
                        SameDay,
                        M,
                        "Incident criminal_exploitation; seed 003 §11.8",
                        Some("children at risk of exploitation procedure and risk assessment toolkit".to_owned()),
                    );
                }
                self.forbid(
                    &[F::ContactSuspect, F::InvestigateYourself, F::DeleteEvidence],
                    source,
                );
            }
            Category::NudesU18 => {
                self.add_note(
                    Action::SecureDevice,
                    Role::AllStaff,
                    Immediately,
                    M,
                    "UKCIS nudes 2024 staff response; seed 000 Sexting; seed 004 §6.3",
                    Some("confiscate or secure it, switched off; do not look, delete or ask the pupil to delete".to_owned()),
                );
                self.add_note(
                    Action::TellChildItWillBePassedOn,
                    Role::Pupil,
                    Immediately,
                    M,
                    "UKCIS nudes 2024 staff response",
                    Some("tell the child the concern will be passed on and that they will get support".to_owned()),
                );
                self.add_note(
                    Action::HoldInitialReviewMeeting,
                    self.dsl(),
                    SameDay,
                    M,
                    "UKCIS nudes 2024 initial review",
                    Some("with the relevant staff; then talk to the children involved if appropriate".to_owned()),
                );
                if self.class.ukcis_triggers.is_empty() {
                    self.add_note(
                        Action::HandleInternallyWithSupport,
                        self.dsl(),
                        SameDay,
                        C,
                        "UKCIS nudes 2024 handled in school",
                        Some(
                            "the school may deal with it internally and can escalate at any time"
                                .to_owned(),
                        ),
                    );
                    self.add(
                        Action::RecordDecisionNotToRefer,
                        self.dsl(),
                        SameDay,
                        M,
                        "UKCIS nudes 2024 recording",
                    );
                    self.add_note(
                        Action::ConsiderDeletionAfterDslConfirms,
                        self.dsl(),
                        Routine,
                        C,
                        "UKCIS nudes 2024 deletion; seed 003 §11.2",
                        Some(
                            "only once the DSL confirms no other agency needs to be involved"
                                .to_owned(),
                        ),
                    );
                }
                self.add(
                    Action::RiskAssessment,
                    self.dsl(),
                    SameDay,
                    M,
                    "seed 003 §11.2",
                );
                self.add(
                    Action::PointToReportRemove,
                    ExternalContact::ReportRemove,
                    SameDay,
                    C,
                    "UKCIS nudes 2024 deletion",
                );
                if self.incident.device == Some(Device::School) {
                    self.add(
                        Action::BlockAndIsolateImage,
                        Role::ItProvider,
                        Immediately,
                        M,
                        "UKCIS nudes 2024 deletion; seed 003 §11.2",
                    );
                }
                self.image_forbidden("Incident nudes_u18; UKCIS nudes 2024 staff response");
            }
            Category::OnlineSexualHarassment => {
                self.add(
                    Action::FollowChildProtectionAndAntiBullyingPolicies,
                    self.dsl(),
                    SameDay,
                    M,
                    "Incident online_sexual_harassment; seed 003 §11.1",
                );
                self.add(
                    Action::SupportAllChildrenInvolved,
                    self.dsl(),
                    SameDay,
                    M,
                    "Incident online_sexual_harassment; seed 003 §11.1",
                );
                if f.criminal_offence_suspected {
                    self.add_note(
                        Action::ReferToPolice,
                        police,
                        SameDay,
                        M,
                        "Incident online_sexual_harassment",
                        None,
                    );
                } else {
                    self.add(
                        Action::ReferToCsc,
                        ExternalContact::CscFrontDoor,
                        SameDay,
                        C,
                        "Incident online_sexual_harassment",
                    );
                }
                if !self.s.sexual_image {
                    self.preserve_evidence();
                }
                self.forbid(
                    &[F::DeleteEvidence, F::BlameChild],
                    "Incident online_sexual_harassment",
                );
            }
            _ => {}
        }
    }
}
