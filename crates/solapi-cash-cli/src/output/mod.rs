//! Everything written to standard output: the four formats, tables, CSV, colour, money
//! for people, text from outside made safe for a terminal, and the writer that ends quietly
//! on a closed pipe.

mod csv;
mod json;
mod money_text;
mod record;
mod rows;
mod sink;
mod style;
mod table;
mod visible;

pub(crate) use csv::write_record as write_csv;
pub(crate) use json::write_compact as write_json;
pub(crate) use money_text::{grouped, grouped_count, signed_grouped};
pub(crate) use record::{Record, write_record};
pub(crate) use rows::{Row, RowWriter};
pub(crate) use sink::{Out, ProgressLine};
pub(crate) use style::Style;
pub(crate) use table::{Cell, Col};
pub(crate) use visible::visible;
