//! [`Record`]: a single object (a balance, a recharge), in any format.

use std::io::{self, Write};

use serde::Serialize;

use crate::args::Format;
use crate::output::csv::{BOM, CsvKind};
use crate::output::extra::{self, Kept};
use crate::output::rows::finish_book;
use crate::output::table::key_value;
use crate::output::xlsx::Book;
use crate::output::{Cell, Field, Out, Selection, csv, json};

/// A single object. JSON and NDJSON use its `Serialize`; CSV and xlsx a header of field
/// names and one row (ending in the `extra` column for what the service sent,
/// [`Record::OPEN`]); the table one line per field that has a value, then one per field the
/// CLI does not know.
pub(crate) trait Record: Serialize {
    /// The name of the xlsx worksheet.
    const SHEET: &'static str;
    /// Whether the record is what the service sent, which may hold fields the CLI does not
    /// know ([`Record::kept`]).
    const OPEN: bool = false;
    /// `(label for people, field name as in JSON, value)` for every field.
    fn fields(&self) -> Vec<(&'static str, &'static str, Cell)>;
    /// The fields the service sent that the model did not understand, as sent (nested ones
    /// named with a dot).
    fn kept(&self) -> Vec<Kept<'_>> {
        Vec::new()
    }
}

/// Writes one record and flushes.
pub(crate) fn write_record<R: Record>(out: &mut Out, record: &R) -> io::Result<()> {
    let (labels, names, cells): (Vec<_>, Vec<_>, Vec<_>) = record.fields().into_iter().fold(
        (Vec::new(), Vec::new(), Vec::new()),
        |(mut labels, mut names, mut cells), (label, name, cell)| {
            labels.push(label);
            // A date is shown in the time zone: its csv/xlsx header says which (as the
            // history's does), so that the column is not mistaken for the text sent.
            names.push(if matches!(cell, Cell::Date(_)) {
                Field::zoned(name)
            } else {
                Field::of(name)
            });
            cells.push(cell);
            (labels, names, cells)
        },
    );
    let kept = record.kept();
    let all = Selection::all();
    match out.format {
        Format::Table => {
            // Known fields (one of an unexpected type as sent), then the unknown ones.
            let known = all.cells(&names, cells, &kept, false);
            let mut fields: Vec<(&str, Cell)> = labels.iter().copied().zip(known).collect();
            fields.extend(
                kept.iter()
                    .filter(|(name, _)| !names.iter().any(|f| f.name == name))
                    .map(|(name, raw)| (name.as_ref(), extra::cell(raw))),
            );
            fields.retain(|(_, cell)| !matches!(cell, Cell::Empty));
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
            let headers = all.headers(&names, R::OPEN, out.zone.name());
            if out.csv == CsvKind::Spreadsheets {
                out.write_all(BOM)?;
            }
            csv::write_record(out, &headers)?;
            let (zone, kind) = (out.zone.clone(), out.csv);
            let values: Vec<String> = all
                .cells(&names, cells, &kept, R::OPEN)
                .iter()
                .map(|cell| csv::field(cell, &zone, kind, &mut out.kept_text))
                .collect();
            csv::write_record(out, &values)?;
        }
        Format::Xlsx => {
            let mut book = Book::new();
            book.sheet(R::SHEET, &all.headers(&names, R::OPEN, out.zone.name()))?;
            book.row(&all.cells(&names, cells, &kept, R::OPEN), &out.zone)?;
            finish_book(out, book)?;
        }
    }
    out.flush()
}
