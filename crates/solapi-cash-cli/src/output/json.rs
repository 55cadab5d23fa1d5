//! JSON that is inert on a terminal: serde_json escapes only C0 controls, so DEL, C1
//! controls (such as U+009B, a one-character CSI) and bidirectional overrides from a memo
//! would reach a terminal that shows `-o json`. These are written as `\uXXXX` instead —
//! the same value for every JSON reader, nothing for a terminal to act on.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

use crate::output::visible::dangerous;

/// One compact JSON document (NDJSON lines, list items).
pub(crate) fn write_compact<W: Write, T: Serialize + ?Sized>(
    w: &mut W,
    value: &T,
) -> serde_json::Result<()> {
    value.serialize(&mut serde_json::Serializer::with_formatter(
        w,
        Inert(CompactFormatter),
    ))
}

/// One indented JSON document (a single record).
pub(crate) fn write_pretty<W: Write, T: Serialize + ?Sized>(
    w: &mut W,
    value: &T,
) -> serde_json::Result<()> {
    value.serialize(&mut serde_json::Serializer::with_formatter(
        w,
        Inert(PrettyFormatter::new()),
    ))
}

/// A JSON value's text as the service sent it (a history entry's
/// [`sent_json`](solapi_cash_types::HistoryPage::sent_json)), made inert like the output of
/// [`write_compact`]: valid JSON has no raw C0 control inside a string, and whatever else
/// [`write_compact`] escapes is escaped here the same way.
pub(crate) fn write_sent<W: Write>(w: &mut W, text: &str) -> io::Result<()> {
    write_inert(w, text)
}

/// Whether `text` holds a line break (`\n`, `\r`) or a tab, which valid JSON can only hold
/// between tokens, raw: a copy would break an NDJSON line, or put a control character on a
/// terminal. Found with SIMD: `str::contains(['\n', '\r'])` decodes every character and took
/// a fifth of an export's CPU time, a byte fold a sixth (perf, 1,000,000 entries).
pub(crate) fn has_line_break_or_tab(text: &str) -> bool {
    memchr::memchr3(b'\n', b'\r', b'\t', text.as_bytes()).is_some()
}

/// A formatter that escapes what serde_json leaves raw; layout is `F`'s.
struct Inert<F>(F);

/// Writes `text`, each dangerous character above ASCII as `\uXXXX` (UTF-16, as JSON
/// spells it). C0 controls never reach here raw inside strings (serde_json escapes them), and
/// outside strings they are JSON's own whitespace, so they are left alone; the others can
/// only occur inside strings, where an escape means the same character.
fn write_inert<W: ?Sized + Write>(w: &mut W, text: &str) -> io::Result<()> {
    if text.is_ascii() && memchr::memchr(0x7f, text.as_bytes()).is_none() {
        return w.write_all(text.as_bytes());
    }
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if u32::from(c) >= 0x7f && dangerous(c) {
            w.write_all(&text.as_bytes()[start..i])?;
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write!(w, "\\u{unit:04x}")?;
            }
            start = i + c.len_utf8();
        }
    }
    w.write_all(&text.as_bytes()[start..])
}

impl<F: Formatter> Formatter for Inert<F> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        write_inert(w, fragment)
    }

    fn write_raw_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        write_inert(w, fragment)
    }

    // The layout: every method PrettyFormatter overrides, passed on.
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_and_tabs_anywhere_are_found() {
        for text in [
            "\n",
            "{\"a\":1}\r",
            "\r\n",
            "{\"a\":\t1}",
            &format!("{}\n{}", "x".repeat(100), "y".repeat(37)),
        ] {
            assert!(has_line_break_or_tab(text), "{text:?}");
        }
        for text in ["", "{\"memo\":\"\\n 한국어 \u{202e}\"}", &"x".repeat(1000)] {
            assert!(!has_line_break_or_tab(text), "{text:?}");
        }
    }

    #[test]
    fn the_same_value_with_nothing_raw() {
        let value = serde_json::json!({
            "memo": "a\u{1b}[2J\u{7f}\u{9b}31m\u{202e}b 충전 \u{1f600}",
            "nested": ["\u{2066}", 1.5],
        });
        let mut compact = Vec::new();
        write_compact(&mut compact, &value).unwrap();
        let text = String::from_utf8(compact).unwrap();
        assert_eq!(
            text,
            r#"{"memo":"a\u001b[2J\u007f\u009b31m\u202eb 충전 😀","nested":["\u2066",1.5]}"#
        );
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).unwrap(),
            value
        );

        let mut pretty = Vec::new();
        write_pretty(&mut pretty, &value).unwrap();
        let pretty = String::from_utf8(pretty).unwrap();
        assert!(
            pretty.starts_with("{\n  \"memo\": \"a\\u001b[2J\\u007f"),
            "{pretty}"
        );
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&pretty).unwrap(),
            value
        );
        assert!(!pretty.chars().any(|c| c != '\n' && dangerous(c)));
    }

    #[test]
    fn raw_json_is_escaped_inside_strings_only() {
        let raw = serde_json::value::RawValue::from_string("{\n  \"x\": \"\u{9b}\"\n}".to_owned())
            .unwrap();
        let mut out = Vec::new();
        write_compact(&mut out, &raw).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\n  \"x\": \"\\u009b\"\n}"
        );
    }
}
