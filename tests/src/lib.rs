//! Runs the shared conformance vectors in `tests/vectors/` against the Rust core.
//!
//! A vector file is `tests/vectors/<concept>/<topic>.json`:
//!
//! ```json
//! {"schemaVersion": 1, "concept": "url", "description": "...",
//!  "cases": [{"name": "kebab-case", "description": "...", "input": {},
//!             "expect": {"ok": {}}}]}
//! ```
//!
//! `expect` is either `{"ok": value}` or `{"error": "<code>"}`. An `ok` value is compared
//! as a *subset*: every key of an expected object must be present and equal in the actual
//! result (recursively); arrays must have the same length and match element by element;
//! scalars must be equal (numbers by value). The Python, JS and Kotlin runners implement
//! the same rule, so a vector means the same thing on every surface.

pub mod fuzz;

use serde::Deserialize;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// One vector file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct VectorFile {
    /// Must equal [`esafety_core::wire::SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The concept (folder name) the file belongs to.
    pub concept: String,
    /// What the file covers.
    #[serde(default)]
    pub description: String,
    /// The surfaces that run the file (`rust`, `python`, `js`, `kotlin`); empty means all.
    /// A file limited to some surfaces uses an operation the others do not bind yet.
    #[serde(default)]
    pub surfaces: Vec<String>,
    /// The cases.
    pub cases: Vec<Case>,
}

/// One case of a vector file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Unique kebab-case name.
    pub name: String,
    /// What the case checks and why.
    #[serde(default)]
    pub description: String,
    /// The issue or source the case comes from.
    #[serde(default)]
    pub source: Option<String>,
    /// Concept-specific input.
    pub input: Value,
    /// The expected outcome.
    pub expect: Expect,
}

/// The expected outcome of a case.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub enum Expect {
    /// The operation succeeds and its result contains this value.
    Ok(Value),
    /// The operation fails with this error code.
    Error(String),
}

/// The outcome of running one case on a surface: a JSON result or an error code.
pub type Outcome = Result<Value, String>;

/// The folder holding every concept's vectors.
pub fn vectors_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("vectors")
}

/// The folder of the bad-input corpus: files of any concept, each naming its concept.
pub const BAD_INPUT: &str = "bad_input";

/// The JSON files of a folder, sorted by name.
fn json_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    Ok(paths)
}

/// Loads every vector file of a concept, sorted by file name, then the concept's files of
/// the bad-input corpus (`tests/vectors/bad_input/`, where each file names its concept).
///
/// # Errors
///
/// A message naming the file when a file cannot be read or parsed.
pub fn load_concept(concept: &str) -> Result<Vec<(PathBuf, VectorFile)>, String> {
    let mut files = load_folder(&vectors_root().join(concept), Some(concept))?;
    files.extend(
        load_folder(&vectors_root().join(BAD_INPUT), None)?
            .into_iter()
            .filter(|(_, file)| file.concept == concept),
    );
    Ok(files)
}

/// Loads the vector files of a folder; `concept`, when given, is the one they must name.
fn load_folder(dir: &Path, concept: Option<&str>) -> Result<Vec<(PathBuf, VectorFile)>, String> {
    let mut files = Vec::new();
    for path in json_files(dir)? {
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let file: VectorFile =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        if file.schema_version != esafety_core::wire::SCHEMA_VERSION {
            return Err(format!("{}: unsupported schemaVersion", path.display()));
        }
        if concept.is_some_and(|c| c != file.concept) {
            return Err(format!(
                "{}: concept `{}` is not the folder's",
                path.display(),
                file.concept
            ));
        }
        files.push((path, file));
    }
    Ok(files)
}

/// Whether `actual` satisfies `expected` under the subset rule described in the crate docs.
pub fn matches(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => e
            .iter()
            .all(|(k, ev)| a.get(k).is_some_and(|av| matches(ev, av))),
        (Value::Array(e), Value::Array(a)) => {
            e.len() == a.len() && e.iter().zip(a).all(|(ev, av)| matches(ev, av))
        }
        (Value::Number(e), Value::Number(a)) => e.as_f64() == a.as_f64(),
        _ => expected == actual,
    }
}

