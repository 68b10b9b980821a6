//! `UrlFilter`: the web filter from JavaScript.

use crate::args::{NullableTextList, Text, nullable_texts};
use crate::args::{instance, optional_instance};
use crate::convert::{self, Time, audience, json_text, optional_instant, parse_json, wire_text};
use crate::errors::text_to_js;
use crate::errors::{Throw, js_result, to_js};
use crate::registry::Registry;
use crate::scanner::TermScanner;
use esafety_core::filter::UrlFilter as CoreFilter;
use esafety_core::filter::{FilterSpec, ListSource};
use esafety_core::scanner::OffsetUnit::Utf16;
use serde::Deserialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The optional scanner of `check` (an optional class-typed parameter).
    #[wasm_bindgen(typescript_type = "TermScanner")]
    pub type ScannerArg;
}

/// One list of `fromSources`: the text of a list file and what it is.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TextSource {
    label: String,
    format: String,
    #[serde(default)]
    category: Option<String>,
    text: String,
}

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
    pub fn from_spec(
        #[wasm_bindgen(unchecked_param_type = "Record<string, unknown> | string")] spec: JsValue,
    ) -> Result<UrlFilter, JsValue> {
        CoreFilter::from_spec_json(&json_text(&spec)?).or_throw_as()
    }

    /// Checks one URL for an audience (the core's default when left out) at an optional
    /// instant; with a `TermScanner`, the search terms are scanned into `search_matches`
    /// (UTF-16 offsets into `search_terms`).
    #[wasm_bindgen(unchecked_return_type = "Decision")]
    pub fn check(
        &self,
        url: Text,
        #[wasm_bindgen(unchecked_optional_param_type = "Audience | null")] audience: Option<Text>,
        #[wasm_bindgen(unchecked_optional_param_type = "string | Date | null")] at: Option<Time>,
        #[wasm_bindgen(unchecked_optional_param_type = "TermScanner | null")] scanner: Option<
            ScannerArg,
        >,
    ) -> Result<JsValue, JsValue> {
        text_args!(url);
        let (audience, at) = (self::audience(audience)?, optional_instant(at)?);
        let scanner: Option<TermScanner> =
            optional_instance(scanner.map(Into::into), "scanner", "TermScanner")?;
        let scanner = scanner.as_ref().map(|s| &*s.inner);
        let mut decision = self
            .inner
            .check_with(url, &audience, at, scanner)
            .or_throw()?;
        decision.convert_search_offsets(Utf16).or_throw()?;
        to_js(&decision)
    }

    /// Classifies a page a proxy sees (`url`, `title`, `text`) for an audience: the URL's
    /// decision, or a block when the page's weighted phrases pass the audience's limit,
    /// citing the phrases that scored.
    #[wasm_bindgen(js_name = classifyContent, unchecked_return_type = "Decision")]
    pub fn classify_content(
        &self,
        url: Text,
        title: Text,
        text: Text,
        #[wasm_bindgen(unchecked_optional_param_type = "Audience | null")] audience: Option<Text>,
    ) -> Result<JsValue, JsValue> {
        text_args!(url, title, text);
        let audience = self::audience(audience)?;
        js_result(self.inner.classify_content(url, title, text, &audience))
    }

    /// The filter's category ids (`pornography`, `gambling`, ...), as list sources name them.
    #[wasm_bindgen(js_name = categoryIds)]
    pub fn category_ids() -> Vec<String> {
        CoreFilter::category_ids()
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    /// A filter of lists given as text, merged with the embedded defaults: `sources` are
    /// `{label, format, category, text}` (`format` `auto`, `ut1`, `hosts`, `domains`,
    /// `adblock`, `dnsmasq`, `rpz`, `urls`, `expressions`; `category` a filter category id,
    /// not needed for `ut1`, whose label `<folder>/domains` decides); `options` are the
    /// other fields of a filter spec (`includeDefaults`, `strict`, `policy`, `model`).
    #[wasm_bindgen(js_name = fromSources)]
    pub fn from_sources(
        #[wasm_bindgen(unchecked_param_type = "ListText[]")] sources: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SourcesOptions")] options: Option<JsValue>,
    ) -> Result<UrlFilter, JsValue> {
        // Each source read as an options object: an unknown key names the nearest valid one.
        let sources = crate::args::items(&sources, "sources")?;
        let sources = sources
            .into_iter()
            .map(|s| convert::options::<TextSource>(Some(s)));
        let sources = sources.collect::<Result<Vec<_>, _>>()?;
        let mut spec: FilterSpec = convert::options(options)?;
        spec.lists.extend(sources.into_iter().map(|s| ListSource {
            label: s.label,
            format: s.format,
            categories: s.category.into_iter().collect(),
            text: s.text,
        }));
        CoreFilter::from_spec(&spec).or_throw_as()
    }

    /// Checks many URLs: one result per URL, in order, a `Decision` or an `ItemError`
    /// (`index`, `input`, `code`, `message`) for a URL that cannot be checked or is `null`
    /// (code `input_null`); with a `TermScanner`, each URL's search terms are scanned as
    /// in `check`.
    #[wasm_bindgen(js_name = checkMany, unchecked_return_type = "(Decision | ItemError)[]")]
    pub fn check_many(
        &self,
        urls: NullableTextList,
        #[wasm_bindgen(unchecked_optional_param_type = "Audience | null")] audience: Option<Text>,
        #[wasm_bindgen(unchecked_optional_param_type = "string | Date | null")] at: Option<Time>,
        #[wasm_bindgen(unchecked_optional_param_type = "TermScanner | null")] scanner: Option<
            ScannerArg,
        >,
    ) -> Result<JsValue, JsValue> {
        let urls = nullable_texts(&urls, "urls")?;
        let (audience, at) = (self::audience(audience)?, optional_instant(at)?);
        let scanner: Option<TermScanner> =
            optional_instance(scanner.map(Into::into), "scanner", "TermScanner")?;
        let scanner = scanner.as_ref().map(|s| &*s.inner);
        let results = self
            .inner
            .check_many_nullable(&urls, &audience, at, scanner)
            .or_throw()?;
        let items = js_sys::Array::new();
        for result in results {
            items.push(&match result {
                Ok(mut decision) => {
                    decision.convert_search_offsets(Utf16).or_throw()?;
                    to_js(&decision)?
                }
                Err(error) => to_js(&error)?,
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
        #[wasm_bindgen(unchecked_param_type = "Registry")] registry: JsValue,
    ) -> Result<JsValue, JsValue> {
        let registry: Registry = instance(&registry, "registry", "Registry")?;
        let (event, registry) = (json_text(&event)?, &registry.inner);
        js_result(self.inner.record_json_with_registry(&event, registry))
    }

    /// Replaces the policy as an approved change (`id`, `requested_by`, `approved_by`, `at`,
    /// `reason`, `policy`), checked against the registry and logged; a change dated before
    /// the latest one is refused (`filter_policy_change_out_of_order`).
    #[wasm_bindgen(js_name = changePolicy)]
    pub fn change_policy(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Record<string, unknown> | string")] change: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Registry")] registry: JsValue,
    ) -> Result<(), JsValue> {
        let registry: Registry = instance(&registry, "registry", "Registry")?;
        let (change, registry) = (json_text(&change)?, &registry.inner);
        self.inner.change_policy_json(&change, registry).or_throw()
    }

    /// Replaces the school's policy without a registry (logged as an unverified change).
    #[wasm_bindgen(js_name = setPolicy)]
    pub fn set_policy(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "PolicyConfig | string")] policy: JsValue,
    ) -> Result<(), JsValue> {
        self.inner.set_policy_json(&json_text(&policy)?).or_throw()
    }

    /// The override change log (`schemaVersion`, `events`, `overrides`), camelCase keys.
    #[wasm_bindgen(js_name = changeLog, unchecked_return_type = "{ [key: string]: unknown }")]
    pub fn change_log(&self) -> Result<JsValue, JsValue> {
        text_to_js(&self.inner.change_log_json())
    }

    /// The change log document in the wire format (what `JSON.stringify(filter)` writes).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "WireDocument")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        parse_json(&self.inner.change_log_json())
    }

    /// Every list's accepted, ignored and rejected lines.
    #[wasm_bindgen(js_name = loadReport, unchecked_return_type = "LoadReport")]
    pub fn load_report(&self) -> Result<JsValue, JsValue> {
        text_to_js(&self.inner.load_report().to_json())
    }

    /// Classifies a squid native access log; `audiences` places lines by user name or client
    /// address prefix (its keys are data: used as they are). Each list keeps its first 1,000
    /// lines; `totals` counts every line that belongs in it.
    #[wasm_bindgen(js_name = classifySquidLog, unchecked_return_type = "LogSummary")]
    pub fn classify_squid_log(
        &self,
        text: Text,
        #[wasm_bindgen(unchecked_param_type = "AudienceMap | null")] audiences: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        text_args!(text);
        let map = audiences.map(|a| wire_text(&a)).transpose()?;
        let summary = self
            .inner
            .classify_squid_log(text, map.as_deref())
            .or_throw()?;
        text_to_js(&summary.to_json())
    }

    /// Number of domain and IP rules.
    #[wasm_bindgen(getter, js_name = domainRuleCount)]
    pub fn domain_rule_count(&self) -> usize {
        self.inner.domain_rule_count()
    }
}
