//! The longer texts of `--help`, shared with the man page and `docs/cli.md`.

use crate::exit::Exit;

/// `solapi-cash --help` (long).
pub(crate) const LONG_ABOUT: &str = "\
Balance, recharge and history of a SOLAPI account, and the settings that keep the balance \
from running out (the low-balance alert, auto-recharge, the cards), from the command line; \
transfers to another account, withdrawals to the bank account, receipts and the recharge \
history too.

Every write (recharge, transfer, withdraw, alert set/on/off, auto-recharge set/on/off, \
payment add/remove, bank-account add/remove) says what it will change and asks for confirmation on a terminal; scripts pass --yes, and without \
a terminal and without --yes a write is refused (exit 2) before anything is sent. The rules \
the service publishes are checked before sending, with the same code the emulator enforces \
them with.

Data goes to standard output (--output table, json, ndjson, csv or xlsx), or to a file with \
--output-file, which appears only once it is complete; messages, warnings and progress go to \
standard error, and with --output json or ndjson a failure is one JSON object there (kind, \
exitCode, message, hint, outcome, status, apiCode). Money is exact everywhere: what the API \
sends is printed with the same digits, and a spreadsheet gets a number only when it can hold \
it exactly. A request and its retries end within --deadline (60 s by default).

Dates are shown and read in Korea Standard Time (Asia/Seoul) unless --tz, SOLAPI_TZ or the \
profile's tz names another zone; json and ndjson keep the API's dateCreated text (UTC) as sent.

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
Each setting (API key, API secret, access token, base URL, time zone, payment method) is
taken from the first of:
  1. its flag (--api-key, --api-secret or --api-secret-stdin, --access-token, --base-url,
     --tz, recharge --payment-id);
  2. its environment variable (SOLAPI_API_KEY, SOLAPI_API_SECRET, SOLAPI_ACCESS_TOKEN,
     SOLAPI_BASE_URL, SOLAPI_TZ, SOLAPI_PAYMENT_ID); an empty variable counts as unset;
  3. the profile in the config file (--profile or SOLAPI_PROFILE, else `default`);
  4. the default: https://api.solapi.com, Asia/Seoul, no payment method.
Settings are merged field by field: a key from a flag and a secret from the profile work
together. When both an API key and an access token are found, the one given at the higher
level is used; at the same level the API key wins.";

/// Where the config file is.
pub(crate) const CONFIG_FILE: &str = "\
$SOLAPI_CONFIG if set, else $XDG_CONFIG_HOME/solapi-cash/config.toml, else
~/.config/solapi-cash/config.toml (on macOS too; on Windows %APPDATA%\\solapi-cash\\config.toml).
It is read only when a profile is named or flags and environment leave out a setting the
command uses (history commands use tz, recharge payment_id; without a home directory or a
file those take their defaults), so a run with every setting in the environment needs
neither the file nor a home directory. TOML, one table per profile:
  [profiles.default]
  api_key = \"NCSAYU7YDBXYORXC\"
  api_secret = \"...\"
  base_url = \"https://api.solapi.com\"
  tz = \"Asia/Seoul\"
  payment_id = \"1407974467827303801565071718686\"
The file is created with mode 0600 (written to a new private file, then renamed over the
old one), and changes are serialised by a lock (.config.toml.lock beside it), so concurrent
`config set` runs lose nothing. A file that group or others may read is refused: chmod 600 it.";

/// The date forms.
pub(crate) const DATES: &str = "\
--start-date and --end-date accept, read in the time zone (--tz, default Asia/Seoul):
  2025-06-01                      a day: as a start its first instant, as an end its last
  2025-06-01T09:30:00Z            an ISO 8601 date-time, with Z or an offset (+09:00)
  2025-06-01T09:30                a date-time without an offset: wall-clock time in the zone
  10m, 12h, 30d, 2w               minutes, hours, or calendar days or weeks, before now
  now, today, yesterday           today and yesterday are days in the zone
Whole months: --month 2025-06, --this-month, --last-month (months of the zone, not with
--since or --until). Ages have no month unit (months differ in length; m is minutes).
Bounds are sent to the API as instants in UTC, so --since 2025-06-01 --until 2025-06-30,
like --month 2025-06, is the whole Korean June; days and months are placed by the same
rule as the library's HistoryQueryBuilder::days.";

/// `balance --help` (long).
pub(crate) const BALANCE_LONG_ABOUT: &str = "\
Show the balance, the point and the account's balance settings.

The table gives the amounts, then the settings in words: whether auto-recharge is on \
(autoRecharge), below what balance it recharges and to what (minimumCash, rechargeTo), and, \
when it is on, the card it charges (the registered card ranked first for it, from `payment \
list`); whether the low-balance alert is on, at which amounts and by which channels. json, \
ndjson, csv and xlsx keep the API's fields as sent.

For monitoring (cron, Nagios-style checks): --below WON exits with code 8 when balance + \
point — what messages can still spend, the point first — is under WON, after printing the \
balance as usual; --cash-only compares the balance alone. The verdict is one line on \
standard error either way (`ok: …` or `below: …`; a JSON object with --output json). An \
answer without a balance cannot be compared and exits with 5; a missing point counts as 0, \
with a note.

With the account's ledger (`solapi-cash sync`; --db names another file), the table ends with \
the days left at the last 7 days' rate of spending, or why there is no number (auto-recharge \
on, recharges that kept up with spending, nothing spent), and json and ndjson add a \
`forecast` member; csv and xlsx keep the API's fields alone (docs/monitoring.md).";

/// `recharge --help` (long).
pub(crate) const RECHARGE_LONG_ABOUT: &str = "\
Recharge the balance from a registered payment method (card).

The amount is whole won, digits only: a fraction (10000.5), an exponent (1e4), a sign or a \
separator is refused before anything is sent (exit 2).

On a terminal, it shows what will be charged and asks for confirmation (--yes skips it).
Without a terminal nobody can confirm: --yes is required (without it, nothing is sent and \
the exit code is 2).

The card: --payment-id, else SOLAPI_PAYMENT_ID, else the profile's payment-id; without any \
of them, on a terminal and without --yes, the registered cards (`solapi-cash payment list`) \
are listed and the one picked by its number is charged (nothing picked: nothing charged).

