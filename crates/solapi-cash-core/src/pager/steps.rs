//! What a pager hands out ([`ExportStep`], [`PageRequest`]) and takes back ([`PageOutcome`]).

use std::time::Duration;

use solapi_cash_types::models::HistoryPage;
use solapi_cash_types::query::HistoryQuery;

use super::window::Signal;
use crate::error::Error;

/// Names one fetch handed out by a pager, to deliver its result with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ticket(pub(crate) u64);

/// One page to fetch: its ticket and its query.
#[derive(Debug, Clone, PartialEq)]
pub struct PageRequest {
    ticket: Ticket,
    query: HistoryQuery,
}

impl PageRequest {
    pub(crate) fn new(ticket: Ticket, query: HistoryQuery) -> PageRequest {
        PageRequest { ticket, query }
    }

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

/// How a fetch ended: its page (or its error, after its retries) and what it saw of the
/// server on the way, which sizes the window.
#[derive(Debug)]
#[non_exhaustive]
pub struct PageOutcome {
    pub(crate) page: Result<HistoryPage, Error>,
    pub(crate) signal: Signal,
    pub(crate) hold_until: Option<Duration>,
}

impl PageOutcome {
    /// A fetch that ended with `page`; nothing else is known about it (it neither widens nor
    /// shrinks the window).
    pub fn new(page: Result<HistoryPage, Error>) -> PageOutcome {
        PageOutcome {
            page,
            signal: Signal::default(),
            hold_until: None,
        }
    }

    /// The fetch's last attempt succeeded after `latency`, at its first attempt unless
    /// [`retried`](Self::retried) says otherwise: a clean completion.
    pub fn latency(mut self, latency: Duration) -> PageOutcome {
        self.signal.latency = Some(latency);
        self
    }

    /// As [`latency`](Self::latency), when it may not be known.
    pub fn maybe_latency(mut self, latency: Option<Duration>) -> PageOutcome {
        self.signal.latency = latency;
        self
    }

    /// It needed more than one attempt.
    pub fn retried(mut self, retried: bool) -> PageOutcome {
        self.signal.retried = retried;
        self
    }

    /// An attempt met a 429 or 503, a timeout or a failed connection: the window halves.
    pub fn overloaded(mut self, overloaded: bool) -> PageOutcome {
        self.signal.overloaded = overloaded;
        self
    }

    /// The server asked for no request before `until` (a reading of the same monotonic
    /// clock as `step`'s `now`): nothing more is handed out before then.
    pub fn hold_until(mut self, until: Duration) -> PageOutcome {
        self.hold_until = Some(until);
        self
    }

    /// As [`hold_until`](Self::hold_until), when there may be no such time.
    pub fn maybe_hold_until(mut self, until: Option<Duration>) -> PageOutcome {
        self.hold_until = until;
        self
    }
}

/// What a transport does next in a whole-history export; `F` is the fetch to start
/// ([`PageRequest`] from a [`HistoryPager`](super::HistoryPager), a ready-to-run
/// [`PageFetch`](crate::transport::PageFetch) from an [`Export`](crate::transport::Export)).
///
/// Exhaustive on purpose: a transport must act on every step, so a new one is a breaking
/// change that the compiler points out, not a wildcard arm that ignores it.
#[derive(Debug)]
pub enum ExportStep<F> {
    /// Hand out these entries, in order (never an empty page).
    Page(HistoryPage),
    /// Start this fetch (it runs while pages are handed out) and deliver its result with its
    /// ticket.
    Fetch(F),
    /// The fetch of this ticket is no longer needed: abort it if the transport can (its
    /// result, when it comes, is ignored; deliver it anyway, or a cancellation, to free its
    /// place in the window).
    Cancel(Ticket),
    /// Nothing can go on before a fetch ends: wait for any of them to end and deliver it,
    /// or, if `at_most` is given, for at most that long (fetches are held back until then)
    /// and step again.
    Await {
        /// The longest to wait.
        at_most: Option<Duration>,
    },
    /// Yield this error; the export is over.
    Failed(Error),
    /// The export is complete. Fetches still running are not needed: drop them.
    Finished,
}

impl<F> ExportStep<F> {
    /// The same step with the fetch turned into another form.
    pub fn map_fetch<G>(self, f: impl FnOnce(F) -> G) -> ExportStep<G> {
        match self {
            ExportStep::Page(page) => ExportStep::Page(page),
            ExportStep::Fetch(fetch) => ExportStep::Fetch(f(fetch)),
            ExportStep::Cancel(ticket) => ExportStep::Cancel(ticket),
            ExportStep::Await { at_most } => ExportStep::Await { at_most },
            ExportStep::Failed(error) => ExportStep::Failed(error),
            ExportStep::Finished => ExportStep::Finished,
        }
    }
}
