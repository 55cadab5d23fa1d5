//! The rows of `history`: the API's layout ([`EntryRow`], for programs) and the statement
//! layout ([`StatementRow`], `--layout statement`: date first, Korean headers and type
//! labels, for people and accountants), and [`Listing`], which writes either.

use std::io;

use serde::Serialize;
use solapi_cash_blocking::HistoryEntry;
use solapi_cash_types::HistoryType;

use crate::args::Layout;
use crate::output::{Cell, Col, Field, Kept, Out, Row, RowWriter, Selection, kept};

/// One entry: the API's fields as sent.
#[derive(Serialize)]
#[serde(transparent)]
pub(crate) struct EntryRow(pub HistoryEntry);

impl Row for EntryRow {
    const TABLE: &'static [Col] = &[
        Col::zoned("date"),
        Col::left("type"),
        Col::right("balance"),
        Col::right("point"),
        Col::right("new balance"),
        Col::right("new point"),
        Col::left("memo / group"),
        Col::left("history id"),
    ];

    const FIELDS: &'static [Field] = &[
        Field::of("balanceAmount"),
        Field::of("pointAmount"),
        Field::of("groupId"),
        Field::of("memo"),
        Field::of("rechargeMethod"),
        Field::of("serviceMethod"),
        Field::of("chargedMethod"),
        Field::of("paymentMethod"),
        Field::of("accountId"),
        Field::of("oldBalance"),
        Field::of("newBalance"),
        Field::of("oldPoint"),
        Field::of("newPoint"),
        Field::of("type"),
        Field::zoned("dateCreated"),
        Field::of("historyId"),
    ];

    const SHEET: &'static str = "history";
    const OPEN: bool = true;

    fn kept(&self) -> Vec<Kept<'_>> {
        kept(&self.0.extra)
    }

    fn table_cells(&self) -> Vec<Cell> {
        let e = &self.0;
        vec![
            Cell::Date(e.date_created.clone()),
            Cell::Text(e.kind.to_string()),
            Cell::Change(e.balance_amount.clone()),
            Cell::Change(e.point_amount.clone()),
            Cell::Money(e.new_balance.clone()),
            Cell::Money(e.new_point.clone()),
            note(e),
            Cell::Id(e.history_id.clone()),
        ]
    }

    fn field_cells(&self) -> Vec<Cell> {
        let e = &self.0;
        let text = |v: Option<String>| v.map_or(Cell::Empty, Cell::Text);
        vec![
            Cell::Money(e.balance_amount.clone()),
            Cell::Money(e.point_amount.clone()),
            Cell::id(e.group_id.as_deref()),
            text(e.memo.clone()),
            text(e.recharge_method.as_ref().map(ToString::to_string)),
            text(e.service_method.as_ref().map(ToString::to_string)),
            text(e.charged_method.clone()),
            text(e.payment_method.clone()),
            Cell::Id(e.account_id.clone()),
            Cell::Money(e.old_balance.clone()),
            Cell::Money(e.new_balance.clone()),
            Cell::Money(e.old_point.clone()),
            Cell::Money(e.new_point.clone()),
            Cell::Text(e.kind.to_string()),
            Cell::Date(e.date_created.clone()),
            Cell::Id(e.history_id.clone()),
        ]
    }
}

/// The memo, else the message group, else how a recharge was paid.
fn note(e: &HistoryEntry) -> Cell {
    e.memo
        .clone()
        .or_else(|| e.group_id.clone())
        .or_else(|| e.recharge_method.as_ref().map(ToString::to_string))
        .map_or(Cell::Empty, Cell::Text)
}

/// The Korean label of a type: 충전 (RECHARGE), 차감 (DEDUCT) and 초기화 (SET) as SOLAPI's own
/// history page of 2018 names them (solapi/documents `cb1d2379`, "충전(RECHARGE),
/// 차감(DEDUCT), 초기화(SET)"); 수동 조정 ("manual adjustment") for MANUAL; a type this
/// version does not know as the service sent it.
pub(crate) fn korean_label(kind: &HistoryType) -> String {
    match kind {
        HistoryType::Recharge => "충전".to_owned(),
        HistoryType::Deduct => "차감".to_owned(),
        HistoryType::Set => "초기화".to_owned(),
        HistoryType::Manual => "수동 조정".to_owned(),
        other => other.to_string(),
    }
}

