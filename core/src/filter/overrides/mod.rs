//! Unblock and block requests with an audit trail (DfE: "document what is blocked or
//! allowed and why"; seed 000: requests "approved by the Senior Leadership Team and
//! logged"; seed 003: "all changes to the filtering policy are logged and recorded").
//!
//! Each change is an event: a request (who, when, why, which site, which audiences), then
//! an approval or a rejection by someone holding an SLT role on that day (looked up in the
//! registry, see [`super::authorisation`]; never the requester), and possibly a revocation.
//! Policy changes are events of the same log (`policy_change`). Modules: `event` (the
//! events and a request's state) and `policy_log` (policy changes, reading a saved log).
//! Only approved, unrevoked requests take effect, from the approval instant until the
//! optional `until`; checked with no instant, an unblock that has an `until` does not
//! apply (it may have ended) while a block with one stays. An unblock reads its target as
//! an allow-list entry does: a path opens whole path segments and whole query values
//! (`example.test/class` never opens `/classroom-leak`), and a whole platform anyone can
//! publish on (`github.io`) is refused; a block's path is a prefix, as a block list's is. An approved unblock is a more specific allow that beats a category
//! block, **except for the illegal categories**: an unblock request for a site listed as
//! illegal is refused ([`FilterError::IllegalCategoryLocked`]), and even a stale one can
//! never allow it. The whole log exports as JSON.
//!
//! # Example
//!
//! ```
//! use esafety_core::filter::{UrlFilter, FilterSpec, OverrideEvent, Verdict};
//!
//! let mut filter = UrlFilter::from_spec_json(r#"{"include_defaults": false, "lists": [
//!   {"label": "school/games", "format": "domains", "categories": ["games"], "text": "coolmath.test\n"}]}"#)?;
//! let at = "2026-03-02T09:00:00Z".parse().unwrap();
//! filter.record(serde_json::from_str::<OverrideEvent>(r#"{"type": "request", "id": "u1",
//!   "action": "unblock", "target": "coolmath.test", "audiences": ["ks1"],
//!   "requested_by": "staff-17", "at": "2026-03-01T12:00:00Z", "reason": "maths lesson"}"#).unwrap())?;
//! assert_eq!(filter.check("coolmath.test", "ks1", Some(at))?.verdict, Verdict::Block);
//! filter.record(serde_json::from_str::<OverrideEvent>(r#"{"type": "approve", "id": "u1",
//!   "approved_by": "staff-2", "approver_role": "slt_fm_lead", "at": "2026-03-01T15:00:00Z"}"#).unwrap())?;
//! let d = filter.check("coolmath.test", "ks1", Some(at))?;
//! assert_eq!(d.verdict, Verdict::Allow);
//! assert_eq!(d.rule, "override:u1");
//! assert!(filter.change_log_json().contains("\"approved\""));
//! # Ok::<(), esafety_core::filter::FilterError>(())
//! ```

mod chain;
mod event;
mod policy_log;

pub use event::{OverrideAction, OverrideEvent, OverrideRecord, OverrideStatus};

use super::FilterError;
use super::authorisation::{Approval, Authority, authorise};
use super::policy::Audience;
use chrono::{DateTime, Utc};

/// The override book: every event in order and the state of every request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OverrideLog {
    events: Vec<OverrideEvent>,
    records: Vec<OverrideRecord>,
}

impl OverrideLog {
    /// Every request, in request order.
    pub fn records(&self) -> &[OverrideRecord] {
        &self.records
    }

    /// Every event, in the order recorded.
    pub fn events(&self) -> &[OverrideEvent] {
        &self.events
    }

