//! [`StartKeyPager`]: a list paged by key (`startKey` in, the next key out), page by page.
//!
//! Unlike the offset pager, nothing here can run ahead: each page's key comes from the answer
//! before it, so one fetch is in flight at a time and the window, tickets and overlap of
//! [`HistoryPager`](super::HistoryPager) do not apply. What it shares with it is the ending:
//! [`ErrorKind::PageLimit`] after `max_pages`, and a decode error for a server that leads the
//! pager in a circle (a key it gave before), instead of paging forever. The recharge history
//! uses it; withdrawals (`GET /cash/v1/withdraw`, `{data, nextKey}`) page the same way. Their
//! queries are [`KeyedQuery`]s by their rows in the declaration (`kind: query`, `paging:
//! StartKey`).
//!
//! ```
//! use solapi_cash_core::StartKeyPager;
//! use solapi_cash_types::query::{RechargeHistoryQuery, WithdrawQuery};
//!
//! let mut pager = StartKeyPager::new(RechargeHistoryQuery::new(), 100);
//! assert_eq!(pager.next_query().unwrap().key(), None);
//! pager.deliver(Some("k2"))?;
//! assert_eq!(pager.next_query().unwrap().key(), Some("k2"));
//! pager.deliver(None)?; // no next key: the last page
//! assert!(pager.next_query().is_none());
//!
//! let mut pager = StartKeyPager::new(WithdrawQuery::new().limit(20), 100);
//! assert_eq!(pager.next_query().unwrap().key(), None);
//! pager.deliver(Some("w2"))?;
//! assert_eq!(pager.next_query().unwrap().key(), Some("w2"));
//! # Ok::<(), solapi_cash_core::Error>(())
//! ```

use std::collections::HashSet;

use crate::error::{Error, ErrorKind, Outcome};
use crate::operation::Operation;

/// A query of a list paged by key: the same query for the page after a key.
pub trait KeyedQuery: Clone {
    /// The operation that fetches a page (named in errors).
    const OPERATION: Operation;

    /// This query for the page that starts at `key` (`None`: the first page).
    fn at_key(&self, key: Option<&str>) -> Self;
}

/// The paging state of a key-paged list: which page to fetch next, and when to stop.
#[derive(Debug, Clone)]
pub struct StartKeyPager<Q> {
    query: Q,
    /// The next page's query, once known and not handed out.
    next: Option<Q>,
    waiting: bool,
    seen: HashSet<String>,
    pages: u64,
    max_pages: u64,
}

impl<Q: KeyedQuery> StartKeyPager<Q> {
    /// Pages through `query` from its own key (the first page when it has none), at most
    /// `max_pages` pages.
    pub fn new(query: Q, max_pages: u64) -> StartKeyPager<Q> {
        StartKeyPager {
            next: Some(query.clone()),
            query,
            waiting: false,
            seen: HashSet::new(),
            pages: 0,
            max_pages: max_pages.max(1),
        }
    }

    /// The query of the next page to fetch, once per page; `None` when the list is done or a
    /// page is awaited (deliver its next key first).
    pub fn next_query(&mut self) -> Option<Q> {
        let next = self.next.take()?;
        self.waiting = true;
        Some(next)
    }

    /// The next key of the page just fetched (`None` or absent: the last page). An error ends
    /// the paging: the page limit reached with more pages to come, or a key given before.
    pub fn deliver(&mut self, next_key: Option<&str>) -> Result<(), Error> {
        self.waiting = false;
        self.pages += 1;
        let Some(key) = next_key else {
            return Ok(());
        };
        if !self.seen.insert(key.to_owned()) {
            return Err(
                Error::new(Q::OPERATION, ErrorKind::Decode, Outcome::NotApplied).with_detail(
                    format!("the server gave the key {key:?} again after {} pages: the list would never end", self.pages),
                ),
            );
        }
        if self.pages >= self.max_pages {
            return Err(
                Error::new(Q::OPERATION, ErrorKind::PageLimit, Outcome::NotApplied).with_detail(
                    format!("stopped after {} pages; the list is incomplete", self.pages),
                ),
            );
        }
        self.next = Some(self.query.at_key(Some(key)));
        Ok(())
    }

    /// Pages fetched so far.
    pub fn pages(&self) -> u64 {
        self.pages
    }

    /// Whether every page has been fetched.
    pub fn is_done(&self) -> bool {
        self.next.is_none() && !self.waiting
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A query that is only its key.
    #[derive(Debug, Clone, Default)]
    struct Keyed(Option<String>);

    impl KeyedQuery for Keyed {
        const OPERATION: Operation = Operation::History;

        fn at_key(&self, key: Option<&str>) -> Keyed {
            Keyed(key.map(str::to_owned))
        }
    }

    #[test]
    fn pages_until_no_key_and_stops_at_a_repeated_key_or_the_limit() {
        let mut p = StartKeyPager::new(Keyed::default(), 10);
        assert!(p.next_query().is_some());
        assert!(p.next_query().is_none(), "one page at a time");
        p.deliver(Some("a")).unwrap();
        assert_eq!(p.next_query().unwrap().0.as_deref(), Some("a"));
        let err = p.deliver(Some("a")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Decode);

        let mut p = StartKeyPager::new(Keyed::default(), 2);
        p.next_query().unwrap();
        p.deliver(Some("a")).unwrap();
        p.next_query().unwrap();
        assert_eq!(
            p.deliver(Some("b")).unwrap_err().kind(),
            ErrorKind::PageLimit
        );

        let mut p = StartKeyPager::new(Keyed::default(), 1);
        p.next_query().unwrap();
        p.deliver(None).unwrap();
        assert!(p.is_done() && p.next_query().is_none());
        assert_eq!(p.pages(), 1);
    }
}