/// One entry as a line of a statement: date first, Korean headers and type labels, the
/// amounts people read (the change and what is left, of the balance and of the point).
#[derive(Serialize)]
#[serde(transparent)]
pub(crate) struct StatementRow(pub HistoryEntry);

impl Row for StatementRow {
    const TABLE: &'static [Col] = &[
        Col::zoned("일시"),
        Col::left("구분"),
        Col::right("금액"),
        Col::right("잔액"),
        Col::right("포인트"),
        Col::right("포인트 잔액"),
        Col::left("메모"),
        Col::left("내역 ID"),
    ];

    const FIELDS: &'static [Field] = &[
        Field::zoned("일시"),
        Field::of("구분"),
        Field::of("금액"),
        Field::of("잔액"),
        Field::of("포인트"),
        Field::of("포인트 잔액"),
        Field::of("메모"),
        Field::of("내역 ID"),
    ];

    const SHEET: &'static str = "거래 내역";

    fn table_cells(&self) -> Vec<Cell> {
        self.cells(Cell::Change)
    }

    fn field_cells(&self) -> Vec<Cell> {
        self.cells(Cell::Money)
    }
}

impl StatementRow {
    fn cells(&self, change: fn(solapi_cash_types::Money) -> Cell) -> Vec<Cell> {
        let e = &self.0;
        vec![
            Cell::Date(e.date_created.clone()),
            Cell::Text(korean_label(&e.kind)),
            change(e.balance_amount.clone()),
            Cell::Money(e.new_balance.clone()),
            change(e.point_amount.clone()),
            Cell::Money(e.new_point.clone()),
            note(e),
            Cell::Id(e.history_id.clone()),
        ]
    }
}

/// A history listing in the chosen layout.
pub(crate) enum Listing {
    /// The API's layout.
    Api(RowWriter<EntryRow>),
    /// The statement layout.
    Statement(RowWriter<StatementRow>),
}

impl Listing {
    /// Starts the listing (its header).
    pub(crate) fn start(out: &mut Out, layout: Layout, fields: Selection) -> io::Result<Listing> {
        Ok(match layout {
            Layout::Api => Listing::Api(RowWriter::with_fields(out, fields)?),
            Layout::Statement => Listing::Statement(RowWriter::start(out)?),
        })
    }

    /// Writes one entry.
    pub(crate) fn write(&mut self, out: &mut Out, entry: HistoryEntry) -> io::Result<()> {
        match self {
            Listing::Api(rows) => rows.write(out, &EntryRow(entry)),
            Listing::Statement(rows) => rows.write(out, &StatementRow(entry)),
        }
    }

    /// Writes one entry as the service sent it, when the format copies what was sent
    /// ([`RowWriter::write_sent`]); `false` when it did not (then [`write`](Self::write) it).
    pub(crate) fn write_sent(&mut self, out: &mut Out, sent: &str) -> io::Result<bool> {
        match self {
            Listing::Api(rows) => rows.write_sent(out, sent),
            Listing::Statement(_) => Ok(false),
        }
    }

    /// Whether [`write_sent`](Self::write_sent) can copy.
    pub(crate) fn copies_sent(&self, out: &Out) -> bool {
        match self {
            Listing::Api(rows) => rows.copies_sent(out),
            Listing::Statement(_) => false,
        }
    }

    /// Ends the listing; the number of entries.
    pub(crate) fn finish(self, out: &mut Out) -> io::Result<u64> {
        match self {
            Listing::Api(rows) => rows.finish(out),
            Listing::Statement(rows) => rows.finish(out),
        }
    }

    /// Stops after a failure ([`RowWriter::abort`]).
    pub(crate) fn abort(self, out: &mut Out) -> io::Result<()> {
        match self {
            Listing::Api(rows) => rows.abort(out),
            Listing::Statement(rows) => rows.abort(out),
        }
    }
}
