//! The universal rules of every plan: 999 first, the case manager for allegations, the
//! DSL, the category steps, UKCIS referrals, other schools (R4) and device searches (R7).

use super::Deadline;
use super::action::Action;
use super::builder::{Builder, C, M};
use crate::incident::classify::{Category, UkcisTrigger};
use crate::incident::input::{Alleged, Device, Role};
use crate::incident::profile::{ExternalContact, FirstContact, SearchRule};

impl Builder<'_> {
    /// `out_of_hours`: when the incident was reported, if out of hours ("at the weekend").
    pub(super) fn build(&mut self, out_of_hours: Option<&str>) {
        let f = self.incident.facts;
        // A monitoring alert has been seen by nobody yet: the DSL (who acts on alerts)
        // reads it first and calls 999 when danger cannot be ruled out (DfE F&M standard 4).
        if self.system_raised() {
            // Out of hours, the school's out-of-hours contact receives it first.
            let contact = self.not_the_subject(self.profile.settings.out_of_hours_alert_contact);
            if let Some(when) = out_of_hours
                && contact != self.dsl()
            {
                self.out_of_hours_step(when);
            }
            self.add_note(
                Action::ReportToDsl,
                self.dsl(),
                Deadline::Immediately,
                M,
                "Incident R1; DfE F&M standard 4 monitoring",
                Some("a system raised this alert and nobody has seen it yet: the DSL (or the out-of-hours contact) reads it now and calls 999 if danger cannot be ruled out".to_owned()),
            );
        }
        // R2: 999 first, whatever the category.
        if self.danger() {
            self.add_note(
                Action::Call999,
                ExternalContact::PoliceEmergency,
                Deadline::Immediately,
                M,
                "Incident R2; Incident timing",
                Some("a child is in immediate danger or at risk of harm: call 999 now, then tell the DSL".to_owned()),
            );
            // R2: children's social care and/or the police, immediately, when a child is
            // at immediate risk: 999 may be enough, so the DSL decides at once.
            if self.s.child {
                self.add_note(
                    Action::ReferToCsc,
                    ExternalContact::CscFrontDoor,
                    Deadline::Immediately,
                    C,
                    "Incident R2; Working Together 2023 referral",
                    Some("a child is at immediate risk: the DSL decides now whether children's social care is called beside 999".to_owned()),
                );
            }
        }
        // R3: allegations about adults working at the school go to the case manager first.
        if self.has(Category::StaffAllegation) {
            let cm = self.case_manager();
            let note = if cm == Role::ChairOfGovernors {
                "the allegation is about the headteacher: the chair of governors is the case manager; do not route it through the head"
            } else {
                "the headteacher is the case manager for allegations against staff"
            };
            self.add_note(
                Action::ReportToCaseManager,
                cm,
                Deadline::Immediately,
                M,
                "Incident R3; Incident staff_allegation; KCSIE 2025 Part 4 allegations",
                Some(note.to_owned()),
            );
        }
        // Seed 004: suspected nude image → confiscate, tell the head, who decides with the DSL.
        let image_case = self.class.all().any(Category::is_sexual_image);
        if image_case
            && self.profile.settings.first_contact_image_incidents == FirstContact::Headteacher
            && !self.head_subject()
        {
            self.add_note(
                Action::SecureDevice,
                Role::AllStaff,
                Deadline::Immediately,
                M,
                "seed 004 §6.3; Local choice image first contact",
                Some("confiscate the device without looking at the image".to_owned()),
            );
            self.add_note(
                Action::ReportToHeadteacher,
                Role::Headteacher,
                Deadline::Immediately,
                M,
                "seed 004 §6.3; Local choice image first contact",
                Some("the headteacher decides what happens next; the DSL makes the decision under UKCIS".to_owned()),
            );
        }
        // R1: the DSL, immediately (data categories: the same day; the DPL leads).
        let data_only = self
            .class
            .all()
            .all(|c| matches!(c, Category::DataBreach | Category::ImageConsentBreach));
        let dsl = self.dsl();
        let dsl_note = if self.has(Category::StaffAllegation) && dsl == Role::DeputyDsl {
            Some("the DSL is the subject of the allegation: the deputy DSL looks after the child's welfare while the case manager handles it".to_owned())
        } else if self.has(Category::StaffAllegation) {
            Some("the DSL looks after the child's welfare while the case manager handles the allegation".to_owned())
        } else if dsl == Role::DeputyDsl && self.head_subject() {
            Some("the headteacher is the DSL and the subject: use the deputy DSL".to_owned())
        } else if dsl == Role::DeputyDsl {
            Some("the DSL is the subject: use the deputy DSL".to_owned())
        } else {
            None
        };
        self.add_note(
            Action::ReportToDsl,
            dsl,
            // With a child in danger the DSL is told at once, whatever the category
            // (R1; the 999 note says "then tell the DSL").
            if data_only && !self.danger() {
                Deadline::SameDay
            } else {
                Deadline::Immediately
            },
            M,
            "Incident R1",
            dsl_note,
        );
        if let Some(when) = out_of_hours {
            self.out_of_hours_step(when);
        }
        if self.profile.settings.online_safety_lead {
            self.add(
                Action::InformOnlineSafetyLead,
                Role::OnlineSafetyLead,
                Deadline::SameDay,
                C,
                "seed 000 Technical Infrastructure",
            );
        }

        let categories: Vec<Category> = self.class.all().collect();
        for c in categories {
            self.category_steps(c);
        }
        // UKCIS immediate referral (a)-(e), for every image incident.
        self.ukcis_referrals();
        self.threat_steps();

        // R4: other schools or the public → police first, then the LA team.
        if f.other_schools_involved || f.public_at_risk {
            let police_step = self.steps.iter().any(|s| {
                s.mandatory && s.action == Action::ReferToPolice || s.action == Action::Call999
            });
            if !police_step {
                self.add_note(
                    Action::ConsultPoliceBeforeSharing,
                    ExternalContact::PoliceNonEmergency,
                    Deadline::SameDay,
                    M,
                    "Incident R4; seed 003 §10",
                    Some(
                        "talk to the police first so that an investigation is not compromised"
                            .to_owned(),
                    ),
                );
            }
            self.add_note(
                Action::ShareWithLaEducationSafeguarding,
                ExternalContact::LaEducationSafeguarding,
                Deadline::SameDay,
                M,
                "Incident R4; seed 000 Reporting and Response to incidents; seed 001 Responding to Online Incidents and Safeguarding Concerns",
                Some("only after the police have been consulted; the LA team tells the other schools".to_owned()),
            );
        }

        // R2: a suspected offence goes to the police through 101 when no rule above has
        // brought them in (advice or referral, as the DSL judges and records).
        let police_step = self.steps.iter().any(|s| {
            matches!(
                s.recipient,
                crate::incident::profile::Recipient::External(
                    ExternalContact::PoliceNonEmergency | ExternalContact::PoliceEmergency
                )
            )
        });
        if f.criminal_offence_suspected && !police_step {
            self.add_note(
                Action::ReferToPolice,
                ExternalContact::PoliceNonEmergency,
                Deadline::SameDay,
                M,
                "Incident R2",
                Some("a criminal offence is suspected: police advice or referral through 101 (the DSL decides which and records it)".to_owned()),
            );
        }

        self.local_escalation();

        // R7: searching a pupil's personal device.
        let evidence_on_device = image_case
            || self.has(Category::Cyberbullying)
            || self.has(Category::OnlineSexualHarassment)
            || self.has(Category::OnlineHate);
        let pupil_device = self.incident.device == Some(Device::Personal)
            && self.incident.subjects.iter().any(|s| s.role == Role::Pupil)
            && matches!(
                self.incident.alleged,
                Some(Alleged::Pupil) | None | Some(Alleged::Unknown)
            );
        if evidence_on_device && pupil_device {
            let (note, source) = match self.profile.settings.search_rule {
                SearchRule::Dfe => (
                    "searches and deletions follow the DfE 'Searching, screening and confiscation' guidance",
                    "Incident R7",
                ),
                SearchRule::PupilOrParentConsent => (
                    "a member of the leadership team searches, with the consent of the pupil or a parent",
                    "seed 001 Pupils' use of personal devices and mobile phones; Incident R7",
                ),
                SearchRule::PupilConsentElseParents => (
                    "ask the pupil's consent; if they refuse there is no search and parents are called immediately",
                    "seed 004 §6.3; Incident R7",
                ),
            };
            self.add_note(
                Action::SearchDevicePerSchoolRule,
                Role::Dsl,
                Deadline::SameDay,
                C,
                source,
                Some(note.to_owned()),
            );
            if self.profile.settings.search_rule == SearchRule::PupilConsentElseParents {
                self.add_note(
                    Action::CallParentsIfSearchRefused,
                    Role::ParentCarer,
                    Deadline::Immediately,
                    C,
                    "seed 004 §6.3",
                    Some("if the pupil refuses a search, call the parents immediately".to_owned()),
                );
            }
        }
    }

    /// A threat to kill or hurt someone, or a weapon brought to school, whatever its category:
    /// the police at once, and 999 considered if it could be carried out now.
    fn threat_steps(&mut self) {
        if !self.holds(super::Condition::Threat) {
            return;
        }
        let police = self.police();
        self.add_note(
            Action::ReferToPolice,
            police,
            Deadline::Immediately,
            M,
            "Incident R2; Incident cyberbullying",
            Some("a threat of serious violence is told to the police at once, not at the end of the day".to_owned()),
        );
        if !self.danger() {
            self.add_note(
                Action::Call999IfImminentRisk,
                ExternalContact::PoliceEmergency,
                Deadline::Immediately,
                C,
                "Incident R2; Incident cyberbullying",
                Some("a threat to kill or hurt someone, or a weapon brought to school: 999 if it could be carried out now or the child cannot be found".to_owned()),
            );
        }
    }

    /// Whether a monitoring or filtering system raised the incident (no person reported it).
    fn system_raised(&self) -> bool {
        self.incident.reporter.is_none()
            && (!self.incident.hits.is_empty()
                || self.incident.tags.iter().any(|t| {
                    matches!(
                        t.as_str(),
                        "monitoring_alert" | "filter_alert" | "filter_block"
                    )
                }))
    }

    /// Seed 000: serious incidents go to the LA education safeguarding team and the LADO;
    /// the school asks them when unsure how to proceed.
    fn local_escalation(&mut self) {
        if !self.profile.settings.serious_incidents_to_la_and_lado {
            return;
        }
        let source = "seed 000 Reporting and Response to incidents";
        if self.class.severity >= 4 {
            for (action, to) in [
                (
                    Action::ShareWithLaEducationSafeguarding,
                    ExternalContact::LaEducationSafeguarding,
                ),
                (Action::ReferToLado, ExternalContact::Lado),
            ] {
                // The LADO deals with adults who work with children: a must only when one
                // is the subject (KCSIE 2025 Part 4), otherwise the school may ask.
                let must = action != Action::ReferToLado || self.s.staff_alleged;
                self.add_note(
                    action,
                    to,
                    Deadline::SameDay,
                    must,
                    source,
                    Some("a serious online safety incident: the school informs the Education Safeguarding Service and the LADO".to_owned()),
                );
            }
        } else {
            self.add_note(
                Action::ShareWithLaEducationSafeguarding,
                ExternalContact::LaEducationSafeguarding,
                Deadline::SameDay,
                C,
                source,
                Some("if unsure how to proceed, escalate to the Education Safeguarding Service or the LADO".to_owned()),
            );
        }
    }

    /// UKCIS immediate referral at the initial review: police, and CSC for child-welfare
    /// triggers (b)–(e).
    pub(super) fn ukcis_referrals(&mut self) {
        let triggers = self.class.ukcis_triggers.clone();
        if triggers.is_empty() {
            return;
        }
        let sources: Vec<String> = triggers.iter().map(|t| t.source()).collect();
        let source = sources.join("; ");
        let police = self.police();
        self.add_note(
            Action::ReferToPolice,
            police,
            Deadline::Immediately,
            M,
            &source,
            Some(
                "immediate referral at the initial review (UKCIS nudes 2024 referral triggers)"
                    .to_owned(),
            ),
        );
        let welfare: Vec<String> = triggers
            .iter()
            .filter(|t| **t != UkcisTrigger::AdultInvolved)
            .map(|t| t.source())
            .collect();
        if welfare.is_empty() {
            self.add(
                Action::ReferToCsc,
                ExternalContact::CscFrontDoor,
                Deadline::SameDay,
                C,
                &source,
            );
        } else {
            self.add(
                Action::ReferToCsc,
                ExternalContact::CscFrontDoor,
                Deadline::Immediately,
                M,
                &welfare.join("; "),
            );
        }
    }
}
