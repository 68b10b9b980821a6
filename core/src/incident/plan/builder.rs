//! The plan builder: steps are added in the order a person takes them, merged when the
//! same action goes to the same recipient, then sorted by deadline (see the module docs).

use super::action::Action;
use super::forbidden::{ForbiddenAction, ForbiddenDetail};
use super::{Deadline, Step};
use crate::incident::classify::{Category, Classification, Signals, UkcisTrigger};
use crate::incident::input::{Incident, Role};
use crate::incident::profile::{ExternalContact, Recipient, SchoolProfile};

/// `mandatory`: the step must be done.
pub(super) const M: bool = true;
/// `consider`: the step is to be considered.
pub(super) const C: bool = false;

/// Collects the steps and forbidden actions of one plan.
pub(super) struct Builder<'a> {
    pub(super) incident: &'a Incident,
    pub(super) profile: &'a SchoolProfile,
    pub(super) class: &'a Classification,
    pub(super) s: Signals,
    pub(super) steps: Vec<Step>,
    pub(super) forbidden: Vec<ForbiddenDetail>,
    /// The incident was reported out of hours.
    pub(super) out_of_hours: bool,
}

impl Builder<'_> {
    pub(super) fn add(
        &mut self,
        action: Action,
        to: impl Into<Recipient>,
        deadline: Deadline,
        mandatory: bool,
        source: &str,
    ) {
        self.add_note(action, to, deadline, mandatory, source, None);
    }

    pub(super) fn add_note(
        &mut self,
        action: Action,
        to: impl Into<Recipient>,
        deadline: Deadline,
        mandatory: bool,
        source: &str,
        note: Option<String>,
    ) {
        let (recipient, note) = self.away_from_the_alleged(to.into(), note);
        if let Some(existing) = self
            .steps
            .iter_mut()
            .find(|s| s.action == action && s.recipient == recipient)
        {
            existing.deadline = existing.deadline.min(deadline);
            existing.mandatory |= mandatory;
            merge_source(&mut existing.source, source);
            if existing.note.is_none() {
                existing.note = note;
            }
            return;
        }
        self.steps.push(Step {
            action,
            recipient,
            deadline,
            mandatory,
            source: source.to_owned(),
            contact: None,
            note,
        });
    }

    pub(super) fn forbid(&mut self, actions: &[ForbiddenAction], source: &str) {
        for a in actions {
            if !self.forbidden.iter().any(|f| f.action == *a) {
                let text = match self.abuse_imagery() {
                    true => a.describe_for_abuse_imagery(),
                    false => a.describe(),
                };
                self.forbidden.push(ForbiddenDetail {
                    action: *a,
                    text: text.to_owned(),
                    source: source.to_owned(),
                });
            }
        }
    }

    pub(super) fn has(&self, c: Category) -> bool {
        self.class.has(c)
    }

    /// Whether the plan is about child sexual abuse imagery: abuse images, or a sexual image
    /// with an adult involved (sextortion by an adult).
    fn abuse_imagery(&self) -> bool {
        self.has(Category::Csam)
            || (self.s.adult && self.class.all().any(Category::is_sexual_image))
    }

    pub(super) fn danger(&self) -> bool {
        self.incident.facts.immediate_danger
    }

    /// 999 when a child is in danger, or (in an image case) at immediate risk of harm
    /// because of the sharing, presenting as suicidal or self-harming (UKCIS trigger (e);
    /// sextortion: "999 if immediate risk to the child, e.g. suicidal"); otherwise 101.
    pub(super) fn police(&self) -> ExternalContact {
        let immediate_risk = self
            .class
            .ukcis_triggers
            .contains(&UkcisTrigger::ImmediateRisk);
        if self.danger() || immediate_risk {
            ExternalContact::PoliceEmergency
        } else {
            ExternalContact::PoliceNonEmergency
        }
    }

    /// Whether the allegation is about the head: named as such, or as the DSL at a school
    /// whose head is the DSL.
    pub(super) fn head_subject(&self) -> bool {
        self.s.head_alleged || (self.s.dsl_alleged && self.profile.settings.head_is_dsl)
    }

    /// The DSL, or the deputy when the DSL is the subject of the allegation (the head, at a
    /// school whose head is the DSL).
    pub(super) fn dsl(&self) -> Role {
        if self.s.dsl_alleged || (self.profile.settings.head_is_dsl && self.head_subject()) {
            Role::DeputyDsl
        } else {
            Role::Dsl
        }
    }

    /// Who takes an alert meant for `role`: the role, unless its holder is the subject of the
    /// allegation (the DSL, or the head), when the DSL or deputy ([`Builder::dsl`]) takes it.
    pub(super) fn not_the_subject(&self, role: Role) -> Role {
        match role {
            Role::Dsl => self.dsl(),
            Role::Headteacher if self.head_subject() => self.dsl(),
            other => other,
        }
    }

    /// A step addressed to a post held by the member of staff an allegation is about (the IT
    /// provider asked to quarantine the devices they used) goes to the case manager instead,
    /// with a note why: the person alleged must not handle the evidence or be warned by the
    /// step (DOMAIN.md §5.3 `staff_allegation`: do not warn the subject). The DSL and the
    /// head are re-routed by [`Builder::dsl`] and [`Builder::case_manager`].
    fn away_from_the_alleged(
        &self,
        recipient: Recipient,
        note: Option<String>,
    ) -> (Recipient, Option<String>) {
        let Recipient::Role(role) = recipient else {
            return (recipient, note);
        };
        let post = matches!(
            role,
            Role::ItProvider
                | Role::SocialMediaOfficer
                | Role::OnlineSafetyLead
                | Role::DataProtectionLead
                | Role::SltFmLead
        );
        let alleged = self.s.staff_alleged && self.incident.subjects.iter().any(|s| s.role == role);
        if !(post && alleged) {
            return (recipient, note);
        }
        let why = format!(
            "the {} is the subject of the allegation: the case manager has it done by someone else, without warning them",
            role.as_str().replace('_', " ")
        );
        let note = match note {
            Some(n) => format!("{n}; {why}"),
            None => why,
        };
        (Recipient::Role(self.case_manager()), Some(note))
    }

    /// The case manager for allegations: the head, or the chair when it is about the head.
    pub(super) fn case_manager(&self) -> Role {
        if self.head_subject() {
            Role::ChairOfGovernors
        } else {
            Role::Headteacher
        }
    }

    pub(super) fn url_known(&self) -> bool {
        self.incident
            .hits
            .iter()
            .any(|h| h.url.is_some() || h.kind == crate::incident::input::HitKind::Url)
    }

    /// Whether the incident is a filter block drafted by the pipeline (nothing was shown).
    pub(super) fn blocked(&self) -> bool {
        self.incident.tags.iter().any(|t| t == "filter_block")
    }

    pub(super) fn child(&self) -> bool {
        self.s.child
    }

    pub(super) fn finish(&mut self) -> (Vec<Step>, Vec<String>) {
        let mut steps = std::mem::take(&mut self.steps);
        // 999 is the police referral when a child is in danger.
        if let Some(pos) = steps.iter().position(|s| s.action == Action::Call999) {
            let merged: Vec<String> = steps
                .iter()
                .filter(|s| {
                    s.recipient == Recipient::External(ExternalContact::PoliceNonEmergency)
                        && s.action == Action::ReferToPolice
                })
                .map(|s| s.source.clone())
                .collect();
            steps.retain(|s| {
                !(s.recipient == Recipient::External(ExternalContact::PoliceNonEmergency)
                    && s.action == Action::ReferToPolice)
            });
            let police_999: Vec<String> = steps
                .iter()
                .filter(|s| {
                    s.action == Action::ReferToPolice
                        && s.recipient == Recipient::External(ExternalContact::PoliceEmergency)
                })
                .map(|s| s.source.clone())
                .collect();
            steps.retain(|s| {
                !(s.action == Action::ReferToPolice
                    && s.recipient == Recipient::External(ExternalContact::PoliceEmergency))
            });
            if let Some(call) = steps.iter_mut().find(|s| s.action == Action::Call999) {
                for src in merged.into_iter().chain(police_999) {
                    merge_source(&mut call.source, &src);
                }
            }
            let _ = pos;
        }
        // Once the police are a must, the school no longer handles it itself: no decision
        // not to refer, no internal handling, no deletion (UKCIS nudes 2024: deletion
        // only where there is no referral).
        let police_must = |s: &Step| {
            s.mandatory
                && matches!(s.action, Action::ReferToPolice | Action::Call999)
                && matches!(
                    s.recipient,
                    Recipient::External(
                        ExternalContact::PoliceEmergency | ExternalContact::PoliceNonEmergency
                    )
                )
        };
        if steps.iter().any(police_must) {
            steps.retain(|s| {
                !matches!(
                    s.action,
                    Action::RecordDecisionNotToRefer
                        | Action::HandleInternallyWithSupport
                        | Action::ConsiderDeletionAfterDslConfirms
                )
            });
        }
        // "999 if imminent risk" says nothing once 999 is already a must.
        let to_999 = |s: &Step| {
            s.mandatory && s.recipient == Recipient::External(ExternalContact::PoliceEmergency)
        };
        if steps.iter().any(to_999) {
            steps.retain(|s| s.action != Action::Call999IfImminentRisk);
        }
        // R4's consultation with the police before sharing with other schools is not a
        // referral: the record of the decision not to refer says so.
        if steps
            .iter()
            .any(|s| s.action == Action::ConsultPoliceBeforeSharing)
            && let Some(record) = steps
                .iter_mut()
                .find(|s| s.action == Action::RecordDecisionNotToRefer)
        {
            const R4: &str = "consulting the police before sharing with other schools (R4) is advice, not a referral";
            record.note = Some(match record.note.take() {
                Some(note) => format!("{note}; {R4}"),
                None => R4.to_owned(),
            });
        }
        // "Consider a Prevent referral" says nothing once the referral is a must.
        if steps
            .iter()
            .any(|s| s.mandatory && s.action == Action::ReferToPrevent)
        {
            steps.retain(|s| s.action != Action::ConsiderPreventReferral);
        }
        steps.sort_by_key(|s| s.deadline);
        let mut warnings = Vec::new();
        self.out_of_hours_csc(&mut steps, &mut warnings);
        for step in &mut steps {
            if step.contact.is_none() {
                step.contact = self.profile.contact(step.recipient).cloned();
            }
            if let Recipient::External(e) = step.recipient
                && step.contact.is_none()
            {
                let flagged = self.profile.ignored_contacts.contains_key(&step.recipient);
                let msg = if flagged {
                    format!(
                        "the profile's `{e}` contact is flagged (wrong area) and not used: look up the local `{e}` contact"
                    )
                } else {
                    format!(
                        "no `{e}` contact in the school profile: look up the local one and add it"
                    )
                };
                if step.note.is_none() {
                    step.note = Some(msg.clone());
                }
                if !warnings.contains(&msg) {
                    warnings.push(msg);
                }
            }
        }
        (steps, warnings)
    }
}

