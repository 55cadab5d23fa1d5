//! `history`: one page, or every entry as it arrives (newest first, or oldest first through a
//! [`Spill`]), in the API's layout or as a statement.

use std::io::{self, IsTerminal};

use solapi_cash_blocking::{Client, Error, HistoryEntry, HistoryIter, HistoryPages};
use solapi_cash_types::{HistoryQuery, HistoryType, QueryError, RechargeMethod, ServiceMethod};
use time::OffsetDateTime;

use crate::api_error;
use crate::args::{Filters, Format, HistoryListArgs, Layout, Order};
use crate::commands::history_rows::{EntryRow, Listing};
use crate::commands::spill::Spill;
use crate::context::Context;
use crate::dates::bound;
use crate::exit::Exit;
use crate::failure::Failure;
use crate::output::{Row, Selection};
use crate::progress::Progress;
use crate::values::undocumented;
use crate::zone::{self, Zone};

/// The page size the API uses when none is asked for (documented: `limit` defaults to 20).
const API_DEFAULT_LIMIT: usize = 20;

pub(crate) fn run(ctx: &mut Context<'_>, args: &HistoryListArgs) -> Result<(), Failure> {
    check_layout(ctx.out.format, args.listing.layout, &args.listing.fields)?;
    // A date range written to a file is an export: the whole range, not its newest page.
    let whole = args.all
        || (args.limit.is_none() && ctx.global.output_file.is_some() && args.filters.has_dates());
    let limit = if whole { args.page_size } else { args.limit };
    let fields = Selection::parse(&args.listing.fields, EntryRow::FIELDS, true, ctx.out.format)?;
    let settings = ctx.settings_with_dates()?;
    let query = query(&args.filters, &settings.tz.value, limit, args.offset)?;
    note_undocumented(ctx, &args.filters);
    let client = ctx.export_client(&settings, args.concurrency.unwrap_or_default())?;
    let fail = |e: &solapi_cash_blocking::Error| api_error::failure(e, &settings, Some(&client));

    if !whole {
        let mut page = client.history(&query).map_err(|e| fail(&e))?;
        let full = page.len() >= API_DEFAULT_LIMIT;
        if args.listing.order == Order::Oldest {
            page.reverse();
        }
        let mut rows = Listing::start(&mut ctx.out, args.listing.layout, fields)?;
        for entry in page {
            rows.write(&mut ctx.out, entry)?;
        }
        let n = rows.finish(&mut ctx.out)?;
        if n == 0 && ctx.out.format == Format::Table {
            ctx.msg.note("no entries");
        }
        if args.limit.is_none() && full {
            note_more(ctx, &client, &query, n);
        }
        return Ok(());
    }

    let mut progress = Progress::new(
        std::io::stderr()
            .is_terminal()
            .then(|| ctx.out.progress.clone()),
    );
    let mut rows = Listing::start(&mut ctx.out, args.listing.layout, fields)?;
    let failed = if args.listing.order == Order::Oldest {
        oldest_first(ctx, &mut rows, client.history_all(query), &mut progress)?
    } else if rows.copies_sent(&ctx.out) {
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

/// `--layout statement` is for people: tables, csv and xlsx, every column.
pub(crate) fn check_layout(
    format: Format,
    layout: Layout,
    fields: &[String],
) -> Result<(), Failure> {
    if layout != Layout::Statement {
        return Ok(());
    }
    if matches!(format, Format::Json | Format::Ndjson) {
        return Err(Failure::usage(
            "--layout statement is for tables, csv and xlsx; json and ndjson keep the API's fields",
        )
        .hint("drop --layout, or use --output csv or --output xlsx"));
    }
    if !fields.is_empty() {
        return Err(Failure::usage(
            "--fields picks the API's fields; the statement layout has its own columns",
        ));
    }
    Ok(())
}

/// A full page was listed without `--limit`: says whether more entries exist (one entry past
/// the page is asked for: a full page alone does not prove it) and how to get them.
fn note_more(ctx: &Context<'_>, client: &Client, query: &HistoryQuery, shown: u64) {
    let probe = query
        .with_offset(query.offset().unwrap_or(0) + shown)
        .with_limit(std::num::NonZeroU64::MIN);
    let how = "--all lists every one (narrow with --since/--until or --month), or page \
               with --limit N --offset N";
    match client.history(&probe) {
        Ok(more) if more.is_empty() => {}
        Ok(_) => ctx.msg.note(&format!(
            "note: these are the newest {shown} entries and more exist: {how}"
        )),
        Err(_) => ctx.msg.note(&format!(
            "note: these are the newest {shown} entries; more may exist: {how}"
        )),
    }
}

/// Writes every entry of the export, encoded from its model; the export's error, if it
/// ended in one.
fn write_entries(
    ctx: &mut Context<'_>,
    rows: &mut Listing,
    entries: HistoryIter,
    progress: &mut Progress,
) -> io::Result<Option<Error>> {
    for entry in entries {
        match entry {
            Ok(entry) => {
                progress.tick();
                rows.write(&mut ctx.out, entry)?;
            }
            Err(e) => return Ok(Some(e)),
        }
    }
    Ok(None)
}

/// Writes every entry of the export oldest first: the whole range is read into a [`Spill`]
/// first (the API lists newest first), then written back to front. An export that fails
/// writes nothing.
fn oldest_first(
    ctx: &mut Context<'_>,
    rows: &mut Listing,
    entries: HistoryIter,
    progress: &mut Progress,
) -> Result<Option<Error>, Failure> {
    let spill_failed = |e: &io::Error| Failure::io("holding the export to list it oldest first", e);
    let mut spill = Spill::new().map_err(|e| spill_failed(&e))?;
    for entry in entries {
        match entry {
            Ok(entry) => {
                progress.tick();
                spill.push(&entry).map_err(|e| spill_failed(&e))?;
            }
            Err(e) => return Ok(Some(e)),
        }
    }
    for text in spill.newest_last().map_err(|e| spill_failed(&e))? {
        let text = text.map_err(|e| spill_failed(&e))?;
        let sent = std::str::from_utf8(&text).unwrap_or_default();
        if !rows.write_sent(&mut ctx.out, sent)? {
            let entry: HistoryEntry =
                serde_json::from_slice(&text).map_err(|e| spill_failed(&io::Error::other(e)))?;
            rows.write(&mut ctx.out, entry)?;
        }
    }
    Ok(None)
}

/// Writes every entry of the export as the service sent it, a page at a time (JSON and
/// NDJSON of every field: [`Listing::write_sent`]; an entry whose text is not known is
/// encoded from its model); the export's error, if it ended in one.
fn copy_pages(
    ctx: &mut Context<'_>,
    rows: &mut Listing,
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
                rows.write(&mut ctx.out, entry.clone())?;
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

/// The first and last instants of the filters' range, placed in `zone` at `now`; a range
/// whose start is after its end is refused in the user's terms (the flags and values typed,
/// the instants in the zone).
pub(crate) fn range(
    f: &Filters,
    zone: &Zone,
    now: OffsetDateTime,
) -> Result<(Option<OffsetDateTime>, Option<OffsetDateTime>), Failure> {
    if let Some(month) = f.month_arg() {
        let invalid = |e: String| Failure::usage(format!("invalid month: {e}"));
        let days = month.days(zone, now).map_err(invalid)?;
        let (start, end) = days
            .bounds(zone)
            .map_err(|e| invalid(format!("{} in {zone}", e.reason())))?;
        return Ok((Some(start), Some(end)));
    }
    let invalid = |flag: &str, e: String| Failure::usage(format!("invalid {flag}: {e}"));
    let start = f
        .start_date
        .as_ref()
        .map(|w| w.start(zone, now).map_err(|e| invalid("--since", e)))
        .transpose()?;
    let end = f
        .end_date
        .as_ref()
        .map(|w| w.end(zone, now).map_err(|e| invalid("--until", e)))
        .transpose()?;
    if let (Some(s), Some(e), Some(since), Some(until)) = (start, end, &f.start_date, &f.end_date)
        && s > e
    {
        let at = |t: OffsetDateTime| zone::csv_text(zone.civil(t));
        return Err(Failure::usage(format!(
            "--since {since} is after --until {until}: in {zone} the range would start at {} \
             and end at {}",
            at(s),
            at(e)
        ))
        .hint("swap the two, or give one day with --since D --until D"));
    }
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
