//! `history`: one page, or every entry as it arrives.

use std::io::{self, IsTerminal};

use serde::Serialize;
use solapi_cash_blocking::{Error, HistoryEntry, HistoryIter, HistoryPages};
use solapi_cash_types::{HistoryQuery, HistoryType, QueryError, RechargeMethod, ServiceMethod};
use time::OffsetDateTime;

use crate::api_error;
use crate::args::{Filters, Format, HistoryListArgs};
use crate::context::Context;
use crate::dates::bound;
use crate::exit::Exit;
use crate::failure::Failure;
use crate::output::{Cell, Col, Field, Kept, Row, RowWriter, Selection, kept};
use crate::progress::Progress;
use crate::values::undocumented;
use crate::zone::Zone;

pub(crate) fn run(ctx: &mut Context<'_>, args: &HistoryListArgs) -> Result<(), Failure> {
    let limit = if args.all { args.page_size } else { args.limit };
    let fields = Selection::parse(&args.fields, EntryRow::FIELDS, true, ctx.out.format)?;
    note_fields(ctx, &fields, EntryRow::FIELDS);
    let settings = ctx.settings_with_dates()?;
    let query = query(&args.filters, &settings.tz.value, limit, args.offset)?;
    note_undocumented(ctx, &args.filters);
    let client = ctx.export_client(&settings, args.concurrency.unwrap_or_default())?;
    let fail = |e: &solapi_cash_blocking::Error| api_error::failure(e, &settings, Some(&client));

    if !args.all {
        let page = client.history(&query).map_err(|e| fail(&e))?;
        let mut rows = RowWriter::with_fields(&mut ctx.out, fields)?;
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
    let mut rows = RowWriter::with_fields(&mut ctx.out, fields)?;
    let failed = if rows.copies_sent(&ctx.out) {
        copy_pages(ctx, &mut rows, client.history_pages(query), &mut progress)?
    } else {
        write_entries(ctx, &mut rows, client.history_all(query), &mut progress)?
    };
    progress.finish();
    if let Some(e) = failed {
        // A closed pipe here is no reason to hide the failure.
        let _ = rows.abort(&mut ctx.out);
        return Err(fail(&e));
    }
    let n = rows.finish(&mut ctx.out)?;
    if n == 0 && ctx.out.format == Format::Table {
        ctx.msg.note("no entries");
    }
    Ok(())
}

/// Writes every entry of the export, encoded from its model; the export's error, if it
/// ended in one.
fn write_entries(
    ctx: &mut Context<'_>,
    rows: &mut RowWriter<EntryRow>,
    entries: HistoryIter,
    progress: &mut Progress,
) -> io::Result<Option<Error>> {
    for entry in entries {
        match entry {
            Ok(entry) => {
                progress.tick();
                rows.write(&mut ctx.out, &EntryRow(entry))?;
            }
            Err(e) => return Ok(Some(e)),
        }
    }
    Ok(None)
}

/// Writes every entry of the export as the service sent it, a page at a time (JSON and
/// NDJSON of every field: [`RowWriter::write_sent`]; an entry whose text is not known is
/// encoded from its model); the export's error, if it ended in one.
fn copy_pages(
    ctx: &mut Context<'_>,
    rows: &mut RowWriter<EntryRow>,
    pages: HistoryPages,
    progress: &mut Progress,
) -> io::Result<Option<Error>> {
    for page in pages {
        let page = match page {
            Ok(page) => page,
            Err(e) => return Ok(Some(e)),
        };
        for (entry, sent) in page.iter() {
            progress.tick();
            let copied = match sent {
                Some(sent) => rows.write_sent(&mut ctx.out, sent)?,
                None => false,
            };
            if !copied {
                rows.write(&mut ctx.out, &EntryRow(entry.clone()))?;
            }
        }
    }
    Ok(None)
}

/// The history query for the filters, dates read in `zone` (checked: a start after the end
/// is refused).
pub(crate) fn query(
    filters: &Filters,
    zone: &Zone,
    limit: Option<u64>,
    offset: Option<u64>,
) -> Result<HistoryQuery, Failure> {
    let (start, end) = range(filters, zone, OffsetDateTime::now_utc())?;
    let f = filters.clone();
    HistoryQuery::builder()
        .maybe_start_date(start.map(bound))
        .maybe_end_date(end.map(bound))
        .maybe_kind(f.kind)
        .maybe_group_id(f.group_id)
        .maybe_recharge_method(f.recharge_method)
        .maybe_service_method(f.service_method)
        .maybe_balance_amount(f.balance_amount)
        .maybe_balance_recharge(f.balance_recharge)
        .maybe_balance_deduct(f.balance_deduct)
        .maybe_point_recharge(f.point_recharge)
        .maybe_point_deduct(f.point_deduct)
        .maybe_limit(limit)
        .maybe_offset(offset)
        .build()
        .map_err(|e| query_failure(&e))
}

/// The first and last instants of the filters' range, placed in `zone` at `now`.
pub(crate) fn range(
    f: &Filters,
    zone: &Zone,
    now: OffsetDateTime,
) -> Result<(Option<OffsetDateTime>, Option<OffsetDateTime>), Failure> {
    let invalid = |flag: &str, e: String| Failure::usage(format!("invalid {flag}: {e}"));
    let start = f
        .start_date
        .as_ref()
        .map(|w| w.start(zone, now).map_err(|e| invalid("--start-date", e)))
        .transpose()?;
    let end = f
        .end_date
        .as_ref()
        .map(|w| w.end(zone, now).map_err(|e| invalid("--end-date", e)))
        .transpose()?;
    Ok((start, end))
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

/// Notes each `--fields` name that is not among the documented fields: it is written from
/// the fields the service sends beyond them, and empty where it sends none.
pub(crate) fn note_fields(ctx: &Context<'_>, selection: &Selection, fields: &[Field]) {
    for name in selection.undocumented() {
        let known: Vec<&str> = fields.iter().map(|f| f.name).collect();
        ctx.msg.note(&format!(
            "--fields `{name}` is none of the documented fields ({}, extra): it is written as \
             the service sends it, and empty (null) where it sends no such field",
            known.join(", ")
        ));
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
        let note = e
            .memo
            .clone()
            .or_else(|| e.group_id.clone())
            .or_else(|| e.recharge_method.as_ref().map(ToString::to_string));
        vec![
            Cell::Date(e.date_created.clone()),
            Cell::Text(e.kind.to_string()),
            Cell::Change(e.balance_amount.clone()),
            Cell::Change(e.point_amount.clone()),
            Cell::Money(e.new_balance.clone()),
            Cell::Money(e.new_point.clone()),
            note.map_or(Cell::Empty, Cell::Text),
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
