//! The sync: the planner's pages fetched through the blocking client on one thread while
//! the previous page is written on the caller's, each page committed with its cursor.

use std::num::NonZeroU64;
use std::sync::mpsc;
use std::time::Duration;

use rusqlite::Connection;
use solapi_cash_blocking::{Client, HistoryText, SentPage};
use solapi_cash_types::{DateBound, HistoryQuery, Timestamp};

use crate::error::LedgerError;
use crate::plan::{Cursor, Fetch, Next, Planner, Seen, Verdict};
use crate::store::{self, Incoming, date_ms};

/// The lookback a sync re-reads by default: 40 days (see `docs/ledger.md`, "The
/// lookback": SOLAPI charged a month and five days of Brand Message sends late in 2026).
pub const DEFAULT_LOOKBACK_DAYS: u32 = 40;

/// The page size a sync asks for by default (the export's).
pub const DEFAULT_PAGE_SIZE: u64 = 1000;

/// How a sync runs.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SyncOptions {
    /// Days before the newest entry that every sync reads again for late entries.
    pub lookback_days: u32,
    /// Entries a page.
    pub page_size: u64,
    /// Read and compare, write nothing.
    pub dry_run: bool,
    /// How long to wait for another sync of the same ledger to end.
    pub lock_wait: Duration,
}

impl Default for SyncOptions {
    fn default() -> SyncOptions {
        SyncOptions {
            lookback_days: DEFAULT_LOOKBACK_DAYS,
            page_size: DEFAULT_PAGE_SIZE,
            dry_run: false,
            lock_wait: Duration::from_secs(30),
        }
    }
}

impl SyncOptions {
    /// The lookback, in days.
    pub fn lookback_days(mut self, days: u32) -> SyncOptions {
        self.lookback_days = days;
        self
    }

    /// Entries a page (at least 2).
    pub fn page_size(mut self, n: u64) -> SyncOptions {
        self.page_size = n.max(2);
        self
    }

    /// Read and compare only.
    pub fn dry_run(mut self, on: bool) -> SyncOptions {
        self.dry_run = on;
        self
    }

    /// How long to wait for another sync.
    pub fn lock_wait(mut self, wait: Duration) -> SyncOptions {
        self.lock_wait = wait;
        self
    }

    fn lookback_ms(&self) -> i64 {
        i64::from(self.lookback_days) * 86_400_000
    }
}

/// What a sync did (or, dry, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SyncReport {
    /// Requests sent.
    pub requests: u64,
    /// Pages written (or, dry, read).
    pub pages: u64,
    /// Entries the ledger did not hold.
    pub added: u64,
    /// Entries that came back different, kept as a new revision: `(historyId, revision)`.
    pub revised: Vec<(String, i64)>,
    /// Stored entries of the range read that the service no longer lists: flagged.
    pub flagged_missing: u64,
    /// Entries flagged missing before that came back.
    pub reappeared: u64,
    /// Whether an unfinished pass (a sync that was stopped) was completed first.
    pub resumed: bool,
    /// Whether a pass read the whole history.
    pub imported: bool,
    /// Times a pass started again because entries vanished while it read.
    pub restarts: u32,
}

/// After each page: the report so far.
pub type OnPage<'a> = dyn FnMut(&SyncReport) + 'a;

/// One page from the fetcher: what came, what to do, the cursor after it.
struct Work {
    page: SentPage,
    verdict: Verdict,
    cursor: Cursor,
}

/// Runs a sync on the open ledger `conn` at `path`.
pub(crate) fn run(
    conn: &mut Connection,
    path: &std::path::Path,
    client: &Client,
    options: &SyncOptions,
    on_page: &mut OnPage<'_>,
) -> Result<SyncReport, LedgerError> {
    let mut report = SyncReport::default();
    if options.dry_run {
        let cursor = dry_cursor(conn, options)?;
        run_pass(conn, path, client, cursor, options, &mut report, on_page)?;
        return Ok(report);
    }
    let _lock = crate::lock::acquire(path, options.lock_wait)?;
    if let Some(cursor) = store::unfinished(conn)? {
        report.resumed = true;
        run_pass(conn, path, client, cursor, options, &mut report, on_page)?;
    }
    let cursor = store::begin_pass(conn, options.lookback_ms())?;
    run_pass(conn, path, client, cursor, options, &mut report, on_page)?;
    Ok(report)
}

