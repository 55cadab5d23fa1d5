//! [`Engine`]: a client's settings, learned state, clock and randomness in one shared value,
//! and the machines it makes; [`FromEngine`]: how a client crate wraps one.

use std::sync::Arc;

use http::HeaderValue;
use solapi_auth::Credentials;
use solapi_cash_types::query::HistoryQuery;
use time::OffsetDateTime;

use crate::call::Call;
use crate::clock::Clock;
use crate::config::ClientConfig;
use crate::endpoint::Endpoint;
use crate::entropy::Entropy;
use crate::error::{Error, RechargeAttempt};
use crate::export::Export;
use crate::operation::Operation;
use crate::reconcile::Reconciler;
use crate::reconcile_call::ReconcileCall;
use crate::session::Session;

/// Everything a client is but its HTTP stack: the settings ([`ClientConfig`]), what it has
/// learned (the offset to the server's clock, its acknowledged recharges), and the clock and
/// randomness it uses. Shared behind an `Arc` by a client and its clones.
///
/// It makes the machines a transport drives: a [`Call`] for one endpoint, an [`Export`] for
/// a whole-history export, a [`ReconcileCall`] for a recharge of unknown outcome.
#[derive(Debug)]
pub struct Engine {
    config: ClientConfig,
    session: Session,
    clock: Arc<dyn Clock>,
    entropy: Arc<dyn Entropy>,
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
    ) -> Engine {
        Engine {
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

    /// The offset of the server's clock from this machine's, as last learned.
    pub fn clock_offset(&self) -> time::Duration {
        self.session.offset()
    }

    /// The server's time now, as far as the client knows: the clock plus the learned offset.
    pub fn server_now(&self) -> OffsetDateTime {
        let now = self.clock.now();
        now.checked_add(self.session.offset()).unwrap_or(now)
    }

    /// A call of `endpoint`, to drive with a transport.
    pub fn call<E: Endpoint>(self: &Arc<Self>, endpoint: E) -> Call<E> {
        Call::new(self, endpoint)
    }

    /// A whole-history export of `query`, in pages of [`ClientConfig::page_size`].
    pub fn export(self: &Arc<Self>, query: HistoryQuery) -> Export {
        Export::new(self, query)
    }

    /// The reconciliation of `attempt`.
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
        let now = self.server_now();
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
        let mut value = HeaderValue::from_str(auth.header_value()).map_err(|_| {
            Error::invalid_input(
                operation,
                "the API key or token holds characters that cannot be sent in a header",
            )
        })?;
        value.set_sensitive(true);
        Ok(value)
    }
}
