//! [`RowWriter`]: a list of rows in any format, written as the rows arrive.

use std::io::{self, Write};
use std::marker::PhantomData;

use serde::Serialize;

use crate::args::Format;
use crate::output::Out;
use crate::output::table::{Cell, Col, TableWriter};
use crate::output::{csv, json};

/// Something listed one per row. JSON and NDJSON use its `Serialize` (the API's field names
/// and exact numbers); CSV its wire-named columns; tables a selection for people.
pub(crate) trait Row: Serialize {
    /// The table's columns.
    const TABLE: &'static [Col];
    /// The CSV header: field names as in JSON.
    const CSV: &'static [&'static str];
    /// The table's cells, one per [`Row::TABLE`] column.
    fn table_cells(&self) -> Vec<Cell>;
    /// The CSV fields, exact, one per [`Row::CSV`] name.
    fn csv_fields(&self) -> Vec<String>;
}

/// Writes rows of `R` to an [`Out`].
#[derive(Debug)]
pub(crate) struct RowWriter<R> {
    table: Option<TableWriter>,
    rows: u64,
    row: PhantomData<fn(&R)>,
}

impl<R: Row> RowWriter<R> {
    /// Starts the list (a CSV header, a JSON `[`).
    pub(crate) fn start(out: &mut Out) -> io::Result<RowWriter<R>> {
        let mut table = None;
        match out.format {
            Format::Table => table = Some(TableWriter::new(R::TABLE, out.style)),
            Format::Csv => csv::write_record(out, R::CSV)?,
            Format::Json => out.write_all(b"[")?,
            Format::Ndjson => {}
        }
        Ok(RowWriter {
            table,
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
            Format::Csv => csv::write_record(out, &row.csv_fields())?,
            Format::Json => {
                out.write_all(if self.rows == 1 { b"\n  " } else { b",\n  " })?;
                json::write_compact(&mut *out, row)?;
            }
            Format::Ndjson => {
                json::write_compact(&mut *out, row)?;
                out.write_all(b"\n")?;
            }
        }
        Ok(())
    }

    /// Stops after a failure: what arrived is printed (a table's held rows too), but a JSON
    /// array is left unclosed so that it cannot pass for a complete one.
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
            Format::Json => out.write_all(if self.rows == 0 { b"]\n" } else { b"\n]\n" })?,
            Format::Csv | Format::Ndjson => {}
        }
        out.flush()?;
        Ok(self.rows)
    }
}
