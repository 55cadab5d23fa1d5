//! The command line, as clap derive types. Everything `--help`, the man page and
//! `docs/cli.md` say comes from here (and from [`crate::help_text`]).

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;
use std::path::PathBuf;

use solapi_cash_blocking::Concurrency;
use solapi_cash_types::{HistoryType, Money, RechargeMethod, ServiceMethod, Won};

use crate::dates::{self, MonthArg, When};
use crate::zone::Zone;
use crate::{help_text, values};

/// Balance, recharge and history of a SOLAPI account, from the command line.
#[derive(Debug, Parser)]
#[command(
    name = "solapi-cash",
    version,
    about = "Balance, recharge, history and settings of a SOLAPI account.",
    long_about = help_text::LONG_ABOUT,
    after_help = help_text::AFTER_HELP,
    after_long_help = help_text::after_long_help(),
    max_term_width = 100,
    subcommand_required = true,
    arg_required_else_help = true
)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command accepts.
#[derive(Debug, Clone, Args)]
pub(crate) struct GlobalArgs {
    /// The profile of the config file to use [default: default]
    #[arg(
        long,
        global = true,
        env = "SOLAPI_PROFILE",
        hide_env_values = true,
        value_name = "NAME",
        help_heading = "Connection"
    )]
    pub profile: Option<String>,

    /// The API key (HMAC authentication)
    #[arg(
        long,
        global = true,
        env = "SOLAPI_API_KEY",
        hide_env_values = true,
        value_name = "KEY",
        help_heading = "Connection"
    )]
    pub api_key: Option<String>,

    /// The API secret. Discouraged: other users can see command lines (`ps`); prefer
    /// SOLAPI_API_SECRET, --api-secret-stdin or a profile
    #[arg(
        long,
        global = true,
        env = "SOLAPI_API_SECRET",
        hide_env_values = true,
        value_name = "SECRET",
        help_heading = "Connection"
    )]
    pub api_secret: Option<String>,

    /// Read the API secret from the first line of standard input
    #[arg(long, global = true, help_heading = "Connection")]
    pub api_secret_stdin: bool,

    /// An OAuth2 access token (instead of an API key and secret)
    #[arg(
        long,
        global = true,
        env = "SOLAPI_ACCESS_TOKEN",
        hide_env_values = true,
        value_name = "TOKEN",
        help_heading = "Connection"
    )]
    pub access_token: Option<String>,

    /// The API's base URL [default: https://api.solapi.com]
    #[arg(
        long,
        global = true,
        env = "SOLAPI_BASE_URL",
        hide_env_values = true,
        value_name = "URL",
        help_heading = "Connection"
    )]
    pub base_url: Option<String>,

    /// Limit on each attempt of a request, in seconds
    #[arg(long, global = true, value_name = "SECONDS", default_value = "30",
          value_parser = values::at_least_one, help_heading = "Connection")]
    pub timeout: u64,

    /// Overall limit on each request, its retries included, in seconds: no retry starts past
    /// it (an attempt under way may run to --timeout), so a read from a server that never
    /// answers ends in about 60 s by default, two attempts of 30 s
    #[arg(long, global = true, value_name = "SECONDS", default_value = "60",
          value_parser = values::at_least_one, help_heading = "Connection")]
    pub deadline: u64,

    /// The longest a request waits in all for the service's rate limit (its 429s and its
    /// x-ratelimit-* budget), in seconds; answers of 429 within it do not count as --retries.
    /// --deadline bounds these waits too
    #[arg(
        long,
        global = true,
        value_name = "SECONDS",
        default_value = "60",
        help_heading = "Connection"
    )]
    pub max_rate_limit_wait: u64,

    /// How many times a failed read is repeated (recharges are never repeated once they
    /// may have reached the server)
    #[arg(long, global = true, value_name = "N", default_value_t = 3,
          value_parser = clap::value_parser!(u32).range(0..=10), help_heading = "Connection")]
    pub retries: u32,

    /// Output format: tables for people; json, ndjson and csv for programs; xlsx for
    /// spreadsheets (with --output-file)
    #[arg(short, long, global = true, value_enum, value_name = "FORMAT",
          default_value_t = Format::Table, help_heading = "Output")]
    pub output: Format,

    /// Write the output to this file instead of standard output: a regular file through a
    /// temporary file renamed into place only once the output is complete (a failed or
    /// interrupted run leaves no file; its mode follows the umask); a link is followed to the
    /// file it names (a link to nothing is refused); a device, FIFO or /dev/fd/N is written
    /// to directly, without atomicity
    #[arg(long, global = true, value_name = "PATH", help_heading = "Output")]
    pub output_file: Option<PathBuf>,

    /// CSV for spreadsheets: a UTF-8 byte-order mark (so that Excel reads Korean text), ids
    /// as ="…" text, and text that would start a formula made inert [default: with
    /// --output-file to a regular file]
    #[arg(
        long,
        global = true,
        overrides_with = "no_bom",
        help_heading = "Output"
    )]
    pub bom: bool,

    /// Plain CSV for programs, even in a file: no byte-order mark, every field exactly as sent
    #[arg(long, global = true, overrides_with = "bom", help_heading = "Output")]
    pub no_bom: bool,

    /// The time zone of dates shown (tables, csv, xlsx, summary periods) and read (days,
    /// today, ages, date-times without an offset): an IANA name, UTC, local or an offset
    /// such as +09:00 [default: Asia/Seoul, or the profile's tz]
    #[arg(long, global = true, env = "SOLAPI_TZ", hide_env_values = true, value_name = "ZONE",
          value_parser = Zone::parse, allow_hyphen_values = true, help_heading = "Output")]
    pub tz: Option<Zone>,

    /// When to colour tables and messages; `always` and `never` beat the environment
    /// (NO_COLOR, CLICOLOR, CLICOLOR_FORCE, TERM=dumb), which `auto` follows
    #[arg(long, global = true, value_enum, value_name = "WHEN",
          default_value_t = ColorChoice::Auto, help_heading = "Output")]
    pub color: ColorChoice,

    /// More detail on errors; -vv also traces requests to standard error (never secrets)
    #[arg(short, long, global = true, action = clap::ArgAction::Count, help_heading = "Output")]
    pub verbose: u8,
}

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Aligned columns, thousands separators, colour on a terminal
    Table,
    /// One JSON document (an array for lists)
    Json,
    /// One JSON object per line
    Ndjson,
    /// Comma-separated values with a header row of the API's field names
    Csv,
    /// An Excel workbook: numbers, dates and text as typed cells, a frozen header (needs
    /// --output-file)
    Xlsx,
}

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// When writing to a terminal
    Auto,
    /// Even when not writing to a terminal
    Always,
    /// Never
    Never,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Show the balance, the point and the account's balance settings
    #[command(long_about = help_text::BALANCE_LONG_ABOUT, after_long_help = help_text::after("balance"))]
    Balance(BalanceArgs),
    /// Recharge the balance from a registered payment method (card), or find out what became
    /// of one whose answer was lost
    #[command(long_about = help_text::RECHARGE_LONG_ABOUT, after_long_help = help_text::after("recharge"))]
    Recharge(Box<RechargeCommand>),
    /// Move balance to another account (POST /cash/v1/transfer)
    #[command(long_about = help_text::TRANSFER_LONG_ABOUT, after_long_help = help_text::after("transfer"))]
    Transfer(TransferArgs),
    /// List balance changes, newest first, or summarize them
    #[command(long_about = help_text::HISTORY_LONG_ABOUT, after_long_help = help_text::dates_and_examples("history"))]
    History(Box<HistoryCommand>),
    /// Copy the history into a local ledger (SQLite): everything the first time, then only
    /// what is new and the lookback window
    #[command(long_about = help_text::SYNC_LONG_ABOUT, after_long_help = help_text::after("sync"))]
    Sync(crate::ledger_args::SyncArgs),
    /// Read the local ledger without the network: audit it, list or summarize its entries
    #[command(subcommand, long_about = help_text::LEDGER_LONG_ABOUT, after_long_help = help_text::after("ledger"))]
    Ledger(Box<crate::ledger_args::LedgerCommand>),
    /// Show the receipt (statement) of a recharge: every field the service sends
    #[command(long_about = help_text::RECEIPT_LONG_ABOUT, after_long_help = help_text::after("receipt"))]
    Receipt(ReceiptArgs),
    /// Withdraw the account's earnings to its bank account, list the withdrawals, or show one
    #[command(long_about = help_text::WITHDRAW_LONG_ABOUT, after_long_help = help_text::after("withdraw"))]
    Withdraw(Box<WithdrawTop>),
    /// Show, register or remove the bank account withdrawals go to (its number masked)
    #[command(subcommand, long_about = help_text::BANK_ACCOUNT_LONG_ABOUT, after_long_help = help_text::after("bank-account"))]
    BankAccount(BankAccountCommand),
    /// List, register or remove the payment methods (cards) that recharges charge
    #[command(long_about = help_text::PAYMENT_LONG_ABOUT, after_long_help = help_text::after("payment"))]
    Payment(crate::operator_args::PaymentCommand),
    /// Show or set the low-balance alert: the balances at which the account is told, and how
    #[command(subcommand, long_about = help_text::ALERT_LONG_ABOUT, after_long_help = help_text::after("alert"))]
    Alert(crate::operator_args::AlertCommand),
    /// Show, set or switch auto-recharge: below what balance the service charges the cards,
    /// to what balance, and from which cards
    #[command(subcommand, long_about = help_text::AUTO_RECHARGE_LONG_ABOUT, after_long_help = help_text::after("auto-recharge"))]
    AutoRecharge(crate::operator_args::AutoRechargeCommand),
    /// Serve the balance as Prometheus metrics (OpenMetrics text), reading the service at most
    /// once per --refresh however often it is scraped
    #[command(long_about = help_text::EXPORTER_LONG_ABOUT, after_long_help = help_text::after("exporter"))]
    Exporter(Box<crate::watch_args::ExporterArgs>),
    /// Check the balance (and the days left) as a monitoring plugin: one status line with
    /// perfdata, exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN
    #[command(long_about = help_text::CHECK_LONG_ABOUT, after_long_help = help_text::after("check"))]
    Check(crate::watch_args::CheckArgs),
    /// Manage named profiles (credentials and base URL) in the config file
    #[command(subcommand, long_about = help_text::CONFIG_LONG_ABOUT, after_long_help = help_text::after("config"))]
    Config(ConfigCommand),
    /// Print a shell completion script to standard output
    #[command(after_long_help = help_text::after("completions"))]
    Completions(CompletionsArgs),
}

