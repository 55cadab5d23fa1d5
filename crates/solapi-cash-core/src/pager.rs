//! [`HistoryPager`]: the whole history, page by page, exactly once — and which pages to
//! fetch, and when, so that a transport only runs the fetches it is told to.
//!
//! The API pages by offset over a list that grows at its head (newest first). An export that
//! just adds the page length to the offset would see entries twice when new ones arrive while
//! it pages, and one that stops at the first short page would stop early on a server that
//! silently caps the page size. The pager:
//!
//! - pins the end of the range: after the first page, `endDate` becomes the newest entry's
//!   `dateCreated` (the server's own clock, so a skewed client clock cannot cut entries off)
//!   — or stays the caller's, if that is earlier — so that entries created later fall
//!   outside the range, whether the caller gave no end, an end in the future, or one that
//!   covers now (the newest entry of the first page is at or before any end the server
//!   honoured, so the range is never narrowed);
//! - drops entries already yielded by the previous page (by `historyId`), which covers the
//!   shift caused by entries created within that same millisecond (a shift only pushes the
//!   previous page's last entries to the head of the next page, so only the head is checked);
//! - advances by the number of entries actually received, and treats a short page as the end
//!   only once it knows the server's real page size; otherwise it stops on an empty page;
//! - stops with [`ErrorKind::PageLimit`] after `max_pages`, and with a decode error when a
//!   server keeps repeating the same entries.
//!
//! # What to fetch next
//!
//! [`step`](HistoryPager::step) hands out fetches ([`ExportStep::Fetch`], each with a
//! [`Ticket`]) before the entries of the page under way, so that the next page travels
//! while the current one is consumed, and says which result it needs next
//! ([`ExportStep::Await`]); results are [`deliver`](HistoryPager::deliver)ed by ticket, in
//! any order, and consumed in page order. The first page is fetched alone (it pins the
//! range); after it, up to [`HistoryPager::window`] fetches are outstanding, at predicted
//! offsets that are checked when each page is consumed (a page fetched at an offset that
//! turned out wrong is dropped and fetched again). Entries and pages held are bounded by the
//! window: at most one page being consumed and `window` pages on their way.

use std::collections::VecDeque;

use solapi_cash_types::models::HistoryEntry;
use solapi_cash_types::query::{DateBound, HistoryQuery};

use crate::error::{Error, ErrorKind, Outcome};
use crate::operation::Operation;

/// Non-empty pages in a row that bring nothing new before the server is declared broken.
const MAX_STALE_PAGES: u32 = 3;

/// Fetches outstanding at once after the first page: one page travels while the one before
/// it is consumed.
const PREFETCH_WINDOW: usize = 1;

/// Names one fetch handed out by a pager, to deliver its result with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ticket(u64);

/// One page to fetch: its ticket and its query.
#[derive(Debug, Clone, PartialEq)]
pub struct PageRequest {
    ticket: Ticket,
    query: HistoryQuery,
}

impl PageRequest {
    /// The ticket to deliver the page with.
    pub fn ticket(&self) -> Ticket {
        self.ticket
    }

    /// The page's query.
    pub fn query(&self) -> &HistoryQuery {
        &self.query
    }

    /// Both.
    pub fn into_parts(self) -> (Ticket, HistoryQuery) {
        (self.ticket, self.query)
    }
}

/// What a transport does next in a whole-history export; `F` is the fetch to start
/// ([`PageRequest`] from a [`HistoryPager`], a ready-to-run
/// [`PageFetch`](crate::PageFetch) from an [`Export`](crate::Export)).
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // moved once per entry; a box would add an allocation each
pub enum ExportStep<F> {
    /// Yield this entry.
    Entry(HistoryEntry),
    /// Start this fetch (it may run while entries are yielded) and deliver its result with
    /// its ticket.
    Fetch(F),
    /// Nothing can go on before the result of this fetch is delivered: wait for it.
    Await(Ticket),
    /// Yield this error; the export is over.
    Failed(Error),
    /// The export is complete. Fetches still outstanding are not needed: drop them.
    Finished,
}

impl<F> ExportStep<F> {
    /// The same step with the fetch turned into another form.
    pub fn map_fetch<G>(self, f: impl FnOnce(F) -> G) -> ExportStep<G> {
        match self {
            ExportStep::Entry(entry) => ExportStep::Entry(entry),
            ExportStep::Fetch(fetch) => ExportStep::Fetch(f(fetch)),
            ExportStep::Await(ticket) => ExportStep::Await(ticket),
            ExportStep::Failed(error) => ExportStep::Failed(error),
            ExportStep::Finished => ExportStep::Finished,
        }
    }
}

/// A fetch handed out and not consumed yet.
#[derive(Debug)]
struct Outstanding {
    ticket: Ticket,
    offset: u64,
    result: Option<Result<Vec<HistoryEntry>, Error>>,
}

