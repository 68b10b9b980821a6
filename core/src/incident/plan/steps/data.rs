//! Data protection: data breaches and images published against consent.

use super::super::Deadline::*;
use super::super::action::Action;
use super::super::{Builder, C, M};
use crate::incident::classify::Category;
use crate::incident::input::Role;
use crate::incident::profile::ExternalContact;

impl Builder<'_> {
    /// The steps and forbidden actions of `DataBreach`, `ImageConsentBreach`.
    pub(in crate::incident::plan) fn data_steps(&mut self, c: Category) {
        match c {
            Category::DataBreach | Category::ImageConsentBreach => {
                if c == Category::ImageConsentBreach {
                    self.add_note(
                        Action::RemoveImage,
                        Role::SocialMediaOfficer,
                        Immediately,
                        M,
                        "Incident image_consent_breach",
                        Some("take it down from every channel it was published on".to_owned()),
                    );
                }
                self.add(
                    Action::TellDataProtectionLead,
                    Role::DataProtectionLead,
                    Immediately,
                    M,
                    "Incident data_breach; seed 000 Data Protection",
                );
                self.add(
                    Action::RecordInBreachLog,
                    Role::DataProtectionLead,
                    SameDay,
                    M,
                    "Incident data_breach",
                );
                self.add(
                    Action::DecideIcoNotification,
                    Role::DataProtectionLead,
                    Within72h,
                    M,
                    "Incident data_breach; UK GDPR Art 33",
                );
                self.add_note(
                    Action::NotifyIco,
                    ExternalContact::Ico,
                    Within72h,
                    C,
                    "Incident data_breach; UK GDPR Art 33",
                    Some(
                        "only if the breach is likely to risk people's rights and freedoms"
                            .to_owned(),
                    ),
                );
            }
            _ => {}
        }
    }
}
