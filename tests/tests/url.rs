//! URL canonicalisation vectors (`tests/vectors/url/`).

use esafety_conformance::{Outcome, assert_concept, str_field};
use esafety_core::{CanonicalUrl, ErrorCode};
use serde_json::Value;

fn run(input: &Value) -> Outcome {
    let raw = str_field(input, "url")?;
    match CanonicalUrl::parse(raw) {
        Ok(url) => serde_json::to_value(url).map_err(|e| e.to_string()),
        Err(e) => Err(e.code().to_owned()),
    }
}

#[test]
fn url_vectors() {
    assert_concept("url", run);
}
