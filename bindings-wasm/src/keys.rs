//! Key conventions at the JS boundary: every result reaches JavaScript with camelCase keys
//! (`searchTerms`, `maxSeverity`), and object inputs may use camelCase or snake_case keys.
//! Ids (`nudes_u18`, `ks2`) are values and never change; neither do the keys of a map-valued
//! field ([`MAP_FIELDS`], e.g. the audience ids of `audiences`). JSON text and the documents
//! `toJSON()` returns stay in the wire format (snake_case), the same in every surface.
//!
//! ```js
//! filter.check('https://www.google.com/search?q=kites').searchTerms; // "kites"
//! escalate({ reportedAt: '2025-11-26T08:30:00Z', facts: { under13Involved: true }, ... });
//! ```

use crate::wire_keys::MAP_FIELDS;
use serde_json::Value;

/// The map-valued fields (snake_case), for the JS conformance runner, which renames the
/// vectors' expected keys itself.
#[cfg(feature = "full")]
#[wasm_bindgen::prelude::wasm_bindgen(js_name = __wireMapFields, skip_typescript)]
pub fn wire_map_fields() -> Vec<String> {
    MAP_FIELDS.iter().map(|f| (*f).to_owned()).collect()
}

/// `search_terms` → `searchTerms`, `under_13_involved` → `under13Involved`.
pub fn camel_case(key: &str) -> String {
    let mut parts = key.split('_');
    let mut out = parts.next().unwrap_or_default().to_owned();
    for part in parts {
        let mut chars = part.chars();
        out.extend(chars.next().map(|c| c.to_ascii_uppercase()));
        out.push_str(chars.as_str());
    }
    out
}

/// `searchTerms` → `search_terms`, `under13Involved` → `under_13_involved`; a snake_case
/// key is returned as it is.
pub fn snake_case(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    let mut previous = '_';
    for c in key.chars() {
        let digit_after_letter = c.is_ascii_digit() && previous.is_ascii_alphabetic();
        if c.is_ascii_uppercase() || digit_after_letter {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
        previous = c;
    }
    out
}

/// A field path of an object input in JS spelling: `facts.under_13_involved` →
/// `facts.under13Involved`, `subjects[0].age_band` → `subjects[0].ageBand`; the key after a
/// map-valued field is an id and stays (`contacts.police_lead.phone`).
pub fn camel_path(path: &str) -> String {
    let mut map_key = false;
    let segments = path.split('.').map(|segment| {
        let (name, index) = segment.split_at(segment.find('[').unwrap_or(segment.len()));
        let renamed = if map_key {
            name.to_owned()
        } else {
            camel_case(name)
        };
        map_key = MAP_FIELDS.contains(&name);
        renamed + index
    });
    segments.collect::<Vec<_>>().join(".")
}

/// A result with camelCase keys.
pub fn to_camel(value: Value) -> Value {
    rename(value, camel_case)
}

/// An object input with snake_case keys.
pub fn to_snake(value: Value) -> Value {
    rename(value, snake_case)
}

/// Two keys of one object input that name the same field (`pupilConsent` and
/// `pupil_consent`): which one would count is no more than an accident of order, so the
/// input is refused instead. The first such pair found.
pub fn clashing_keys(value: &Value) -> Option<(String, String)> {
    match value {
        Value::Array(items) => items.iter().find_map(clashing_keys),
        Value::Object(map) => {
            let mut seen = std::collections::HashMap::new();
            for key in map.keys() {
                if let Some(other) = seen.insert(snake_case(key), key) {
                    return Some((other.clone(), key.clone()));
                }
            }
            map.iter().find_map(|(key, value)| {
                match (MAP_FIELDS.contains(&snake_case(key).as_str()), value) {
                    (true, Value::Object(entries)) => entries.values().find_map(clashing_keys),
                    (_, value) => clashing_keys(value),
                }
            })
        }
        _ => None,
    }
}

/// Renames every object key with `f`, except the keys of a map-valued field.
fn rename(value: Value, f: fn(&str) -> String) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.into_iter().map(|v| rename(v, f)).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(key, value)| {
                    let value = match (MAP_FIELDS.contains(&snake_case(&key).as_str()), value) {
                        (true, Value::Object(entries)) => Value::Object(
                            entries
                                .into_iter()
                                .map(|(k, v)| (k, rename(v, f)))
                                .collect(),
                        ),
                        (_, value) => rename(value, f),
                    };
                    (f(&key), value)
                })
                .collect(),
        ),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_round_trip() {
        for key in ["search_terms", "under_13_involved", "rule", "max_severity"] {
            assert_eq!(snake_case(&camel_case(key)), key);
        }
        assert_eq!(camel_case("under_13_involved"), "under13Involved");
        assert_eq!(snake_case("consentReceiptID"), "consent_receipt_i_d");
    }

    #[test]
    fn two_spellings_of_one_key_clash() {
        let both = json!({"facts": {"pupilConsent": false, "pupil_consent": true}});
        assert_eq!(
            clashing_keys(&both),
            Some(("pupilConsent".to_owned(), "pupil_consent".to_owned()))
        );
        let map = json!({"audiences": {"ks2": {"blockList": []}, "ks3": {"block_list": []}}});
        assert_eq!(clashing_keys(&map), None);
        assert_eq!(
            clashing_keys(&json!([{"a_b": 1}, {"aB": 1, "a_b": 2}])).map(|p| p.1),
            Some("a_b".to_owned())
        );
    }

    #[test]
    fn paths_in_js_spelling() {
        assert_eq!(
            camel_path("facts.under_13_involved"),
            "facts.under13Involved"
        );
        assert_eq!(camel_path("subjects[0].age_band"), "subjects[0].ageBand");
        assert_eq!(
            camel_path("contacts.police_lead.phone"),
            "contacts.police_lead.phone"
        );
        assert_eq!(camel_path("reported_at"), "reportedAt");
        assert_eq!(camel_path(""), "");
    }

    #[test]
    fn map_keys_stay() {
        let doc =
            json!({"audiences": {"sixth_form": {"block_list": ["a.test"]}}, "search_terms": null});
        let camel = to_camel(doc.clone());
        assert_eq!(
            camel,
            json!({"audiences": {"sixth_form": {"blockList": ["a.test"]}}, "searchTerms": null})
        );
        assert_eq!(to_snake(camel), doc);
    }
}