impl Builder<'_> {
    /// Out of hours the front door of children's social care is closed: a referral goes to
    /// the local authority's emergency duty team (`csc_out_of_hours`) when the profile names
    /// it. When it does not, the step keeps the front door and the plan says the
    /// out-of-hours number is missing (never a quiet default).
    fn out_of_hours_csc(&self, steps: &mut [Step], warnings: &mut Vec<String>) {
        if !self.out_of_hours {
            return;
        }
        let front_door = Recipient::External(ExternalContact::CscFrontDoor);
        let edt = self
            .profile
            .contact(Recipient::External(ExternalContact::CscOutOfHours));
        let mut referred = false;
        for step in steps
            .iter_mut()
            .filter(|s| s.action == Action::ReferToCsc && s.recipient == front_door)
        {
            referred = true;
            if let Some(edt) = edt {
                step.contact = Some(edt.clone());
                const EDT: &str = "reported out of hours: the referral goes to the local authority's emergency duty team (`csc_out_of_hours`), not the front door";
                step.note = Some(match step.note.take() {
                    Some(note) => format!("{EDT}; {note}"),
                    None => EDT.to_owned(),
                });
            }
        }
        if referred && edt.is_none() {
            warnings.push("contacts.csc_out_of_hours: reported out of hours, but the profile names no out-of-hours children's social care contact (the local authority's emergency duty team): the step gives the front door, which may be closed; look up the emergency duty team's number and add it".to_owned());
        }
    }
}

/// Adds each citation of `extra` (`; `-separated) that `source` does not already cite.
///
/// ```text
/// "A; B" + "B; C" -> "A; B; C"
/// ```
fn merge_source(source: &mut String, extra: &str) {
    for citation in extra.split("; ") {
        if !source.split("; ").any(|c| c == citation) {
            source.push_str("; ");
            source.push_str(citation);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn merged_sources_cite_each_citation_once() {
        let mut s = "A; B".to_owned();
        super::merge_source(&mut s, "B; C");
        super::merge_source(&mut s, "A");
        assert_eq!(s, "A; B; C");
        // A citation that only contains another is still added.
        super::merge_source(&mut s, "A B");
        assert_eq!(s, "A; B; C; A B");
    }
}
