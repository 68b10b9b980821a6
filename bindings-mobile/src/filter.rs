//! `UrlFilter`: the web filter (issue 6) for Kotlin and Swift.

use crate::convert::{WireInstant, audience_id, json_text, wire};
use crate::errors::{Result, lock};
use crate::registry::Registry;
use crate::{Decision, ItemError};
use esafety_core::filter::UrlFilter as CoreFilter;
use std::sync::{Arc, Mutex};

/// One result of `checkMany`.
#[allow(clippy::large_enum_variant)] // uniffi enums carry their records by value
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum CheckResult {
    /// The URL was checked.
    Checked { decision: Decision },
    /// The URL could not be checked.
    Failed { error: ItemError },
}

/// The web filter: rules, per-audience policy and the override log.
#[derive(uniffi::Object)]
pub struct UrlFilter {
    inner: Mutex<CoreFilter>,
}

fn wrap(filter: CoreFilter) -> Arc<UrlFilter> {
    Arc::new(UrlFilter {
        inner: Mutex::new(filter),
    })
}

#[uniffi::export]
impl UrlFilter {
    /// The embedded default rule set with the built-in policy (works offline).
    #[uniffi::constructor(name = "default")]
    pub fn with_defaults() -> Arc<Self> {
        wrap(CoreFilter::default())
    }

    /// A UT1-style directory (`<category>/domains|urls|expressions`) plus the defaults.
    #[uniffi::constructor]
    pub fn from_directory(path: &str, strict: bool) -> Result<Arc<Self>> {
        let path = std::path::Path::new(path);
        Ok(wrap(esafety_io::url_filter_from_directory(path, strict)?))
    }

    /// A filter described as JSON: `{include_defaults, strict, lists, policy}`.
    #[uniffi::constructor]
    pub fn from_spec(spec_json: &str) -> Result<Arc<Self>> {
        Ok(wrap(CoreFilter::from_spec_json(spec_json)?))
    }

    /// Checks one URL for an audience (core's default when none) at an optional instant.
    #[uniffi::method(default(audience = None, at = None))]
    pub fn check(
        &self,
        url: &str,
        audience: Option<String>,
        at: Option<WireInstant>,
    ) -> Result<Decision> {
        let at = at.map(|at| at.0);
        wire(&lock(&self.inner)?.check(url, audience_id(&audience), at)?)
    }

    /// Checks many URLs: one result per URL, in order, `Checked` or `Failed` with the
    /// `ItemError` (index, input, code, message) of a URL that cannot be checked.
    #[uniffi::method(default(audience = None, at = None))]
    pub fn check_many(
        &self,
        urls: Vec<String>,
        audience: Option<String>,
        at: Option<WireInstant>,
    ) -> Result<Vec<CheckResult>> {
        let at = at.map(|at| at.0);
        let results = lock(&self.inner)?.check_many(&urls, audience_id(&audience), at)?;
        results
            .into_iter()
            .map(|r| {
                Ok(match r {
                    Ok(decision) => CheckResult::Checked {
                        decision: wire(&decision)?,
                    },
                    Err(error) => CheckResult::Failed {
                        error: wire(&error)?,
                    },
                })
            })
            .collect()
    }
    /// Records an override event (JSON) without a registry (an approval names its
    /// `approver_role` and is logged as unverified); returns the request's state as JSON.
    pub fn record(&self, event_json: &str) -> Result<String> {
        json_text(&lock(&self.inner)?.record_json(event_json)?)
    }

    /// Records an override event (JSON), the approver's role looked up in the registry for
    /// the day; returns the request's state as JSON.
    pub fn record_with_registry(
        &self,
        event_json: &str,
        registry: Arc<Registry>,
    ) -> Result<String> {
        let registry = lock(&registry.inner)?;
        json_text(&lock(&self.inner)?.record_json_with_registry(event_json, &registry)?)
    }

    /// Replaces the policy as an approved change (JSON: `id`, `requested_by`, `approved_by`,
    /// `at`, `reason`, `policy`), checked against the registry and logged.
    pub fn change_policy(&self, change_json: &str, registry: Arc<Registry>) -> Result<()> {
        let registry = lock(&registry.inner)?;
        Ok(lock(&self.inner)?.change_policy_json(change_json, &registry)?)
    }

    /// Replaces the school's policy (JSON) without a registry (logged as an unverified
    /// change).
    pub fn set_policy(&self, policy_json: &str) -> Result<()> {
        Ok(lock(&self.inner)?.set_policy_json(policy_json)?)
    }

    /// The override change log as JSON.
    pub fn change_log_json(&self) -> Result<String> {
        Ok(lock(&self.inner)?.change_log_json())
    }

    /// The load report as JSON.
    pub fn load_report_json(&self) -> Result<String> {
        Ok(lock(&self.inner)?.load_report().to_json())
    }

    /// Classifies a squid native access log; returns the summary as JSON.
    pub fn classify_squid_log(&self, text: &str, audiences_json: Option<String>) -> Result<String> {
        let filter = lock(&self.inner)?;
        Ok(filter
            .classify_squid_log(text, audiences_json.as_deref())?
            .to_json())
    }

    /// Number of domain and IP rules.
    pub fn domain_rule_count(&self) -> Result<u64> {
        Ok(lock(&self.inner)?.domain_rule_count() as u64)
    }
}

/// A decision's JSON form (what `draftIncident` reads, and the other surfaces' `to_json`).
#[uniffi::export]
pub fn decision_json(decision: Decision) -> Result<String> {
    json_text(&decision)
}
