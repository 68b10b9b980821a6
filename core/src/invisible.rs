//! Characters that show nothing, one list for every reader of text.

/// Characters that show nothing: zero-width spaces and joiners, the byte-order mark, the
/// soft hyphen, direction marks and variation selectors. The scanner drops them inside
/// words; a URL is read without them at either end (a list saved with a byte-order mark).
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

#[cfg(test)]
mod tests {
    use super::is_invisible;

    #[test]
    fn marks_and_spaces_that_show_nothing() {
        for c in [
            '\u{FEFF}', '\u{200B}', '\u{00AD}', '\u{2060}', '\u{200E}', '\u{FE0F}',
        ] {
            assert!(is_invisible(c), "{c:?}");
        }
        for c in [' ', 'a', '\u{00A0}', '-', '\u{2028}'] {
            assert!(!is_invisible(c), "{c:?}");
        }
    }
}
