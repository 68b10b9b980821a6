//! Unblock and block requests with an audit trail (DfE: "document what is blocked or
//! allowed and why"; seed 000: requests "approved by the Senior Leadership Team and
//! logged"; seed 003: "all changes to the filtering policy are logged and recorded").
//!
//! Each change is an event: a request (who, when, why, which site, which audiences), then
//! an approval or a rejection by someone holding an SLT role, and possibly a revocation.
//! Only approved, unrevoked requests take effect, from the approval instant until the
//! optional `until`. An approved unblock is a more specific allow that beats a category
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

use super::authorisation::{Approval, Authorisation, Authority, authorise};
use super::policy::{Audience, PolicyConfig};
use super::{FilterError, PolicyChange};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Roles an approval recorded *without* a registry may name (senior leadership); such an
/// approval is logged as [`Authorisation::Unverified`]. With a registry the role is looked
/// up instead ([`crate::registry::FILTER_APPROVER_ROLES`]).
pub const SLT_ROLES: &[&str] = &[
    "headteacher",
    "deputy_headteacher",
    "assistant_headteacher",
    "slt",
    "slt_fm_lead",
];

/// Whether a request unblocks or blocks a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OverrideAction {
    /// Allow the site although a category blocks it.
    Unblock,
    /// Block the site although no category does.
    Block,
}

/// One event of the override log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum OverrideEvent {
    /// A member of staff asks for a change.
    Request {
        /// Unique id of the request.
        id: String,
        /// Unblock or block.
        action: OverrideAction,
        /// The site: a domain (with its subdomains) or a `host/path` prefix.
        target: String,
        /// The audiences it applies to (at least one).
        audiences: Vec<Audience>,
        /// Staff id of the requester.
        requested_by: String,
        /// When it was requested.
        at: DateTime<Utc>,
        /// Why (the benefit analysis).
        reason: String,
        /// Optional end of the change.
        #[serde(default)]
        until: Option<DateTime<Utc>>,
    },
    /// A senior leader approves a pending request.
    Approve {
        /// The request id.
        id: String,
        /// Person id of the approver (never the requester).
        approved_by: String,
        /// The role the approver acts in. With a registry it is looked up (and, when given,
        /// must be an approving role they hold that day); without one it must be one of
        /// [`SLT_ROLES`] and is logged as unverified.
        #[serde(default)]
        approver_role: Option<String>,
        /// When it was approved (the change takes effect from here).
        at: DateTime<Utc>,
        /// Optional note, e.g. the risk assessment.
        #[serde(default)]
        reason: Option<String>,
        /// How the approver's authority was established (set when recorded).
        #[serde(default)]
        authorisation: Authorisation,
    },
    /// A senior leader rejects a pending request.
    Reject {
        /// The request id.
        id: String,
        /// Person id of the decider.
        rejected_by: String,
        /// The decider's role, as for an approval.
        #[serde(default)]
        approver_role: Option<String>,
        /// When.
        at: DateTime<Utc>,
        /// Why.
        reason: String,
        /// How the decider's authority was established (set when recorded).
        #[serde(default)]
        authorisation: Authorisation,
    },
    /// An approved change is withdrawn.
    Revoke {
        /// The request id.
        id: String,
        /// Staff id of whoever revoked it.
        revoked_by: String,
        /// When (the change stops here).
        at: DateTime<Utc>,
        /// Why.
        reason: String,
    },
    /// The filtering policy was replaced ([`PolicyChange`] with a registry, or
    /// `UrlFilter::set_policy` without one, logged as unverified with no names).
    PolicyChange {
        /// Unique id of the change (`policy-N` when `set_policy` made it).
        id: String,
        /// Person id of whoever asked for it.
        #[serde(default)]
        requested_by: Option<String>,
        /// Person id of the approver.
        #[serde(default)]
        approved_by: Option<String>,
        /// The role the approver acted in.
        #[serde(default)]
        approver_role: Option<String>,
        /// When it was approved.
        #[serde(default)]
        at: Option<DateTime<Utc>>,
        /// Why.
        #[serde(default)]
        reason: Option<String>,
        /// The policy from then on.
        policy: Box<PolicyConfig>,
        /// How the approver's authority was established.
        #[serde(default)]
        authorisation: Authorisation,
    },
}

