//! Selecting a page of history: date range by binary search (dates never decrease in
//! storage order), then newest first, the filters, `offset` and `limit`.
//!
//! An unfiltered page costs O(log n + limit) whatever the ledger's size; a filtered page
//! walks the date range from the newest entry until the page is full.

use solapi_cash_types::{HistoryQuery, HistoryType, Money, RechargeMethod, ServiceMethod};

use super::{Entry, Ledger};
use crate::clock::to_unix_ms;

/// The `limit` used when the query has none: the models crate's, as documented.
pub(crate) const DEFAULT_LIMIT: u64 = HistoryQuery::DEFAULT_LIMIT;

/// The exact-match and sign filters of a history query (semantics in docs/emulator.md).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Filter {
    pub(crate) kind: Option<HistoryType>,
    pub(crate) group_id: Option<String>,
    pub(crate) recharge_method: Option<RechargeMethod>,
    pub(crate) service_method: Option<ServiceMethod>,
    pub(crate) balance_amount: Option<Money>,
    pub(crate) balance_recharge: Option<bool>,
    pub(crate) balance_deduct: Option<bool>,
    pub(crate) point_recharge: Option<bool>,
    pub(crate) point_deduct: Option<bool>,
}

impl Filter {
    fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    pub(crate) fn matches(&self, e: &Entry) -> bool {
        fn eq<T: PartialEq>(want: Option<&T>, have: Option<&T>) -> bool {
            want.is_none_or(|w| have == Some(w))
        }
        fn flag(want: Option<bool>, have: bool) -> bool {
            want.is_none_or(|w| w == have)
        }
        eq(self.kind.as_ref(), Some(&e.kind))
            && self
                .group_id
                .as_deref()
                .is_none_or(|g| e.group_id.as_deref() == Some(g))
            && eq(self.recharge_method.as_ref(), e.recharge_method.as_ref())
            && eq(self.service_method.as_ref(), e.service_method.as_ref())
            && self
                .balance_amount
                .as_ref()
                .is_none_or(|a| *a == e.balance_amount)
            && flag(self.balance_recharge, e.balance_amount.is_positive())
            && flag(self.balance_deduct, e.balance_amount.is_negative())
            && flag(self.point_recharge, e.point_amount.is_positive())
            && flag(self.point_deduct, e.point_amount.is_negative())
    }
}

/// A validated request for one page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PageRequest {
    pub(crate) offset: u64,
    pub(crate) limit: u64,
    /// First included instant, Unix ms.
    pub(crate) start_ms: Option<i64>,
    /// Last included instant, Unix ms.
    pub(crate) end_ms: Option<i64>,
    pub(crate) filter: Filter,
}

impl PageRequest {
    /// The page a query asks for; `limit` defaults to 20 and is capped by `max_limit`.
    pub(crate) fn from_query(q: &HistoryQuery, max_limit: Option<u64>) -> Self {
        let limit = q.limit().unwrap_or(DEFAULT_LIMIT);
        let limit = max_limit.map_or(limit, |max| limit.min(max));
        // Entries have millisecond dates: the first included one is the first millisecond
        // at or after the start instant, the last is the last millisecond at or before the
        // end instant.
        let start_ms = q.start_date().map(|d| {
            let ns = d.start_instant().unix_timestamp_nanos();
            i64::try_from(ceil_div(ns, 1_000_000)).unwrap_or(i64::MAX)
        });
        let end_ms = q.end_date().map(|d| to_unix_ms(d.end_instant()));
        Self {
            offset: q.offset().unwrap_or(0),
            limit,
            start_ms,
            end_ms,
            filter: Filter {
                kind: q.kind().cloned(),
                group_id: q.group_id().map(str::to_owned),
                recharge_method: q.recharge_method().cloned(),
                service_method: q.service_method().cloned(),
                balance_amount: q.balance_amount().cloned(),
                balance_recharge: q.balance_recharge(),
                balance_deduct: q.balance_deduct(),
                point_recharge: q.point_recharge(),
                point_deduct: q.point_deduct(),
            },
        }
    }
}

fn ceil_div(a: i128, b: i128) -> i128 {
    let q = a.div_euclid(b);
    if a.rem_euclid(b) == 0 { q } else { q + 1 }
}

impl Ledger {
    /// The entries of one page, newest first.
    pub(crate) fn page(&self, req: &PageRequest) -> Vec<&Entry> {
        let entries = self.entries();
        let lo = req
            .start_ms
            .map_or(0, |s| entries.partition_point(|e| e.date_ms < s));
        let hi = req.end_ms.map_or(entries.len(), |end| {
            entries.partition_point(|e| e.date_ms <= end)
        });
        if lo >= hi {
            return Vec::new();
        }
        let range = &entries[lo..hi];
        let offset = usize::try_from(req.offset).unwrap_or(usize::MAX);
        let limit = usize::try_from(req.limit).unwrap_or(usize::MAX);
        if req.filter.is_empty() {
            // Newest first is reverse storage order: index arithmetic, no scan.
            let top = range.len().saturating_sub(offset);
            let bottom = top.saturating_sub(limit);
            range[bottom..top].iter().rev().collect()
        } else {
            range
                .iter()
                .rev()
                .filter(|e| req.filter.matches(e))
                .skip(offset)
                .take(limit)
                .collect()
        }
    }
}
