//! Reading a TOML document into a JSON value, with its syntax errors placed by line and
//! column (the school policy document and the incident profiles share it).

use super::limits::{TooDeep, check_toml};
use serde_json::Value;

/// Why a TOML text could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TomlError {
    /// Nested deeper than the limit (checked before parsing).
    TooDeep(TooDeep),
    /// Not TOML.
    Syntax(TomlSyntax),
}

/// Where the TOML parser stopped (1-based line and column) and its message; shown as
/// `line 3 column 1: <message>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TomlSyntax {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for TomlSyntax {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {} column {}: {}",
            self.line, self.column, self.message
        )
    }
}

/// Parses `text` as TOML into a JSON value, refusing deep nesting first (the unit test
/// below shows both errors).
pub(crate) fn toml_value(text: &str) -> Result<Value, TomlError> {
    // A byte-order mark is the file's, not the document's.
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    check_toml(text).map_err(TomlError::TooDeep)?;
    let mut value = toml::from_str::<super::strict::Strict>(text)
        .map(|s| s.0)
        .map_err(|e| {
            let (line, column) = e
                .span()
                .map_or((1, 1), |span| line_column(text, span.start));
            TomlError::Syntax(TomlSyntax {
                line,
                column,
                message: e.message().trim().to_owned(),
            })
        })?;
    dates_as_text(&mut value);
    Ok(value)
}

/// The key under which the `toml` crate hands a TOML date or time to serde.
const TOML_DATETIME: &str = "$__toml_private_datetime";

/// Replaces every TOML date, time or date-time (`from = 2027-02-15`) with its text, so a
/// date reads the same written bare or quoted.
fn dates_as_text(value: &mut Value) {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        if let Value::Object(map) = v
            && map.len() == 1
            && let Some(Value::String(text)) = map.get(TOML_DATETIME)
        {
            *v = Value::String(text.clone());
            continue;
        }
        match v {
            Value::Object(map) => stack.extend(map.values_mut()),
            Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
}

/// The 1-based line and column (in characters) of byte `offset` of `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::{TomlError, toml_value};

    #[test]
    fn syntax_errors_are_placed_by_line_and_column() {
        assert_eq!(
            toml_value("a = 1\nb = 2").ok(),
            Some(serde_json::json!({"a": 1, "b": 2}))
        );
        match toml_value("a = 1\nb = [1,\n") {
            Err(TomlError::Syntax(at)) => {
                assert_eq!((at.line, at.column), (2, 8), "{at}");
                assert!(at.to_string().starts_with("line 2 column 8: "), "{at}");
            }
            other => panic!("{other:?}"),
        }
        let deep = format!("a = {}1{}", "[".repeat(200), "]".repeat(200));
        assert!(matches!(toml_value(&deep), Err(TomlError::TooDeep(_))));
    }

    #[test]
    fn numbers_that_are_not_finite_are_refused_not_read_as_unset() {
        for text in ["limit = inf", "limit = -inf", "[a]\nlimit = nan"] {
            match toml_value(text) {
                Err(TomlError::Syntax(at)) => {
                    assert!(at.message.contains("not finite"), "{text}: {at}")
                }
                other => panic!("{text}: {other:?}"),
            }
        }
        assert_eq!(
            toml_value("limit = 1.5\nwhen = 2027-02-15").ok(),
            Some(serde_json::json!({"limit": 1.5, "when": "2027-02-15"}))
        );
    }
}
