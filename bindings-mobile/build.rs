//! Generates the uniffi records of the wire contract into `OUT_DIR/wire.rs`.
//!
//! Reads `schema/esafety.schema.json` (written by core) with the rules of
//! `scripts/wire/model.py`, so every surface agrees:
//!
//! * a record (`properties`) becomes a `uniffi::Record` struct, fields as in the schema;
//! * a closed choice (`enum`, or `oneOf` of `const`s) becomes a `uniffi::Enum` whose variants
//!   carry their wire id (`#[serde(rename)]`); an open choice (a bare `string`) is `String`;
//! * a union told apart by a `const` tag field becomes a `uniffi::Enum` with struct variants
//!   and serde's internal tag; a union told apart by shape only is refused (none is needed);
//! * `string` → `String`, `integer` → the Rust type of its `format` (`i64` without one),
//!   `number` → `f64`, `boolean` → `bool`, `array` → `Vec`, a map → `HashMap<String, _>`,
//!   nullable → `Option` (left out of the JSON when the field is not required).
//!
//! Only [`ROOTS`] and the definitions they refer to are generated.

use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::fmt::Write as _;

type Error = Box<dyn std::error::Error>;

/// The definitions the mobile API returns.
const ROOTS: &[&str] = &[
    "AccessDecision",
    "AupDiff",
    "AupVersion",
    "CanonicalUrl",
    "Decision",
    "Duty",
    "ImageDecision",
    "Plan",
    "PermissionDecision",
    "Problem",
    "ProfileWarning",
    "PupilDecision",
    "ReviewStatus",
    "RoleHolders",
    "ScanReport",
    "Takedown",
    "Vacancy",
];

const KEYWORDS: &[&str] = &[
    "type", "match", "ref", "in", "as", "loop", "use", "move", "fn",
];

fn main() -> Result<(), Error> {
    let path = std::path::Path::new(&std::env::var("CARGO_MANIFEST_DIR")?)
        .join("../schema/esafety.schema.json");
    println!("cargo:rerun-if-changed={}", path.display());
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
    let defs = schema["$defs"]
        .as_object()
        .ok_or("the schema has no $defs")?;
    let mut wanted = BTreeSet::new();
    for root in ROOTS {
        collect(root, defs, &mut wanted)?;
    }
    let mut out = String::new();
    for name in &wanted {
        render(&mut out, name, &defs[name.as_str()], defs)?;
    }
    let target = std::path::Path::new(&std::env::var("OUT_DIR")?).join("wire.rs");
    std::fs::write(target, out)?;
    Ok(())
}

/// Adds `name` and every definition it refers to.
fn collect(
    name: &str,
    defs: &Map<String, Value>,
    wanted: &mut BTreeSet<String>,
) -> Result<(), Error> {
    let node = defs
        .get(name)
        .ok_or_else(|| format!("`{name}` is not in the schema"))?;
    if !wanted.insert(name.to_owned()) {
        return Ok(());
    }
    let mut refs = Vec::new();
    refs_of(node, &mut refs);
    refs.into_iter().try_for_each(|r| collect(&r, defs, wanted))
}

fn refs_of(node: &Value, refs: &mut Vec<String>) {
    match node {
        Value::Object(map) => map
            .iter()
            .for_each(|(key, value)| match (key.as_str(), value) {
                ("$ref", Value::String(r)) => refs.extend(r.rsplit('/').next().map(str::to_owned)),
                _ => refs_of(value, refs),
            }),
        Value::Array(items) => items.iter().for_each(|v| refs_of(v, refs)),
        _ => {}
    }
}

/// The first paragraph of a description, without Rust doc links (as `model.summary`).
fn summary(node: &Value) -> String {
    let text = node["description"].as_str().unwrap_or("").trim();
    let first = text.split("\n\n").next().unwrap_or("");
    let words: Vec<&str> = first.split_whitespace().collect();
    words.join(" ").replace("[`", "`").replace("`]", "`")
}

fn doc(out: &mut String, indent: &str, node: &Value) {
    let text = summary(node);
    if !text.is_empty() {
        let _ = writeln!(out, "{indent}/// {text}");
    }
}

fn const_of(node: &Value) -> Option<&str> {
    node["const"]
        .as_str()
        .or_else(|| match node["enum"].as_array() {
            Some(values) if values.len() == 1 => values[0].as_str(),
            _ => None,
        })
}

/// Whether a definition is an open choice (any string), mapped to `String`.
fn is_open(node: &Value) -> bool {
    node["type"] == "string" && node.get("enum").is_none()
}

