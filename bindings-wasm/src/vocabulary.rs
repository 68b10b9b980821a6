//! The vocabulary lists (`ROLES`, `CHANNELS`, `TAGS`, ...) the entry modules export as
//! constants: the ids core accepts, in core's order, read from core's own tables.

use crate::errors::plain;
use esafety_core::{consent, incident, policy, registry, scanner, vocabulary};
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

/// Every list: its JS constant name and its ids.
fn lists() -> Vec<(&'static str, Vec<&'static str>)> {
    vec![
        ("AUDIENCES", vocabulary::Audience::IDS.to_vec()),
        ("ROLES", vocabulary::Role::IDS.to_vec()),
        (
            "ACTIONS",
            registry::ALL_ACTIONS.map(|a| a.as_str()).to_vec(),
        ),
        ("CONTEXT_KEYS", registry::CONTEXT_KEYS.to_vec()),
        (
            "AUP_AUDIENCES",
            registry::aup::ALL_AUDIENCES.map(|a| a.as_str()).to_vec(),
        ),
        (
            "REVIEW_SUBJECTS",
            registry::review::ALL_SUBJECTS.map(|s| s.as_str()).to_vec(),
        ),
        ("SEARCH_RULES", vocabulary::SearchRule::IDS.to_vec()),
        (
            "CHANNELS",
            consent::Channel::ALL.map(|c| c.base_id()).to_vec(),
        ),
        (
            "SOCIAL_PLATFORMS",
            consent::SocialPlatform::ALL.map(|p| p.as_str()).to_vec(),
        ),
        (
            "EVENT_STATES",
            consent::EventState::ALL
                .iter()
                .map(|s| s.as_str())
                .collect(),
        ),
        (
            "COLLECTION_METHODS",
            consent::CollectionMethod::ALL
                .iter()
                .map(|m| m.as_str())
                .collect(),
        ),
        (
            "RELATIONSHIPS",
            consent::Relationship::ALL
                .iter()
                .map(|r| r.as_str())
                .collect(),
        ),
        (
            "RESTRICTION_REASONS",
            consent::RestrictionReason::ALL
                .iter()
                .map(|r| r.as_str())
                .collect(),
        ),
        ("INCIDENT_CATEGORIES", incident::Category::IDS.to_vec()),
        (
            "TAGS",
            incident::Category::IDS
                .iter()
                .chain(incident::CONTEXT_TAGS)
                .copied()
                .collect(),
        ),
        ("FACTS", incident::FACT_NAMES.to_vec()),
        (
            "SCANNER_CATEGORIES",
            scanner::Category::ALL.iter().map(|c| c.as_str()).collect(),
        ),
        (
            "TERM_LIST_FORMATS",
            scanner::TermListFormat::ALL.map(|f| f.as_str()).to_vec(),
        ),
        ("PRESET_IDS", policy::PRESET_IDS.to_vec()),
    ]
}

/// Every list as `{ NAME: [ids] }` (read once, when the package is built).
#[wasm_bindgen(js_name = __vocabulary, skip_typescript)]
pub fn vocabulary_lists() -> Result<JsValue, JsValue> {
    let mut map: Map<String, Value> = lists()
        .into_iter()
        .map(|(name, ids)| (name.to_owned(), Value::from(ids)))
        .collect();
    // Categories of every module, without repeats, in core's order.
    let mut seen = std::collections::BTreeSet::new();
    let categories = vocabulary::categories().into_iter().map(|c| c.id);
    let categories: Vec<String> = categories.filter(|id| seen.insert(id.clone())).collect();
    map.insert("CATEGORIES".to_owned(), Value::from(categories));
    plain(&Value::Object(map))
}
