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
//! ([`FilterError::SelfApproval`]). Rejections and revocations need an approving role too
//! (revoking an approved block opens the site again). Without a registry ([`UrlFilter::record`],
//! [`UrlFilter::set_policy`]) the change is still logged, marked
//! [`Authorisation::Unverified`], and an approval, a rejection or the revocation of a block
//! (which opens the site again) must name an SLT role itself; revoking an unblock, which
//! only narrows access, may name none.
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
use super::{FilterError, PolicyConfig};
use crate::registry::{FILTER_APPROVER_ROLES, Registry, Role};
use crate::vocabulary::SchoolClock;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

crate::ids::closed_ids! {
    /// How the authority of whoever approved a change was established.
    #[derive(Default, Serialize, Deserialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    Authorisation {
        /// The approver's role was looked up in the school's registry for the decision date.
        Registry = "registry",
        /// Recorded without a registry: any role is the caller's own claim, not checked.
        #[default]
        Unverified = "unverified",
    }
}

/// A change of the filtering policy, approved by a senior leader
/// ([`UrlFilter::change_policy`]); it is logged as an `OverrideEvent::PolicyChange`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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
    /// When it was approved (the new policy applies from the call); never before the latest
    /// policy change in the log (`filter_policy_change_out_of_order`). A time without an
    /// offset is England's, as everywhere.
    #[serde(deserialize_with = "crate::vocabulary::serde_instant::required")]
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
    /// Replaying a saved log whose hash chain held: the check recorded in each event
    /// stands (an event that claims a registry check keeps it).
    Recorded,
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
    /// Whether the unverified path needs a role named (approvals, rejections and the
    /// revocation of a block do; revoking an unblock, which narrows access, may omit it).
    pub(crate) role_required: bool,
}

/// The role the approver acts in (`None` only for an unverified revocation naming none) and
/// how it was established.
/// The role an approval names, if it is one that approves filtering changes
/// ([`FILTER_APPROVER_ROLES`]; any spelling [`Role::parse`] reads, such as `head` or
/// `deputy_headteacher`).
fn approving_role(claimed: &str) -> Result<Role, FilterError> {
    claimed
        .parse::<Role>()
        .ok()
        .filter(|role| FILTER_APPROVER_ROLES.contains(role))
        .ok_or_else(|| FilterError::ApproverNotSlt {
            role: shorten(claimed),
        })
}

