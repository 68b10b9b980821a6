//! Options objects: camelCase (or snake_case) keys into a core input type, an unknown key
//! an error that names the nearest valid key.
//!
//! ```js
//! ledger.record(p, c, "website_photos", "given", at, { parentalResponsibilty: false });
//! // throws EsafetyError, code "unknown_option":
//! // "unknown option `parentalResponsibilty`; did you mean `parentalResponsibility`?"
//! ```

use crate::errors::coded_error;
use crate::keys::{camel_case, snake_case};
use esafety_core::vocabulary::{nearest, valid_values};
use serde::de::{self, DeserializeOwned, Visitor};
use serde_json::Value;
use wasm_bindgen::JsValue;

/// The option keys `T` accepts (snake_case): the fields serde asks for when it reads `T`;
/// empty when `T` is not a struct.
fn fields<T: DeserializeOwned>() -> &'static [&'static str] {
    let mut grab = FieldGrab(&[]);
    let _ = T::deserialize(&mut grab);
    grab.0
}

/// A deserializer that only records the field list of the struct asked for.
struct FieldGrab(&'static [&'static str]);

#[derive(Debug)]
struct Stop;

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("field list read")
    }
}

impl std::error::Error for Stop {}

impl de::Error for Stop {
    fn custom<M: std::fmt::Display>(_: M) -> Self {
        Stop
    }
}

impl<'de> de::Deserializer<'de> for &mut FieldGrab {
    type Error = Stop;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
        Err(Stop)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Stop> {
        self.0 = fields;
        Err(Stop)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// An options object (JSON with snake_case keys, `None` for none given) as `T`: what is
/// left out takes the core's default; an unknown key throws `unknown_option`.
pub fn read<T: DeserializeOwned>(json: Option<Value>) -> Result<T, JsValue> {
    let json = json.unwrap_or_else(|| Value::Object(Default::default()));
    let known = fields::<T>();
    if let (Value::Object(map), false) = (&json, known.is_empty())
        && let Some(key) = map.keys().find(|k| !known.contains(&k.as_str()))
    {
        return Err(unknown(key, known));
    }
    serde_json::from_value(json).map_err(|e| crate::errors::invalid(&e.to_string()))
}

/// The `unknown_option` error for `key`, naming the nearest of `known` and every one (in
/// camelCase), worded as the core words an unknown id.
fn unknown(key: &str, known: &[&str]) -> JsValue {
    let camel: Vec<String> = known.iter().map(|k| camel_case(k)).collect();
    let nearest = nearest(&snake_case(key), known.iter().copied())
        .map(|k| format!("; did you mean `{}`?", camel_case(k)))
        .unwrap_or_default();
    let listed = valid_values(camel.iter().map(String::as_str));
    let message = format!(
        "unknown option `{}`{nearest}; valid values: {listed}",
        camel_case(key)
    );
    coded_error("unknown_option", "argument", &message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_of_an_options_struct() {
        let known = fields::<esafety_core::consent::RecordOptions>();
        assert!(known.contains(&"parental_responsibility"), "{known:?}");
        assert!(fields::<Vec<String>>().is_empty());
    }
}