Second factor: when the account requires it, the service emails a code. On a terminal the \
code is asked for, and asked for again when the service refuses it as wrong while the \
transaction takes more (up to 5 codes). Otherwise the command prints the transaction id (on \
standard output, in the chosen format) and exits with 7; repeat the same recharge with \
--mfa-transaction and --mfa-code.

A recharge is never sent twice by this command, and it says that nothing was charged only \
with proof: the service refused it (exit 3 or 4), or no connection was ever made (exit 5). When the answer is lost (a timeout, a broken connection, a 5xx), it looks the \
recharge up in the history once and says what that proves: applied (exit 0, the entry is \
printed) only when the entry could be no one else's — the only recharge of the amount near \
the attempt, after the attempt began; not found as of the server's time T — it may still be \
processing, since a recharge slower than --timeout commits later; a candidate it cannot prove \
— one just before the attempt began, where another process's recharge of the same amount \
would lie, or several: the card's statement settles it; or the history could not be read yet \
(exit 6 for each). Exit 6 names the command that checks again, `solapi-cash recharge status \
--amount WON --since TIME --wait 60`, with the attempt's start (server time). A 2xx answer \
without a readable receipt is evidence, not proof (a proxy or gateway in front of the service \
answers 2xx too): it is looked up the same way, with a warning when the answer was an HTML \
page or text. Interrupted (Ctrl-C, SIGTERM) while the recharge is on its way, it says that \
the recharge may have been applied, names `recharge status`, and exits 6.";

/// `transfer --help` (long).
pub(crate) const TRANSFER_LONG_ABOUT: &str = "\
Move balance from this account to another (POST /cash/v1/transfer): --to names the account \
that receives it, --amount the whole won moved (digits only: a fraction, an exponent, a sign \
or a separator is refused before anything is sent, exit 2).

