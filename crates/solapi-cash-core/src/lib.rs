//! The sans-I/O engine that both Cash API clients share: building requests, signing each
//! attempt, reading responses, deciding retries, paging and reconciling — all without I/O.
//! The models it speaks are in `solapi-cash-types`.
//!
//! A transport only moves bytes: it turns an `http::Request<Vec<u8>>` into an
//! `http::Response<Vec<u8>>` (reading at most [`ClientConfig::max_body_bytes`]) or a
//! [`TransportError`] that says whether the request can have reached the server, and drives a
//! [`Call`] with it.
//!
//! - [`endpoints`]: per endpoint, the pure request builder and response reader.
//! - [`Call`]: one call, attempt by attempt (signing, skew correction, retries, tracing).
//! - [`retry`]: the pure retry decision and backoff.
//! - [`HistoryPager`]: whole-history exports, exactly once, in constant memory.
//! - [`Reconciler`]: finding out whether a recharge of unknown outcome was applied.
//! - [`Error`]: kinds, statuses, API codes, and whether the request may have been applied.

mod base_url;
mod call;
mod clock;
mod config;
pub mod endpoints;
mod error;
mod operation;
mod pager;
mod reconcile;
pub mod retry;
#[cfg(test)]
mod test_entries;

pub use base_url::{BaseUrl, BaseUrlError};
pub use call::{Call, Step};
pub use clock::Clock;
pub use config::{BASE_URL_ENV, ClientBuilder, ClientConfig, FromConfig};
pub use error::{Error, ErrorKind, Outcome, RechargeAttempt, TransportError, TransportErrorKind};
pub use operation::Operation;
pub use pager::{ExportStep, HistoryPager};
pub use reconcile::{RECONCILE_MARGIN, Reconciler, Reconciliation};
pub use retry::{Jitter, RetryDecision, RetryPolicy};