/// `balance`.
#[derive(Debug, Args)]
pub(crate) struct BalanceArgs {
    /// Exit with code 8 when balance + point is below this many won (for cron and monitoring
    /// checks; the balance is printed either way)
    #[arg(long, value_name = "WON", value_parser = values::money, allow_hyphen_values = true,
          help_heading = "Monitoring")]
    pub below: Option<Money>,

    /// With --below: compare the balance alone, without the point
    #[arg(long, requires = "below", help_heading = "Monitoring")]
    pub cash_only: bool,

    /// The ledger whose entries give the days-left forecast (shown when the file exists)
    #[command(flatten)]
    pub db: crate::ledger_args::DbArg,
}

/// `receipt`.
#[derive(Debug, Args)]
pub(crate) struct ReceiptArgs {
    /// The history id of the recharge (`historyId`, as `history` and `recharge` print it):
    /// letters and digits, checked before anything is sent
    #[arg(value_name = "HISTORY_ID", value_parser = values::trimmed)]
    pub history_id: String,
}

/// `bank-account show | add | remove`.
#[derive(Debug, Subcommand)]
pub(crate) enum BankAccountCommand {
    /// Show the registered bank account (GET /cash/v1/bank/accounts), its number masked
    #[command(long_about = help_text::BANK_ACCOUNT_SHOW_LONG_ABOUT, after_long_help = help_text::after("bank-account show"))]
    Show,
    /// Register the bank account withdrawals go to (POST /cash/v1/bank/accounts); the number
    /// is asked for without echo
    #[command(long_about = help_text::BANK_ACCOUNT_ADD_LONG_ABOUT, after_long_help = help_text::after("bank-account add"))]
    Add(crate::operator_args::BankAccountAddArgs),
    /// Remove the registered bank account (DELETE /cash/v1/bank/accounts)
    #[command(long_about = help_text::BANK_ACCOUNT_REMOVE_LONG_ABOUT, after_long_help = help_text::after("bank-account remove"))]
    Remove(crate::operator_args::SwitchArgs),
}

