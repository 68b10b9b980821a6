//! Content, filtering and commerce: inappropriate content, filter bypass or failure, commerce harm, under-age platform use, mis/disinformation.

use super::super::Deadline::*;
use super::super::action::Action;
use super::super::forbidden::ForbiddenAction as F;
use super::super::{Builder, C, M};
use crate::incident::classify::Category;
use crate::incident::input::{Alleged, Role};
use crate::incident::profile::ExternalContact;

impl Builder<'_> {
    /// The steps and forbidden actions of `InappropriateContentDeliberate`, `InappropriateContentAccidental`, `FilterBypass`, `FilterFailure`, `CommerceHarm`, `UnderagePlatformUse`, `MisDisinformation`.
    pub(in crate::incident::plan) fn content_steps(&mut self, c: Category) {
        let f = self.incident.facts;
        match c {
            Category::InappropriateContentDeliberate => {
                if self.s.staff_alleged || matches!(self.incident.alleged, Some(Alleged::Staff)) {
                    self.add(
                        Action::ReportStaffMisuseToHeadteacher,
                        self.case_manager(),
                        SameDay,
                        M,
                        "seed 001 Responding to Online Incidents and Safeguarding Concerns; seed 004 §10",
                    );
                } else {
                    self.add(
                        Action::ApplyBehaviourAndAupSanctions,
                        self.dsl(),
                        SameDay,
                        M,
                        "Incident inappropriate_content_deliberate",
                    );
                }
                self.add(
                    Action::ConsiderWelfareOrChildProtectionSignal,
                    self.dsl(),
                    SameDay,
                    M,
                    "Incident inappropriate_content_deliberate",
                );
                self.add(
                    Action::SuspendAccess,
                    Role::ItProvider,
                    SameDay,
                    C,
                    "Incident inappropriate_content_deliberate",
                );
                if self.url_known() {
                    self.add(
                        Action::BlockUrl,
                        Role::ItProvider,
                        SameDay,
                        M,
                        "Incident inappropriate_content_accidental; seed 003 §7.3.2",
                    );
                }
                self.preserve_evidence();
            }
            Category::InappropriateContentAccidental if self.blocked() => {
                self.add_note(
                    Action::ReviewBlockedAccess,
                    self.dsl(),
                    SameDay,
                    M,
                    "DfE F&M standard 3 filtering; Incident inappropriate_content_accidental",
                    Some("the filter blocked it: check whether it was deliberate, a pattern or a welfare signal".to_owned()),
                );
                self.add(
                    Action::FeedIntoFmReview,
                    Role::SltFmLead,
                    Routine,
                    C,
                    "DfE F&M standard 2 review",
                );
            }
            Category::InappropriateContentAccidental => {
                if self.incident.subjects.iter().any(|s| s.role == Role::Pupil) {
                    self.add(
                        Action::MinimiseScreenAndTellStaff,
                        Role::Pupil,
                        Immediately,
                        M,
                        "Incident inappropriate_content_accidental; seed 003 §7.3.2",
                    );
                }
                self.add_note(
                    Action::ReportUrlToIt,
                    Role::ItProvider,
                    SameDay,
                    M,
                    "Incident inappropriate_content_accidental; seed 003 §7.3.2",
                    Some(
                        "email the URL to the network manager so there is an audit trail"
                            .to_owned(),
                    ),
                );
                self.add(
                    Action::BlockUrl,
                    Role::ItProvider,
                    SameDay,
                    M,
                    "Incident inappropriate_content_accidental; seed 003 §7.3.2",
                );
                self.add(
                    Action::PassUrlToFilteringProvider,
                    ExternalContact::FilteringProvider,
                    SameDay,
                    C,
                    "seed 003 §7.3.2",
                );
                self.add(
                    Action::FeedIntoFmReview,
                    Role::SltFmLead,
                    Routine,
                    C,
                    "DfE F&M standard 2 review",
                );
            }
            Category::FilterBypass | Category::FilterFailure => {
                self.add(
                    Action::CloseFilterGap,
                    Role::ItProvider,
                    SameDay,
                    M,
                    "Incident filter_bypass; Incident filter_failure",
                );
                if c == Category::FilterFailure {
                    self.add(
                        Action::ReportToFilteringProvider,
                        ExternalContact::FilteringProvider,
                        SameDay,
                        C,
                        "seed 003 §7.3.2",
                    );
                } else if f.deliberate {
                    self.add(
                        Action::ApplyBehaviourAndAupSanctions,
                        self.dsl(),
                        SameDay,
                        C,
                        "Incident filter_bypass",
                    );
                }
                self.add(
                    Action::FeedIntoFmReview,
                    Role::SltFmLead,
                    Routine,
                    M,
                    "Incident filter_bypass; DfE F&M standard 2 review",
                );
            }
            Category::CommerceHarm => {
                self.add(
                    Action::EducationalResponse,
                    self.dsl(),
                    Routine,
                    M,
                    "Incident commerce_harm",
                );
                if f.financial_loss {
                    self.add(
                        Action::ReportToActionFraud,
                        ExternalContact::ActionFraud,
                        SameDay,
                        M,
                        "Incident commerce_harm",
                    );
                }
                self.add(
                    Action::BlockCategories,
                    Role::ItProvider,
                    Routine,
                    C,
                    "Incident commerce_harm",
                );
            }
            Category::UnderagePlatformUse => {
                self.add(
                    Action::EducationalResponse,
                    self.dsl(),
                    Routine,
                    C,
                    "Incident underage_platform_use",
                );
                self.forbid(
                    &[F::CreateUnder13Account],
                    "seed 001 Pupils' use of social media; Incident underage_platform_use",
                );
            }
            Category::MisDisinformation => {
                self.add(
                    Action::EducationalResponse,
                    self.dsl(),
                    Routine,
                    M,
                    "Incident mis_disinformation",
                );
                self.add(
                    Action::ReviewFiltering,
                    Role::SltFmLead,
                    Routine,
                    C,
                    "Incident mis_disinformation",
                );
            }
            _ => {}
        }
    }
}
