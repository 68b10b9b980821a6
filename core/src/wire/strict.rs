//! JSON text read into a [`Value`] with every object key written once.
//!
//! `serde_json` keeps the last of two equal keys (`{"id": "oak", "id": "elm"}` is `elm`),
//! so a document that says two things would quietly mean one of them. The same document
//! in TOML is refused, and so are the wire types read straight into structs; text read into
//! a `Value` first (policy documents, filter specs) is read here instead, and a repeated
//! key is a syntax error naming it.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Parses JSON text, refusing an object that writes one key twice.
///
/// ```
/// # use esafety_core::wire::json_value;
/// assert!(json_value(r#"{"a": {"b": 1, "c": [2]}}"#).is_ok());
/// let twice = json_value(r#"{"id": "oak", "id": "elm"}"#).unwrap_err();
/// assert!(twice.to_string().contains("duplicate key `id`"));
/// ```
///
/// # Errors
///
/// The parser's error: a syntax error, or a duplicate key with its line and column.
///
/// A byte-order mark in front of the text (Windows tools write one) is the file's, not the
/// document's, and is read past.
pub fn json_value(text: &str) -> Result<Value, serde_json::Error> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    serde_json::from_str::<Strict>(text).map(|s| s.0)
}

/// A JSON value whose objects have no repeated key and whose numbers are finite (read from
/// JSON text here, and from TOML by [`super::toml_value`], where `nan` and `inf` are numbers
/// no setting takes).
pub(crate) struct Strict(pub(crate) Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Strict, D::Error> {
        deserializer.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        // JSON text cannot write a number that is not finite; refused, never read as null.
        Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("a number that is not finite"))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Strict(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(de::Error::custom(format_args!("duplicate key `{key}`")));
            }
            let Strict(value) = map.next_value()?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::json_value;
    use serde_json::json;

    #[test]
    fn reads_what_serde_json_reads() {
        let text =
            r#"{"a": [1, -2, 3.5, true, null, "x"], "b": {"c": {}}, "d": 18446744073709551615}"#;
        assert_eq!(
            json_value(text).unwrap(),
            serde_json::from_str::<serde_json::Value>(text).unwrap()
        );
        assert_eq!(json_value("[]").unwrap(), json!([]));
        assert_eq!(json_value("\u{FEFF}{\"a\": 1}").unwrap(), json!({"a": 1}));
    }

    #[test]
    fn refuses_a_key_written_twice_at_any_depth() {
        for text in [
            r#"{"id": "oak", "id": "elm"}"#,
            r#"{"a": [{"x": 1, "x": 1}]}"#,
            r#"{"a": {"b": {"allow": [], "allow": ["x"]}}}"#,
        ] {
            let e = json_value(text).unwrap_err();
            assert!(e.to_string().contains("duplicate key"), "{text}: {e}");
        }
    }

    /// Every document a caller hands over is read by one rule: a key written twice is
    /// refused, and a settings document must be an object (serde would read a struct from
    /// an array of its fields in order, so `[]` would be the empty policy).
    #[test]
    fn documents_refuse_repeated_keys_and_arrays_in_place_of_objects() {
        use crate::ErrorCode;
        let code = |e: &dyn ErrorCode| e.code().to_owned();
        let e = crate::incident::Incident::from_json_str(
            r#"{"tags": ["csam"], "tags": ["cyberbullying"]}"#,
        )
        .unwrap_err();
        assert_eq!(code(&e), "incident_syntax");
        assert!(e.to_string().contains("duplicate key `tags`"), "{e}");
        let mut f = crate::filter::UrlFilter::default();
        for text in [
            "[]",
            r#"{"audiences": {"ks2": {"block_list": ["bbc.co.uk"]}, "ks2": {}}}"#,
        ] {
            let e = f.set_policy_json(text).unwrap_err();
            assert_eq!(code(&e), "filter_invalid_policy", "{text}");
        }
        let e = f.record_json(r#"["r1"]"#).unwrap_err();
        assert_eq!(code(&e), "filter_invalid_override");
        let e = crate::consent::SchoolConsentConfig::from_json(r#"[["press_media"]]"#).unwrap_err();
        assert_eq!(code(&e), "consent_invalid_config");
        let e = crate::registry::SchoolSettings::from_json(
            r#"{"search_rule": "dfe", "search_rule": "pupil_or_parent_consent"}"#,
        )
        .unwrap_err();
        assert!(e.to_string().contains("duplicate key `search_rule`"), "{e}");
    }

    /// A document saved with a byte-order mark reads as the same document.
    #[test]
    fn a_byte_order_mark_is_the_files_not_the_documents() {
        let bom = |t: &str| format!("\u{FEFF}{t}");
        let i = crate::incident::Incident::from_json_str(&bom(r#"{"tags": ["csam"]}"#)).unwrap();
        assert_eq!(i.tags, ["csam"]);
        let p = crate::policy::SchoolPolicy::from_json(&bom(r#"{"schema_version": 1}"#));
        assert!(
            !p.as_ref()
                .err()
                .is_some_and(|e| e.to_string().contains("syntax")),
            "{p:?}"
        );
        let profile = crate::incident::SchoolProfile::from_text("p.toml", &bom("id = \"oak\"\n"));
        assert_eq!(profile.unwrap().id, "oak");
    }
}