/// `withdraw --amount`, `withdraw list` and `withdraw show`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub(crate) struct WithdrawTop {
    #[command(subcommand)]
    pub read: Option<WithdrawCommand>,
    #[command(flatten)]
    pub create: WithdrawArgs,
}

/// `withdraw` (asking for a withdrawal).
#[derive(Debug, Args)]
pub(crate) struct WithdrawArgs {
    /// The amount taken from the balance, fee included: whole won (digits only; no fraction,
    /// exponent, sign or separators), checked before anything is sent
    #[arg(long, value_name = "WON", value_parser = values::won, allow_hyphen_values = true,
          required = true)]
    pub amount: Option<Won>,

    /// Do not ask for confirmation (required without a terminal)
    #[arg(short, long)]
    pub yes: bool,

    #[command(flatten)]
    pub mfa: crate::commands::second_factor::MfaArgs,
}

/// `withdraw list` and `withdraw show`.
#[derive(Debug, Subcommand)]
pub(crate) enum WithdrawCommand {
    /// List the withdrawals (GET /cash/v1/withdraw), newest first, a page or --all
    #[command(long_about = help_text::WITHDRAW_LIST_LONG_ABOUT, after_long_help = help_text::after("withdraw list"))]
    List(WithdrawListArgs),
    /// Show one withdrawal by its id
    #[command(long_about = help_text::WITHDRAW_SHOW_LONG_ABOUT, after_long_help = help_text::after("withdraw show"))]
    Show(WithdrawShowArgs),
}

