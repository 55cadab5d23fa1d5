//! [`Engine`]: a client's settings, learned state, clock and randomness in one shared value,
//! and the machines it makes; [`FromEngine`]: how a client crate wraps one.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use http::HeaderValue;
use solapi_auth::Credentials;
use solapi_cash_types::query::HistoryQuery;
use time::OffsetDateTime;

use crate::call::Call;
use crate::clock::Clock;
use crate::config::ClientConfig;
use crate::endpoint::Endpoint;
use crate::entropy::Entropy;
use crate::error::{Error, Origin, RechargeAttempt};
use crate::export::Export;
use crate::operation::Operation;
use crate::rate_limit::RateBudget;
use crate::reconcile::{Observation, Readings, Reconciler, proof_from};
use crate::reconcile_call::ReconcileCall;
use crate::server_clock::{self, Anchor, ServerTime};
use crate::session::Session;

/// Distinguishes engines, whose monotonic clocks have different origins.
static NEXT_ENGINE_ID: AtomicU64 = AtomicU64::new(1);

/// Everything a client is but its HTTP stack: the settings ([`ClientConfig`]), what it has
/// learned (the offset to the server's clock, its acknowledged recharges), and the clock and
/// randomness it uses. Shared behind an `Arc` by a client and its clones.
///
/// It makes the machines a transport drives: a [`Call`] for one endpoint, an [`Export`] for
/// a whole-history export, a [`ReconcileCall`] for a recharge of unknown outcome.
#[derive(Debug)]
pub struct Engine {
    /// This engine's identity: its monotonic readings mean nothing to another.
    id: u64,
    config: ClientConfig,
    session: Session,
    clock: Arc<dyn Clock>,
    entropy: Arc<dyn Entropy>,
    /// The service's rate limit for this client's credential (shared with every client of
    /// the same credential in the process unless the clock was injected).
    budget: Arc<RateBudget>,
}

/// How a client crate turns a built [`Engine`] and an HTTP stack into its client
/// ([`ClientBuilder::build`](crate::ClientBuilder::build) calls it).
pub trait FromEngine: Sized {
    /// The HTTP stack (`reqwest::Client`, `ureq::Agent`).
    type Http;

    /// The HTTP stack used when the caller hands in none.
    fn default_http(config: &ClientConfig) -> Result<Self::Http, Error>;

    /// The client.
    fn from_engine(engine: Arc<Engine>, http: Self::Http) -> Self;
}

/// The engine alone, for a transport of one's own and for tests:
/// `ClientBuilder::<Arc<Engine>>::new()...build()`.
impl FromEngine for Arc<Engine> {
    type Http = ();

    fn default_http(_: &ClientConfig) -> Result<(), Error> {
        Ok(())
    }

    fn from_engine(engine: Arc<Engine>, (): ()) -> Arc<Engine> {
        engine
    }
}

impl Engine {
    pub(crate) fn new(
        config: ClientConfig,
        clock: Arc<dyn Clock>,
        entropy: Arc<dyn Entropy>,
        clock_offset: time::Duration,
        budget: Option<Arc<RateBudget>>,
    ) -> Engine {
        let budget = budget.unwrap_or_else(|| Arc::new(RateBudget::new(Arc::clone(&clock))));
        Engine {
            budget,
            id: NEXT_ENGINE_ID.fetch_add(1, Ordering::Relaxed),
            config,
            session: Session::new(clock_offset),
            clock,
            entropy,
        }
    }

    /// The settings.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// The offset signing adds to this machine's clock: the one the client was built with,
    /// or the one learned from the server's `Date` when the server rejected the clock
    /// (`RequestTimeTooSkewed`).
    pub fn clock_offset(&self) -> time::Duration {
        self.session.offset()
    }

    /// The server's time now, as far as the client knows: the last `Date` the server sent
    /// plus the monotonic time since (never later than the truth, by up to a second plus a
    /// round trip, since a `Date` is truncated to the second and read after it was written);
    /// before any `Date` arrived, this machine's clock plus [`clock_offset`](Self::clock_offset).
    pub fn server_now(&self) -> OffsetDateTime {
        self.server_time_at(self.clock.monotonic()).at
    }

    /// The server's time at the monotonic reading `monotonic` (see [`server_now`](Self::server_now)).
    pub(crate) fn server_time_at(&self, monotonic: std::time::Duration) -> ServerTime {
        server_clock::server_time_at(
            self.session.anchor(),
            self.clock.now(),
            self.session.offset(),
            self.clock.monotonic(),
            monotonic,
        )
    }

    /// Adopts the server's `Date` of an answer that arrived at the monotonic reading `at`.
    pub(crate) fn observe_server_date(&self, date: OffsetDateTime, at: std::time::Duration) {
        self.session.observe(Anchor {
            date,
            monotonic: at,
        });
    }

    /// The attempt a recharge call reports, begun at the monotonic reading `began`: its start
    /// on the server's clock as known now (a skew correction or a `Date` received during the
    /// call already counts).
    pub(crate) fn attempt(
        &self,
        request: &solapi_cash_types::models::RechargeRequest,
        began: std::time::Duration,
    ) -> RechargeAttempt {
        let start = self.server_time_at(began);
        RechargeAttempt::observed(
            request.clone(),
            start.at,
            start.measured,
            Origin {
                engine: self.id,
                monotonic: began,
            },
        )
    }

    /// The attempt a recharge of `request` that begins now will be, for a caller that needs
    /// it before the call can report it (an interrupt while the recharge is on its way): its
    /// start is read now — before the call begins, so early — and
    /// [`attempt_start`](Self::attempt_start) reads it again later from whatever `Date`
    /// arrived meanwhile.
    pub fn begin_attempt(
        &self,
        request: &solapi_cash_types::models::RechargeRequest,
    ) -> RechargeAttempt {
        self.attempt(request, self.clock.monotonic())
    }

