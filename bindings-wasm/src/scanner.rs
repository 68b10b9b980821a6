//! `TermScanner`, `Roster` and `searchTerms`: the monitoring term scanner from JavaScript.
//!
//! Offsets are JavaScript string indices (UTF-16 code units): the core converts its byte
//! offsets (`OffsetUnit::Utf16`), so `text.slice(m.start, m.end) === m.matchedText`.

use crate::args::{Text, TextList, instance, optional_text, optional_texts, texts};
use crate::convert::{audience, from_js};
use crate::errors::{Throw, js_result, to_js};
use esafety_core::CanonicalUrl;
use esafety_core::scanner::{self as core, OffsetUnit::Utf16};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

class!(shared
    /// Names whose matches never raise alerts: plain, or salted SHA-256 hashes.
    Roster(core::Roster)
);

#[wasm_bindgen]
impl Roster {
    /// A roster of plain names (a full name also adds each of its words).
    #[wasm_bindgen(js_name = fromNames)]
    pub fn from_names(names: TextList) -> Result<Roster, JsValue> {
        Ok(core::Roster::from_names(texts(&names, "names")?).into())
    }

    /// A roster of `sha256(salt + folded name)` lower-case hex hashes. Throws
    /// `scanner_invalid_roster_hash`.
    #[wasm_bindgen(js_name = fromHashes)]
    pub fn from_hashes(salt: Text, hashes: TextList) -> Result<Roster, JsValue> {
        text_args!(salt);
        let hashes = texts(&hashes, "hashes")?;
        core::Roster::from_hashes(salt, hashes).or_throw_as()
    }

    /// The salted hash of one name, as the MIS side computes it.
    #[wasm_bindgen(js_name = hashName)]
    pub fn hash_name(salt: Text, name: Text) -> Result<String, JsValue> {
        text_args!(salt, name);
        Ok(core::Roster::hash_name(salt, name))
    }

    /// Whether `text` (folded) is a roster name.
    pub fn contains(&self, text: Text) -> Result<bool, JsValue> {
        text_args!(text);
        Ok(self.inner.contains(text))
    }

    /// How many names or hashes it holds.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.inner.len()
    }

    /// `{ size }` (what `JSON.stringify(roster)` writes; the names are never written).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "{ size: number }")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        to_js(&serde_json::json!({ "size": self.size() }))
    }
}

class!(shared
    /// The monitoring term scanner: sees through obfuscation, whole words only (the core
    /// scanner is shared, never copied, when it is passed as an argument).
    TermScanner(Rc<core::TermScanner>)
);

impl From<core::TermScanner> for TermScanner {
    fn from(inner: core::TermScanner) -> Self {
        Rc::new(inner).into()
    }
}

#[wasm_bindgen]
impl TermScanner {
    /// The scanner of the embedded default list and text model (docs/scanner.md "The text
    /// model"), with the `monitoring` adjustments of a school policy when one is given.
    #[wasm_bindgen(js_name = default)]
    pub fn embedded_default(
        #[wasm_bindgen(unchecked_optional_param_type = "SchoolPolicy | string | null")]
        policy: JsValue,
    ) -> Result<TermScanner, JsValue> {
        match policy.is_null() || policy.is_undefined() {
            true => core::TermScanner::embedded_default().or_throw_as(),
            false => crate::policy::policy_arg(&policy)?
                .term_scanner()
                .or_throw_as(),
        }
    }

    /// A scanner from TSV text (the documented list format); `label` names the list in
    /// match sources (`list.tsv` when left out).
    #[wasm_bindgen(js_name = fromTsv)]
    pub fn from_tsv(contents: Text, label: Option<Text>) -> Result<TermScanner, JsValue> {
        text_args!(contents);
        let label = optional_text(label, "label")?;
        let label = label.as_deref().unwrap_or(core::UNNAMED_LIST_LABEL);
        core::TermScanner::from_tsv(label, contents).or_throw_as()
    }

    /// A scanner from list text in a named format (`tsv`, `ldnoobw`, `dsojevic`, ...).
    #[wasm_bindgen(js_name = fromFormat)]
    pub fn from_format(format: Text, label: Text, contents: Text) -> Result<TermScanner, JsValue> {
        text_args!(format, label, contents);
        core::TermScanner::from_format(format, label, contents).or_throw_as()
    }

