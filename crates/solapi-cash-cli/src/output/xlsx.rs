//! `--output xlsx`: a workbook of typed cells, through `rust_xlsxwriter` in constant-memory
//! mode (rows go to a temporary file as they are written, so an export of a million entries
//! holds one row at a time).
//!
//! Money is a number cell when a spreadsheet can hold it exactly, else text as sent, counted
//! for a warning (`crate::output::spreadsheet`). Every money cell has the one won format
//! [`MONEY_FORMAT`], so that a column reads alike from top to bottom and sums line up (an
//! amount with more decimals than it shows is held exactly and counted for a warning);
//! numbers that are not money (days) and counts have plain number formats. Dates are
//! date-time cells of the wall-clock time in the chosen zone (named in the header); ids and
//! text are text cells, which a spreadsheet never runs as formulas; the header row is bold and
//! frozen.

use std::io::{self, Write};

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

use crate::output::Cell;
use crate::output::money_text::plain;
use crate::output::spreadsheet::exact_number;
use crate::zone::Zone;

/// Rows of a worksheet, the header included (Excel's limit).
const MAX_ROWS: u32 = 1_048_576;

/// Characters of a cell (Excel's limit).
const MAX_TEXT: usize = 32_767;

/// The format of every money cell: won with separators and two decimals. The service sends
/// fractions of a won (its prices and balances are computed in floating point), and one
/// format for the whole column keeps the decimals aligned.
pub(crate) const MONEY_FORMAT: &str = "₩#,##0.00";

/// The decimals [`MONEY_FORMAT`] shows.
const MONEY_DECIMALS: usize = 2;

/// Numbers that are not money (a number of days).
const NUMBER_FORMAT: &str = "#,##0.00";

/// Counts.
const COUNT_FORMAT: &str = "#,##0";

/// A workbook being written, one worksheet at a time.
pub(crate) struct Book {
    workbook: Workbook,
    header_format: Format,
    date_format: Format,
    money_format: Format,
    number_format: Format,
    count_format: Format,
    /// The current worksheet's index, name and header, and the next row.
    sheet: Option<(usize, String, Vec<String>)>,
    sheets: usize,
    row: u32,
    widths_set: bool,
    /// Money written as text because a number cell could not hold it exactly.
    pub kept_text: u64,
    /// Text cut to Excel's limit of 32,767 characters.
    pub cut: u64,
    /// Amounts with more decimals than the won format shows (held exactly in the cell).
    pub more_decimals: u64,
}

impl std::fmt::Debug for Book {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Book")
            .field("row", &self.row)
            .finish_non_exhaustive()
    }
}

fn failed(e: XlsxError) -> io::Error {
    io::Error::other(format!("writing the workbook: {e}"))
}

impl Book {
    /// An empty workbook.
    pub(crate) fn new() -> Book {
        Book {
            workbook: Workbook::new(),
            header_format: Format::new().set_bold(),
            date_format: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss.000"),
            money_format: Format::new().set_num_format(MONEY_FORMAT),
            number_format: Format::new().set_num_format(NUMBER_FORMAT),
            count_format: Format::new().set_num_format(COUNT_FORMAT),
            sheet: None,
            sheets: 0,
            row: 0,
            widths_set: false,
            kept_text: 0,
            cut: 0,
            more_decimals: 0,
        }
    }

