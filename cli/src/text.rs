//! Text from logs, lists and the command line made safe to print: control characters
//! escaped on a terminal, and CSV cells a spreadsheet would run as a formula neutralised.
//! JSON output needs neither (serde escapes control characters, and JSON runs nothing).

use std::borrow::Cow;

/// Whether `c` may change what a terminal shows beyond itself: a control character (a line
/// break, ESC, DEL, C1) or a Unicode line separator or bidirectional override.
fn unsafe_on_a_terminal(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with each control character written as an escape (`\n`, `\r`, `\t`,
/// `\u{1b}`): a pupil's search decoded from `%0A` or `%1B[2J` cannot start a forged line
/// of a summary or clear the terminal. Borrowed when nothing needs escaping.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(unsafe_on_a_terminal) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_on_a_terminal(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// One CSV cell. A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return
/// is one a spreadsheet (Excel, LibreOffice) may run as a formula, so it gets a `'` in
/// front (OWASP's advice on CSV injection); a lone `-`, a log's "no value", runs nothing
/// and is kept. A cell holding a comma, a quote or a line break is quoted, its quotes
/// doubled.
pub fn csv_cell(field: &str) -> Cow<'_, str> {
    let formula = field != "-" && field.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quoted = field.contains([',', '"', '\n', '\r']);
    match (formula, quoted) {
        (false, false) => Cow::Borrowed(field),
        (true, false) => Cow::Owned(format!("'{field}")),
        (formula, true) => {
            let mark = if formula { "'" } else { "" };
            Cow::Owned(format!("\"{mark}{}\"", field.replace('"', "\"\"")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(printable("owls"), "owls");
        assert!(matches!(printable("owls"), Cow::Borrowed(_)));
        assert_eq!(
            printable("x\nline 1 10.0.2.99 ks2 block http://fake.test/"),
            "x\\nline 1 10.0.2.99 ks2 block http://fake.test/"
        );
        assert_eq!(printable("\u{1b}[2J\r\t"), "\\u{1b}[2J\\r\\t");
        assert_eq!(printable("a\u{202E}b\u{85}"), "a\\u{202e}b\\u{85}");
        assert_eq!(printable("café \\ ok"), "café \\ ok");
    }

    #[test]
    fn formula_cells_are_neutralised() {
        assert_eq!(csv_cell("owls"), "owls");
        assert_eq!(csv_cell("-"), "-");
        assert_eq!(csv_cell("=1+1"), "'=1+1");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(
            csv_cell("-2+3+cmd|' /C calc'!A0"),
            "'-2+3+cmd|' /C calc'!A0"
        );
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("\tx"), "'\tx");
        assert_eq!(csv_cell("\rx"), "\"'\rx\"");
        assert_eq!(
            csv_cell("=HYPERLINK(\"http://evil.test/\",\"click\")"),
            "\"'=HYPERLINK(\"\"http://evil.test/\"\",\"\"click\"\")\""
        );
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("a=b"), "a=b");
    }
}
