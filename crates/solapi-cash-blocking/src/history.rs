//! [`HistoryIter`]: the whole history as an iterator.

use solapi_cash_types::HistoryEntry;
use solapi_cash_types::protocol::{Error, ExportStep, HistoryPager};

use crate::client::Client;

/// Every matching history entry, fetched a page at a time as the iterator advances.
/// Yields `Err` once and then ends if a page cannot be fetched.
#[derive(Debug)]
pub struct HistoryIter {
    client: Client,
    pager: HistoryPager,
}

impl HistoryIter {
    pub(crate) fn new(client: Client, pager: HistoryPager) -> HistoryIter {
        HistoryIter { client, pager }
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
                ExportStep::Fetch(query) => self.pager.deliver(self.client.history(&query)),
            }
        }
    }
}

impl std::iter::FusedIterator for HistoryIter {}
