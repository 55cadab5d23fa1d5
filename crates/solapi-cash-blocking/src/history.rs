//! [`HistoryIter`]: the whole history as an iterator.

use std::thread::JoinHandle;

use solapi_cash_core::endpoints::decode_history_body;
use solapi_cash_core::{Error, ExportStep, HistoryPager};
use solapi_cash_types::{HistoryEntry, HistoryQuery};

use crate::client::Client;

/// Every matching history entry, fetched a page at a time as the iterator advances.
/// Yields `Err` once and then ends if a page cannot be fetched.
///
/// While the caller decodes and works through one page, the bytes of the page most likely to
/// follow are already being fetched on a background thread (a read, so fetching it early is
/// harmless; a wrong guess is discarded). At most two pages are held at once.
#[derive(Debug)]
pub struct HistoryIter {
    client: Client,
    pager: HistoryPager,
    prefetch: Option<Prefetch>,
}

/// A page's bytes being fetched ahead, with the query they answer.
type Prefetch = (HistoryQuery, JoinHandle<Result<Vec<u8>, Error>>);

impl HistoryIter {
    pub(crate) fn new(client: Client, pager: HistoryPager) -> HistoryIter {
        HistoryIter {
            client,
            pager,
            prefetch: None,
        }
    }

    /// The page for `query`: its bytes from the prefetch if it guessed this page, else
    /// fetched now; the likely next page is started before this one is decoded.
    fn fetch(&mut self, query: HistoryQuery) -> Result<Vec<HistoryEntry>, Error> {
        let bytes = match self.prefetch.take() {
            Some((guessed, handle)) if guessed == query => handle
                .join()
                // The fetching thread cannot panic short of a bug; fetch again if it did.
                .unwrap_or_else(|_| self.client.history_bytes(&query)),
            _ => self.client.history_bytes(&query),
        };
        if bytes.is_ok() {
            self.start_prefetch(&query);
        }
        decode_history_body(&bytes?)
    }

    fn start_prefetch(&mut self, current: &HistoryQuery) {
        if let Some(next) = self.pager.speculative_next(current) {
            let client = self.client.clone();
            let query = next.clone();
            let handle = std::thread::Builder::new()
                .name("solapi-cash-prefetch".into())
                .spawn(move || client.history_bytes(&query));
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
                }
            }
        }
    }
}

impl std::iter::FusedIterator for HistoryIter {}
