//! [`History`]: one page of `GET /cash/v1/balance/history`.

use http::{Request, Response};
use solapi_cash_types::models::{HistoryEntry, HistoryPage};
use solapi_cash_types::query::HistoryQuery;

use super::{Endpoint, sealed};
use crate::base_url::BaseUrl;
use crate::error::Error;
use crate::operation::Operation;
use crate::wire::{decode, request};

/// One page of the balance history: a bare JSON array, newest first. (Whole-history
/// exports page through it with [`HistoryPager`](crate::__private::HistoryPager).)
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    query: HistoryQuery,
}

impl History {
    /// The page `query` selects.
    pub fn new(query: HistoryQuery) -> History {
        History { query }
    }

    /// The query.
    pub fn query(&self) -> &HistoryQuery {
        &self.query
    }
}

impl sealed::Sealed for History {}

impl Endpoint for History {
    type Output = Vec<HistoryEntry>;

    fn operation(&self) -> Option<Operation> {
        Some(Operation::History)
    }

    fn request(&self, base: &BaseUrl) -> Result<Request<Vec<u8>>, Error> {
        let op = Operation::History;
        let query = self.query.to_query_string();
        request::finish(op, request::builder(op, base, &query, false), Vec::new())
    }

    fn read(&self, response: &Response<Vec<u8>>) -> Result<Vec<HistoryEntry>, Error> {
        read_page(&self.query, response, false).map(HistoryPage::into_entries)
    }
}

/// A page of an export: [`History`] read into a [`HistoryPage`], with each entry's text as
/// sent when `keep_text` (for writers that copy it instead of encoding the entry again).
#[derive(Debug, Clone)]
pub(crate) struct ExportPage {
    pub(crate) query: HistoryQuery,
    pub(crate) keep_text: bool,
}

impl sealed::Sealed for ExportPage {}

impl Endpoint for ExportPage {
    type Output = HistoryPage;

    fn operation(&self) -> Option<Operation> {
        Some(Operation::History)
    }

    fn request(&self, base: &BaseUrl) -> Result<Request<Vec<u8>>, Error> {
        History::new(self.query.clone()).request(base)
    }

    fn read(&self, response: &Response<Vec<u8>>) -> Result<HistoryPage, Error> {
        read_page(&self.query, response, self.keep_text)
    }
}

/// The page reader of the types crate gives what `read_json` would, faster; only a page it
/// refuses goes through `read_json` again, for its error with the JSON path.
fn read_page(
    query: &HistoryQuery,
    response: &Response<Vec<u8>>,
    keep_text: bool,
) -> Result<HistoryPage, Error> {
    if response.status().is_success() {
        let capacity = query.limit().map_or(0, |l| usize::try_from(l).unwrap_or(0));
        if let Ok(page) = HistoryPage::decode(response.body(), capacity, keep_text) {
            return Ok(page);
        }
    }
    decode::read_json(Operation::History, response).map(HistoryPage::from_entries)
}
