//! The sans-I/O engine that both Cash API clients share: building requests, signing each
//! attempt, reading responses, deciding retries, paging and reconciling — all without I/O.
//! The models it speaks are in `solapi-cash-types`.
//!
//! A transport only moves bytes. It holds an [`Engine`] (settings, learned state, clock and
//! randomness), asks it for a machine, and drives that machine with one loop: every
//! [`Machine`] says what to do next ([`Action`]: send this `http::Request<Vec<u8>>`, sleep,
//! or done), and takes the `http::Response<Vec<u8>>` (at most
//! [`ClientConfig::max_body_bytes`] of body) or the [`TransportError`] that says whether the
//! request can have reached the server.
//!
//! ```
//! use std::sync::Arc;
//! use solapi_cash_core::endpoint::Balance;
//! use solapi_cash_core::{Action, ClientBuilder, Credentials, Engine, Machine};
//!
//! let engine: Arc<Engine> = ClientBuilder::new()
//!     .base_url("http://127.0.0.1:8080")
//!     .credentials(Credentials::api_key("NCSAYU7YDBXYORXC", "my-api-secret"))
//!     .build()?;
//! let mut call = engine.call(Balance::new());
//! let Action::Send(request) = call.next_action() else { unreachable!() };
//! assert!(request.headers()["authorization"].to_str()?.starts_with("HMAC-SHA256 apiKey="));
//! // A transport would send it; here the server answers directly.
//! call.receive(Ok(http::Response::new(br#"{"balance": 500, "point": 0}"#.to_vec())));
//! let Action::Done(balance) = call.next_action() else { unreachable!() };
//! assert_eq!(balance?.balance.map(|m| m.to_string()).as_deref(), Some("500"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Map
//! - [`Operation`]: the list of the API's endpoints (method, path, facts); [`endpoint`]: one
//!   type per endpoint ([`Endpoint`]: request builder + response reader); `wire`: what they
//!   share (building, error classification, decoding).
//! - [`Machine`], [`Action`]: the shape every machine has. [`Call`]: one call, attempt by
//!   attempt (signing, skew correction, retries, tracing); [`Export`] with [`PageFetch`]: a
//!   whole-history export on top of the pure [`HistoryPager`]; [`ReconcileCall`]: a
//!   reconciliation on top of the pure [`Reconciler`], which looks for the entry an
//!   [`EntryMatch`] describes and says "applied" only for one that could be no one else's.
//! - [`retry`]: the pure retry decision and backoff; [`format_http_date`] /
//!   [`parse_http_date`]: the one HTTP-date codec.
//! - [`ClientBuilder`] → [`Engine`] ([`ClientConfig`]: settings; learned state kept apart);
//!   [`Clock`], [`Entropy`]: time and randomness, replaceable; [`FromEngine`]: how a client
//!   crate wraps an engine.
//! - [`Error`]: kinds, statuses, API codes, and whether the request may have been applied.
//! - [`client_api`]: what the client crates re-export; [`client_constructors!`]: the
//!   constructors both clients have.

mod base_url;
mod builder;
mod call;
mod cancel;
pub mod client_api;
mod client_constructors;
mod clock;
mod config;
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
mod reconcile;
mod reconcile_call;
pub mod retry;
mod sendable;
mod server_clock;
mod session;
#[cfg(test)]
mod test_entries;
mod wire;

pub use base_url::{BaseUrl, BaseUrlError};
pub use builder::{BASE_URL_ENV, ClientBuilder};
pub use call::Call;
pub use clock::{Clock, SystemClock};
pub use config::ClientConfig;
pub use endpoint::Endpoint;
pub use endpoints::{Paging, Repeat, Role, Scope};
pub use engine::{Engine, FromEngine};
pub use entropy::{Entropy, OsEntropy};
pub use error::{Error, ErrorKind, Outcome, RechargeAttempt, TransportError, TransportErrorKind};
pub use export::{Export, PageFetch};
pub use http_date::{format_http_date, parse_http_date};
pub use http_stack::HttpStack;
pub use machine::{Action, Machine};
pub use operation::Operation;
pub use pager::{
    ADAPTIVE_ENTRIES, ADAPTIVE_MAX, Concurrency, ExportStep, HistoryPager, MAX_CONCURRENCY,
    PageOutcome, PageRequest, Ticket,
};
pub use pager::{KeyedQuery, StartKeyPager};
pub use rate_limit::{MAX_RESET, RateHeaders, parse_reset};
pub use reconcile::{
    EARLIER_LOOKBACK, EntryMatch, MAX_LOOK_PAGES, Observation, RECONCILE_MARGIN, ReconcileStep,
    ReconcileWindow, Reconciler, Reconciliation, UNMEASURED_MARGIN,
};
pub use reconcile_call::ReconcileCall;
pub use retry::{Jitter, RetryDecision, RetryPolicy};
pub use sendable::MAX_CREDENTIAL_BYTES;
pub use solapi_auth::Credentials;
pub use wire::classify::{CREDENTIAL_ERROR_CODES_400, SIGNING_ERROR_CODES};
pub use wire::request::USER_AGENT;

/// The README's examples, compiled and run as doctests so that the crate's front page on
/// crates.io stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
