//! [`HistoryPager`]: the whole history, page by page, exactly once — and which pages to
//! fetch, and when, so that a transport only runs the fetches it is told to, several at once.
//!
//! The API pages by offset over a list that grows at its head (newest first). An export that
//! just adds the page length to the offset would see entries twice when new ones arrive while
//! it pages, and one that stops at the first short page would stop early on a server that
//! silently caps the page size. The pager:
//!
//! - pins the end of the range: after the first page, `endDate` becomes a millisecond past the
//!   newest entry's `dateCreated` (the server's own clock, so a skewed client clock cannot cut
//!   entries off; a millisecond past it, so that the newest entry is in the range whether the
//!   service reads `endDate` as inclusive or exclusive) — or stays the caller's, if that is
//!   earlier — so that entries created later fall outside the range, whether the caller gave
//!   no end, an end in the future, or one that covers now;
//! - remembers the last entry it yielded, and drops what a page repeats up to it: entries
//!   created inside the pinned range (in the pinned end's millisecond, or committed late with
//!   an earlier date) shift every later offset, and only push already-yielded entries to the
//!   head of the next page;
//! - advances by the number of entries actually received, and treats a short page as the end
//!   only once it knows the server's real page size; otherwise it probes the next offset (and,
//!   when the list moved under the probe so that it cannot tell, fetches once more from the
//!   start of the range) or stops on an empty page;
//! - stops with [`ErrorKind::PageLimit`] after `max_pages`, and with a decode error when a
//!   server keeps repeating the same entries.
//!
//! # Several pages in flight
//!
//! After the first page (fetched alone: it pins the range and shows whether the server caps
//! pages), up to a [`Concurrency`] window of fetches are in flight; results are
//! [`deliver`](HistoryPager::deliver)ed by ticket in any order and consumed in page order. A
//! page fetched while its predecessor is unanswered may be served before an insertion its
//! predecessor saw, and would then start one entry too far: such a page is asked **one entry
//! early** (its first entry should be the predecessor's last) and used only if that entry is
//! in it; otherwise it is dropped, with every page after it, and fetched again at the exact
//! offset. A page fetched at an offset its predecessor proved wrong (a short page) is dropped
//! the same way. The window widens while answers come back fast and clean and halves on a 429,
//! a 503, a timeout or rising latency (`window`); a `Retry-After` holds back every fetch until
//! it has passed (shared with the fetches themselves, see [`Export`](crate::transport::Export)).
//!
//! Entries held are bounded by the window: the page being handed out and at most `window`
//! pages on their way, however long the history is. `docs/design/concurrent-export.md` has
//! the reasoning and the hard cases.

mod start_key;
mod steps;
mod window;

use std::collections::VecDeque;
use std::time::Duration;

use solapi_cash_types::models::HistoryPage;
use solapi_cash_types::query::{DateBound, HistoryQuery};
use time::OffsetDateTime;

pub use start_key::{KeyedQuery, StartKeyPager};
pub use steps::{ExportStep, PageOutcome, PageRequest, Ticket};
pub use window::Concurrency;
pub(crate) use window::{ADAPTIVE_ENTRIES, ADAPTIVE_MAX, MAX_CONCURRENCY};

use crate::error::{Error, ErrorKind, Outcome};
use crate::operation::Operation;
use crate::pace::Pace;
use window::Window;

/// Non-empty pages in a row that bring nothing new before the server is declared broken.
const MAX_STALE_PAGES: u32 = 3;

/// Where the export is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// The first page, alone.
    First,
    /// Pages in flight, up to the window.
    Stream,
    /// A short page came with the server's page size unknown: one exact fetch tells whether
    /// it was the end or a cap.
    Probe,
    /// A probe brought only the entries up to the last one yielded, as many as the short page
    /// held: a cap of that length with as many entries arrived above, or the end of a list
    /// that grew by as many. One fetch from the start of the range tells which.
    Recheck,
    /// Nothing more to fetch.
    Done,
}

/// What is known about the server's page size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cap {
    Unknown,
    /// A short page was seen; a non-empty page after it makes it known.
    Suspected(u64),
    Known(u64),
}

