//! Role ids, role assignments with dates and deputies, and the duties each role carries.
//!
//! DOMAIN.md §2 asks for *roles as assignments*, not job titles: one person can hold
//! several roles (in small primaries the head is often the DSL), each from a date, and each
//! role should have a named holder and a deputy. [`Assignments`] answers "who holds role R on
//! date D" and "what are person P's duties on date D".
//!
//! # Example
//!
//! ```
//! use chrono::NaiveDate;
//! use esafety_core::registry::{Assignments, Role};
//!
//! let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
//! let mut roles = Assignments::default();
//! roles.assign("head", Role::Headteacher, d("2024-09-01"), None, None)?;
//! roles.assign("head", Role::Dsl, d("2024-09-01"), None, None)?;
//! roles.assign("ana", Role::DeputyDsl, d("2025-01-06"), Some("head"), None)?;
//!
//! let dsl = roles.holders(Role::Dsl, d("2025-03-01"));
//! assert_eq!(dsl.holders, vec!["head".to_owned()]);
//! assert_eq!(dsl.deputies, vec!["ana".to_owned()]);
//! assert!(roles.duties("head", d("2025-03-01")).iter().any(|duty| duty.role == Role::Dsl));
//! # Ok::<(), esafety_core::registry::RegistryError>(())
//! ```

use super::RegistryError;
use super::aup::Audience;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use crate::vocabulary::Role;

/// Every role, in table order (the vocabulary's [`Role::ALL`]).
pub const ALL_ROLES: &[Role] = Role::ALL;

impl Role {
    /// The AUP audience the role implies, or `None` when the role alone does not say it
    /// (a pupil: `pupil_eyfs_ks1` or `pupil_ks2`).
    ///
    /// This is the *base* audience; school settings add the technician and social-media
    /// AUPs on top and may merge governors into the staff AUP (see
    /// [`SchoolSettings`](super::SchoolSettings)).
    pub fn default_audience(self) -> Option<Audience> {
        match self {
            Role::GoverningBoard | Role::NamedGovernor | Role::ChairOfGovernors => {
                Some(Audience::Governor)
            }
            Role::Headteacher
            | Role::Slt
            | Role::SltFmLead
            | Role::Dsl
            | Role::DeputyDsl
            | Role::OnlineSafetyLead
            | Role::ItProvider
            | Role::DataProtectionLead
            | Role::AllStaff
            | Role::SocialMediaOfficer => Some(Audience::Staff),
            Role::Pupil => None,
            Role::ParentCarer => Some(Audience::ParentCarer),
            Role::Volunteer | Role::Visitor | Role::CommunityUser | Role::Photographer => {
                Some(Audience::Visitor)
            }
        }
    }

    /// Whether `audience` may stand for this adult role's AUP: an override raises an AUP
    /// (a volunteer signing the staff one) and never lowers it, so a staff role keeps a
    /// staff AUP and a governor a governor's or staff one.
    ///
    /// ```
    /// use esafety_core::registry::{Audience, Role};
    ///
    /// assert!(Role::Volunteer.audience_fits(Audience::Staff));
    /// assert!(!Role::Dsl.audience_fits(Audience::Visitor));
    /// assert!(!Role::Headteacher.audience_fits(Audience::PupilKs2));
    /// assert!(Role::Pupil.audience_fits(Audience::PupilKs2) && !Role::Pupil.audience_fits(Audience::Staff));
    /// ```
    pub fn audience_fits(self, audience: Audience) -> bool {
        match (self.default_audience(), audience.is_pupil()) {
            // A pupil's AUP depends on the key stage: any pupil audience, nothing else.
            (None, pupil) => pupil,
            (Some(_), true) => false,
            // The technician and social-media AUPs come on top of the staff one (settings
            // add them); as an override they would replace it.
            (Some(Audience::Staff), false) => audience == Audience::Staff,
            (Some(Audience::Governor), false) => {
                matches!(audience, Audience::Governor | Audience::Staff)
            }
            (Some(_), false) => true,
        }
    }

