//! [`Withdrawals`]: one page of `GET /cash/v1/withdraw`, the account's withdrawals (paged by
//! key; [`StartKeyPager`](crate::StartKeyPager) reads every page, as for the recharge history).
//!
//! ```
//! use solapi_cash_core::StartKeyPager;
//! use solapi_cash_types::query::WithdrawQuery;
//!
//! let mut pager = StartKeyPager::new(WithdrawQuery::new().limit(20), 100);
//! assert_eq!(pager.next_query().unwrap().key(), None);
//! pager.deliver(Some("w2"))?;
//! assert_eq!(pager.next_query().unwrap().key(), Some("w2"));
//! pager.deliver(None)?; // no next key: the last page
//! assert!(pager.next_query().is_none());
//! # Ok::<(), solapi_cash_core::Error>(())
//! ```

use http::{Request, Response};
use solapi_cash_types::models::WithdrawPage;
use solapi_cash_types::query::WithdrawQuery;

use super::{Endpoint, sealed};
use crate::base_url::BaseUrl;
use crate::error::Error;
use crate::operation::Operation;
use crate::pager::KeyedQuery;
use crate::wire::{decode, request};

impl KeyedQuery for WithdrawQuery {
    const OPERATION: Operation = Operation::Withdrawals;

    fn at_key(&self, key: Option<&str>) -> Self {
        self.with_start_key(key)
    }
}

/// One page of withdrawals: the page `query` selects (`withdrawId`, `status`, `startKey`,
/// `limit`, `startDate`, `endDate`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Withdrawals {
    query: WithdrawQuery,
}

impl Withdrawals {
    /// The page `query` selects.
    pub fn new(query: WithdrawQuery) -> Withdrawals {
        Withdrawals { query }
    }

    /// The query.
    pub fn query(&self) -> &WithdrawQuery {
        &self.query
    }
}

impl sealed::Sealed for Withdrawals {}

impl Endpoint for Withdrawals {
    type Output = WithdrawPage;

    fn operation(&self) -> Option<Operation> {
        Some(Operation::Withdrawals)
    }

    fn request(&self, base: &BaseUrl) -> Result<Request<Vec<u8>>, Error> {
        let op = Operation::Withdrawals;
        // A query made without `build` is checked here, before anything is sent.
        let query = self
            .query
            .clone()
            .build()
            .map_err(|e| Error::invalid_input(op, e.to_string()))?;
        let text = query.to_query_string();
        request::finish(op, request::builder(op, base, &text, false), Vec::new())
    }

    fn read(&self, response: &Response<Vec<u8>>) -> Result<WithdrawPage, Error> {
        decode::read_json(Operation::Withdrawals, response)
    }
}
