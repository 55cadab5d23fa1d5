//! `sync`: the history into the local ledger (crate `solapi-cash-ledger`), through the same
//! client, retries and pacing as every other command.

use std::io::IsTerminal;
use std::time::Duration;

use serde::Serialize;
use solapi_cash_ledger::{Ledger, SyncOptions, SyncReport};

use crate::commands::ledger::{ledger_failure, write_report};
use crate::context::Context;
use crate::failure::Failure;
use crate::ledger_args::SyncArgs;
use crate::output::Cell;
use crate::progress::Progress;

pub(crate) fn run(ctx: &mut Context<'_>, args: &SyncArgs) -> Result<(), Failure> {
    let settings = ctx.settings()?;
    let path = crate::ledger_path::resolve(&args.db, &settings)?;
    let client = ctx.client(&settings)?;
    let failed = |e| ledger_failure(e, Some((&settings, &client)));
    let mut ledger = Ledger::open(&path).map_err(failed)?;
    let options = SyncOptions::default()
        .lookback_days(args.lookback)
        .page_size(args.page_size)
        .dry_run(args.dry_run)
        .lock_wait(Duration::from_secs(args.wait));
    let mut progress = Progress::new(
        std::io::stderr()
            .is_terminal()
            .then(|| ctx.out.progress.clone()),
    );
    let mut shown = 0;
    let result = ledger.sync_with_progress(&client, &options, &mut |report| {
        progress.add(report.added.saturating_sub(shown));
        shown = report.added;
    });
    progress.finish();
    let report = result.map_err(failed)?;
    for (id, revision) in &report.revised {
        ctx.msg.warn(&format!(
            "entry {id} came back different: kept as revision {revision}, the earlier text kept"
        ));
    }
    if report.flagged_missing > 0 {
        ctx.msg.warn(&format!(
            "{} stored entries are no longer listed by the service: flagged missing, kept \
             (`solapi-cash ledger audit` shows the gaps they leave)",
            report.flagged_missing
        ));
    }
    write(ctx, &path, &report, args.dry_run)
}

/// The report, in the output format.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Shown<'a> {
    ledger: String,
    dry_run: bool,
    added: u64,
    revised: Vec<&'a str>,
    flagged_missing: u64,
    reappeared: u64,
    requests: u64,
    resumed: bool,
    imported: bool,
}

fn write(
    ctx: &mut Context<'_>,
    path: &std::path::Path,
    report: &SyncReport,
    dry_run: bool,
) -> Result<(), Failure> {
    let shown = Shown {
        ledger: path.display().to_string(),
        dry_run,
        added: report.added,
        revised: report.revised.iter().map(|(id, _)| id.as_str()).collect(),
        flagged_missing: report.flagged_missing,
        reappeared: report.reappeared,
        requests: report.requests,
        resumed: report.resumed,
        imported: report.imported,
    };
    let count = |n: u64| Cell::Count(n);
    let fields = [
        ("ledger", Cell::Text(shown.ledger.clone())),
        ("added", count(shown.added)),
        ("revised", count(shown.revised.len() as u64)),
        ("flagged missing", count(shown.flagged_missing)),
        ("reappeared", count(shown.reappeared)),
        ("requests", count(shown.requests)),
    ];
    if write_report(&mut ctx.out, &shown, &fields)? && dry_run {
        ctx.msg
            .note("dry run: nothing was written; the counts are what a sync would do");
    }
    Ok(())
}
