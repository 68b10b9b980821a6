//! The wire contract: `schema/esafety.schema.json` is what core generates.
//!
//! [`committed_schema_is_generated`] fails when the committed schema differs from
//! `esafety_core::wire::schema()`; `ESAFETY_BLESS=1` rewrites it. The binding generators
//! (`scripts/gen-wire`) read the committed file.

use esafety_conformance::vectors_root;

#[test]
fn committed_schema_is_generated() {
    let root = vectors_root();
    let path = root
        .parent()
        .and_then(std::path::Path::parent)
        .map(|repo| repo.join("schema").join("esafety.schema.json"));
    assert!(
        path.is_some(),
        "no repository root above {}",
        root.display()
    );
    let path = path.unwrap_or_default();
    let expected =
        serde_json::to_string_pretty(&esafety_core::wire::schema()).unwrap_or_default() + "\n";
    if std::env::var_os("ESAFETY_BLESS").is_some() {
        let written = std::fs::write(&path, &expected);
        assert!(written.is_ok(), "{}: {written:?}", path.display());
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == expected,
        "{} differs from what core generates: run with ESAFETY_BLESS=1 and review the diff",
        path.display()
    );
}

#[test]
fn every_definition_is_an_object_with_a_type_or_a_choice() {
    let schema = esafety_core::wire::schema();
    let defs = schema["$defs"].as_object().cloned().unwrap_or_default();
    assert!(defs.len() > 40, "only {} definitions", defs.len());
    for (name, def) in defs {
        let shaped = ["type", "oneOf", "anyOf", "enum", "$ref", "const"]
            .iter()
            .any(|k| def.get(k).is_some());
        assert!(shaped, "{name} has no shape: {def}");
    }
}
