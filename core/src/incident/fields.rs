//! Reading JSON values with the path of every key, so errors name the exact field.
//!
//! Both the incident dict and school profiles (TOML is converted to the same JSON value
//! first) go through these helpers. JSON `null` counts as absent, so Python `None` and a
//! missing key mean the same thing.

use super::error::{IncidentError, invalid};
use serde_json::{Map, Value};

/// The path of `key` inside `parent` (`facts` + `adult_involved` = `facts.adult_involved`).
pub(crate) fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

/// The path of element `index` of the array at `parent`.
pub(crate) fn index(parent: &str, index: usize) -> String {
    format!("{parent}[{index}]")
}

/// A JSON object being read, with its path, and the keys it accepts.
pub(crate) struct Object<'v> {
    map: &'v Map<String, Value>,
    path: String,
}

impl<'v> Object<'v> {
    /// Reads `value` as an object whose keys must all be in `allowed`.
    pub(crate) fn new(
        value: &'v Value,
        path: &str,
        allowed: &[&str],
    ) -> Result<Object<'v>, IncidentError> {
        let Value::Object(map) = value else {
            return Err(invalid(
                display_path(path),
                format!("expected an object, found {}", kind(value)),
            ));
        };
        if let Some(unknown) = map.keys().find(|k| !allowed.contains(&k.as_str())) {
            return Err(IncidentError::UnknownField {
                file: None,
                field: join(path, unknown),
            });
        }
        Ok(Object {
            map,
            path: path.to_owned(),
        })
    }

    /// Reads `value` as an object with any keys (a map keyed by ids).
    pub(crate) fn open(value: &'v Value, path: &str) -> Result<Object<'v>, IncidentError> {
        let Value::Object(map) = value else {
            return Err(invalid(
                display_path(path),
                format!("expected a table, found {}", kind(value)),
            ));
        };
        Ok(Object {
            map,
            path: path.to_owned(),
        })
    }

    /// The path of a key of this object.
    pub(crate) fn path_of(&self, key: &str) -> String {
        join(&self.path, key)
    }

    /// The entries, in key order.
    pub(crate) fn entries(&self) -> impl Iterator<Item = (&'v String, &'v Value)> {
        self.map.iter()
    }

    /// A present, non-null value.
    pub(crate) fn get(&self, key: &str) -> Option<&'v Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// An optional string.
    pub(crate) fn str(&self, key: &str) -> Result<Option<&'v str>, IncidentError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(other) => Err(invalid(
                self.path_of(key),
                format!("expected a string, found {}", kind(other)),
            )),
        }
    }

    /// A required string.
    pub(crate) fn required_str(&self, key: &str) -> Result<&'v str, IncidentError> {
        self.str(key)?.ok_or_else(|| IncidentError::MissingField {
            file: None,
            field: self.path_of(key),
        })
    }

    /// An optional boolean.
    pub(crate) fn bool(&self, key: &str) -> Result<Option<bool>, IncidentError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(invalid(
                self.path_of(key),
                format!("expected true or false, found {}", kind(other)),
            )),
        }
    }

    /// An optional non-negative integer no larger than `max`.
    pub(crate) fn uint(&self, key: &str, max: u64) -> Result<Option<u64>, IncidentError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Number(n)) => match n.as_u64() {
                Some(v) if v <= max => Ok(Some(v)),
                _ => Err(invalid(
                    self.path_of(key),
                    format!("expected a whole number from 0 to {max}, found `{n}`"),
                )),
            },
            Some(other) => Err(invalid(
                self.path_of(key),
                format!("expected a whole number, found {}", kind(other)),
            )),
        }
    }

    /// An optional number from 0 to 1 (a confidence).
    pub(crate) fn fraction(&self, key: &str) -> Result<Option<f64>, IncidentError> {
        match self.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => match n.as_f64() {
                Some(v) if (0.0..=1.0).contains(&v) => Ok(Some(v)),
                _ => Err(invalid(
                    self.path_of(key),
                    format!("expected a number from 0 to 1, found `{n}`"),
                )),
            },
            Some(other) => Err(invalid(
                self.path_of(key),
                format!("expected a number from 0 to 1, found {}", kind(other)),
            )),
        }
    }

    /// An optional list of the monitoring scanner's context cues (`negated`, `quoted`).
    pub(crate) fn cues(
        &self,
        key: &str,
    ) -> Result<Vec<crate::scanner::context::ContextCue>, IncidentError> {
        use crate::scanner::context::ContextCue;
        let path = self.path_of(key);
        self.strings(key)?
            .into_iter()
            .enumerate()
            .map(|(i, c)| parse_id(&index(&path, i), c, ContextCue::from_id, ContextCue::IDS))
            .collect()
    }

    /// An optional array.
    pub(crate) fn array(&self, key: &str) -> Result<&'v [Value], IncidentError> {
        match self.get(key) {
            None => Ok(&[]),
            Some(Value::Array(items)) => Ok(items.as_slice()),
            Some(other) => Err(invalid(
                self.path_of(key),
                format!("expected a list, found {}", kind(other)),
            )),
        }
    }

    /// An optional list of strings.
    pub(crate) fn strings(&self, key: &str) -> Result<Vec<&'v str>, IncidentError> {
        let path = self.path_of(key);
        self.array(key)?
            .iter()
            .enumerate()
            .map(|(i, v)| match v {
                Value::String(s) => Ok(s.as_str()),
                other => Err(invalid(
                    index(&path, i),
                    format!("expected a string, found {}", kind(other)),
                )),
            })
            .collect()
    }
}

fn display_path(path: &str) -> String {
    if path.is_empty() {
        "(top level)".to_owned()
    } else {
        path.to_owned()
    }
}

/// A short name of a JSON value's type, for messages.
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Parses an id from a closed set, or explains which ids are accepted.
pub(crate) fn parse_id<T>(
    field: &str,
    value: &str,
    parse: impl Fn(&str) -> Option<T>,
    accepted: &[&str],
) -> Result<T, IncidentError> {
    parse(value).ok_or_else(|| {
        let shown: String = value.chars().take(60).collect();
        let hint = crate::vocabulary::unknown_hint(value, accepted.iter().copied());
        invalid(field, format!("unknown value `{shown}`{hint}"))
    })
}
