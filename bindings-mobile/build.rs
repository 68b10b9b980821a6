//! Generates the uniffi records of the wire contract into `OUT_DIR/wire.rs`.
//!
//! Reads `schema/esafety.schema.json` (written by core) with the rules of
//! `scripts/wire/model.py`, so every surface agrees:
//!
//! * a record (`properties`) becomes a `uniffi::Record` struct, fields as in the schema;
//! * a closed choice (`enum`, or `oneOf` of `const`s) becomes a `uniffi::Enum` whose variants
//!   carry their wire id (`#[serde(rename)]`: `within_1_working_day` is `Within_1_WorkingDay`,
//!   Kotlin's `WITHIN_1_WORKING_DAY`); an open choice (a bare `string`) is `String`;
//! * a union told apart by a `const` tag field becomes a `uniffi::Enum` with struct variants
//!   and serde's internal tag; a union told apart by shape only is refused (none is needed);
//! * `string` → `String`, `integer` → the Rust type of its `format` (`i64` without one),
//!   `number` → `f64`, `boolean` → `bool`, `array` → `Vec`, a map → `HashMap<String, _>`,
//!   nullable → `Option` (left out of the JSON when the field is not required).
//!
//! Only [`ROOTS`] and the definitions they refer to are generated.

use serde_json::{Map, Value};
use std::collections::BTreeSet;

type Error = Box<dyn std::error::Error>;

/// The definitions the mobile API returns.
const ROOTS: &str =
    "AccessDecision AupDiff AupVersion CanonicalUrl Decision Duty ImageDecision ItemError
    Plan PermissionDecision Problem ProfileWarning PupilDecision ReviewStatus RoleHolders
    ScanReport Takedown Vacancy";

const DERIVE: &str = "#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize";

fn main() -> Result<(), Error> {
    let dir = std::path::PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let path = dir.join("../schema/esafety.schema.json");
    println!("cargo:rerun-if-changed={}", path.display());
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
    let defs = schema["$defs"].as_object().ok_or("no $defs")?;
    let mut wanted = BTreeSet::new();
    let mut todo: Vec<String> = ROOTS.split_whitespace().map(str::to_owned).collect();
    while let Some(name) = todo.pop() {
        let node = defs
            .get(&name)
            .ok_or(format!("`{name}` is not in the schema"))?;
        refs_of(node, &mut todo);
        wanted.insert(name);
    }
    let mut out = String::new();
    for name in &wanted {
        out += &render(name, &defs[name.as_str()], defs)?;
    }
    let target = std::path::PathBuf::from(std::env::var("OUT_DIR")?).join("wire.rs");
    Ok(std::fs::write(target, out)?)
}

/// Every definition `node` refers to.
fn refs_of(node: &Value, refs: &mut Vec<String>) {
    match node {
        Value::Object(map) => map.iter().for_each(|(key, value)| match value {
            Value::String(r) if key == "$ref" => {
                refs.extend(r.rsplit('/').next().map(str::to_owned))
            }
            _ => refs_of(value, refs),
        }),
        Value::Array(items) => items.iter().for_each(|v| refs_of(v, refs)),
        _ => {}
    }
}

/// The first paragraph of a description as a doc comment (as `model.summary`), or `or`.
fn doc(indent: &str, node: &Value, or: &str) -> String {
    let text = node["description"].as_str().unwrap_or("").trim();
    let first = text.split("\n\n").next().unwrap_or("").split_whitespace();
    let text = first
        .collect::<Vec<_>>()
        .join(" ")
        .replace("[`", "`")
        .replace("`]", "`");
    let text = if text.is_empty() { or } else { &text };
    if text.is_empty() {
        String::new()
    } else {
        format!("{indent}/// {text}\n")
    }
}

fn const_of(node: &Value) -> Option<&str> {
    match node["enum"].as_array() {
        Some(values) if values.len() == 1 => values[0].as_str(),
        _ => node["const"].as_str(),
    }
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
            "String"
        } else {
            name
        }
        .to_owned());
    }
    // `anyOf`/`oneOf` of one type and `null`, or `"type": [T, "null"]`.
    let options: Vec<Value> = match (&node["anyOf"], &node["oneOf"], &node["type"]) {
        (Value::Array(o), _, _) | (_, Value::Array(o), _) => o.clone(),
        (_, _, Value::Array(kinds)) => kinds.iter().map(|k| with_type(node, k)).collect(),
        _ => Vec::new(),
    };
    if !options.is_empty() {
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
    let (items, values) = (&node["items"], &node["additionalProperties"]);
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
        (Some("array"), _) => format!("Vec<{}>", rust_type(items, defs)?),
        (Some("object"), _) if values.is_object() => {
            format!(
                "std::collections::HashMap<String, {}>",
                rust_type(values, defs)?
            )
        }
        _ => return Err(format!("no Rust type for {node}").into()),
    })
}