pub(crate) fn authorise(
    authority: Authority<'_>,
    a: &Approval<'_>,
) -> Result<(Option<String>, Authorisation), FilterError> {
    if a.requester == Some(a.approver) {
        return Err(FilterError::SelfApproval { id: shorten(a.id) });
    }
    match authority {
        Authority::Registry(registry) => {
            let on = SchoolClock::london().local_date(a.at);
            let not_authorised = || FilterError::ApproverNotAuthorised {
                person: shorten(a.approver),
                on,
            };
            let role = match a.claimed_role {
                Some(claimed) => {
                    let role = approving_role(claimed)?;
                    if !registry.assignments().holds(a.approver, role, on) {
                        return Err(not_authorised());
                    }
                    role
                }
                None => registry
                    .filter_approver_role(a.approver, on)
                    .ok_or_else(not_authorised)?,
            };
            Ok((Some(role.as_str().to_owned()), Authorisation::Registry))
        }
        Authority::Unverified => {
            if a.claimed == Authorisation::Registry {
                return Err(FilterError::RegistryRequired {
                    reason: "the event claims a registry check that was not made".to_owned(),
                });
            }
            let Some(role) = a.claimed_role else {
                if a.role_required {
                    return Err(FilterError::RegistryRequired {
                        reason:
                            "name `approver_role` (recorded as unverified) or record with a registry"
                                .to_owned(),
                    });
                }
                return Ok((None, Authorisation::Unverified));
            };
            let role = approving_role(role)?;
            Ok((Some(role.as_str().to_owned()), Authorisation::Unverified))
        }
        Authority::Recorded => Ok((a.claimed_role.map(str::to_owned), a.claimed)),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{OverrideEvent, OverrideLog, UrlFilter, Verdict};
    use super::*;
    use crate::error::ErrorCode;
    use crate::registry::PermissionOutcome;
    use chrono::NaiveDate;

    fn registry() -> Registry {
        let mut reg = Registry::new();
        let since = NaiveDate::from_ymd_opt(2025, 9, 1).unwrap();
        for (person, role) in [
            ("head", "headteacher"),
            ("fm", "slt_fm_lead"),
            ("dsl1", "dsl"),
            ("tech", "it_provider"),
            ("t1", "all_staff"),
        ] {
            reg.assign(person, role, since, None, None).unwrap();
        }
        reg.unassign(
            "fm",
            "slt_fm_lead",
            NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
        )
        .unwrap();
        reg
    }

    fn event(json: &str) -> OverrideEvent {
        serde_json::from_str(json).unwrap()
    }

    fn request(by: &str) -> OverrideEvent {
        event(&format!(
            r#"{{"type": "request", "id": "u1", "action": "unblock", "target": "roblox.com",
            "audiences": ["ks2"], "requested_by": "{by}", "at": "2025-10-01T09:00:00Z",
            "reason": "coding club"}}"#
        ))
    }

    fn approve(by: &str, role: Option<&str>, at: &str) -> OverrideEvent {
        let role = role.map_or("null".to_owned(), |r| format!("\"{r}\""));
        event(&format!(
            r#"{{"type": "approve", "id": "u1", "approved_by": "{by}", "approver_role": {role},
            "at": "{at}"}}"#
        ))
    }

    const OCT: &str = "2025-10-01T10:00:00Z";

    #[test]
    fn only_people_holding_an_approving_role_that_day_approve() {
        let reg = registry();
        let mut f = UrlFilter::default();
        f.record_with_registry(request("t1"), &reg).unwrap();
        for (by, role) in [
            ("tech", Some("headteacher")),
            ("tech", None),
            ("dsl1", None),
        ] {
            let e = f
                .record_with_registry(approve(by, role, OCT), &reg)
                .unwrap_err();
            assert_eq!(e.code(), "filter_approver_not_authorised", "{by}");
        }
        // The F&M lead's role ended on 31 December.
        let e = f
            .record_with_registry(approve("fm", None, "2026-01-05T10:00:00Z"), &reg)
            .unwrap_err();
        assert_eq!(e.code(), "filter_approver_not_authorised");
        let e = f
            .record_with_registry(approve("head", Some("it_provider"), OCT), &reg)
            .unwrap_err();
        assert_eq!(e.code(), "filter_approver_not_slt");
        let r = f
            .record_with_registry(approve("head", None, OCT), &reg)
            .unwrap();
        assert_eq!(r.decider_role.as_deref(), Some("headteacher"));
        assert_eq!(r.authorisation, Some(Authorisation::Registry));
        let d = f.check("roblox.com", "ks2", None).unwrap();
        assert_eq!(d.verdict, Verdict::Allow);
        let logged = f.overrides().events().last().unwrap().clone();
        assert!(matches!(
            logged,
            OverrideEvent::Approve { approver_role: Some(ref r), authorisation: Authorisation::Registry, .. } if r == "headteacher"
        ));
    }

    #[test]
    fn registry_and_filter_agree_on_who_approves() {
        let reg = registry();
        let at = "2025-10-01T10:00:00Z".parse().unwrap();
        for (person, approves) in [
            ("head", true),
            ("fm", true),
            ("dsl1", false),
            ("tech", false),
            ("t1", false),
        ] {
            for action in ["approve_unblock", "change_filtering"] {
                let d = reg.decide(person, action, at, &Default::default()).unwrap();
                assert_eq!(
                    d.outcome == PermissionOutcome::Allowed,
                    approves,
                    "{person}"
                );
            }
            let mut f = UrlFilter::default();
            f.record_with_registry(request("t1"), &reg).unwrap();
            let ok = f
                .record_with_registry(approve(person, None, OCT), &reg)
                .is_ok();
            assert_eq!(ok, approves && person != "t1", "{person}");
        }
    }

    #[test]
    fn no_self_approval_with_or_without_a_registry() {
        let reg = registry();
        let mut f = UrlFilter::default();
        f.record_with_registry(request("head"), &reg).unwrap();
        let e = f
            .record_with_registry(approve("head", None, OCT), &reg)
            .unwrap_err();
        assert_eq!(e.code(), "filter_self_approval");
        let e = f
            .record(approve("head", Some("headteacher"), OCT))
            .unwrap_err();
        assert_eq!(e.code(), "filter_self_approval");
    }

    #[test]
    fn without_a_registry_approvals_are_marked_unverified() {
        let mut f = UrlFilter::default();
        f.record(request("t1")).unwrap();
        let e = f.record(approve("x", None, OCT)).unwrap_err();
        assert_eq!(e.code(), "filter_registry_required");
        let claim = event(
            r#"{"type": "approve", "id": "u1", "approved_by": "x", "approver_role": "slt",
            "at": "2025-10-01T10:00:00Z", "authorisation": "registry"}"#,
        );
        assert_eq!(
            f.record(claim).unwrap_err().code(),
            "filter_registry_required"
        );
        let r = f.record(approve("x", Some("slt"), OCT)).unwrap();
        assert_eq!(r.authorisation, Some(Authorisation::Unverified));
        assert!(
            f.change_log_json()
                .contains("\"authorisation\":\"unverified\"")
        );
    }

    #[test]
    fn without_a_registry_revoking_a_block_needs_a_role_as_approving_does() {
        let mut f = UrlFilter::default();
        for (id, action) in [("b1", "block"), ("u1", "unblock")] {
            f.record(event(&format!(
                r#"{{"type": "request", "id": "{id}", "action": "{action}", "target": "{id}.test",
                "audiences": ["ks2"], "requested_by": "t1", "at": "2025-10-01T09:00:00Z",
                "reason": "lesson"}}"#
            )))
            .unwrap();
            f.record(event(&format!(
                r#"{{"type": "approve", "id": "{id}", "approved_by": "h1",
                "approver_role": "headteacher", "at": "2025-10-01T10:00:00Z"}}"#
            )))
            .unwrap();
        }
        let revoke = |id: &str, role: &str| {
            event(&format!(
                r#"{{"type": "revoke", "id": "{id}", "revoked_by": "pupil-9", "approver_role": {role},
                "at": "2025-10-02T10:00:00Z", "reason": "done"}}"#
            ))
        };
        // Revoking a block opens the site again: the same claim as an approval.
        let e = f.record(revoke("b1", "null")).unwrap_err();
        assert_eq!(e.code(), "filter_registry_required");
        let e = f.record(revoke("b1", "\"pupil\"")).unwrap_err();
        assert_eq!(e.code(), "filter_approver_not_slt");
        assert_eq!(
            f.check("b1.test", "ks2", None).unwrap().verdict,
            Verdict::Block
        );
        let r = f.record(revoke("b1", "\"headteacher\"")).unwrap();
        assert_eq!(r.status, super::super::OverrideStatus::Revoked);
        // Revoking an unblock narrows access: no role is needed, as before.
        let r = f.record(revoke("u1", "null")).unwrap();
        assert_eq!(r.status, super::super::OverrideStatus::Revoked);
    }

    /// A policy change, as JSON, approved by the head, that blocks `site` for ks2.
    fn change_blocking(id: &str, at: &str, site: &str) -> String {
        format!(
            r#"{{"id": "{id}", "requested_by": "t1", "approved_by": "head", "at": "{at}",
            "reason": "complaint", "policy": {{"audiences": {{"ks2": {{"block_list": ["{site}"]}}}}}}}}"#
        )
    }

    #[test]
    fn a_policy_change_dated_before_the_latest_is_refused() {
        let reg = registry();
        let mut f = UrlFilter::default();
        f.change_policy_json(
            &change_blocking("p1", "2025-10-02T10:00:00Z", "a.test"),
            &reg,
        )
        .unwrap();
        let e = f
            .change_policy_json(
                &change_blocking("p2", "2025-10-01T10:00:00Z", "b.test"),
                &reg,
            )
            .unwrap_err();
        assert_eq!(e.code(), "filter_policy_change_out_of_order");
        assert!(e.to_string().contains("2025-10-02T10:00:00"), "{e}");
        // The later change stays in force, and only it is logged.
        assert_eq!(
            f.check("a.test", "ks2", None).unwrap().verdict,
            Verdict::Block
        );
        assert_eq!(
            f.check("b.test", "ks2", None).unwrap().verdict,
            Verdict::Allow
        );
        assert_eq!(f.overrides().policy_changes().count(), 1);
        // The same instant, or later, is in order; a time without an offset is England's,
        // as `check(at=…)` reads it (11:00 BST is 10:00Z).
        f.change_policy_json(
            &change_blocking("p3", "2025-10-02T11:00:00", "c.test"),
            &reg,
        )
        .unwrap();
        let Some(OverrideEvent::PolicyChange { at, .. }) = f.overrides().policy_changes().last()
        else {
            panic!("logged")
        };
        assert_eq!(*at, "2025-10-02T10:00:00Z".parse().ok());
        // An override event reads the same text the same way.
        f.record_json(
            r#"{"type": "request", "id": "u1", "action": "unblock", "target": "roblox.com",
            "audiences": ["ks2"], "requested_by": "t1", "at": "2025-10-02T11:00:00",
            "reason": "club"}"#,
        )
        .unwrap();
        assert_eq!(
            f.overrides().records()[0].requested_at,
            "2025-10-02T10:00:00Z".parse::<DateTime<Utc>>().unwrap()
        );
    }

    #[test]
    fn a_saved_log_is_held_to_the_order_and_ids_recording_checked() {
        let reg = registry();
        let mut f = UrlFilter::default();
        f.change_policy_json(
            &change_blocking("p1", "2025-10-01T10:00:00Z", "a.test"),
            &reg,
        )
        .unwrap();
        f.change_policy_json(
            &change_blocking("p2", "2025-10-02T10:00:00Z", "b.test"),
            &reg,
        )
        .unwrap();
        let mut doc: serde_json::Value = serde_json::from_str(&f.overrides().to_json()).unwrap();
        // A log written before the hash chain carries no head: only the checks protect it.
        doc.as_object_mut().unwrap().remove("head_hash");
        assert!(OverrideLog::from_json(&doc.to_string()).is_ok());
        let mut swapped = doc.clone();
        swapped["events"].as_array_mut().unwrap().swap(0, 1);
        let e = OverrideLog::from_json(&swapped.to_string()).unwrap_err();
        assert_eq!(e.code(), "filter_policy_change_out_of_order");
        assert!(e.to_string().contains("2025-10-01T10:00:00"), "{e}");
        let mut twice = doc.clone();
        twice["events"][1]["id"] = "p1".into();
        let e = OverrideLog::from_json(&twice.to_string()).unwrap_err();
        assert_eq!(e.code(), "filter_invalid_override");
        assert!(e.to_string().contains("`p1` already exists"), "{e}");
    }

    #[test]
    fn policy_changes_are_logged_approved_events_and_the_log_round_trips() {
        let reg = registry();
        let mut f = UrlFilter::default();
        let policy: PolicyConfig =
            serde_json::from_str(r#"{"audiences": {"ks2": {"block_list": ["news.test"]}}}"#)
                .unwrap();
        let change = |by: &str, requested_by: &str| PolicyChange {
            id: "p1".to_owned(),
            requested_by: requested_by.to_owned(),
            approved_by: by.to_owned(),
            approver_role: None,
            at: OCT.parse().unwrap(),
            reason: "parents' complaint".to_owned(),
            policy: policy.clone(),
        };
        let e = f.change_policy(change("tech", "t1"), &reg).unwrap_err();
        assert_eq!(e.code(), "filter_approver_not_authorised");
        let e = f.change_policy(change("head", "head"), &reg).unwrap_err();
        assert_eq!(e.code(), "filter_self_approval");
        assert_eq!(
            f.check("news.test", "ks2", None).unwrap().verdict,
            Verdict::Allow
        );
        assert!(f.overrides().events().is_empty());
        f.change_policy(change("head", "tech"), &reg).unwrap();
        assert_eq!(
            f.check("news.test", "ks2", None).unwrap().verdict,
            Verdict::Block
        );
        let e = f.change_policy(change("head", "tech"), &reg).unwrap_err();
        assert_eq!(e.code(), "filter_invalid_override");
        f.set_policy(PolicyConfig::default()).unwrap();
        let changes: Vec<_> = f.overrides().policy_changes().collect();
        assert_eq!(changes.len(), 2);
        assert!(matches!(
            changes[0],
            OverrideEvent::PolicyChange { authorisation: Authorisation::Registry, approver_role: Some(r), .. } if r == "headteacher"
        ));
        assert!(matches!(
            changes[1],
            OverrideEvent::PolicyChange { authorisation: Authorisation::Unverified, approved_by: None, id, .. } if id == "policy-2"
        ));
        f.record_with_registry(request("t1"), &reg).unwrap();
        f.record_with_registry(approve("head", None, OCT), &reg)
            .unwrap();
        let json = f.change_log_json();
        let back = OverrideLog::from_json(&json).unwrap();
        assert_eq!(&back, f.overrides());
        assert_eq!(back.to_json(), json);
        assert_eq!(
            OverrideLog::from_json("{}").unwrap_err().code(),
            "filter_invalid_override"
        );
    }
}
