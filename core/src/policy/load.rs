//! Reading a policy document: syntax, shape, then meaning, collecting every problem.
//!
//! serde stops at the first error, so the shape check runs in rounds: each round records
//! the first problem serde finds, repairs that spot (drops an unknown key, or puts back the
//! national default) and tries again, until the document deserialises. Semantic checks then
//! run over the typed document and add their own problems.

use super::MAX_POLICY_BYTES;
use super::document::PolicyDocument;
use super::error::{PolicyError, Problem};
use serde_json::Value;
use serde_path_to_error::Segment;

/// At most this many problems are reported (and shape-repair rounds run).
const MAX_PROBLEMS: usize = 100;

/// Reads TOML or JSON text (JSON when it starts with `{`, or is a JSON array) into a
/// document.
pub(super) fn parse_text(text: &str) -> Result<Value, PolicyError> {
    if text.len() > MAX_POLICY_BYTES {
        return Err(PolicyError::TooLarge {
            max: MAX_POLICY_BYTES,
        });
    }
    // A byte-order mark (Windows tools write one) is the file's, not the document's.
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.trim().is_empty() {
        // A file that could not be read, or a form sent blank: never the national defaults.
        return Err(single(
            "",
            "syntax",
            "the document is empty: a policy names at least the school's `id`".to_owned(),
        ));
    }
    if text.trim_start().starts_with('{') {
        crate::wire::limits::check_json(text)?;
        crate::wire::json_value(text).map_err(|e| {
            single(
                "",
                "syntax",
                format!(
                    "line {} column {}: {}",
                    e.line(),
                    e.column(),
                    without_position(&e)
                ),
            )
        })
    } else if let Some(json) = text
        .trim_start()
        .starts_with('[')
        .then(|| crate::wire::limits::check_json(text).ok())
        .flatten()
        .and_then(|()| crate::wire::json_value(text).ok())
    {
        // JSON that is not an object (`[]`): its shape is the problem, not TOML syntax
        // (a TOML document may also open with `[`, a table header).
        Ok(json)
    } else {
        crate::wire::toml_value(text).map_err(|e| match e {
            crate::wire::TomlError::TooDeep(deep) => PolicyError::TooDeep(deep),
            crate::wire::TomlError::Syntax(at) => single("", "syntax", at.to_string()),
        })
    }
}

/// serde_json's message without the " at line L column C" it ends with (the problem
/// names the position once, first).
fn without_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    text.strip_suffix(&suffix).unwrap_or(&text).to_owned()
}

/// Checks the shape of a document value against [`PolicyDocument`], collecting problems.
pub(super) fn shape(mut value: Value, base: &Value) -> (Option<PolicyDocument>, Vec<Problem>) {
    let mut problems: Vec<Problem> = Vec::new();
    if !value.is_object() {
        problems.push(problem(
            "",
            "invalid_type",
            "a policy document is a table of sections",
        ));
        return (None, problems);
    }
    // Array items dropped by earlier repairs, by array path: later items shifted down, so
    // their reported index is mapped back to the index in the document as written.
    let mut removed: Vec<(String, usize)> = Vec::new();
    while problems.len() < MAX_PROBLEMS {
        match serde_path_to_error::deserialize::<_, PolicyDocument>(&value) {
            Ok(document) => return (Some(document), problems),
            Err(err) => {
                let mut segments: Vec<Segment> = err.path().iter().cloned().collect();
                let current = segments.clone();
                original_indices(&mut segments, &removed);
                let message = err.inner().to_string();
                let found = describe(&segments, &message);
                // A value removed for being invalid is then "missing": already reported.
                if found.code == "missing_key" && problems.iter().any(|p| p.path == found.path) {
                    break;
                }
                let repeated = problems.contains(&found);
                problems.push(found);
                if repeated || !repair(&mut value, &current, &message, base) {
                    break;
                }
                if let Some((Segment::Seq { index }, parent)) = segments.split_last()
                    && !message.starts_with("unknown field")
                    && !message.starts_with("missing field")
                {
                    removed.push((display_path(parent), *index));
                }
            }
        }
    }
    problems.dedup();
    (None, problems)
}

/// Maps the indices of a path back to the document as written, given the items dropped.
fn original_indices(segments: &mut [Segment], removed: &[(String, usize)]) {
    for i in 0..segments.len() {
        let (before, rest) = segments.split_at_mut(i);
        if let Some(Segment::Seq { index }) = rest.first_mut() {
            let parent = display_path(before);
            let mut dropped: Vec<usize> = removed
                .iter()
                .filter(|(p, _)| *p == parent)
                .map(|(_, r)| *r)
                .collect();
            dropped.sort_unstable();
            for r in dropped {
                if r <= *index {
                    *index += 1;
                }
            }
        }
    }
}