    /// The change log as stable JSON: `schemaVersion`, `events`, `overrides` and the
    /// `head_hash` of the events' hash chain (see [`OverrideLog::head_hash`]).
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "schemaVersion": crate::wire::SCHEMA_VERSION,
            "events": self.events,
            "overrides": self.records,
            "head_hash": self.head_hash(),
        })
        .to_string()
    }

    /// Applies an event. `is_illegal_target` tells whether a request target is listed in an
    /// illegal category; `authority` how approvers are checked.
    pub(crate) fn record(
        &mut self,
        mut event: OverrideEvent,
        is_illegal_target: impl Fn(&str) -> bool,
        authority: Authority<'_>,
    ) -> Result<&OverrideRecord, FilterError> {
        let index = match &mut event {
            OverrideEvent::Request {
                id,
                action,
                target,
                audiences,
                requested_by,
                at,
                reason,
                until,
            } => {
                if self.records.iter().any(|r| &r.id == id) || self.check_new_id(id).is_err() {
                    return Err(FilterError::InvalidOverride {
                        reason: format!(
                            "request `{}` already exists",
                            super::category::shorten(id)
                        ),
                    });
                }
                if audiences.is_empty() {
                    return Err(FilterError::InvalidOverride {
                        reason: "a request names at least one audience".to_owned(),
                    });
                }
                if reason.trim().is_empty() {
                    return Err(FilterError::InvalidOverride {
                        reason: "a request says why (DfE: document what is allowed, and why)"
                            .to_owned(),
                    });
                }
                if until.is_some_and(|u| u <= *at) {
                    return Err(FilterError::InvalidOverride {
                        reason: "`until` is not after the request".to_owned(),
                    });
                }
                let (host_hash, host_len, prefix) = target_parts(target)?;
                // An unblock is an allow entry: the same refusal as the policy allow list.
                if let Some(reason) = (*action == OverrideAction::Unblock)
                    .then(|| allow_entry_problem(target))
                    .flatten()
                {
                    return Err(FilterError::InvalidOverride { reason });
                }
                if *action == OverrideAction::Unblock && is_illegal_target(target) {
                    return Err(FilterError::IllegalCategoryLocked {
                        category: "illegal".to_owned(),
                    });
                }
                self.records.push(OverrideRecord {
                    id: id.clone(),
                    action: *action,
                    target: target.clone(),
                    audiences: audiences.clone(),
                    requested_by: requested_by.clone(),
                    requested_at: *at,
                    reason: reason.clone(),
                    status: OverrideStatus::Pending,
                    decided_by: None,
                    decider_role: None,
                    decided_at: None,
                    decision_reason: None,
                    until: *until,
                    revoked_at: None,
                    revoked_by: None,
                    authorisation: None,
                    host_hash,
                    host_len,
                    prefix,
                });
                self.records.len() - 1
            }
            OverrideEvent::Approve {
                id,
                approved_by,
                approver_role,
                at,
                reason,
                authorisation,
            } => {
                let index = self.pending(id, at)?;
                let record = self.records.get(index).ok_or_else(|| unknown(id))?;
                let (role, how) = authorise(
                    authority,
                    &Approval {
                        id,
                        approver: approved_by,
                        claimed_role: approver_role.as_deref(),
                        claimed: *authorisation,
                        requester: Some(&record.requested_by),
                        at: *at,
                        role_required: true,
                    },
                )?;
                let record = self.records.get_mut(index).ok_or_else(|| unknown(id))?;
                if record.action == OverrideAction::Unblock && is_illegal_target(&record.target) {
                    return Err(FilterError::IllegalCategoryLocked {
                        category: "illegal".to_owned(),
                    });
                }
                record.status = OverrideStatus::Approved;
                record.decided_by = Some(approved_by.clone());
                record.decider_role.clone_from(&role);
                record.decided_at = Some(*at);
                record.decision_reason = reason.clone();
                record.authorisation = Some(how);
                *approver_role = role;
                *authorisation = how;
                index
            }
            OverrideEvent::Reject {
                id,
                rejected_by,
                approver_role,
                at,
                reason,
                authorisation,
            } => {
                let index = self.pending(id, at)?;
                let (role, how) = authorise(
                    authority,
                    &Approval {
                        id,
                        approver: rejected_by,
                        claimed_role: approver_role.as_deref(),
                        claimed: *authorisation,
                        requester: None,
                        at: *at,
                        role_required: true,
                    },
                )?;
                let record = self.records.get_mut(index).ok_or_else(|| unknown(id))?;
                record.status = OverrideStatus::Rejected;
                record.decided_by = Some(rejected_by.clone());
                record.decider_role.clone_from(&role);
                record.decided_at = Some(*at);
                record.decision_reason = Some(reason.clone());
                record.authorisation = Some(how);
                *approver_role = role;
                *authorisation = how;
                index
            }
            OverrideEvent::Revoke {
                id,
                revoked_by,
                approver_role,
                at,
                authorisation,
                ..
            } => {
                let index = self.position(id)?;
                // Revoking a block opens the site again, which needs the same claim as an
                // approval; revoking an unblock only narrows access.
                let widens = self
                    .records
                    .get(index)
                    .is_none_or(|r| r.action == OverrideAction::Block);
                let (role, how) = authorise(
                    authority,
                    &Approval {
                        id,
                        approver: revoked_by,
                        claimed_role: approver_role.as_deref(),
                        claimed: *authorisation,
                        requester: None,
                        at: *at,
                        role_required: widens,
                    },
                )?;
                let record = self.records.get_mut(index).ok_or_else(|| unknown(id))?;
                if record.status != OverrideStatus::Approved {
                    return Err(FilterError::OverrideNotPending {
                        id: super::category::shorten(id),
                    });
                }
                if record.decided_at.is_some_and(|d| *at < d) {
                    return Err(FilterError::InvalidOverride {
                        reason: "revocation is before the approval".to_owned(),
                    });
                }
                record.status = OverrideStatus::Revoked;
                record.revoked_at = Some(*at);
                record.revoked_by = Some(revoked_by.clone());
                *approver_role = role;
                *authorisation = how;
                index
            }
            OverrideEvent::PolicyChange { .. } => {
                return Err(FilterError::InvalidOverride {
                    reason: "a policy change is made with `change_policy` (or `set_policy`)"
                        .to_owned(),
                });
            }
        };
        self.events.push(event);
        self.records.get(index).ok_or_else(|| unknown(""))
    }

    fn position(&self, id: &str) -> Result<usize, FilterError> {
        self.records
            .iter()
            .position(|r| r.id == id)
            .ok_or_else(|| unknown(id))
    }

    fn pending(&self, id: &str, at: &DateTime<Utc>) -> Result<usize, FilterError> {
        let index = self.position(id)?;
        let record = self.records.get(index).ok_or_else(|| unknown(id))?;
        if record.status != OverrideStatus::Pending {
            return Err(FilterError::OverrideNotPending {
                id: super::category::shorten(id),
            });
        }
        if *at < record.requested_at {
            return Err(FilterError::InvalidOverride {
                reason: "decision is before the request".to_owned(),
            });
        }
        Ok(index)
    }

    /// The most specific change in effect for a host (given as its suffix hashes with their
    /// start offsets) and path; on a tie, a block wins.
    pub(crate) fn find(
        &self,
        suffixes: &super::matcher::SuffixHashes,
        host_len: usize,
        path_query: super::matcher::PathQuery<'_>,
        audience: Audience,
        at: Option<DateTime<Utc>>,
    ) -> Option<&OverrideRecord> {
        let mut best: Option<(&OverrideRecord, (usize, usize, bool))> = None;
        for record in &self.records {
            if !record.in_effect(audience, at) {
                continue;
            }
            let host_match = suffixes
                .iter()
                .any(|(h, start)| h == record.host_hash && host_len - start == record.host_len);
            // An unblock opens whole path segments and whole query values, as an allow-list
            // entry does; a block is a prefix, as a block-list entry is.
            let reached = match record.action {
                OverrideAction::Unblock => path_query.starts_with_whole(&record.prefix),
                OverrideAction::Block => path_query.starts_with(&record.prefix),
            };
            if !host_match || !reached {
                continue;
            }
            let key = (
                record.host_len,
                record.prefix.len(),
                record.action == OverrideAction::Block,
            );
            if best.as_ref().is_none_or(|(_, k)| key > *k) {
                best = Some((record, key));
            }
        }
        best.map(|(r, _)| r)
    }

    /// Whether any change could apply (lets the hot path skip the search).
    pub(crate) fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}

