//! [`HistoryIter`]: the whole history as an iterator. The engine's
//! [`Export`](solapi_cash_core::Export) decides every fetch; this runs each on a thread and
//! yields the entries.

use std::sync::mpsc::{RecvError, sync_channel};
use std::thread::JoinHandle;

use solapi_cash_core::{Error, Export, ExportStep, PageFetch, Ticket};
use solapi_cash_types::HistoryEntry;

use crate::client::Client;

/// Every matching history entry, fetched a page at a time as the iterator advances.
/// Yields `Err` once and then ends if a page cannot be fetched.
///
/// The page that follows is fetched on a background thread while the current one is
/// consumed (a read, so fetching it early is harmless); at most two pages are held.
/// Dropping the iterator cancels that fetch: it stops before its next attempt, and an
/// exchange already under way ends within the timeout, its answer unread.
#[derive(Debug)]
pub struct HistoryIter {
    client: Client,
    export: Export,
    running: Vec<(Ticket, JoinHandle<Fetched>)>,
}

/// What a fetching thread ends with (`Err` only if it never got its fetch).
type Fetched = Result<Result<Vec<HistoryEntry>, Error>, RecvError>;

impl HistoryIter {
    pub(crate) fn new(client: Client, export: Export) -> HistoryIter {
        HistoryIter {
            client,
            export,
            running: Vec::new(),
        }
    }

    fn start(&mut self, fetch: PageFetch) {
        let ticket = fetch.ticket();
        let client = self.client.clone();
        // The fetch is handed over once the thread exists, so that it is still here if none
        // can be made.
        let (hand_over, take) = sync_channel::<PageFetch>(1);
        let spawned = std::thread::Builder::new()
            .name("solapi-cash-page".into())
            .spawn(move || take.recv().map(|fetch| client.drive(fetch)));
        match spawned {
            Ok(handle) => {
                // The thread waits for it: sending cannot fail.
                let _ = hand_over.send(fetch);
                self.running.push((ticket, handle));
            }
            // Without a thread the page is fetched now.
            Err(_) => {
                let page = self.client.drive(fetch);
                self.export.deliver(ticket, page);
            }
        }
    }

    fn finish(&mut self, ticket: Ticket) -> Result<Vec<HistoryEntry>, Error> {
        let Some(at) = self.running.iter().position(|(t, _)| *t == ticket) else {
            return Err(Error::cancelled(solapi_cash_core::Operation::History));
        };
        let (_, handle) = self.running.swap_remove(at);
        match handle.join() {
            Ok(Ok(page)) => page,
            Ok(Err(RecvError)) => Err(Error::cancelled(solapi_cash_core::Operation::History)),
            Err(panic) => std::panic::resume_unwind(panic),
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
                ExportStep::Fetch(fetch) => self.start(fetch),
                ExportStep::Await(ticket) => {
                    let page = self.finish(ticket);
                    self.export.deliver(ticket, page);
                }
            }
        }
    }
}

impl std::iter::FusedIterator for HistoryIter {}
