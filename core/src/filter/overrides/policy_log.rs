//! Policy changes in the change log, and reading a saved log back.

use super::super::authorisation::{Approval, Authorisation, Authority, authorise};
use super::super::policy::PolicyConfig;
use super::super::{FilterError, PolicyChange};
use super::{OverrideEvent, OverrideLog, OverrideRecord};
use serde::Deserialize;

impl OverrideLog {
    /// Reads a change log written by [`OverrideLog::to_json`] (it round-trips). A `seal`
    /// is not checked here: use [`OverrideLog::from_json_sealed`] for that.
    ///
    /// # Errors
    ///
    /// [`FilterError::InvalidOverride`] for malformed JSON, an unsupported `schemaVersion` or
    /// a target that is not a site or an id used twice;
    /// [`FilterError::PolicyChangeOutOfOrder`] for a dated policy change before an earlier
    /// one in the log; [`FilterError::ChangeLogTampered`] when the events do not hash to the
    /// `head_hash` the log carries.
    pub fn from_json(json: &str) -> Result<OverrideLog, FilterError> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Document {
            #[serde(rename = "schemaVersion")]
            _schema_version: u32,
            events: Vec<OverrideEvent>,
            overrides: Vec<OverrideRecord>,
            #[serde(default)]
            head_hash: Option<String>,
            /// Checked by [`OverrideLog::from_json_sealed`], not here.
            #[serde(default, rename = "seal")]
            _seal: Option<crate::seal::Seal>,
        }
        let invalid = |reason: String| FilterError::InvalidOverride {
            reason: super::super::category::shorten(&reason),
        };
        crate::wire::limits::check_size(json)?;
        crate::wire::limits::check_json(json)?;
        let value: serde_json::Value =
            serde_json::from_str(json).map_err(|e| invalid(e.to_string()))?;
        crate::wire::check_schema_version(&value).map_err(|e| invalid(e.to_string()))?;
        let doc: Document = serde_json::from_value(value).map_err(|e| invalid(e.to_string()))?;
        let tampered = |reason: &str| FilterError::ChangeLogTampered {
            reason: reason.to_owned(),
        };
        let log = OverrideLog::replay(doc.events).map_err(|e| match e {
            FilterError::InvalidOverride { .. } | FilterError::PolicyChangeOutOfOrder { .. } => e,
            _ => tampered("an event does not follow from the ones before it"),
        })?;
        // The saved states are derived data: they must be what the events give.
        let saved = serde_json::to_value(&doc.overrides).map_err(|e| invalid(e.to_string()))?;
        let derived = serde_json::to_value(&log.records).map_err(|e| invalid(e.to_string()))?;
        if saved != derived {
            return Err(tampered(
                "the override states do not follow from the events",
            ));
        }
        // Logs written before the chain carry no head; every later one must match it.
        if doc.head_hash.is_some_and(|head| head != log.head_hash()) {
            return Err(tampered(
                "the events do not hash to the head the log carries",
            ));
        }
        Ok(log)
    }

    /// Rebuilds a log by applying saved events in order, each with the check it recorded.
    fn replay(events: Vec<OverrideEvent>) -> Result<OverrideLog, FilterError> {
        let mut log = OverrideLog::default();
        for event in events {
            if let OverrideEvent::PolicyChange { id, at, .. } = &event {
                // A saved log is held to what recording checked: new ids, and dated
                // changes in order (an edited log could otherwise put an earlier policy last).
                if let Some(at) = at {
                    log.check_policy_change_order(id, *at)?;
                }
                log.check_new_id(id)?;
                log.events.push(event);
            } else {
                log.record(event, |_| false, Authority::Recorded)?;
            }
        }
        Ok(log)
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
        self.check_policy_change_order(&change.id, change.at)?;
        let (role, authorisation) = authorise(
            authority,
            &Approval {
                id: &change.id,
                approver: &change.approved_by,
                claimed_role: change.approver_role.as_deref(),
                claimed: Authorisation::Unverified,
                requester: Some(&change.requested_by),
                at: change.at,
                role_required: true,
            },
        )?;
        self.check_new_id(&change.id)?;
        self.events.push(OverrideEvent::PolicyChange {
            id: change.id,
            requested_by: Some(change.requested_by),
            approved_by: Some(change.approved_by),
            approver_role: role,
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

    /// A change dated before the latest one would replace a later decision with an earlier
    /// one (as an override refuses a decision before its request).
    fn check_policy_change_order(
        &self,
        id: &str,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), FilterError> {
        let latest = self
            .policy_changes()
            .filter_map(|e| match e {
                OverrideEvent::PolicyChange { at, .. } => *at,
                _ => None,
            })
            .max();
        match latest.filter(|latest| at < *latest) {
            Some(latest) => Err(FilterError::PolicyChangeOutOfOrder {
                id: super::super::category::shorten(id),
                at: crate::vocabulary::format_instant(at),
                latest: crate::vocabulary::format_instant(latest),
            }),
            None => Ok(()),
        }
    }

    pub(super) fn check_new_id(&self, id: &str) -> Result<(), FilterError> {
        let taken =
            self.records.iter().any(|r| r.id == id) || self.policy_changes().any(|e| e.id() == id);
        if taken {
            Err(FilterError::InvalidOverride {
                reason: format!("`{}` already exists", super::super::category::shorten(id)),
            })
        } else {
            Ok(())
        }
    }
}
