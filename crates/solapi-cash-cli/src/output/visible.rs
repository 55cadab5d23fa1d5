//! [`visible`]: text from outside (the server, the config file, the operating system) made
//! safe for a terminal. Every control character is shown as an escape instead of being
//! interpreted, so a memo or an API error message cannot move the cursor, clear the screen,
//! set the window title, reorder the line or start a line that looks like the CLI's own.
//!
//! Used for table cells and for every message on standard error. JSON, NDJSON and CSV are
//! data for programs and carry the text exactly (JSON escapes controls itself; CSV quotes
//! line breaks and writes the rest as is).

use std::borrow::Cow;
use std::fmt::Write;

/// The text with every dangerous character escaped: `\n`, `\r`, `\t`, and `\u{1b}` for the
/// others (C0, DEL, C1, bidirectional overrides and isolates, line and paragraph
/// separators). Borrowed when there is nothing to escape.
pub(crate) fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(dangerous) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if dangerous(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Characters a terminal interprets, or that change how the rest of the line is shown.
pub(crate) fn dangerous(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            // Bidirectional marks, embeddings, overrides and isolates ("Trojan Source").
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
            // Line and paragraph separators.
            | '\u{2028}' | '\u{2029}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown_and_everything_else_is_kept() {
        assert!(matches!(
            visible("잔액 충전 10,000원 — ok"),
            Cow::Borrowed(_)
        ));
        assert_eq!(
            visible("a\u{1b}[31mb\u{7}\r\nc\td\u{0}\u{7f}\u{85}\u{9b}\u{202e}\u{2066}\u{2028}"),
            r"a\u{1b}[31mb\u{7}\r\nc\td\u{0}\u{7f}\u{85}\u{9b}\u{202e}\u{2066}\u{2028}"
        );
        // What is shown has nothing left to escape.
        let once = visible("\u{1b}]0;title\u{7}").into_owned();
        assert_eq!(visible(&once), once);
    }
}