    /// The national duties of the role (docs/guidance.md "Roles and duties"), paraphrased,
    /// with their source; a school's own duties come from its settings.
    pub fn duties(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Role::GoverningBoard => &[
                (
                    "overall strategic responsibility for filtering, monitoring and online safety",
                    "Roles and duties; KCSIE 2025 Part 2 online safety",
                ),
                (
                    "make sure filtering and monitoring exist and their effectiveness is reviewed at least annually",
                    "Roles and duties; DfE F&M standard 1 roles",
                ),
                (
                    "make sure staff are trained at induction and refreshed regularly",
                    "Roles and duties; KCSIE 2025 Part 2 online safety",
                ),
                (
                    "appoint a named governor for filtering, monitoring and online safety",
                    "Roles and duties; DfE F&M standard 1 roles",
                ),
            ],
            Role::NamedGovernor => &[
                (
                    "link governor for safeguarding and online safety",
                    "Roles and duties; DfE F&M standard 1 roles",
                ),
                (
                    "take part in the filtering and monitoring review",
                    "Roles and duties; DfE F&M standard 1 roles",
                ),
                ("report to the governing board", "Roles and duties"),
            ],
            Role::ChairOfGovernors => &[(
                "case manager when an allegation concerns the headteacher",
                "Roles and duties; KCSIE 2025 Part 4 allegations",
            )],
            Role::Headteacher => &[
                (
                    "make sure the online-safety policy is implemented",
                    "Roles and duties",
                ),
                (
                    "case manager for allegations against staff",
                    "Roles and duties; KCSIE 2025 Part 4 allegations",
                ),
                (
                    "approve exceptions the policy reserves to the headteacher",
                    "Roles and duties",
                ),
            ],
            Role::Slt => &[(
                "approve exceptions the policy reserves to the senior leadership team",
                "Roles and duties",
            )],
            Role::SltFmLead => &[
                (
                    "procure the filtering and monitoring systems",
                    "Roles and duties; DfE F&M standard 1 roles",
                ),
                (
                    "document what is blocked or allowed, and why",
                    "Roles and duties; DfE F&M standard 1 roles",
                ),
                (
                    "review effectiveness and oversee reports",
                    "Roles and duties; DfE F&M standard 1 roles",
                ),
                (
                    "make sure staff understand their role, are trained, follow procedure and act on reports",
                    "Roles and duties; DfE F&M standard 1 roles",
                ),
                (
                    "approve unblock requests and filter changes (logged)",
                    "Roles and duties; Filter unblock requests",
                ),
            ],
            Role::Dsl | Role::DeputyDsl => &[
                (
                    "lead responsibility for online safety, including understanding filtering and monitoring",
                    "Roles and duties; KCSIE 2025 Annex C",
                ),
                (
                    "act on filtering and monitoring reports and safeguarding concerns",
                    "Roles and duties",
                ),
                (
                    "keep the incident and concern record and spot trends",
                    "Roles and duties",
                ),
                (
                    "refer to children's social care, police, Prevent, LADO and Cyber Choices",
                    "Roles and duties",
                ),
                (
                    "lead the nudes and semi-nudes response",
                    "Roles and duties; UKCIS nudes 2024 initial review",
                ),
                (
                    "the only person who may view an image, and only when unavoidable",
                    "Roles and duties; UKCIS nudes 2024 viewing",
                ),
                (
                    "DSL training every 2 years plus at least annual updates",
                    "Roles and duties; KCSIE 2025 Annex C",
                ),
            ],
            Role::OnlineSafetyLead => &[(
                "work with the head and DSL on online safety",
                "Roles and duties",
            )],
            Role::ItProvider => &[
                (
                    "maintain the filtering and monitoring systems and provide reports",
                    "Roles and duties; DfE F&M standard 1 roles",
                ),
                (
                    "carry out the actions that follow concerns or checks",
                    "Roles and duties; DfE F&M standard 1 roles",
                ),
            ],
            Role::DataProtectionLead => &[
                (
                    "be told immediately of any loss of personal data",
                    "Roles and duties",
                ),
                (
                    "decide whether the ICO must be notified (72 hours)",
                    "Roles and duties; UK GDPR Art 33",
                ),
                (
                    "approve DPIAs for new apps and platforms",
                    "Roles and duties",
                ),
            ],
            Role::AllStaff => &[
                (
                    "read and sign the AUP",
                    "Roles and duties; AUP sign before access",
                ),
                (
                    "report concerns to the DSL straight away",
                    "Roles and duties; KCSIE 2025 Part 1",
                ),
                (
                    "know the filtering and monitoring arrangements",
                    "Roles and duties; DfE F&M standard 1 roles",
                ),
                (
                    "report a filtering failure, over-blocking or suspected misuse",
                    "Roles and duties",
                ),
                (
                    "never investigate image incidents themselves",
                    "Roles and duties; UKCIS nudes 2024 staff response",
                ),
            ],
            Role::Volunteer => &[
                ("read and sign the AUP for their audience", "AUP audiences"),
                (
                    "report concerns to the DSL straight away",
                    "Roles and duties; KCSIE 2025 Part 1",
                ),
            ],
            Role::SocialMediaOfficer => &[(
                "run official accounts only as the school approves",
                "Roles and duties; AUP audiences",
            )],
            Role::Pupil => &[
                ("follow the age-appropriate AUP", "Roles and duties"),
                ("tell a trusted adult", "Roles and duties"),
            ],
            Role::ParentCarer => &[
                (
                    "give or withhold image consent per channel",
                    "Roles and duties; Consent channels",
                ),
                (
                    "follow the event-photo rules",
                    "Roles and duties; Consent rule 11",
                ),
            ],
            Role::Visitor | Role::CommunityUser => &[
                (
                    "follow the visitor notice or AUP",
                    "Roles and duties; AUP audiences",
                ),
                (
                    "follow the school's rules on photography",
                    "Roles and duties; Local choice personal devices",
                ),
            ],
            Role::Photographer => &[(
                "photograph only for the agreed purpose, subject to consent",
                "Roles and duties; Consent channels",
            )],
        }
    }
}