impl OverrideEvent {
    /// The request id the event is about.
    pub fn id(&self) -> &str {
        match self {
            OverrideEvent::Request { id, .. }
            | OverrideEvent::Approve { id, .. }
            | OverrideEvent::Reject { id, .. }
            | OverrideEvent::Revoke { id, .. }
            | OverrideEvent::PolicyChange { id, .. } => id,
        }
    }
}

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OverrideStatus {
    /// Waiting for an SLT decision; no effect.
    Pending,
    /// In effect from its approval.
    Approved,
    /// Refused; no effect.
    Rejected,
    /// Was approved, then withdrawn.
    Revoked,
}

/// The current state of one request, with its whole history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverrideRecord {
    /// Request id.
    pub id: String,
    /// Unblock or block.
    pub action: OverrideAction,
    /// The site as requested.
    pub target: String,
    /// Audiences.
    pub audiences: Vec<Audience>,
    /// Requester.
    pub requested_by: String,
    /// Request instant.
    pub requested_at: DateTime<Utc>,
    /// Requester's reason.
    pub reason: String,
    /// Status.
    pub status: OverrideStatus,
    /// Approver (or rejecter), if decided.
    pub decided_by: Option<String>,
    /// The decider's role.
    pub decider_role: Option<String>,
    /// Decision instant.
    pub decided_at: Option<DateTime<Utc>>,
    /// Decision note.
    pub decision_reason: Option<String>,
    /// End of the change, if limited.
    pub until: Option<DateTime<Utc>>,
    /// Revocation instant.
    pub revoked_at: Option<DateTime<Utc>>,
    /// Who revoked it.
    pub revoked_by: Option<String>,
    /// How the decider's authority was established, if decided.
    #[serde(default)]
    pub authorisation: Option<Authorisation>,
    #[serde(skip)]
    pub(crate) host_hash: u64,
    #[serde(skip)]
    pub(crate) host_len: usize,
    #[serde(skip)]
    pub(crate) prefix: String,
}