impl Cap {
    fn known(self) -> Option<u64> {
        match self {
            Cap::Known(n) => Some(n),
            _ => None,
        }
    }
}

/// A fetch handed out and not consumed yet.
#[derive(Debug)]
struct Slot {
    ticket: u64,
    offset: u64,
    /// Asked one entry early (its predecessor was unanswered when it was handed out).
    overlapped: bool,
    page: Option<Result<HistoryPage, Error>>,
}

/// The last entry yielded.
#[derive(Debug, Clone)]
struct Last {
    id: String,
    date: OffsetDateTime,
}

/// The paging state of a whole-history export. Holds the page being handed out and at most
/// [`window`](Self::window) pages of fetches under way, however long the history is.
#[derive(Debug)]
pub struct HistoryPager {
    query: HistoryQuery,
    pin_end: bool,
    page_size: u64,
    max_pages: u64,
    phase: Phase,
    next_offset: u64,
    last: Option<Last>,
    cap: Cap,
    slots: VecDeque<Slot>,
    /// Tickets handed out and not delivered (discarded ones included: the server still sees
    /// them until they end).
    running: Vec<u64>,
    cancels: VecDeque<Ticket>,
    window: Window,
    pace: Pace,
    seen_overload: Option<u64>,
    ready: Option<HistoryPage>,
    failure: Option<Error>,
    pages: u64,
    refetches: u64,
    stale_pages: u32,
    /// The most entries a page has brought (the server serves at least that many).
    longest: u64,
    next_ticket: u64,
    /// Tests turn the overlap off to show that the loss it prevents is real.
    #[cfg(test)]
    overlap: bool,
}

impl HistoryPager {
    /// Pages through `query`: its `offset` is where the export starts, its `limit` (or
    /// `default_page_size`) the page size asked for; at most `concurrency` pages in flight.
    pub fn new(
        query: HistoryQuery,
        default_page_size: u64,
        max_pages: u64,
        concurrency: Concurrency,
    ) -> HistoryPager {
        let page_size = query.limit().unwrap_or(default_page_size).max(1);
        HistoryPager {
            pin_end: true,
            next_offset: query.offset().unwrap_or(0),
            query,
            page_size,
            max_pages: max_pages.max(1),
            phase: Phase::First,
            last: None,
            cap: Cap::Unknown,
            slots: VecDeque::new(),
            running: Vec::new(),
            cancels: VecDeque::new(),
            window: Window::new(concurrency, page_size),
            pace: Pace::default(),
            seen_overload: None,
            ready: None,
            failure: None,
            pages: 0,
            refetches: 0,
            stale_pages: 0,
            longest: 0,
            next_ticket: 0,
            #[cfg(test)]
            overlap: true,
        }
    }

    /// The most fetches this pager ever has in flight at once.
    pub fn window(&self) -> usize {
        usize::try_from(self.window.cap()).unwrap_or(1)
    }

    /// Never more fetches in flight than `requests` (the service's rate limit per window).
    pub fn limit_in_flight(&mut self, requests: u32) {
        self.window.limit_to(requests);
    }

    /// The fetches it allows in flight now (the window, which widens and shrinks).
    pub fn in_flight_allowed(&self) -> usize {
        usize::try_from(self.window.size()).unwrap_or(1)
    }

    /// Fetches handed out and not delivered yet.
    pub fn in_flight(&self) -> usize {
        self.running.len()
    }

    /// The pace shared with the fetches (crate-internal: [`Export`](crate::transport::Export) hands it
    /// to each of them).
    pub(crate) fn pace(&self) -> &Pace {
        &self.pace
    }