    /// The readings of `attempt`'s start on the server's clock this engine can give now: for
    /// an attempt begun on this engine, the start measured afresh (the last `Date` less the
    /// monotonic time elapsed since the attempt began: unaffected by this machine's clock or
    /// a skew correction since) together with the one taken when it was reported, if that was
    /// measured too (two readings that disagree mean the server's clock stepped between them);
    /// for any other, the start it carries.
    fn start_readings(&self, attempt: &RechargeAttempt) -> Readings {
        let reported = Readings {
            earliest: attempt.started_at(),
            latest: attempt.started_at(),
            measured: attempt.start_measured(),
        };
        match attempt.origin() {
            Some(origin) if origin.engine == self.id => {
                let fresh = self.server_time_at(origin.monotonic);
                let fresh = Readings {
                    earliest: fresh.at,
                    latest: fresh.at,
                    measured: fresh.measured,
                };
                // Unmeasured, a reading is this machine's clock: only the fresh one counts.
                if fresh.measured {
                    reported.and(fresh)
                } else {
                    fresh
                }
            }
            _ => reported,
        }
    }

    /// From where on the server's clock an entry can prove `attempt`, as far as this engine
    /// can tell now (to the millisecond): the latest reading of its start, or — when the
    /// server's clock was never measured — this machine's reading plus
    /// [`UNMEASURED_MARGIN`](crate::UNMEASURED_MARGIN). What to give `recharge status
    /// --since` (or [`RechargeAttempt::for_amount`]) when a reconciliation could not run: a
    /// later lookup then applies the same rule.
    pub fn attempt_start(&self, attempt: &RechargeAttempt) -> OffsetDateTime {
        let readings = self.start_readings(attempt);
        proof_from(readings.latest, readings.measured)
    }

    /// What a page of a reconciliation of `attempt` tells about the server's clock, right
    /// after it arrived with the `Date` `server_date` (already observed): the readings of the
    /// attempt's start and the page's time, both on the server's clock.
    pub(crate) fn observation(
        &self,
        attempt: &RechargeAttempt,
        server_date: Option<OffsetDateTime>,
    ) -> Observation {
        let monotonic = self.clock.monotonic();
        let now = match server_date {
            Some(date) => ServerTime {
                at: date,
                measured: true,
            },
            None => self.server_time_at(monotonic),
        };
        let start = self.start_readings(attempt);
        Observation::new(
            start.earliest,
            now.at,
            start.measured && now.measured,
            monotonic,
        )
        .and_start(start.latest)
    }

    /// A call of `endpoint`, to drive with a transport.
    pub fn call<E: Endpoint>(self: &Arc<Self>, endpoint: E) -> Call<E> {
        Call::new(self, endpoint)
    }

    /// A whole-history export of `query`, in pages of [`ClientConfig::page_size`].
    pub fn export(self: &Arc<Self>, query: HistoryQuery) -> Export {
        Export::new(self, query)
    }

    /// The reconciliation of `attempt`: one look at the history (make it wait and look again
    /// with [`ReconcileCall::wait_up_to`]).
    pub fn reconcile(self: &Arc<Self>, attempt: &RechargeAttempt) -> ReconcileCall {
        ReconcileCall::new(self, attempt)
    }

    /// A reconciler for `attempt` that already knows this client's acknowledged recharges.
    pub fn reconciler(&self, attempt: &RechargeAttempt) -> Result<Reconciler, Error> {
        Ok(Reconciler::new(attempt)?.excluding(self.session.acknowledged()))
    }

    pub(crate) fn clock(&self) -> &dyn Clock {
        &*self.clock
    }

    pub(crate) fn budget(&self) -> &RateBudget {
        &self.budget
    }

    pub(crate) fn session(&self) -> &Session {
        &self.session
    }

    pub(crate) fn jitter(&self) -> u64 {
        self.entropy.jitter()
    }

    /// Adopts the server's time `server_now` (from its `Date`) as the clock's offset.
    pub(crate) fn correct_clock(&self, server_now: OffsetDateTime) -> time::Duration {
        self.session.set_offset(server_now - self.clock.now())
    }

    /// A fresh `Authorization` header value for one attempt of `operation`, marked
    /// sensitive so that `Debug` of the request does not show it.
    pub(crate) fn authorization(&self, operation: Operation) -> Result<HeaderValue, Error> {
        let credentials = &self.config.credentials;
        // Signing keeps to the rule the service checks it by: the clock plus the offset
        // learned from its rejection, so that no other answer's `Date` can move it.
        let local = self.clock.now();
        let now = local.checked_add(self.session.offset()).unwrap_or(local);
        let auth = match credentials {
            Credentials::ApiKey { .. } => {
                let salt = self
                    .entropy
                    .salt()
                    .map_err(|e| Error::invalid_input(operation, e.to_string()))?;
                credentials.authorization_at(now, &salt)
            }
            // A token needs neither time nor salt: this path reads neither.
            Credentials::Bearer { .. } => credentials
                .authorization(time::Duration::ZERO)
                .map_err(|e| Error::invalid_input(operation, e.to_string()))?,
        };
        // The credentials were checked when the client was built; this is the last guard.
        let mut value = HeaderValue::from_str(auth.header_value()).map_err(|_| {
            crate::sendable::invalid_credentials(
                Some(operation),
                "API key or access token",
                "it cannot be sent in a header",
            )
        })?;
        value.set_sensitive(true);
        Ok(value)
    }
}
