//! Tables for people: aligned columns, computed from the first rows and then kept, so that
//! long listings stream.

use std::io::{self, Write};

use solapi_cash_types::Money;

use crate::output::{Style, grouped, grouped_count, signed_grouped, visible};

/// Rows looked at to size the columns before the first is printed.
const SIZING_ROWS: usize = 1000;

/// Columns are separated by this.
const GAP: &str = "  ";

/// How a column is aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    /// Text.
    Left,
    /// Numbers.
    Right,
}

/// A table column.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Col {
    /// Its header.
    pub header: &'static str,
    /// Its alignment.
    pub align: Align,
}

impl Col {
    /// A text column.
    pub(crate) const fn left(header: &'static str) -> Col {
        Col {
            header,
            align: Align::Left,
        }
    }

    /// A number column.
    pub(crate) const fn right(header: &'static str) -> Col {
        Col {
            header,
            align: Align::Right,
        }
    }
}

/// A table cell.
#[derive(Debug, Clone)]
pub(crate) enum Cell {
    /// Text, control characters shown visibly.
    Text(String),
    /// An amount, with thousands separators.
    Money(Money),
    /// A change of an amount: signed, green when positive, red when negative.
    Change(Money),
    /// A count, with thousands separators.
    Count(u64),
    /// Nothing.
    Empty,
}

impl Cell {
    /// Text, or empty for `None`.
    pub(crate) fn opt(text: Option<&str>) -> Cell {
        text.map_or(Cell::Empty, |t| Cell::Text(t.to_owned()))
    }