    /// The next thing to do at `now` (a reading of a monotonic clock): start a fetch, cancel
    /// one no longer needed, hand out a page of entries, wait for a fetch, report a failure,
    /// or stop. Never blocks; the same calls give the same steps.
    pub fn step(&mut self, now: Duration) -> ExportStep<PageRequest> {
        loop {
            self.absorb_overloads();
            if let Some(ticket) = self.cancels.pop_front() {
                return ExportStep::Cancel(ticket);
            }
            if let Some(request) = self.issue(now) {
                return ExportStep::Fetch(request);
            }
            if let Some(page) = self.ready.take() {
                return ExportStep::Page(page);
            }
            if let Some(error) = self.failure.take() {
                return ExportStep::Failed(error);
            }
            if self.phase == Phase::Done {
                return ExportStep::Finished;
            }
            match self.slots.front() {
                Some(front) if front.page.is_some() => {
                    if let Some(slot) = self.slots.pop_front() {
                        self.consume(slot);
                    }
                }
                Some(_) => {
                    return ExportStep::Await {
                        at_most: self.pace.wait(now),
                    };
                }
                None => {
                    // Nothing issued: held back by a `Retry-After`, or the window is full of
                    // dropped fetches still running.
                    let at_most = self.pace.wait(now);
                    if at_most.is_some() || !self.running.is_empty() {
                        return ExportStep::Await { at_most };
                    }
                    // Cannot happen (with nothing held back, `issue` has a page to ask for);
                    // end rather than spin.
                    self.phase = Phase::Done;
                }
            }
        }
    }

    /// Hands over the result of the fetch of `ticket` (after its retries), at `now`. A ticket
    /// not in flight (unknown, or delivered before) is ignored; one whose page is no longer
    /// needed only frees its place in the window.
    pub fn deliver(&mut self, ticket: Ticket, outcome: PageOutcome, now: Duration) {
        let _ = now;
        let Some(at) = self.running.iter().position(|&t| t == ticket.0) else {
            return;
        };
        self.running.swap_remove(at);
        if let Some(until) = outcome.hold_until {
            self.pace.hold_until(until);
        }
        self.window
            .on_signal(ticket.0, outcome.signal, self.next_ticket);
        if let Some(slot) = self.slots.iter_mut().find(|s| s.ticket == ticket.0) {
            slot.page = Some(outcome.page);
        }
    }

    /// Whether the export is over (nothing more will be fetched or handed out).
    pub fn is_finished(&self) -> bool {
        self.phase == Phase::Done && self.ready.is_none() && self.failure.is_none()
    }

    /// Pages consumed so far.
    pub fn pages(&self) -> u64 {
        self.pages
    }

    /// Pages dropped and fetched again because an insertion moved the list under them.
    pub fn refetches(&self) -> u64 {
        self.refetches
    }

    /// Overloads reported by fetches still under way shrink the window now, not when their
    /// page's turn comes.
    fn absorb_overloads(&mut self) {
        let latest = self.pace.latest_overload();
        if latest.is_some() && latest != self.seen_overload {
            self.seen_overload = latest;
            if let Some(ticket) = latest {
                self.window.on_overload(ticket, self.next_ticket);
            }
        }
    }

    /// A fetch to start now, if one is due: the first page alone; in a probe one exact page;
    /// otherwise up to the window, each one entry early if its predecessor is outstanding.
    fn issue(&mut self, now: Duration) -> Option<PageRequest> {
        if self.failure.is_some() {
            return None;
        }
        let limit = match self.phase {
            Phase::Done => return None,
            Phase::First if self.next_ticket > 0 => return None,
            Phase::First | Phase::Probe | Phase::Recheck => 1,
            Phase::Stream => self.window.size(),
        };
        let limit = usize::try_from(limit).unwrap_or(1);
        if self.slots.len() >= limit || self.running.len() >= limit.max(self.window.size() as usize)
        {
            return None;
        }
        let step = self.cap.known().unwrap_or(self.page_size);
        let (offset, overlapped) = match self.slots.back() {
            // The caller's offset (the query's own never changes; only its end is pinned).
            None if self.phase == Phase::Recheck => (self.query.offset().unwrap_or(0), false),
            None => (self.next_offset, false),
            // One entry early: a stride of 1 would make every page that entry alone.
            Some(_) if step < 2 => return None,
            #[cfg(test)]
            Some(back) if !self.overlap => (back.offset.checked_add(step)?, false),
            Some(back) => (back.offset.checked_add(step - 1)?, true),
        };
        if self.pace.wait(now).is_some() {
            return None;
        }
        let limit = std::num::NonZeroU64::new(self.page_size)?;
        let ticket = self.next_ticket;
        self.next_ticket += 1;
        self.slots.push_back(Slot {
            ticket,
            offset,
            overlapped,
            page: None,
        });
        self.running.push(ticket);
        let query = self.query.with_offset(offset).with_limit(limit);
        Some(PageRequest::new(Ticket(ticket), query))
    }

