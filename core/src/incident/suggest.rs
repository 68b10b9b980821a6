//! "Did you mean" for unknown ids: the nearest accepted id by edit distance.

/// Lower case, with `-` and spaces read as `_` (how incident ids are compared).
pub(crate) fn normalise(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| match c {
            '-' | ' ' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The accepted id nearest to `input` (after [`normalise`]), if it is close enough to be
/// a likely typo: equal once normalised, a prefix of it, or within a third of its length.
///
/// ```ignore
/// assert_eq!(nearest("Cyberbullying", &["cyberbullying", "csam"]), Some("cyberbullying"));
/// ```
pub(crate) fn nearest<'a>(input: &str, accepted: &[&'a str]) -> Option<&'a str> {
    let wanted = normalise(input);
    if wanted.is_empty() {
        return None;
    }
    if let Some(exact) = accepted.iter().find(|a| **a == wanted) {
        return Some(exact);
    }
    if let Some(prefix) = accepted.iter().find(|a| a.starts_with(&wanted)) {
        return Some(prefix);
    }
    let limit = (wanted.chars().count() / 3).max(2);
    accepted
        .iter()
        .map(|a| (distance(&wanted, a), *a))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a)
}

/// Levenshtein distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let above = row.get(j + 1).copied().unwrap_or(usize::MAX - 1);
            let left = row.get(j).copied().unwrap_or(usize::MAX - 1);
            let value = (above + 1).min(left + 1).min(previous + cost);
            previous = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = value;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

/// ` (did you mean `x`?)`, or nothing.
pub(crate) fn did_you_mean(input: &str, accepted: &[&str]) -> String {
    match nearest(input, accepted) {
        Some(s) => format!(" (did you mean `{s}`?)"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_ids() {
        assert_eq!(distance("kitten", "sitting"), 3);
        let ids = ["cyberbullying", "self_harm_suicide", "csam"];
        assert_eq!(nearest("Cyberbullying", &ids), Some("cyberbullying"));
        assert_eq!(nearest("self-harm", &ids), Some("self_harm_suicide"));
        assert_eq!(nearest("cyberbulying", &ids), Some("cyberbullying"));
        assert_eq!(nearest("weather", &ids), None);
    }
}
