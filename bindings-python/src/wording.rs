//! Error messages in Python terms: the wording serde gives core's and this binding's JSON
//! errors (`expected a sequence`, `expected struct SchoolConsentConfig`, `expected u8`)
//! said as a Python user would (`expected a list`, `expected a dict`,
//! `expected an int from 0 to 255`). Only wording changes; codes and fields stay.

/// Serde's phrases and what they are in Python, longest first where one starts another.
const PHRASES: &[(&str, &str)] = &[
    ("a sequence", "a list"),
    ("a map", "a dict"),
    ("a string", "a str"),
    ("a boolean", "a bool"),
    ("unit value", "None"),
    ("invalid type: sequence", "invalid type: list"),
    ("invalid type: map", "invalid type: dict"),
    ("invalid type: string", "invalid type: str"),
    ("invalid type: boolean", "invalid type: bool"),
    ("invalid type: integer", "invalid type: int"),
    ("invalid type: floating point", "invalid type: float"),
    ("invalid type: null", "invalid type: None"),
    ("invalid value: integer", "invalid value: int"),
    ("expected u8", "expected an int from 0 to 255"),
    ("expected i8", "expected an int from -128 to 127"),
    ("expected u16", "expected an int from 0 to 65535"),
    ("expected i16", "expected an int from -32768 to 32767"),
    ("expected u32", "expected an int from 0 to 4294967295"),
    ("expected u64", "expected a non-negative int"),
    ("expected usize", "expected a non-negative int"),
    ("expected i32", "expected an int"),
    ("expected i64", "expected an int"),
    ("expected f64", "expected a float"),
    ("expected f32", "expected a float"),
];

/// `message` with serde's wording in Python terms.
pub fn python_terms(message: &str) -> String {
    let mut out = strip_type_names(message, "expected struct ", "expected a dict");
    out = strip_type_names(&out, "expected enum ", "expected one of its ids");
    for (serde, python) in PHRASES {
        out = replace_words(&out, serde, python);
    }
    out
}

/// Replaces `phrase` where it ends a word (so `a map` is not the start of `a mapping`).
fn replace_words(text: &str, phrase: &str, with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(phrase) {
        let after = &rest[at + phrase.len()..];
        let ends_word = !after.starts_with(|c: char| c.is_alphanumeric() || c == '_');
        out.push_str(&rest[..at]);
        out.push_str(if ends_word { with } else { phrase });
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Replaces `prefix` and the Rust type name after it (`expected struct Foo`) by `with`.
fn strip_type_names(text: &str, prefix: &str, with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(prefix) {
        let after = &rest[at + prefix.len()..];
        let name_end = after
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        out.push_str(&rest[..at]);
        out.push_str(with);
        rest = &after[name_end..];
    }
    out.push_str(rest);
    out
}
