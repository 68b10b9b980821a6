//! `UrlFilter`: the web filter (issue 6) from JavaScript.

use crate::convert::instant;
use crate::errors::{coded_error, to_js, to_js_error};
use crate::registry::Registry;
use esafety_core::filter::UrlFilter as CoreFilter;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_FILTER: &str = r#"
/** One rule that matched a request. */
export interface RuleMatch {
  kind: "domain" | "url" | "expression" | "lookalike";
  /** The list label, e.g. `gambling/domains`. */
  list: string;
  /** 1-based line in the list (0 for look-alike hosts). */
  line: number;
  categories: string[];
  /** The listed domain, URL prefix or expression that matched. */
  matched: string;
}

/** How safe search is enforced. */
export interface SafeSearch {
  provider: string;
  mode: "strict" | "moderate" | "off";
  /** The query parameter the rewrite sets, e.g. `safe=active`. */
  parameter: string | null;
  /** The host to resolve the provider to for DNS-level enforcement. */
  enforced_host: string;
}

/** Why a host counts as a look-alike. */
export interface Lookalike {
  unicode: string;
  mixed_script: boolean;
  imitates: string | null;
}

/** The web filter's answer for one request. */
export interface Decision {
  verdict: "allow" | "block" | "safe_search";
  url: string;
  host: string;
  audience: string;
  /** Every matched category id, sorted. */
  categories: string[];
  /** `<list>:<line>`, `override:<id>`, `lookalike:<host>` or `policy:<audience>.<clause>`. */
  rule: string;
  reason: string;
  source: string;
  matches: RuleMatch[];
  search_terms: string | null;
  rewrite: string | null;
  safe_search: SafeSearch | null;
  lookalike: Lookalike | null;
}
"#;

fn optional_instant(at: Option<String>) -> Result<Option<chrono::DateTime<chrono::Utc>>, JsValue> {
    at.map(|s| instant(&s)).transpose()
}

fn json_of(value: &JsValue) -> Result<String, JsValue> {
    js_sys::JSON::stringify(value)
        .map(String::from)
        .map_err(|_| {
            coded_error(
                "invalid_argument",
                "argument",
                "value is not JSON-serialisable",
            )
        })
}

fn parse_json(text: &str) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(text).map_err(|_| coded_error("internal_serialisation", "wire", "bad JSON"))
}

/// The web filter: rules, per-audience policy and the override log.
#[wasm_bindgen]
pub struct UrlFilter {
    inner: CoreFilter,
}

#[wasm_bindgen]
impl UrlFilter {
    /// The embedded default rule set (works offline) under the built-in policy, or under
    /// the `filter` section of a school policy when one is given.
    #[wasm_bindgen(js_name = default)]
    pub fn default_filter(
        #[wasm_bindgen(unchecked_optional_param_type = "SchoolPolicy | string | null")]
        policy: JsValue,
    ) -> Result<UrlFilter, JsValue> {
        if policy.is_null() || policy.is_undefined() {
            return Ok(UrlFilter {
                inner: CoreFilter::default(),
            });
        }
        crate::policy::policy_arg(&policy)?
            .url_filter()
            .map(|inner| UrlFilter { inner })
            .map_err(|e| to_js_error(&e))
    }

    /// A filter described as data: `{include_defaults, strict, lists, policy}`.
    #[wasm_bindgen(js_name = fromSpec)]
    pub fn from_spec(spec: JsValue) -> Result<UrlFilter, JsValue> {
        CoreFilter::from_spec_json(&json_of(&spec)?)
            .map(|inner| UrlFilter { inner })
            .map_err(|e| to_js_error(&e))
    }

    /// Checks one URL for an audience (default `ks2`) at an optional RFC 3339 instant.
    #[wasm_bindgen(unchecked_return_type = "Decision")]
    pub fn check(
        &self,
        url: &str,
        audience: Option<String>,
        at: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let at = optional_instant(at)?;
        let decision = self
            .inner
            .check(url, audience.as_deref().unwrap_or("ks2"), at)
            .map_err(|e| to_js_error(&e))?;
        to_js(&decision)
    }

