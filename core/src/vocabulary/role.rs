//! Role ids: one set of jobs and one alias table for every module.

use super::VocabularyError;
use super::suggest::{hint, short, valid_values};
use serde::{Deserialize, Serialize};

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
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A member of the governing board (strategic responsibility for F&M and online safety).
    GoverningBoard,
    /// The link governor for safeguarding and online safety.
    NamedGovernor,
    /// The chair of governors (case manager when an allegation concerns the head).
    ChairOfGovernors,
    /// The headteacher.
    Headteacher,
    /// A member of the senior leadership team without a more specific role (an extension
    /// of DOMAIN.md §2, which names SLT approvals in seeds 000, 001 and 004).
    Slt,
    /// The named SLT member responsible for filtering and monitoring.
    SltFmLead,
    /// The designated safeguarding lead.
    Dsl,
    /// A deputy designated safeguarding lead.
    DeputyDsl,
    /// The optional online-safety lead (seed 000).
    OnlineSafetyLead,
    /// The IT provider: staff technician, external technician or admin-account holder.
    ItProvider,
    /// The data protection lead or DPO.
    DataProtectionLead,
    /// Any member of staff, including supply staff and contractors with access.
    AllStaff,
    /// A volunteer (DOMAIN.md §4.2 names "a volunteer becoming staff" as an audience
    /// change); signs the visitor AUP unless given unsupervised access.
    Volunteer,
    /// Staff who run the school's official social-media accounts (seed 001).
    SocialMediaOfficer,
    /// A pupil; the AUP audience (`pupil_eyfs_ks1` or `pupil_ks2`) is given on assignment.
    Pupil,
    /// A parent or carer.
    ParentCarer,
    /// A visitor or guest.
    Visitor,
    /// A community user of school systems.
    CommunityUser,
    /// A professional photographer (never has unsupervised access, seed 000).
    Photographer,
}

/// Everyday spellings accepted for a role, one table for every module.
///
/// `volunteer` is a role of its own (it signs the visitor AUP unless given unsupervised
/// access); `staff`, `teacher`, `supply` and `contractor` are any member of staff.
pub const ROLE_ALIASES: &[(&str, Role)] = &[
    ("governor", Role::GoverningBoard),
    ("head", Role::Headteacher),
    ("deputy", Role::DeputyDsl),
    ("ddsl", Role::DeputyDsl),
    ("technician", Role::ItProvider),
    ("dpo", Role::DataProtectionLead),
    ("staff", Role::AllStaff),
    ("teacher", Role::AllStaff),
    ("supply", Role::AllStaff),
    ("contractor", Role::AllStaff),
    ("child", Role::Pupil),
    ("student", Role::Pupil),
    ("parent", Role::ParentCarer),
    ("guest", Role::Visitor),
];

impl Role {
    /// Every role, in table order.
    pub const ALL: [Role; 19] = [
        Role::GoverningBoard,
        Role::NamedGovernor,
        Role::ChairOfGovernors,
        Role::Headteacher,
        Role::Slt,
        Role::SltFmLead,
        Role::Dsl,
        Role::DeputyDsl,
        Role::OnlineSafetyLead,
        Role::ItProvider,
        Role::DataProtectionLead,
        Role::AllStaff,
        Role::Volunteer,
        Role::SocialMediaOfficer,
        Role::Pupil,
        Role::ParentCarer,
        Role::Visitor,
        Role::CommunityUser,
        Role::Photographer,
    ];

    /// Every canonical id, in table order.
    pub const IDS: &'static [&'static str] = &[
        "governing_board",
        "named_governor",
        "chair_of_governors",
        "headteacher",
        "slt",
        "slt_fm_lead",
        "dsl",
        "deputy_dsl",
        "online_safety_lead",
        "it_provider",
        "data_protection_lead",
        "all_staff",
        "volunteer",
        "social_media_officer",
        "pupil",
        "parent_carer",
        "visitor",
        "community_user",
        "photographer",
    ];

    /// A canonical id or an alias of [`ROLE_ALIASES`]; `None` when unknown.
    pub fn from_id(id: &str) -> Option<Role> {
        Role::ALL
            .iter()
            .copied()
            .find(|r| r.as_str() == id)
            .or_else(|| {
                ROLE_ALIASES
                    .iter()
                    .find(|(alias, _)| *alias == id)
                    .map(|(_, r)| *r)
            })
    }

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

    /// The canonical snake_case id, for example `slt_fm_lead`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::GoverningBoard => "governing_board",
            Role::NamedGovernor => "named_governor",
            Role::ChairOfGovernors => "chair_of_governors",
            Role::Headteacher => "headteacher",
            Role::Slt => "slt",
            Role::SltFmLead => "slt_fm_lead",
            Role::Dsl => "dsl",
            Role::DeputyDsl => "deputy_dsl",
            Role::OnlineSafetyLead => "online_safety_lead",
            Role::ItProvider => "it_provider",
            Role::DataProtectionLead => "data_protection_lead",
            Role::AllStaff => "all_staff",
            Role::Volunteer => "volunteer",
            Role::SocialMediaOfficer => "social_media_officer",
            Role::Pupil => "pupil",
            Role::ParentCarer => "parent_carer",
            Role::Visitor => "visitor",
            Role::CommunityUser => "community_user",
            Role::Photographer => "photographer",
        }
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

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
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
        for r in Role::ALL {
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
