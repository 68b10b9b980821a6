//! `UrlFilter`: the web filter (issue 6) for Kotlin and Swift.

use crate::convert::instant;
use crate::errors::{EsafetyError, from_core};
use crate::registry::Registry;
use esafety_core::filter::{
    Decision as CoreDecision, Lookalike as CoreLookalike, RuleMatch as CoreRuleMatch,
    SafeSearch as CoreSafeSearch, UrlFilter as CoreFilter,
};
use std::sync::{Arc, Mutex, MutexGuard};

/// One rule that matched a request.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RuleMatch {
    /// `domain`, `url`, `expression` or `lookalike`.
    pub kind: String,
    /// The list label, e.g. `gambling/domains`.
    pub list: String,
    /// 1-based line in the list (0 for look-alike hosts).
    pub line: u32,
    /// Category ids the rule carries.
    pub categories: Vec<String>,
    /// The listed domain, URL prefix or expression that matched.
    pub matched: String,
}

/// How safe search is enforced.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SafeSearch {
    /// `google`, `bing`, `duckduckgo` or `youtube`.
    pub provider: String,
    /// `strict` or `moderate`.
    pub mode: String,
    /// The query parameter the rewrite sets (`safe=active`), if any.
    pub parameter: Option<String>,
    /// The host to resolve the provider to for DNS-level enforcement.
    pub enforced_host: String,
}

/// Why a host counts as a look-alike.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Lookalike {
    /// The host in Unicode.
    pub unicode: String,
    /// Whether a label mixes scripts.
    pub mixed_script: bool,
    /// The listed domain it imitates, if any.
    pub imitates: Option<String>,
}

/// The web filter's answer for one request.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Decision {
    /// `allow`, `block` or `safe_search`.
    pub verdict: String,
    /// The canonical URL.
    pub url: String,
    /// Its canonical host.
    pub host: String,
    /// The audience whose policy was applied.
    pub audience: String,
    /// Every matched category id, sorted.
    pub categories: Vec<String>,
    /// The deciding rule.
    pub rule: String,
    /// One line for a human.
    pub reason: String,
    /// Where the rule comes from.
    pub source: String,
    /// Every rule that matched.
    pub matches: Vec<RuleMatch>,
    /// Decoded search terms, if any.
    pub search_terms: Option<String>,
    /// The URL with safe search enforced, if it applies.
    pub rewrite: Option<String>,
    /// How safe search is enforced, if it applies.
    pub safe_search: Option<SafeSearch>,
    /// Look-alike details, if the host is one.
    pub lookalike: Option<Lookalike>,
    /// The stable JSON form of the whole decision.
    pub json: String,
}

fn match_of(m: CoreRuleMatch) -> RuleMatch {
    RuleMatch {
        kind: serde_json::to_value(m.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default(),
        list: m.list,
        line: m.line,
        categories: m.categories.iter().map(|c| c.as_str().to_owned()).collect(),
        matched: m.matched,
    }
}

fn safe_of(s: CoreSafeSearch) -> SafeSearch {
    SafeSearch {
        provider: s.provider.as_str().to_owned(),
        mode: s.mode.as_str().to_owned(),
        parameter: s.parameter,
        enforced_host: s.enforced_host,
    }
}

fn lookalike_of(l: CoreLookalike) -> Lookalike {
    Lookalike {
        unicode: l.unicode,
        mixed_script: l.mixed_script,
        imitates: l.imitates,
    }
}

impl From<CoreDecision> for Decision {
    fn from(d: CoreDecision) -> Self {
        let json = d.to_json();
        Decision {
            verdict: d.verdict.as_str().to_owned(),
            audience: d.audience.as_str().to_owned(),
            categories: d.categories.iter().map(|c| c.as_str().to_owned()).collect(),
            url: d.url,
            host: d.host,
            rule: d.rule,
            reason: d.reason,
            source: d.source,
            matches: d.matches.into_iter().map(match_of).collect(),
            search_terms: d.search_terms,
            rewrite: d.rewrite,
            safe_search: d.safe_search.map(safe_of),
            lookalike: d.lookalike.map(lookalike_of),
            json,
        }
    }
}

fn optional_instant(
    at: Option<String>,
) -> Result<Option<chrono::DateTime<chrono::Utc>>, EsafetyError> {
    at.map(|s| instant(&s)).transpose()
}

/// The web filter: rules, per-audience policy and the override log.
#[derive(uniffi::Object)]
pub struct UrlFilter {
    inner: Mutex<CoreFilter>,
}

impl UrlFilter {
    fn lock(&self) -> Result<MutexGuard<'_, CoreFilter>, EsafetyError> {
        self.inner.lock().map_err(|_| EsafetyError::Filter {
            code: "filter_unavailable".to_owned(),
            detail: "the filter was poisoned by an earlier failure".to_owned(),
        })
    }

    fn wrap(filter: CoreFilter) -> Arc<Self> {
        Arc::new(UrlFilter {
            inner: Mutex::new(filter),
        })
    }
}

