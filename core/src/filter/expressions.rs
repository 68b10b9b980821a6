//! squidGuard expressions: how one line is checked and how all of them compile into one
//! set.
//!
//! Matching ignores ASCII case. The subject (the canonical `host/path?query`, always ASCII)
//! is lower-cased before matching, so an expression with no upper-case letter, no `\x`
//! escape and no flag group is compiled as written; any other is compiled with `(?i)`.
//! Compiling thousands of expressions case-insensitively multiplied their literal variants
//! and made loading quadratic (8,000 lines: 35 s); this way it stays linear.
//!
//! A line longer than [`MAX_EXPRESSION_BYTES`] is rejected (`expression_too_long`) before
//! it is parsed: one huge line must not exhaust memory in the parser.

use std::borrow::Cow;

/// The longest expression line read, in bytes.
pub const MAX_EXPRESSION_BYTES: usize = 4096;

/// Compiled size limit of one expression.
const ONE_LIMIT: usize = 1 << 20;

/// Compiled size limit of the whole set.
const SET_LIMIT: usize = 64 << 20;

/// An expression as the matcher compiles it (see the module docs).
pub(crate) fn pattern(expression: &str) -> Cow<'_, str> {
    let needs_folding = expression.bytes().any(|b| b.is_ascii_uppercase())
        || expression.contains("\\x")
        || expression.contains("(?");
    if needs_folding {
        Cow::Owned(format!("(?i){expression}"))
    } else {
        Cow::Borrowed(expression)
    }
}

/// Checks one expression line: the code of its rejection, if any.
pub(crate) fn check(expression: &str) -> Result<(), &'static str> {
    if expression.len() > MAX_EXPRESSION_BYTES {
        return Err("expression_too_long");
    }
    // Over bytes with ASCII classes: the subject is ASCII, so an expression that needs
    // Unicode tables (`\p{L}`) is rejected.
    regex::bytes::RegexBuilder::new(&pattern(expression))
        .unicode(false)
        .size_limit(ONE_LIMIT)
        .build()
        .map(|_| ())
        .map_err(|_| "invalid_expression")
}

/// Compiles every accepted expression into one set, in order.
///
/// # Errors
///
/// The set's compile error, in words, when all of them together exceed the size limit.
pub(crate) fn compile_set<'a>(
    expressions: impl Iterator<Item = &'a str>,
) -> Result<regex::bytes::RegexSet, String> {
    regex::bytes::RegexSetBuilder::new(expressions.map(pattern))
        .unicode(false)
        .size_limit(SET_LIMIT)
        .build()
        .map_err(|e| e.to_string())
}

/// Lower-cases a subject in place before it is matched.
pub(crate) fn fold_subject(subject: &mut str) {
    subject.make_ascii_lowercase();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set_matches(expression: &str, subject: &str) -> bool {
        let set = compile_set(std::iter::once(expression)).unwrap();
        let mut s = subject.to_owned();
        fold_subject(&mut s);
        set.is_match(s.as_bytes())
    }

    #[test]
    fn matching_ignores_ascii_case_either_side() {
        assert!(set_matches("casino", "www.CASINO.test/"));
        assert!(set_matches("CaSiNo", "www.casino.test/"));
        assert!(set_matches("[a-z]+bet/", "x.test/SUPERBET/"));
        assert!(set_matches("[^a-z]bet", "x.test/-BET"));
        assert!(!set_matches("[^a-z]bet", "x.test/aBET"));
        assert!(set_matches("\\x41dult", "x.test/adult"));
        assert!(set_matches("%2f", "x.test/a%2Fb"));
        assert!(set_matches("\\d+x", "x.test/12X"));
        assert!(!set_matches("\\D+x", "12x"));
    }

    #[test]
    fn a_huge_line_is_refused_before_it_is_parsed() {
        let huge = "a".repeat(10_000_000);
        assert_eq!(check(&huge), Err("expression_too_long"));
        assert_eq!(check("(unclosed"), Err("invalid_expression"));
        assert_eq!(check("\\p{L}"), Err("invalid_expression"));
        assert_eq!(check("casino.*\\.test"), Ok(()));
    }

    #[test]
    fn many_expressions_compile_into_one_set() {
        // Only what the set matches: how fast it loads is for the benchmarks, not a unit test.
        let lines: Vec<String> = (0..3000)
            .map(|i| format!("(^|[./-])casino{i}[a-z]*\\.(com|net|org)/"))
            .collect();
        let set = compile_set(lines.iter().map(String::as_str)).unwrap();
        assert!(set.is_match(b"www.casino77xyz.com/a"));
        assert!(!set.is_match(b"www.example.org/"));
    }
}
