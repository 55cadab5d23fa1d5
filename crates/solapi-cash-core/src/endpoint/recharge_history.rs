//! [`RechargeHistory`]: one page of `GET /cash/v1/recharge-history` (paged by key; see
//! [`StartKeyPager`](crate::StartKeyPager) for every page).
//!
//! ```
//! use solapi_cash_core::StartKeyPager;
//! use solapi_cash_types::query::RechargeHistoryQuery;
//!
//! let mut pager = StartKeyPager::new(RechargeHistoryQuery::new(), 100);
//! let first = pager.next_query().unwrap();
//! assert_eq!(first.key(), None);
//! pager.deliver(Some("k2"))?;
//! assert_eq!(pager.next_query().unwrap().key(), Some("k2"));
//! pager.deliver(None)?; // no next key: the last page
//! assert!(pager.next_query().is_none());
//! # Ok::<(), solapi_cash_core::Error>(())
//! ```

use http::{Request, Response};
use solapi_cash_types::models::RechargeHistoryPage;
use solapi_cash_types::query::RechargeHistoryQuery;

use super::{Endpoint, sealed};
use crate::base_url::BaseUrl;
use crate::error::Error;
use crate::operation::Operation;
use crate::pager::KeyedQuery;
use crate::wire::{decode, request};

impl KeyedQuery for RechargeHistoryQuery {
    const OPERATION: Operation = Operation::RechargeHistory;

    fn at_key(&self, key: Option<&str>) -> Self {
        self.with_start_key(key)
    }
}

/// One page of the recharge history: the page `query` selects (its `startKey`, `limit`,
/// `dateCreated` bounds and filters), read liberally ([`RechargeHistoryPage`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RechargeHistory {
    query: RechargeHistoryQuery,
}

impl RechargeHistory {
    /// The page `query` selects.
    pub fn new(query: RechargeHistoryQuery) -> RechargeHistory {
        RechargeHistory { query }
    }

    /// The query.
    pub fn query(&self) -> &RechargeHistoryQuery {
        &self.query
    }
}

impl sealed::Sealed for RechargeHistory {}

impl Endpoint for RechargeHistory {
    type Output = RechargeHistoryPage;

    fn operation(&self) -> Option<Operation> {
        Some(Operation::RechargeHistory)
    }

    fn request(&self, base: &BaseUrl) -> Result<Request<Vec<u8>>, Error> {
        let op = Operation::RechargeHistory;
        // A query made without `build` is checked here, before anything is sent.
        let query = self
            .query
            .clone()
            .build()
            .map_err(|e| Error::invalid_input(op, e.to_string()))?;
        let text = query.to_query_string();
        request::finish(op, request::builder(op, base, &text, false), Vec::new())
    }

    fn read(&self, response: &Response<Vec<u8>>) -> Result<RechargeHistoryPage, Error> {
        decode::read_json(Operation::RechargeHistory, response)
    }
}
