//! CSV records (RFC 4180): a field is quoted when it holds a comma, a quote, a control
//! character (line breaks among them) or leading/trailing space, and quotes inside are
//! doubled. Lines end with `\n`.
//!
//! Two audiences ([`CsvKind`]):
//! - programs (standard output by default, or `--no-bom`): every field exactly as the service
//!   sent it, control characters included (quoting keeps them inside their field), dates in
//!   the chosen zone; it is not made safe for a terminal (the table output is);
//! - spreadsheets (files by default, or `--bom`): the same, plus a UTF-8 byte-order mark
//!   (without one, Korean Excel reads UTF-8 as CP949 and shows mojibake), ids and money a
//!   spreadsheet cannot hold exactly as `="…"` text (`crate::output::spreadsheet`), and text
//!   that would start a formula made inert.

use std::io::{self, Write};

use crate::output::Cell;
use crate::output::money_text::plain;
use crate::output::spreadsheet::{as_text, exact_number, inert};
use crate::zone::{Zone, csv_text};

/// The UTF-8 byte-order mark.
pub(crate) const BOM: &[u8] = "\u{feff}".as_bytes();

/// Who the CSV is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CsvKind {
    /// Programs: exact fields, no byte-order mark.
    Programs,
    /// Spreadsheets: a byte-order mark, ids as text, formulas inert.
    Spreadsheets,
}

/// The text of a cell in a CSV of this kind; `kept_text` counts money written as text
/// because a spreadsheet could not hold it exactly.
pub(crate) fn field(cell: &Cell, zone: &Zone, kind: CsvKind, kept_text: &mut u64) -> String {
    let for_sheets = kind == CsvKind::Spreadsheets;
    match cell {
        Cell::Text(t) if for_sheets => inert(t),
        Cell::Id(t) if for_sheets => as_text(t),
        Cell::Text(t) | Cell::Id(t) => t.clone(),
        Cell::Money(m) | Cell::Change(m) => {
            if for_sheets && exact_number(m).is_none() {
                *kept_text += 1;
                as_text(&plain(m))
            } else {
                plain(m)
            }
        }
        Cell::Count(n) => n.to_string(),
        Cell::Number(m) => plain(m),
        Cell::Date(t) => csv_text(zone.civil(t.datetime())),
        Cell::Empty => String::new(),
    }
}

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

    #[test]
    fn spreadsheets_get_text_ids_and_inert_formulas_programs_get_the_bytes() {
        let zone = Zone::utc();
        let mut kept = 0;
        let cells = [
            Cell::Id("19041920726336".into()),
            Cell::Text("=HYPERLINK(\"http://x\",\"y\")".into()),
            Cell::Money("-120".parse().unwrap()),
            Cell::Money("196.00000000001592".parse().unwrap()),
        ];
        let sheets: Vec<_> = cells
            .iter()
            .map(|c| field(c, &zone, CsvKind::Spreadsheets, &mut kept))
            .collect();
        assert_eq!(
            sheets,
            [
                "=\"19041920726336\"",
                "'=HYPERLINK(\"http://x\",\"y\")",
                "-120",
                "=\"196.00000000001592\""
            ]
        );
        assert_eq!(kept, 1);
        let programs: Vec<_> = cells
            .iter()
            .map(|c| field(c, &zone, CsvKind::Programs, &mut kept))
            .collect();
        assert_eq!(
            programs,
            [
                "19041920726336",
                "=HYPERLINK(\"http://x\",\"y\")",
                "-120",
                "196.00000000001592"
            ]
        );
        assert_eq!(kept, 1, "only spreadsheets keep money as text");
    }
}
