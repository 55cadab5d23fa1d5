//! `history summary`: counts and exact totals per period (a day or month in the time zone)
//! and type, the totals per type, and the outlook (average daily spend, days left).
//!
//! The periods and the totals are two kinds of rows and are kept apart: in tables and xlsx
//! (two worksheets) both, one after the other; in json one object with both; in csv — one
//! flat table, where a total row among the periods would be counted twice by a pivot
//! table — the periods, or with `--totals` the totals.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};

use serde::Serialize;
use serde::ser::SerializeMap;
use solapi_cash_blocking::HistoryEntry;
use solapi_cash_types::{DateBound, Money};
use time::OffsetDateTime;

use crate::api_error;
use crate::args::{Format, Period, SummaryArgs};
use crate::commands::balance::spendable;
use crate::commands::history::{note_undocumented, query, range};
use crate::commands::outlook::Outlook;
use crate::context::Context;
use crate::exit::Exit;
use crate::failure::Failure;
use crate::output::xlsx::Book;
use crate::output::{
    Cell, Col, Field, Out, Row, RowWriter, finish_book, key_value, write_json, write_json_pretty,
};
use crate::progress::Progress;
use crate::zone::{Zone, day_text, month_text};

/// The type of the grand total row.
const ALL: &str = "ALL";

pub(crate) fn run(ctx: &mut Context<'_>, args: &SummaryArgs) -> Result<(), Failure> {
    let settings = ctx.settings_with_dates()?;
    let zone = settings.tz.value.clone();
    let query = query(&args.filters, &zone, None, None)?;
    note_undocumented(ctx, &args.filters);
    let client = ctx.client(&settings)?;
    let entries = |each: &mut Each<'_>| {
        for entry in client.history_all(query) {
            each(entry.map_err(|e| api_error::failure(&e, &settings, Some(&client)))?)?;
        }
        Ok(())
    };
    // What is left to spend, for the days left; the summary stands without it.
    let left = |ctx: &Context<'_>| match client.balance() {
        Ok(balance) => spendable(&ctx.msg, &balance, false).ok(),
        Err(e) => {
            ctx.msg.warn(&format!(
                "the balance could not be read, so the days left are not estimated: {e}"
            ));
            None
        }
    };
    summarize(ctx, args, &zone, entries, left)
}

/// What [`summarize`] calls with each entry.
pub(crate) type Each<'a> = dyn FnMut(HistoryEntry) -> Result<(), Failure> + 'a;