impl OverrideRecord {
    /// Whether the change is in effect for an audience at an instant (`None`: any time
    /// after approval and before revocation).
    pub fn in_effect(&self, audience: Audience, at: Option<DateTime<Utc>>) -> bool {
        if !self.audiences.contains(&audience) {
            return false;
        }
        match self.status {
            OverrideStatus::Approved => {}
            OverrideStatus::Revoked => {
                if at.is_none() {
                    return false;
                }
            }
            _ => return false,
        }
        let Some(at) = at else { return true };
        let started = self.decided_at.is_some_and(|d| at >= d);
        let not_ended = self.until.is_none_or(|u| at < u);
        let not_revoked = self.revoked_at.is_none_or(|r| at < r);
        started && not_ended && not_revoked
    }
}

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

    /// The change log as stable JSON: `schemaVersion`, `events` and `overrides`.
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "schemaVersion": crate::wire::SCHEMA_VERSION,
            "events": self.events,
            "overrides": self.records,
        })
        .to_string()
    }

    /// Reads a change log written by [`OverrideLog::to_json`] (it round-trips).
    ///
    /// # Errors
    ///
    /// [`FilterError::InvalidOverride`] for malformed JSON, an unsupported `schemaVersion` or
    /// a target that is not a site.
    pub fn from_json(json: &str) -> Result<OverrideLog, FilterError> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Document {
            #[serde(rename = "schemaVersion")]
            _schema_version: u32,
            events: Vec<OverrideEvent>,
            overrides: Vec<OverrideRecord>,
        }
        let invalid = |reason: String| FilterError::InvalidOverride {
            reason: super::category::shorten(&reason),
        };
        let value: serde_json::Value =
            serde_json::from_str(json).map_err(|e| invalid(e.to_string()))?;
        crate::wire::check_schema_version(&value).map_err(|e| invalid(e.to_string()))?;
        let doc: Document = serde_json::from_value(value).map_err(|e| invalid(e.to_string()))?;
        let mut records = doc.overrides;
        for record in &mut records {
            let (host_hash, host_len, prefix) = target_parts(&record.target)?;
            record.host_hash = host_hash;
            record.host_len = host_len;
            record.prefix = prefix;
        }
        Ok(OverrideLog {
            events: doc.events,
            records,
        })
    }

    /// Every policy change, in order.
    pub fn policy_changes(&self) -> impl Iterator<Item = &OverrideEvent> {
        self.events
            .iter()
            .filter(|e| matches!(e, OverrideEvent::PolicyChange { .. }))
    }

    /// Logs a policy change: checks the approver (as for an override approval) and that the
    /// id is new. The caller installs the policy.
    pub(crate) fn record_policy_change(
        &mut self,
        change: PolicyChange,
        authority: Authority<'_>,
    ) -> Result<(), FilterError> {
        if change.id.trim().is_empty() || change.reason.trim().is_empty() {
            return Err(FilterError::InvalidOverride {
                reason: "a policy change names an id and a reason".to_owned(),
            });
        }
        let (role, authorisation) = authorise(
            authority,
            &Approval {
                id: &change.id,
                approver: &change.approved_by,
                claimed_role: change.approver_role.as_deref(),
                claimed: Authorisation::Unverified,
                requester: Some(&change.requested_by),
                at: change.at,
            },
        )?;
        self.check_new_id(&change.id)?;
        self.events.push(OverrideEvent::PolicyChange {
            id: change.id,
            requested_by: Some(change.requested_by),
            approved_by: Some(change.approved_by),
            approver_role: Some(role),
            at: Some(change.at),
            reason: Some(change.reason),
            policy: Box::new(change.policy),
            authorisation,
        });
        Ok(())
    }

    /// Logs a policy change made without a registry or names (`UrlFilter::set_policy`).
    pub(crate) fn record_unverified_policy(&mut self, policy: PolicyConfig) {
        let mut n = self.policy_changes().count() + 1;
        let mut id = format!("policy-{n}");
        while self.check_new_id(&id).is_err() {
            n += 1;
            id = format!("policy-{n}");
        }
        self.events.push(OverrideEvent::PolicyChange {
            id,
            requested_by: None,
            approved_by: None,
            approver_role: None,
            at: None,
            reason: None,
            policy: Box::new(policy),
            authorisation: Authorisation::Unverified,
        });
    }

    fn check_new_id(&self, id: &str) -> Result<(), FilterError> {
        let taken =
            self.records.iter().any(|r| r.id == id) || self.policy_changes().any(|e| e.id() == id);
        if taken {
            Err(FilterError::InvalidOverride {
                reason: format!("`{}` already exists", super::category::shorten(id)),
            })
        } else {
            Ok(())
        }
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
                if until.is_some_and(|u| u <= *at) {
                    return Err(FilterError::InvalidOverride {
                        reason: "`until` is not after the request".to_owned(),
                    });
                }
                let (host_hash, host_len, prefix) = target_parts(target)?;
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
                record.decider_role = Some(role.clone());
                record.decided_at = Some(*at);
                record.decision_reason = reason.clone();
                record.authorisation = Some(how);
                *approver_role = Some(role);
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
                    },
                )?;
                let record = self.records.get_mut(index).ok_or_else(|| unknown(id))?;
                record.status = OverrideStatus::Rejected;
                record.decided_by = Some(rejected_by.clone());
                record.decider_role = Some(role.clone());
                record.decided_at = Some(*at);
                record.decision_reason = Some(reason.clone());
                record.authorisation = Some(how);
                *approver_role = Some(role);
                *authorisation = how;
                index
            }
            OverrideEvent::Revoke {
                id, revoked_by, at, ..
            } => {
                let index = self.position(id)?;
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
            if !host_match || !path_query.starts_with(&record.prefix) {
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

/// Host hash, host length and path prefix of a request target.
pub(crate) fn target_parts(target: &str) -> Result<(u64, usize, String), FilterError> {
    let url = crate::canonical_url::CanonicalUrl::parse(target).map_err(|e| {
        FilterError::InvalidOverride {
            reason: format!(
                "target `{}` is not a site ({})",
                super::category::shorten(target),
                crate::ErrorCode::code(&e)
            ),
        }
    })?;
    let mut prefix = url.path;
    if let Some(q) = url.query {
        prefix.push('?');
        prefix.push_str(&q);
    }
    if prefix == "/" {
        prefix.clear();
    }
    Ok((
        super::matcher::domain_hash(url.host.as_bytes()),
        url.host.len(),
        prefix,
    ))
}
