//! CSV records (RFC 4180): a field is quoted when it holds a comma, a quote, a control
//! character (line breaks among them) or leading/trailing space, and quotes inside are
//! doubled. Lines end with `\n`.
//!
//! CSV is data for programs and carries the text exactly as the service sent it, control
//! characters included (quoting keeps them inside their field): replacing them would change
//! the value. It is not made safe for a terminal; the table output is.

use std::io::{self, Write};

/// Writes one record.
pub(crate) fn write_record<S: AsRef<str>>(w: &mut impl Write, fields: &[S]) -> io::Result<()> {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            w.write_all(b",")?;
        }
        write_field(w, field.as_ref())?;
    }
    w.write_all(b"\n")
}

fn write_field(w: &mut impl Write, field: &str) -> io::Result<()> {
    let needs_quotes = field.contains(|c: char| c == ',' || c == '"' || c.is_control())
        || field.starts_with(' ')
        || field.ends_with(' ');
    if !needs_quotes {
        return w.write_all(field.as_bytes());
    }
    w.write_all(b"\"")?;
    w.write_all(field.replace('"', "\"\"").as_bytes())?;
    w.write_all(b"\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_needs_it() {
        let mut out = Vec::new();
        write_record(
            &mut out,
            &[
                "a",
                "b,c",
                "say \"hi\"",
                "",
                "two\nlines",
                " pad",
                "es\u{1b}c",
            ],
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a,\"b,c\",\"say \"\"hi\"\"\",,\"two\nlines\",\" pad\",\"es\u{1b}c\"\n"
        );
    }
}
