//! The flags of `sync` and `ledger …` (the local ledger, crate `solapi-cash-ledger`).

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::args::{Filters, ListingArgs};
use crate::{help_text, values};

/// Where the ledger is.
#[derive(Debug, Clone, Args)]
pub(crate) struct DbArg {
    /// The ledger file [default: ledger-KEY.sqlite3 in solapi-cash's data directory, one per
    /// API key (or per profile with a token): $XDG_DATA_HOME/solapi-cash or
    /// ~/.local/share/solapi-cash; %APPDATA%\solapi-cash on Windows]
    #[arg(
        long,
        value_name = "PATH",
        env = "SOLAPI_LEDGER",
        hide_env_values = true,
        help_heading = "Ledger"
    )]
    pub db: Option<PathBuf>,
}

/// `sync`.
#[derive(Debug, Args)]
pub(crate) struct SyncArgs {
    #[command(flatten)]
    pub db: DbArg,

    /// Fetch and compare, write nothing: what a sync would add, revise and flag
    #[arg(long, help_heading = "Ledger")]
    pub dry_run: bool,

    /// Days before the newest entry that every sync reads again, for entries the service
    /// commits late (40: SOLAPI charged 36 days of Brand Message sends late in 2026; see
    /// docs/ledger.md)
    #[arg(long, value_name = "DAYS", default_value_t = solapi_cash_ledger::DEFAULT_LOOKBACK_DAYS,
          value_parser = clap::value_parser!(u32).range(0..=3660), help_heading = "Ledger")]
    pub lookback: u32,

    /// Entries per request
    #[arg(long, value_name = "N", default_value_t = solapi_cash_ledger::DEFAULT_PAGE_SIZE,
          value_parser = values::at_least_one, help_heading = "Ledger")]
    pub page_size: u64,

    /// How long to wait for another sync of the same ledger to end, in seconds
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 30,
        help_heading = "Ledger"
    )]
    pub wait: u64,
}

/// `ledger`.
#[derive(Debug, Subcommand)]
pub(crate) enum LedgerCommand {
    /// Check the balance chain from the oldest entry to the newest, and the newest against
    /// the service's balance; exit 9 on a break
    #[command(long_about = help_text::LEDGER_AUDIT_LONG_ABOUT, after_long_help = help_text::after("ledger audit"))]
    Audit(AuditArgs),
    /// List the ledger's entries with the filters, dates and output of `history --all`
    #[command(after_long_help = help_text::dates_and_examples("ledger history"))]
    History(LedgerHistoryArgs),
    /// Summarize the ledger's entries as `history summary` does
    #[command(after_long_help = help_text::dates_and_examples("ledger summary"))]
    Summary(LedgerSummaryArgs),
}

/// `ledger audit`.
#[derive(Debug, Args)]
pub(crate) struct AuditArgs {
    #[command(flatten)]
    pub db: DbArg,

    /// Do not ask the service for the balance: check the chain only
    #[arg(long, help_heading = "Ledger")]
    pub offline: bool,
}

/// `ledger history`.
#[derive(Debug, Args)]
pub(crate) struct LedgerHistoryArgs {
    #[command(flatten)]
    pub db: DbArg,

    #[command(flatten)]
    pub filters: Filters,

    /// At most this many entries
    #[arg(long, value_name = "N", value_parser = values::at_least_one, help_heading = "Paging")]
    pub limit: Option<u64>,

    /// Matching entries to skip
    #[arg(long, value_name = "N", help_heading = "Paging")]
    pub offset: Option<u64>,

    #[command(flatten)]
    pub listing: ListingArgs,
}

/// `ledger summary`.
#[derive(Debug, Args)]
pub(crate) struct LedgerSummaryArgs {
    #[command(flatten)]
    pub db: DbArg,

    #[command(flatten)]
    pub summary: crate::args::SummaryArgs,
}