/// Summarizes the entries `entries` hands to its argument (the range of `args`, from the
/// service or from a ledger) and writes the report; `left` gives what is left to spend,
/// for the days left.
pub(crate) fn summarize(
    ctx: &mut Context<'_>,
    args: &SummaryArgs,
    zone: &Zone,
    entries: impl FnOnce(&mut Each<'_>) -> Result<(), Failure>,
    left: impl FnOnce(&Context<'_>) -> Option<Money>,
) -> Result<(), Failure> {
    let now = OffsetDateTime::now_utc();
    let (since, until) = range(&args.filters, zone, now)?;
    let mut summary = Summary::default();
    let mut progress = Progress::new(
        std::io::stderr()
            .is_terminal()
            .then(|| ctx.out.progress.clone()),
    );
    let read = entries(&mut |entry| {
        progress.tick();
        summary.add(&entry, args.by, zone)
    });
    progress.finish();
    read?;
    let left = left(ctx);
    let from = since.or(summary.oldest);
    // The end of `--until` is its last millisecond: the range ends just after it.
    let to = until.map_or(now, |u| (u + time::Duration::MILLISECOND).min(now));
    let outlook = from.and_then(|from| Outlook::new(from, to, summary.spent.clone(), left));
    let report = Report {
        zone,
        by: args.by,
        periods: (!args.totals).then(|| summary.period_rows()),
        totals: summary.total_rows(),
        outlook,
    };
    report.write(&mut ctx.out)?;
    Ok(())
}

/// Count and sums of a group of entries.
#[derive(Debug, Clone, Default)]
struct Totals {
    count: u64,
    balance: Money,
    point: Money,
}

fn overflow() -> Failure {
    Failure::new(Exit::Other, "the totals exceed the range of exact amounts")
}

impl Totals {
    fn add(&mut self, entry: &HistoryEntry) -> Result<(), Failure> {
        self.count += 1;
        self.balance = self
            .balance
            .checked_add(&entry.balance_amount)
            .ok_or_else(overflow)?;
        self.point = self
            .point
            .checked_add(&entry.point_amount)
            .ok_or_else(overflow)?;
        Ok(())
    }
}

/// Totals per (period, type), per type, and overall, and what was spent. Grows with the number
/// of periods and types, never with the number of entries.
#[derive(Debug, Default)]
struct Summary {
    groups: BTreeMap<(String, String), Totals>,
    per_type: BTreeMap<String, Totals>,
    all: Totals,
    /// What sending cost: the decreases of balance and point of `DEDUCT` entries, as a
    /// positive amount ([`spent`]).
    spent: Money,
    /// The oldest entry's instant.
    oldest: Option<OffsetDateTime>,
}

impl Summary {
    fn add(&mut self, entry: &HistoryEntry, by: Period, zone: &Zone) -> Result<(), Failure> {
        let at = entry.date_created.datetime();
        let day = zone.date_of(at);
        let period = match by {
            Period::Day => day_text(day),
            Period::Month => month_text(day),
        };
        let kind = entry.kind.to_string();
        self.groups
            .entry((period, kind.clone()))
            .or_default()
            .add(entry)?;
        self.per_type.entry(kind).or_default().add(entry)?;
        self.all.add(entry)?;
        if let Some(cost) = spent(entry) {
            self.spent = self.spent.checked_add(&cost).ok_or_else(overflow)?;
        }
        self.oldest = Some(self.oldest.map_or(at, |o| o.min(at)));
        Ok(())
    }

    /// The periods in order.
    fn period_rows(&self) -> Vec<PeriodRow> {
        self.groups
            .iter()
            .map(|((period, kind), t)| PeriodRow {
                period: period.clone(),
                kind: kind.clone(),
                count: t.count,
                balance_change: t.balance.normalized(),
                point_change: t.point.normalized(),
            })
            .collect()
    }

    /// The totals per type, then the grand total.
    fn total_rows(&self) -> Vec<TotalRow> {
        let row = |kind: &str, t: &Totals| TotalRow {
            kind: kind.to_owned(),
            count: t.count,
            balance_change: t.balance.normalized(),
            point_change: t.point.normalized(),
        };
        self.per_type
            .iter()
            .map(|(k, t)| row(k, t))
            .chain(std::iter::once(row(ALL, &self.all)))
            .collect()
    }
}

/// What an entry spent: the charge of sending messages, the one thing "spent" means here.
/// The service writes a message's charge as a `DEDUCT` entry (its type for charges), taking
/// from the point first and then the balance; so spent is the decreases of balance and point
/// of `DEDUCT` entries, as a positive amount. A conversion of points into balance, a reset
/// (`SET`), a manual adjustment (`MANUAL`) or a recharge moves money without sending anything
/// and is not spending. `None` for an entry that spent nothing.
/// (One definition with the forecast's: `solapi_cash_ledger::forecast::spent`.)
pub(crate) fn spent(entry: &HistoryEntry) -> Option<Money> {
    solapi_cash_ledger::forecast::spent(entry)
}

/// A row of the periods.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct PeriodRow {
    period: String,
    #[serde(rename = "type")]
    kind: String,
    count: u64,
    balance_change: Money,
    point_change: Money,
}

impl Row for PeriodRow {
    const TABLE: &'static [Col] = &[
        Col::zoned("period"),
        Col::left("type"),
        Col::right("count"),
        Col::right("balance change"),
        Col::right("point change"),
    ];
    const FIELDS: &'static [Field] = &[
        Field::zoned("period"),
        Field::of("type"),
        Field::of("count"),
        Field::of("balanceChange"),
        Field::of("pointChange"),
    ];
    const SHEET: &'static str = "periods";

    fn table_cells(&self) -> Vec<Cell> {
        self.cells(true)
    }

    fn field_cells(&self) -> Vec<Cell> {
        self.cells(false)
    }
}

impl PeriodRow {
    fn cells(&self, table: bool) -> Vec<Cell> {
        let names = [
            Cell::Text(self.period.clone()),
            Cell::Text(self.kind.clone()),
        ];
        let sums = sums(
            self.count,
            self.balance_change.clone(),
            self.point_change.clone(),
            table,
        );
        names.into_iter().chain(sums).collect()
    }
}

/// A count and two sums: signed changes for tables (coloured), plain amounts elsewhere.
fn sums(count: u64, balance: Money, point: Money, table: bool) -> [Cell; 3] {
    let amount = if table { Cell::Change } else { Cell::Money };
    [Cell::Count(count), amount(balance), amount(point)]
}

/// A row of the totals: one type over the whole range, or `ALL`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct TotalRow {
    #[serde(rename = "type")]
    kind: String,
    count: u64,
    balance_change: Money,
    point_change: Money,
}