/// The pass a sync would begin, for a dry run (nothing is committed).
fn dry_cursor(conn: &Connection, options: &SyncOptions) -> Result<Cursor, LedgerError> {
    let (last, imported): (i64, bool) = conn.query_row(
        "SELECT last_pass, EXISTS (SELECT 1 FROM passes WHERE import = 1 AND finished = 1) \
         FROM sync_state WHERE id = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(Cursor::start(last + 1, !imported, options.lookback_ms()))
}

/// The query of a planned page.
fn query(fetch: &Fetch) -> Result<HistoryQuery, LedgerError> {
    let limit = NonZeroU64::new(fetch.limit).unwrap_or(NonZeroU64::MIN);
    let query = HistoryQuery::default()
        .with_offset(fetch.offset)
        .with_limit(limit);
    let Some(pin) = &fetch.end else {
        return Ok(query);
    };
    let end = Timestamp::parse(&pin.text).map_err(|_| LedgerError::Corrupt {
        id: "sync_state".to_owned(),
        reason: format!("the pinned date {:?} is not a date", pin.text),
    })?;
    query
        .with_end_date(DateBound::DateTime(end.datetime()))
        .map_err(|e| LedgerError::Corrupt {
            id: "sync_state".to_owned(),
            reason: e.to_string(),
        })
}

/// Fetches the pass's pages in order and hands them to `out`; stops at the pass's end, at
/// an error (handed on too), or when the writer hangs up.
fn fetch_pages(
    client: &Client,
    reader: Option<&Connection>,
    cursor: Cursor,
    page_size: u64,
    out: &mpsc::SyncSender<Result<Work, LedgerError>>,
) -> u64 {
    let mut planner = Planner::new(cursor, page_size);
    let mut requests = 0;
    loop {
        let result = (|| {
            let query = query(&planner.fetch())?;
            requests += 1;
            let page = client.send(HistoryText::new(query))?;
            let ids: Vec<&str> = page
                .entries()
                .iter()
                .map(|e| e.history_id.as_str())
                .collect();
            let stored = match reader {
                Some(reader) => store::stored(reader, &ids)?,
                None => vec![false; ids.len()],
            };
            let seen: Vec<Seen<'_>> = page
                .entries()
                .iter()
                .zip(stored)
                .map(|(e, stored)| Seen {
                    id: &e.history_id,
                    date: e.date_created.as_str(),
                    date_ms: date_ms(e),
                    stored,
                })
                .collect();
            let verdict = planner.receive(&seen)?;
            Ok(Work {
                page,
                verdict,
                cursor: planner.cursor().clone(),
            })
        })();
        let finished = !matches!(&result, Ok(work) if work.verdict.next != Next::Finish);
        if out.send(result).is_err() || finished {
            return requests;
        }
    }
}

fn run_pass(
    conn: &mut Connection,
    path: &std::path::Path,
    client: &Client,
    cursor: Cursor,
    options: &SyncOptions,
    report: &mut SyncReport,
    on_page: &mut OnPage<'_>,
) -> Result<(), LedgerError> {
    report.imported |= cursor.import;
    // An import needs no lookups (it stops only at the end of the history); a sync asks
    // which ids are stored on a connection of its own, beside the writer's.
    let reader = if cursor.import {
        None
    } else {
        Some(crate::schema::open(path, false)?)
    };
    let (tx, rx) = mpsc::sync_channel(AHEAD);
    let page_size = options.page_size;
    std::thread::scope(|scope| {
        let fetcher =
            scope.spawn(move || fetch_pages(client, reader.as_ref(), cursor, page_size, &tx));
        let written = write_pages(conn, &rx, options.dry_run, report, on_page);
        drop(rx);
        let requests = fetcher.join().unwrap_or(0);
        report.requests += requests;
        written
    })
}

/// Pages written in one transaction at most: a writer that falls behind the fetcher
/// commits what has piled up together (fewer commits, and the index pages they share are
/// written once), and a killed sync loses no more than this much of reading.
const MAX_BATCH: usize = 8;

/// Pages the fetcher may read ahead of the writer.
const AHEAD: usize = MAX_BATCH;

/// Writes what the fetcher sends, until the pass's end or an error: each page as soon as it
/// comes, with the pages already waiting behind it in the same transaction.
fn write_pages(
    conn: &mut Connection,
    rx: &mpsc::Receiver<Result<Work, LedgerError>>,
    dry_run: bool,
    report: &mut SyncReport,
    on_page: &mut OnPage<'_>,
) -> Result<(), LedgerError> {
    let mut batch: Vec<Work> = Vec::with_capacity(MAX_BATCH);
    loop {
        batch.clear();
        let Ok(first) = rx.recv() else {
            return Ok(());
        };
        batch.push(first?);
        // The pages already fetched, up to the pass's end; an error after them is returned
        // once they are committed.
        let mut failed = None;
        while batch.len() < MAX_BATCH
            && batch.last().is_some_and(|w| w.verdict.next != Next::Finish)
        {
            match rx.try_recv() {
                Ok(Ok(work)) => batch.push(work),
                Ok(Err(e)) => {
                    failed = Some(e);
                    break;
                }
                Err(_) => break,
            }
        }
        let finished = write_batch(conn, &batch, dry_run, report)?;
        on_page(report);
        if let Some(e) = failed {
            return Err(e);
        }
        if finished {
            return Ok(());
        }
    }
}

/// The entries of a page to write: all after the ones the pass has seen; none of a page
/// that restarts the pass.
fn incoming(work: &Work) -> Vec<Incoming<'_>> {
    let Work { page, verdict, .. } = work;
    if verdict.next == Next::Restart {
        return Vec::new();
    }
    page.entries()[verdict.skip..]
        .iter()
        .enumerate()
        .map(|(i, entry)| Incoming {
            entry,
            // An entry whose text is not known (it cannot happen with a JSON array) is
            // stored encoded from its model, unknown fields included.
            sent: match page.text(verdict.skip + i) {
                Some(text) => std::borrow::Cow::Borrowed(text),
                None => std::borrow::Cow::Owned(serde_json::to_string(entry).unwrap_or_default()),
            },
        })
        .collect()
}

/// Writes (or, dry, compares) a batch of pages, one transaction; whether the pass ended.
fn write_batch(
    conn: &mut Connection,
    batch: &[Work],
    dry_run: bool,
    report: &mut SyncReport,
) -> Result<bool, LedgerError> {
    let pages: Vec<(u64, Vec<Incoming<'_>>)> = batch
        .iter()
        .map(|w| (w.verdict.first_position, incoming(w)))
        .collect();
    let Some(last) = batch.last() else {
        return Ok(false);
    };
    let outcome = if dry_run {
        let all: Vec<Incoming<'_>> = pages.into_iter().flat_map(|(_, page)| page).collect();
        store::compare_page(conn, &all)?
    } else {
        store::write_pages(conn, &last.cursor, &pages)?
    };
    report.pages += batch.len() as u64;
    report.restarts += batch
        .iter()
        .filter(|w| w.verdict.next == Next::Restart)
        .count() as u32;
    report.added += outcome.added;
    report.reappeared += outcome.reappeared;
    report.revised.extend(outcome.revised);
    let finished = last.verdict.next == Next::Finish;
    if finished && !dry_run {
        report.flagged_missing += store::finish_pass(conn, &last.cursor)?;
    }
    Ok(finished)
}