fn unknown(id: &str) -> FilterError {
    FilterError::UnknownOverride {
        id: super::category::shorten(id),
    }
}

/// The host hash, host length and folded path prefix of an override target.
///
/// # Errors
///
/// [`FilterError::InvalidOverride`] with the reason [`site_parts`] gives.
pub(crate) fn target_parts(target: &str) -> Result<(u64, usize, String), FilterError> {
    site_parts(target).map_err(|reason| FilterError::InvalidOverride { reason })
}

/// Why an allow-list entry (or an unblock request's target) names no one site: a whole
/// platform anyone can publish on ([`super::platforms`]), which would open every site on it.
pub(crate) fn allow_entry_problem(entry: &str) -> Option<String> {
    let trimmed = entry.trim();
    let bare = trimmed
        .strip_prefix("*.")
        .or_else(|| trimmed.strip_prefix('.'))
        .unwrap_or(trimmed);
    let url = crate::canonical_url::CanonicalUrl::parse(bare).ok()?;
    let whole_site = url.path == "/" && url.query.is_none();
    (whole_site && super::platforms::is_shared_platform(&url.host)).then(|| {
        format!(
            "target `{}` is a platform anyone can publish on: allowing it opens every site on it; name the school's own site (ourclass.{})",
            super::category::shorten(entry),
            url.host
        )
    })
}

