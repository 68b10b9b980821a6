//! The nesting limit every structured input obeys, checked before anything recurses.
//!
//! A hostile JSON or TOML body nested thousands of levels deep would exhaust the stack of a
//! recursive parser (and kill the host process: an MIS server, a browser tab). Every core
//! entry point that reads JSON or TOML text first scans it once, iteratively, and refuses
//! nesting deeper than [`MAX_DEPTH`] with [`TooDeep`] (code `input_too_deep`). The bindings
//! apply the same limit to their own dicts and objects, with the same code.
//!
//! Documents are bounded in size too: consent, filter, registry and scanner JSON longer than
//! [`MAX_DOCUMENT_BYTES`] is refused with [`TooLarge`] (code `input_too_large`, the code the
//! bindings give a dict or object with too many values) before it is parsed. Policy documents,
//! incidents and profiles have their own, smaller limits (1 MiB).

/// The deepest nesting of arrays and objects accepted in any JSON input or value.
pub const MAX_DEPTH: usize = 64;

/// The deepest nesting accepted in TOML text. Lower than [`MAX_DEPTH`]: the TOML parser
/// spends far more stack per level (a 64-deep document overflows a 256 KB thread in an
/// unoptimised build), and no school document nests beyond a handful of levels.
pub const MAX_TOML_DEPTH: usize = 32;

/// A structured input nested deeper than its limit (code `input_too_deep`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the input is nested more than {MAX_DEPTH} levels deep ({MAX_TOML_DEPTH} in TOML)")]
pub struct TooDeep;

impl TooDeep {
    /// The stable code every domain error gives for it.
    pub const CODE: &'static str = "input_too_deep";
}

/// The longest JSON document read (256 MiB): far above any school's ledger, policy or
/// change log, and above a filter spec that carries a large list inline.
pub const MAX_DOCUMENT_BYTES: usize = 256 << 20;

/// The most values (object entries, array items, scalars) a binding reads from one object
/// argument (a Python dict, a JS object), the limit of [`MAX_DOCUMENT_BYTES`] for a
/// document handed over as an object rather than text: ten million, so that a ledger's own
/// `to_dict()` of a million entries reads back as its text does.
pub const MAX_VALUES: usize = 10_000_000;

/// A document longer than [`MAX_DOCUMENT_BYTES`] (code `input_too_large`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the input is longer than {MAX_DOCUMENT_BYTES} bytes")]
pub struct TooLarge;

impl TooLarge {
    /// The stable code every domain error gives for it.
    pub const CODE: &'static str = "input_too_large";
}

/// Refuses a document longer than [`MAX_DOCUMENT_BYTES`], before anything reads it.
///
/// ```
/// use esafety_core::wire::limits::check_size;
///
/// assert!(check_size("{}").is_ok());
/// ```
///
/// # Errors
///
/// [`TooLarge`].
pub fn check_size(text: &str) -> Result<(), TooLarge> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(TooLarge);
    }
    Ok(())
}

/// Refuses JSON text nested deeper than [`MAX_DEPTH`]; no other checking (the parser
/// that follows reports syntax errors).
///
/// # Examples
///
/// ```
/// use esafety_core::wire::limits::{check_json, MAX_DEPTH};
///
/// assert!(check_json(r#"{"a": [1, {"b": "[[[["}]}"#).is_ok());
/// let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
/// assert!(check_json(&deep).is_err());
/// ```
///
/// # Errors
///
/// [`TooDeep`].
pub fn check_json(text: &str) -> Result<(), TooDeep> {
    scan(text, b'"', false, MAX_DEPTH)
}

/// Refuses TOML text nested deeper than [`MAX_TOML_DEPTH`]: arrays and inline tables, and
/// the dotted keys of a line or table header (each dot opens a table).
///
/// # Examples
///
/// ```
/// use esafety_core::wire::limits::{check_toml, MAX_TOML_DEPTH};
///
/// assert!(check_toml("[school]\nname = \"St Mary's [C of E]\"\nx.y = [1, 2]\n").is_ok());
/// let dotted = format!("{} = 1\n", vec!["a"; MAX_TOML_DEPTH + 2].join("."));
/// assert!(check_toml(&dotted).is_err());
/// ```
///
/// # Errors
///
/// [`TooDeep`].
pub fn check_toml(text: &str) -> Result<(), TooDeep> {
    scan(text, b'"', true, MAX_TOML_DEPTH)
}

