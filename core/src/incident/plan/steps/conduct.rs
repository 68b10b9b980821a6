//! Behaviour online: online hate, cyberbullying, cybercrime, unauthorised recording.

use super::super::Deadline::*;
use super::super::action::Action;
use super::super::forbidden::ForbiddenAction as F;
use super::super::{Builder, C, M};
use crate::incident::classify::Category;
use crate::incident::input::Role;
use crate::incident::profile::{ExternalContact, PupilHackingRoute};

impl Builder<'_> {
    /// The steps and forbidden actions of `OnlineHate`, `Cyberbullying`, `Cybercrime`, `UnauthorisedRecording`.
    pub(in crate::incident::plan) fn conduct_steps(&mut self, c: Category) {
        let f = self.incident.facts;
        let police = self.police();
        match c {
            Category::OnlineHate => {
                self.add(
                    Action::KeepEvidence,
                    Role::AllStaff,
                    Immediately,
                    M,
                    "Incident online_hate",
                );
                self.add(
                    Action::FollowBehaviourOrAntiBullyingPolicy,
                    self.dsl(),
                    SameDay,
                    M,
                    "Incident online_hate; seed 003 §11.6",
                );
                if f.criminal_offence_suspected {
                    self.add(
                        Action::ReferToPolice,
                        police,
                        SameDay,
                        M,
                        "Incident online_hate; seed 003 §11.6",
                    );
                } else {
                    self.add_note(
                        Action::SeekPoliceOrHateServiceAdvice,
                        ExternalContact::PoliceNonEmergency,
                        SameDay,
                        C,
                        "seed 003 §11.6",
                        Some("if unsure whether an offence was committed".to_owned()),
                    );
                }
                self.preserve_evidence();
                self.forbid(&[F::DeleteEvidence], "Incident online_hate");
            }
            Category::Cyberbullying => {
                self.add_note(
                    Action::KeepEvidence,
                    Role::AllStaff,
                    Immediately,
                    M,
                    "Incident cyberbullying; seed 000 Cyberbullying",
                    Some("screenshots with dates and usernames; advise those involved to keep them too".to_owned()),
                );
                self.add(
                    Action::FollowAntiBullyingPolicy,
                    self.dsl(),
                    SameDay,
                    M,
                    "Incident cyberbullying; seed 000 Cyberbullying; seed 004 §6.2",
                );
                if !self.has(Category::StaffAllegation) {
                    self.add_note(
                        Action::IdentifyThoseInvolved,
                        self.dsl(),
                        SameDay,
                        C,
                        "seed 000 Cyberbullying",
                        Some("school system logs, witnesses, the service provider".to_owned()),
                    );
                }
                self.add(
                    Action::RequestContentRemoval,
                    self.dsl(),
                    SameDay,
                    C,
                    "Incident cyberbullying",
                );
                self.add(
                    Action::SuspendAccess,
                    Role::ItProvider,
                    SameDay,
                    C,
                    "Incident cyberbullying; seed 000 Cyberbullying",
                );
                if f.criminal_offence_suspected {
                    self.add(
                        Action::ReferToPolice,
                        police,
                        SameDay,
                        M,
                        "Incident cyberbullying; seed 000 Cyberbullying",
                    );
                }
                self.preserve_evidence();
                self.forbid(&[F::DeleteEvidence], "Incident cyberbullying");
            }
            Category::Cybercrime => {
                self.add(
                    Action::FollowBehaviourPolicy,
                    self.dsl(),
                    SameDay,
                    M,
                    "Incident cybercrime; seed 003 §11.8",
                );
                match self.profile.settings.pupil_hacking_route {
                    PupilHackingRoute::CyberChoices => self.add_note(
                        Action::ReferToCyberChoices,
                        ExternalContact::CyberChoicesRocu,
                        Routine,
                        M,
                        "Incident cybercrime; seed 003 §11.8",
                        Some("early intervention; no set deadline".to_owned()),
                    ),
                    PupilHackingRoute::Police => self.add(
                        Action::ReferToPolice,
                        ExternalContact::PoliceNonEmergency,
                        Routine,
                        M,
                        "Computer Misuse Act 1990; seed 000 Assessment of risk; school policy (pupil_hacking_route = police)",
                    ),
                }
                if f.criminal_offence_suspected {
                    self.add(
                        Action::ReferToPolice,
                        police,
                        SameDay,
                        M,
                        "Incident cybercrime",
                    );
                }
                if f.coercion_or_blackmail {
                    self.add(
                        Action::FollowLocalExploitationProcedure,
                        self.dsl(),
                        SameDay,
                        M,
                        "Incident cybercrime; seed 003 §11.8",
                    );
                }
                self.preserve_evidence();
                self.forbid(&[F::DeleteEvidence], "Incident R6");
            }
            Category::UnauthorisedRecording => {
                self.add_note(
                    Action::ChallengeAndAskForDeletion,
                    Role::AllStaff,
                    Immediately,
                    M,
                    "Incident unauthorised_recording; seed 001 Staff use of personal devices and mobile phones; seed 003 §9.2",
                    Some(
                        "challenge when safe, ask for deletion or removal, tell the DSL".to_owned(),
                    ),
                );
                self.add_note(
                    Action::CheckForProtectedChildren,
                    self.dsl(),
                    SameDay,
                    C,
                    "Incident unauthorised_recording",
                    Some("if an identifiable child is also protected, treat it as a safeguarding issue".to_owned()),
                );
            }
            _ => {}
        }
    }
}
