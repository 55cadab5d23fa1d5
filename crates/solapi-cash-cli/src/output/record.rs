//! [`Record`]: a single object (a balance, a recharge), in any format.

use std::io::{self, Write};

use serde::Serialize;

use crate::args::Format;
use crate::output::csv::{BOM, CsvKind};
use crate::output::rows::finish_book;
use crate::output::table::key_value;
use crate::output::xlsx::Book;
use crate::output::{Cell, Out, csv, json};

/// A single object. JSON and NDJSON use its `Serialize`; CSV and xlsx a header of field
/// names and one row; the table one line per field that has a value.
pub(crate) trait Record: Serialize {
    /// The name of the xlsx worksheet.
    const SHEET: &'static str;
    /// `(label for people, field name as in JSON, value)` for every field.
    fn fields(&self) -> Vec<(&'static str, &'static str, Cell)>;
}

/// Writes one record and flushes.
pub(crate) fn write_record<R: Record>(out: &mut Out, record: &R) -> io::Result<()> {
    match out.format {
        Format::Table => {
            let fields: Vec<_> = record
                .fields()
                .into_iter()
                .filter(|(_, _, cell)| !matches!(cell, Cell::Empty))
                .map(|(label, _, cell)| (label, cell))
                .collect();
            let (style, zone) = (out.style, out.zone.clone());
            key_value(out, style, &zone, &fields)?;
        }
        Format::Json => {
            json::write_pretty(&mut *out, record)?;
            out.write_all(b"\n")?;
        }
        Format::Ndjson => {
            json::write_compact(&mut *out, record)?;
            out.write_all(b"\n")?;
        }
        Format::Csv => {
            let fields = record.fields();
            let names: Vec<&str> = fields.iter().map(|(_, name, _)| *name).collect();
            if out.csv == CsvKind::Spreadsheets {
                out.write_all(BOM)?;
            }
            csv::write_record(out, &names)?;
            let (zone, kind) = (out.zone.clone(), out.csv);
            let values: Vec<String> = fields
                .iter()
                .map(|(_, _, cell)| csv::field(cell, &zone, kind, &mut out.kept_text))
                .collect();
            csv::write_record(out, &values)?;
        }
        Format::Xlsx => {
            let fields = record.fields();
            let names: Vec<String> = fields.iter().map(|(_, n, _)| (*n).to_owned()).collect();
            let mut book = Book::new();
            book.sheet(R::SHEET, &names)?;
            let cells: Vec<Cell> = fields.into_iter().map(|(_, _, c)| c).collect();
            book.row(&cells, &out.zone)?;
            finish_book(out, book)?;
        }
    }
    out.flush()
}