/// A field schema → its Rust type.
fn rust_type(node: &Value, defs: &Map<String, Value>) -> Result<String, Error> {
    if let Some(r) = node["$ref"].as_str() {
        let name = r.rsplit('/').next().unwrap_or(r);
        return Ok(if defs.get(name).is_some_and(is_open) {
            "String".into()
        } else {
            name.into()
        });
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(options) = node[key].as_array() {
            let rest: Vec<&Value> = options.iter().filter(|o| o["type"] != "null").collect();
            let [inner] = rest.as_slice() else {
                return Err(format!("untyped field {node}").into());
            };
            let inner = rust_type(inner, defs)?;
            return Ok(if rest.len() < options.len() {
                format!("Option<{inner}>")
            } else {
                inner
            });
        }
    }
    if let Some(kinds) = node["type"].as_array() {
        let rest: Vec<&Value> = kinds.iter().filter(|k| *k != "null").collect();
        let [kind] = rest.as_slice() else {
            return Err(format!("untyped field {node}").into());
        };
        let mut single = node.clone();
        single["type"] = (*kind).clone();
        let inner = rust_type(&single, defs)?;
        return Ok(if rest.len() < kinds.len() {
            format!("Option<{inner}>")
        } else {
            inner
        });
    }
    Ok(match (node["type"].as_str(), node["format"].as_str()) {
        (Some("string"), _) => "String".into(),
        (Some("integer"), Some("uint" | "uint64")) => "u64".into(),
        (
            Some("integer"),
            Some(f @ ("uint8" | "uint16" | "uint32" | "int8" | "int16" | "int32")),
        ) => f.replace("uint", "u").replace("int", "i"),
        (Some("integer"), _) => "i64".into(),
        (Some("number"), _) => "f64".into(),
        (Some("boolean"), _) => "bool".into(),
        (Some("array"), _) => format!("Vec<{}>", rust_type(&node["items"], defs)?),
        (Some("object"), _) if node["additionalProperties"].is_object() => {
            format!(
                "std::collections::HashMap<String, {}>",
                rust_type(&node["additionalProperties"], defs)?
            )
        }
        _ => return Err(format!("no Rust type for {node}").into()),
    })
}

/// `within_1_working_day` → `Within_1WorkingDay`: Kotlin's `WITHIN_1_WORKING_DAY`.
fn variant_name(id: &str) -> String {
    let mut name = String::new();
    for part in id.split('_') {
        if part.starts_with(|c: char| c.is_ascii_digit()) && !name.is_empty() {
            name.push('_');
        }
        let mut chars = part.chars();
        name.extend(chars.next().map(|c| c.to_ascii_uppercase()));
        name.push_str(chars.as_str());
    }
    name
}

fn fields(
    out: &mut String,
    indent: &str,
    node: &Value,
    skip: &str,
    defs: &Map<String, Value>,
) -> Result<(), Error> {
    let required: Vec<&str> = node["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    for (name, prop) in node["properties"].as_object().into_iter().flatten() {
        if name == skip {
            continue;
        }
        let ty = rust_type(prop, defs)?;
        doc(out, indent, prop);
        if !required.contains(&name.as_str()) {
            let skip_none = if ty.starts_with("Option<") {
                ", skip_serializing_if = \"Option::is_none\""
            } else {
                ""
            };
            let _ = writeln!(out, "{indent}#[serde(default{skip_none})]");
        }
        let raw = if KEYWORDS.contains(&name.as_str()) {
            "r#"
        } else {
            ""
        };
        let public = if indent.len() > 4 { "" } else { "pub " };
        let _ = writeln!(out, "{indent}{public}{raw}{name}: {ty},");
    }
    Ok(())
}

const ENUM: &str =
    "#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Enum)]";

fn render(
    out: &mut String,
    name: &str,
    node: &Value,
    defs: &Map<String, Value>,
) -> Result<(), Error> {
    if is_open(node) {
        return Ok(());
    }
    doc(out, "", node);
    if let Some(values) = node["enum"].as_array() {
        let _ = writeln!(
            out,
            "{ENUM}\n#[allow(non_camel_case_types)]\npub enum {name} {{"
        );
        for id in values.iter().filter_map(Value::as_str) {
            let _ = writeln!(
                out,
                "    /// `{id}`.\n    #[serde(rename = \"{id}\")]\n    {},",
                variant_name(id)
            );
        }
    } else if let Some(options) = node["oneOf"].as_array() {
        let tag =
            tag_of(options).ok_or_else(|| format!("`{name}`: a union without a tag field"))?;
        let header = if tag.is_empty() {
            String::new()
        } else {
            format!("#[serde(tag = \"{tag}\")]\n")
        };
        let _ = writeln!(
            out,
            "{ENUM}\n#[allow(non_camel_case_types)]\n{header}pub enum {name} {{"
        );
        for option in options {
            let id = const_of(option)
                .or_else(|| const_of(&option["properties"][tag]))
                .unwrap_or("");
            doc(out, "    ", option);
            let _ = write!(
                out,
                "    #[serde(rename = \"{id}\")]\n    {}",
                variant_name(id)
            );
            if tag.is_empty() {
                let _ = writeln!(out, ",");
            } else {
                let _ = writeln!(out, " {{");
                fields(out, "        ", option, tag, defs)?;
                let _ = writeln!(out, "    }},");
            }
        }
    } else {
        let _ = writeln!(
            out,
            "#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, uniffi::Record)]\npub struct {name} {{"
        );
        fields(out, "    ", node, "", defs)?;
    }
    let _ = writeln!(out, "}}\n");
    Ok(())
}

/// `""` for a choice of `const`s; the field every object variant fixes with a `const`;
/// `None` for a union told apart by shape.
fn tag_of(options: &[Value]) -> Option<&str> {
    if options.iter().all(|o| const_of(o).is_some()) {
        return Some("");
    }
    let first = options.first()?["properties"].as_object()?;
    first.keys().map(String::as_str).find(|key| {
        options
            .iter()
            .all(|o| const_of(&o["properties"][*key]).is_some())
    })
}