pub(crate) use crate::vocabulary::short;

/// One person holding one role from a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Assignment {
    /// The person's id (never a name).
    pub person: String,
    /// The role held.
    pub role: Role,
    /// First day the role is held.
    pub since: NaiveDate,
    /// Last day the role is held, when it has ended.
    pub until: Option<NaiveDate>,
    /// The person this one deputises for in the same role, when a deputy.
    pub deputy_for: Option<String>,
    /// The AUP audience named on assignment (required for pupils, an override otherwise).
    pub audience: Option<Audience>,
}

impl Assignment {
    /// Whether the assignment is in force on `on`.
    pub fn active_on(&self, on: NaiveDate) -> bool {
        self.since <= on && self.until.is_none_or(|u| on <= u)
    }

    /// The AUP audience this assignment requires: the one named on assignment, else the
    /// role's default.
    pub fn audience(&self) -> Option<Audience> {
        self.audience.or_else(|| self.role.default_audience())
    }
}

/// Who holds a role on a date: main holders and named deputies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RoleHolders {
    /// The role asked about.
    pub role: Role,
    /// The date asked about.
    pub on: NaiveDate,
    /// People holding the role in their own right, sorted.
    pub holders: Vec<String>,
    /// People deputising in the role (assigned with `deputy_for`, and for `dsl` also every
    /// `deputy_dsl`), sorted.
    pub deputies: Vec<String>,
    /// Whether the role has no holder in their own right on that date (DOMAIN.md §2: each
    /// role must have a named holder); a post covered only by deputies is vacant, as
    /// `vacancies` says.
    pub vacant: bool,
    /// Whether the role has holders but no deputy (DOMAIN.md §2: each role must have a
    /// deputy).
    pub no_deputy: bool,
}

/// One duty a person carries because of a role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Duty {
    /// The role the duty comes from.
    pub role: Role,
    /// What the person must do.
    pub duty: String,
    /// Whether the person holds the role as a deputy.
    pub as_deputy: bool,
    /// Where the duty comes from.
    pub source: String,
}

/// The assignment book: every role assignment ever made, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Assignments {
    entries: Vec<Assignment>,
}