/// The paging state of a whole-history export. Holds at most one page of entries being
/// consumed, the pages of the outstanding fetches and one page of ids, however long the
/// history is.
#[derive(Debug)]
pub struct HistoryPager {
    buffer: std::vec::IntoIter<HistoryEntry>,
    failure: Option<Error>,
    query: HistoryQuery,
    /// The end is still to be pinned (by the first page).
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
    outstanding: VecDeque<Outstanding>,
    next_ticket: u64,
    window: usize,
}

impl HistoryPager {
    /// Pages through `query`: its `offset` is where the export starts, its `limit` (or
    /// `default_page_size`) the page size asked for.
    pub fn new(query: HistoryQuery, default_page_size: u64, max_pages: u64) -> HistoryPager {
        let page_size = query.limit().unwrap_or(default_page_size).max(1);
        HistoryPager {
            buffer: Vec::new().into_iter(),
            failure: None,
            pin_end: true,
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
            outstanding: VecDeque::new(),
            next_ticket: 0,
            window: PREFETCH_WINDOW,
        }
    }

    /// Fetches outstanding at most once the first page is in.
    pub fn window(&self) -> usize {
        self.window
    }

    /// The next thing to do: start a fetch, yield a buffered entry, wait for a fetch, report
    /// a failure, or stop.
    pub fn step(&mut self) -> ExportStep<PageRequest> {
        loop {
            if let Some(request) = self.issue() {
                return ExportStep::Fetch(request);
            }
            if let Some(entry) = self.buffer.next() {
                return ExportStep::Entry(entry);
            }
            if let Some(error) = self.failure.take() {
                self.outstanding.clear();
                return ExportStep::Failed(error);
            }
            if self.finished {
                self.outstanding.clear();
                return ExportStep::Finished;
            }
            match self.outstanding.front() {
                Some(front) if front.result.is_none() => return ExportStep::Await(front.ticket),
                Some(_) => {
                    if let Some(done) = self.outstanding.pop_front() {
                        self.consume(done);
                    }
                }
                // Not finished, nothing outstanding, nothing to issue: cannot happen, as
                // `issue` always has a page to ask for then; end rather than spin.
                None => {
                    self.finished = true;
                }
            }
        }
    }

    /// Hands over the result of the fetch of `ticket` (after its retries). A ticket not
    /// outstanding (dropped, or delivered before) is ignored.
    pub fn deliver(&mut self, ticket: Ticket, page: Result<Vec<HistoryEntry>, Error>) {
        if let Some(slot) = self
            .outstanding
            .iter_mut()
            .find(|o| o.ticket == ticket && o.result.is_none())
        {
            slot.result = Some(page);
        }
    }

    /// Whether the export is complete.
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// Pages consumed so far.
    pub fn pages(&self) -> u64 {
        self.pages
    }

    /// A fetch to start now, if one is due: the first page alone, then up to `window`
    /// outstanding at the offsets the pages before them predict.
    fn issue(&mut self) -> Option<PageRequest> {
        if self.finished || self.failure.is_some() {
            return None;
        }
        let limit = if self.pages == 0 { 1 } else { self.window };
        if self.outstanding.len() >= limit {
            return None;
        }
        let step = self.server_cap.unwrap_or(self.page_size);
        let offset = self
            .outstanding
            .back()
            .map_or(self.offset, |last| last.offset + step);
        let ticket = Ticket(self.next_ticket);
        self.next_ticket += 1;
        self.outstanding.push_back(Outstanding {
            ticket,
            offset,
            result: None,
        });
        let limit = std::num::NonZeroU64::new(self.page_size)?;
        let query = self.query.with_offset(offset).with_limit(limit);
        Some(PageRequest { ticket, query })
    }

    fn consume(&mut self, done: Outstanding) {
        match done.result {
            Some(Ok(_)) if done.offset != self.offset => {
                // Fetched at an offset the pages before it proved wrong: fetched again.
                self.outstanding.clear();
            }
            Some(Ok(page)) => match self.accept(page) {
                Ok(fresh) => self.buffer = fresh.into_iter(),
                Err(error) => self.fail(error),
            },
            Some(Err(error)) => self.fail(error),
            None => {}
        }
    }

    fn fail(&mut self, error: Error) {
        self.finished = true;
        self.failure = Some(error);
    }

    /// Takes the page at the current offset and returns its entries not yielded before, in
    /// order.
    fn accept(&mut self, page: Vec<HistoryEntry>) -> Result<Vec<HistoryEntry>, Error> {
        self.pages += 1;
        let received = page.len() as u64;
        if received == 0 {
            self.finished = true;
            return Ok(page);
        }
        // The smaller of the caller's end and the newest entry. Setting it only fails if the
        // caller's start is after every entry, which cannot be.
        if std::mem::take(&mut self.pin_end)
            && let Some(newest) = page.iter().map(|e| e.date_created.datetime()).max()
            && self
                .query
                .end_date()
                .is_none_or(|end| newest < end.end_instant())
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
mod tests;