    /// Drops every slot; those still running are cancelled.
    fn discard_all(&mut self) {
        for slot in self.slots.drain(..) {
            if self.running.contains(&slot.ticket) {
                self.cancels.push_back(Ticket(slot.ticket));
            }
        }
    }

    fn finish(&mut self) {
        self.phase = Phase::Done;
        self.discard_all();
    }

    fn fail(&mut self, error: Error) {
        self.failure = Some(error);
        self.finish();
    }

    /// Takes the front slot's page: checks that it continues where the last one ended, pins
    /// the range, learns the server's page size, and keeps its fresh entries to hand out.
    fn consume(&mut self, slot: Slot) {
        let mut page = match slot.page {
            Some(Ok(page)) => page,
            Some(Err(error)) => return self.fail(error),
            None => return,
        };
        if self.phase == Phase::Recheck {
            return self.recheck(page.len() as u64);
        }
        let expected = if slot.overlapped {
            self.next_offset.checked_sub(1)
        } else {
            Some(self.next_offset)
        };
        if expected != Some(slot.offset) {
            // Its predecessor came back short: this offset was a wrong prediction.
            return self.discard_all();
        }
        let n = page.len();
        let found = self.last.as_ref().and_then(|last| position(&page, last));
        let seen = match (&self.last, slot.overlapped) {
            (Some(_), true) => match found {
                Some(at) => at + 1,
                None => {
                    // It may start after a gap: fetched again, exactly, after its predecessor.
                    self.refetches += 1;
                    return self.discard_all();
                }
            },
            // Entries up to the last one yielded were yielded (or arrived after the pin).
            (Some(last), false) => match found {
                Some(at) => at + 1,
                // Newest first: an entry newer than the last one yielded means the whole page
                // lies before it (more entries arrived above it than the page holds).
                None if page
                    .entries()
                    .iter()
                    .any(|e| e.date_created.datetime() > last.date) =>
                {
                    n
                }
                None => 0,
            },
            (None, _) => 0,
        };
        self.pages += 1;
        if std::mem::take(&mut self.pin_end) {
            self.pin(&page);
        }
        let received = n as u64;
        let Some(next_offset) = slot.offset.checked_add(received) else {
            // Only an offset given near u64::MAX gets here: nothing lies beyond it.
            return self.fail(
                Error::new(Operation::History, ErrorKind::Decode, Outcome::NotApplied).with_detail(
                    "the history's offsets ran past the largest number a query can hold",
                ),
            );
        };
        self.next_offset = next_offset;
        // The last entry yielded moves only with fresh entries (a page lying wholly before it
        // leaves it where it is).
        if seen < n
            && let Some(entry) = page.entries().last()
        {
            self.last = Some(Last {
                id: entry.history_id.clone(),
                date: entry.date_created.datetime(),
            });
        }
        page.skip_front(seen);
        if self.phase == Phase::First {
            self.phase = Phase::Stream;
        }
        let fresh = (n - seen) as u64;
        let ends_at_last = fresh == 0 && found.is_some();
        let only_the_overlap = slot.overlapped && n == 1 && seen == 1;
        self.learn_the_end(received, fresh, ends_at_last, only_the_overlap);
        self.longest = self.longest.max(received);
        if self.phase != Phase::Done {
            if page.is_empty() {
                self.stale_pages += 1;
                if self.stale_pages >= MAX_STALE_PAGES {
                    return self.fail(
                        Error::new(Operation::History, ErrorKind::Decode, Outcome::NotApplied)
                            .with_detail(format!(
                                "the server returned only entries already seen for {MAX_STALE_PAGES} pages in a row"
                            )),
                    );
                }
            } else {
                self.stale_pages = 0;
            }
            self.check_the_page_limit();
        }
        if !page.is_empty() {
            self.ready = Some(page);
        }
    }