impl Assignments {
    /// Records that `person` holds `role` from `since`.
    ///
    /// Assigning the same role to the same person again from a later date supersedes the
    /// earlier assignment (it ends the day before), which is how an audience change is
    /// recorded (a pupil moving from `pupil_eyfs_ks1` to `pupil_ks2`). Assigning it again
    /// from the same date replaces it.
    ///
    /// # Errors
    ///
    /// [`RegistryError::EmptyId`] for an empty person or deputy id,
    /// [`RegistryError::AudienceRequired`] when the role is `pupil` and no audience is given,
    /// [`RegistryError::AudienceNotForRole`] when a pupil audience is given to an adult role
    /// or an adult audience to a pupil, or one lower than the role's own (a DSL with the
    /// visitor AUP; [`Role::audience_fits`]), [`RegistryError::SelfDeputy`] when a person is named
    /// as their own deputy.
    pub fn assign(
        &mut self,
        person: &str,
        role: Role,
        since: NaiveDate,
        deputy_for: Option<&str>,
        audience: Option<Audience>,
    ) -> Result<&Assignment, RegistryError> {
        check_assignment(person, role, deputy_for, audience)?;
        self.entries
            .retain(|a| !(a.person == person && a.role == role && a.since == since));
        // A planned end of the assignment this one supersedes is kept: re-assigning a role
        // (another deputy_for, another audience) does not cancel a recorded leaving date.
        let mut planned_end: Option<NaiveDate> = None;
        for earlier in self
            .entries
            .iter_mut()
            .filter(|a| a.person == person && a.role == role && a.since < since)
        {
            let day_before = since.pred_opt().unwrap_or(since);
            if earlier.until.is_none_or(|u| u >= since) {
                if let Some(end) = earlier.until {
                    planned_end = Some(planned_end.map_or(end, |p: NaiveDate| p.max(end)));
                }
                earlier.until = Some(day_before);
            }
        }
        // Recorded out of order: the new assignment ends where the next one starts.
        let next_start = self
            .entries
            .iter()
            .filter(|a| a.person == person && a.role == role && a.since > since)
            .map(|a| a.since)
            .min()
            .and_then(|next| next.pred_opt());
        let until = match (next_start, planned_end) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.entries.push(Assignment {
            person: person.to_owned(),
            role,
            since,
            until,
            deputy_for: deputy_for.map(str::to_owned),
            audience,
        });
        self.entries
            .sort_by(|a, b| (a.since, &a.person, a.role).cmp(&(b.since, &b.person, b.role)));
        self.entries
            .iter()
            .find(|a| a.person == person && a.role == role && a.since == since)
            .ok_or(RegistryError::UnknownAssignment { role })
    }

    /// Ends `person`'s `role` on `until` (the last day it is held).
    ///
    /// # Errors
    ///
    /// [`RegistryError::UnknownAssignment`] when the person does not hold the role on
    /// `until`.
    pub fn end(&mut self, person: &str, role: Role, until: NaiveDate) -> Result<(), RegistryError> {
        let found = self
            .entries
            .iter_mut()
            .find(|a| a.person == person && a.role == role && a.active_on(until));
        match found {
            Some(a) => {
                a.until = Some(until);
                Ok(())
            }
            None => Err(RegistryError::UnknownAssignment { role }),
        }
    }

    /// Every assignment, oldest first.
    pub fn all(&self) -> &[Assignment] {
        &self.entries
    }

    /// The assignments in force on `on`.
    pub fn active_on(&self, on: NaiveDate) -> impl Iterator<Item = &Assignment> {
        self.entries.iter().filter(move |a| a.active_on(on))
    }

    /// The assignments `person` holds on `on`.
    pub fn of_person(&self, person: &str, on: NaiveDate) -> Vec<&Assignment> {
        self.active_on(on).filter(|a| a.person == person).collect()
    }

    /// The roles `person` holds on `on` (sorted, without repeats).
    pub fn roles_of(&self, person: &str, on: NaiveDate) -> Vec<Role> {
        let mut roles: Vec<Role> = self.of_person(person, on).iter().map(|a| a.role).collect();
        roles.sort();
        roles.dedup();
        roles
    }

    /// The roles whose powers `person` has on `on`: a staff post held as someone's deputy
    /// (`deputy_for`: a deputy head) gives a member of staff's powers, not the post's own
    /// (viewing images, searches, records); `deputy_dsl` is a role of its own and keeps
    /// its powers.
    pub fn acting_roles(&self, person: &str, on: NaiveDate) -> Vec<Role> {
        let mut roles: Vec<Role> = self
            .of_person(person, on)
            .iter()
            .map(|a| match a.deputy_for {
                Some(_)
                    if a.role != Role::DeputyDsl
                        && a.role.default_audience() == Some(Audience::Staff) =>
                {
                    Role::AllStaff
                }
                _ => a.role,
            })
            .collect();
        roles.sort();
        roles.dedup();
        roles
    }

