//! [`Export`]: a whole-history export bound to a client's [`Context`] — the [`HistoryPager`]'s decisions
//! with every fetch ready to run as a [`PageFetch`], and what the fetches tell each other
//! while they run (a `Retry-After` holds them all back; an overload shrinks the window).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::time::Duration;

use http::header::RETRY_AFTER;
use http::{Response, StatusCode};
use solapi_cash_types::models::HistoryPage;
use solapi_cash_types::query::HistoryQuery;

use crate::call::Call;
use crate::cancel::Cancel;
use crate::context::Context;
use crate::endpoint::ExportPage;
use crate::error::{Error, TransportError, TransportErrorKind};
use crate::machine::{Action, Machine};
use crate::pace::Pace;
use crate::pager::{ExportStep, HistoryPager, PageOutcome, Ticket};
use crate::rate_limit::Class;
use crate::retry::parse_retry_after;

/// A whole-history export: every entry matching a query, each exactly once, in order, in
/// bounded memory (see [`HistoryPager`]), with several pages in flight (the client's
/// [`Concurrency`](crate::Concurrency)). A transport loops on [`step`](Export::step): it
/// starts each [`PageFetch`] it is handed (on a task or a worker thread, so that fetches run
/// together and while pages are handed out), aborts the ones it is told to cancel, hands out
/// the pages, waits for any fetch to end when told to, and [`deliver`](Export::deliver)s
/// results.
///
/// Dropping the export cancels its fetches: each stops before its next attempt (a transport
/// that can abort an exchange under way, as the async one does, also aborts that).
#[derive(Debug)]
pub struct Export {
    context: Arc<Context>,
    pager: HistoryPager,
    keep_text: bool,
    fetches: Vec<(Ticket, Arc<FetchState>)>,
}

/// What a running fetch shares with its export.
#[derive(Debug, Default)]
struct FetchState {
    cancel: Cancel,
    attempts: AtomicU32,
    overloaded: AtomicBool,
    /// The last successful attempt's duration in nanoseconds; `u64::MAX` for none.
    latency_ns: AtomicU64,
}

impl Export {
    pub(crate) fn new(context: &Arc<Context>, query: HistoryQuery) -> Export {
        let config = &context.config;
        Export {
            pager: HistoryPager::new(
                query,
                config.page_size(),
                config.max_pages(),
                config.export_concurrency(),
            ),
            context: Arc::clone(context),
            keep_text: false,
            fetches: Vec::new(),
        }
    }

    /// Keeps each entry's JSON text as the service sent it in the pages handed out (see
    /// [`HistoryPage::sent_json`]), for writers that copy it instead of encoding each entry.
    pub fn keep_sent_text(mut self) -> Export {
        self.keep_text = true;
        self
    }

    /// The next thing to do (see [`ExportStep`]).
    pub fn step(&mut self) -> ExportStep<PageFetch> {
        if let Some(limit) = self.context.budget.limit(Class::Read) {
            self.pager.limit_in_flight(limit);
        }
        let now = self.context.clock.monotonic();
        match self.pager.step(now) {
            ExportStep::Fetch(request) => {
                let (ticket, query) = request.into_parts();
                let state = Arc::new(FetchState {
                    latency_ns: AtomicU64::new(u64::MAX),
                    ..FetchState::default()
                });
                self.fetches.push((ticket, Arc::clone(&state)));
                let endpoint = ExportPage {
                    query,
                    keep_text: self.keep_text,
                };
                ExportStep::Fetch(PageFetch {
                    ticket,
                    call: Call::new(&self.context, endpoint).cancelled_by(&state.cancel),
                    context: Arc::clone(&self.context),
                    pace: self.pager.pace().clone(),
                    state,
                    sent_at: Duration::ZERO,
                })
            }
            ExportStep::Cancel(ticket) => {
                if let Some((_, state)) = self.fetches.iter().find(|(t, _)| *t == ticket) {
                    state.cancel.cancel();
                }
                ExportStep::Cancel(ticket)
            }
            ExportStep::Page(page) => ExportStep::Page(page),
            ExportStep::Await { at_most } => ExportStep::Await { at_most },
            ExportStep::Failed(error) => ExportStep::Failed(error),
            ExportStep::Finished => ExportStep::Finished,
        }
    }

