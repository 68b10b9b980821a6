//! Role ids: one set of jobs and one alias table for every module.

use super::VocabularyError;
use super::suggest::{hint, short, valid_values};
use serde::{Deserialize, Serialize};

crate::ids::closed_ids! {
    /// A role id from DOMAIN.md §2 (plus `slt` and `volunteer`, see below).
    ///
    /// Ids are snake_case on the wire. [`Role::parse`] also accepts the everyday spellings of
    /// [`ROLE_ALIASES`] (one table for every module); [`Role::as_str`] always gives the
    /// canonical id.
    ///
    /// # Examples
    ///
    /// ```
    /// use esafety_core::vocabulary::Role;
    ///
    /// assert_eq!(Role::parse("head")?, Role::Headteacher);
    /// assert_eq!(Role::parse("volunteer")?, Role::Volunteer);
    /// assert!(Role::Volunteer.works_at_school());
    /// assert!(!Role::ParentCarer.works_at_school());
    /// # Ok::<(), esafety_core::vocabulary::VocabularyError>(())
    /// ```
    #[derive(Serialize, Deserialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    Role {
        /// A member of the governing board (strategic responsibility for F&M and online safety).
        GoverningBoard = "governing_board" | "governor",
        /// The link governor for safeguarding and online safety.
        NamedGovernor = "named_governor",
        /// The chair of governors (case manager when an allegation concerns the head).
        ChairOfGovernors = "chair_of_governors",
        /// The headteacher.
        Headteacher = "headteacher" | "head",
        /// A member of the senior leadership team without a more specific role (an extension
        /// of DOMAIN.md §2, which names SLT approvals in seeds 000, 001 and 004): a deputy or
        /// assistant headteacher.
        Slt = "slt" | "deputy_headteacher" | "deputy_head" | "assistant_headteacher" | "assistant_head",
        /// The named SLT member responsible for filtering and monitoring.
        SltFmLead = "slt_fm_lead",
        /// The designated safeguarding lead.
        Dsl = "dsl",
        /// A deputy designated safeguarding lead.
        DeputyDsl = "deputy_dsl" | "deputy" | "ddsl",
        /// The optional online-safety lead (seed 000).
        OnlineSafetyLead = "online_safety_lead",
        /// The IT provider: staff technician, external technician or admin-account holder.
        ItProvider = "it_provider" | "technician",
        /// The data protection lead or DPO.
        DataProtectionLead = "data_protection_lead" | "dpo",
        /// Any member of staff, including supply staff and contractors with access.
        AllStaff = "all_staff" | "staff" | "teacher" | "supply" | "contractor",
        /// A volunteer (DOMAIN.md §4.2 names "a volunteer becoming staff" as an audience
        /// change); signs the visitor AUP unless given unsupervised access.
        Volunteer = "volunteer",
        /// Staff who run the school's official social-media accounts (seed 001).
        SocialMediaOfficer = "social_media_officer",
        /// A pupil; the AUP audience (`pupil_eyfs_ks1` or `pupil_ks2`) is given on assignment.
        Pupil = "pupil" | "child" | "student",
        /// A parent or carer.
        ParentCarer = "parent_carer" | "parent",
        /// A visitor or guest.
        Visitor = "visitor" | "guest",
        /// A community user of school systems.
        CommunityUser = "community_user",
        /// A professional photographer (never has unsupervised access, seed 000).
        Photographer = "photographer",
    }
}

/// Everyday spellings accepted for a role, one table for every module.
///
/// `volunteer` is a role of its own (it signs the visitor AUP unless given unsupervised
/// access); `staff`, `teacher`, `supply` and `contractor` are any member of staff.
pub const ROLE_ALIASES: &[(&str, Role)] = Role::ALIASES;

impl Role {
    /// Parses a canonical id or an alias of [`ROLE_ALIASES`].
    ///
    /// # Errors
    ///
    /// [`VocabularyError::UnknownRole`], naming the valid ids and the nearest one.
    pub fn parse(id: &str) -> Result<Role, VocabularyError> {
        Role::from_id(id).ok_or_else(|| {
            let ids = Role::ALL.iter().map(|r| r.as_str());
            let aliases = ROLE_ALIASES.iter().map(|(a, _)| *a);
            VocabularyError::UnknownRole {
                role: short(id),
                hint: hint(id, ids.clone().chain(aliases)),
                valid: valid_values(ids),
            }
        })
    }

    /// Whether the role is held by a member of staff (employed or engaged by the school),
    /// which is what several permission rules test.
    pub fn is_staff(self) -> bool {
        matches!(
            self,
            Role::Headteacher
                | Role::Slt
                | Role::SltFmLead
                | Role::Dsl
                | Role::DeputyDsl
                | Role::OnlineSafetyLead
                | Role::ItProvider
                | Role::DataProtectionLead
                | Role::AllStaff
                | Role::SocialMediaOfficer
        )
    }

    /// Whether the role belongs to the senior leadership team (headteacher, SLT, the F&M
    /// lead). Seed 001 lets "a member of the leadership team" search a device.
    pub fn is_leadership(self) -> bool {
        matches!(self, Role::Headteacher | Role::Slt | Role::SltFmLead)
    }

    /// Whether the role is a governor role.
    pub fn is_governor(self) -> bool {
        matches!(
            self,
            Role::GoverningBoard | Role::NamedGovernor | Role::ChairOfGovernors
        )
    }

    /// Whether the role is an adult who works at, volunteers at or governs the school: the
    /// people covered by allegations management (KCSIE Part 4).
    pub fn works_at_school(self) -> bool {
        !matches!(
            self,
            Role::Pupil
                | Role::ParentCarer
                | Role::Visitor
                | Role::CommunityUser
                | Role::Photographer
        )
    }
}

impl std::str::FromStr for Role {
    type Err = VocabularyError;

    /// As [`Role::parse`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_list_every_role_in_table_order() {
        let ids: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
        assert_eq!(ids, Role::IDS);
    }

    #[test]
    fn ids_and_aliases_parse() {
        for &r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()).unwrap(), r);
        }
        for (alias, r) in ROLE_ALIASES {
            assert_eq!(Role::parse(alias).unwrap(), *r);
            assert!(
                Role::ALL.iter().all(|x| x.as_str() != *alias),
                "{alias} shadows an id"
            );
        }
        let err = Role::parse("techer").unwrap_err();
        assert_eq!(crate::ErrorCode::code(&err), "unknown_role");
        assert!(err.to_string().contains("did you mean `teacher`"), "{err}");
    }
}
