//! [`HistoryIter`]: the whole history as an iterator. The engine's
//! [`Export`](solapi_cash_core::Export) decides every fetch; this runs each on the export's
//! worker [`Pool`] and yields the entries.

use solapi_cash_core::{Error, Export, ExportStep, Operation, Ticket};
use solapi_cash_types::HistoryEntry;

use crate::client::Client;
use crate::pool::Pool;

/// Every matching history entry, fetched a page at a time as the iterator advances.
/// Yields `Err` once and then ends if a page cannot be fetched.
///
/// The page that follows is fetched (and decoded) on a worker thread of the export while the
/// current one is consumed (a read, so fetching it early is harmless); at most two pages are
/// held. Dropping the iterator cancels that fetch: it stops before its next attempt, an
/// exchange already under way ends within the timeout, its answer unread, and the export's
/// worker ends with it.
#[derive(Debug)]
pub struct HistoryIter {
    export: Export,
    pool: Pool,
}

impl HistoryIter {
    pub(crate) fn new(client: Client, export: Export) -> HistoryIter {
        let workers = export.window();
        HistoryIter {
            pool: Pool::new(client, workers),
            export,
        }
    }

    /// Delivers answers as they come until `ticket`'s is in.
    fn wait_for(&mut self, ticket: Ticket) {
        loop {
            match self.pool.next_answer() {
                Some((done, page)) => {
                    self.export.deliver(done, page);
                    if done == ticket {
                        return;
                    }
                }
                // Nothing is out for it (cannot happen: every fetch handed out is started).
                None => {
                    self.export
                        .deliver(ticket, Err(Error::cancelled(Operation::History)));
                    return;
                }
            }
        }
    }
}

impl Iterator for HistoryIter {
    type Item = Result<HistoryEntry, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.export.step() {
                ExportStep::Entry(entry) => return Some(Ok(entry)),
                ExportStep::Failed(error) => return Some(Err(error)),
                ExportStep::Finished => return None,
                ExportStep::Fetch(fetch) => self.pool.start(fetch),
                ExportStep::Await(ticket) => self.wait_for(ticket),
            }
        }
    }
}

impl std::iter::FusedIterator for HistoryIter {}
