//! The longer texts of `--help`, shared with the man page and `docs/cli.md`.

use crate::exit::Exit;

/// `solapi-cash --help` (long).
pub(crate) const LONG_ABOUT: &str = "\
Balance, recharge and history of a SOLAPI account, from the command line.

Data goes to standard output (--output table, json, ndjson or csv); messages, warnings and \
progress go to standard error. Money is exact everywhere: what the API sends is printed with \
the same digits.

Text from outside (memos, ids, the API's error messages) cannot act on the terminal: tables \
and messages show its control characters as escapes (\\u{1b}, \\n), bidirectional \
overrides too. json and ndjson carry it exactly, writing those characters as \\uXXXX \
escapes; csv carries it exactly as is (a field with a control character is quoted): it is \
data for programs, not for reading on a terminal.";

/// `solapi-cash -h` (short): a pointer to the rest.
pub(crate) const AFTER_HELP: &str =
    "Settings: flags, then environment, then profile. See --help for exit codes and dates.";

/// How settings are found.
pub(crate) const PRECEDENCE: &str = "\
Each setting (API key, API secret, access token, base URL) is taken from the first of:
  1. its flag (--api-key, --api-secret or --api-secret-stdin, --access-token, --base-url);
  2. its environment variable (SOLAPI_API_KEY, SOLAPI_API_SECRET, SOLAPI_ACCESS_TOKEN,
     SOLAPI_BASE_URL); an empty variable counts as unset;
  3. the profile in the config file (--profile or SOLAPI_PROFILE, else `default`).
Settings are merged field by field: a key from a flag and a secret from the profile work
together. When both an API key and an access token are found, the one given at the higher
level is used; at the same level the API key wins.";

/// Where the config file is.
pub(crate) const CONFIG_FILE: &str = "\
$SOLAPI_CONFIG if set, else $XDG_CONFIG_HOME/solapi-cash/config.toml, else
~/.config/solapi-cash/config.toml (on macOS too; on Windows %APPDATA%\\solapi-cash\\config.toml).
It is read only when a profile is named or flags and environment leave a setting out, so a
run with every setting in the environment needs neither the file nor a home directory.
TOML, one table per profile:
  [profiles.default]
  api_key = \"NCSAYU7YDBXYORXC\"
  api_secret = \"...\"
  base_url = \"https://api.solapi.com\"
The file is created with mode 0600 (written to a new private file, then renamed over the
old one), and changes are serialised by a lock (.config.toml.lock beside it), so concurrent
`config set` runs lose nothing. A file that group or others may read is refused: chmod 600 it.";

/// The date forms.
pub(crate) const DATES: &str = "\
--start-date and --end-date accept:
  2024-05-01                      a UTC day: as a start its first instant, as an end its last
  2024-05-01T09:30:00Z            an ISO 8601 date-time, with Z or an offset (+09:00)
  12h, 30d, 2w                    hours, days (24 h) or weeks before now
  now, today, yesterday           today and yesterday are UTC days
Months are not a unit (their length varies): give a date.";

/// `recharge --help` (long).
pub(crate) const RECHARGE_LONG_ABOUT: &str = "\
Recharge the balance from a registered payment method (card).

On a terminal, it shows what will be charged and asks for confirmation (--yes skips it).
Without a terminal nobody can confirm: --yes is required (without it, nothing is sent and \
the exit code is 2).

Second factor: when the account requires it, the service emails a code. On a terminal the \
code is asked for. Otherwise the command prints the transaction id (on standard output, in \
the chosen format) and exits with 7; repeat the same recharge with --mfa-transaction and \
--mfa-code.

A recharge is never sent twice by this command. When the answer is lost (the connection \
broke or timed out after sending), it looks the recharge up in the history and says plainly \
whether the money was charged: applied (exit 0, the entry is printed), not applied (exit 5, \
safe to retry), or unknown (exit 6: several candidates, or the history could not be read; \
check `solapi-cash history --type recharge` before retrying). Interrupted (Ctrl-C, SIGTERM) \
while the recharge is on its way, it says that the recharge may have been applied and how to \
check, and exits 6.";

/// `history --help` (long).
pub(crate) const HISTORY_LONG_ABOUT: &str = "\
List balance changes, newest first: one page (--limit, --offset), or every matching entry \
(--all), printed as the pages arrive, in constant memory, with a progress line on standard \
error when it is a terminal. Table columns are sized from the first 1000 rows.

Every filter of the API has a flag; values are checked before any request is sent (an \
invalid date, a start after the end are refused). The service's types and methods are open \
sets: a --type, --recharge-method or --service-method value not listed is sent as given, \
with a note on standard error. With --output json the \
list is a JSON array; ndjson has one object per line; both use the API's field names and \
exact numbers, as does the csv header. If a failure interrupts a json listing, the array is \
left unclosed so that it cannot be mistaken for a complete one.";

/// `history summary --help` (long).
pub(crate) const SUMMARY_LONG_ABOUT: &str = "\
Count and total the changes in the selected range, per type and per day or month (UTC, by \
the entry's dateCreated).

Rows: period, type, count, balanceChange, pointChange, with exact sums. After them, one \
row per type with the period `total`, then the grand total (period `total`, type `ALL`). \
Every matching entry is fetched (the filters work as for `history`).";

/// `config --help` (long).
pub(crate) const CONFIG_LONG_ABOUT: &str = "\
Manage named profiles (credentials and base URL) in the config file. The profile is chosen \
with --profile or SOLAPI_PROFILE (default: `default`).

`config set api-secret` and `config set access-token` read the value from standard input \
when it is left out (without echo on a terminal, whose mode is restored if the prompt is \
interrupted), so that it never appears in a command line.";

/// The closing sections of `solapi-cash --help`.
pub(crate) fn after_long_help() -> String {
    let mut text = String::new();
    text.push_str("SETTINGS:\n");
    text.push_str(&indent(PRECEDENCE));
    text.push_str("\n\nCONFIG FILE:\n");
    text.push_str(&indent(CONFIG_FILE));
    text.push_str("\n\n");
    text.push_str(&dates_section());
    text.push_str("\n\nEXIT CODES:\n");
    for (exit, meaning) in Exit::TABLE {
        text.push_str(&hanging(
            &format!("{}  {meaning}", exit.code()),
            "  ",
            "     ",
        ));
    }
    text.push_str("\nEnvironment: NO_COLOR or TERM=dumb turn colour off.");
    text
}

/// The DATES section (for the history commands' help too).
pub(crate) fn dates_section() -> String {
    format!("DATES:\n{}", indent(DATES))
}

/// Wraps `text` at [`WIDTH`] columns: `first` before the first line, `rest` before the others.
fn hanging(text: &str, first: &str, rest: &str) -> String {
    let mut out = String::new();
    let mut line = first.to_owned();
    for word in text.split(' ') {
        if line.len() + word.len() + 1 > WIDTH && !line.trim().is_empty() {
            out.push_str(line.trim_end());
            out.push('\n');
            line = rest.to_owned();
        }
        line.push_str(word);
        line.push(' ');
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

/// Width of pre-wrapped help text: fits the 100 columns `--help` uses, and most terminals.
const WIDTH: usize = 92;

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