/// The problem serde reported, with its full path and a stable code.
fn describe(segments: &[Segment], message: &str) -> Problem {
    let mut path = display_path(segments);
    let code = if let Some(field) = quoted_after(message, "unknown field `") {
        if !ends_with_key(segments, &field) {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(&field);
        }
        "unknown_key"
    } else if let Some(field) = quoted_after(message, "missing field `") {
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(&field);
        "missing_key"
    } else if message.starts_with("invalid type") {
        "invalid_type"
    } else if message.starts_with("unknown") {
        "unknown_value"
    } else {
        "invalid_value"
    };
    let mut text = message.to_owned();
    if let Some(wrong) = quoted_after(message, "unknown field `")
        .or_else(|| quoted_after(message, "unknown variant `"))
        && let Some(near) =
            crate::vocabulary::nearest(&wrong, expected(message).iter().map(String::as_str))
    {
        text = format!("{text}; did you mean `{near}`?");
    }
    problem(&path, code, text)
}

/// The backticked word that follows `prefix` in `message`.
fn quoted_after(message: &str, prefix: &str) -> Option<String> {
    let rest = message.split_once(prefix)?.1;
    Some(rest.split_once('`')?.0.to_owned())
}

/// The backticked words after "expected" in a serde message.
fn expected(message: &str) -> Vec<String> {
    let Some((_, rest)) = message.split_once("expected") else {
        return Vec::new();
    };
    rest.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// `filter.audiences.ks2.block[2]`.
pub(super) fn display_path(segments: &[Segment]) -> String {
    let mut out = String::new();
    for segment in segments {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    out
}

/// Repairs the spot serde complained about so the next round can find the next problem.
/// Returns false when nothing could be repaired (the rounds stop).
fn repair(value: &mut Value, segments: &[Segment], message: &str, base: &Value) -> bool {
    let mut keys: Vec<Key> = segments.iter().filter_map(Key::of).collect();
    if let Some(field) = quoted_after(message, "unknown field `") {
        if ends_with_key(segments, &field) {
            keys.pop();
        }
        return match get_mut(value, &keys) {
            Some(Value::Object(map)) => map.remove(&field).is_some(),
            _ => false,
        };
    }
    if let Some(field) = quoted_after(message, "missing field `") {
        let mut with_field = keys.clone();
        with_field.push(Key::Name(field.clone()));
        return match (get_mut(value, &keys), get(base, &with_field)) {
            (Some(Value::Object(map)), Some(default)) => {
                map.insert(field, default.clone());
                true
            }
            _ => false,
        };
    }
    let Some((last, parent_keys)) = keys.split_last() else {
        return false;
    };
    let default = get(base, &keys).cloned();
    match (get_mut(value, parent_keys), last, default) {
        (Some(Value::Object(map)), Key::Name(name), Some(default)) => {
            let changed = map.get(name) != Some(&default);
            map.insert(name.clone(), default);
            changed
        }
        (Some(Value::Object(map)), Key::Name(name), None) => map.remove(name).is_some(),
        (Some(Value::Array(items)), Key::Index(i), _) if *i < items.len() => {
            items.remove(*i);
            true
        }
        _ => false,
    }
}

/// Whether the path's last segment is the map key `field`.
fn ends_with_key(segments: &[Segment], field: &str) -> bool {
    matches!(segments.last(), Some(Segment::Map { key }) if key == field)
}

#[derive(Debug, Clone)]
enum Key {
    Name(String),
    Index(usize),
}

impl Key {
    fn of(segment: &Segment) -> Option<Key> {
        match segment {
            Segment::Seq { index } => Some(Key::Index(*index)),
            Segment::Map { key } => Some(Key::Name(key.clone())),
            Segment::Enum { .. } | Segment::Unknown => None,
        }
    }
}

fn get<'a>(mut value: &'a Value, keys: &[Key]) -> Option<&'a Value> {
    for key in keys {
        value = match key {
            Key::Name(n) => value.get(n.as_str())?,
            Key::Index(i) => value.get(*i)?,
        };
    }
    Some(value)
}

fn get_mut<'a>(mut value: &'a mut Value, keys: &[Key]) -> Option<&'a mut Value> {
    for key in keys {
        value = match key {
            Key::Name(n) => value.get_mut(n.as_str())?,
            Key::Index(i) => value.get_mut(*i)?,
        };
    }
    Some(value)
}

/// A problem.
pub(super) fn problem(path: &str, code: &str, message: impl Into<String>) -> Problem {
    Problem {
        path: path.to_owned(),
        code: code.to_owned(),
        message: message.into(),
    }
}

fn single(path: &str, code: &str, message: String) -> PolicyError {
    PolicyError::Invalid {
        problems: vec![problem(path, code, message)],
    }
}
