//! What makes a text usable as the id of a person, a pupil or a version: one rule for the
//! registry and the consent ledger, so two ids that look the same never name two people.

/// The longest person, pupil or version id accepted.
pub const MAX_ID_CHARS: usize = 200;

/// Why `id` cannot be an id, if it cannot (the empty id is the caller's own error).
///
/// An id that looks like another must be the same text, or be refused: a restriction filed
/// under one spelling would miss the pupil filed under the other. So besides control
/// characters, spaces at either end and length, an id is refused when it holds a character
/// that shows nothing, a space other than the plain one (a no-break space from a
/// spreadsheet), or a combining accent (`e` plus U+0308, as some phones write `ë`).
///
/// # Examples
///
/// ```
/// use esafety_core::vocabulary::id_problem;
///
/// assert_eq!(id_problem("zoë-smith"), None);
/// assert_eq!(id_problem("A 123"), None);
/// assert!(id_problem("zoe\u{308}-smith").is_some()); // the same name, decomposed
/// assert!(id_problem("A\u{a0}123").is_some()); // a no-break space
/// ```
pub fn id_problem(id: &str) -> Option<&'static str> {
    if id.chars().any(char::is_control) {
        Some("it contains a control character")
    } else if id.chars().count() > MAX_ID_CHARS {
        Some("it is longer than 200 characters")
    } else if id.trim() != id {
        // `"teacher "` would be another person than `"teacher"`.
        Some("it has spaces at either end")
    } else if id.chars().any(crate::invisible::is_invisible) {
        Some("it contains a character that shows nothing (a byte-order mark, a zero-width space)")
    } else if id.chars().any(|c| c.is_whitespace() && c != ' ') {
        Some("it contains a space other than the plain space (a no-break space)")
    } else if id.chars().any(is_combining_accent) {
        Some("it holds a letter and its accent written as two characters (write `ë` as one)")
    } else {
        None
    }
}

/// Whether `a` and `b` are one id but for letter case (`PUPIL-1`, `pupil-1`).
///
/// Ids are compared exactly everywhere they file or find a record (a restriction filed
/// under `PUPIL-1` is not found under `pupil-1`); this is for the guards that refuse one
/// person recorded as another, where a case variant is the same person typed differently.
///
/// ```
/// use esafety_core::vocabulary::same_id_but_for_case;
///
/// assert!(same_id_but_for_case("PUPIL-1", "pupil-1"));
/// assert!(same_id_but_for_case("ZOË", "zoë"));
/// assert!(!same_id_but_for_case("pupil-1", "pupil-2"));
/// ```
pub fn same_id_but_for_case(a: &str, b: &str) -> bool {
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// The combining accents a phone or a Mac writes after a letter instead of the accented
/// letter (Unicode's combining diacritical marks and their supplements). A range test, not
/// the normalisation tables: the consent widget's download stays small.
fn is_combining_accent(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

#[cfg(test)]
mod tests {
    use super::{id_problem, same_id_but_for_case};

    #[test]
    fn case_variants_are_one_id() {
        assert!(same_id_but_for_case("Pupil-1", "pUPIL-1"));
        assert!(!same_id_but_for_case("pupil-1", "pupil-1 "));
    }

    #[test]
    fn look_alike_ids_are_refused() {
        for bad in [
            "a\u{feff}b",
            "a\u{2009}b",
            "a\u{3000}b",
            "zoe\u{301}",
            " a",
            "a\tb",
        ] {
            assert!(id_problem(bad).is_some(), "{bad:?}");
        }
        for good in ["zoé", "mr-k", "A 123", "Ōkubo", "李"] {
            assert_eq!(id_problem(good), None, "{good:?}");
        }
    }
}
