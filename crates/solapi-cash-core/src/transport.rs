//! What a transport author needs — and only that: the machines an [`Engine`] makes, the one
//! shape they share, the answer a transport hands back, and how a client crate wraps an
//! engine. An SDK user needs none of it (the clients drive the machines).
//!
//! A transport only moves bytes. It holds an [`Engine`] (settings, learned state, clock and
//! randomness), asks it for a machine, and drives that machine with one loop: every
//! [`Machine`] says what to do next ([`Action`]: send this `http::Request<Vec<u8>>`, sleep,
//! or done), and takes the `http::Response<Vec<u8>>` (at most
//! [`ClientConfig::max_body_bytes`](crate::ClientConfig::max_body_bytes) of body) or the
//! [`TransportError`] that says whether the request can have reached the server.
//!
//! ```
//! use std::sync::Arc;
//! use solapi_cash_core::endpoint::Balance;
//! use solapi_cash_core::transport::{Action, Machine};
//! use solapi_cash_core::{ClientBuilder, Credentials, Engine};
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
//! - [`Machine`], [`Action`]: the shape every machine has. [`Call`]: one call, attempt by
//!   attempt; [`Export`] with [`PageFetch`], [`ExportStep`] and [`Ticket`]: a whole-history
//!   export, its fetches run where the transport likes; [`ReconcileCall`]: a reconciliation.
//! - [`TransportError`], [`TransportErrorKind`]: what a failure to move bytes proves.
//! - [`FromEngine`], [`HttpStack`]: how a client crate wraps an engine and its HTTP stack
//!   (with [`client_constructors!`](crate::client_constructors),
//!   [`client_methods!`](crate::client_methods) and [`client_flows!`](crate::client_flows)
//!   for its methods); [`USER_AGENT`]: the header every request carries.
//!
//! [`Engine`]: crate::Engine

pub use crate::call::Call;
pub use crate::engine::FromEngine;
pub use crate::error::{TransportError, TransportErrorKind};
pub use crate::export::{Export, PageFetch};
pub use crate::http_stack::HttpStack;
pub use crate::machine::{Action, Machine};
pub use crate::pager::{ExportStep, Ticket};
pub use crate::reconcile_call::ReconcileCall;
pub use crate::wire::request::USER_AGENT;