    /// Hands over the result of the [`PageFetch`] of `ticket` (a cancelled fetch's too, or
    /// [`Error::cancelled`] for one aborted before it ended).
    pub fn deliver(&mut self, ticket: Ticket, page: Result<HistoryPage, Error>) {
        let state = self
            .fetches
            .iter()
            .position(|(t, _)| *t == ticket)
            .map(|at| self.fetches.swap_remove(at).1);
        let outcome = match state {
            Some(state) => {
                let latency = state.latency_ns.load(Ordering::Relaxed);
                PageOutcome::new(page)
                    .overloaded(state.overloaded.load(Ordering::Relaxed))
                    .retried(state.attempts.load(Ordering::Relaxed) > 1)
                    .maybe_latency((latency != u64::MAX).then(|| Duration::from_nanos(latency)))
            }
            None => PageOutcome::new(page),
        };
        let now = self.context.clock.monotonic();
        self.pager.deliver(ticket, outcome, now);
    }

    /// Pages consumed so far.
    pub fn pages(&self) -> u64 {
        self.pager.pages()
    }

    /// The most fetches this export ever has in flight at once: what a transport running
    /// them on threads needs at most.
    pub fn window(&self) -> usize {
        self.pager.window()
    }

    /// Fetches handed out and not delivered yet.
    pub fn in_flight(&self) -> usize {
        self.pager.in_flight()
    }
}

impl Drop for Export {
    fn drop(&mut self) {
        for (_, state) in &self.fetches {
            state.cancel.cancel();
        }
    }
}

/// One page of an export, to run as a [`Machine`] (with the usual retries of a read; the
/// page is decoded when it arrives, on whatever thread runs the machine) and deliver with
/// its [`ticket`](PageFetch::ticket).
#[derive(Debug)]
pub struct PageFetch {
    ticket: Ticket,
    call: Call<ExportPage>,
    context: Arc<Context>,
    pace: Pace,
    state: Arc<FetchState>,
    sent_at: Duration,
}

impl PageFetch {
    /// The ticket to deliver the result with.
    pub fn ticket(&self) -> Ticket {
        self.ticket
    }

    fn now(&self) -> Duration {
        self.context.clock.monotonic()
    }

    /// What an answer says about the server, for every fetch of the export.
    fn observe(&self, answer: &Result<Response<Vec<u8>>, TransportError>, now: Duration) {
        let overloaded = match answer {
            Ok(response) => {
                let status = response.status();
                if status == StatusCode::TOO_MANY_REQUESTS
                    || status == StatusCode::SERVICE_UNAVAILABLE
                {
                    self.hold_for_retry_after(response, now);
                    true
                } else {
                    if status.is_success() {
                        let latency = u64::try_from(now.saturating_sub(self.sent_at).as_nanos())
                            .unwrap_or(u64::MAX - 1);
                        self.state.latency_ns.store(latency, Ordering::Relaxed);
                    }
                    false
                }
            }
            Err(failure) => matches!(
                failure.kind(),
                TransportErrorKind::Timeout | TransportErrorKind::Connect
            ),
        };
        if overloaded {
            self.state.overloaded.store(true, Ordering::Relaxed);
            self.pace.overloaded(self.ticket.0);
        }
    }

    /// A `Retry-After` the retry policy would honour holds back every fetch until then (one
    /// it would not honour fails this fetch, and the export with it).
    fn hold_for_retry_after(&self, response: &Response<Vec<u8>>, now: Duration) {
        let context = &self.context;
        let wait = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, context.server_now()));
        if let Some(wait) = wait.filter(|w| *w <= context.config.retry().max_retry_after()) {
            self.pace.hold_until(now.saturating_add(wait));
        }
    }
}

impl Machine for PageFetch {
    type Output = HistoryPage;

    fn next_action(&mut self) -> Action<HistoryPage> {
        if self.call.about_to_send()
            && !self.call.is_cancelled()
            && let Some(wait) = self.pace.wait(self.now())
        {
            return Action::Sleep(wait);
        }
        let action = self.call.next_action();
        if matches!(action, Action::Send(_)) {
            self.sent_at = self.now();
            self.state.attempts.fetch_add(1, Ordering::Relaxed);
        }
        action
    }

    fn receive(&mut self, answer: Result<Response<Vec<u8>>, TransportError>) {
        let now = self.now();
        self.observe(&answer, now);
        self.call.receive(answer);
    }

    fn span(&self) -> &tracing::Span {
        self.call.span()
    }

    fn is_cancelled(&self) -> bool {
        self.call.is_cancelled()
    }
}