/// The host hash, host length and folded path prefix of a site a school names (an
/// override target, an allow or block list entry), or why it names no site.
///
/// A leading `*.` or `.` means the site and its subdomains, which a site entry always
/// covers (as in a `domains` list). Any other wildcard, a character no host name has, a
/// public suffix (`co.uk` would name every site under it) or a CIDR range is refused:
/// read literally, each would be an entry that never matches.
pub(crate) fn site_parts(target: &str) -> Result<(u64, usize, String), String> {
    let shown = super::category::shorten(target);
    let trimmed = target.trim();
    let bare = trimmed
        .strip_prefix("*.")
        .or_else(|| trimmed.strip_prefix('.'))
        .unwrap_or(trimmed);
    let url = crate::canonical_url::CanonicalUrl::parse(bare).map_err(|e| {
        format!(
            "target `{shown}` is not a site ({})",
            crate::ErrorCode::code(&e)
        )
    })?;
    let host_kind = url.host_kind;
    if url.host.len() > super::matcher::MAX_HOST_BYTES {
        return Err(format!(
            "target `{shown}` is longer than a host name can be ({} bytes)",
            super::matcher::MAX_HOST_BYTES
        ));
    }
    if host_kind == crate::canonical_url::HostKind::Domain {
        if !url
            .host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'))
            || url.host.split('.').any(str::is_empty)
        {
            return Err(format!(
                "target `{shown}` has a wildcard or a character no host name has: name the site (`example.com` covers its subdomains)"
            ));
        }
        if super::model::is_public_suffix(&url.host) {
            // `com` or `co.uk` would open or close every site under it.
            return Err(format!(
                "target `{shown}` is a public suffix, not a site: name the site (example.co.uk)"
            ));
        }
    }
    if host_kind == crate::canonical_url::HostKind::Ipv4
        && url.query.is_none()
        && url.path.strip_prefix('/').is_some_and(|bits| {
            (1..=2).contains(&bits.len()) && bits.bytes().all(|b| b.is_ascii_digit())
        })
    {
        return Err(format!(
            "target `{shown}` is an address range (CIDR), which the filter does not read: list the addresses"
        ));
    }
    let mut prefix = url.path;
    if let Some(q) = url.query {
        prefix.push('?');
        prefix.push_str(&q);
    }
    let mut prefix = super::matcher::fold_prefix(&prefix);
    if prefix == "/" {
        prefix.clear();
    }
    Ok((
        super::matcher::domain_hash(url.host.as_bytes()),
        url.host.len(),
        prefix,
    ))
}
