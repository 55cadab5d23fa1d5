//! [`HistoryText`]: one page of `GET /cash/v1/balance/history` with each entry's JSON text
//! as sent, for stores that keep the service's own words beside the decoded entry (the
//! ledger crate).

use http::{Request, Response};
use serde_json::value::RawValue;
use solapi_cash_types::models::{HistoryEntry, HistoryPage};
use solapi_cash_types::query::HistoryQuery;

use super::{Endpoint, ExportPage, History, sealed};
use crate::base_url::BaseUrl;
use crate::error::Error;
use crate::operation::Operation;

/// One page of the balance history, like [`History`], read into a [`SentPage`]: the
/// entries and the text of each as the service sent it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HistoryText {
    query: HistoryQuery,
}

impl HistoryText {
    /// The page `query` selects.
    pub fn new(query: HistoryQuery) -> HistoryText {
        HistoryText { query }
    }

    /// The query.
    pub fn query(&self) -> &HistoryQuery {
        &self.query
    }
}

/// A page of entries, newest first, each with its JSON text exactly as sent.
///
/// The text comes from the page's fast reader when the page has the service's shape
/// ([`HistoryPage::sent_json`]); a page it hands to the general decoder (escapes, unknown
/// keys) is split into its elements once more, so that every entry still has its text.
#[derive(Debug, Clone, Default)]
pub struct SentPage {
    page: HistoryPage,
    /// Each element's text, only when `page` has none.
    elements: Vec<Box<RawValue>>,
}

impl SentPage {
    /// The decoded entries.
    pub fn entries(&self) -> &[HistoryEntry] {
        self.page.entries()
    }

    /// How many entries there are.
    pub fn len(&self) -> usize {
        self.page.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.page.is_empty()
    }

    /// The JSON text of the entry at `index`, as sent; `None` past the end (and, in theory,
    /// for a page whose elements could not be split again).
    pub fn text(&self, index: usize) -> Option<&str> {
        self.page
            .sent_json(index)
            .or_else(|| self.elements.get(index).map(|raw| raw.get()))
    }

    /// Each entry with its text, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&HistoryEntry, Option<&str>)> + '_ {
        self.entries()
            .iter()
            .enumerate()
            .map(|(i, entry)| (entry, self.text(i)))
    }
}

impl sealed::Sealed for HistoryText {}

impl Endpoint for HistoryText {
    type Output = SentPage;

    fn operation(&self) -> Option<Operation> {
        Some(Operation::History)
    }

    fn request(&self, base: &BaseUrl) -> Result<Request<Vec<u8>>, Error> {
        History::new(self.query.clone()).request(base)
    }

    fn read(&self, response: &Response<Vec<u8>>) -> Result<SentPage, Error> {
        let page = ExportPage {
            query: self.query.clone(),
            keep_text: true,
        }
        .read(response)?;
        if page.is_empty() || page.sent_json(0).is_some() {
            return Ok(SentPage {
                page,
                elements: Vec::new(),
            });
        }
        // The general decoder read this page: it is a JSON array, so its elements split
        // (should they not, `text` says so with `None` and the caller encodes the entry).
        let elements: Vec<Box<RawValue>> =
            serde_json::from_slice(response.body()).unwrap_or_default();
        let elements = if elements.len() == page.len() {
            elements
        } else {
            Vec::new()
        };
        Ok(SentPage { page, elements })
    }
}