/// `withdraw list`.
#[derive(Debug, Args)]
pub(crate) struct WithdrawListArgs {
    #[command(flatten)]
    pub pages: KeyPageArgs,

    /// Only withdrawals in this state (`status`: PENDING, COMPLETED, REJECTED, any case; another
    /// is sent as given, with a note)
    #[arg(long, value_name = "STATUS", value_parser = values::withdraw_status())]
    pub status: Option<solapi_cash_types::WithdrawStatus>,

    /// Only withdrawals asked for at or after this time (`startDate`; forms under DATES, read
    /// in --tz)
    #[arg(long, value_name = "WHEN", value_parser = dates::when)]
    pub since: Option<When>,

    /// Only withdrawals asked for up to this time (`endDate`)
    #[arg(long, value_name = "WHEN", value_parser = dates::when)]
    pub until: Option<When>,
}

/// The paging of a list paged by key (`recharge history`, `withdraw list`).
#[derive(Debug, Args)]
pub(crate) struct KeyPageArgs {
    /// Every page, following the service's next key to the end (at most --max-pages)
    #[arg(long)]
    pub all: bool,

    /// Entries per page (at least 1) [default: the service's]
    #[arg(long, value_name = "N", value_parser = values::at_least_one)]
    pub limit: Option<u64>,

