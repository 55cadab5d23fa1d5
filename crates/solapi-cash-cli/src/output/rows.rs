//! [`RowWriter`]: a list of rows in any format, written as the rows arrive.

use std::io::{self, Write};
use std::marker::PhantomData;

use serde::Serialize;

use crate::args::Format;
use crate::output::csv::{self, BOM, CsvKind};
use crate::output::extra::Kept;
use crate::output::fields::Selection;
use crate::output::table::{Col, TableWriter};
use crate::output::xlsx::Book;
use crate::output::{Cell, Field, Out, json};

/// Something listed one per row. JSON and NDJSON use its `Serialize` (the API's field names
/// and exact values); CSV and xlsx its [`Row::FIELDS`], typed, and for what the service sent
/// ([`Row::OPEN`]) a trailing `extra` column of the fields the CLI does not know; tables a
/// selection for people.
pub(crate) trait Row: Serialize {
    /// The table's columns.
    const TABLE: &'static [Col];
    /// The fields of csv and xlsx (and those `--fields` may pick), named as in JSON.
    const FIELDS: &'static [Field];
    /// Whether a row is what the service sent, which may hold fields beyond
    /// [`Row::FIELDS`] ([`Row::kept`]): csv and xlsx then end in the `extra` column, and
    /// `--fields` may name such fields.
    const OPEN: bool = false;
    /// The name of the xlsx worksheet.
    const SHEET: &'static str;
    /// The table's cells, one per [`Row::TABLE`] column.
    fn table_cells(&self) -> Vec<Cell>;
    /// The values of the fields, one per [`Row::FIELDS`] name.
    fn field_cells(&self) -> Vec<Cell>;
    /// The fields the service sent that the row's model did not understand, as sent.
    fn kept(&self) -> Vec<Kept<'_>> {
        Vec::new()
    }
}

/// Writes rows of `R` to an [`Out`].
#[derive(Debug)]
pub(crate) struct RowWriter<R> {
    table: Option<TableWriter>,
    book: Option<Book>,
    select: Selection,
    rows: u64,
    row: PhantomData<fn(&R)>,
}

impl<R: Row> RowWriter<R> {
    /// Starts the list (a CSV header, a JSON `[`, a worksheet) of every field.
    pub(crate) fn start(out: &mut Out) -> io::Result<RowWriter<R>> {
        RowWriter::with_fields(out, Selection::all())
    }

    /// Starts the list of the selected fields.
    pub(crate) fn with_fields(out: &mut Out, select: Selection) -> io::Result<RowWriter<R>> {
        let mut table = None;
        let mut book = None;
        let headers = || select.headers(R::FIELDS, R::OPEN, out.zone.name());
        match out.format {
            Format::Table => {
                table = Some(TableWriter::new(R::TABLE, out.style, out.zone.clone()));
            }
            Format::Csv => {
                let headers = headers();
                if out.csv == CsvKind::Spreadsheets {
                    out.write_all(BOM)?;
                }
                csv::write_record(out, &headers)?;
            }
            Format::Xlsx => {
                let mut b = Book::new();
                b.sheet(R::SHEET, &headers())?;
                book = Some(b);
            }
            Format::Json => out.write_all(b"[")?,
            Format::Ndjson => {}
        }
        Ok(RowWriter {
            table,
            book,
            select,
            rows: 0,
            row: PhantomData,
        })
    }

    /// Writes one row.
    pub(crate) fn write(&mut self, out: &mut Out, row: &R) -> io::Result<()> {
        self.rows += 1;
        match out.format {
            Format::Table => {
                if let Some(table) = &mut self.table {
                    table.row(out, &row.table_cells())?;
                }
            }
            Format::Csv => {
                let cells = self.cells(row);
                let (zone, kind) = (out.zone.clone(), out.csv);
                let fields: Vec<String> = cells
                    .iter()
                    .map(|c| csv::field(c, &zone, kind, &mut out.kept_text))
                    .collect();
                csv::write_record(out, &fields)?;
            }
            Format::Xlsx => {
                let cells = self.cells(row);
                if let Some(book) = &mut self.book {
                    book.row(&cells, &out.zone)?;
                }
            }
            Format::Json => {
                out.write_all(if self.rows == 1 { b"\n  " } else { b",\n  " })?;
                self.write_json(out, row)?;
            }
            Format::Ndjson => {
                self.write_json(out, row)?;
                out.write_all(b"\n")?;
            }
        }
        Ok(())
    }

    /// Whether [`write_sent`](Self::write_sent) can copy what the service sent: JSON and
    /// NDJSON of every field.
    pub(crate) fn copies_sent(&self, out: &Out) -> bool {
        matches!(out.format, Format::Json | Format::Ndjson) && self.select.is_all()
    }

    /// Writes one row as `sent`, the JSON text the service sent for it: copied (made inert
    /// as all JSON output is) instead of encoded again, so that it keeps the service's key
    /// order, number forms and unknown fields, and costs a copy. Only when
    /// [`copies_sent`](Self::copies_sent) and the text is on one line without a tab (an NDJSON
    /// line must stay one, and a raw tab is a control character on a terminal); otherwise nothing is written and the answer is `false`: write the row with
    /// [`write`](Self::write).
    pub(crate) fn write_sent(&mut self, out: &mut Out, sent: &str) -> io::Result<bool> {
        if !self.copies_sent(out) || json::has_line_break_or_tab(sent) {
            return Ok(false);
        }
        self.rows += 1;
        if out.format == Format::Json {
            out.write_all(if self.rows == 1 { b"\n  " } else { b",\n  " })?;
        }
        json::write_sent(&mut *out, sent)?;
        if out.format == Format::Ndjson {
            out.write_all(b"\n")?;
        }
        Ok(true)
    }

    fn cells(&self, row: &R) -> Vec<Cell> {
        self.select
            .cells(R::FIELDS, row.field_cells(), &row.kept(), R::OPEN)
    }

    fn write_json(&self, out: &mut Out, row: &R) -> io::Result<()> {
        match self.select.picked(row, R::FIELDS)? {
            None => json::write_compact(&mut *out, row)?,
            Some(picked) => json::write_compact(&mut *out, &picked)?,
        }
        Ok(())
    }

    /// Stops after a failure: what arrived is printed (a table's held rows too), but a JSON
    /// array is left unclosed so that it cannot pass for a complete one, and a workbook is not
    /// written at all (an output file is removed: see [`Out`]).
    pub(crate) fn abort(self, out: &mut Out) -> io::Result<()> {
        if let Some(table) = self.table {
            table.finish(out)?;
        }
        out.flush()
    }

    /// Ends the list and flushes; returns the number of rows.
    pub(crate) fn finish(self, out: &mut Out) -> io::Result<u64> {
        match out.format {
            Format::Table => {
                if let Some(table) = self.table {
                    table.finish(out)?;
                }
            }
            Format::Xlsx => {
                if let Some(book) = self.book {
                    finish_book(out, book)?;
                }
            }
            Format::Json => out.write_all(if self.rows == 0 { b"]\n" } else { b"\n]\n" })?,
            Format::Csv | Format::Ndjson => {}
        }
        out.flush()?;
        Ok(self.rows)
    }
}

/// Writes a finished workbook to the output, noting what it had to keep as text or cut.
pub(crate) fn finish_book(out: &mut Out, book: Book) -> io::Result<()> {
    out.kept_text += book.kept_text;
    out.cut += book.cut;
    out.more_decimals += book.more_decimals;
    book.save(out.document()?)
}
