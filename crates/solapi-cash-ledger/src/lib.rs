//! A local ledger of the SOLAPI Cash history: synced into SQLite (compiled in: nothing to
//! install), only what is new, audited, and queried without the network.
//!
//! - [`Ledger::open`] a file (created with mode 0600), [`Ledger::sync`] it through the
//!   blocking client (its retries, pacing and rate-limit budget apply to every page),
//!   [`Ledger::audit`] the balance chain, and read it back with [`Ledger::for_each_sent`]
//!   or [`Ledger::entries`] using the same [`HistoryQuery`](solapi_cash_types::HistoryQuery)
//!   as the service.
//! - Each entry is kept as sent (its JSON text beside typed columns; money as exact decimal
//!   text, never a float); an entry that comes back different becomes a new revision, the
//!   old text kept; one that disappears from the range a sync re-read is flagged, never
//!   deleted.
//! - The sync's decisions are pure and tested on their own ([`plan`]); `docs/ledger.md`
//!   gives its rules and their sources.
//!
//! # From async code
//! The ledger is blocking (SQLite is). From tokio, run it on the blocking pool with a
//! blocking client, which owns no runtime:
//!
//! ```no_run
//! # async fn f() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
//! use solapi_cash_ledger::{Ledger, SyncOptions};
//!
//! let report = tokio::task::spawn_blocking(|| {
//!     let client = solapi_cash_blocking::Client::from_env()?;
//!     let mut ledger = Ledger::open("cash.sqlite3")?;
//!     Ok::<_, Box<dyn std::error::Error + Send + Sync>>(
//!         ledger.sync(&client, &SyncOptions::default())?,
//!     )
//! })
//! .await??;
//! println!("{} new entries", report.added);
//! # Ok(()) }
//! ```

mod audit;
mod error;
pub mod forecast;
mod ledger;
mod lock;
pub mod plan;
mod query;
mod schema;
mod store;
mod sync;

pub use audit::{AuditReport, Auditor, Finding, Link};
pub use error::LedgerError;
pub use forecast::{DaysLeft, FORECAST_WINDOW_DAYS, Forecast, forecast};
pub use ledger::{Ledger, decode};
pub use query::Order;
pub use schema::SCHEMA_VERSION;
pub use sync::{DEFAULT_LOOKBACK_DAYS, DEFAULT_PAGE_SIZE, OnPage, SyncOptions, SyncReport};