impl Row for TotalRow {
    const TABLE: &'static [Col] = &[
        Col::left("total of type"),
        Col::right("count"),
        Col::right("balance change"),
        Col::right("point change"),
    ];
    const FIELDS: &'static [Field] = &[
        Field::of("type"),
        Field::of("count"),
        Field::of("balanceChange"),
        Field::of("pointChange"),
    ];
    const SHEET: &'static str = "totals";

    fn table_cells(&self) -> Vec<Cell> {
        self.cells(true)
    }

    fn field_cells(&self) -> Vec<Cell> {
        self.cells(false)
    }
}

impl TotalRow {
    fn cells(&self, table: bool) -> Vec<Cell> {
        let sums = sums(
            self.count,
            self.balance_change.clone(),
            self.point_change.clone(),
            table,
        );
        std::iter::once(Cell::Text(self.kind.clone()))
            .chain(sums)
            .collect()
    }
}

/// Everything the summary shows.
struct Report<'a> {
    zone: &'a Zone,
    by: Period,
    /// `None` with `--totals`.
    periods: Option<Vec<PeriodRow>>,
    totals: Vec<TotalRow>,
    outlook: Option<Outlook>,
}

impl Report<'_> {
    fn write(&self, out: &mut Out) -> Result<(), Failure> {
        match out.format {
            Format::Table => {
                if let Some(periods) = &self.periods {
                    rows(out, periods)?;
                    writeln!(out)?;
                }
                rows(out, &self.totals)?;
                if let Some(outlook) = &self.outlook {
                    writeln!(out)?;
                    let (style, zone) = (out.style, out.zone.clone());
                    key_value(out, style, &zone, &self.outlook_cells(outlook))?;
                }
            }
            Format::Json => {
                write_json_pretty(&mut *out, self)?;
                writeln!(out)?;
            }
            Format::Ndjson => {
                write_json(&mut *out, self)?;
                writeln!(out)?;
            }
            Format::Csv => match &self.periods {
                Some(periods) => rows(out, periods)?,
                None => rows(out, &self.totals)?,
            },
            Format::Xlsx => {
                let zone = out.zone.clone();
                let mut book = Book::new();
                if let Some(periods) = &self.periods {
                    sheet(&mut book, &zone, periods)?;
                }
                sheet(&mut book, &zone, &self.totals)?;
                if let Some(outlook) = &self.outlook {
                    book.skip_row();
                    for (label, cell) in self.outlook_cells(outlook) {
                        book.row(&[Cell::Text(label.to_owned()), cell], &zone)?;
                    }
                }
                finish_book(out, book)?;
            }
        }
        out.flush()?;
        Ok(())
    }

    /// The outlook, labelled for people.
    fn outlook_cells(&self, o: &Outlook) -> Vec<(&'static str, Cell)> {
        let date = |at: OffsetDateTime| Cell::Date(solapi_cash_types::Timestamp::from_datetime(at));
        vec![
            ("from", date(o.from)),
            ("until (before)", date(o.to)),
            ("days", Cell::Number(o.days.clone())),
            ("spent", Cell::Money(o.spent.clone())),
            ("average daily spend", Cell::Money(o.average.clone())),
            (
                "balance + point",
                o.left.clone().map_or(Cell::Empty, Cell::Money),
            ),
            (
                "days left at that rate",
                o.days_left.map_or(Cell::Text("-".to_owned()), Cell::Count),
            ),
        ]
        .into_iter()
        .filter(|(_, c)| !matches!(c, Cell::Empty))
        .collect()
    }
}

fn rows<R: Row>(out: &mut Out, rows: &[R]) -> Result<(), Failure> {
    let mut writer = RowWriter::start(out)?;
    for row in rows {
        writer.write(out, row)?;
    }
    writer.finish(out)?;
    Ok(())
}

fn sheet<R: Row>(book: &mut Book, zone: &Zone, rows: &[R]) -> Result<(), Failure> {
    let header: Vec<String> = R::FIELDS.iter().map(|f| f.header(zone.name())).collect();
    book.sheet(R::SHEET, &header)?;
    for row in rows {
        book.row(&row.field_cells(), zone)?;
    }
    Ok(())
}

impl Serialize for Report<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("timeZone", self.zone.name())?;
        map.serialize_entry(
            "by",
            match self.by {
                Period::Day => "day",
                Period::Month => "month",
            },
        )?;
        if let Some(periods) = &self.periods {
            map.serialize_entry("periods", periods)?;
        }
        map.serialize_entry("totals", &self.totals)?;
        map.serialize_entry("outlook", &self.outlook.as_ref().map(OutlookJson))?;
        map.end()
    }
}

/// The outlook in JSON: instants as the API writes them, amounts exact.
struct OutlookJson<'a>(&'a Outlook);

