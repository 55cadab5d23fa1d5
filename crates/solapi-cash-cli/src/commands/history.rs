//! `history`: one page, or every entry as it arrives.

use std::io::IsTerminal;

use serde::Serialize;
use solapi_cash_blocking::HistoryEntry;
use solapi_cash_types::{HistoryQuery, HistoryType, QueryError, RechargeMethod, ServiceMethod};
use time::macros::format_description;

use crate::api_error;
use crate::args::{Filters, Format, HistoryListArgs};
use crate::context::Context;
use crate::exit::Exit;
use crate::failure::Failure;
use crate::output::{Cell, Col, Row, RowWriter};
use crate::progress::Progress;
use crate::values::undocumented;

pub(crate) fn run(ctx: &mut Context<'_>, args: &HistoryListArgs) -> Result<(), Failure> {
    let limit = if args.all { args.page_size } else { args.limit };
    let query = query(&args.filters, limit, args.offset)?;
    note_undocumented(ctx, &args.filters);
    let settings = ctx.settings()?;
    let client = ctx.client(&settings)?;
    let fail = |e: &solapi_cash_blocking::Error| api_error::failure(e, &settings, Some(&client));

    if !args.all {
        let page = client.history(&query).map_err(|e| fail(&e))?;
        let mut rows = RowWriter::start(&mut ctx.out)?;
        for entry in page {
            rows.write(&mut ctx.out, &EntryRow(entry))?;
        }
        let n = rows.finish(&mut ctx.out)?;
        if n == 0 && ctx.out.format == Format::Table {
            ctx.msg.note("no entries");
        }
        return Ok(());
    }

    let mut progress = Progress::new(
        std::io::stderr()
            .is_terminal()
            .then(|| ctx.out.progress.clone()),
    );
    let mut rows = RowWriter::start(&mut ctx.out)?;
    for entry in client.history_all(query) {
        match entry {
            Ok(entry) => {
                progress.tick();
                rows.write(&mut ctx.out, &EntryRow(entry))?;
            }
            Err(e) => {
                progress.finish();
                // A closed pipe here is no reason to hide the failure.
                let _ = rows.abort(&mut ctx.out);
                return Err(fail(&e));
            }
        }
    }
    progress.finish();
    let n = rows.finish(&mut ctx.out)?;
    if n == 0 && ctx.out.format == Format::Table {
        ctx.msg.note("no entries");
    }
    Ok(())
}

/// The history query for the filters (checked: a start after the end is refused).
pub(crate) fn query(
    filters: &Filters,
    limit: Option<u64>,
    offset: Option<u64>,
) -> Result<HistoryQuery, Failure> {
    let mut b = HistoryQuery::builder();
    let f = filters.clone();
    if let Some(v) = f.start_date {
        b = b.start_date(v);
    }
    if let Some(v) = f.end_date {
        b = b.end_date(v);
    }
    if let Some(v) = f.kind {
        b = b.kind(v);
    }
    if let Some(v) = f.group_id {
        b = b.group_id(v);
    }
    if let Some(v) = f.recharge_method {
        b = b.recharge_method(v);
    }
    if let Some(v) = f.service_method {
        b = b.service_method(v);
    }
    if let Some(v) = f.balance_amount {
        b = b.balance_amount(v);
    }
    if let Some(v) = f.balance_recharge {
        b = b.balance_recharge(v);
    }
    if let Some(v) = f.balance_deduct {
        b = b.balance_deduct(v);
    }
    if let Some(v) = f.point_recharge {
        b = b.point_recharge(v);
    }
    if let Some(v) = f.point_deduct {
        b = b.point_deduct(v);
    }
    b = b.maybe_limit(limit).maybe_offset(offset);
    b.build().map_err(|e| query_failure(&e))
}

/// Notes each filter value that is not among the documented ones (it is sent as given).
pub(crate) fn note_undocumented(ctx: &Context<'_>, f: &Filters) {
    let notes = [
        f.kind
            .as_ref()
            .and_then(|v| undocumented("--type", v.as_str(), HistoryType::known())),
        f.recharge_method
            .as_ref()
            .and_then(|v| undocumented("--recharge-method", v.as_str(), RechargeMethod::known())),
        f.service_method
            .as_ref()
            .and_then(|v| undocumented("--service-method", v.as_str(), ServiceMethod::known())),
    ];
    for note in notes.into_iter().flatten() {
        ctx.msg.note(&note);
    }
}

/// A refused query, in terms of the flags.
fn query_failure(e: &QueryError) -> Failure {
    let flag = match e.parameter() {
        "startDate" => "--start-date",
        "endDate" => "--end-date",
        "limit" => "--limit",
        "offset" => "--offset",
        other => other,
    };
    Failure::new(Exit::Usage, format!("invalid {flag}: {}", e.reason()))
}

/// One entry: the API's fields as sent.
#[derive(Serialize)]
#[serde(transparent)]
pub(crate) struct EntryRow(pub HistoryEntry);

const DATE: &[time::format_description::FormatItem<'static>] =
    format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");

impl Row for EntryRow {
    const TABLE: &'static [Col] = &[
        Col::left("date (UTC)"),
        Col::left("type"),
        Col::right("balance"),
        Col::right("point"),
        Col::right("new balance"),
        Col::right("new point"),
        Col::left("memo / group"),
        Col::left("history id"),
    ];

    const CSV: &'static [&'static str] = &[
        "balanceAmount",
        "pointAmount",
        "groupId",
        "memo",
        "rechargeMethod",
        "serviceMethod",
        "chargedMethod",
        "paymentMethod",
        "accountId",
        "oldBalance",
        "newBalance",
        "oldPoint",
        "newPoint",
        "type",
        "dateCreated",
        "historyId",
    ];

    fn table_cells(&self) -> Vec<Cell> {
        let e = &self.0;
        let at = e.date_created.datetime().to_offset(time::UtcOffset::UTC);
        let note = e
            .memo
            .clone()
            .or_else(|| e.group_id.clone())
            .or_else(|| e.recharge_method.as_ref().map(ToString::to_string));
        vec![
            Cell::Text(
                at.format(DATE)
                    .unwrap_or_else(|_| e.date_created.as_str().to_owned()),
            ),
            Cell::Text(e.kind.to_string()),
            Cell::Change(e.balance_amount.clone()),
            Cell::Change(e.point_amount.clone()),
            Cell::Money(e.new_balance.clone()),
            Cell::Money(e.new_point.clone()),
            note.map_or(Cell::Empty, Cell::Text),
            Cell::Text(e.history_id.clone()),
        ]
    }

    fn csv_fields(&self) -> Vec<String> {
        let e = &self.0;
        let opt = |v: Option<String>| v.unwrap_or_default();
        vec![
            e.balance_amount.to_string(),
            e.point_amount.to_string(),
            opt(e.group_id.clone()),
            opt(e.memo.clone()),
            opt(e.recharge_method.as_ref().map(ToString::to_string)),
            opt(e.service_method.as_ref().map(ToString::to_string)),
            opt(e.charged_method.clone()),
            opt(e.payment_method.clone()),
            e.account_id.clone(),
            e.old_balance.to_string(),
            e.new_balance.to_string(),
            e.old_point.to_string(),
            e.new_point.to_string(),
            e.kind.to_string(),
            e.date_created.as_str().to_owned(),
            e.history_id.clone(),
        ]
    }
}
