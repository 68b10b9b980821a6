//! Who may approve a filtering change: the school's [`Registry`] says, for the date of the
//! decision (seed 000 'Technical Infrastructure': unblock requests are "approved by the
//! Senior Leadership Team and logged"; seed 003 §7.3.1: "all changes to the filtering policy
//! are logged and recorded"; DfE filtering and monitoring standards: a named SLT member is
//! responsible).
//!
//! An approval names the approver's **person id**. With a registry
//! ([`UrlFilter::record_with_registry`], [`UrlFilter::change_policy`]) the role they act in
//! is looked up: they must hold one of [`FILTER_APPROVER_ROLES`] on the decision's date (the
//! UTC calendar date of `at`, as in [`Registry::decide`]), the same rule the registry
//! applies to `approve_unblock` and `change_filtering`. Nobody approves their own request
//! ([`FilterError::SelfApproval`]). Without a registry ([`UrlFilter::record`],
//! [`UrlFilter::set_policy`]) the change is still logged, marked
//! [`Authorisation::Unverified`], and an approval must name an SLT role itself.
//!
//! # Example
//!
//! ```
//! use chrono::NaiveDate;
//! use esafety_core::filter::{Authorisation, UrlFilter, OverrideEvent, Verdict};
//! use esafety_core::registry::Registry;
//! use esafety_core::ErrorCode;
//!
//! let mut reg = Registry::new();
//! let since = NaiveDate::from_ymd_opt(2025, 9, 1).unwrap();
//! reg.assign("head", "headteacher", since, None, None)?;
//! reg.assign("tech", "it_provider", since, None, None)?;
//!
//! let mut filter = UrlFilter::default();
//! let event = |json: &str| serde_json::from_str::<OverrideEvent>(json).unwrap();
//! filter.record_with_registry(event(r#"{"type": "request", "id": "u1", "action": "unblock",
//!   "target": "roblox.com", "audiences": ["ks2"], "requested_by": "tech",
//!   "at": "2026-01-05T09:00:00Z", "reason": "coding club"}"#), &reg)?;
//! // The technician cannot approve, whatever role they claim, nor can they approve their own request.
//! let err = filter.record_with_registry(event(r#"{"type": "approve", "id": "u1",
//!   "approved_by": "tech", "approver_role": "headteacher", "at": "2026-01-05T10:00:00Z"}"#), &reg).unwrap_err();
//! assert_eq!(err.code(), "filter_self_approval");
//! let record = filter.record_with_registry(event(r#"{"type": "approve", "id": "u1",
//!   "approved_by": "head", "at": "2026-01-05T10:00:00Z"}"#), &reg)?;
//! assert_eq!(record.decider_role.as_deref(), Some("headteacher"));
//! assert_eq!(record.authorisation, Some(Authorisation::Registry));
//! assert_eq!(filter.check("www.roblox.com", "ks2", None)?.verdict, Verdict::Allow);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#[cfg(doc)]
use super::UrlFilter;
use super::category::shorten;
use super::{FilterError, PolicyConfig, SLT_ROLES};
use crate::registry::{FILTER_APPROVER_ROLES, Registry, Role};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How the authority of whoever approved a change was established.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Authorisation {
    /// The approver's role was looked up in the school's registry for the decision date.
    Registry,
    /// Recorded without a registry: any role is the caller's own claim, not checked.
    #[default]
    Unverified,
}

impl Authorisation {
    /// The snake_case id (`registry`, `unverified`).
    pub fn as_str(self) -> &'static str {
        match self {
            Authorisation::Registry => "registry",
            Authorisation::Unverified => "unverified",
        }
    }
}

/// A change of the filtering policy, approved by a senior leader
/// ([`UrlFilter::change_policy`]); it is logged as an `OverrideEvent::PolicyChange`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyChange {
    /// Unique id of the change.
    pub id: String,
    /// Person id of whoever asked for it.
    pub requested_by: String,
    /// Person id of the approver (looked up in the registry).
    pub approved_by: String,
    /// The role the approver acts in (optional: looked up when absent; when given, they
    /// must hold it on that date).
    #[serde(default)]
    pub approver_role: Option<String>,
    /// When it was approved (the new policy applies from the call).
    pub at: DateTime<Utc>,
    /// Why (the risk assessment).
    pub reason: String,
    /// The new policy.
    pub policy: PolicyConfig,
}

/// How a change is being recorded.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Authority<'r> {
    /// Checked against the registry.
    Registry(&'r Registry),
    /// No registry: logged as unverified.
    Unverified,
}

/// What an approval is checked against.
pub(crate) struct Approval<'a> {
    pub(crate) id: &'a str,
    pub(crate) approver: &'a str,
    pub(crate) claimed_role: Option<&'a str>,
    pub(crate) claimed: Authorisation,
    /// The requester, when approving (a rejection may come from anyone entitled).
    pub(crate) requester: Option<&'a str>,
    pub(crate) at: DateTime<Utc>,
}

/// The role the approver acts in and how it was established.
pub(crate) fn authorise(
    authority: Authority<'_>,
    a: &Approval<'_>,
) -> Result<(String, Authorisation), FilterError> {
    if a.requester == Some(a.approver) {
        return Err(FilterError::SelfApproval { id: shorten(a.id) });
    }
    match authority {
        Authority::Registry(registry) => {
            let on = a.at.date_naive();
            let not_authorised = || FilterError::ApproverNotAuthorised {
                person: shorten(a.approver),
                on,
            };
            let role = match a.claimed_role {
                Some(claimed) => {
                    let role: Role = claimed.parse().map_err(|_| FilterError::ApproverNotSlt {
                        role: shorten(claimed),
                    })?;
                    if !FILTER_APPROVER_ROLES.contains(&role) {
                        return Err(FilterError::ApproverNotSlt {
                            role: shorten(claimed),
                        });
                    }
                    if !registry.assignments().holds(a.approver, role, on) {
                        return Err(not_authorised());
                    }
                    role
                }
                None => registry
                    .filter_approver_role(a.approver, on)
                    .ok_or_else(not_authorised)?,
            };
            Ok((role.as_str().to_owned(), Authorisation::Registry))
        }
        Authority::Unverified => {
            if a.claimed == Authorisation::Registry {
                return Err(FilterError::RegistryRequired {
                    reason: "the event claims a registry check that was not made".to_owned(),
                });
            }
            let role = a
                .claimed_role
                .ok_or_else(|| FilterError::RegistryRequired {
                    reason:
                        "name `approver_role` (recorded as unverified) or record with a registry"
                            .to_owned(),
                })?;
            if !SLT_ROLES.contains(&role) {
                return Err(FilterError::ApproverNotSlt {
                    role: shorten(role),
                });
            }
            Ok((role.to_owned(), Authorisation::Unverified))
        }
    }
}