    /// Ends the export once `max_pages` pages have been consumed.
    fn check_the_page_limit(&mut self) {
        if self.pages >= self.max_pages {
            self.fail(
                Error::new(
                    Operation::History,
                    ErrorKind::PageLimit,
                    Outcome::NotApplied,
                )
                .with_detail(format!(
                    "stopped after {} pages; the export is incomplete",
                    self.pages
                )),
            );
        }
    }

    /// The answer of the fetch from the start of the range after an ambiguous probe (its
    /// entries were all yielded or arrived after the pin: none is handed out). More entries
    /// than the short page held disprove the cap, and the probe, which ended at the last entry
    /// yielded, was then the end of the list; one to as many prove the cap (an empty page
    /// from the start, which a consistent server cannot send here, ends the export).
    fn recheck(&mut self, received: u64) {
        self.pages += 1;
        self.longest = self.longest.max(received);
        match self.cap {
            Cap::Suspected(short) if (1..=short).contains(&received) => {
                self.cap = Cap::Known(short);
                self.phase = Phase::Stream;
                self.check_the_page_limit();
            }
            _ => self.finish(),
        }
    }

    /// The end of the range: the smaller of the caller's end and a millisecond past the first
    /// page's newest entry. (Setting it only fails if the caller's start is after every entry, which
    /// cannot be.)
    fn pin(&mut self, page: &HistoryPage) {
        // One millisecond past the newest entry (the API's dates have milliseconds): the
        // range holds that entry whether the service reads `endDate` as inclusive or as
        // exclusive, which no public source says. Pinned at the newest entry itself, an
        // exclusive reading would drop that millisecond's entries from every later page and
        // shift the list up under the export, which then skips as many entries. Nothing
        // newer existed when the first page was served; what arrives in that millisecond
        // lands at the head, before every offset still to fetch.
        if let Some(end) = page
            .entries()
            .iter()
            .map(|e| e.date_created.datetime())
            .max()
            .and_then(|newest| newest.checked_add(time::Duration::milliseconds(1)))
            && self
                .query
                .end_date()
                .is_none_or(|given| end < given.end_instant())
            && let Ok(pinned) = self.query.with_end_date(DateBound::DateTime(end))
        {
            self.query = pinned;
        }
    }

    /// What a page of `received` entries (`fresh` of them new; `ends_at_last`: it ends with
    /// the last entry yielded) says about the end: an empty page (or one holding only the
    /// entry it overlaps) ends the export; a short page ends it once the server's page size is
    /// known, and otherwise is probed with one exact fetch.
    fn learn_the_end(
        &mut self,
        received: u64,
        fresh: u64,
        ends_at_last: bool,
        only_the_overlap: bool,
    ) {
        if received == 0 || only_the_overlap {
            return self.finish();
        }
        // Entries arrived above the last one yielded (the list moved down), and nothing
        // follows it in a page shorter than the server has served: the list ends there.
        if ends_at_last && received < self.longest {
            return self.finish();
        }
        if let (Phase::Probe, Cap::Suspected(short)) = (self.phase, self.cap) {
            if fresh == 0 {
                // Only entries already seen: the list moved under the probe. Ending at the
                // last entry yielded, with another length than the short page's, the answer
                // is not a cap: the list ends there; with the same length it may be either,
                // and a fetch from the start tells (probing on at the next offset could meet
                // the same coincidence page after page). Otherwise, probe again.
                if ends_at_last {
                    if received != short {
                        return self.finish();
                    }
                    self.phase = Phase::Recheck;
                }
                return;
            }
            // More than the short page held: that was the end of the list then, not a cap.
            // Otherwise a short page followed by a non-empty one reveals the server's cap.
            self.cap = if received > short {
                Cap::Unknown
            } else {
                Cap::Known(short)
            };
            self.phase = Phase::Stream;
        }
        let full = self.cap.known().unwrap_or(self.page_size);
        if received < full {
            if self.cap.known().is_some() {
                return self.finish();
            }
            self.cap = Cap::Suspected(received);
            self.phase = Phase::Probe;
            // Every page in flight was asked at an offset this page proved wrong.
            self.discard_all();
        }
    }
}

/// Where the last entry yielded is in `page`.
fn position(page: &HistoryPage, last: &Last) -> Option<usize> {
    page.entries().iter().position(|e| e.history_id == last.id)
}

#[cfg(test)]
mod tests;
