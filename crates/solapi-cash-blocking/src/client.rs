//! [`Client`]: the blocking Cash API client.

use std::sync::Arc;

use solapi_cash_core::client_api::*;
use solapi_cash_core::transport::{FromEngine, Machine};

use crate::driver::Driver;
use crate::history::{HistoryIter, HistoryPages};
use crate::transport;

/// A blocking client of the Cash API. Cheap to clone (clones share the connection pool and
/// what the client learned, such as the offset to the server's clock); `Send + Sync`.
///
/// ```no_run
/// use solapi_cash_blocking::{Client, RechargeRequest};
///
/// let client = Client::from_env()?;
/// let balance = client.balance()?;
/// // `None` when the service sent `null` (or, for the point, nothing).
/// if let (Some(balance), Some(point)) = (&balance.balance, &balance.point) {
///     println!("balance {balance} point {point}");
/// }
/// # Ok::<(), solapi_cash_blocking::Error>(())
/// ```
///
/// A `ureq::Agent` handed in with
/// [`ClientBuilder::http_client`](solapi_cash_core::ClientBuilder::http_client) (for a proxy
/// or root certificates) keeps its other settings; on every request the client still turns
/// redirects off, treats every status as an answer, sets its connect and overall timeouts
/// and reads at most `max_body_bytes` of the answer. It also keeps its own resolver: the
/// client's default agent resolves an IP address without a thread and remembers a name for
/// 30 s, where ureq's resolver starts a thread for every request that has a timeout.
#[derive(Clone, Debug)]
pub struct Client {
    engine: Arc<Engine>,
    driver: Driver,
}

impl FromEngine for Client {
    type Http = ureq::Agent;

    fn default_http(config: &ClientConfig) -> Result<ureq::Agent, Error> {
        Ok(transport::agent(config))
    }

    fn from_engine(engine: Arc<Engine>, agent: ureq::Agent) -> Client {
        Client {
            driver: Driver::new(Arc::clone(&engine), agent),
            engine,
        }
    }
}

solapi_cash_core::client_constructors!(Client);

impl Client {
    /// Calls any endpoint (see [`Endpoint`]); the named methods below are this with the
    /// endpoint filled in.
    pub fn send<E: Endpoint>(&self, endpoint: E) -> Result<E::Output, Error> {
        self.drive(self.engine.call(endpoint))
    }

    // `balance()`, `recharge()`, `recharge_with_mfa()`, `history()`, `payments()` and the
    // operator's settings: one method per row of the core's declaration (`endpoints.rs`).
    solapi_cash_core::client_methods!(blocking);

    // `try_recharge()` and `recharge_with_code()`: a recharge's outcome as a value.
    solapi_cash_core::client_flows!(blocking);

    /// Every entry matching `query`, lazily, page by page, each exactly once, in order, in
    /// bounded memory, several pages fetched at once (see [`HistoryPages`]).
    pub fn history_all(&self, query: HistoryQuery) -> HistoryIter {
        HistoryIter::new(self.driver.clone(), self.engine.export(query))
    }

    /// The same export a page at a time, each [`HistoryPage`] with the JSON text the service
    /// sent for each entry when it is known ([`HistoryPage::sent_json`]), for writers that
    /// copy it instead of encoding every entry again.
    pub fn history_pages(&self, query: HistoryQuery) -> HistoryPages {
        HistoryPages::new(
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
    pub fn reconcile(&self, attempt: &MoneyAttempt) -> Result<Reconciliation, Error> {
        self.drive(self.engine.reconcile(attempt))
    }

    /// [`reconcile`](Self::reconcile), looking again while nothing is found — after pauses of
    /// 0.5 s, 1 s, 2 s, then 5 s at most — until `wait_up_to` has passed since the first
    /// look. Ends at once on an applied or ambiguous answer (looking again cannot make an
    /// ambiguous one a proof), and with `Err` when a look could not be made: "could not check
    /// yet", never "not found".
    pub fn reconcile_waiting(
        &self,
        attempt: &MoneyAttempt,
        wait_up_to: std::time::Duration,
    ) -> Result<Reconciliation, Error> {
        self.drive(self.engine.reconcile(attempt).wait_up_to(wait_up_to))
    }

    /// Drives a machine of the engine (see [`Driver`]).
    fn drive<M: Machine>(&self, machine: M) -> Result<M::Output, Error> {
        self.driver.drive(machine)
    }
}
