//! [`HistoryIter`]: the whole history as an iterator.

use std::thread::JoinHandle;

use solapi_cash_types::protocol::{Error, ExportStep, HistoryPager};
use solapi_cash_types::{HistoryEntry, HistoryQuery};

use crate::client::Client;

/// Every matching history entry, fetched a page at a time as the iterator advances.
/// Yields `Err` once and then ends if a page cannot be fetched.
///
/// While the caller works through one page, the next is already being fetched on a
/// background thread (a read, so fetching it early is harmless): fetching and processing
/// overlap, and at most two pages are held at once.
#[derive(Debug)]
pub struct HistoryIter {
    client: Client,
    pager: HistoryPager,
    prefetch: Option<Prefetch>,
}

/// A page being fetched ahead, with the query it answers.
type Prefetch = (HistoryQuery, JoinHandle<Result<Vec<HistoryEntry>, Error>>);

impl HistoryIter {
    pub(crate) fn new(client: Client, pager: HistoryPager) -> HistoryIter {
        HistoryIter {
            client,
            pager,
            prefetch: None,
        }
    }

    /// The page for `query`: the prefetched one if it is that page, else fetched now.
    fn fetch(&mut self, query: HistoryQuery) -> Result<Vec<HistoryEntry>, Error> {
        match self.prefetch.take() {
            Some((prefetched, handle)) if prefetched == query => match handle.join() {
                Ok(page) => page,
                // The fetching thread panicked (it cannot, short of a bug): fetch again.
                Err(_) => self.client.history(&query),
            },
            _ => self.client.history(&query),
        }
    }

    /// Starts fetching the page after the one just delivered.
    fn start_prefetch(&mut self) {
        if let Some(next) = self.pager.next_query() {
            let client = self.client.clone();
            let query = next.clone();
            let handle = std::thread::Builder::new()
                .name("solapi-cash-prefetch".into())
                .spawn(move || client.history(&query));
            // Without a thread the page is simply fetched when it is needed.
            self.prefetch = handle.ok().map(|handle| (next, handle));
        }
    }
}

impl Iterator for HistoryIter {
    type Item = Result<HistoryEntry, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.pager.step() {
                ExportStep::Entry(entry) => return Some(Ok(entry)),
                ExportStep::Failed(error) => return Some(Err(error)),
                ExportStep::Finished => return None,
                ExportStep::Fetch(query) => {
                    let page = self.fetch(query);
                    self.pager.deliver(page);
                    self.start_prefetch();
                }
            }
        }
    }
}

impl std::iter::FusedIterator for HistoryIter {}
