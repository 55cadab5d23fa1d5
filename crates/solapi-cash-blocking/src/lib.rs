//! A blocking client for the SOLAPI Cash API: balance, recharge (with the second factor),
//! history pages, complete history exports and the registered payment methods. Built on
//! ureq; no async runtime anywhere in its dependency tree.
//!
//! ```no_run
//! use std::io::BufRead;
//! use solapi_cash_blocking::{Client, Credentials, HistoryQuery, RechargeRequest, Recharged, Won};
//!
//! let secret = std::env::var("SOLAPI_API_SECRET")?;
//! let client = Client::builder()
//!     .credentials(Credentials::api_key("NCSAYU7YDBXYORXC", secret))
//!     .build()?;
//!
//! // Recharge whole won from the card in SOLAPI_PAYMENT_ID, answering the emailed second
//! // factor with the code typed on standard input.
//! let request = RechargeRequest::new(Won::new(10_000)?, std::env::var("SOLAPI_PAYMENT_ID")?);
//! let mut outcome = client.try_recharge(&request)?;
//! if let Recharged::NeedsCode(challenge) = &outcome {
//!     let code = std::io::stdin().lock().lines().next().transpose()?.unwrap_or_default();
//!     outcome = client.recharge_with_code(challenge, &code)?;
//! }
//! match outcome {
//!     Recharged::Done(receipt) => println!("new balance {}", receipt.new_balance),
//!     // The money may have moved: never send it again blindly, find out.
//!     Recharged::Unknown(unknown) => println!("{}", client.reconcile(unknown.attempt())?),
//!     other => println!("not recharged: {other:?}"),
//! }
//!
//! // Every entry, page by page, in constant memory.
//! for entry in client.history_all(HistoryQuery::default()) {
//!     let entry = entry?;
//!     println!("{} {} {}", entry.date_created, entry.kind, entry.balance_amount);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The async client, `solapi-cash-async`, has the same API with `async` methods. Everything
//! but moving bytes — signing, reading answers, retries, paging, reconciliation — lives in
//! `solapi_cash_core` and is shared by both; this crate re-exports every type its API uses.
//!
//! # Logging
//! Every call is a `tracing` span (operation, method, path) with an event per attempt
//! (status, attempt, elapsed); none carries the secret, the signature or the
//! `Authorization` header. One caveat outside this crate: at TRACE level, ureq's
//! `ureq_proto::util` target hex-dumps the raw request bytes, headers included. Where logs
//! are kept, filter that target below TRACE (for example
//! `RUST_LOG=trace,ureq_proto::util=debug`).
//!
//! # Features
//! - `rustls` (default): TLS through rustls.
//! - `native-tls`: the platform's TLS stack instead (OpenSSL on Linux), through ureq's own
//!   `native-tls` feature: `default-features = false, features = ["native-tls"]`.
//!
//! # An HTTP stack of your own
//! [`ClientBuilder::http_client`] takes a `ureq::Agent` (for a proxy or root certificates).
//! This crate does not re-export ureq, so that ureq's releases are not part of this crate's
//! semver: depend on `ureq` yourself, in the version this crate is built with (3.x; another
//! major version is a different type and does not compile). That one method follows ureq's
//! major version; everything else in the API is ureq-free.
//!
//! # Map
//! - [`Client`]: `send` (any [`Endpoint`]) and the named calls; [`HistoryIter`] and
//!   [`HistoryPages`]: a whole-history export by entry or by page, its page fetches on the
//!   export's worker threads (`pool`).
//! - `driver`: the one loop that sends requests, shared by the client and the export's
//!   workers.
//! - `transport`: ureq, and what its failures prove about whether a request was sent;
//!   `resolver`: host names to addresses without a thread per request.

mod client;
mod driver;
mod history;
mod pool;
mod resolver;
mod transport;

pub use client::Client;
pub use history::{HistoryIter, HistoryPages};
pub use solapi_cash_core::client_api::*;

/// The README's examples, compiled and run as doctests so that the crate's front page on
/// crates.io stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
