//! [`HistoryIter`] and [`HistoryPages`]: the whole history as an iterator of entries or of
//! pages. The engine's [`Export`] decides every fetch; this runs them on the export's worker
//! [`Pool`] and hands out the pages in order.

use std::time::Duration;

use solapi_cash_core::transport::{Export, ExportStep};
use solapi_cash_core::{Error, Operation};
use solapi_cash_types::{HistoryEntry, HistoryPage};

use crate::driver::Driver;
use crate::pool::Pool;

/// Every matching history entry, a page at a time, as
/// [`Client::history_pages`](crate::Client::history_pages) fetches them: each exactly once, in order, in bounded memory. Yields `Err` once and then ends if
/// a page cannot be fetched (after every entry before that page).
#[derive(Debug)]
pub struct HistoryIter {
    pages: HistoryPages,
    buffer: std::vec::IntoIter<HistoryEntry>,
}

impl HistoryIter {
    pub(crate) fn new(driver: Driver, export: Export) -> HistoryIter {
        HistoryIter {
            pages: HistoryPages::new(driver, export),
            buffer: Vec::new().into_iter(),
        }
    }
}

impl Iterator for HistoryIter {
    type Item = Result<HistoryEntry, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(entry) = self.buffer.next() {
                return Some(Ok(entry));
            }
            match self.pages.next()? {
                Ok(page) => self.buffer = page.into_entries().into_iter(),
                Err(error) => return Some(Err(error)),
            }
        }
    }
}

impl std::iter::FusedIterator for HistoryIter {}

/// Every matching history entry, as pages: several fetched at once on worker threads of the
/// export (the builder's
/// [`export_concurrency`](solapi_cash_core::ClientBuilder::export_concurrency); adaptive by
/// default), each decoded on the thread that fetched it, handed out in order. At most the
/// window of pages is held; a 429 or 503 slows the export down (fewer in flight, none before
/// the `Retry-After`) instead of failing it. Yields `Err` once and then ends if a page cannot
/// be fetched, after every page before it.
///
/// Dropping it cancels the export: no fetch starts an attempt afterwards, an exchange under
/// way ends within the timeout, its answer unread, and the export's workers end with it.
#[derive(Debug)]
pub struct HistoryPages {
    export: Export,
    pool: Pool,
    over: bool,
}

impl HistoryPages {
    pub(crate) fn new(driver: Driver, export: Export) -> HistoryPages {
        let workers = export.window();
        HistoryPages {
            pool: Pool::new(driver, workers),
            export,
            over: false,
        }
    }

    /// Waits for any fetch to end (at most `at_most`) and delivers it. `false` when nothing
    /// runs and there is no time to wait for.
    fn deliver_next(&mut self, at_most: Option<Duration>) -> bool {
        match self.pool.next_answer(at_most) {
            Some((ticket, page)) => {
                self.export.deliver(ticket, page);
                true
            }
            None => at_most.is_some(),
        }
    }
}

impl Iterator for HistoryPages {
    type Item = Result<HistoryPage, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.over {
            return None;
        }
        loop {
            match self.export.step() {
                ExportStep::Page(page) => return Some(Ok(page)),
                ExportStep::Failed(error) => {
                    self.over = true;
                    return Some(Err(error));
                }
                ExportStep::Finished => {
                    self.over = true;
                    return None;
                }
                ExportStep::Fetch(fetch) => self.pool.start(fetch),
                // A worker cannot abort its exchange: the export told the fetch to stop before
                // its next attempt, and its answer, when it comes, only frees its place.
                ExportStep::Cancel(_) => {}
                ExportStep::Await { at_most } => {
                    if !self.deliver_next(at_most) {
                        // Nothing runs, nothing to wait for: cannot happen; end, not spin.
                        self.over = true;
                        return Some(Err(Error::cancelled(Operation::History)));
                    }
                }
            }
        }
    }
}

impl std::iter::FusedIterator for HistoryPages {}
