//! The operator's settings on the command line: `alert`, `auto-recharge` and the writes of
//! `payment` (`add`, `remove`). Kept apart from `args.rs`, which holds the reads.

use clap::{Args, Subcommand};
use solapi_cash_types::Money;

use crate::args::PaymentListArgs;
use crate::commands::second_factor::MfaArgs;
use crate::{help_text, values};

/// What every write takes: `--yes`.
#[derive(Debug, Clone, Copy, Args)]
pub(crate) struct WriteArgs {
    /// Do not ask for confirmation (required without a terminal)
    #[arg(short, long)]
    pub yes: bool,
}

/// What a switch behind the second factor takes: `--yes` and the code, for scripts.
#[derive(Debug, Clone, Args)]
pub(crate) struct SwitchArgs {
    #[command(flatten)]
    pub write: WriteArgs,
    #[command(flatten)]
    pub mfa: MfaArgs,
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
    On(SwitchArgs),
    /// Turn the alert off (nothing is sent when it is off already)
    #[command(after_long_help = help_text::after("alert off"))]
    Off(SwitchArgs),
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
    #[command(flatten)]
    pub mfa: MfaArgs,
}

/// `auto-recharge`.
#[derive(Debug, Subcommand)]
pub(crate) enum AutoRechargeCommand {
    /// Show whether auto-recharge is on, below what and to what it recharges, and the cards
    /// it charges in order
    #[command(after_long_help = help_text::after("auto-recharge show"))]
    Show,
    /// Set below what balance auto-recharge charges, to what balance, and from which cards
    #[command(long_about = help_text::AUTO_RECHARGE_SET_LONG_ABOUT, after_long_help = help_text::after("auto-recharge set"))]
    Set(AutoRechargeSetArgs),
    /// Turn auto-recharge on: read first, toggled only when it is off
    #[command(long_about = help_text::AUTO_RECHARGE_SWITCH_LONG_ABOUT, after_long_help = help_text::after("auto-recharge on"))]
    On(SwitchArgs),
    /// Turn auto-recharge off: read first, toggled only when it is on
    #[command(long_about = help_text::AUTO_RECHARGE_SWITCH_LONG_ABOUT, after_long_help = help_text::after("auto-recharge off"))]
    Off(SwitchArgs),
}

/// `auto-recharge set`.
#[derive(Debug, Args)]
pub(crate) struct AutoRechargeSetArgs {
    /// Recharge when the balance falls below this many won (minimumCash; at least 200)
    #[arg(long, value_name = "WON", value_parser = values::money, allow_hyphen_values = true)]
    pub below: Money,

    /// Recharge up to this balance, in won (rechargeTo; the charge is at least 10,000)
    #[arg(long, value_name = "WON", value_parser = values::money, allow_hyphen_values = true)]
    pub to: Money,

    /// The registered cards to charge, in the order to try them (paymentIds; comma-separated;
    /// `solapi-cash payment` lists the ids)
    #[arg(long, value_name = "ID,ID", value_delimiter = ',', value_parser = values::trimmed,
          required = true)]
    pub cards: Vec<String>,

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
    /// Register a card: its number and CVC are read from a prompt that does not echo, or
    /// from standard input, one per line (never from the command line)
    #[command(long_about = help_text::PAYMENT_ADD_LONG_ABOUT, after_long_help = help_text::after("payment add"))]
    Add(PaymentAddArgs),
    /// Remove a registered card
    #[command(after_long_help = help_text::after("payment remove"))]
    Remove(PaymentRemoveArgs),
}

/// `payment add`.
#[derive(Debug, Args)]
pub(crate) struct PaymentAddArgs {
    /// The card's expiry, MM/YY (or MM/YYYY)
    #[arg(long, value_name = "MM/YY", value_parser = values::trimmed)]
    pub exp: String,

    /// A description to show beside the card
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,

    #[command(flatten)]
    pub write: WriteArgs,
    #[command(flatten)]
    pub mfa: MfaArgs,
}

/// `bank-account add`: the number is read from a prompt or standard input, never argv.
#[derive(Debug, Args)]
pub(crate) struct BankAccountAddArgs {
    /// The bank's code, two or three digits (`bankCode`: 004, 088, ...)
    #[arg(long, value_name = "CODE", value_parser = values::trimmed)]
    pub bank: String,

    /// The account holder's name (`holderName`, 예금주)
    #[arg(long, value_name = "NAME", value_parser = values::trimmed)]
    pub holder: String,

    #[command(flatten)]
    pub write: WriteArgs,
    #[command(flatten)]
    pub mfa: MfaArgs,
}

/// `payment remove`.
#[derive(Debug, Args)]
pub(crate) struct PaymentRemoveArgs {
    /// The card's payment id (`solapi-cash payment` lists them)
    #[arg(value_name = "ID", value_parser = values::trimmed)]
    pub id: String,

    #[command(flatten)]
    pub write: WriteArgs,
    #[command(flatten)]
    pub mfa: MfaArgs,
}
