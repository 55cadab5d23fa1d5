//! [`Export`]: a whole-history export bound to an engine — the [`HistoryPager`]'s decisions
//! with every fetch ready to run as a [`PageFetch`].

use std::sync::Arc;

use http::Response;
use solapi_cash_types::models::HistoryEntry;
use solapi_cash_types::query::HistoryQuery;

use crate::call::Call;
use crate::cancel::Cancel;
use crate::endpoint::History;
use crate::engine::Engine;
use crate::error::{Error, TransportError};
use crate::machine::{Action, Machine};
use crate::pager::{ExportStep, HistoryPager, Ticket};

/// A whole-history export: every entry matching a query, each exactly once, in constant
/// memory (see [`HistoryPager`]). A transport loops on [`step`](Export::step): it yields
/// entries, starts each [`PageFetch`] it is handed (on a task or a thread, so that it runs
/// while entries are consumed), waits for the one it is told to await, and
/// [`deliver`](Export::deliver)s results.
///
/// Dropping the export cancels its outstanding fetches: each stops before its next attempt
/// (a transport that can abort an exchange under way, as the async one does, also aborts
/// that).
#[derive(Debug)]
pub struct Export {
    engine: Arc<Engine>,
    pager: HistoryPager,
    cancel: Cancel,
}

impl Export {
    pub(crate) fn new(engine: &Arc<Engine>, query: HistoryQuery) -> Export {
        let config = engine.config();
        Export {
            pager: HistoryPager::new(query, config.page_size(), config.max_pages()),
            engine: Arc::clone(engine),
            cancel: Cancel::default(),
        }
    }

    /// The next thing to do (see [`ExportStep`]).
    pub fn step(&mut self) -> ExportStep<PageFetch> {
        let (engine, cancel) = (&self.engine, &self.cancel);
        self.pager.step().map_fetch(|request| {
            let (ticket, query) = request.into_parts();
            PageFetch {
                ticket,
                call: engine.call(History::new(query)).cancelled_by(cancel),
            }
        })
    }

    /// Hands over the result of the [`PageFetch`] of `ticket`.
    pub fn deliver(&mut self, ticket: Ticket, page: Result<Vec<HistoryEntry>, Error>) {
        self.pager.deliver(ticket, page);
    }

    /// Pages consumed so far.
    pub fn pages(&self) -> u64 {
        self.pager.pages()
    }

    /// The most fetches this export has outstanding at once (see [`HistoryPager::window`]):
    /// what a transport running them on threads needs at most.
    pub fn window(&self) -> usize {
        self.pager.window()
    }
}

impl Drop for Export {
    fn drop(&mut self) {
        self.cancel.cancel();
    }
}

/// One page of an export, to run as a [`Machine`] (with the usual retries of a read) and
/// deliver with its [`ticket`](PageFetch::ticket).
#[derive(Debug)]
pub struct PageFetch {
    ticket: Ticket,
    call: Call<History>,
}

impl PageFetch {
    /// The ticket to deliver the result with.
    pub fn ticket(&self) -> Ticket {
        self.ticket
    }
}

impl Machine for PageFetch {
    type Output = Vec<HistoryEntry>;

    fn next_action(&mut self) -> Action<Vec<HistoryEntry>> {
        self.call.next_action()
    }

    fn receive(&mut self, answer: Result<Response<Vec<u8>>, TransportError>) {
        self.call.receive(answer);
    }

    fn span(&self) -> &tracing::Span {
        self.call.span()
    }
}
