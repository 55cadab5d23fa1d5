//! An async (tokio) client for the SOLAPI Cash API: balance, recharge (with the second factor),
//! history pages, complete history exports and the registered payment methods. Built on
//! reqwest (rustls by default; the `native-tls` feature switches TLS stacks).
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use std::io::BufRead;
//! use solapi_cash_async::{
//!     Client, Credentials, HistoryQuery, RechargeRequest, Recharged, StreamExt, Won,
//! };
//!
//! let secret = std::env::var("SOLAPI_API_SECRET")?;
//! let client = Client::builder()
//!     .credentials(Credentials::api_key("NCSAYU7YDBXYORXC", secret))
//!     .build()?;
//!
//! // Recharge whole won from the card in SOLAPI_PAYMENT_ID, answering the emailed second
//! // factor with the code typed on standard input.
//! let request = RechargeRequest::new(Won::new(10_000)?, std::env::var("SOLAPI_PAYMENT_ID")?);
//! let mut outcome = client.try_recharge(&request).await?;
//! if let Recharged::NeedsCode(challenge) = &outcome {
//!     let code = std::io::stdin().lock().lines().next().transpose()?.unwrap_or_default();
//!     outcome = client.recharge_with_code(challenge, &code).await?;
//! }
//! match outcome {
//!     Recharged::Done(receipt) => println!("new balance {}", receipt.new_balance),
//!     // The money may have moved: never send it again blindly, find out.
//!     Recharged::Unknown(unknown) => println!("{}", client.reconcile(unknown.attempt()).await?),
//!     other => println!("not recharged: {other:?}"),
//! }
//!
//! // Every entry, page by page, in constant memory.
//! let mut entries = std::pin::pin!(client.history_all(HistoryQuery::default()));
//! while let Some(entry) = entries.next().await {
//!     let entry = entry?;
//!     println!("{} {} {}", entry.date_created, entry.kind, entry.balance_amount);
//! }
//! # Ok(()) }
//! ```
//!
//! The blocking client, `solapi-cash-blocking`, has the same API without `async`. Everything
//! but moving bytes — signing, reading answers, retries, paging, reconciliation — lives in
//! `solapi_cash_core` and is shared by both; this crate re-exports every type its API uses.
//!
//! # Features
//! - `rustls` (default): TLS through rustls.
//! - `native-tls`: the platform's TLS stack instead (OpenSSL on Linux), through reqwest's own
//!   `native-tls` feature: `default-features = false, features = ["native-tls"]`.
//!
//! # An HTTP stack of your own
//! [`ClientBuilder::http_client`] takes a `reqwest::Client` (for a proxy or root certificates).
//! This crate does not re-export reqwest, so that reqwest's releases are not part of this
//! crate's semver: depend on `reqwest` yourself, in the major version this crate is built with
//! (0.13; another one is a different type and does not compile). That one method follows
//! reqwest's major version; everything else in the API is reqwest-free.
//!
//! # Map
//! - [`Client`]: `send` (any [`Endpoint`]) and the named calls.
//! - `driver`: the one loop that sends requests, shared by the client and the export's tasks.
//! - `export`: `history_all` as a `Stream`, its page fetches on tasks.
//! - `transport`: reqwest, and what its failures prove about whether a request was sent.

mod client;
mod driver;
mod export;
mod transport;

pub use client::Client;
pub use futures_core::Stream;
/// `next()` on the stream of [`Client::history_all`], so that the examples need no other
/// crate (`futures-util`'s extension trait).
pub use futures_util::StreamExt;
pub use solapi_cash_core::client_api::*;

/// The README's examples, compiled and run as doctests so that the crate's front page on
/// crates.io stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
