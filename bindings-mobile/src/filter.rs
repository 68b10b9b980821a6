//! `UrlFilter`: the web filter (issue 6) for Kotlin and Swift.

use crate::convert::{WireInstant, audience_id, json_text, wire};
use crate::errors::{Result, lock};
use crate::registry::Registry;
use crate::scanner::TermScanner;
use crate::seal;
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

/// A list file or UT1 directory for [`UrlFilter::from_sources`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, uniffi::Record)]
pub struct FileSource {
    /// A list file, or a UT1 directory.
    pub path: String,
    /// `auto` (detected; core's default when not given), `ut1`, `hosts`, `domains`,
    /// `adblock`, `dnsmasq`, `rpz`, `urls` or `expressions`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[uniffi(default = None)]
    pub format: Option<String>,
    /// The category every rule of a file carries (a UT1 directory names its own).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[uniffi(default = None)]
    pub category: Option<String>,
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

    /// Several list files and UT1 directories merged into one engine, plus the embedded
    /// defaults; every match cites file and line. `model` turns the category model on for
    /// hosts no list knows (core's default when not given).
    #[uniffi::constructor(default(model = None))]
    pub fn from_sources(sources: Vec<FileSource>, model: Option<bool>) -> Result<Arc<Self>> {
        let sources: Vec<esafety_core::filter::FileSource> = wire(&sources)?;
        let model = model.unwrap_or(esafety_core::filter::SOURCES_MODEL_BY_DEFAULT);
        Ok(wrap(esafety_io::url_filter_from_sources(&sources, model)?))
    }

    /// A filter described as JSON: `{include_defaults, strict, lists, policy}`.
    #[uniffi::constructor]
    pub fn from_spec(spec_json: &str) -> Result<Arc<Self>> {
        Ok(wrap(CoreFilter::from_spec_json(spec_json)?))
    }

    /// Checks one URL for an audience (core's default when none) at an optional instant;
    /// with a `scanner`, its search terms are scanned too (`Decision.searchMatches`).
    #[uniffi::method(default(audience = None, at = None, scanner = None))]
    pub fn check(
        &self,
        url: &str,
        audience: Option<String>,
        at: Option<WireInstant>,
        scanner: Option<Arc<TermScanner>>,
    ) -> Result<Decision> {
        let at = at.map(|at| at.0);
        let scanner = scanner.as_ref().map(|s| &s.inner);
        let mut decision =
            lock(&self.inner)?.check_with(url, audience_id(&audience), at, scanner)?;
        decision.convert_search_offsets(esafety_core::scanner::OffsetUnit::Utf16)?;
        wire(&decision)
    }

    /// Classifies a page a proxy sees: the URL is checked first (a list decision stands),
    /// then the title and text are scored with weighted phrase lists per category.
    #[uniffi::method(default(audience = None))]
    pub fn classify_content(
        &self,
        url: &str,
        title: &str,
        text: &str,
        audience: Option<String>,
    ) -> Result<Decision> {
        let filter = lock(&self.inner)?;
        wire(&filter.classify_content(url, title, text, audience_id(&audience))?)
    }

    /// Every category id the filter knows (`pornography`, `gambling`, ...), in order.
    pub fn category_ids(&self) -> Vec<String> {
        filter_category_ids()
    }

    /// Checks many URLs: one result per URL, in order, `Checked` or `Failed` with the
    /// `ItemError` (index, input, code, message) of a URL that cannot be checked; a missing
    /// URL (`null`) is `Failed` with code `input_null`.
    #[uniffi::method(default(audience = None, at = None))]
    pub fn check_many(
        &self,
        urls: Vec<Option<String>>,
        audience: Option<String>,
        at: Option<WireInstant>,
    ) -> Result<Vec<CheckResult>> {
        let at = at.map(|at| at.0);
        let results =
            lock(&self.inner)?.check_many_nullable(&urls, audience_id(&audience), at, None)?;
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
    /// `at`, `reason`, `policy`), checked against the registry and logged; a change dated
    /// before the latest one is refused (`filter_policy_change_out_of_order`).
    pub fn change_policy(&self, change_json: &str, registry: Arc<Registry>) -> Result<()> {
        let registry = lock(&registry.inner)?;
        Ok(lock(&self.inner)?.change_policy_json(change_json, &registry)?)
    }

    /// Replaces the school's policy (JSON) without a registry (logged as an unverified
    /// change).
    pub fn set_policy(&self, policy_json: &str) -> Result<()> {
        Ok(lock(&self.inner)?.set_policy_json(policy_json)?)
    }

    /// The override change log as JSON, sealed with the school's private key (hex) when one
    /// is given (`verifyChangeLog` checks it).
    #[uniffi::method(default(signing_key = None))]
    pub fn change_log_json(&self, signing_key: Option<String>) -> Result<String> {
        let filter = lock(&self.inner)?;
        Ok(match signing_key {
            Some(hex) => filter.overrides().to_json_sealed(&seal::filter_key(&hex)?),
            None => filter.change_log_json(),
        })
    }

    /// The load report as JSON.
    pub fn load_report_json(&self) -> Result<String> {
        Ok(lock(&self.inner)?.load_report().to_json())
    }

    /// Classifies a squid native access log; returns the summary as JSON. `audiences_json`
    /// maps users and client addresses to audiences (core's default when not given).
    #[uniffi::method(default(audiences_json = None))]
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

/// Every category id the web filter knows (`pornography`, `gambling`, ...), in order.
#[uniffi::export]
pub fn filter_category_ids() -> Vec<String> {
    CoreFilter::category_ids()
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// A decision's JSON form (what `draftIncident` reads, and the other surfaces' `to_json`).
#[uniffi::export]
pub fn decision_json(decision: Decision) -> Result<String> {
    json_text(&decision)
}
