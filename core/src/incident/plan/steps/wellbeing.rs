//! Self-harm and suicide.

use super::super::Deadline::*;
use super::super::action::Action;
use super::super::forbidden::ForbiddenAction as F;
use super::super::{Builder, C, M};
use crate::incident::profile::ExternalContact;

impl Builder<'_> {
    /// The steps and forbidden actions of `SelfHarmSuicide`.
    pub(in crate::incident::plan) fn wellbeing_steps(&mut self) {
        self.add_note(
            Action::MakeSureChildIsSafeNow,
            self.dsl(),
            Immediately,
            M,
            "Incident self_harm_suicide",
            Some("act on the alert now, out of hours too".to_owned()),
        );
        if !self.danger() {
            self.add_note(
                Action::Call999IfImminentRisk,
                ExternalContact::PoliceEmergency,
                Immediately,
                C,
                "Incident self_harm_suicide",
                Some("if the child cannot be reached or is at imminent risk".to_owned()),
            );
        }
        self.add(
            Action::PastoralOrMentalHealthPathway,
            self.dsl(),
            SameDay,
            M,
            "Incident self_harm_suicide",
        );
        self.forbid(
            &[F::LeaveAlertUnread],
            "Incident self_harm_suicide; UKSIC monitoring",
        );
    }
}
