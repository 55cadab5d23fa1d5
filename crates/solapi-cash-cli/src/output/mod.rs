//! Everything written to standard output: the four formats, tables, CSV, colour, money
//! for people, and the writer that ends quietly on a closed pipe.

mod csv;
mod money_text;
mod record;
mod rows;
mod sink;
mod style;
mod table;

pub(crate) use csv::write_record as write_csv;
pub(crate) use money_text::{grouped, grouped_count, signed_grouped};
pub(crate) use record::{Record, write_record};
pub(crate) use rows::{Row, RowWriter};
pub(crate) use sink::{Out, ProgressLine};
pub(crate) use style::Style;
pub(crate) use table::{Cell, Col};
