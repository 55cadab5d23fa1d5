//! The operator's settings on the command line: `alert`, `auto-recharge` and the writes of
//! `payment` (`add`, `remove`). Kept apart from `args.rs`, which holds the reads.

use clap::{Args, Subcommand};
use solapi_cash_types::Money;

use crate::args::PaymentListArgs;
use crate::{help_text, values};

/// What every write takes: `--yes`.
#[derive(Debug, Clone, Copy, Args)]
pub(crate) struct WriteArgs {
    /// Do not ask for confirmation (required without a terminal)
    #[arg(short, long)]
    pub yes: bool,
}

/// `alert`.
#[derive(Debug, Subcommand)]
pub(crate) enum AlertCommand {
    /// Show the low-balance alert: on or off, its thresholds and channels
    #[command(after_long_help = help_text::after("alert show"))]
    Show,
    /// Set the alert's thresholds (1 to 3, whole won, each at least 200) and channels
    #[command(long_about = help_text::ALERT_SET_LONG_ABOUT, after_long_help = help_text::after("alert set"))]
    Set(AlertSetArgs),
    /// Turn the alert on (nothing is sent when it is on already)
    #[command(after_long_help = help_text::after("alert on"))]
    On(WriteArgs),
    /// Turn the alert off (nothing is sent when it is off already)
    #[command(after_long_help = help_text::after("alert off"))]
    Off(WriteArgs),
}

/// `alert set`.
#[derive(Debug, Args)]
pub(crate) struct AlertSetArgs {
    /// A balance at which to be told, in whole won (at least 200); repeat for up to three
    #[arg(long = "at", value_name = "WON", value_parser = values::money,
          allow_hyphen_values = true, required = true)]
    pub at: Vec<Money>,

    /// How to be told: SMS, EMAIL, …; repeat or separate with commas
    #[arg(long = "channel", value_name = "NAME", value_delimiter = ',',
          value_parser = values::trimmed, required = true)]
    pub channels: Vec<String>,

    #[command(flatten)]
    pub write: WriteArgs,
}

/// `payment`: alone, the list.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub(crate) struct PaymentCommand {
    #[command(subcommand)]
    pub action: Option<PaymentSubcommand>,
    #[command(flatten)]
    pub list: PaymentListArgs,
}

/// What `payment` can do besides listing.
#[derive(Debug, Subcommand)]
pub(crate) enum PaymentSubcommand {
    /// List the registered payment methods (cards): the ids `recharge --payment-id` takes
    #[command(long_about = help_text::PAYMENT_LIST_LONG_ABOUT, after_long_help = help_text::after("payment list"))]
    List(PaymentListArgs),
}
