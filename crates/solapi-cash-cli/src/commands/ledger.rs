//! `ledger audit`, `ledger history` and `ledger summary`: the local ledger read without the
//! network, through the same query, date, time-zone and output code as `history --all` and
//! `history summary`.

use std::io::Write as _;

use serde::Serialize;
use solapi_cash_blocking::Client;
use solapi_cash_ledger::{Finding, Ledger, LedgerError, Order as LedgerOrder, decode};
use solapi_cash_types::{HistoryQuery, Money};

use crate::api_error;
use crate::args::{Format, Order};
use crate::commands::history::{check_layout, note_undocumented, query};
use crate::commands::history_rows::{EntryRow, Listing};
use crate::commands::summary::summarize;
use crate::context::Context;
use crate::exit::Exit;
use crate::failure::Failure;
use crate::ledger_args::{AuditArgs, DbArg, LedgerHistoryArgs, LedgerSummaryArgs};
use crate::output::{Cell, Row as _, Selection, key_value, write_json};
use crate::settings::Settings;

impl From<LedgerError> for Failure {
    fn from(e: LedgerError) -> Failure {
        ledger_failure(e, None)
    }
}

/// A ledger error in the CLI's terms: the service's errors as every command reports them,
/// the rest as local failures with what to do.
pub(crate) fn ledger_failure(e: LedgerError, service: Option<(&Settings, &Client)>) -> Failure {
    let hint = match &e {
        LedgerError::Api(api) => {
            return match service {
                Some((settings, client)) => api_error::failure(api, settings, Some(client)),
                None => Failure::new(Exit::for_kind(api.kind()), api.to_string()),
            };
        }
        LedgerError::Busy { .. } => {
            Some("wait for the other sync to end (or give it longer with --wait SECONDS)")
        }
        LedgerError::NewerSchema { .. } => Some("upgrade solapi-cash, or give another --db"),
        LedgerError::NotALedger { .. } => {
            Some("give the ledger's path with --db, or move that file away")
        }
        LedgerError::Open { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
            Some("`solapi-cash sync` creates the ledger; --db names another")
        }
        LedgerError::OtherAccount { .. } => Some("each account needs its own ledger: --db PATH"),
        _ => None,
    };
    let failure = Failure::new(Exit::Other, e.to_string());
    match hint {
        Some(hint) => failure.hint(hint),
        None => failure,
    }
}

/// Opens the existing ledger named by `db` or the settings.
fn open(db: &DbArg, settings: &Settings) -> Result<Ledger, Failure> {
    let path = crate::ledger_path::resolve(db, settings)?;
    Ok(Ledger::open_existing(path)?)
}

fn order(order: Order) -> LedgerOrder {
    match order {
        Order::Newest => LedgerOrder::NewestFirst,
        Order::Oldest => LedgerOrder::OldestFirst,
    }
}

/// `ledger history`: the entries as `history --all` lists them, from the ledger.
pub(crate) fn history(ctx: &mut Context<'_>, args: &LedgerHistoryArgs) -> Result<(), Failure> {
    check_layout(ctx.out.format, args.listing.layout, &args.listing.fields)?;
    let fields = Selection::parse(&args.listing.fields, EntryRow::FIELDS, true, ctx.out.format)?;
    let settings = ctx.settings_with_dates()?;
    let query = query(&args.filters, &settings.tz.value, args.limit, args.offset)?;
    note_undocumented(ctx, &args.filters);
    let ledger = open(&args.db, &settings)?;
    let mut rows = Listing::start(&mut ctx.out, args.listing.layout, fields)?;
    let copies = rows.copies_sent(&ctx.out);
    let out = &mut ctx.out;
    let listed = ledger.for_each_sent(&query, order(args.listing.order), |sent| {
        if !(copies && rows.write_sent(out, sent)?) {
            rows.write(out, decode(sent)?)?;
        }
        Ok::<_, Failure>(true)
    });
    if let Err(e) = listed {
        let _ = rows.abort(&mut ctx.out);
        return Err(e);
    }
    let n = rows.finish(&mut ctx.out)?;
    if n == 0 && ctx.out.format == Format::Table {
        ctx.msg.note("no entries");
    }
    Ok(())
}

/// `ledger summary`: `history summary` over the ledger; what is left to spend is the newest
/// entry's balance and point.
pub(crate) fn summary(ctx: &mut Context<'_>, args: &LedgerSummaryArgs) -> Result<(), Failure> {
    let settings = ctx.settings_with_dates()?;
    let zone = settings.tz.value.clone();
    let filters = &args.summary.filters;
    let query = query(filters, &zone, None, None)?;
    note_undocumented(ctx, filters);
    let ledger = open(&args.db, &settings)?;
    let entries = |each: &mut crate::commands::summary::Each<'_>| {
        ledger.for_each_sent(&query, LedgerOrder::NewestFirst, |sent| {
            each(decode(sent)?)?;
            Ok::<_, Failure>(true)
        })?;
        Ok(())
    };
    let left = |_: &Context<'_>| newest_left(&ledger);
    summarize(ctx, &args.summary, &zone, entries, left)
}