    /// The text shown, and how to colour it.
    fn render(&self) -> (String, Tone) {
        match self {
            // Text comes from outside (memos, ids, the config file): never interpreted.
            Cell::Text(t) => (visible(t).into_owned(), Tone::Plain),
            Cell::Money(m) => (grouped(m), Tone::Plain),
            Cell::Change(m) if m.is_positive() => (signed_grouped(m), Tone::Up),
            Cell::Change(m) if m.is_negative() => (signed_grouped(m), Tone::Down),
            Cell::Change(m) => (grouped(m), Tone::Plain),
            Cell::Count(n) => (grouped_count(*n), Tone::Plain),
            Cell::Empty => (String::new(), Tone::Plain),
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Tone {
    Plain,
    Up,
    Down,
}

/// Writes a table, holding back at most [`SIZING_ROWS`] rows to size it.
#[derive(Debug)]
pub(crate) struct TableWriter {
    cols: &'static [Col],
    held: Vec<Vec<(String, Tone)>>,
    widths: Option<Vec<usize>>,
    style: Style,
}

impl TableWriter {
    /// A table of these columns.
    pub(crate) fn new(cols: &'static [Col], style: Style) -> TableWriter {
        TableWriter {
            cols,
            held: Vec::new(),
            widths: None,
            style,
        }
    }

    /// Adds a row.
    pub(crate) fn row(&mut self, w: &mut impl Write, cells: &[Cell]) -> io::Result<()> {
        let row: Vec<_> = cells.iter().map(Cell::render).collect();
        match &self.widths {
            Some(widths) => write_row(w, self.cols, widths, &row, self.style),
            None => {
                self.held.push(row);
                if self.held.len() >= SIZING_ROWS {
                    self.release(w)?;
                }
                Ok(())
            }
        }
    }

    /// Prints what is held; returns whether anything was ever printed.
    pub(crate) fn finish(mut self, w: &mut impl Write) -> io::Result<bool> {
        if self.widths.is_none() && !self.held.is_empty() {
            self.release(w)?;
        }
        Ok(self.widths.is_some())
    }

    fn release(&mut self, w: &mut impl Write) -> io::Result<()> {
        let mut widths: Vec<usize> = self.cols.iter().map(|c| width(c.header)).collect();
        for row in &self.held {
            for (width_of_col, (text, _)) in widths.iter_mut().zip(row) {
                *width_of_col = (*width_of_col).max(width(text));
            }
        }
        let header: Vec<_> = self
            .cols
            .iter()
            .map(|c| (c.header.to_owned(), Tone::Plain))
            .collect();
        write_line(w, self.cols, &widths, &header, |t, _| self.style.bold(t))?;
        for row in std::mem::take(&mut self.held) {
            write_row(w, self.cols, &widths, &row, self.style)?;
        }
        self.widths = Some(widths);
        Ok(())
    }
}

/// Writes `label  value` lines: labels in bold, values aligned right as one column.
pub(crate) fn key_value(
    w: &mut impl Write,
    style: Style,
    fields: &[(&str, Cell)],
) -> io::Result<()> {
    let rendered: Vec<_> = fields
        .iter()
        .map(|(label, cell)| (*label, cell.render()))
        .collect();
    let label_width = rendered.iter().map(|(l, _)| width(l)).max().unwrap_or(0);
    let value_width = rendered
        .iter()
        .map(|(_, (v, _))| width(v))
        .max()
        .unwrap_or(0);
    let cols = [Col::right("")];
    for (label, value) in rendered {
        let pad = " ".repeat(label_width - width(label));
        write!(w, "{}{pad}{GAP}", style.bold(label))?;
        write_row(w, &cols, &[value_width], &[value], style)?;
    }
    Ok(())
}

/// Characters, not bytes: close enough for the Latin and Hangul text of this API.
fn width(text: &str) -> usize {
    text.chars().count()
}

fn write_row(
    w: &mut impl Write,
    cols: &[Col],
    widths: &[usize],
    row: &[(String, Tone)],
    style: Style,
) -> io::Result<()> {
    write_line(w, cols, widths, row, |text, tone| match tone {
        Tone::Plain => text.to_owned(),
        Tone::Up => style.green(text),
        Tone::Down => style.red(text),
    })
}

/// Pads each cell to its width (colour is applied after padding, so escape codes never
/// count), without trailing spaces.
fn write_line(
    w: &mut impl Write,
    cols: &[Col],
    widths: &[usize],
    row: &[(String, Tone)],
    paint: impl Fn(&str, Tone) -> String,
) -> io::Result<()> {
    let mut line = String::new();
    let last = row.len().saturating_sub(1);
    for (i, ((text, tone), (col, &width_of_col))) in
        row.iter().zip(cols.iter().zip(widths)).enumerate()
    {
        if i > 0 {
            line.push_str(GAP);
        }
        let pad = " ".repeat(width_of_col.saturating_sub(width(text)));
        match col.align {
            Align::Right => {
                line.push_str(&pad);
                line.push_str(&paint(text, *tone));
            }
            Align::Left => {
                line.push_str(&paint(text, *tone));
                if i != last {
                    line.push_str(&pad);
                }
            }
        }
    }
    line.truncate(line.trim_end().len());
    line.push('\n');
    w.write_all(line.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLS: &[Col] = &[Col::left("type"), Col::right("change"), Col::left("memo")];

    #[test]
    fn aligns_pads_and_trims() {
        let mut out = Vec::new();
        let mut t = TableWriter::new(COLS, Style::PLAIN);
        t.row(
            &mut out,
            &[
                Cell::Text("RECHARGE".into()),
                Cell::Change(Money::from_i64(10000)),
                Cell::Empty,
            ],
        )
        .unwrap();
        t.row(
            &mut out,
            &[
                Cell::Text("DEDUCT".into()),
                Cell::Change(Money::from_i64(-20)),
                Cell::Text("a\nb".into()),
            ],
        )
        .unwrap();
        assert!(out.is_empty(), "rows are held until the table is sized");
        assert!(t.finish(&mut out).unwrap());
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "type       change  memo\nRECHARGE  +10,000\nDEDUCT        -20  a\\nb\n"
        );
    }

    #[test]
    fn an_empty_table_prints_nothing() {
        let mut out = Vec::new();
        assert!(
            !TableWriter::new(COLS, Style::PLAIN)
                .finish(&mut out)
                .unwrap()
        );
        assert!(out.is_empty());
    }
}