    /// Start at this key (the next key a previous page gave)
    #[arg(long, value_name = "KEY", value_parser = values::trimmed)]
    pub start_key: Option<String>,

    /// With --all: stop with an error after this many pages
    #[arg(long, value_name = "N", default_value_t = 1000, value_parser = values::at_least_one)]
    pub max_pages: u64,
}

/// `withdraw show`.
#[derive(Debug, Args)]
pub(crate) struct WithdrawShowArgs {
    /// The withdrawal's id (`withdrawId`, as `withdraw list` prints it): letters, digits, - and _,
    /// up to 64, checked before anything is sent
    #[arg(value_name = "ID", value_parser = values::trimmed)]
    pub withdraw_id: String,
}

/// `recharge` and `recharge status`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub(crate) struct RechargeCommand {
    #[command(subcommand)]
    pub status: Option<RechargeSubcommand>,
    #[command(flatten)]
    pub charge: RechargeArgs,
}

/// What `recharge` can do besides recharging.
#[derive(Debug, Subcommand)]
pub(crate) enum RechargeSubcommand {
    /// Find out from the history whether a recharge whose answer was lost was applied; it can
    /// wait for it
    #[command(long_about = help_text::RECHARGE_STATUS_LONG_ABOUT, after_long_help = help_text::after("recharge status"))]
    Status(RechargeStatusArgs),
    /// List the recharges (GET /cash/v1/recharge-history), newest first, a page or --all
    #[command(long_about = help_text::RECHARGE_HISTORY_LONG_ABOUT, after_long_help = help_text::after("recharge history"))]
    History(RechargeHistoryArgs),
}

/// `recharge history`.
#[derive(Debug, Args)]
pub(crate) struct RechargeHistoryArgs {
    #[command(flatten)]
    pub pages: KeyPageArgs,

    /// Only recharges made at or after this time (`dateCreated[gte]`; forms under DATES, read
    /// in --tz)
    #[arg(long, value_name = "WHEN", value_parser = dates::when)]
    pub since: Option<When>,

    /// Only recharges made before this time (`dateCreated[lt]`; a day ends with it)
    #[arg(long, value_name = "WHEN", value_parser = dates::when)]
    pub until: Option<When>,
}

/// `recharge` (recharging).
#[derive(Debug, Args)]
pub(crate) struct RechargeArgs {
    /// The amount to charge to the card and add to the balance: whole won (digits only; no
    /// fraction, exponent, sign or separators), checked before anything is sent
    #[arg(long, value_name = "WON", value_parser = values::won, allow_hyphen_values = true,
          required = true)]
    pub amount: Option<Won>,

    /// The registered payment method (card) to charge (`solapi-cash payment list` shows the
    /// ids) [default: the profile's payment-id; else, on a terminal and without --yes, a
    /// card picked from the registered ones]
    #[arg(long, value_name = "ID", env = "SOLAPI_PAYMENT_ID", hide_env_values = true,
          value_parser = values::trimmed)]
    pub payment_id: Option<String>,

    /// Do not ask for confirmation (required without a terminal)
    #[arg(short, long)]
    pub yes: bool,

    #[command(flatten)]
    pub mfa: crate::commands::second_factor::MfaArgs,
}

/// `transfer`.
#[derive(Debug, Args)]
pub(crate) struct TransferArgs {
    /// The account that receives the money (its account id: letters and digits), checked
    /// before anything is sent
    #[arg(long, value_name = "ACCOUNT", value_parser = values::trimmed)]
    pub to: String,

    /// The amount to move: whole won (digits only; no fraction, exponent, sign or
    /// separators), checked before anything is sent
    #[arg(long, value_name = "WON", value_parser = values::won, allow_hyphen_values = true)]
    pub amount: Won,

