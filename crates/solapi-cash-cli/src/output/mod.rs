//! Everything written to standard output or `--output-file`: the five formats, tables, CSV
//! for programs and for spreadsheets, xlsx workbooks, field selection, colour, money for
//! people, text from outside made safe for a terminal, the fields the CLI does not know
//! (`extra`), and the writer that ends quietly on a closed pipe and puts a file in place only
//! when it is complete.

mod cell;
pub(crate) mod csv;
mod extra;
mod fields;
mod json;
mod lines;
mod money_text;
mod personal;
mod place;
mod record;
mod rows;
mod sink;
mod spreadsheet;
mod style;
mod table;
mod visible;
pub(crate) mod xlsx;

pub(crate) use cell::{Cell, Field};
pub(crate) use extra::{Kept, cell as extra_cell, kept, kept_under};
pub(crate) use fields::Selection;
pub(crate) use json::{write_compact as write_json, write_pretty as write_json_pretty};
pub(crate) use money_text::{grouped, grouped_count, signed_grouped};
pub(crate) use personal::{mask_kept_account_numbers, shown_account_number};
pub(crate) use record::{Record, write_record};
pub(crate) use rows::{Row, RowWriter, finish_book};
pub(crate) use sink::{Out, ProgressLine, Target};
pub(crate) use style::Style;
pub(crate) use table::{Col, key_value};
pub(crate) use visible::visible;