On a terminal, it shows the accounts (from the profile's credentials, to --to) and the amount \
and asks for confirmation (--yes skips it); without a terminal --yes is required (without it, \
nothing is sent and the exit code is 2). The second factor is asked for as for a recharge \
(exit 7 without a terminal, with the transaction id to repeat the same transfer with \
--mfa-transaction and --mfa-code).

A transfer is never sent twice by this command. Refusals say nothing moved (exit 3): more \
than the balance (403 Forbidden \"보유하신 금액이 부족합니다.\"), the own account (400 \
ValidationError) or an unknown one (404 ResourceNotFound) as the target. When \
the answer is lost it looks the transfer up in this account's history, as a recharge is: the \
transfer's entry is taken to be of type TRANSFER with the amount negative (inferred: the \
service documents no entry type for it; the receiving account's entry is positive, so money \
coming in is never taken for this transfer). Applied (exit 0, the entry printed) only for the \
only such entry since the attempt began; not found yet, or several candidates, is exit 6 with \
the history command that checks again.";

/// `recharge status --help` (long).
pub(crate) const RECHARGE_STATUS_LONG_ABOUT: &str = "\
Find out from the history whether a recharge whose answer was lost was applied: the command \
to run after `recharge` exited 6, with the --amount and --since its message gave.

A RECHARGE entry of the amount is looked for, on the server's clock, by the rule the \
recharge's own lookup used: --since is the attempt's start. The only entry of the amount from \
a small margin before --since on, and at or after --since: applied, the entry is printed \
(exit 0). One in the margin before --since, or several: a person must tell them apart, with \
the card's statement (exit 6). None: not found as of the server's time T (exit 6) — the \
recharge may still be processing, so this is never \"not applied\"; same-amount recharges \
just before the window are listed, since one of them is the recharge if the server's clock \
stepped. With --wait SECONDS it looks again while nothing is found (after 0.5, 1, 2, then \
every 5 seconds) until the time is up. A history that cannot be read (rate limited, a server \
error, the network) is \"could not check yet\" (exit 6), the recharge's outcome still \
unknown; bad credentials or permissions keep their own exit code.";

/// `payment --help` (long).
pub(crate) const PAYMENT_LONG_ABOUT: &str = "\
The registered payment methods (cards) of the account (GET /cash/v1/payment): the ids that \
recharge --payment-id and auto-recharge set --cards take. `payment` alone lists them, as \
`payment list` does.";

/// `receipt --help` (long).
pub(crate) const RECEIPT_LONG_ABOUT: &str = "\
The receipt (거래명세서) of one recharge (GET /cash/v1/receipt?historyId=), by the recharge's \
history id (`history` and `recharge` print it). SOLAPI publishes only an empty sample ({}), so \
every field the service sends is kept: json and ndjson print the answer with every field as \
sent; table shows the fields known from the history (entry, account, type, method, amount, \
date) and then every other field as sent; csv and xlsx put the unknown ones in the `extra` \
column. One exception: a field named like a bank account number (`accountNumber`, \
`depositorAccountNumber`) shows only its last four digits, in every format. An id that is not a recharge, or unknown, is refused by the service (exit 3).";

/// `recharge history --help` (long).
pub(crate) const RECHARGE_HISTORY_LONG_ABOUT: &str = "\
The recharges of the account, newest first (GET /cash/v1/recharge-history), paged by key: \
one page, with a note naming the next key when there is more, or every page with --all. \
--since and --until bound the date of creation (`dateCreated[gte]`, `dateCreated[lt]`). \
SOLAPI has not published the answer's shape: the list is read under whichever key holds it \
and the next key under `nextKey` or `startKey`. json prints one page as sent (with --all, \
an array of every entry); ndjson one entry a line; csv and xlsx the known fields and an \
`extra` column of the others. A field named like a bank account number shows only its last \
four digits, in every format.";

/// `withdraw --help` (long).
pub(crate) const WITHDRAW_LONG_ABOUT: &str = "\
Withdrawals of the account's earnings to its registered bank account. `withdraw --amount WON` \
asks for one (POST /cash/v1/withdraw): WON, whole won, leaves the balance; the service keeps \
a fee and the rest arrives at the bank account. Before the confirmation it shows the fee and \
what arrives, estimated by the rule 500 won plus 5 % (inferred: the documents say only \
\"5 %\" and their two samples, 20,000 -> fee 1,500 and 10,000 -> fee 1,000, both take 500 won \
more); the service's answer, printed after, is the truth. On a terminal it asks (--yes skips \
it; without a terminal --yes is required, exit 2 otherwise); the second factor is asked for \
as for a recharge (exit 7 without a terminal). It is never sent twice: a lost answer is \
looked up in the history (a WITHDRAW entry of minus the amount, inferred) as a recharge is, \
exit 0 with the entry only when that proves it, exit 6 otherwise. Refusals move nothing: \
more than the balance (403 Forbidden \"보유하신 금액이 부족합니다.\"), an amount that is not \
a positive whole number (400 ValidationError), no registered bank account.

`withdraw list` pages through the withdrawals (GET /cash/v1/withdraw), `withdraw show ID` \
shows one. The bank account's number is personal data: shown as the service masks it \
(`******7890`), or, sent whole, only its last four digits (in every format, json included).";

/// `withdraw list --help` (long).
pub(crate) const WITHDRAW_LIST_LONG_ABOUT: &str = "\
The withdrawals of the account, newest first (GET /cash/v1/withdraw), paged by key: one page, \
with a note naming the next key when there is more, or every page with --all. --status, \
--since and --until filter (`status`, `startDate`, `endDate`). Money is exact: `amount` is \
what arrives at the bank, `fee` what the service keeps, `totalAmount` what left the balance. \
The bank account's number is shown masked (as the service masks it, or only its last four \
digits when sent whole). json prints one page as sent but for that (with \
--all, an array of every withdrawal); ndjson one a line; csv and xlsx the known fields and an \
`extra` column of the others.";

/// `withdraw show --help` (long).
pub(crate) const WITHDRAW_SHOW_LONG_ABOUT: &str = "\
One withdrawal by its id (GET /cash/v1/withdraw?withdrawId=ID): every field as sent, the bank \
account's number masked as the service masks it. An id the service does not list is exit 3.";

/// `bank-account --help` (long).
pub(crate) const BANK_ACCOUNT_LONG_ABOUT: &str = "\
The bank account the account's earnings are withdrawn to (GET /cash/v1/bank/accounts). Its \
number is personal data: every output shows it masked, as the service masks it, or only its \
last four digits when the service sends it whole (the only exception: what you type at \
`bank-account add`'s own prompt). `add` registers one, `remove` removes it; both ask for \
confirmation and the second factor.";

/// `bank-account add --help` (long).
pub(crate) const BANK_ACCOUNT_ADD_LONG_ABOUT: &str = "\
Register the bank account withdrawals go to (POST /cash/v1/bank/accounts): --bank (the bank's \
code, two or three digits) and --holder (the holder's name) on the command line; the account \
number never (other users can read command lines): on a terminal it is asked for without \
echo, otherwise read from the first line of standard input (after the API secret's line with \
--api-secret-stdin). Spaces and dashes in it are dropped; letters, fewer than 6 or more than \
20 digits, a bad bank code or holder name are refused with exit 2 before anything is sent. \
The number is personal data: shown masked (the last four digits) in the question, the \
answer, every message and -vvv's traces; never saved. A second registration replaces the \
first (as the emulator does; the service's rule is not published). It asks for confirmation \
on a terminal and needs --yes without one.\n\n\
When the answer is lost, nothing is sent again: the bank account is read back, and the \
registration is applied (exit 0) when it shows this bank and these last four digits, else \
unknown (exit 6).\n\n\
Second factor: as for `recharge`, when the account requires it the service emails a code: \
on a terminal it is asked for (again when refused as wrong, up to 5 codes); otherwise the \
transaction id is printed and the exit code is 7: repeat the same command with \
--mfa-transaction and --mfa-code (the number is asked for again).";

/// `bank-account remove --help` (long).
pub(crate) const BANK_ACCOUNT_REMOVE_LONG_ABOUT: &str = "\
Remove the registered bank account (DELETE /cash/v1/bank/accounts). The account is read first \
and named (masked) in the question; it asks for confirmation on a terminal and needs --yes \
without one. The answer says how many were removed (`{\"n\": 1}`; 0: none was registered). \
When the answer is lost, nothing is sent again: the bank account is read back, and the \
removal is applied (exit 0) when none shows any more, else unknown (exit 6). Second factor: \
as for `bank-account add`.";

/// `bank-account show --help` (long).
pub(crate) const BANK_ACCOUNT_SHOW_LONG_ABOUT: &str = "\
The registered bank account (GET /cash/v1/bank/accounts): bank code, account number (masked in \
every format, json included: only the last four digits when the service sent it whole), \
holder, and every other field as sent. The service's published answer is `{}`; with nothing \
in the answer, the table says so.";

/// `alert --help` (long).
pub(crate) const ALERT_LONG_ABOUT: &str = "\
The low-balance alert (GET and PUT /cash/v1/balance/alert, PUT /cash/v1/balance/alert/switch): \
the service tells the account by the channels set (SMS, EMAIL, …) when the balance falls \
below one of up to three thresholds. `alert show` prints it in words (table) or as the API \
sent it (json, ndjson, csv, xlsx). Every change asks for confirmation on a terminal, saying \
what will change, and needs --yes without one (exit 2 otherwise, nothing sent); after a \
change the alert is read back and shown. `alert on` and `alert off` read it first and send \
nothing when it is so already.";

/// `alert set --help` (long).
pub(crate) const ALERT_SET_LONG_ABOUT: &str = "\
Set the low-balance alert's thresholds and channels (the whole setting: both are sent). \
The thresholds: one to three --at, each whole won of at least 200, none twice; the channels: \
at least one --channel, a name in capitals (SMS, EMAIL), none twice. Anything else is refused \
with exit 2 before anything is sent. Whether the alert is on does not change (`alert on`, \
`alert off`).\n\n\
Second factor: as for `recharge`, when the account requires it the service emails a code: \
on a terminal it is asked for (again when refused as wrong, up to 5 codes); otherwise the \
transaction id is printed and the exit code is 7: repeat the same command with \
--mfa-transaction and --mfa-code.";

/// `auto-recharge --help` (long).
pub(crate) const AUTO_RECHARGE_LONG_ABOUT: &str = "\
Auto-recharge: when the balance falls below a threshold (minimumCash), the service charges \
the registered cards, first tried first, to bring it up to a target (rechargeTo). `show` \
reads it from the balance and the card list (GET /cash/v1/balance, GET /cash/v1/payment); \
`set` sends the settings (PUT /cash/v1/payment); `on` and `off` switch it (PUT \
/cash/v1/recharge, a toggle). Every change asks for confirmation on a terminal, saying what \
will change, and needs --yes without one (exit 2 otherwise, nothing sent); after a change the \
state is read back and shown.";

/// `auto-recharge set --help` (long).
pub(crate) const AUTO_RECHARGE_SET_LONG_ABOUT: &str = "\
Set below what balance auto-recharge charges (--below, minimumCash: whole won, at least 200), \
to what balance (--to, rechargeTo: whole won, at least 10,000, the service's published \
lowest recharge) and from which registered cards, first tried first (--cards, paymentIds: \
each once; an id the card list does not hold is refused). Anything else is refused with exit \
2 before anything is sent. Whether auto-recharge is on does not change (`auto-recharge on`).";

/// `auto-recharge on|off --help` (long).
pub(crate) const AUTO_RECHARGE_SWITCH_LONG_ABOUT: &str = "\
Switch auto-recharge. The service's switch is a toggle (each call flips it), so the state is \
read first and the toggle is sent only when it differs; when it is so already, nothing is \
sent (exit 0). When the toggle's answer is lost (a timeout, a broken connection), it is \
never sent a second time, which could undo the first: the state is read again instead. As \
wanted: exit 0, the toggle was applied. Still not as wanted, or unreadable: exit 6, it was \
not applied or not yet; `auto-recharge show` checks again, and running the same command \
again reads first, so it toggles only if the state still differs.\n\n\
Second factor: as for `recharge`, when the account requires it the service emails a code: \
on a terminal it is asked for (again when refused as wrong, up to 5 codes); otherwise the \
transaction id is printed and the exit code is 7: repeat the same command with \
--mfa-transaction and --mfa-code.";

/// `payment add --help` (long).
pub(crate) const PAYMENT_ADD_LONG_ABOUT: &str = "\
Register a card (POST /cash/v1/payment). Its number and CVC are never taken from the \
command line (other users can read command lines): on a terminal they are asked for without \
echo, number first; otherwise they are read from standard input, the number on the first \
line and the CVC on the second (after the API secret's line with --api-secret-stdin). The \
number may have spaces or dashes (they are dropped); \
letters, a number that is not a Visa or MasterCard, a CVC that is not 3 or 4 digits and an \
expiry in the past are refused with exit 2 before anything is sent. The number and the CVC \
are never printed, logged (-vv) or put in an error; the card is shown by its last four \
digits only. It asks for confirmation on a terminal and needs --yes without one.\n\n\
Second factor: as for `recharge`, when the account requires it the service emails a code: \
on a terminal it is asked for (again when refused as wrong, up to 5 codes); otherwise the \
transaction id is printed and the exit code is 7: repeat the same command with \
--mfa-transaction and --mfa-code.";

/// `payment list --help` (long).
pub(crate) const PAYMENT_LIST_LONG_ABOUT: &str = "\
List the registered payment methods (cards), one page: --offset and --limit (the API's \
defaults are 0 and 20). The table shows each card's id (the value of recharge --payment-id), \
its description (a masked number), its expiry, its auto-recharge setting (off, or the \
priority among the cards, 1 first) and when it was registered, in the time zone (--tz).

With --output json the answer is printed as the API sent it, {\"payments\": [...]}, every \
field kept; ndjson has one payment method per line, csv one row each, with the API's field \
names and an extra column for fields the CLI does not know. A field the service sends beside \
the list has no place in ndjson or csv rows: it is named in a warning (--output json keeps \
it).";

/// `history --help` (long).
pub(crate) const HISTORY_LONG_ABOUT: &str = "\
List balance changes, newest first: one page (--limit, --offset), or every matching entry \
(--all), printed as the pages arrive, in constant memory, with a progress line on standard \
error when it is a terminal. Table columns are sized from the first 1000 rows.

No listing is silently partial. Without --limit or --all, a full page (the API's 20) says \
on standard error whether more entries exist (one entry past it is asked for) and how to get \
them; and a range bounded by dates or a month written with --output-file is the whole range, \
as with --all (--limit keeps it to a page).

For people and accountants: --month 2025-06, --this-month and --last-month select whole \
months of the time zone; --order oldest lists oldest first in every format (with --all the \
whole range is read first, into a private temporary file, since the API lists newest \
first; one page is that page reversed); --layout statement puts the date first with Korean \
headers and type labels (일시, 구분: 충전 RECHARGE, 차감 DEDUCT, 초기화 SET, 수동 조정 MANUAL; \
금액, 잔액, 포인트, 포인트 잔액, 메모, 내역 ID) in tables, csv and xlsx; --layout api (the \
default) keeps the API's field names for programs.

Every filter of the API has a flag; values are checked before any request is sent (an \
invalid date, a start after the end are refused). Table, csv and xlsx dates are in the \
time zone (--tz), named in the header; json and ndjson keep dateCreated as the API sent it. \
--fields picks the fields of json, ndjson, csv and xlsx, in the order given: the API's \
names, extra (the fields the CLI does not know, which csv and xlsx end with), or +NAME for a \
field the service sends that the CLI does not document (another name is an error, so that a \
typo never passes for an empty column). The service's types and methods are open \
sets: a --type, --recharge-method or --service-method value not listed is sent as given, \
with a note on standard error. With --output json the \
list is a JSON array; ndjson has one object per line; both use the API's field names and \
exact numbers, as does the csv header. With --all and every field, json and ndjson copy each \
entry's text as the service sent it where they can (on one line, the documented fields, no \
escapes: its key order and number forms kept) and otherwise write the entry again with \
nothing lost; characters a terminal could act on become \\uXXXX either way. If a failure interrupts a json listing, the \
array is left unclosed so that it cannot be mistaken for a complete one.";

/// `history summary --help` (long).
pub(crate) const SUMMARY_LONG_ABOUT: &str = "\
Count and total the changes in the selected range, per type and per day or month of the \
time zone (--tz, default Asia/Seoul), by the entry's dateCreated.

Periods: period, type, count, balanceChange, pointChange, with exact sums. Totals, apart \
from them: one row per type, then all types (type `ALL`). Outlook: what was spent over the \
range (from --since, or the oldest entry, to the end of --until, or now), the average per \
day (rounded half up to 0.01 won), and with the current balance + point the whole days until \
it runs out at that rate (rounded down). Spent means what sending messages cost: the \
decreases of balance and point of DEDUCT entries, the type the service gives message \
charges; a conversion of points into balance, a reset (SET), a manual adjustment and a \
recharge are not spending. xlsx cells are typed by meaning: money in won, counts and days \
as plain numbers. \
Tables and xlsx (two worksheets) show all three; json has periods, totals and outlook; csv \
holds one kind of row: the periods, or the totals with --totals. Every matching entry is \
fetched (the filters work as for `history`).";

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
    text.push_str(&hanging(Exit::CHECK, "  ", "  "));
    text.push_str(
        "\nEnvironment: with --color auto, NO_COLOR (not empty), CLICOLOR=0 or TERM=dumb turn \
         colour off and CLICOLOR_FORCE (not 0) turns it on; --color always or never beats them.",
    );
    text.push_str("\n\n");
    text.push_str(&examples_section(""));
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

/// How time zones work, for `docs/cli.md` and the man page.
pub(crate) const TIME_ZONES: &str = "\
The service writes every date in UTC; SOLAPI's console and Korean bookkeeping use Korea \
Standard Time. So dates are shown and read in Asia/Seoul unless --tz (or SOLAPI_TZ, or the \
profile's tz) names an IANA zone, UTC, local (this machine's zone) or a fixed offset such as \
+09:00. The zone governs table, csv and xlsx dates (the zone is named in the header: \
`dateCreated (Asia/Seoul)`), the days and months of `history summary`, and how --since and \
--until read days, today, yesterday, ages and date-times without an offset; bounds are sent \
as UTC instants. json and ndjson keep the API's dateCreated text as sent. Zones come from the \
system's time zone database, or from the copy built into the binary where there is none \
(containers without tzdata, Windows).";

/// Money as sent and the fields the CLI does not know, for `docs/cli.md` and the man page.
pub(crate) const AS_SENT: &str = "\
Money is shown as the service sent it. json and ndjson write each amount back byte for byte \
(1.4210854715202004e-14, 5E+4, -0, 196.00000000001592 stay so); csv writes the same text; \
tables show it with thousands separators in its integer part only (10,130.5, \
-196.00000000001592, 5E+4, -0). Sums and other results of arithmetic are exact plain digits. \
A spreadsheet gets a number only when it holds the amount exactly (see below).

Nothing the service sends is lost. The service may add fields the CLI does not know, and may \
send a known descriptive field with an unexpected type. json and ndjson print every field of \
the answer as sent (`payment list` prints the whole answer, {\"payments\": [...]} included). \
csv and xlsx end with a column named extra: the fields of the row that no other column \
holds, as one JSON object in the order received ({\"isRecharging\":false}), empty when there \
is none; fields of a nested object are named with a dot (lowBalanceAlert.lastNotifiedAt), \
like the columns; a known field of an unexpected type shows its value as sent in its own \
column (text as text, anything else as compact JSON). Tables of a single answer (balance, \
recharge) list such fields by name after the known ones. history --fields may name a field \
the CLI does not document as +NAME, which gets its own column (empty where the service sends \
no such field), and extra. A field that `payment list` \
sends beside the list cannot go in ndjson or csv rows: a warning names it, and --output json \
keeps it.";

/// Spreadsheets and `--output-file`, for `docs/cli.md` and the man page.
pub(crate) const SPREADSHEETS: &str = "\
--output-file PATH writes a regular file (or a new one) through a temporary file in its \
folder, renamed over PATH only when the command succeeded: a failed or interrupted export \
leaves no file (and an old PATH untouched). On Linux the temporary file has no name until \
then (O_TMPFILE), so even SIGKILL leaves nothing; elsewhere it is .NAME.solapi-cash.PID.tmp, \
removed on an interrupt and, after a SIGKILL, by the next run that writes to the folder. \
The file's mode is 0666 less the umask, as a shell redirection gives. A symbolic link is \
followed to the file it names, which is replaced the same way (the link stays); a link to \
nothing is refused. Anything else is written to directly, never renamed over, as a shell \
redirection would: a device (/dev/null), a FIFO, /dev/stdout or a shell's >(…) (/dev/fd/N, \
opened for appending). There is no atomicity there: a failed run leaves what it wrote. A \
directory or a socket is refused. Standard output is written in whole lines: an interrupted \
export ends with a complete line.

--output xlsx writes a workbook: money as number cells in one won format for every cell \
(₩#,##0.00, so that a column's decimals line up; an amount with more decimals is held \
exactly, with a warning), counts and days as plain numbers, dates as date-time cells of the \
zone's wall-clock time, ids and text as text cells (which a spreadsheet never runs as \
formulas), a bold frozen header; `history summary` puts the periods and the totals on two \
worksheets. Rows stream through a temporary file, so memory does not grow with the \
export; more than 1,048,575 rows continue on another worksheet.

A spreadsheet holds numbers as binary floating point with 15 significant digits. Money with \
more digits (196.00000000001592), or not sent as plain digits (5E+4), would be rounded \
there: it is written as text, exactly as sent, with a warning on standard error.

csv comes in two kinds. For programs (standard output, or --no-bom): every field exactly as \
sent. For spreadsheets (files, or --bom): a UTF-8 byte-order mark, without which Korean Excel \
reads UTF-8 as CP949 and shows mojibake; ids (and money a spreadsheet cannot hold) written \
as =\"19041920726336\", the form Microsoft documents for keeping a CSV value text, since \
Excel turns the 14-digit accountId into 1.90419E+13; and text from the service that starts \
with =, +, -, @, a tab or a carriage return (or their full-width forms) behind a ', so that a \
hostile memo cannot run as a formula. Files get the spreadsheet kind by default because \
files are what people open in Excel; standard output goes to programs, for which a \
byte-order mark is a stray character; when such CSV goes to a regular file through the shell \
(> file.csv) without --bom or --no-bom, a note on standard error says how to get the Excel \
form. Money a spreadsheet must keep as text is written =\"…\" whatever its characters \
(5E+4, -0), or behind a ' when longer than a formula's 255 characters. A FIFO, a device or \
a descriptor given to --output-file gets the CSV for programs. `history summary` csv holds \
one kind of row: the periods, or the totals with --totals, so that a pivot table never \
counts a total twice.";

/// Colour, for `docs/cli.md` and the man page.
pub(crate) const COLOUR: &str = "\
Colour is used only in tables and messages. --color always and --color never are the user's \
choice and beat the environment (no-color.org: command-line arguments override NO_COLOR). \
With --color auto (the default): NO_COLOR set and not empty turns colour off; then \
CLICOLOR_FORCE set to anything but 0 turns it on even when not writing to a terminal, and \
CLICOLOR=0 turns it off (bixense.com/clicolors); otherwise a terminal that is not TERM=dumb \
gets colour. Files written with --output-file are never coloured.";

/// Installing the binary, completions and the man page (Markdown, for `docs/cli.md`).
pub(crate) const INSTALLING: &str = "\
From a clone of the repository (the crates are not published yet):

```sh
cargo install --locked --path crates/solapi-cash-cli        # the `solapi-cash` binary
cargo install --locked --path crates/solapi-cash-emulator   # the local Cash API
```

Once the crates are published, `cargo install --locked solapi-cash-cli` will do the same.

Shell completions are generated by the binary from its own definition:

```sh
solapi-cash completions bash > ~/.local/share/bash-completion/completions/solapi-cash
solapi-cash completions zsh > ~/.zfunc/_solapi-cash       # with fpath+=(~/.zfunc) before compinit
solapi-cash completions fish > ~/.config/fish/completions/solapi-cash.fish
solapi-cash completions powershell >> $PROFILE            # also: elvish
```

The man page is generated into the repository (`docs/man/solapi-cash.1`, by \
`cargo xtask docs`) rather than by the binary, which so stays free of the renderer. From a \
checkout of the repository:

```sh
install -Dm644 docs/man/solapi-cash.1 ~/.local/share/man/man1/solapi-cash.1   # for you
sudo install -Dm644 docs/man/solapi-cash.1 /usr/local/share/man/man1/solapi-cash.1  # for all
man solapi-cash
```";

/// The examples of each command's `--help`, `docs/cli.md` and the man page, by the command's
/// path below `solapi-cash` (`""` for the top): `(command line, what it does)`.
pub(crate) const EXAMPLES: &[(&str, &[(&str, &str)])] = &[
    (
        "",
        &[
            (
                "solapi-cash balance",
                "the balance, the point and the settings in words",
            ),
            (
                "solapi-cash history --month 2025-06 --layout statement -o xlsx --output-file june.xlsx",
                "June in Korean time as a workbook for an accountant",
            ),
            (
                "solapi-cash recharge --amount 50000",
                "charge 50,000 won to the card, after a confirmation",
            ),
            (
                "solapi-cash history --all -o ndjson > history.ndjson",
                "every entry, one JSON object per line",
            ),
        ],
    ),
    (
        "balance",
        &[
            (
                "solapi-cash balance",
                "the amounts, then auto-recharge and the alert in words",
            ),
            (
                "solapi-cash balance --below 10000 || notify-send 'top up SOLAPI'",
                "exit 8 when balance + point is under 10,000 won (for cron)",
            ),
            (
                "solapi-cash balance -o json",
                "the API's answer, every field as sent",
            ),
        ],
    ),
    (
        "recharge",
        &[
            (
                "solapi-cash recharge --amount 50000",
                "asks, charges the profile's card, asks for the emailed code",
            ),
            (
                "solapi-cash recharge --amount 50000 --payment-id ID --yes -o json",
                "for scripts: exit 7 prints the mfaTransactionId to answer with",
            ),
            (
                "solapi-cash recharge --amount 50000 --payment-id ID --yes --mfa-transaction TX --mfa-code 123456",
                "the same recharge, answering the second factor",
            ),
        ],
    ),
    (
        "recharge status",
        &[(
            "solapi-cash recharge status --amount 50000 --since 2025-06-30T09:30:00Z --wait 60",
            "after exit 6: whether that recharge was applied, looking for up to a minute",
        )],
    ),
    (
        "history",
        &[
            (
                "solapi-cash history",
                "the newest 20 entries, and whether more exist",
            ),
            (
                "solapi-cash history --last-month --order oldest --layout statement",
                "last month in Korean time, oldest first, with Korean headers",
            ),
            (
                "solapi-cash history --since 2025-06-01 --until 2025-06-30 -o csv --output-file june.csv",
                "the whole range, as CSV for Excel (a byte-order mark, ids as text)",
            ),
            (
                "solapi-cash history --all -o ndjson > history.ndjson",
                "every entry, one JSON object per line, in constant memory",
            ),
            (
                "solapi-cash history --since 10m --type DEDUCT",
                "what sending cost in the last ten minutes",
            ),
        ],
    ),
    (
        "history summary",
        &[
            (
                "solapi-cash history summary --month 2025-06",
                "June per day and type, the totals, spent and the days left",
            ),
            (
                "solapi-cash history summary --by month --since 2025-01-01 -o xlsx --output-file 2025.xlsx",
                "this year per month, as a workbook",
            ),
            (
                "solapi-cash history summary --totals -o csv",
                "the totals per type only, for a pivot table",
            ),
        ],
    ),
    (
        "transfer",
        &[
            (
                "solapi-cash transfer --to 20060912345678 --amount 50000",
                "move 50,000 won to that account (another of the agency's: not this one), after confirming on the terminal",
            ),
            (
                "solapi-cash transfer --to 20060912345678 --amount 50000 --yes",
                "the same from a script (exit 6 when the answer was lost and the history cannot prove it)",
            ),
        ],
    ),
    (
        "recharge history",
        &[
            (
                "solapi-cash recharge history",
                "the newest page of recharges",
            ),
            (
                "solapi-cash recharge history --all --since 2025-01-01 -o csv",
                "every recharge since New Year, as CSV",
            ),
        ],
    ),
    (
        "withdraw",
        &[
            (
                "solapi-cash withdraw --amount 20000",
                "withdraw 20,000 won (about 18,500 arrives), after confirming on the terminal",
            ),
            (
                "solapi-cash withdraw list",
                "the newest page of withdrawals",
            ),
            (
                "solapi-cash withdraw show 2960263173653180598136622655002",
                "one withdrawal, every field",
            ),
        ],
    ),
    (
        "bank-account",
        &[
            (
                "solapi-cash bank-account show",
                "the bank account withdrawals go to, its number masked",
            ),
            (
                "solapi-cash bank-account add --bank 088 --holder 홍길동",
                "register one: the number asked for without echo",
            ),
            (
                "solapi-cash bank-account remove",
                "remove it, after a question",
            ),
        ],
    ),
    (
        "bank-account add",
        &[
            (
                "solapi-cash bank-account add --bank 088 --holder 홍길동",
                "register a bank account: the number asked for without echo",
            ),
            (
                "printf '%s\\n' \"$ACCOUNT\" | solapi-cash bank-account add --bank 088 --holder 홍길동 --yes",
                "from a script: the number on standard input",
            ),
        ],
    ),
    (
        "bank-account remove",
        &[(
            "solapi-cash bank-account remove",
            "remove the registered bank account, after a question",
        )],
    ),
    (
        "bank-account show",
        &[(
            "solapi-cash bank-account show",
            "the bank account withdrawals go to, its number masked",
        )],
    ),
    (
        "withdraw list",
        &[
            (
                "solapi-cash withdraw list",
                "the newest page of withdrawals",
            ),
            (
                "solapi-cash withdraw list --all --status PENDING -o csv",
                "every withdrawal still pending, as CSV",
            ),
        ],
    ),
    (
        "withdraw show",
        &[(
            "solapi-cash withdraw show 2960263173653180598136622655002",
            "one withdrawal, every field",
        )],
    ),
    (
        "receipt",
        &[
            (
                "solapi-cash receipt 5db728daaa83954519463af8",
                "the receipt of that recharge, every field shown",
            ),
            (
                "solapi-cash receipt 5db728daaa83954519463af8 -o json",
                "the service's answer, every field as sent",
            ),
        ],
    ),
    (
        "payment",
        &[(
            "solapi-cash payment",
            "the cards, with the ids recharge takes",
        )],
    ),
    (
        "payment add",
        &[
            (
                "solapi-cash payment add --exp 12/29 --description 법인카드",
                "register a card: number and CVC asked for without echo",
            ),
            (
                "printf '%s\\n%s\\n' \"$CARD\" \"$CVC\" | solapi-cash payment add --exp 12/29 --yes",
                "from a script: number and CVC on standard input, one per line",
            ),
        ],
    ),
    (
        "payment remove",
        &[(
            "solapi-cash payment remove 1407974467827303801565071718686",
            "remove a card, after a confirmation",
        )],
    ),
    (
        "auto-recharge",
        &[
            (
                "solapi-cash auto-recharge show",
                "whether it is on, and how, in words",
            ),
            (
                "solapi-cash auto-recharge set --below 10000 --to 50000 --cards ID1,ID2",
                "below 10,000 won recharge to 50,000, from ID1 then ID2",
            ),
            (
                "solapi-cash auto-recharge on --yes",
                "switch it on (only if it is off)",
            ),
        ],
    ),
    (
        "auto-recharge show",
        &[
            (
                "solapi-cash auto-recharge show",
                "whether it is on, and how, in words",
            ),
            (
                "solapi-cash auto-recharge show -o json",
                "the fields, for programs",
            ),
        ],
    ),
    (
        "auto-recharge set",
        &[(
            "solapi-cash auto-recharge set --below 10000 --to 50000 --cards ID1,ID2",
            "below 10,000 won recharge to 50,000, from ID1 then ID2",
        )],
    ),
    (
        "auto-recharge on",
        &[(
            "solapi-cash auto-recharge on",
            "switch it on, after a confirmation",
        )],
    ),
    (
        "auto-recharge off",
        &[(
            "solapi-cash auto-recharge off --yes",
            "switch it off, without a question",
        )],
    ),
    (
        "alert",
        &[
            ("solapi-cash alert show", "the low-balance alert in words"),
            (
                "solapi-cash alert set --at 5000 --at 1000 --channel SMS",
                "be told by SMS when the balance falls below 5,000 and 1,000 won",
            ),
            (
                "solapi-cash alert on --yes",
                "turn it on, without a question",
            ),
        ],
    ),
    (
        "alert show",
        &[
            ("solapi-cash alert show", "the low-balance alert in words"),
            ("solapi-cash alert show -o json", "the API's answer as sent"),
        ],
    ),
    (
        "alert set",
        &[(
            "solapi-cash alert set --at 5000 --at 1000 --channel SMS,EMAIL",
            "two thresholds, by SMS and email, after a confirmation",
        )],
    ),
    (
        "alert on",
        &[(
            "solapi-cash alert on",
            "turn the alert on, after a confirmation",
        )],
    ),
    (
        "alert off",
        &[(
            "solapi-cash alert off --yes",
            "turn the alert off, without a question",
        )],
    ),
    (
        "payment list",
        &[
            (
                "solapi-cash payment list",
                "the cards, with the ids recharge takes",
            ),
            (
                "solapi-cash payment list -o json",
                "the API's answer as sent",
            ),
        ],
    ),
    (
        "config",
        &[
            (
                "solapi-cash config set api-key NCSAYU7YDBXYORXC",
                "store the key in the default profile",
            ),
            (
                "solapi-cash --profile work config set api-secret",
                "store a secret, typed without echo",
            ),
            (
                "solapi-cash config show",
                "what is in effect and where it comes from",
            ),
        ],
    ),
    (
        "config set",
        &[
            (
                "solapi-cash config set api-key NCSAYU7YDBXYORXC",
                "store the key in the default profile",
            ),
            (
                "solapi-cash config set api-secret < secret.txt",
                "store the secret from a file, never on the command line",
            ),
            (
                "solapi-cash config set payment-id ID",
                "the card recharge charges",
            ),
        ],
    ),
    (
        "config unset",
        &[(
            "solapi-cash --profile old config unset access-token",
            "forget a token",
        )],
    ),
    (
        "config show",
        &[(
            "solapi-cash config show",
            "every setting in effect, secrets masked",
        )],
    ),
    (
        "config list",
        &[("solapi-cash config list", "the profiles of the config file")],
    ),
    (
        "config path",
        &[(
            "$EDITOR \"$(solapi-cash config path)\"",
            "edit the config file",
        )],
    ),
    (
        "completions",
        &[
            (
                "solapi-cash completions bash > ~/.local/share/bash-completion/completions/solapi-cash",
                "bash completion for you (zsh and fish: see docs/cli.md)",
            ),
            (
                "eval \"$(solapi-cash completions bash)\"",
                "for this shell only",
            ),
        ],
    ),
    (
        "sync",
        &[
            (
                "solapi-cash sync",
                "the first time: the whole history into the ledger (stop it any time, run it again to resume); then only what is new and the last 40 days",
            ),
            (
                "solapi-cash sync --dry-run",
                "what a sync would add, revise and flag, writing nothing",
            ),
        ],
    ),
    (
        "ledger",
        &[
            (
                "solapi-cash ledger audit --offline",
                "check the ledger's balance chain without the network",
            ),
            (
                "solapi-cash ledger history --db cash.sqlite3 --since 2025-06-01 --until 2025-06-30 -o ndjson",
                "June from a ledger file, as `history --all` would print it",
            ),
        ],
    ),
    (
        "ledger audit",
        &[(
            "solapi-cash ledger audit || echo \"exit $?: breaks in the chain\"",
            "check every entry's balance against the one before it, and the newest against the balance",
        )],
    ),
    (
        "ledger history",
        &[(
            "solapi-cash ledger history --month 2025-06 --layout statement -o xlsx --output-file june.xlsx",
            "June's statement from the ledger, without the network",
        )],
    ),
    (
        "ledger summary",
        &[(
            "solapi-cash ledger summary --month 2025-06 --by month",
            "June's totals from the ledger",
        )],
    ),
    (
        "exporter",
        &[
            (
                "solapi-cash exporter",
                "serve http://127.0.0.1:9787/metrics for Prometheus, reading the balance at most once a minute",
            ),
            (
                "solapi-cash exporter --profiles shop,ads --refresh 300",
                "two accounts in one exporter (label profile), a read of each every 5 minutes",
            ),
        ],
    ),
    (
        "check",
        &[
            (
                "solapi-cash check -w 50000 -c 10000",
                "WARNING under 50,000 won, CRITICAL under 10,000 (balance + point)",
            ),
            (
                "solapi-cash check -w 50000 -c 10000 --days-warning 14 --days-critical 3",
                "also alert on the days left at last week's rate (after `solapi-cash sync`)",
            ),
        ],
    ),
];

/// The examples of the command at `path` (`""`: the top), empty for one without any.
pub(crate) fn examples(path: &str) -> &'static [(&'static str, &'static str)] {
    EXAMPLES
        .iter()
        .find(|(p, _)| *p == path)
        .map_or(&[], |(_, examples)| *examples)
}

/// The EXAMPLES section of a command's `--help`.
pub(crate) fn examples_section(path: &str) -> String {
    let mut text = String::from("EXAMPLES:\n");
    for (line, what) in examples(path) {
        text.push_str(&format!("  {line}\n"));
        text.push_str(&hanging(what, "      ", "      "));
    }
    text.trim_end().to_owned()
}

/// The closing help of a command with nothing but its examples.
pub(crate) fn after(path: &str) -> String {
    examples_section(path)
}

/// The closing help of `history` and `history summary`: the date forms, then the examples.
pub(crate) fn dates_and_examples(path: &str) -> String {
    format!("{}\n\n{}", dates_section(), examples_section(path))
}

/// The long help of `sync`.
pub(crate) const SYNC_LONG_ABOUT: &str = "\
Copy the history into a local ledger: a SQLite file (mode 0600) that `ledger history`, \
`ledger summary` and `ledger audit` read without the network.

The first sync imports every entry; it can be stopped at any moment (Ctrl-C, a lost \
connection, even SIGKILL) and the next one resumes where the last saved page left it, with \
nothing duplicated or lost. Later syncs read newest first until a page holds only stored \
entries, and read the last --lookback days again (40 by default) for entries the service \
commits late. An entry that comes back different is kept as a new revision (the earlier \
text stays) and reported; one that is no longer listed is flagged missing, never deleted. \
The requests go through the same client as every command: its retries, timeouts and the \
service's rate limit apply. A second sync of the same ledger waits for the first (--wait) \
and then says why it stops. The rules and their sources: docs/ledger.md.";

/// The long help of `ledger`.
pub(crate) const LEDGER_LONG_ABOUT: &str = "\
Read the local ledger that `solapi-cash sync` keeps: audit its balance chain, list or \
summarize its entries with every filter, date form, time zone and output format of \
`history --all` and `history summary`, without the network.";

/// The long help of `ledger audit`.
pub(crate) const LEDGER_AUDIT_LONG_ABOUT: &str = "\
Check the ledger's balance chain from the oldest entry to the newest: each entry's \
oldBalance and oldPoint must be the newBalance and newPoint of the entry before it, and its \
new − old must be its amount. Then the newest entry is compared with the service's balance \
(GET /cash/v1/balance; --offline skips it). Each break is printed with its time range and \
its size (what the missing entries moved); the exit code is 9 when there is any.";

/// The long help of `exporter`.
pub(crate) const EXPORTER_LONG_ABOUT: &str = "\
Serve the balance as Prometheus metrics at http://ADDR/metrics (OpenMetrics text), with \
/health answering 200 while it runs. Metrics: solapi_cash_up, solapi_cash_balance_krw, \
solapi_cash_point_krw, the auto-recharge setting, its threshold and target, the low-balance \
alert's thresholds, the age of the last successful read, reads and read errors by kind; with \
a ledger (`solapi-cash sync`), what sending has cost (solapi_cash_spent_krw_total) and the \
forecast (solapi_cash_forecast_left_seconds). Money is in won (_krw); the list and example \
alert rules: docs/monitoring.md.

A scrape never turns into a read by itself: each account is read at most once per --refresh \
(60 s by default), one read at a time, and every other scrape is answered from the cache; \
the service allows about 20 reads per 5 s. A failed read (unreachable service, rate limit, \
wrong key) keeps the last values with solapi_cash_up 0, counts the error by kind and says so \
on standard error. Several profiles are watched with --profiles, each as the label profile. \
It listens on 127.0.0.1:9787 by default and warns when listening beyond this machine. \
SIGTERM or Ctrl-C ends it cleanly, with exit code 0.";

/// The long help of `check`.
pub(crate) const CHECK_LONG_ABOUT: &str = "\
Check the balance as a monitoring plugin (Nagios, Icinga, Sensu, monitoring-plugins): one \
status line on standard output, `SOLAPI CASH OK - balance + point 123,456 won | \
left=123456;50000:;10000:;;`, and the plugin convention's exit codes instead of the CLI's \
own table: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (the service could not be read, or the \
arguments or settings are wrong; the line says why).

-w and -c alert when balance + point (the balance alone with --cash-only) is below the \
amount: a plain number N or the plugin range N:. With a ledger (`solapi-cash sync`, run \
regularly), the line also gives the days left at the last 7 days' rate of spending, and \
--days-warning and --days-critical alert on them; when auto-recharge is on, or recharges in \
that week added at least what was spent, or nothing was spent, there is no number and the \
line says why (the days thresholds then do not alert).";
