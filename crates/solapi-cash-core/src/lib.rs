//! The sans-I/O engine that both Cash API clients share: building requests, signing each
//! attempt, reading responses, deciding retries, paging and reconciling — all without I/O.
//! The models it speaks are in `solapi-cash-types`.
//!
//! An SDK user meets this crate through a client (`solapi-cash-async`,
//! `solapi-cash-blocking`), which re-exports what its API uses ([`client_api`]). A transport
//! author needs one module more: [`transport`] (the machines, the loop that drives them, and
//! an example).
//!
//! # Map
//! - The root, for SDK users: [`ClientBuilder`] → [`Engine`] ([`ClientConfig`]: settings;
//!   learned state kept apart); [`Clock`], [`Entropy`]: time and randomness, replaceable;
//!   [`RetryPolicy`], [`Concurrency`], [`Tuning`] (the engine's limits and margins); [`Error`] (kinds, statuses, API codes, and whether
//!   the request may have been applied) and [`MoneyAttempt`]; [`Recharged`]: a recharge's
//!   expected outcomes as values; [`Reconciliation`] and [`EntryMatch`]: what became of a
//!   recharge whose answer was lost; [`Operation`]: the list of the API's endpoints (method,
//!   path, facts); [`endpoint`]: one type per endpoint ([`Endpoint`]: request builder +
//!   response reader).
//! - [`transport`]: [`Machine`](transport::Machine), [`Action`](transport::Action),
//!   [`Call`](transport::Call), [`Export`](transport::Export),
//!   [`ReconcileCall`](transport::ReconcileCall), [`TransportError`](transport::TransportError),
//!   [`FromEngine`](transport::FromEngine).
//! - [`retry`]: the pure retry decision and backoff; [`format_http_date`] /
//!   [`parse_http_date`]: the one HTTP-date codec.
//! - [`client_api`]: what the client crates re-export; [`client_constructors!`],
//!   [`client_methods!`], [`client_flows!`]: the methods both clients have, written once.
//! - Inside (private): `context` (what the machines are handed), `call`, `export`,
//!   `reconcile_call` (the machines), the pure `pager` and `reconcile`, `wire` (building,
//!   error classification, decoding). Sibling crates' tests reach the pager and reconciler
//!   through a hidden `__private` module that is not part of the API.

mod base_url;
mod builder;
mod call;
mod cancel;
pub mod client_api;
mod client_constructors;
mod clock;
mod config;
mod context;
pub mod endpoint;
mod endpoints;
mod engine;
mod entropy;
mod error;
mod export;
mod http_date;
mod http_stack;
mod machine;
mod operation;
mod pace;
mod pager;
mod rate_limit;
mod recharged;
mod reconcile;
mod reconcile_call;
pub mod retry;
mod route;
mod sendable;
mod server_clock;
mod session;
#[cfg(test)]
mod test_entries;
mod tuning;
mod wire;

pub use base_url::{BaseUrl, BaseUrlError};
pub use builder::{BASE_URL_ENV, ClientBuilder};
pub use clock::{Clock, SystemClock};
pub use config::ClientConfig;
pub use endpoint::Endpoint;
pub use endpoints::{Paging, Repeat, Role, Scope};
pub use engine::Engine;
pub use entropy::{Entropy, OsEntropy};
#[allow(deprecated)]
pub use error::RechargeAttempt;
pub use error::{Error, ErrorKind, MoneyAttempt, Outcome};
pub use http_date::{format_http_date, parse_http_date};
pub use operation::Operation;
pub use pager::{Concurrency, KeyedQuery, StartKeyPager};
pub use recharged::{RechargeChallenge, Recharged, UnknownRecharge};
pub use reconcile::{EntryMatch, ReconcileWindow, Reconciliation};
pub use retry::{Jitter, RetryDecision, RetryPolicy};
pub use solapi_auth::Credentials;
pub use tuning::Tuning;

pub mod transport;

/// The engine's insides that sibling crates of this workspace use in their tests, benchmarks
/// and server (the pure pager and reconciler, the rate-limit header reader, the codes the
/// classifier knows). Not part of the public API: anything here may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use crate::pager::{HistoryPager, PageOutcome, PageRequest};
    pub use crate::rate_limit::{RateHeaders, parse_reset};
    pub use crate::reconcile::{Observation, ReconcileStep, Reconciler};
    pub use crate::wire::classify::{CREDENTIAL_ERROR_CODES_400, SIGNING_ERROR_CODES};
}

/// The README's examples, compiled and run as doctests so that the crate's front page on
/// crates.io stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