    /// Do not ask for confirmation (required without a terminal)
    #[arg(short, long)]
    pub yes: bool,

    #[command(flatten)]
    pub mfa: crate::commands::second_factor::MfaArgs,
}

/// `payment list`.
#[derive(Debug, Args)]
pub(crate) struct PaymentListArgs {
    /// Payment methods per page (the API's default is 20)
    #[arg(long, value_name = "N", value_parser = values::at_least_one, help_heading = "Paging")]
    pub limit: Option<u64>,

    /// Payment methods to skip (the API's default is 0)
    #[arg(long, value_name = "N", help_heading = "Paging")]
    pub offset: Option<u64>,
}

/// `recharge status`.
#[derive(Debug, Args)]
pub(crate) struct RechargeStatusArgs {
    /// The amount of the recharge, in won
    #[arg(long, value_name = "WON", value_parser = values::amount, allow_hyphen_values = true)]
    pub amount: Money,

    /// When the recharge began, on the server's clock: the time the recharge's message gave
    /// (forms under DATES, read in --tz); a recharge of the amount from then on counts
    #[arg(long, value_name = "WHEN", value_parser = dates::when)]
    pub since: When,

    /// While it is not found, look again for up to this many seconds (at most 3600), after
    /// pauses of 0.5, 1, 2, then 5 seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 0,
          value_parser = clap::value_parser!(u64).range(0..=3600))]
    pub wait: u64,
}

/// `history` and `history summary`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub(crate) struct HistoryCommand {
    #[command(subcommand)]
    pub summary: Option<HistorySubcommand>,
    #[command(flatten)]
    pub list: HistoryListArgs,
}

/// What `history` can do besides listing.
#[derive(Debug, Subcommand)]
pub(crate) enum HistorySubcommand {
    /// Count and total the changes of the selected range per type and per day or month
    #[command(long_about = help_text::SUMMARY_LONG_ABOUT, after_long_help = help_text::dates_and_examples("history summary"))]
    Summary(SummaryArgs),
}

/// `history` (listing).
#[derive(Debug, Args)]
pub(crate) struct HistoryListArgs {
    #[command(flatten)]
    pub filters: Filters,

    /// Entries per page (the API's default is 20). Without it (and without --all), a full
    /// page says on standard error whether more entries exist; a date range written with
    /// --output-file exports the whole range
    #[arg(long, value_name = "N", value_parser = values::at_least_one,
          conflicts_with = "all", help_heading = "Paging")]
    pub limit: Option<u64>,

    /// Matching entries to skip (with --all: where the export starts)
    #[arg(long, value_name = "N", help_heading = "Paging")]
    pub offset: Option<u64>,

    /// Every matching entry, fetched page by page and printed as it arrives
    #[arg(long, help_heading = "Paging")]
    pub all: bool,

    /// With --all: entries per request [default: 1000]
    #[arg(long, value_name = "N", value_parser = values::at_least_one,
          requires = "all", help_heading = "Paging")]
    pub page_size: Option<u64>,

    /// With --all: requests in flight at once, 1 to 32, or auto (start with one, widen toward
    /// 8, or 4 with pages of 1000, while answers come back fast; halve on 429/503 or slower
    /// answers) [default: auto]
    #[arg(long, value_name = "N|auto", value_parser = values::concurrency,
          requires = "all", help_heading = "Paging")]
    pub concurrency: Option<Concurrency>,

    #[command(flatten)]
    pub listing: ListingArgs,
}

