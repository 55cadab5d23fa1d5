//! Signing and verifying SOLAPI API requests, without I/O.
//!
//! A client signs each request with an API key and secret (`HMAC-SHA256`, over the date
//! and a random salt) or sends an OAuth2 bearer token; a server (the emulator) parses the
//! `Authorization` header and verifies it. Everything here is a pure function of its
//! inputs except [`Credentials::authorization`], which reads the clock and the system
//! random number generator. No HTTP client, no async runtime.
//!
//! ```
//! use solapi_auth::{Credentials, ParsedAuthorization, Secret, Verifier, parse_authorization};
//!
//! // Client: one fresh header per request (retries included).
//! let credentials = Credentials::api_key("NCSAYU7YDBXYORXC", "my-api-secret");
//! let auth = credentials.authorization(time::Duration::ZERO)?;
//! assert!(auth.header_value().starts_with("HMAC-SHA256 apiKey=NCSAYU7YDBXYORXC, date="));
//!
//! // Server: parse, look the secret up by API key, verify.
//! let verifier = Verifier::new();
//! let registered = Secret::new("my-api-secret");
//! match parse_authorization(auth.header_value())? {
//!     ParsedAuthorization::Hmac(hmac) => {
//!         let secret = (hmac.api_key == "NCSAYU7YDBXYORXC").then_some(&registered);
//!         verifier.verify(&hmac, secret, time::OffsetDateTime::now_utc())?;
//!     }
//!     ParsedAuthorization::Bearer(_) => unreachable!("we signed with an API key"),
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Map
//! - [`secret`]: [`Secret`], a string whose `Debug`/`Display` print `** redacted **`.
//! - [`credentials`]: [`Credentials`] (API key or bearer token, from the environment) and
//!   the header for one request.
//! - [`salt`]: [`Salt`], random or validated.
//! - [`signature`]: the signing rule ([`sign`]), [`Algorithm`] and the date format
//!   ([`format_date`]).
//! - [`authorization`]: [`Authorization`], the header value we send.
//! - [`header_parse`]: [`parse_authorization`], reading every header form official clients
//!   send; errors in [`header_error`].
//! - [`verifier`]: [`Verifier`], the server-side checks and the four error codes;
//!   [`replay`]: [`ReplayStore`], the memory of used signatures.
//! - [`sign_error`]: [`SignError`], the one way signing can fail.
//!
//! The rules, and where each official SDK's header format comes from, are in
//! `docs/signing.md`.

pub mod authorization;
pub mod credentials;
pub mod header_error;
pub mod header_parse;
mod iso_date;
pub mod replay;
pub mod salt;
pub mod secret;
pub mod sign_error;
pub mod signature;
pub mod verifier;

pub use authorization::Authorization;
pub use credentials::{Credentials, CredentialsError};
pub use header_error::HeaderError;
pub use header_parse::{
    BearerToken, HmacAuthorization, MAX_HEADER_LEN, ParsedAuthorization, parse_authorization,
};
pub use replay::ReplayStore;
pub use salt::{Salt, SaltError};
pub use secret::Secret;
pub use sign_error::SignError;
pub use signature::{Algorithm, format_date, sign};
pub use verifier::{Verifier, VerifyError};

/// The `time` crate, re-exported: its types appear in this crate's API.
pub use time;

/// The README's examples, compiled and run as doctests so that the crate's front page on
/// crates.io stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
