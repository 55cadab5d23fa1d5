//! Tables for people: aligned columns, computed from the first rows and then kept, so that
//! long listings stream. Widths are display widths (`unicode-width`, UAX #11): a Hangul
//! syllable takes two terminal columns, a combining mark none.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use crate::output::{Cell, Style, grouped, grouped_count, signed_grouped, visible};
use crate::zone::{Zone, table_text};

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
    /// Its values are dates: the header names the time zone.
    pub zoned: bool,
}

impl Col {
    /// A text column.
    pub(crate) const fn left(header: &'static str) -> Col {
        Col {
            header,
            align: Align::Left,
            zoned: false,
        }
    }

    /// A number column.
    pub(crate) const fn right(header: &'static str) -> Col {
        Col {
            header,
            align: Align::Right,
            zoned: false,
        }
    }

    /// A column of dates or periods in the time zone.
    pub(crate) const fn zoned(header: &'static str) -> Col {
        Col {
            header,
            align: Align::Left,
            zoned: true,
        }
    }

    fn title(&self, zone: &Zone) -> String {
        if self.zoned {
            format!("{} ({zone})", self.header)
        } else {
            self.header.to_owned()
        }
    }
}

/// The text shown for a cell, and how to colour it.
fn render(cell: &Cell, zone: &Zone) -> (String, Tone) {
    match cell {
        // Text comes from outside (memos, ids, the config file): never interpreted.
        Cell::Text(t) | Cell::Id(t) => (visible(t).into_owned(), Tone::Plain),
        Cell::Money(m) => (grouped(m), Tone::Plain),
        Cell::Change(m) if m.is_positive() => (signed_grouped(m), Tone::Up),
        Cell::Change(m) if m.is_negative() => (signed_grouped(m), Tone::Down),
        Cell::Change(m) => (grouped(m), Tone::Plain),
        Cell::Count(n) => (grouped_count(*n), Tone::Plain),
        Cell::Number(m) => (grouped(m), Tone::Plain),
        Cell::Date(t) => (table_text(zone.civil(t.datetime())), Tone::Plain),
        Cell::Empty => (String::new(), Tone::Plain),
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
    zone: Zone,
}

impl TableWriter {
    /// A table of these columns, dates shown in `zone`.
    pub(crate) fn new(cols: &'static [Col], style: Style, zone: Zone) -> TableWriter {
        TableWriter {
            cols,
            held: Vec::new(),
            widths: None,
            style,
            zone,
        }
    }

    /// Adds a row.
    pub(crate) fn row(&mut self, w: &mut impl Write, cells: &[Cell]) -> io::Result<()> {
        let row: Vec<_> = cells.iter().map(|c| render(c, &self.zone)).collect();
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
        let titles: Vec<String> = self.cols.iter().map(|c| c.title(&self.zone)).collect();
        let mut widths: Vec<usize> = titles.iter().map(|t| width(t)).collect();
        for row in &self.held {
            for (width_of_col, (text, _)) in widths.iter_mut().zip(row) {
                *width_of_col = (*width_of_col).max(width(text));
            }
        }
        let header: Vec<_> = titles.into_iter().map(|t| (t, Tone::Plain)).collect();
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
    zone: &Zone,
    fields: &[(&str, Cell)],
) -> io::Result<()> {
    let rendered: Vec<_> = fields
        .iter()
        .map(|(label, cell)| (*label, render(cell, zone)))
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

/// The columns a terminal gives the text. Control characters never reach here (cells are
/// [`visible`]), so the width of each character is the terminal's.
pub(crate) fn width(text: &str) -> usize {
    text.width()
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
    use solapi_cash_types::Money;

    const COLS: &[Col] = &[Col::left("type"), Col::right("change"), Col::left("memo")];

    #[test]
    fn aligns_pads_and_trims() {
        let mut out = Vec::new();
        let mut t = TableWriter::new(COLS, Style::PLAIN, Zone::utc());
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
    fn wide_and_combining_characters_are_measured_as_shown() {
        assert_eq!(width("잔액 충전"), 9);
        assert_eq!(width("e\u{301}"), 1, "a combining accent takes no column");
        let mut out = Vec::new();
        let mut t = TableWriter::new(COLS, Style::PLAIN, Zone::utc());
        for memo in ["문자 발송", "x"] {
            t.row(
                &mut out,
                &[
                    Cell::Text(memo.into()),
                    Cell::Change(Money::from_i64(-20)),
                    Cell::Text("끝".into()),
                ],
            )
            .unwrap();
        }
        t.finish(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let memo_columns: Vec<usize> = text
            .lines()
            .map(|l| width(&l[..l.rfind("  ").unwrap() + 2]))
            .collect();
        assert!(memo_columns.windows(2).all(|w| w[0] == w[1]), "{text}");
    }

    #[test]
    fn an_empty_table_prints_nothing() {
        let mut out = Vec::new();
        assert!(
            !TableWriter::new(COLS, Style::PLAIN, Zone::utc())
                .finish(&mut out)
                .unwrap()
        );
        assert!(out.is_empty());
    }
}