/// How a history listing is written: order, columns, fields (`history` and `ledger
/// history`).
#[derive(Debug, Args)]
pub(crate) struct ListingArgs {
    /// Newest first (the API's order) or oldest first, in every format; oldest first with
    /// --all (or a whole range to a file) lists the range from its start
    #[arg(long, value_enum, value_name = "ORDER", default_value_t = Order::Newest,
          help_heading = "Output")]
    pub order: Order,

    /// The columns: `api` (the API's field names, for programs) or `statement` (for people
    /// and accountants: date first, Korean headers and type labels — 일시, 구분 (충전, 차감,
    /// 초기화, 수동 조정), 금액, 잔액, 포인트, 포인트 잔액, 메모, 내역 ID) in table, csv and xlsx
    #[arg(long, value_enum, value_name = "LAYOUT", default_value_t = Layout::Api,
          help_heading = "Output")]
    pub layout: Layout,

    /// Only these fields, in this order, for json, ndjson, csv and xlsx (the API's names,
    /// comma-separated: historyId,dateCreated,balanceAmount); a field the service sends that
    /// the CLI does not document is named with a leading + (+receiptUrl)
    #[arg(long, value_name = "NAMES", value_delimiter = ',', value_parser = values::trimmed,
          help_heading = "Output")]
    pub fields: Vec<String>,
}

/// The order of listed entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Order {
    /// Newest first, as the API sends them
    Newest,
    /// Oldest first
    Oldest,
}

/// The columns of a history listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Layout {
    /// The API's field names, for programs
    Api,
    /// A statement for people: date first, Korean headers and type labels
    Statement,
}

/// `history summary`.
#[derive(Debug, Args)]
pub(crate) struct SummaryArgs {
    #[command(flatten)]
    pub filters: Filters,

    /// The period of each row, in the time zone (--tz)
    #[arg(long, value_enum, value_name = "PERIOD", default_value_t = Period::Day)]
    pub by: Period,

    /// Only the totals (per type, all types, average daily spend, days left): csv holds one
    /// kind of row, the periods without this, the totals with it
    #[arg(long)]
    pub totals: bool,
}

/// The period of a summary row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Period {
    /// Calendar days (2025-06-01)
    Day,
    /// Calendar months (2025-06)
    Month,
}

/// Every filter of the history API.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Filters")]
pub(crate) struct Filters {
    /// Entries at or after this time (startDate; forms under DATES, read in --tz)
    #[arg(long = "start-date", visible_alias = "since", value_name = "WHEN",
          value_parser = dates::when)]
    pub start_date: Option<When>,

    /// Entries at or before this time (endDate; a day includes all of it)
    #[arg(long = "end-date", visible_alias = "until", value_name = "WHEN",
          value_parser = dates::when)]
    pub end_date: Option<When>,

    /// Entries of this calendar month of the time zone (--tz): the first instant of its first
    /// day to the last millisecond of its last
    #[arg(long, value_name = "YYYY-MM", value_parser = dates::month,
          conflicts_with_all = ["start_date", "end_date", "this_month", "last_month"])]
    pub month: Option<MonthArg>,

    /// Entries of the current calendar month of the time zone
    #[arg(long, conflicts_with_all = ["start_date", "end_date", "last_month"])]
    pub this_month: bool,

    /// Entries of the previous calendar month of the time zone
    #[arg(long, conflicts_with_all = ["start_date", "end_date"])]
    pub last_month: bool,

    /// Only this kind of change (type; any case; a value not listed is sent as given)
    #[arg(long = "type", value_name = "TYPE", value_parser = values::history_type())]
    pub kind: Option<HistoryType>,

    /// Only entries of this message group (groupId)
    #[arg(long, value_name = "ID", value_parser = values::trimmed)]
    pub group_id: Option<String>,

    /// Only recharges paid this way (rechargeMethod; any case; a value not listed is sent
    /// as given)
    #[arg(long, value_name = "METHOD", value_parser = values::recharge_method())]
    pub recharge_method: Option<RechargeMethod>,

    /// Only changes by this service (serviceMethod; any case; a value not listed is sent as
    /// given)
    #[arg(long, value_name = "METHOD", value_parser = values::service_method())]
    pub service_method: Option<ServiceMethod>,

    /// Only entries whose balance changed by exactly this amount (balanceAmount; may be
    /// negative)
    #[arg(long, value_name = "WON", value_parser = values::money, allow_hyphen_values = true)]
    pub balance_amount: Option<Money>,

    /// Only entries that added to the balance (balanceRecharge; =false for the others)
    #[arg(long, value_name = "BOOL", num_args = 0..=1, require_equals = true,
          default_missing_value = "true")]
    pub balance_recharge: Option<bool>,

    /// Only entries that took from the balance (balanceDeduct; =false for the others)
    #[arg(long, value_name = "BOOL", num_args = 0..=1, require_equals = true,
          default_missing_value = "true")]
    pub balance_deduct: Option<bool>,

    /// Only entries that added points (pointRecharge; =false for the others)
    #[arg(long, value_name = "BOOL", num_args = 0..=1, require_equals = true,
          default_missing_value = "true")]
    pub point_recharge: Option<bool>,

    /// Only entries that took points (pointDeduct; =false for the others)
    #[arg(long, value_name = "BOOL", num_args = 0..=1, require_equals = true,
          default_missing_value = "true")]
    pub point_deduct: Option<bool>,
}