    /// Checks many URLs; throws on the first invalid one.
    #[wasm_bindgen(js_name = checkMany, unchecked_return_type = "Decision[]")]
    pub fn check_many(
        &self,
        urls: Vec<String>,
        audience: Option<String>,
        at: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let at = optional_instant(at)?;
        let decisions = self
            .inner
            .check_many(&urls, audience.as_deref().unwrap_or("ks2"), at)
            .into_iter()
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| to_js_error(&e))?;
        to_js(&decisions)
    }

    /// Records an override event (`request`, `approve`, `reject`, `revoke`) without a
    /// registry (an approval names its `approver_role` and is logged as unverified);
    /// returns the request's state.
    #[wasm_bindgen(unchecked_return_type = "Record<string, unknown>")]
    pub fn record(&mut self, event: JsValue) -> Result<JsValue, JsValue> {
        let record = self
            .inner
            .record_json(&json_of(&event)?)
            .map_err(|e| to_js_error(&e))?;
        to_js(&record)
    }

    /// Records an override event, the approver's role looked up in the registry for the
    /// day; returns the request's state.
    #[wasm_bindgen(js_name = recordWithRegistry, unchecked_return_type = "Record<string, unknown>")]
    pub fn record_with_registry(
        &mut self,
        event: JsValue,
        registry: &Registry,
    ) -> Result<JsValue, JsValue> {
        let record = self
            .inner
            .record_json_with_registry(&json_of(&event)?, &registry.inner)
            .map_err(|e| to_js_error(&e))?;
        to_js(&record)
    }

    /// Replaces the policy as an approved change (`id`, `requested_by`, `approved_by`, `at`,
    /// `reason`, `policy`), checked against the registry and logged.
    #[wasm_bindgen(js_name = changePolicy)]
    pub fn change_policy(&mut self, change: JsValue, registry: &Registry) -> Result<(), JsValue> {
        self.inner
            .change_policy_json(&json_of(&change)?, &registry.inner)
            .map_err(|e| to_js_error(&e))
    }

    /// Replaces the school's policy without a registry (logged as an unverified change).
    #[wasm_bindgen(js_name = setPolicy)]
    pub fn set_policy(&mut self, policy: JsValue) -> Result<(), JsValue> {
        self.inner
            .set_policy_json(&json_of(&policy)?)
            .map_err(|e| to_js_error(&e))
    }

    /// The override change log (`schemaVersion`, `events`, `overrides`).
    #[wasm_bindgen(js_name = changeLog, unchecked_return_type = "Record<string, unknown>")]
    pub fn change_log(&self) -> Result<JsValue, JsValue> {
        parse_json(&self.inner.change_log_json())
    }

    /// Every list's accepted, ignored and rejected lines.
    #[wasm_bindgen(js_name = loadReport, unchecked_return_type = "Record<string, unknown>")]
    pub fn load_report(&self) -> Result<JsValue, JsValue> {
        parse_json(&self.inner.load_report().to_json())
    }

    /// Classifies a squid native access log.
    #[wasm_bindgen(js_name = classifySquidLog, unchecked_return_type = "Record<string, unknown>")]
    pub fn classify_squid_log(&self, text: &str, audiences: JsValue) -> Result<JsValue, JsValue> {
        let map = if audiences.is_undefined() || audiences.is_null() {
            None
        } else {
            Some(json_of(&audiences)?)
        };
        let summary = self
            .inner
            .classify_squid_log(text, map.as_deref())
            .map_err(|e| to_js_error(&e))?;
        parse_json(&summary.to_json())
    }

    /// Number of domain and IP rules.
    #[wasm_bindgen(getter, js_name = domainRuleCount)]
    pub fn domain_rule_count(&self) -> usize {
        self.inner.domain_rule_count()
    }
}
