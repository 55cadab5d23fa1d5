//! [`Engine`]: a client's settings, learned state, clock and randomness in one shared value,
//! and the machines it makes; [`FromEngine`]: how a client crate wraps one.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use solapi_cash_types::query::HistoryQuery;
use time::OffsetDateTime;

use crate::call::Call;
use crate::clock::Clock;
use crate::config::ClientConfig;
use crate::context::Context;
use crate::endpoint::Endpoint;
use crate::entropy::Entropy;
use crate::error::{Error, MoneyAttempt};
use crate::export::Export;
use crate::rate_limit::RateBudget;
use crate::reconcile::Reconciler;
use crate::reconcile_call::ReconcileCall;
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
    /// What the machines it makes are handed (they never call back into the engine).
    context: Arc<Context>,
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
        let context = Context {
            budget,
            id: NEXT_ENGINE_ID.fetch_add(1, Ordering::Relaxed),
            config,
            session: Session::new(clock_offset),
            clock,
            entropy,
        };
        Engine {
            context: Arc::new(context),
        }
    }

    /// The settings.
    pub fn config(&self) -> &ClientConfig {
        &self.context.config
    }

    /// The offset signing adds to this machine's clock: the one the client was built with,
    /// or the one learned from the server's `Date` when the server rejected the clock
    /// (`RequestTimeTooSkewed`).
    pub fn clock_offset(&self) -> time::Duration {
        self.context.session.offset()
    }

    /// The server's time now, as far as the client knows: the last `Date` the server sent
    /// plus the monotonic time since (never later than the truth, by up to a second plus a
    /// round trip, since a `Date` is truncated to the second and read after it was written);
    /// before any `Date` arrived, this machine's clock plus [`clock_offset`](Self::clock_offset).
    pub fn server_now(&self) -> OffsetDateTime {
        self.context.server_now()
    }

    /// The attempt a recharge of `request` that begins now will be, for a caller that needs
    /// it before the call can report it (an interrupt while the recharge is on its way): its
    /// start is read now — before the call begins, so early — and
    /// [`attempt_start`](Self::attempt_start) reads it again later from whatever `Date`
    /// arrived meanwhile.
    pub fn begin_attempt(
        &self,
        request: &solapi_cash_types::models::RechargeRequest,
    ) -> MoneyAttempt {
        let entry = crate::EntryMatch::recharge(&request.amount.to_money());
        self.context
            .attempt(entry, Some(request), self.context.clock.monotonic())
    }

    /// Like [`begin_attempt`](Self::begin_attempt), for any call that moves money, by the
    /// entry it writes (a transfer: [`EntryMatch::transfer`](crate::EntryMatch::transfer); a
    /// withdrawal: [`EntryMatch::withdrawal`](crate::EntryMatch::withdrawal)).
    pub fn begin_attempt_for(&self, entry: crate::EntryMatch) -> MoneyAttempt {
        self.context
            .attempt(entry, None, self.context.clock.monotonic())
    }

    /// From where on the server's clock an entry can prove `attempt`, as far as this engine
    /// can tell now (to the millisecond): the latest reading of its start — for an attempt
    /// begun on this engine, measured afresh from the last `Date` less the monotonic time
    /// since it began — or, when the server's clock was never measured, this machine's
    /// reading plus [`Tuning::unmeasured_margin`](crate::Tuning::unmeasured_margin). What to give `recharge
    /// status --since` (or [`MoneyAttempt::for_amount`]) when a reconciliation could not
    /// run: a later lookup then applies the same rule.
    pub fn attempt_start(&self, attempt: &MoneyAttempt) -> OffsetDateTime {
        self.context.attempt_start(attempt)
    }

    /// A call of `endpoint`, to drive with a transport.
    pub fn call<E: Endpoint>(&self, endpoint: E) -> Call<E> {
        Call::new(&self.context, endpoint)
    }

    /// A whole-history export of `query`, in pages of [`ClientConfig::page_size`].
    pub fn export(&self, query: HistoryQuery) -> Export {
        Export::new(&self.context, query)
    }

    /// The reconciliation of `attempt`: one look at the history (make it wait and look again
    /// with [`ReconcileCall::wait_up_to`]).
    pub fn reconcile(&self, attempt: &MoneyAttempt) -> ReconcileCall {
        ReconcileCall::new(&self.context, attempt)
    }

    /// A reconciler for `attempt` that already knows this client's acknowledged recharges.
    pub fn reconciler(&self, attempt: &MoneyAttempt) -> Result<Reconciler, Error> {
        self.context.reconciler(attempt)
    }
}