fn with_type(node: &Value, kind: &Value) -> Value {
    let mut single = node.clone();
    single["type"] = kind.clone();
    single
}

/// `within_1_working_day` → `Within_1_WorkingDay` (Kotlin `WITHIN_1_WORKING_DAY`).
fn variant_name(id: &str) -> String {
    let mut name = String::new();
    let mut after_digits = false;
    for part in id.split('_') {
        let digits = part.starts_with(|c: char| c.is_ascii_digit());
        if (digits || after_digits) && !name.is_empty() {
            name.push('_');
        }
        after_digits = digits;
        name.extend(part.chars().take(1).map(|c| c.to_ascii_uppercase()));
        name.extend(part.chars().skip(1));
    }
    name
}

/// The fields of a record or struct variant (`tag` left out).
fn fields(
    indent: &str,
    node: &Value,
    tag: &str,
    defs: &Map<String, Value>,
) -> Result<String, Error> {
    let required = node["required"].as_array().cloned().unwrap_or_default();
    let public = if tag.is_empty() { "pub " } else { "" };
    let mut out = String::new();
    for (name, prop) in node["properties"].as_object().into_iter().flatten() {
        if name != tag {
            let ty = rust_type(prop, defs)?;
            out += &doc(indent, prop, "");
            if !required.contains(&Value::from(name.as_str())) {
                let skip = ty
                    .starts_with("Option<")
                    .then_some(", skip_serializing_if = \"Option::is_none\"");
                out += &format!("{indent}#[serde(default{})]\n", skip.unwrap_or(""));
            }
            out += &format!("{indent}{public}r#{name}: {ty},\n");
        }
    }
    Ok(out)
}

fn render(name: &str, node: &Value, defs: &Map<String, Value>) -> Result<String, Error> {
    if is_open(node) {
        return Ok(String::new());
    }
    let mut out = doc("", node, "");
    let options: Vec<Value> = match (&node["enum"], &node["oneOf"]) {
        (Value::Array(ids), _) => ids
            .iter()
            .map(|id| serde_json::json!({ "const": id }))
            .collect(),
        (_, Value::Array(options)) => options.clone(),
        _ => {
            out += &format!("{DERIVE}, uniffi::Record)]\npub struct {name} {{\n");
            return Ok(out + &fields("    ", node, "", defs)? + "}\n\n");
        }
    };
    let tag = tag_of(&options).ok_or(format!("`{name}`: a union without a tag field"))?;
    out += &format!("{DERIVE}, uniffi::Enum)]\n#[allow(non_camel_case_types)]\n");
    if !tag.is_empty() {
        out += &format!("#[serde(tag = \"{tag}\")]\n");
    }
    out += &format!("pub enum {name} {{\n");
    for option in &options {
        let id = const_of(option)
            .or_else(|| const_of(&option["properties"][tag]))
            .unwrap_or("");
        let doc = doc("    ", option, &format!("`{id}`."));
        out += &format!(
            "{doc}    #[serde(rename = \"{id}\")]\n    {}",
            variant_name(id)
        );
        out += &if tag.is_empty() {
            ",\n".into()
        } else {
            format!(" {{\n{}    }},\n", fields("        ", option, tag, defs)?)
        };
    }
    Ok(out + "}\n\n")
}

/// `""` for a choice of `const`s; the field every object variant fixes with a `const`;
/// `None` for a union told apart by shape.
fn tag_of(options: &[Value]) -> Option<&str> {
    if options.iter().all(|o| const_of(o).is_some()) {
        return Some("");
    }
    let first = options.first()?["properties"].as_object()?;
    let fixed = |key: &str| {
        options
            .iter()
            .all(|o| const_of(&o["properties"][key]).is_some())
    };
    first.keys().map(String::as_str).find(|key| fixed(key))
}