/// Runs every case of a concept through `run` and returns one line per failure.
///
/// Also checks that case names are unique within the concept and that the concept has at
/// least one case, so a missing folder cannot pass silently.
pub fn run_concept(concept: &str, run: impl Fn(&Value) -> Outcome) -> Vec<String> {
    let files = match load_concept(concept) {
        Ok(files) => files,
        Err(e) => return vec![e],
    };
    let mut failures = Vec::new();
    let mut names = std::collections::BTreeSet::new();
    let mut count = 0;
    for (path, file) in &files {
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for case in &file.cases {
            count += 1;
            if !names.insert(case.name.clone()) {
                failures.push(format!("{file_name}: duplicate case name `{}`", case.name));
            }
            let outcome = run(&case.input);
            if let Ok(value) = &outcome {
                for bad in unresolved_sources(value) {
                    failures.push(format!("{file_name} :: {}: {bad}", case.name));
                }
            }
            let ok = match (&case.expect, &outcome) {
                (Expect::Ok(e), Ok(a)) => matches(e, a),
                (Expect::Error(e), Err(a)) => e == a,
                _ => false,
            };
            if !ok {
                failures.push(format!(
                    "{file_name} :: {}: expected {:?}, got {:?}",
                    case.name, case.expect, outcome
                ));
            }
        }
    }
    if count == 0 {
        failures.push(format!("concept `{concept}` has no cases"));
    }
    failures
}

/// Every `source` in a result: the string value of any key named `source` or ending in
/// `_source`, at any depth, in document order.
pub fn collect_sources(value: &Value) -> Vec<String> {
    fn walk(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (key, v) in map {
                    if let (true, Value::String(s)) =
                        (key == "source" || key.ends_with("_source"), v)
                    {
                        out.push(s.clone());
                    }
                    walk(v, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, &mut out);
    out
}

/// Why a source is not acceptable: it cites an issue or `DOMAIN.md`, or does not resolve
/// through [`esafety_core::source::resolve`] to `docs/guidance.md`, `docs/seeds.md`, the
/// school's own policy or a list entry. `None` when it is fine.
pub fn source_problem(source: &str) -> Option<String> {
    if source.contains("issue ") || source.contains("DOMAIN.md") {
        return Some(format!("source `{source}` cites an issue or DOMAIN.md"));
    }
    if esafety_core::source::resolve(source).is_none() {
        return Some(format!(
            "source `{source}` does not resolve (docs/guidance.md, docs/seeds.md)"
        ));
    }
    None
}

/// One message per `source` in `value` that is not acceptable (see [`source_problem`]).
/// [`run_concept`] applies it to every successful result, so every vector checks its
/// sources on every run.
pub fn unresolved_sources(value: &Value) -> Vec<String> {
    collect_sources(value)
        .iter()
        .filter_map(|s| source_problem(s))
        .collect()
}

/// Fails the calling test with every failure listed.
pub fn assert_concept(concept: &str, run: impl Fn(&Value) -> Outcome) {
    let failures = run_concept(concept, run);
    assert!(
        failures.is_empty(),
        "{} failing vectors:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Whether row `row` of a column batch is what `check` answered for the same URL: the
/// decision's verdict, first category and rule, or the error's code (`Err(code)`).
///
/// # Errors
///
/// A message naming both sides when they differ.
pub fn same_column_row(
    columns: &esafety_core::filter::DecisionColumns,
    row: usize,
    checked: Result<&esafety_core::Decision, &str>,
) -> Result<(), String> {
    let got = (
        columns.verdict.get(row).copied().flatten(),
        columns.category.get(row),
        columns.rule.get(row),
        columns.error.get(row).copied().flatten(),
    );
    let expected = match checked {
        Ok(d) => (
            Some(d.verdict.as_str()),
            d.categories
                .first()
                .map(esafety_core::filter::Category::as_str),
            Some(d.rule.as_str()),
            None,
        ),
        Err(code) => (None, None, None, Some(code)),
    };
    if got == expected {
        Ok(())
    } else {
        Err(format!(
            "column row {got:?} differs from check's {expected:?}"
        ))
    }
}

/// Reads a string field of a vector input.
///
/// # Errors
///
/// A message when the field is missing or not a string.
pub fn str_field<'a>(input: &'a Value, key: &str) -> Result<&'a str, String> {
    input
        .get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("vector input lacks string field `{key}`"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn subset_rule() {
        assert!(matches(&json!({"a": 1}), &json!({"a": 1.0, "b": 2})));
        assert!(!matches(&json!({"a": 1, "c": 3}), &json!({"a": 1})));
        assert!(!matches(&json!([1]), &json!([1, 2])));
        assert!(matches(&json!([{"x": "y"}]), &json!([{"x": "y", "z": 0}])));
        assert!(matches(&json!(null), &json!(null)));
        assert!(!matches(&json!(null), &json!({"a": 1})));
    }

    #[test]
    fn sources_are_collected_at_any_depth() {
        let v = json!({"source": "Incident R1", "steps": [{"source": "seed 003 §11.4"},
                       {"rule_source": "issue 6 §6", "x": {"source": 3}}]});
        assert_eq!(
            collect_sources(&v),
            ["Incident R1", "seed 003 §11.4", "issue 6 §6"]
        );
        assert_eq!(unresolved_sources(&v).len(), 1);
        assert!(source_problem("DOMAIN.md §5.3 csam").is_some());
        assert!(source_problem("Incident csam; seed 003 §11.4").is_none());
    }
}

/// The README's Rust examples, compiled and run as doctests.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
