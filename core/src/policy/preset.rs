//! The built-in policy documents: the national defaults and the five seed schools.

use super::document::PolicyDocument;
use super::error::PolicyError;
use crate::vocabulary::{nearest, valid_values};

/// The preset ids, `national` first, then the seed schools in seed-file order.
pub const PRESET_IDS: [&str; 6] = [
    "national",
    "kilby",
    "highgate",
    "ely",
    "whitwell",
    "russell_house",
];

/// Older ids that still name a preset: the registry's `default` and `seed_000` …
/// `seed_004` (seed-file order).
pub const PRESET_ALIASES: [(&str, &str); 6] = [
    ("default", "national"),
    ("seed_000", "kilby"),
    ("seed_001", "highgate"),
    ("seed_002", "ely"),
    ("seed_003", "whitwell"),
    ("seed_004", "russell_house"),
];

const NATIONAL: &str = include_str!("../../data/policies/national.toml");

/// The canonical preset id for an id or alias (`-` read as `_`, case ignored).
pub(crate) fn canonical(id: &str) -> Option<&'static str> {
    let key = id.trim().to_ascii_lowercase().replace('-', "_");
    PRESET_IDS.iter().copied().find(|p| *p == key).or_else(|| {
        PRESET_ALIASES
            .iter()
            .find(|(alias, _)| *alias == key)
            .map(|(_, p)| *p)
    })
}

/// The document text of a preset.
pub(super) fn text(id: &str) -> Result<&'static str, PolicyError> {
    Ok(match canonical(id) {
        Some("national") => NATIONAL,
        Some("kilby") => include_str!("../../data/policies/kilby.toml"),
        Some("highgate") => include_str!("../../data/policies/highgate.toml"),
        Some("ely") => include_str!("../../data/policies/ely.toml"),
        Some("whitwell") => include_str!("../../data/policies/whitwell.toml"),
        Some("russell_house") => include_str!("../../data/policies/russell_house.toml"),
        _ => {
            let all = PRESET_IDS
                .iter()
                .copied()
                .chain(PRESET_ALIASES.iter().map(|(a, _)| *a));
            return Err(PolicyError::UnknownPreset {
                id: id.chars().take(60).collect(),
                hint: nearest(id, all)
                    .map(|n| format!("; did you mean `{n}`?"))
                    .unwrap_or_default(),
                valid: valid_values(PRESET_IDS),
            });
        }
    })
}

/// The national document (typed; the built-in text is checked by the tests).
pub(super) fn national_document() -> PolicyDocument {
    toml::from_str(NATIONAL).unwrap_or_else(|_| PolicyDocument {
        schema_version: crate::wire::SCHEMA_VERSION,
        id: "national".to_owned(),
        school: Default::default(),
        contacts: Default::default(),
        leftovers: Vec::new(),
        roles: Default::default(),
        aups: Default::default(),
        consent: Default::default(),
        filter: Default::default(),
        monitoring: Default::default(),
        incidents: Default::default(),
    })
}

/// The national document as a JSON value: the defaults that repair a broken document.
pub(super) fn national_value() -> serde_json::Value {
    serde_json::to_value(national_document()).unwrap_or(serde_json::Value::Null)
}
