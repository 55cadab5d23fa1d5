//! [`Context`]: what the machines need from the client they run for — its settings, what it
//! has learned, its clock, randomness and rate budget — handed to each machine when it is
//! made, so that no machine calls back into the [`Engine`](crate::Engine) that made it.
//!
//! The dependency runs one way: `engine` → the machines (`call`, `export`,
//! `reconcile_call`) → `context`. A machine reads the parts it needs (the signer, the
//! server's clock, the budget, the retry policy) from the context it holds.

use std::sync::Arc;

use http::HeaderValue;
use solapi_auth::Credentials;
use solapi_cash_types::models::RechargeRequest;
use time::OffsetDateTime;

use crate::clock::Clock;
use crate::config::ClientConfig;
use crate::entropy::Entropy;
use crate::error::{Error, MoneyAttempt, Origin};
use crate::operation::Operation;
use crate::rate_limit::RateBudget;
use crate::reconcile::{Observation, Readings, Reconciler, proof_from};
use crate::server_clock::{self, Anchor, ServerTime};
use crate::session::Session;

/// A client's settings, learned state, clock, randomness and rate budget: shared (behind an
/// `Arc`) by its engine and every machine the engine made.
#[derive(Debug)]
pub(crate) struct Context {
    /// The engine's identity: its monotonic readings mean nothing to another.
    pub(crate) id: u64,
    pub(crate) config: ClientConfig,
    pub(crate) session: Session,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) entropy: Arc<dyn Entropy>,
    /// The service's rate limit for this client's credential (shared with every client of
    /// the same credential in the process unless the clock was injected).
    pub(crate) budget: Arc<RateBudget>,
}

impl Context {
    /// The server's time at the monotonic reading `monotonic`: the last `Date` the server
    /// sent plus the monotonic time since; before any `Date` arrived, this machine's clock
    /// plus the signing offset.
    pub(crate) fn server_time_at(&self, monotonic: std::time::Duration) -> ServerTime {
        server_clock::server_time_at(
            self.session.anchor(),
            self.clock.now(),
            self.session.offset(),
            self.clock.monotonic(),
            monotonic,
        )
    }

    /// The server's time now, as far as the client knows.
    pub(crate) fn server_now(&self) -> OffsetDateTime {
        self.server_time_at(self.clock.monotonic()).at
    }

    /// Adopts the server's `Date` of an answer that arrived at the monotonic reading `at`.
    pub(crate) fn observe_server_date(&self, date: OffsetDateTime, at: std::time::Duration) {
        self.session.observe(Anchor {
            date,
            monotonic: at,
        });
    }

    /// Adopts the server's time `server_now` (from its `Date`) as the clock's offset.
    pub(crate) fn correct_clock(&self, server_now: OffsetDateTime) -> time::Duration {
        self.session.set_offset(server_now - self.clock.now())
    }

    /// The attempt a money-moving call reports (the entry it writes, and the recharge it is,
    /// if it is one), begun at the monotonic reading `began`: its start on the server's clock
    /// as known now (a skew correction or a `Date` received during the call already counts).
    pub(crate) fn attempt(
        &self,
        entry: crate::EntryMatch,
        request: Option<&RechargeRequest>,
        began: std::time::Duration,
    ) -> MoneyAttempt {
        let start = self.server_time_at(began);
        MoneyAttempt::observed(
            entry,
            request.cloned(),
            start.at,
            start.measured,
            Origin {
                engine: self.id,
                monotonic: began,
            },
        )
    }

    /// The readings of `attempt`'s start on the server's clock this client can give now: for
    /// an attempt begun on this client, the start measured afresh (the last `Date` less the
    /// monotonic time elapsed since the attempt began: unaffected by this machine's clock or
    /// a skew correction since) together with the one taken when it was reported, if that was
    /// measured too (two readings that disagree mean the server's clock stepped between them);
    /// for any other, the start it carries.
    pub(crate) fn start_readings(&self, attempt: &MoneyAttempt) -> Readings {
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

    /// From where on the server's clock an entry can prove `attempt` (see
    /// [`Engine::attempt_start`](crate::Engine::attempt_start)).
    pub(crate) fn attempt_start(&self, attempt: &MoneyAttempt) -> OffsetDateTime {
        let readings = self.start_readings(attempt);
        proof_from(readings.latest, readings.measured)
    }

    /// What a page of a reconciliation of `attempt` tells about the server's clock, right
    /// after it arrived with the `Date` `server_date` (already observed): the readings of the
    /// attempt's start and the page's time, both on the server's clock.
    pub(crate) fn observation(
        &self,
        attempt: &MoneyAttempt,
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

    /// A reconciler for `attempt` that already knows this client's acknowledged recharges.
    pub(crate) fn reconciler(&self, attempt: &MoneyAttempt) -> Result<Reconciler, Error> {
        Ok(Reconciler::new(attempt)?.excluding(self.session.acknowledged()))
    }

    /// A fresh `Authorization` header value for one attempt of `operation`, marked
    /// sensitive so that `Debug` of the request does not show it.
    pub(crate) fn authorization(&self, operation: Option<Operation>) -> Result<HeaderValue, Error> {
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
                operation,
                "API key or access token",
                "it cannot be sent in a header",
            )
        })?;
        value.set_sensitive(true);
        Ok(value)
    }
}
