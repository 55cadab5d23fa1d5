//! [`HistoryPager`]: the whole history, page by page, exactly once.
//!
//! The API pages by offset over a list that grows at its head (newest first). An export that
//! just adds the page length to the offset would see entries twice when new ones arrive while
//! it pages, and one that stops at the first short page would stop early on a server that
//! silently caps the page size. The pager:
//!
//! - pins the end of the range when the caller gave none: after the first page, `endDate` is
//!   set to the newest entry's `dateCreated` (the server's own clock, so a skewed client clock
//!   cannot cut entries off), and entries created later fall outside the range;
//! - drops entries already yielded by the previous page (by `historyId`), which covers the
//!   shift caused by entries created within that same millisecond (a shift only pushes the
//!   previous page's last entries to the head of the next page, so only the head is checked);
//! - advances by the number of entries actually received, and treats a short page as the end
//!   only once it knows the server's real page size; otherwise it stops on an empty page;
//! - stops with [`ErrorKind::PageLimit`] after `max_pages`, and with a decode error when a
//!   server keeps repeating the same entries.

use solapi_cash_types::models::HistoryEntry;
use solapi_cash_types::query::{DateBound, HistoryQuery};

use crate::error::{Error, ErrorKind, Outcome};
use crate::operation::Operation;

/// Non-empty pages in a row that bring nothing new before the server is declared broken.
const MAX_STALE_PAGES: u32 = 3;

/// What a transport does next in a whole-history export (see [`HistoryPager::step`]).
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // moved once per entry; a box would add an allocation each
pub enum ExportStep {
    /// Yield this entry.
    Entry(HistoryEntry),
    /// Fetch this page (a read, with the usual retries) and hand the result to
    /// [`HistoryPager::deliver`].
    Fetch(HistoryQuery),
    /// Yield this error; the export is over.
    Failed(Error),
    /// The export is complete.
    Finished,
}

/// The paging state of a whole-history export. Holds at most one page of entries and one of
/// ids, however long the history is.
#[derive(Debug)]
pub struct HistoryPager {
    buffer: std::vec::IntoIter<HistoryEntry>,
    failure: Option<Error>,
    query: HistoryQuery,
    pin_end: bool,
    offset: u64,
    page_size: u64,
    server_cap: Option<u64>,
    last_page_short: Option<u64>,
    previous_ids: Vec<String>,
    pages: u64,
    max_pages: u64,
    stale_pages: u32,
    finished: bool,
}

impl HistoryPager {
    /// Pages through `query`: its `offset` is where the export starts, its `limit` (or
    /// `default_page_size`) the page size asked for.
    pub fn new(query: HistoryQuery, default_page_size: u64, max_pages: u64) -> HistoryPager {
        let page_size = query.limit().unwrap_or(default_page_size).max(1);
        HistoryPager {
            buffer: Vec::new().into_iter(),
            failure: None,
            pin_end: query.end_date().is_none(),
            offset: query.offset().unwrap_or(0),
            page_size,
            query,
            server_cap: None,
            last_page_short: None,
            previous_ids: Vec::new(),
            pages: 0,
            max_pages: max_pages.max(1),
            stale_pages: 0,
            finished: false,
        }
    }

    /// The query for the next page, or `None` when the export is complete.
    pub fn next_query(&self) -> Option<HistoryQuery> {
        if self.finished {
            return None;
        }
        let limit = std::num::NonZeroU64::new(self.page_size)?;
        Some(self.query.with_offset(self.offset).with_limit(limit))
    }

    /// The next thing to do: yield a buffered entry, fetch the next page, report a failure,
    /// or stop.
    pub fn step(&mut self) -> ExportStep {
        if let Some(entry) = self.buffer.next() {
            return ExportStep::Entry(entry);
        }
        if let Some(error) = self.failure.take() {
            return ExportStep::Failed(error);
        }
        match self.next_query() {
            Some(query) => ExportStep::Fetch(query),
            None => ExportStep::Finished,
        }
    }

    /// Hands over the result of the fetch that [`step`](Self::step) asked for.
    pub fn deliver(&mut self, page: Result<Vec<HistoryEntry>, Error>) {
        match page.and_then(|page| self.accept(page)) {
            Ok(fresh) => self.buffer = fresh.into_iter(),
            Err(error) => {
                self.finished = true;
                self.failure = Some(error);
            }
        }
    }

