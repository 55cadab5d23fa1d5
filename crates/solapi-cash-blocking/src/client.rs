//! [`Client`]: the blocking Cash API client.

use std::sync::Arc;
use std::time::{Duration, Instant};

use solapi_cash_core::client_api::*;
use solapi_cash_core::{Action, FromEngine, HttpStack, Machine};

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
    agent: HttpStack<ureq::Agent>,
}

impl FromEngine for Client {
    type Http = ureq::Agent;

    fn default_http(config: &ClientConfig) -> Result<ureq::Agent, Error> {
        Ok(transport::agent(config))
    }

    fn from_engine(engine: Arc<Engine>, agent: ureq::Agent) -> Client {
        Client {
            engine,
            agent: HttpStack::new(agent),
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

    /// Every entry matching `query`, lazily, page by page, each exactly once, in order, in
    /// bounded memory, several pages fetched at once (see [`HistoryPages`]).
    pub fn history_all(&self, query: HistoryQuery) -> HistoryIter {
        HistoryIter::new(self.clone(), self.engine.export(query))
    }

    /// The same export a page at a time, each [`HistoryPage`] with the JSON text the service
    /// sent for each entry when it is known ([`HistoryPage::sent_json`]), for writers that
    /// copy it instead of encoding every entry again.
    pub fn history_pages(&self, query: HistoryQuery) -> HistoryPages {
        HistoryPages::new(self.clone(), self.engine.export(query).keep_sent_text())
    }

    /// Finds out what became of a recharge whose answer was lost, or was a 2xx without a
    /// readable receipt ([`Error::recharge_attempt`]), in one look at the history, by what it
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
    pub fn reconcile(&self, attempt: &RechargeAttempt) -> Result<Reconciliation, Error> {
        self.drive(self.engine.reconcile(attempt))
    }

    /// [`reconcile`](Self::reconcile), looking again while nothing is found — after pauses of
    /// 0.5 s, 1 s, 2 s, then 5 s at most — until `wait_up_to` has passed since the first
    /// look. Ends at once on an applied or ambiguous answer (looking again cannot make an
    /// ambiguous one a proof), and with `Err` when a look could not be made: "could not check
    /// yet", never "not found".
    pub fn reconcile_waiting(
        &self,
        attempt: &RechargeAttempt,
        wait_up_to: std::time::Duration,
    ) -> Result<Reconciliation, Error> {
        self.drive(self.engine.reconcile(attempt).wait_up_to(wait_up_to))
    }

    /// Drives a machine of the engine: the only loop in this crate that sends requests.
    pub(crate) fn drive<M: Machine>(&self, mut machine: M) -> Result<M::Output, Error> {
        loop {
            match machine.next_action() {
                Action::Send(request) => {
                    let span = machine.span().clone();
                    let answer = span.in_scope(|| {
                        transport::send(self.agent.get(), request, self.engine.config())
                    });
                    machine.receive(answer);
                }
                Action::Sleep(wait) => pause(&machine, wait),
                Action::Done(result) => return result,
            }
        }
    }
}

/// How often a sleeping machine is asked whether it is still wanted.
const PAUSE_SLICE: Duration = Duration::from_millis(50);

/// Sleeps `wait` (a backoff, a `Retry-After`), cut short once the machine's result is no
/// longer wanted: an export dropped while its workers wait out a 60-second `Retry-After`
/// would otherwise keep them, and their clients, for that long.
fn pause<M: Machine>(machine: &M, wait: Duration) {
    let start = Instant::now();
    while !machine.is_cancelled() {
        let left = wait.saturating_sub(start.elapsed());
        if left.is_zero() {
            return;
        }
        std::thread::sleep(left.min(PAUSE_SLICE));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A machine that is already cancelled, or not.
    struct Idle(bool, tracing::Span);

    impl Machine for Idle {
        type Output = ();
        fn next_action(&mut self) -> Action<()> {
            Action::Done(Ok(()))
        }
        fn receive(
            &mut self,
            _: Result<http::Response<Vec<u8>>, solapi_cash_core::TransportError>,
        ) {
        }
        fn span(&self) -> &tracing::Span {
            &self.1
        }
        fn is_cancelled(&self) -> bool {
            self.0
        }
    }

    #[test]
    fn a_pause_ends_at_once_for_a_machine_nobody_waits_for() {
        let (done, finished) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            pause(
                &Idle(true, tracing::Span::none()),
                Duration::from_secs(3600),
            );
            let _ = done.send(());
        });
        // A liveness bound, not a measurement: the hour is not waited out.
        assert!(finished.recv_timeout(Duration::from_secs(60)).is_ok());
        let start = Instant::now();
        pause(
            &Idle(false, tracing::Span::none()),
            Duration::from_millis(20),
        );
        assert!(
            start.elapsed() >= Duration::from_millis(20),
            "a wanted pause is slept"
        );
    }
}
