//! A whole-history export as a `Stream`: the engine's [`Export`] decides every fetch; this
//! runs each on a task and yields the entries.

use futures_core::Stream;
use solapi_cash_core::{Error, Export, ExportStep, PageFetch, Ticket};
use solapi_cash_types::HistoryEntry;
use tokio::task::JoinHandle;

use crate::client::Client;

/// A page fetch running on its own task, aborted when dropped: dropping the stream stops
/// the work nobody waits for any more.
struct Running {
    ticket: Ticket,
    task: JoinHandle<Result<Vec<HistoryEntry>, Error>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The state of a `history_all` stream.
struct State {
    client: Client,
    export: Export,
    running: Vec<Running>,
}

impl State {
    fn start(&mut self, fetch: PageFetch) {
        let client = self.client.clone();
        let ticket = fetch.ticket();
        let task = tokio::spawn(async move { client.drive(fetch).await });
        self.running.push(Running { ticket, task });
    }

    async fn finish(&mut self, ticket: Ticket) -> Result<Vec<HistoryEntry>, Error> {
        let Some(at) = self.running.iter().position(|r| r.ticket == ticket) else {
            return Err(Error::cancelled(solapi_cash_core::Operation::History));
        };
        let mut running = self.running.swap_remove(at);
        match (&mut running.task).await {
            Ok(page) => page,
            Err(join) if join.is_panic() => std::panic::resume_unwind(join.into_panic()),
            // The runtime is shutting down.
            Err(_) => Err(Error::cancelled(solapi_cash_core::Operation::History)),
        }
    }
}

/// The entries of `export`, fetched by `client`.
pub(crate) fn stream(
    client: Client,
    export: Export,
) -> impl Stream<Item = Result<HistoryEntry, Error>> + Send + 'static {
    let state = State {
        client,
        export,
        running: Vec::new(),
    };
    futures_util::stream::unfold(state, |mut state| async move {
        loop {
            match state.export.step() {
                ExportStep::Entry(entry) => return Some((Ok(entry), state)),
                ExportStep::Failed(error) => return Some((Err(error), state)),
                ExportStep::Finished => return None,
                ExportStep::Fetch(fetch) => state.start(fetch),
                ExportStep::Await(ticket) => {
                    let page = state.finish(ticket).await;
                    state.export.deliver(ticket, page);
                }
            }
        }
    })
}
