//! Whole-history exports as `Stream`s: the engine's [`Export`] decides every fetch; this runs
//! each on a task of a [`JoinSet`] (several at once, decoded on the task that fetched them)
//! and hands out the pages in order.

use std::collections::HashMap;

use futures_core::Stream;
use solapi_cash_core::transport::{Export, ExportStep, Ticket};
use solapi_cash_core::{Error, Operation};
use solapi_cash_types::{HistoryEntry, HistoryPage};
use tokio::task::{AbortHandle, Id, JoinSet};

use crate::driver::Driver;

/// The state of a `history_pages` stream. Dropping it drops the [`JoinSet`], which aborts
/// every fetch still running: nobody waits for them any more.
struct Pages {
    driver: Driver,
    export: Export,
    running: JoinSet<(Ticket, Result<HistoryPage, Error>)>,
    tickets: HashMap<Id, Ticket>,
    aborts: HashMap<Ticket, AbortHandle>,
}

impl Pages {
    fn start(&mut self, fetch: solapi_cash_core::transport::PageFetch) {
        let driver = self.driver.clone();
        let ticket = fetch.ticket();
        let handle = self
            .running
            .spawn(async move { (ticket, driver.drive(fetch).await) });
        self.tickets.insert(handle.id(), ticket);
        self.aborts.insert(ticket, handle);
    }

    fn cancel(&mut self, ticket: Ticket) {
        if let Some(handle) = self.aborts.get(&ticket) {
            handle.abort();
        }
    }

    /// Waits for any fetch to end (at most `at_most`) and delivers it. `false` when nothing
    /// is running and there is no time to wait for.
    async fn deliver_next(&mut self, at_most: Option<std::time::Duration>) -> bool {
        let next = match at_most {
            Some(wait) if self.running.is_empty() => {
                tokio::time::sleep(wait).await;
                return true;
            }
            Some(wait) => {
                match tokio::time::timeout(wait, self.running.join_next_with_id()).await {
                    Ok(next) => next,
                    Err(_elapsed) => return true,
                }
            }
            None => self.running.join_next_with_id().await,
        };
        let (ticket, page) = match next {
            Some(Ok((id, (ticket, page)))) => {
                self.tickets.remove(&id);
                (ticket, page)
            }
            Some(Err(join)) if join.is_panic() => std::panic::resume_unwind(join.into_panic()),
            // Aborted (cancelled by the export, or the runtime is shutting down).
            Some(Err(join)) => match self.tickets.remove(&join.id()) {
                Some(ticket) => (ticket, Err(Error::cancelled(Operation::History))),
                None => return true,
            },
            None => return false,
        };
        self.aborts.remove(&ticket);
        self.export.deliver(ticket, page);
        true
    }

    async fn next_page(&mut self) -> Option<Result<HistoryPage, Error>> {
        loop {
            match self.export.step() {
                ExportStep::Page(page) => return Some(Ok(page)),
                ExportStep::Failed(error) => return Some(Err(error)),
                ExportStep::Finished => return None,
                ExportStep::Fetch(fetch) => self.start(fetch),
                ExportStep::Cancel(ticket) => self.cancel(ticket),
                ExportStep::Await { at_most } => {
                    if !self.deliver_next(at_most).await {
                        // Nothing runs, nothing to wait for: cannot happen; end, not spin.
                        return Some(Err(Error::cancelled(Operation::History)));
                    }
                }
            }
        }
    }
}

/// The pages of `export`, fetched through `driver`.
pub(crate) fn pages(
    driver: Driver,
    export: Export,
) -> impl Stream<Item = Result<HistoryPage, Error>> + Send + 'static {
    let pages = Pages {
        driver,
        export,
        running: JoinSet::new(),
        tickets: HashMap::new(),
        aborts: HashMap::new(),
    };
    futures_util::stream::unfold(Some(pages), |state| async move {
        let mut pages = state?;
        match pages.next_page().await {
            Some(Ok(page)) => Some((Ok(page), Some(pages))),
            // The stream ends after its error.
            Some(Err(error)) => Some((Err(error), None)),
            None => None,
        }
    })
}

/// The entries of `export`, fetched through `driver`, a page at a time.
pub(crate) fn entries(
    driver: Driver,
    export: Export,
) -> impl Stream<Item = Result<HistoryEntry, Error>> + Send + 'static {
    use futures_util::StreamExt;

    pages(driver, export).flat_map(|page| {
        let (entries, error) = match page {
            Ok(page) => (page.into_entries(), None),
            Err(error) => (Vec::new(), Some(error)),
        };
        futures_util::stream::iter(entries.into_iter().map(Ok).chain(error.map(Err)))
    })
}
