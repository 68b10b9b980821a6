//! The change log of a [`UrlFilter`]: override requests and decisions, and policy changes,
//! each a logged event (see [`super::authorisation`] for who may approve).

use super::authorisation::Authority;
use super::{
    FilterError, OverrideEvent, OverrideLog, OverrideRecord, PolicyChange, PolicyConfig, UrlFilter,
    category,
};
use crate::registry::Registry;

impl UrlFilter {
    /// Installs the policy a filter starts from (a school policy document's `filter`
    /// section, see [`crate::policy::SchoolPolicy::url_filter`]): not a change, so nothing
    /// is logged; every later change goes through [`UrlFilter::change_policy`].
    pub(crate) fn adopt_policy(&mut self, config: PolicyConfig) -> Result<(), FilterError> {
        self.install_policy(config)
    }

    /// Replaces the school's policy **without a registry**: the change is logged as an
    /// unverified `policy_change` event with no names (use [`UrlFilter::change_policy`] for
    /// an approved change).
    ///
    /// # Errors
    ///
    /// [`FilterError::UnknownAudience`], [`FilterError::InvalidPolicy`],
    /// [`FilterError::IllegalCategoryLocked`].
    pub fn set_policy(&mut self, config: PolicyConfig) -> Result<(), FilterError> {
        self.install_policy(config.clone())?;
        self.overrides.record_unverified_policy(config);
        Ok(())
    }

    /// Replaces the policy from JSON ([`PolicyConfig`]), logged as unverified.
    ///
    /// # Errors
    ///
    /// [`FilterError::InvalidPolicy`] for malformed JSON, then those of [`UrlFilter::set_policy`].
    pub fn set_policy_json(&mut self, json: &str) -> Result<(), FilterError> {
        self.set_policy(policy_from_json(json)?)
    }

    /// Replaces the policy as an approved, logged change: the approver must hold a role
    /// that approves filtering changes on the day ([`crate::registry::FILTER_APPROVER_ROLES`])
    /// and must not be the requester, and the change is dated no earlier than the latest
    /// policy change in the log (the core reads no clock, so a date in the future is the
    /// caller's to check).
    ///
    /// # Errors
    ///
    /// [`FilterError::PolicyChangeOutOfOrder`] (dated before the latest change),
    /// [`FilterError::SelfApproval`], [`FilterError::ApproverNotAuthorised`],
    /// [`FilterError::ApproverNotSlt`] (a claimed role that does not approve),
    /// [`FilterError::InvalidOverride`] (empty or repeated id, no reason), then those of
    /// [`UrlFilter::set_policy`].
    pub fn change_policy(
        &mut self,
        change: PolicyChange,
        registry: &Registry,
    ) -> Result<(), FilterError> {
        let policy = change.policy.clone();
        let mut log = self.overrides.clone();
        log.record_policy_change(change, Authority::Registry(registry))?;
        self.install_policy(policy)?;
        self.overrides = log;
        Ok(())
    }

    /// [`UrlFilter::change_policy`] from JSON (a [`PolicyChange`]).
    ///
    /// # Errors
    ///
    /// [`FilterError::InvalidPolicy`] for malformed JSON, then those of
    /// [`UrlFilter::change_policy`].
    pub fn change_policy_json(
        &mut self,
        json: &str,
        registry: &Registry,
    ) -> Result<(), FilterError> {
        crate::wire::limits::check_size(json)?;
        crate::wire::limits::check_json(json)?;
        let change: PolicyChange =
            crate::wire::object_from_json(json).map_err(|e| FilterError::InvalidPolicy {
                reason: category::shorten(&e.to_string()),
            })?;
        self.change_policy(change, registry)
    }

    /// The change log (every event and the state of every request).
    pub fn overrides(&self) -> &OverrideLog {
        &self.overrides
    }

    /// The change log as JSON (`schemaVersion`, `events`, `overrides`); it round-trips
    /// through [`OverrideLog::from_json`].
    pub fn change_log_json(&self) -> String {
        self.overrides.to_json()
    }

    /// Records an override event (request, approve, reject, revoke) **without a registry**:
    /// an approval or rejection must name an SLT role itself and is logged as
    /// [`super::Authorisation::Unverified`]. Prefer [`UrlFilter::record_with_registry`].
    ///
    /// # Errors
    ///
    /// [`FilterError::IllegalCategoryLocked`] for an unblock of a site listed as illegal,
    /// [`FilterError::SelfApproval`], [`FilterError::RegistryRequired`] (no role named),
    /// [`FilterError::ApproverNotSlt`], [`FilterError::UnknownOverride`],
    /// [`FilterError::OverrideNotPending`], [`FilterError::InvalidOverride`].
    pub fn record(&mut self, event: OverrideEvent) -> Result<OverrideRecord, FilterError> {
        self.record_as(event, Authority::Unverified)
    }

    /// Records an override event, checking the approver against the school's registry on
    /// the decision date.
    ///
    /// # Errors
    ///
    /// Those of [`UrlFilter::record`], with [`FilterError::ApproverNotAuthorised`] when the
    /// registry shows no approving role.
    pub fn record_with_registry(
        &mut self,
        event: OverrideEvent,
        registry: &Registry,
    ) -> Result<OverrideRecord, FilterError> {
        self.record_as(event, Authority::Registry(registry))
    }

    /// Records an override event given as JSON, without a registry.
    ///
    /// # Errors
    ///
    /// [`FilterError::InvalidOverride`] for malformed JSON, then those of [`UrlFilter::record`].
    pub fn record_json(&mut self, json: &str) -> Result<OverrideRecord, FilterError> {
        self.record(event_from_json(json)?)
    }

    /// Records an override event given as JSON, checked against the registry.
    ///
    /// # Errors
    ///
    /// [`FilterError::InvalidOverride`] for malformed JSON, then those of
    /// [`UrlFilter::record_with_registry`].
    pub fn record_json_with_registry(
        &mut self,
        json: &str,
        registry: &Registry,
    ) -> Result<OverrideRecord, FilterError> {
        self.record_with_registry(event_from_json(json)?, registry)
    }

    fn record_as(
        &mut self,
        event: OverrideEvent,
        authority: Authority<'_>,
    ) -> Result<OverrideRecord, FilterError> {
        let rules = &*self;
        let illegal = |target: &str| rules.is_illegal_target(target);
        let mut log = self.overrides.clone();
        let record = log.record(event, illegal, authority)?.clone();
        self.overrides = log;
        Ok(record)
    }
}

fn policy_from_json(json: &str) -> Result<PolicyConfig, FilterError> {
    crate::wire::limits::check_size(json)?;
    crate::wire::limits::check_json(json)?;
    crate::wire::object_from_json(json).map_err(|e| FilterError::InvalidPolicy {
        reason: category::shorten(&e.to_string()),
    })
}

fn event_from_json(json: &str) -> Result<OverrideEvent, FilterError> {
    crate::wire::limits::check_size(json)?;
    crate::wire::limits::check_json(json)?;
    crate::wire::object_from_json(json).map_err(|e| FilterError::InvalidOverride {
        reason: category::shorten(&e.to_string()),
    })
}
