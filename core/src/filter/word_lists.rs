//! What the hand-written word lists (`name.words`, `brands.tsv`) share: one entry a line,
//! fields split by tabs, `#` comments and blank lines skipped, words in lower-case ASCII.
//!
//! ```text
//! # a comment
//! kratom<TAB>drugs
//! ```

/// The entries of a list: each line's number (from 1) and its tab-separated fields.
pub(super) fn entries(text: &str) -> impl Iterator<Item = (u32, std::str::Split<'_, char>)> {
    text.lines().enumerate().filter_map(|(index, raw)| {
        let line = u32::try_from(index + 1).unwrap_or(u32::MAX);
        (!raw.trim().is_empty() && !raw.starts_with('#')).then(|| (line, raw.split('\t')))
    })
}

/// Whether `word` is a listed word: lower-case ASCII letters and digits, not empty.
pub(super) fn is_word(word: &str) -> bool {
    !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_skip_comments_and_blank_lines() {
        let found: Vec<(u32, Vec<&str>)> = entries("# c\n\nweed\tdrugs\n  \nbet\tgambling\tedge\n")
            .map(|(line, fields)| (line, fields.collect()))
            .collect();
        assert_eq!(
            found,
            [
                (3, vec!["weed", "drugs"]),
                (5, vec!["bet", "gambling", "edge"])
            ]
        );
        assert!(is_word("420seeds") && !is_word("Weed") && !is_word("") && !is_word("thc-oil"));
    }
}
