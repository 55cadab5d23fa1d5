//! [`Client`]: the async Cash API client.

use std::sync::Arc;

use futures_core::Stream;
use solapi_cash_core::client_api::*;
use solapi_cash_core::transport::{FromEngine, Machine};

use crate::driver::Driver;
use crate::export;
use crate::transport;

/// An async client of the Cash API (tokio). Cheap to clone (clones share the connection pool
/// and what the client learned, such as the offset to the server's clock); `Send + Sync`.
///
/// ```no_run
/// # async fn demo() -> Result<(), solapi_cash_async::Error> {
/// use solapi_cash_async::Client;
///
/// let client = Client::from_env()?;
/// let balance = client.balance().await?;
/// // `None` when the service sent `null` (or, for the point, nothing).
/// if let (Some(balance), Some(point)) = (&balance.balance, &balance.point) {
///     println!("balance {balance} point {point}");
/// }
/// # Ok(()) }
/// ```
///
/// A `reqwest::Client` handed in with
/// [`ClientBuilder::http_client`](solapi_cash_core::ClientBuilder::http_client) (for a proxy
/// or root certificates) keeps its own connect timeout and redirect policy. The client still
/// sets its overall timeout on every request, reads at most `max_body_bytes` of every answer,
/// and refuses an answer that came through a redirect (a recharge's outcome is then
/// unknown): build it with `redirect(reqwest::redirect::Policy::none())`.
#[derive(Clone, Debug)]
pub struct Client {
    engine: Arc<Engine>,
    driver: Driver,
}

impl FromEngine for Client {
    type Http = reqwest::Client;

    fn default_http(config: &ClientConfig) -> Result<reqwest::Client, Error> {
        transport::http_client(config)
    }

    fn from_engine(engine: Arc<Engine>, http: reqwest::Client) -> Client {
        Client {
            driver: Driver::new(Arc::clone(&engine), http),
            engine,
        }
    }
}

solapi_cash_core::client_constructors!(Client);

impl Client {
    /// Calls any endpoint (see [`Endpoint`]); the named methods below are this with the
    /// endpoint filled in.
    pub async fn send<E: Endpoint>(&self, endpoint: E) -> Result<E::Output, Error> {
        self.drive(self.engine.call(endpoint)).await
    }

    // `balance()`, `recharge()`, `recharge_with_mfa()`, `history()`, `payments()` and the
    // operator's settings: one method per row of the core's declaration (`endpoints.rs`).
    solapi_cash_core::client_methods!(async);

    // `try_recharge()` and `recharge_with_code()`: a recharge's outcome as a value.
    solapi_cash_core::client_flows!(async);

    /// Every entry matching `query`, lazily, page by page, each exactly once, in order, in
    /// bounded memory. Several pages are fetched at once (the builder's
    /// [`export_concurrency`](solapi_cash_core::ClientBuilder::export_concurrency); adaptive
    /// by default), each on a task of its own, and decoded there; at most the window of
    /// pages is held. A 429 or 503 slows the export down (fewer in flight, none before the
    /// `Retry-After`) instead of failing it. Yields `Err` once and ends if a page cannot be
    /// fetched, after every entry before that page. Dropping the stream aborts every fetch
    /// still running. Must be polled within a tokio runtime, as every call of this client.
    pub fn history_all(
        &self,
        query: HistoryQuery,
    ) -> impl Stream<Item = Result<HistoryEntry, Error>> + Send + 'static {
        export::entries(self.driver.clone(), self.engine.export(query))
    }

    /// The same export a page at a time, each [`HistoryPage`] with the JSON text the service
    /// sent for each entry when it is known ([`HistoryPage::sent_json`]), for writers that
    /// copy it instead of encoding every entry again.
    pub fn history_pages(
        &self,
        query: HistoryQuery,
    ) -> impl Stream<Item = Result<HistoryPage, Error>> + Send + 'static {
        export::pages(
            self.driver.clone(),
            self.engine.export(query).keep_sent_text(),
        )
    }

    /// Finds out what became of a recharge whose answer was lost, or was a 2xx without a
    /// readable receipt ([`Error::money_attempt`]), in one look at the history, by what it
    /// proves: [`Reconciliation::Applied`] (with its entry) only for an entry that could be no
    /// one else's — the only recharge of the amount in the window, at or after the attempt's
    /// start; [`Reconciliation::Ambiguous`] for one just before the start or several (the
    /// card's statement settles it); [`Reconciliation::NotFoundYet`] for none as of the
    /// server's time (it may still be processing — never "not applied"). Each comes with the
    /// window searched, on the server's clock.
    ///
    /// An `Err` means the history could not be read (rate limited after the client's waits,
    /// a server error, the network): the recharge's outcome is still unknown — "could not
    /// check yet", never "not found". What stays indistinguishable (another process's
    /// recharge of the same amount after the attempt's start while the attempt itself never
    /// arrived) is in `docs/errors.md`.
    pub async fn reconcile(&self, attempt: &MoneyAttempt) -> Result<Reconciliation, Error> {
        self.drive(self.engine.reconcile(attempt)).await
    }

    /// [`reconcile`](Self::reconcile), looking again while nothing is found — after pauses of
    /// 0.5 s, 1 s, 2 s, then 5 s at most — until `wait_up_to` has passed since the first
    /// look. Ends at once on an applied or ambiguous answer (looking again cannot make an
    /// ambiguous one a proof), and with `Err` when a look could not be made: "could not check
    /// yet", never "not found".
    pub async fn reconcile_waiting(
        &self,
        attempt: &MoneyAttempt,
        wait_up_to: std::time::Duration,
    ) -> Result<Reconciliation, Error> {
        self.drive(self.engine.reconcile(attempt).wait_up_to(wait_up_to))
            .await
    }

    /// Drives a machine of the engine (see [`Driver`]).
    async fn drive<M: Machine>(&self, machine: M) -> Result<M::Output, Error> {
        self.driver.drive(machine).await
    }
}