impl Filters {
    /// The month chosen by `--month`, `--this-month` or `--last-month`.
    pub(crate) fn month_arg(&self) -> Option<MonthArg> {
        self.month
            .or(self.this_month.then_some(MonthArg::This))
            .or(self.last_month.then_some(MonthArg::Last))
    }

    /// Whether the range is bounded by a date or a month.
    pub(crate) fn has_dates(&self) -> bool {
        self.start_date.is_some() || self.end_date.is_some() || self.month_arg().is_some()
    }
}

/// `config`.
#[derive(Debug, Subcommand)]
pub(crate) enum ConfigCommand {
    /// Store a value in the profile (created if needed); without VALUE, read it from
    /// standard input
    #[command(after_long_help = help_text::after("config set"))]
    Set(ConfigSetArgs),
    /// Remove a value from the profile
    #[command(after_long_help = help_text::after("config unset"))]
    Unset(ConfigUnsetArgs),
    /// Show the settings in effect, where each comes from, secrets masked
    #[command(after_long_help = help_text::after("config show"))]
    Show,
    /// List the profiles of the config file
    #[command(after_long_help = help_text::after("config list"))]
    List,
    /// Print the config file's path
    #[command(after_long_help = help_text::after("config path"))]
    Path,
}

/// `config set`.
#[derive(Debug, Args)]
pub(crate) struct ConfigSetArgs {
    /// What to set
    #[arg(value_enum)]
    pub field: Field,
    /// The value; leave it out for secrets, which are then read from standard input
    pub value: Option<String>,
}

/// `config unset`.
#[derive(Debug, Args)]
pub(crate) struct ConfigUnsetArgs {
    /// What to remove
    #[arg(value_enum)]
    pub field: Field,
}

/// A setting of a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Field {
    /// The API key (api_key)
    ApiKey,
    /// The API secret (api_secret)
    ApiSecret,
    /// An OAuth2 access token (access_token)
    AccessToken,
    /// The base URL (base_url)
    BaseUrl,
    /// The time zone of dates (tz): an IANA name, UTC, local or an offset
    Tz,
    /// The payment method (card) `recharge` charges when --payment-id is not given
    /// (payment_id)
    PaymentId,
}

impl Field {
    /// The key in the file and in `config show`.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Field::ApiKey => "api_key",
            Field::ApiSecret => "api_secret",
            Field::AccessToken => "access_token",
            Field::BaseUrl => "base_url",
            Field::Tz => "tz",
            Field::PaymentId => "payment_id",
        }
    }

    /// Whether the value is a secret (masked, never echoed).
    pub(crate) fn is_secret(self) -> bool {
        matches!(self, Field::ApiSecret | Field::AccessToken)
    }
}

/// `completions`.
#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: Shell,
}
