//! Terrorist content and radicalisation (Prevent).

use super::super::Deadline::*;
use super::super::action::Action;
use super::super::forbidden::ForbiddenAction as F;
use super::super::{Builder, C, M};
use crate::incident::classify::Category;
use crate::incident::input::{Alleged, Role};
use crate::incident::profile::ExternalContact;

impl Builder<'_> {
    /// The steps and forbidden actions of `TerroristContent`, `Radicalisation`.
    pub(in crate::incident::plan) fn extremism_steps(&mut self, c: Category) {
        let f = self.incident.facts;
        let police = self.police();
        match c {
            Category::TerroristContent => {
                self.add(
                    Action::BlockUrl,
                    Role::ItProvider,
                    Immediately,
                    M,
                    "Incident terrorist_content",
                );
                self.add_note(
                    Action::ReportTerroristContent,
                    ExternalContact::CounterTerrorismReporting,
                    SameDay,
                    M,
                    "Incident terrorist_content",
                    Some(
                        "report it online via the government 'report terrorism' service".to_owned(),
                    ),
                );
                let community = f.shared_further
                    || (f.deliberate
                        && matches!(
                            self.incident.alleged,
                            Some(Alleged::Pupil | Alleged::Staff | Alleged::Parent)
                        ));
                self.add(
                    Action::ReferToPolice,
                    police,
                    if community { Immediately } else { SameDay },
                    community,
                    "Incident terrorist_content",
                );
                self.add(
                    Action::ConsiderPreventReferral,
                    ExternalContact::PreventTeam,
                    SameDay,
                    C,
                    "Incident terrorist_content",
                );
                self.forbid(&[F::ShareContentFurther], "Incident terrorist_content");
            }
            Category::Radicalisation => {
                if self.s.staff_alleged {
                    self.add(
                        Action::ReportToCaseManager,
                        self.case_manager(),
                        Immediately,
                        M,
                        "Incident radicalisation; seed 003 §11.7",
                    );
                } else {
                    self.add_note(
                        Action::ReferToPrevent,
                        ExternalContact::PreventTeam,
                        SameDay,
                        M,
                        "Incident radicalisation; seed 003 §11.7",
                        Some("through the local Prevent pathway; Channel support is voluntary and consent-based".to_owned()),
                    );
                }
                if self.danger() {
                    self.add(
                        Action::CallAntiTerroristHotline,
                        ExternalContact::CounterTerrorismReporting,
                        Immediately,
                        C,
                        "Incident radicalisation",
                    );
                }
                self.forbid(&[F::IgnoreBecauseOnline], "Incident radicalisation");
            }
            _ => {}
        }
    }
}