    /// Starts a worksheet named `name` with a bold, frozen header row.
    pub(crate) fn sheet(&mut self, name: &str, header: &[String]) -> io::Result<()> {
        let index = self.sheets;
        let sheet = self
            .workbook
            .add_worksheet_with_constant_memory()
            .map_err(failed)?;
        sheet.set_name(name).map_err(failed)?;
        for (col, title) in (0u16..).zip(header) {
            sheet
                .write_string_with_format(0, col, title, &self.header_format)
                .map_err(failed)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(failed)?;
        self.sheets += 1;
        self.sheet = Some((index, name.to_owned(), header.to_vec()));
        self.row = 1;
        self.widths_set = false;
        Ok(())
    }

    /// Leaves a row empty (between sections of a sheet).
    pub(crate) fn skip_row(&mut self) {
        self.row = self.row.saturating_add(1);
    }

    /// Writes a row; a sheet that is full continues on a new one (`history (2)`).
    pub(crate) fn row(&mut self, cells: &[Cell], zone: &Zone) -> io::Result<()> {
        let Some((index, name, header)) = self.sheet.clone() else {
            return Err(io::Error::other("no worksheet started"));
        };
        let mut index = index;
        if self.row >= MAX_ROWS {
            let base = name.split(" (").next().unwrap_or(&name).to_owned();
            self.sheet(&format!("{base} ({})", self.sheets + 1), &header)?;
            index = self.sheets - 1;
        }
        let row = self.row;
        let set_widths = !self.widths_set;
        self.widths_set = true;
        let sheet = self.workbook.worksheet_from_index(index).map_err(failed)?;
        for (col, cell) in (0u16..).zip(cells) {
            if set_widths {
                sheet.set_column_width(col, width(cell)).map_err(failed)?;
            }
            match cell {
                Cell::Money(m) | Cell::Change(m) | Cell::Number(m) => {
                    let (format, money) = match cell {
                        Cell::Number(_) => (&self.number_format, false),
                        _ => (&self.money_format, true),
                    };
                    match exact_number(m) {
                        Some(number) => {
                            if money && fraction_digits(&plain(m)) > MONEY_DECIMALS {
                                self.more_decimals += 1;
                            }
                            sheet
                                .write_number_with_format(row, col, number, format)
                                .map_err(failed)?;
                        }
                        None => {
                            self.kept_text += 1;
                            sheet.write_string(row, col, plain(m)).map_err(failed)?;
                        }
                    }
                }
                // A count below 2^32 is an exact number cell (`f64::from(u32)` is lossless).
                Cell::Count(n) => {
                    match u32::try_from(*n) {
                        Ok(n) => sheet.write_number_with_format(row, col, n, &self.count_format),
                        Err(_) => sheet.write_string(row, col, n.to_string()),
                    }
                    .map_err(failed)?;
                }
                Cell::Date(t) => {
                    let at = zone.civil(t.datetime());
                    let excel = excel_datetime(at).map_err(failed)?;
                    sheet
                        .write_datetime_with_format(row, col, &excel, &self.date_format)
                        .map_err(failed)?;
                }
                Cell::Text(text) | Cell::Id(text) => {
                    let text = if text.chars().count() > MAX_TEXT {
                        self.cut += 1;
                        text.chars().take(MAX_TEXT).collect()
                    } else {
                        text.clone()
                    };
                    sheet.write_string(row, col, text).map_err(failed)?;
                }
                Cell::Empty => {}
            }
        }
        self.row = row.saturating_add(1);
        Ok(())
    }

    /// Writes the workbook.
    pub(crate) fn save(mut self, w: impl Write + Send) -> io::Result<()> {
        if self.sheets == 0 {
            self.workbook.add_worksheet();
        }
        self.workbook.save_to_writer(w).map_err(failed)
    }
}

/// A column's width, in characters, from its first value.
fn width(cell: &Cell) -> u16 {
    match cell {
        Cell::Date(_) => 24,
        Cell::Id(_) => 26,
        Cell::Text(_) => 20,
        Cell::Money(_) | Cell::Change(_) | Cell::Number(_) => 16,
        Cell::Count(_) | Cell::Empty => 10,
    }
}

fn fraction_digits(text: &str) -> usize {
    text.split_once('.').map_or(0, |(_, f)| f.len())
}

fn excel_datetime(at: jiff::civil::DateTime) -> Result<ExcelDateTime, XlsxError> {
    let small = |v: i8| u8::try_from(v).unwrap_or(0);
    ExcelDateTime::from_ymd(
        u16::try_from(at.year()).unwrap_or(0),
        small(at.month()),
        small(at.day()),
    )?
    .and_hms_milli(
        u16::try_from(at.hour()).unwrap_or(0),
        small(at.minute()),
        small(at.second()),
        u16::try_from(at.millisecond()).unwrap_or(0),
    )
}
