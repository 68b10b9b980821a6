//! The vocabulary lists as module constants (`esafety.ROLES`, `esafety.CHANNELS`, ...):
//! tuples of the ids core accepts, in core's order. Values come from core only.

use esafety_core::{consent, incident, policy, registry, scanner, vocabulary};
use pyo3::prelude::*;
use pyo3::types::PyTuple;

/// Every exported list: its Python name and its ids.
fn lists() -> Vec<(&'static str, Vec<String>)> {
    fn own<S: AsRef<str>>(ids: impl IntoIterator<Item = S>) -> Vec<String> {
        ids.into_iter().map(|id| id.as_ref().to_owned()).collect()
    }
    let mut seen = std::collections::BTreeSet::new();
    let categories = vocabulary::categories().into_iter().map(|c| c.id);
    vec![
        ("AUDIENCES", own(vocabulary::Audience::IDS)),
        ("ROLES", own(vocabulary::Role::IDS)),
        ("ACTIONS", own(registry::Action::IDS)),
        ("CONTEXT_KEYS", own(registry::CONTEXT_KEYS)),
        ("AUP_AUDIENCES", own(registry::Audience::IDS)),
        ("REVIEW_SUBJECTS", own(registry::review::ReviewSubject::IDS)),
        ("SEARCH_RULES", own(vocabulary::SearchRule::IDS)),
        ("CHANNELS", own(consent::Channel::ALL.map(|c| c.base_id()))),
        ("SOCIAL_PLATFORMS", own(consent::SocialPlatform::IDS)),
        ("CONSENT_STATES", own(consent::ConsentState::IDS)),
        ("EVENT_STATES", own(consent::EventState::IDS)),
        ("COLLECTION_METHODS", own(consent::CollectionMethod::IDS)),
        (
            "RELATIONSHIPS",
            own(consent::Relationship::ALL.iter().map(|r| r.as_str())),
        ),
        (
            "RESTRICTION_REASONS",
            own(consent::RestrictionReason::ALL.iter().map(|r| r.as_str())),
        ),
        (
            "INCIDENT_CATEGORIES",
            own(incident::Category::IDS.iter().copied()),
        ),
        (
            "TAGS",
            own(incident::Category::IDS
                .iter()
                .chain(incident::CONTEXT_TAGS)
                .copied()),
        ),
        ("CONTEXT_TAGS", own(incident::CONTEXT_TAGS.iter().copied())),
        ("FACTS", own(incident::FACT_NAMES.iter().copied())),
        (
            "SCANNER_CATEGORIES",
            scanner::Category::ALL
                .iter()
                .map(|c| c.as_str().to_owned())
                .collect(),
        ),
        ("TERM_LIST_FORMATS", own(scanner::TermListFormat::IDS)),
        (
            "CATEGORIES",
            categories.filter(|id| seen.insert(id.clone())).collect(),
        ),
        ("PRESET_IDS", own(policy::PRESET_IDS.iter().copied())),
    ]
}

/// Adds every list to the module as a tuple of `str`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    for (name, ids) in lists() {
        m.add(name, PyTuple::new(m.py(), ids)?)?;
    }
    Ok(())
}