impl Serialize for OutlookJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let o = self.0;
        let instant = |at: OffsetDateTime| DateBound::DateTime(at).to_string();
        let mut map = s.serialize_map(Some(7))?;
        map.serialize_entry("from", &instant(o.from))?;
        map.serialize_entry("to", &instant(o.to))?;
        map.serialize_entry("days", &o.days)?;
        map.serialize_entry("spent", &o.spent)?;
        map.serialize_entry("averageDailySpend", &o.average)?;
        map.serialize_entry("left", &o.left)?;
        map.serialize_entry("daysLeft", &o.days_left)?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use solapi_cash_types::{HistoryType, Timestamp};

    fn entry(at: &str, kind: HistoryType, balance: &str, point: &str) -> HistoryEntry {
        HistoryEntry::builder("x", "a", kind, Timestamp::parse(at).unwrap())
            .balance_amount(balance.parse::<Money>().unwrap())
            .point_amount(point.parse::<Money>().unwrap())
            .build()
    }

    fn summarize(zone: &Zone, by: Period) -> Summary {
        let mut s = Summary::default();
        for e in [
            entry(
                "2024-05-02T00:30:00.000+09:00",
                HistoryType::Deduct,
                "-0.1",
                "0",
            ),
            entry(
                "2024-05-01T10:00:00.000Z",
                HistoryType::Deduct,
                "-0.2",
                "-5",
            ),
            entry(
                "2024-05-01T09:00:00.000Z",
                HistoryType::Recharge,
                "10000",
                "0",
            ),
            entry("2024-04-30T23:59:59.999Z", HistoryType::Deduct, "-1", "0"),
        ] {
            s.add(&e, by, zone).unwrap();
        }
        s
    }

    fn period_lines(s: &Summary) -> Vec<String> {
        s.period_rows()
            .iter()
            .map(|r| {
                format!(
                    "{},{},{},{},{}",
                    r.period, r.kind, r.count, r.balance_change, r.point_change
                )
            })
            .collect()
    }

    #[test]
    fn only_sending_charges_are_spent() {
        let at = "2024-05-01T00:00:00.000Z";
        // A conversion of 100 points into balance, a reset, a manual correction, a recharge.
        for (kind, balance, point) in [
            (HistoryType::Manual, "100", "-100"),
            (HistoryType::Set, "-5000", "0"),
            (HistoryType::Manual, "-20", "0"),
            (HistoryType::Recharge, "10000", "0"),
            (HistoryType::Other("REFUND".into()), "-3", "0"),
        ] {
            assert_eq!(spent(&entry(at, kind, balance, point)), None);
        }
        assert_eq!(
            spent(&entry(at, HistoryType::Deduct, "-18.5", "-2")),
            Some("20.5".parse().unwrap())
        );
    }

    #[test]
    fn groups_by_period_in_the_zone_and_type_with_exact_sums() {
        let s = summarize(&Zone::utc(), Period::Day);
        assert_eq!(
            period_lines(&s),
            [
                "2024-04-30,DEDUCT,1,-1,0",
                // 00:30 on May 2nd in Seoul is 15:30 UTC on May 1st.
                "2024-05-01,DEDUCT,2,-0.3,-5",
                "2024-05-01,RECHARGE,1,10000,0",
            ]
        );
        let totals: Vec<_> = s
            .total_rows()
            .iter()
            .map(|r| {
                format!(
                    "{},{},{},{}",
                    r.kind, r.count, r.balance_change, r.point_change
                )
            })
            .collect();
        assert_eq!(
            totals,
            ["DEDUCT,3,-1.3,-5", "RECHARGE,1,10000,0", "ALL,4,9998.7,-5"]
        );
        // Spent is what DEDUCT entries took, balance and point: 1 + 0.2 + 5 + 0.1.
        assert_eq!(s.spent, "6.3".parse::<Money>().unwrap());

        // In Seoul the entry of 23:59:59.999 UTC on April 30th is on May 1st (08:59 KST), and
        // the one of 00:30 KST on May 2nd is on May 2nd.
        let s = summarize(&Zone::default_zone(), Period::Day);
        assert_eq!(
            period_lines(&s),
            [
                "2024-05-01,DEDUCT,2,-1.2,-5",
                "2024-05-01,RECHARGE,1,10000,0",
                "2024-05-02,DEDUCT,1,-0.1,0",
            ]
        );
        let s = summarize(&Zone::default_zone(), Period::Month);
        assert_eq!(
            period_lines(&s),
            ["2024-05,DEDUCT,3,-1.3,-5", "2024-05,RECHARGE,1,10000,0"]
        );
    }
}