    /// The page most likely to follow the one `current` asks for — the next offset if that
    /// page comes back full — so that a transport can fetch it while `current` is decoded.
    /// `None` until the first page has pinned the range. A wrong guess (the last page, a
    /// cap not yet known) only costs one read: the transport compares it with
    /// [`step`](Self::step)'s next `Fetch` and discards it.
    pub fn speculative_next(&self, current: &HistoryQuery) -> Option<HistoryQuery> {
        if self.finished || self.pin_end {
            return None;
        }
        let step = self.server_cap.unwrap_or(self.page_size);
        Some(current.with_offset(current.offset().unwrap_or(0) + step))
    }

    /// Whether the export is complete.
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// Pages received so far.
    pub fn pages(&self) -> u64 {
        self.pages
    }

    /// Takes the page answered to [`next_query`](Self::next_query) and returns its entries
    /// not yielded before, in order.
    pub fn accept(&mut self, page: Vec<HistoryEntry>) -> Result<Vec<HistoryEntry>, Error> {
        self.pages += 1;
        let received = page.len() as u64;
        if received == 0 {
            self.finished = true;
            return Ok(page);
        }
        // Setting the end only fails if the caller's start is after every entry, which cannot be.
        if std::mem::take(&mut self.pin_end)
            && let Some(newest) = page.iter().map(|e| e.date_created.datetime()).max()
            && let Ok(pinned) = self.query.with_end_date(DateBound::DateTime(newest))
        {
            self.query = pinned;
        }
        self.offset += received;
        // A short page followed by a non-empty one reveals the server's cap.
        if let Some(short) = self.last_page_short.take() {
            self.server_cap.get_or_insert(short);
        }
        let full = self.server_cap.unwrap_or(self.page_size);
        if received < self.page_size {
            if received < full && self.server_cap.is_some() {
                self.finished = true;
            } else {
                self.last_page_short = Some(received);
            }
        }
        let ids: Vec<String> = page.iter().map(|e| e.history_id.clone()).collect();
        let seen = page
            .iter()
            .take_while(|e| self.previous_ids.contains(&e.history_id))
            .count();
        let mut fresh = page;
        fresh.drain(..seen);
        self.previous_ids = ids;
        if fresh.is_empty() {
            self.stale_pages += 1;
            if self.stale_pages >= MAX_STALE_PAGES {
                self.finished = true;
                return Err(Error::new(Operation::History, ErrorKind::Decode, Outcome::NotApplied)
                    .with_detail(format!(
                        "the server returned only entries already seen for {MAX_STALE_PAGES} pages in a row"
                    )));
            }
        } else {
            self.stale_pages = 0;
        }
        if !self.finished && self.pages >= self.max_pages {
            self.finished = true;
            return Err(Error::new(
                Operation::History,
                ErrorKind::PageLimit,
                Outcome::NotApplied,
            )
            .with_detail(format!(
                "stopped after {} pages; the export is incomplete",
                self.pages
            )));
        }
        Ok(fresh)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use solapi_cash_types::HistoryType;
    use solapi_cash_types::money::Money;
    use time::macros::datetime;

    fn entry(n: u64) -> HistoryEntry {
        let at = datetime!(2024-01-01 00:00 UTC) + time::Duration::seconds(n as i64);
        crate::test_entries::entry(
            HistoryType::Manual,
            Money::from_i64(1),
            at,
            format!("{n:024x}"),
        )
    }

    /// A server over `ids` (oldest first), answering newest first, capping pages at `cap`.
    fn serve(ids: &[u64], query: &HistoryQuery, cap: u64) -> Vec<HistoryEntry> {
        let end = query.end_date().map(DateBound::end_instant);
        let visible: Vec<u64> = ids
            .iter()
            .rev()
            .copied()
            .filter(|&n| end.is_none_or(|end| entry(n).date_created.datetime() <= end))
            .collect();
        let offset = query.offset().unwrap_or(0) as usize;
        let limit = query.limit().unwrap_or(20).min(cap) as usize;
        visible
            .iter()
            .skip(offset)
            .take(limit)
            .map(|&n| entry(n))
            .collect()
    }

    fn export(ids: &mut Vec<u64>, page_size: u64, cap: u64, grow_by: u64) -> (Vec<u64>, u64) {
        let mut pager = HistoryPager::new(HistoryQuery::default(), page_size, 10_000);
        let mut out = Vec::new();
        let mut requests = 0;
        while let Some(q) = pager.next_query() {
            requests += 1;
            let page = serve(ids, &q, cap);
            // Entries keep arriving while the export runs.
            for _ in 0..grow_by {
                let next = ids.last().map_or(0, |n| n + 1);
                ids.push(next);
            }
            out.extend(
                pager
                    .accept(page)
                    .unwrap()
                    .into_iter()
                    .map(|e| e.history_id),
            );
        }
        let parsed = out
            .iter()
            .map(|id| u64::from_str_radix(id, 16).unwrap())
            .collect();
        (parsed, requests)
    }

    #[test]
    fn exports_everything_once_while_entries_are_added() {
        let mut ids: Vec<u64> = (0..1000).collect();
        let (got, _) = export(&mut ids, 100, u64::MAX, 7);
        let expected: Vec<u64> = (0..1000).rev().collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn a_silent_cap_does_not_end_the_export_early() {
        let mut ids: Vec<u64> = (0..1000).collect();
        let (got, requests) = export(&mut ids, 500, 128, 0);
        assert_eq!(got.len(), 1000);
        // 8 capped pages; once the cap is known the last short page ends it.
        assert_eq!(requests, 8);
    }

    #[test]
    fn stops_on_an_empty_page_and_on_an_exact_multiple() {
        let mut ids: Vec<u64> = (0..300).collect();
        let (got, requests) = export(&mut ids, 100, u64::MAX, 0);
        assert_eq!((got.len(), requests), (300, 4));
        let mut ids = Vec::new();
        assert_eq!(export(&mut ids, 100, u64::MAX, 0), (vec![], 1));
    }

    #[test]
    fn a_server_that_never_ends_hits_the_page_cap() {
        let mut pager = HistoryPager::new(HistoryQuery::default(), 10, 5);
        let mut n = 0;
        let err = loop {
            let _ = pager.next_query().expect("not finished before the cap");
            let page: Vec<HistoryEntry> = (0..10)
                .map(|_| {
                    n += 1;
                    entry(n)
                })
                .collect();
            if let Err(e) = pager.accept(page) {
                break e;
            }
        };
        assert_eq!(err.kind(), ErrorKind::PageLimit);
        assert!(pager.next_query().is_none());
    }

    #[test]
    fn a_server_repeating_itself_is_an_error() {
        let mut pager = HistoryPager::new(HistoryQuery::default(), 10, 100);
        let page = || (0..10).map(entry).collect::<Vec<_>>();
        assert_eq!(pager.accept(page()).unwrap().len(), 10);
        assert!(pager.accept(page()).unwrap().is_empty());
        assert!(pager.accept(page()).unwrap().is_empty());
        assert_eq!(pager.accept(page()).unwrap_err().kind(), ErrorKind::Decode);
    }

    #[test]
    fn speculation_guesses_the_next_full_page_once_the_end_is_pinned() {
        let mut pager = HistoryPager::new(HistoryQuery::default(), 2, 100);
        let first = pager.next_query().unwrap();
        assert_eq!(
            pager.speculative_next(&first),
            None,
            "the end is not pinned yet"
        );
        pager.accept(vec![entry(9), entry(8)]).unwrap();
        let second = pager.next_query().unwrap();
        let guess = pager.speculative_next(&second).unwrap();
        pager.accept(vec![entry(7), entry(6)]).unwrap();
        assert_eq!(Some(guess), pager.next_query());
    }

    #[test]
    fn the_end_is_pinned_only_when_the_caller_gave_none() {
        let mut pager = HistoryPager::new(HistoryQuery::default(), 2, 100);
        pager.accept(vec![entry(9), entry(8)]).unwrap();
        let q = pager.next_query().unwrap();
        assert_eq!(
            q.end_date(),
            Some(&DateBound::DateTime(entry(9).date_created.datetime()))
        );
        assert_eq!(q.offset(), Some(2));

        let given = HistoryQuery::builder()
            .end_date(datetime!(2030-01-01 00:00 UTC))
            .build()
            .unwrap();
        let mut pager = HistoryPager::new(given.clone(), 2, 100);
        pager.accept(vec![entry(9), entry(8)]).unwrap();
        assert_eq!(pager.next_query().unwrap().end_date(), given.end_date());
    }
}
