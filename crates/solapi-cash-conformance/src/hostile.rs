//! Hostile or broken servers, and secrets that must never leak.
//!
//! - [`server`]: [`HostileServer`](server::HostileServer), a scripted raw HTTP/1.1 server
//!   (`std` only, shared with the CLI's tests).
//! - [`cases`]: what each client does against HTML error pages, empty, truncated, non-UTF-8
//!   and mistyped bodies, endless bodies, a byte-a-second server, redirects and dropped
//!   connections; [`hostile_suite!`](crate::hostile_suite) instantiates them per client.
//! - [`leaks`]: the paths the secrets tests (`tests/secrets_*.rs`) run with known credentials,
//!   and the values they search every output for.

pub mod cases;
pub mod leaks;
pub mod server;