#[uniffi::export]
impl UrlFilter {
    /// The embedded default rule set with the built-in policy (works offline).
    #[uniffi::constructor(name = "default")]
    pub fn with_defaults() -> Arc<Self> {
        UrlFilter::wrap(CoreFilter::default())
    }

    /// A UT1-style directory (`<category>/domains|urls|expressions`) plus the defaults.
    #[uniffi::constructor]
    pub fn from_directory(path: String, strict: bool) -> Result<Arc<Self>, EsafetyError> {
        esafety_io::url_filter_from_directory(std::path::Path::new(&path), strict)
            .map(UrlFilter::wrap)
            .map_err(|e| from_core(&e))
    }

    /// A filter described as JSON: `{include_defaults, strict, lists, policy}`.
    #[uniffi::constructor]
    pub fn from_spec(spec_json: String) -> Result<Arc<Self>, EsafetyError> {
        CoreFilter::from_spec_json(&spec_json)
            .map(UrlFilter::wrap)
            .map_err(|e| from_core(&e))
    }

    /// Checks one URL for an audience at an optional RFC 3339 instant.
    pub fn check(
        &self,
        url: String,
        audience: String,
        at: Option<String>,
    ) -> Result<Decision, EsafetyError> {
        let at = optional_instant(at)?;
        let filter = self.lock()?;
        filter
            .check(&url, &audience, at)
            .map(Decision::from)
            .map_err(|e| from_core(&e))
    }

    /// Checks many URLs; throws on the first invalid one.
    pub fn check_many(
        &self,
        urls: Vec<String>,
        audience: String,
        at: Option<String>,
    ) -> Result<Vec<Decision>, EsafetyError> {
        let at = optional_instant(at)?;
        let filter = self.lock()?;
        filter
            .check_many(&urls, &audience, at)
            .into_iter()
            .map(|r| r.map(Decision::from).map_err(|e| from_core(&e)))
            .collect()
    }

    /// Records an override event (JSON) without a registry (an approval names its
    /// `approver_role` and is logged as unverified); returns the request's state as JSON.
    pub fn record(&self, event_json: String) -> Result<String, EsafetyError> {
        let mut filter = self.lock()?;
        let record = filter.record_json(&event_json).map_err(|e| from_core(&e))?;
        record_json(&record)
    }

    /// Records an override event (JSON), the approver's role looked up in the registry for
    /// the day; returns the request's state as JSON.
    pub fn record_with_registry(
        &self,
        event_json: String,
        registry: Arc<Registry>,
    ) -> Result<String, EsafetyError> {
        let registry = registry.lock()?;
        let mut filter = self.lock()?;
        let record = filter
            .record_json_with_registry(&event_json, &registry)
            .map_err(|e| from_core(&e))?;
        record_json(&record)
    }

    /// Replaces the policy as an approved change (JSON: `id`, `requested_by`, `approved_by`,
    /// `at`, `reason`, `policy`), checked against the registry and logged.
    pub fn change_policy(
        &self,
        change_json: String,
        registry: Arc<Registry>,
    ) -> Result<(), EsafetyError> {
        let registry = registry.lock()?;
        self.lock()?
            .change_policy_json(&change_json, &registry)
            .map_err(|e| from_core(&e))
    }

    /// Replaces the school's policy (JSON) without a registry (logged as an unverified
    /// change).
    pub fn set_policy(&self, policy_json: String) -> Result<(), EsafetyError> {
        self.lock()?
            .set_policy_json(&policy_json)
            .map_err(|e| from_core(&e))
    }

    /// The override change log as JSON.
    pub fn change_log_json(&self) -> Result<String, EsafetyError> {
        Ok(self.lock()?.change_log_json())
    }

    /// The load report as JSON.
    pub fn load_report_json(&self) -> Result<String, EsafetyError> {
        Ok(self.lock()?.load_report().to_json())
    }

    /// Classifies a squid native access log; returns the summary as JSON.
    pub fn classify_squid_log(
        &self,
        text: String,
        audiences_json: Option<String>,
    ) -> Result<String, EsafetyError> {
        self.lock()?
            .classify_squid_log(&text, audiences_json.as_deref())
            .map(|s| s.to_json())
            .map_err(|e| from_core(&e))
    }

    /// Number of domain and IP rules.
    pub fn domain_rule_count(&self) -> Result<u64, EsafetyError> {
        Ok(self.lock()?.domain_rule_count() as u64)
    }
}

fn record_json(record: &esafety_core::filter::OverrideRecord) -> Result<String, EsafetyError> {
    serde_json::to_string(record).map_err(|e| EsafetyError::Wire {
        code: "internal_serialisation".to_owned(),
        detail: e.to_string(),
    })
}
