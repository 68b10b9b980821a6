//! The vocabulary lists (`ROLES`, `CHANNELS`, `TAGS`, ...) the entry modules export as
//! constants: the ids core accepts, in core's order, read from core's own tables.

use crate::errors::plain;
use esafety_core::{consent, incident, policy, registry, scanner, vocabulary};
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

/// Every list: its JS constant name and its ids.
fn lists() -> Vec<(&'static str, Vec<String>)> {
    use consent::{Channel, CollectionMethod, EventState, Relationship, RestrictionReason};
    let tags = incident::Category::IDS.iter().chain(incident::CONTEXT_TAGS);
    // Categories of every module, without repeats, in core's order.
    let mut seen = std::collections::BTreeSet::new();
    let categories = vocabulary::categories().into_iter().map(|c| c.id);
    let categories = categories.filter(|id| seen.insert(id.clone())).collect();
    vec![
        ("AUDIENCES", own(vocabulary::Audience::IDS)),
        ("ROLES", own(vocabulary::Role::IDS)),
        ("ACTIONS", own(registry::Action::IDS)),
        ("CONTEXT_KEYS", own(&registry::CONTEXT_KEYS)),
        ("AUP_AUDIENCES", own(registry::Audience::IDS)),
        ("REVIEW_SUBJECTS", own(registry::review::ReviewSubject::IDS)),
        ("SEARCH_RULES", own(vocabulary::SearchRule::IDS)),
        ("CHANNELS", ids(&Channel::ALL, |c| c.base_id())),
        ("SOCIAL_PLATFORMS", own(consent::SocialPlatform::IDS)),
        ("CONSENT_STATES", own(consent::ConsentState::IDS)),
        ("EVENT_STATES", ids(EventState::ALL, |s| s.as_str())),
        (
            "COLLECTION_METHODS",
            ids(CollectionMethod::ALL, |m| m.as_str()),
        ),
        ("RELATIONSHIPS", ids(Relationship::ALL, |r| r.as_str())),
        (
            "RESTRICTION_REASONS",
            ids(RestrictionReason::ALL, |r| r.as_str()),
        ),
        ("INCIDENT_CATEGORIES", own(incident::Category::IDS)),
        ("TAGS", tags.map(|t| (*t).to_owned()).collect()),
        ("FACTS", own(incident::FACT_NAMES)),
        (
            "SCANNER_CATEGORIES",
            ids(&scanner::Category::ALL, |c| c.as_str()),
        ),
        ("TERM_LIST_FORMATS", own(scanner::TermListFormat::IDS)),
        ("CATEGORIES", categories),
        ("PRESET_IDS", own(&policy::PRESET_IDS)),
    ]
}

/// The id of every value of a core table.
fn ids<T>(all: &[T], id: impl Fn(&T) -> &str) -> Vec<String> {
    all.iter().map(|v| id(v).to_owned()).collect()
}

/// A core list of ids, owned.
fn own(ids: &[&str]) -> Vec<String> {
    ids.iter().map(|id| (*id).to_owned()).collect()
}

/// Every list as `{ NAME: [ids] }` (read once, when the package is built).
#[wasm_bindgen(js_name = __vocabulary, skip_typescript)]
pub fn vocabulary_lists() -> Result<JsValue, JsValue> {
    let map: Map<String, Value> = lists()
        .into_iter()
        .map(|(name, ids)| (name.to_owned(), Value::from(ids)))
        .collect();
    plain(&Value::Object(map))
}
