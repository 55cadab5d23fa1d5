//! A Prometheus exporter of SOLAPI Cash balances: `solapi-cash exporter` is a thin layer over
//! it.
//!
//! - [`Reading`]: the figures of one read — balance, point, auto-recharge and alert
//!   settings (one `GET /cash/v1/balance`), and with a local ledger what sending has cost and
//!   the days-left forecast ([`ledger_figures`]).
//! - [`Schedule`] (pure, monotonic clock handed in) and [`Target`]: reads are cached — at
//!   most one per refresh per account, however many scrapers ask, one read at a time; a
//!   failed read keeps the last values and says `up 0`.
//! - [`render`]: the metrics as OpenMetrics text, by the official client library
//!   (`prometheus-client`); [`FAMILIES`] lists them. Money is in won (`_krw`).
//! - [`Exporter`]: `/metrics`, `/health` and `/` over HTTP (`tiny_http`), until stopped.
//!
//! ```no_run
//! use std::time::Duration;
//! use solapi_cash_exporter::{Exporter, Schedule, ServiceSource, Target};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let client = solapi_cash_blocking::Client::from_env()?;
//! let target = Target::new(
//!     "default",
//!     Box::new(ServiceSource::new(client, None)),
//!     Schedule::new(Duration::from_secs(60)),
//! );
//! let exporter = Exporter::bind("127.0.0.1:9787".parse()?, vec![target])?;
//! exporter.serve(); // until `exporter.stopper().stop()` from another thread
//! # Ok(()) }
//! ```

mod metrics;
mod reading;
mod schedule;
mod server;
mod target;

pub use metrics::{FAMILIES, PREFIX, render};
pub use reading::{
    LedgerFigures, ReadError, Reading, ServiceSource, Source, kind_label, ledger_figures,
};
pub use schedule::{DEFAULT_REFRESH, MIN_REFRESH, Schedule, age};
pub use server::{Exporter, OPENMETRICS, Stopper};
pub use target::{Event, State, Target};

/// The port the exporter listens on by default. Prometheus keeps a list of exporters' default
/// ports (9100–9999; full since 2023); this one was chosen from that range without being
/// registered there.
pub const DEFAULT_PORT: u16 = 9787;
