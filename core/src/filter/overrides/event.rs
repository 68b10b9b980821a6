//! The events of the change log and the state of one request.

#[cfg(doc)]
use super::super::PolicyChange;
use super::super::authorisation::Authorisation;
use super::super::policy::{Audience, PolicyConfig};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Whether a request unblocks or blocks a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OverrideAction {
    /// Allow the site although a category blocks it.
    Unblock,
    /// Block the site although no category does.
    Block,
}

/// One event of the override log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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
        #[serde(deserialize_with = "crate::vocabulary::serde_instant::required")]
        at: DateTime<Utc>,
        /// Why (the benefit analysis).
        reason: String,
        /// Optional end of the change.
        #[serde(
            default,
            deserialize_with = "crate::vocabulary::serde_instant::optional"
        )]
        until: Option<DateTime<Utc>>,
    },
    /// A senior leader approves a pending request.
    Approve {
        /// The request id.
        id: String,
        /// Person id of the approver (never the requester).
        approved_by: String,
        /// The role the approver acts in. With a registry it is looked up (and, when given,
        /// must be an approving role they hold that day); without one it must be a role
        /// that approves filtering changes (`slt_fm_lead`, `headteacher`, `slt`, in any
        /// spelling the role vocabulary reads) and is logged as unverified.
        #[serde(default)]
        approver_role: Option<String>,
        /// When it was approved (the change takes effect from here).
        #[serde(deserialize_with = "crate::vocabulary::serde_instant::required")]
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
        #[serde(deserialize_with = "crate::vocabulary::serde_instant::required")]
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
        /// Person id of whoever revoked it.
        revoked_by: String,
        /// The role they act in. With a registry it is looked up (an approving role is
        /// needed: revoking an approved block opens a site). Without one the revocation is
        /// logged as unverified, and an approving role must be named to revoke a block
        /// (`filter_registry_required` otherwise), as to approve; revoking an unblock, which
        /// narrows access, may name none.
        #[serde(default)]
        approver_role: Option<String>,
        /// When (the change stops here).
        #[serde(deserialize_with = "crate::vocabulary::serde_instant::required")]
        at: DateTime<Utc>,
        /// Why.
        reason: String,
        /// How the revoker's authority was established (set when recorded).
        #[serde(default)]
        authorisation: Authorisation,
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
        #[serde(
            default,
            deserialize_with = "crate::vocabulary::serde_instant::optional"
        )]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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
    /// Whether the change is in effect for an audience at an instant. With no instant
    /// (`None`) an approved, unrevoked change is taken as in effect, but one with an end
    /// (`until`) is judged on the safe side, since it may have ended: a block stays, an
    /// unblock does not apply.
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
        let Some(at) = at else {
            return self.until.is_none() || self.action == OverrideAction::Block;
        };
        let started = self.decided_at.is_some_and(|d| at >= d);
        let not_ended = self.until.is_none_or(|u| at < u);
        let not_revoked = self.revoked_at.is_none_or(|r| at < r);
        started && not_ended && not_revoked
    }
}
