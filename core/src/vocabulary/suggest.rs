//! Nearest-match suggestions for unknown ids ("did you mean `ks2`?").

/// The valid id closest to `input`, when one is close enough to be a likely typo.
///
/// Comparison ignores ASCII case and treats `-` and spaces as `_` ([`fold`]); a candidate
/// is offered when it is equal after that folding, starts with the folded input (three
/// characters or more: `self-harm` → `self_harm_suicide`) or holds it as whole `_` parts
/// (`website` → `school_website`), or is within a third of its length in edit distance.
///
/// # Examples
///
/// ```
/// use esafety_core::vocabulary::nearest;
///
/// assert_eq!(nearest("KS2", ["ks1", "ks2"]), Some("ks2"));
/// assert_eq!(nearest("gamblng", ["gambling", "games"]), Some("gambling"));
/// assert_eq!(nearest("zzzz", ["ks1", "ks2"]), None);
/// assert_eq!(nearest("self-harm", ["csam", "self_harm_suicide"]), Some("self_harm_suicide"));
/// assert_eq!(nearest("website", ["press_media", "school_website"]), Some("school_website"));
/// ```
pub fn nearest<'a>(input: &str, valid: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let folded = fold(input);
    if folded.is_empty() {
        return None;
    }
    let valid: Vec<&'a str> = valid.into_iter().collect();
    if let Some(same) = valid.iter().find(|c| **c == folded) {
        return Some(same);
    }
    if folded.chars().count() >= 3
        && let Some(longer) = valid.iter().find(|c| {
            c.starts_with(&folded)
                || c.ends_with(&format!("_{folded}"))
                || c.contains(&format!("_{folded}_"))
        })
    {
        return Some(longer);
    }
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in valid {
        let distance = strsim::levenshtein(&folded, candidate);
        let limit = (candidate.chars().count() / 3).max(1);
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// The valid ids as one backtick-quoted, comma-separated list for an error message.
///
/// # Examples
///
/// ```
/// use esafety_core::vocabulary::valid_values;
///
/// assert_eq!(valid_values(["a", "b"]), "`a`, `b`");
/// ```
pub fn valid_values<'a>(valid: impl IntoIterator<Item = &'a str>) -> String {
    valid
        .into_iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What an "unknown id" message adds after the id: the nearest valid id, if one is close,
/// and every valid id.
///
/// # Examples
///
/// ```
/// use esafety_core::vocabulary::unknown_hint;
///
/// assert_eq!(unknown_hint("websit", ["website", "press"]), "; did you mean `website`?; valid values: `website`, `press`");
/// assert_eq!(unknown_hint("zzz", ["a"]), "; valid values: `a`");
/// ```
pub fn unknown_hint<'a>(input: &str, valid: impl IntoIterator<Item = &'a str>) -> String {
    let valid: Vec<&str> = valid.into_iter().collect();
    let listed = valid_values(valid.iter().copied());
    match nearest(input, valid.iter().copied()) {
        Some(near) => format!("; did you mean `{near}`?; valid values: {listed}"),
        None => format!("; valid values: {listed}"),
    }
}

/// An id as typed, folded for comparison: trimmed, ASCII lower case, `-` and spaces read
/// as `_`, at most 80 characters.
///
/// ```
/// assert_eq!(esafety_core::vocabulary::fold(" Self-Harm "), "self_harm");
/// ```
pub fn fold(input: &str) -> String {
    input
        .trim()
        .chars()
        .take(80)
        .map(|c| match c {
            '-' | ' ' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// User input shortened for an error message: at most 80 characters and an ellipsis, so an
/// error never repeats a whole text back (every module quotes input through this).
pub(crate) fn short(input: &str) -> String {
    const LIMIT: usize = 80;
    match input.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}…", input.get(..cut).unwrap_or(input)),
        None => input.to_owned(),
    }
}

/// "; did you mean `x`?" or nothing.
pub(crate) fn hint<'a>(input: &str, valid: impl IntoIterator<Item = &'a str>) -> String {
    nearest(input, valid)
        .map(|n| format!("; did you mean `{n}`?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod hint_tests {
    /// Unknown format, subject and trigger ids name the nearest valid id and list them all.
    #[test]
    fn unknown_ids_of_every_kind_give_a_hint() {
        let list = "adblok".parse::<crate::filter::ListFormat>().unwrap_err();
        assert!(
            list.to_string().contains("did you mean `adblock`?"),
            "{list}"
        );
        let terms = "ldnobw"
            .parse::<crate::scanner::TermListFormat>()
            .unwrap_err();
        assert!(
            terms.to_string().contains("did you mean `ldnoobw`?"),
            "{terms}"
        );
        let subject = "filtering"
            .parse::<crate::registry::ReviewSubject>()
            .unwrap_err();
        assert!(
            subject.to_string().contains("`filtering_monitoring`"),
            "{subject}"
        );
        let trigger = "new_tech"
            .parse::<crate::registry::ReviewTrigger>()
            .unwrap_err();
        assert!(
            trigger
                .to_string()
                .contains("did you mean `new_technology`?"),
            "{trigger}"
        );
    }
}