    /// Whether `person` holds `role` on `on` (as holder or deputy).
    pub fn holds(&self, person: &str, role: Role, on: NaiveDate) -> bool {
        self.active_on(on)
            .any(|a| a.person == person && a.role == role)
    }

    /// Every person holding any role on `on`, sorted.
    pub fn people_on(&self, on: NaiveDate) -> Vec<String> {
        let mut people: Vec<String> = self.active_on(on).map(|a| a.person.clone()).collect();
        people.sort();
        people.dedup();
        people
    }

    /// Who holds `role` on `on`, with deputies.
    pub fn holders(&self, role: Role, on: NaiveDate) -> RoleHolders {
        let mut holders = Vec::new();
        let mut deputies = Vec::new();
        for a in self.active_on(on) {
            if a.role == role {
                // A deputy DSL holds the deputy DSL post whoever they deputise for.
                if a.deputy_for.is_some() && role != Role::DeputyDsl {
                    deputies.push(a.person.clone());
                } else {
                    holders.push(a.person.clone());
                }
            } else if role == Role::Dsl && a.role == Role::DeputyDsl {
                deputies.push(a.person.clone());
            }
        }
        holders.sort();
        holders.dedup();
        deputies.sort();
        deputies.dedup();
        RoleHolders {
            role,
            on,
            vacant: holders.is_empty(),
            no_deputy: !holders.is_empty() && deputies.is_empty(),
            holders,
            deputies,
        }
    }

    /// The duties `person` carries on `on`, role by role.
    pub fn duties(&self, person: &str, on: NaiveDate) -> Vec<Duty> {
        let mut out = Vec::new();
        let mut seen = Vec::new();
        for a in self.of_person(person, on) {
            if seen.contains(&a.role) {
                continue;
            }
            seen.push(a.role);
            for (duty, source) in a.role.duties() {
                out.push(Duty {
                    role: a.role,
                    duty: (*duty).to_owned(),
                    as_deputy: a.deputy_for.is_some() || a.role == Role::DeputyDsl,
                    source: (*source).to_owned(),
                });
            }
        }
        out
    }
}

/// What [`Assignments::assign`] refuses in an assignment by itself: an invalid person or
/// deputy id, a person deputising for themselves, a pupil with no audience, an audience
/// that does not fit the role ([`Role::audience_fits`]).
pub(crate) fn check_assignment(
    person: &str,
    role: Role,
    deputy_for: Option<&str>,
    audience: Option<Audience>,
) -> Result<(), RegistryError> {
    check_id(person)?;
    if let Some(d) = deputy_for {
        check_id(d)?;
        if d == person {
            return Err(RegistryError::SelfDeputy);
        }
    }
    match (role, audience) {
        (Role::Pupil, None) => Err(RegistryError::AudienceRequired { role }),
        (r, Some(a)) if !r.audience_fits(a) => {
            Err(RegistryError::AudienceNotForRole { audience: a, role })
        }
        _ => Ok(()),
    }
}

pub use crate::vocabulary::MAX_ID_CHARS;