/// Refuses a parsed JSON value nested deeper than [`MAX_DEPTH`], without recursing (for
/// entry points that take a value a binding already built).
///
/// # Examples
///
/// ```
/// use esafety_core::wire::limits::{check_value, MAX_DEPTH};
/// use serde_json::json;
///
/// assert!(check_value(&json!({"a": [1, {"b": 2}]})).is_ok());
/// let mut deep = json!(1);
/// for _ in 0..=MAX_DEPTH {
///     deep = json!([deep]);
/// }
/// assert!(check_value(&deep).is_err());
/// ```
///
/// # Errors
///
/// [`TooDeep`].
pub fn check_value(value: &serde_json::Value) -> Result<(), TooDeep> {
    use serde_json::Value;
    let mut todo: Vec<(&Value, usize)> = vec![(value, 0)];
    while let Some((value, depth)) = todo.pop() {
        let children: Box<dyn Iterator<Item = &Value>> = match value {
            Value::Array(items) => Box::new(items.iter()),
            Value::Object(map) => Box::new(map.values()),
            _ => continue,
        };
        if depth + 1 > MAX_DEPTH {
            return Err(TooDeep);
        }
        todo.extend(children.map(|child| (child, depth + 1)));
    }
    Ok(())
}

/// One pass over the bytes: brackets outside strings open and close levels; in TOML,
/// single-quoted strings are literal, `#` starts a comment and dots in keys count too.
fn scan(text: &str, quote: u8, toml: bool, max: usize) -> Result<(), TooDeep> {
    let mut depth = 0usize;
    let mut dots = 0usize;
    let mut in_string: Option<u8> = None;
    let mut escaped = false;
    let mut in_comment = false;
    for &b in text.as_bytes() {
        if in_comment {
            in_comment = b != b'\n';
            continue;
        }
        if let Some(q) = in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' && q == quote {
                escaped = true;
            } else if b == q || (toml && b == b'\n') {
                in_string = None;
            }
            continue;
        }
        match b {
            b'"' => in_string = Some(b'"'),
            b'\'' if toml => in_string = Some(b'\''),
            b'#' if toml => in_comment = true,
            b'[' | b'{' => depth += 1,
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'.' if toml => dots += 1,
            b'\n' | b'=' | b',' if toml => dots = 0,
            _ => {}
        }
        if depth + dots > max {
            return Err(TooDeep);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn documents_over_the_size_limit_are_refused_before_parsing() {
        let huge = " ".repeat(MAX_DOCUMENT_BYTES + 1);
        assert_eq!(check_size(&huge), Err(TooLarge));
        let ledger = crate::consent::ConsentLedger::from_json(&huge).unwrap_err();
        assert_eq!(ledger.code(), TooLarge::CODE);
        let registry = crate::registry::Registry::from_json(&huge).unwrap_err();
        assert_eq!(registry.code(), TooLarge::CODE);
        let filter = crate::UrlFilter::from_spec_json(&huge).unwrap_err();
        assert_eq!(filter.code(), TooLarge::CODE);
        assert!(check_size(&huge[..MAX_DOCUMENT_BYTES]).is_ok());
    }

    #[test]
    fn strings_and_comments_do_not_count() {
        let quoted = format!("[\"{}\", \"\\\"{}\"]", "[".repeat(200), "{".repeat(200));
        assert_eq!(check_json(&quoted), Ok(()));
        let comment = format!("# {}\nkey = 1\n", "[".repeat(200));
        assert_eq!(check_toml(&comment), Ok(()));
        let literal = format!("key = '{}'\n", "[".repeat(200));
        assert_eq!(check_toml(&literal), Ok(()));
    }

    #[test]
    fn the_limit_is_exact() {
        let nest = |n: usize| "[".repeat(n) + &"]".repeat(n);
        assert_eq!(check_json(&nest(MAX_DEPTH)), Ok(()));
        assert_eq!(check_json(&nest(MAX_DEPTH + 1)), Err(TooDeep));
        assert_eq!(
            check_toml(&format!("a = {}", nest(MAX_DEPTH + 1))),
            Err(TooDeep)
        );
        // Depth is per nesting, not per bracket: many siblings are fine.
        assert_eq!(check_json(&"[]".repeat(100_000)), Ok(()));
    }
}