    /// A scanner from `[term, category, severity]` triples and allow-phrases.
    #[wasm_bindgen(js_name = fromEntries)]
    pub fn from_entries(
        #[wasm_bindgen(unchecked_param_type = "[string, string, number][]")] entries: JsValue,
        allow: Option<TextList>,
    ) -> Result<TermScanner, JsValue> {
        let entries: Vec<(String, String, i64)> = from_js(entries)?;
        let allow = optional_texts(allow, "allow")?.unwrap_or_default();
        core::TermScanner::from_entries(&entries, &allow).or_throw_as()
    }

    /// This scanner extended with a school's own list, the default's provenance kept:
    /// `entries` is `[term, category, severity]` triples (cited `entries#1`, ...) or list
    /// text in the TSV format (`label` names it in match sources, `list.tsv` when left
    /// out; a `label` with triples throws `invalid_argument`); `allow` adds
    /// allow-phrases.
    pub fn extended(
        &self,
        #[wasm_bindgen(unchecked_param_type = "[string, string, number][] | string")]
        entries: JsValue,
        allow: Option<TextList>,
        label: Option<Text>,
    ) -> Result<TermScanner, JsValue> {
        let allow = optional_texts(allow, "allow")?.unwrap_or_default();
        if let Some(tsv) = crate::json::string(&entries, "entries") {
            let label = optional_text(label, "label")?;
            let label = label.as_deref().unwrap_or(core::UNNAMED_LIST_LABEL);
            return (self.inner)
                .extended_with_tsv(label, &tsv?, &allow)
                .or_throw_as();
        }
        if optional_text(label, "label")?.is_some() {
            let message = "`label` names TSV text; triples are cited as `entries#1`, ...";
            return Err(crate::errors::invalid(message));
        }
        let entries: Vec<(String, String, i64)> = from_js(entries)?;
        let list = core::TermList::from_entries(&entries, &allow).or_throw()?;
        self.inner.extended(&[list]).or_throw_as()
    }

    /// This scanner with a roster whose names never raise alerts.
    #[wasm_bindgen(js_name = withRoster)]
    pub fn with_roster(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Roster")] roster: JsValue,
    ) -> Result<TermScanner, JsValue> {
        let roster: Roster = instance(&roster, "roster", "Roster")?;
        Ok((*self.inner).clone().with_roster(roster.inner).into())
    }

    /// The matches in `text` (UTF-16 offsets), severities adjusted for `audience` (the
    /// core's default when left out). Throws `scanner_unknown_audience`.
    #[wasm_bindgen(unchecked_return_type = "Match[]")]
    pub fn scan(
        &self,
        text: Text,
        #[wasm_bindgen(unchecked_optional_param_type = "Audience | null")] audience: Option<Text>,
    ) -> Result<JsValue, JsValue> {
        text_args!(text);
        let audience = self::audience(audience)?;
        js_result(self.inner.scan_in(text, &audience, Utf16.as_str()))
    }

    /// The matches and their summary.
    #[wasm_bindgen(js_name = scanReport, unchecked_return_type = "ScanReport")]
    pub fn scan_report(
        &self,
        text: Text,
        #[wasm_bindgen(unchecked_optional_param_type = "Audience | null")] audience: Option<Text>,
    ) -> Result<JsValue, JsValue> {
        text_args!(text);
        let audience = self::audience(audience)?;
        let mut report = self.inner.scan_report(text, &audience).or_throw()?;
        core::convert_match_offsets(text, &mut report.matches, Utf16).or_throw()?;
        to_js(&report)
    }

    /// How many terms the scanner holds.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.inner.entries().len()
    }

    /// `{ size }` (what `JSON.stringify(scanner)` writes).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "{ size: number }")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        to_js(&serde_json::json!({ "size": self.size() }))
    }
}

/// The search terms of a web address (`q`, `search_query`, ...), decoded. Throws a `url_*`
/// error for an address that cannot be parsed.
#[wasm_bindgen(js_name = searchTerms)]
pub fn search_terms(url: Text) -> Result<Vec<String>, JsValue> {
    text_args!(url);
    Ok(core::search_terms(&CanonicalUrl::parse(url).or_throw()?))
}