/// Rejects empty or whitespace-only ids, and ids [`crate::vocabulary::id_problem`] refuses
/// (control or invisible characters, odd spaces, letters not in normal form C, longer than
/// [`MAX_ID_CHARS`]).
pub(crate) fn check_id(id: &str) -> Result<(), RegistryError> {
    if id.trim().is_empty() {
        return Err(RegistryError::EmptyId);
    }
    match crate::vocabulary::id_problem(id) {
        Some(reason) => Err(RegistryError::InvalidId { reason }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn ids_round_trip_and_aliases() {
        for &role in ALL_ROLES {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), role);
            assert!(!role.duties().is_empty());
        }
        assert_eq!("technician".parse::<Role>().unwrap(), Role::ItProvider);
        assert_eq!("governor".parse::<Role>().unwrap(), Role::GoverningBoard);
        let err = RegistryError::from("janitor".parse::<Role>().unwrap_err());
        assert_eq!(crate::ErrorCode::code(&err), "registry_unknown_role");
    }

    #[test]
    fn later_assignment_supersedes_earlier_one() {
        let mut book = Assignments::default();
        book.assign(
            "p1",
            Role::Pupil,
            d("2023-09-01"),
            None,
            Some(Audience::PupilEyfsKs1),
        )
        .unwrap();
        book.assign(
            "p1",
            Role::Pupil,
            d("2025-09-01"),
            None,
            Some(Audience::PupilKs2),
        )
        .unwrap();
        let on_old = book.of_person("p1", d("2025-08-31"));
        assert_eq!(on_old.len(), 1);
        assert_eq!(on_old[0].audience(), Some(Audience::PupilEyfsKs1));
        let on_new = book.of_person("p1", d("2025-09-01"));
        assert_eq!(on_new.len(), 1);
        assert_eq!(on_new[0].audience(), Some(Audience::PupilKs2));
    }

    #[test]
    fn assignments_recorded_out_of_order_do_not_overlap() {
        let mut book = Assignments::default();
        book.assign(
            "p1",
            Role::Pupil,
            d("2025-09-01"),
            None,
            Some(Audience::PupilKs2),
        )
        .unwrap();
        book.assign(
            "p1",
            Role::Pupil,
            d("2023-09-01"),
            None,
            Some(Audience::PupilEyfsKs1),
        )
        .unwrap();
        assert_eq!(book.of_person("p1", d("2025-09-01")).len(), 1);
        assert_eq!(
            book.of_person("p1", d("2025-08-31"))[0].audience(),
            Some(Audience::PupilEyfsKs1)
        );
    }

    #[test]
    fn pupils_need_a_pupil_audience() {
        let mut book = Assignments::default();
        let err = book
            .assign("p", Role::Pupil, d("2025-09-01"), None, None)
            .unwrap_err();
        assert_eq!(crate::ErrorCode::code(&err), "registry_audience_required");
        let err = book
            .assign(
                "p",
                Role::Pupil,
                d("2025-09-01"),
                None,
                Some(Audience::Staff),
            )
            .unwrap_err();
        assert_eq!(
            crate::ErrorCode::code(&err),
            "registry_audience_not_for_role"
        );
        let err = book
            .assign(
                "t",
                Role::AllStaff,
                d("2025-09-01"),
                None,
                Some(Audience::PupilKs2),
            )
            .unwrap_err();
        assert_eq!(
            crate::ErrorCode::code(&err),
            "registry_audience_not_for_role"
        );
    }

    #[test]
    fn holders_deputies_and_vacancies() {
        let mut book = Assignments::default();
        book.assign("a", Role::SltFmLead, d("2024-09-01"), None, None)
            .unwrap();
        book.assign("b", Role::SltFmLead, d("2024-10-01"), Some("a"), None)
            .unwrap();
        let h = book.holders(Role::SltFmLead, d("2024-09-15"));
        assert_eq!(h.holders, vec!["a"]);
        assert!(h.no_deputy);
        let h = book.holders(Role::SltFmLead, d("2024-10-01"));
        assert_eq!(h.deputies, vec!["b"]);
        assert!(!h.no_deputy);
        assert!(book.holders(Role::Dsl, d("2024-10-01")).vacant);
        book.end("a", Role::SltFmLead, d("2025-07-31")).unwrap();
        assert!(
            book.holders(Role::SltFmLead, d("2025-08-01"))
                .holders
                .is_empty()
        );
        assert!(book.end("a", Role::SltFmLead, d("2025-08-02")).is_err());
    }

    #[test]
    fn duties_follow_roles() {
        let mut book = Assignments::default();
        book.assign("h", Role::Headteacher, d("2024-09-01"), None, None)
            .unwrap();
        book.assign("h", Role::Dsl, d("2025-01-01"), None, None)
            .unwrap();
        assert!(
            book.duties("h", d("2024-12-31"))
                .iter()
                .all(|x| x.role == Role::Headteacher)
        );
        assert!(
            book.duties("h", d("2025-01-01"))
                .iter()
                .any(|x| x.role == Role::Dsl)
        );
        assert!(book.duties("nobody", d("2025-01-01")).is_empty());
    }
}
