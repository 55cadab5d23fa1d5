//! `history summary`: counts and exact totals per period and type.

use std::collections::BTreeMap;
use std::io::IsTerminal;

use serde::Serialize;
use solapi_cash_blocking::HistoryEntry;
use solapi_cash_types::Money;
use time::macros::format_description;

use crate::api_error;
use crate::args::{Period, SummaryArgs};
use crate::commands::history::{note_undocumented, query};
use crate::context::Context;
use crate::exit::Exit;
use crate::failure::Failure;
use crate::output::{Cell, Col, Row, RowWriter};
use crate::progress::Progress;

/// The period of total rows.
const TOTAL: &str = "total";
/// The type of the grand total row.
const ALL: &str = "ALL";

pub(crate) fn run(ctx: &mut Context<'_>, args: &SummaryArgs) -> Result<(), Failure> {
    let query = query(&args.filters, None, None)?;
    note_undocumented(ctx, &args.filters);
    let settings = ctx.settings()?;
    let client = ctx.client(&settings)?;
    let mut summary = Summary::default();
    let mut progress = Progress::new(
        std::io::stderr()
            .is_terminal()
            .then(|| ctx.out.progress.clone()),
    );
    for entry in client.history_all(query) {
        let entry = entry.map_err(|e| {
            progress.finish();
            api_error::failure(&e, &settings, Some(&client))
        })?;
        progress.tick();
        summary.add(&entry, args.by)?;
    }
    progress.finish();
    let mut rows = RowWriter::start(&mut ctx.out)?;
    for row in summary.rows() {
        rows.write(&mut ctx.out, &row)?;
    }
    rows.finish(&mut ctx.out)?;
    Ok(())
}

/// Count and sums of a group of entries.
#[derive(Debug, Clone, Default)]
struct Totals {
    count: u64,
    balance: Money,
    point: Money,
}

impl Totals {
    fn add(&mut self, entry: &HistoryEntry) -> Result<(), Failure> {
        let overflow = || Failure::new(Exit::Other, "the totals exceed the range of exact amounts");
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

/// Totals per (period, type), per type, and overall. Grows with the number of periods and
/// types, never with the number of entries.
#[derive(Debug, Default)]
struct Summary {
    groups: BTreeMap<(String, String), Totals>,
    per_type: BTreeMap<String, Totals>,
    all: Totals,
}

const DAY: &[time::format_description::FormatItem<'static>] =
    format_description!("[year]-[month]-[day]");
const MONTH: &[time::format_description::FormatItem<'static>] =
    format_description!("[year]-[month]");

impl Summary {
    fn add(&mut self, entry: &HistoryEntry, by: Period) -> Result<(), Failure> {
        let at = entry
            .date_created
            .datetime()
            .to_offset(time::UtcOffset::UTC);
        let period = at
            .format(if by == Period::Day { DAY } else { MONTH })
            .map_err(|e| Failure::new(Exit::Other, format!("cannot format a date: {e}")))?;
        let kind = entry.kind.to_string();
        self.groups
            .entry((period, kind.clone()))
            .or_default()
            .add(entry)?;
        self.per_type.entry(kind).or_default().add(entry)?;
        self.all.add(entry)
    }

    /// Periods in order, then the totals per type, then the grand total.
    fn rows(self) -> impl Iterator<Item = SummaryRow> {
        let row = |period: String, kind: String, t: Totals| SummaryRow {
            period,
            kind,
            count: t.count,
            balance_change: t.balance.normalized(),
            point_change: t.point.normalized(),
        };
        let groups = self.groups.into_iter().map(move |((p, k), t)| row(p, k, t));
        let per_type = self
            .per_type
            .into_iter()
            .map(move |(k, t)| row(TOTAL.to_owned(), k, t));
        let all = std::iter::once(row(TOTAL.to_owned(), ALL.to_owned(), self.all));
        groups.chain(per_type).chain(all)
    }
}

/// A row of the summary.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct SummaryRow {
    period: String,
    #[serde(rename = "type")]
    kind: String,
    count: u64,
    balance_change: Money,
    point_change: Money,
}

impl Row for SummaryRow {
    const TABLE: &'static [Col] = &[
        Col::left("period"),
        Col::left("type"),
        Col::right("count"),
        Col::right("balance change"),
        Col::right("point change"),
    ];
    const CSV: &'static [&'static str] =
        &["period", "type", "count", "balanceChange", "pointChange"];

    fn table_cells(&self) -> Vec<Cell> {
        vec![
            Cell::Text(self.period.clone()),
            Cell::Text(self.kind.clone()),
            Cell::Count(self.count),
            Cell::Change(self.balance_change.clone()),
            Cell::Change(self.point_change.clone()),
        ]
    }

    fn csv_fields(&self) -> Vec<String> {
        vec![
            self.period.clone(),
            self.kind.clone(),
            self.count.to_string(),
            self.balance_change.to_string(),
            self.point_change.to_string(),
        ]
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

    #[test]
    fn groups_by_utc_period_and_type_with_exact_sums() {
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
            s.add(&e, Period::Day).unwrap();
        }
        let rows: Vec<_> = s.rows().map(|r| r.csv_fields().join(",")).collect();
        assert_eq!(
            rows,
            [
                "2024-04-30,DEDUCT,1,-1,0",
                // 00:30 on May 2nd in Seoul is 15:30 UTC on May 1st.
                "2024-05-01,DEDUCT,2,-0.3,-5",
                "2024-05-01,RECHARGE,1,10000,0",
                "total,DEDUCT,3,-1.3,-5",
                "total,RECHARGE,1,10000,0",
                "total,ALL,4,9998.7,-5",
            ]
        );
    }
}
