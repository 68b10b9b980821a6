//! `UrlFilter`: the web filter from JavaScript.

use crate::args::{Text, TextList, texts};
use crate::convert::{Time, audience, json_text, optional_instant, parse_json};
use crate::errors::{Throw, js_result, to_js};
use crate::registry::Registry;
use esafety_core::filter::UrlFilter as CoreFilter;
use wasm_bindgen::prelude::*;

class!(
    /// The web filter: rules, per-audience policy and the override log.
    UrlFilter(CoreFilter)
);

#[wasm_bindgen]
impl UrlFilter {
    /// The embedded default rule set (works offline) under the built-in policy, or under
    /// the `filter` section of a school policy when one is given.
    #[wasm_bindgen(js_name = default)]
    pub fn default_filter(
        #[wasm_bindgen(unchecked_optional_param_type = "SchoolPolicy | string | null")]
        policy: JsValue,
    ) -> Result<UrlFilter, JsValue> {
        match policy.is_null() || policy.is_undefined() {
            true => Ok(CoreFilter::default().into()),
            false => crate::policy::policy_arg(&policy)?
                .url_filter()
                .or_throw_as(),
        }
    }

    /// A filter described as data: `{include_defaults, strict, lists, policy}`.
    #[wasm_bindgen(js_name = fromSpec)]
    pub fn from_spec(spec: JsValue) -> Result<UrlFilter, JsValue> {
        CoreFilter::from_spec_json(&json_text(&spec)?).or_throw_as()
    }

    /// Checks one URL for an audience (the core's default when left out) at an optional
    /// instant.
    #[wasm_bindgen(unchecked_return_type = "Decision")]
    pub fn check(
        &self,
        url: Text,
        audience: Option<Text>,
        at: Option<Time>,
    ) -> Result<JsValue, JsValue> {
        text_args!(url);
        let (audience, at) = (self::audience(audience)?, optional_instant(at)?);
        js_result(self.inner.check(url, &audience, at))
    }

    /// Checks many URLs: one result per URL, in order, a `Decision` or an `ItemError`
    /// (`index`, `input`, `code`, `message`) for a URL that cannot be checked.
    #[wasm_bindgen(js_name = checkMany, unchecked_return_type = "(Decision | ItemError)[]")]
    pub fn check_many(
        &self,
        urls: TextList,
        audience: Option<Text>,
        at: Option<Time>,
    ) -> Result<JsValue, JsValue> {
        let urls = texts(&urls, "urls")?;
        let (audience, at) = (self::audience(audience)?, optional_instant(at)?);
        let results = self.inner.check_many(&urls, &audience, at).or_throw()?;
        let items = js_sys::Array::new();
        for result in &results {
            items.push(&match result {
                Ok(decision) => to_js(decision)?,
                Err(error) => to_js(error)?,
            });
        }
        Ok(items.into())
    }

    /// Records an override event (`request`, `approve`, `reject`, `revoke`) without a
    /// registry (an approval names its `approver_role` and is logged as unverified);
    /// returns the request's state.
    #[wasm_bindgen(unchecked_return_type = "OverrideRecord")]
    pub fn record(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "OverrideEvent")] event: JsValue,
    ) -> Result<JsValue, JsValue> {
        js_result(self.inner.record_json(&json_text(&event)?))
    }

    /// Records an override event, the approver's role looked up in the registry for the
    /// day; returns the request's state.
    #[wasm_bindgen(js_name = recordWithRegistry, unchecked_return_type = "OverrideRecord")]
    pub fn record_with_registry(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "OverrideEvent")] event: JsValue,
        registry: &Registry,
    ) -> Result<JsValue, JsValue> {
        let (event, registry) = (json_text(&event)?, &registry.inner);
        js_result(self.inner.record_json_with_registry(&event, registry))
    }

    /// Replaces the policy as an approved change (`id`, `requested_by`, `approved_by`, `at`,
    /// `reason`, `policy`), checked against the registry and logged.
    #[wasm_bindgen(js_name = changePolicy)]
    pub fn change_policy(&mut self, change: JsValue, registry: &Registry) -> Result<(), JsValue> {
        let (change, registry) = (json_text(&change)?, &registry.inner);
        self.inner.change_policy_json(&change, registry).or_throw()
    }

    /// Replaces the school's policy without a registry (logged as an unverified change).
    #[wasm_bindgen(js_name = setPolicy)]
    pub fn set_policy(&mut self, policy: JsValue) -> Result<(), JsValue> {
        self.inner.set_policy_json(&json_text(&policy)?).or_throw()
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

    /// Classifies a squid native access log; `audiences` maps client addresses to audiences.
    #[wasm_bindgen(js_name = classifySquidLog, unchecked_return_type = "LogSummary")]
    pub fn classify_squid_log(
        &self,
        text: Text,
        #[wasm_bindgen(unchecked_param_type = "{ [client: string]: string } | null")]
        audiences: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        text_args!(text);
        let map = audiences.map(|a| json_text(&a)).transpose()?;
        let summary = self
            .inner
            .classify_squid_log(text, map.as_deref())
            .or_throw()?;
        parse_json(&summary.to_json())
    }

    /// Number of domain and IP rules.
    #[wasm_bindgen(getter, js_name = domainRuleCount)]
    pub fn domain_rule_count(&self) -> usize {
        self.inner.domain_rule_count()
    }
}
