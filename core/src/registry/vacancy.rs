//! Required posts with no holder on a date, and who may approve a filtering change.
//!
//! A school always needs a designated safeguarding lead (KCSIE 2025 Part 2), a headteacher
//! and a named SLT member responsible for filtering and monitoring (DfE filtering and
//! monitoring standards). A deputy DSL covers the DSL's duties but does not fill the post:
//! when the DSL's assignment ends and only a deputy remains, [`Registry::vacancies`] reports
//! the `dsl` post as vacant, naming the deputies who cover it, and
//! [`Registry::review_status`] carries the same warning.
//!
//! # Example
//!
//! ```
//! use chrono::NaiveDate;
//! use esafety_core::registry::{Registry, Role};
//!
//! let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
//! let mut reg = Registry::new();
//! reg.assign("dsl1", "dsl", d("2025-09-01"), None, None)?;
//! reg.assign("dep", "deputy_dsl", d("2025-09-01"), Some("dsl1"), None)?;
//! reg.assign("head", "headteacher", d("2025-09-01"), None, None)?;
//! reg.assign("fm", "slt_fm_lead", d("2025-09-01"), None, None)?;
//! assert!(reg.vacancies(d("2025-10-01")).is_empty());
//!
//! reg.unassign("dsl1", "dsl", d("2025-12-31"))?;
//! let v = reg.vacancies(d("2026-01-05"));
//! assert_eq!(v[0].role, Role::Dsl);
//! assert_eq!(v[0].deputies, vec!["dep".to_owned()]);
//! assert!(v[0].warning.contains("no one holds `dsl`"));
//! # Ok::<(), esafety_core::registry::RegistryError>(())
//! ```

use super::Registry;
use super::role::Role;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The posts a school must always have filled, with the source of each.
pub const REQUIRED_ROLES: [(Role, &str); 3] = [
    (Role::Dsl, "KCSIE 2025 Annex C"),
    (Role::Headteacher, "Roles and duties"),
    (Role::SltFmLead, "DfE F&M standard 1 roles"),
];

/// The roles that may approve an unblock, a block request or a filtering policy change, in
/// the order an approver is taken to act in when holding several: the SLT filtering and
/// monitoring lead, the headteacher, another SLT member. The DSL approves only if also a
/// member of the SLT (seeds 001 and 003 share the filter's *implementation* with the DSL;
/// approval is the SLT's: seed 000 'Technical Infrastructure', DfE filtering and monitoring
/// standards).
pub const FILTER_APPROVER_ROLES: [Role; 3] = [Role::SltFmLead, Role::Headteacher, Role::Slt];

/// A required post with no holder on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Vacancy {
    /// The post.
    pub role: Role,
    /// The date asked about.
    pub on: NaiveDate,
    /// Deputies covering the post on that date (for `dsl`, every `deputy_dsl`), sorted.
    pub deputies: Vec<String>,
    /// One sentence for the report.
    pub warning: String,
    /// Why the post is required.
    pub source: String,
}

impl Registry {
    /// The required posts ([`REQUIRED_ROLES`]) that no one holds on `on` (Python
    /// `.vacancies`). A post covered only by deputies is still vacant.
    pub fn vacancies(&self, on: NaiveDate) -> Vec<Vacancy> {
        REQUIRED_ROLES
            .iter()
            .filter_map(|(role, source)| {
                let held = self.role_holders(*role, on);
                if !held.holders.is_empty() {
                    return None;
                }
                let warning = if held.deputies.is_empty() {
                    format!("no one holds `{}` on {on}: the post is vacant", role.as_str())
                } else {
                    format!(
                        "no one holds `{}` on {on}: the post is vacant and covered only by its deputies ({}); appoint a holder",
                        role.as_str(),
                        held.deputies.len()
                    )
                };
                Some(Vacancy {
                    role: *role,
                    on,
                    deputies: held.deputies,
                    warning,
                    source: self.own_source(source),
                })
            })
            .collect()
    }

    /// The role in which `person` may approve a filtering change on `on`: the first of
    /// [`FILTER_APPROVER_ROLES`] they hold, or `None`.
    pub fn filter_approver_role(&self, person: &str, on: NaiveDate) -> Option<Role> {
        FILTER_APPROVER_ROLES
            .iter()
            .copied()
            .find(|r| self.assignments().holds(person, *r, on))
    }
}
