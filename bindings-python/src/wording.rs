//! Error messages in Python terms: the wording serde gives core's and this binding's JSON
//! errors (`expected a sequence`, `expected struct SchoolConsentConfig`, `expected u8`)
//! said as a Python user would (`expected a list`, `expected a dict`,
//! `expected an int from 0 to 255`). Only wording changes; codes and fields stay.

/// Serde's phrases and what they are in Python, longest first where one starts another.
const PHRASES: &[(&str, &str)] = &[
    ("a sequence", "a list"),
    ("a JSON object", "a dict"),
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
    let type_name = |after: &str| after.find(|c| !word_char(c)).unwrap_or(after.len());
    let mut out = replace_each(message, "expected struct ", |after| {
        Some(("expected a dict", type_name(after)))
    });
    out = replace_each(&out, "expected enum ", |after| {
        Some(("expected one of its ids", type_name(after)))
    });
    for (serde, python) in PHRASES {
        // Only where the phrase ends a word (`a map` is not the start of `a mapping`).
        out = replace_each(&out, serde, |after| {
            (!after.starts_with(word_char)).then_some((*python, 0))
        });
    }
    out
}

fn word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Replaces each `phrase` in `text` by what `with` makes of the text after it: the
/// replacement and how many bytes of that text it takes too (`None` keeps the phrase).
fn replace_each<'a>(
    text: &str,
    phrase: &str,
    with: impl Fn(&str) -> Option<(&'a str, usize)>,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(phrase) {
        let after = &rest[at + phrase.len()..];
        out.push_str(&rest[..at]);
        match with(after) {
            Some((replacement, taken)) => {
                out.push_str(replacement);
                rest = &after[taken..];
            }
            None => {
                out.push_str(phrase);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}
