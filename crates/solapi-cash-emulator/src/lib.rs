//! A local emulator of the SOLAPI Cash API, for tests, demos and benchmarks.
//!
//! It serves `POST /cash/v1/balance` (recharge), `GET /cash/v1/balance/history`,
//! `GET /cash/v1/balance` and `GET /cash/v1/payment` over real HTTP on 127.0.0.1, with the
//! real service's authentication (HMAC signatures with the ±15 minute window and replay
//! rejection, OAuth2 bearer tokens, scopes and member roles), its second factor on
//! recharges, its errors, and an exact ledger. An admin API (in Rust: [`Admin`]; over HTTP: `/_emulator/`)
//! creates accounts and credentials, moves money, reads the codes "sent by email",
//! injects faults and shifts the clock. See `docs/emulator.md`.
//!
//! ```
//! use solapi_cash_emulator::{AccountSpec, Emulator, EmulatorConfig, KeySpec};
//!
//! let emulator = Emulator::start(EmulatorConfig::default().mfa(false))?;
//! let admin = emulator.admin();
//! let account = admin.create_account(AccountSpec::new())?;
//! let (api_key, api_secret) = admin.create_api_key(&account.account_id, KeySpec::default())?;
//! let payment_id = admin.add_payment_method(&account.account_id, false)?;
//! // Point a client at emulator.base_url() with api_key / api_secret, recharge from
//! // payment_id, then check the ledger:
//! assert_eq!(admin.history_len(&account.account_id)?, 0);
//! # let _ = (api_key, api_secret, payment_id);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Map
//! - [`Emulator`], [`EmulatorConfig`]: start, address, stop ([`emulator`], [`config`]).
//! - [`Admin`] and [`AdminError`]: control of the state ([`admin`]).
//! - [`demo`]: the deterministic demo account and its constants.
//! - Accounts, keys and roles: [`AccountSpec`], [`AccountInfo`], [`KeySpec`], [`Role`];
//!   cards: [`PaymentMethodSpec`], [`PaymentMethodInfo`].
//! - Second factor: [`MfaMail`] (`mfa`); faults: [`FaultSpec`] (`faults`); request log:
//!   [`LoggedRequest`] (`request_log`); state files: [`StateFile`] ([`state_file`]).
//! - Internals: `state` (shared state, per-account locks, cards), `seed` (what a new or
//!   reset emulator holds), `ledger` (entries, pages, generator), `api` (the four
//!   endpoints and authorization), `http` (server loop, pipeline, routes, admin routes,
//!   errors, the service's documented texts), `clock`, `rng`.

pub mod admin;
mod admin_error;
mod api;
mod clock;
pub mod config;
pub mod demo;
pub mod emulator;
pub mod faults;
mod http;
mod ledger;
pub mod mfa;
pub mod rate_limit;
pub mod request_log;
mod rng;
mod seed;
mod serde_time;
mod state;
pub mod state_file;
mod sync;

pub use admin::Admin;
pub use admin_error::AdminError;
pub use config::{AuthErrors, EmulatorConfig};
pub use emulator::Emulator;
pub use faults::{FaultAction, FaultSpec, RandomFault, Route};
pub use mfa::MfaMail;
pub use rate_limit::RateLimit;
pub use request_log::LoggedRequest;
pub use state::accounts::{AccountInfo, AccountSpec, AccountStatus};
pub use state::credentials::{KeySpec, Role, SCOPE_CASH_READ, SCOPE_CASH_WRITE};
pub use state::payment_methods::{PaymentMethodInfo, PaymentMethodSpec};
pub use state_file::{StateFile, StateFileError};

/// `solapi-auth`'s secret type, re-exported: keys and tokens are returned as [`Secret`].
pub use solapi_auth::Secret;
/// The core's list of the API's operations, re-exported: a [`Route`] names one.
pub use solapi_cash_core::Operation;

/// The README's examples, compiled and run as doctests so that the crate's front page on
/// crates.io stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