/// Balance + point after the newest entry.
fn newest_left(ledger: &Ledger) -> Option<Money> {
    let newest = HistoryQuery::default().with_limit(std::num::NonZeroU64::MIN);
    let entry = ledger
        .entries(&newest, LedgerOrder::NewestFirst)
        .ok()?
        .pop()?;
    entry.new_balance.checked_add(&entry.new_point)
}

/// What the audit shows.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Shown {
    entries: u64,
    missing: u64,
    revised: u64,
    balance_checked: bool,
    findings: Vec<ShownFinding>,
}

/// One break.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ShownFinding {
    kind: &'static str,
    from: Option<String>,
    to: Option<String>,
    after_id: Option<String>,
    id: Option<String>,
    balance: String,
    point: String,
}

fn shown(finding: &Finding) -> ShownFinding {
    match finding {
        Finding::Gap {
            after,
            before,
            balance,
            point,
        } => ShownFinding {
            kind: "gap",
            from: Some(after.1.clone()),
            to: Some(before.1.clone()),
            after_id: Some(after.0.clone()),
            id: Some(before.0.clone()),
            balance: balance.to_string(),
            point: point.to_string(),
        },
        Finding::Arithmetic {
            id,
            date,
            balance,
            point,
        } => ShownFinding {
            kind: "arithmetic",
            from: Some(date.clone()),
            to: Some(date.clone()),
            after_id: None,
            id: Some(id.clone()),
            balance: balance.to_string(),
            point: point.to_string(),
        },
        Finding::Balance { id, balance, point } => ShownFinding {
            kind: "balance",
            from: None,
            to: None,
            after_id: None,
            id: id.clone(),
            balance: balance.to_string(),
            point: point.to_string(),
        },
        _ => ShownFinding {
            kind: "other",
            from: None,
            to: None,
            after_id: None,
            id: None,
            balance: String::new(),
            point: String::new(),
        },
    }
}

/// `ledger audit`: the chain, and the newest entry against the balance (unless `--offline`);
/// exit 9 when anything breaks.
pub(crate) fn audit(ctx: &mut Context<'_>, args: &AuditArgs) -> Result<(), Failure> {
    let settings = ctx.settings()?;
    let ledger = open(&args.db, &settings)?;
    let balance = if args.offline {
        None
    } else {
        let client = ctx.client(&settings)?;
        Some(
            client
                .balance()
                .map_err(|e| api_error::failure(&e, &settings, Some(&client)))?,
        )
    };
    let report = ledger.audit(balance.as_ref())?;
    if report.sync_unfinished {
        ctx.msg.warn(
            "a sync of this ledger was stopped before it ended: entries it had not reached \
             yet may show as breaks; `solapi-cash sync` completes it",
        );
    }
    let shown = Shown {
        entries: report.entries,
        missing: report.missing,
        revised: report.revised,
        balance_checked: balance.is_some(),
        findings: report.findings.iter().map(shown).collect(),
    };
    let fields = [
        ("entries", Cell::Count(shown.entries)),
        ("flagged missing", Cell::Count(shown.missing)),
        ("revised", Cell::Count(shown.revised)),
        ("breaks", Cell::Count(shown.findings.len() as u64)),
    ];
    if write_report(&mut ctx.out, &shown, &fields)? {
        for f in &shown.findings {
            let range = match (&f.from, &f.to) {
                (Some(from), Some(to)) => format!(" between {from} and {to}"),
                _ => String::new(),
            };
            writeln!(
                ctx.out,
                "{}{range}: balance {} point {}{}",
                f.kind,
                f.balance,
                f.point,
                f.id.as_deref()
                    .map(|id| format!(" (entry {id})"))
                    .unwrap_or_default()
            )?;
        }
    }
    if report.is_clean() {
        return Ok(());
    }
    Err(Failure::new(
        Exit::Gaps,
        format!(
            "the ledger's chain has {} break(s); each is listed above with its range and size",
            report.findings.len()
        ),
    ))
}

/// Writes a command's report: `shown` as one JSON object for json and ndjson, else
/// `fields` as labelled lines. Whether it wrote lines (for the caller's own lines after).
pub(crate) fn write_report<T: Serialize>(
    out: &mut crate::output::Out,
    shown: &T,
    fields: &[(&str, Cell)],
) -> Result<bool, Failure> {
    if matches!(out.format, Format::Json | Format::Ndjson) {
        write_json(&mut *out, shown)?;
        writeln!(out)?;
        return Ok(false);
    }
    let (style, zone) = (out.style, out.zone.clone());
    key_value(out, style, &zone, fields)?;
    Ok(true)
}
