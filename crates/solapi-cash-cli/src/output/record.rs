//! [`Record`]: a single object (a balance, a recharge), in any format.

use std::io::{self, Write};

use serde::Serialize;

use crate::args::Format;
use crate::output::Out;
use crate::output::table::{Cell, key_value};
use crate::output::{csv, json};

/// A single object. JSON and NDJSON use its `Serialize`; CSV a header of field names and one
/// row; the table one line per field that has a value.
pub(crate) trait Record: Serialize {
    /// `(label for people, field name as in JSON, value)` for every field.
    fn fields(&self) -> Vec<(&'static str, &'static str, Cell)>;
}

/// Writes one record and flushes.
pub(crate) fn write_record(out: &mut Out, record: &impl Record) -> io::Result<()> {
    match out.format {
        Format::Table => {
            let fields: Vec<_> = record
                .fields()
                .into_iter()
                .filter(|(_, _, cell)| !matches!(cell, Cell::Empty))
                .map(|(label, _, cell)| (label, cell))
                .collect();
            key_value(out, out.style, &fields)?;
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
            csv::write_record(out, &names)?;
            let values: Vec<String> = fields.iter().map(|(_, _, cell)| exact(cell)).collect();
            csv::write_record(out, &values)?;
        }
    }
    out.flush()
}

/// The exact text of a cell, for CSV.
pub(crate) fn exact(cell: &Cell) -> String {
    match cell {
        Cell::Text(t) => t.clone(),
        Cell::Money(m) | Cell::Change(m) => m.to_string(),
        Cell::Count(n) => n.to_string(),
        Cell::Empty => String::new(),
    }
}
