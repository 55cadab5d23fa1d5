//! Exit codes: what a script can tell apart without reading messages.

use solapi_cash_blocking::ErrorKind;

/// How the command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exit {
    /// Success (also when the output pipe closed early).
    Ok = 0,
    /// Anything else: a local I/O failure (the config file, standard input or output), or a
    /// recharge declined at the prompt.
    Other = 1,
    /// Invalid usage or input, refused before any request: flags, values, missing
    /// credentials, an unknown profile, an unsafe or unreadable config file.
    Usage = 2,
    /// The API refused or failed the request: validation, payment, not found, rate
    /// limit, server error.
    Api = 3,
    /// Authentication or permission: key, secret, token, clock skew, missing scope or
    /// role, inactive account, second factor rejected.
    Auth = 4,
    /// No usable answer: connection, timeout, broken connection, unreadable response. For a
    /// recharge: it provably never reached the server (no connection), safe to retry; a
    /// recharge that may have reached it ends in 0 (applied) or 6 instead.
    Network = 5,
    /// A recharge whose outcome is unknown and could not be settled: the history has no entry
    /// for it as of the server's time (it may still be processing), shows candidates it
    /// cannot prove (one just before the attempt began, or several), or could not be checked
    /// yet, or the command was interrupted while the recharge was on its way. `recharge
    /// status` checks again. Also an auto-recharge toggle or a card removal whose answer was
    /// lost and that a second read did not settle.
    RechargeUnknown = 6,
    /// A second-factor write (recharge, alert set/on/off, auto-recharge on/off, payment
    /// add/remove) needs the code and no terminal or --mfa-code was there to give
    /// it; the transaction id was printed.
    MfaRequired = 7,
    /// `balance --below`: what is left is under the threshold.
    Below = 8,
    /// `ledger audit`: the balance chain has breaks, or the newest entry disagrees with the
    /// balance.
    Gaps = 9,
    /// Ended by Ctrl-C (`SIGINT`) outside a recharge: the shell reports 128 + 2.
    Interrupted = 130,
    /// Ended by `SIGTERM` outside a recharge: the shell reports 128 + 15.
    Terminated = 143,
}

impl Exit {
    /// Every code with its meaning, in order, for `--help` and `docs/cli.md`.
    pub(crate) const TABLE: [(Exit, &'static str); 12] = [
        (
            Exit::Ok,
            "success (also when the output pipe closed early, as with `| head`); for a recharge: applied — acknowledged with its receipt, or, when its answer was lost or was a 2xx without a readable receipt, proved by the history: the only recharge of the amount near the attempt, after the attempt began",
        ),
        (
            Exit::Other,
            "a local failure (reading or writing the config file, standard input or output), or a recharge declined at the confirmation prompt; a recharge, transfer or withdrawal that was applied but whose output could not be written says so (`outcome` `applied`): do not send it again",
        ),
        (
            Exit::Usage,
            "invalid usage or input, refused before any request: a flag or value, missing credentials, an unknown profile, an unsafe or invalid config file, a recharge, a transfer, a withdrawal or another write (alert, auto-recharge, payment add or remove) without --yes and without a terminal",
        ),
        (
            Exit::Api,
            "the API refused or failed the request: validation, payment declined, not found, rate limited, server error",
        ),
        (
            Exit::Auth,
            "authentication or permission: unknown key, wrong secret, clock skew, expired token, missing scope or role, inactive account, second factor rejected",
        ),
        (
            Exit::Network,
            "no usable answer: connection, timeout, broken connection, unreadable response; for a recharge: it provably never reached the server (no connection), safe to retry",
        ),
        (
            Exit::RechargeUnknown,
            "a recharge's outcome is unknown: its answer was lost (or was a 2xx without a readable receipt, which a proxy or gateway can send too) and the history has no entry for it as of the server's time T (it may still be processing; never \"not applied\"), shows candidates it cannot prove (one just before the attempt began, or several: the card's statement settles it), or could not be checked yet (rate limited, server error, network), or the command was interrupted (Ctrl-C, SIGTERM) while the recharge was on its way; the message names the command that checks again, `solapi-cash recharge status --amount WON --since TIME --wait 60` with the attempt's start, which exits 0 once the history proves the recharge and 6 while it does not; the same for a transfer or a withdrawal (`transfer`, `withdraw --amount`: their entries are looked up in the history, and the command named is `solapi-cash history --type transfer|withdraw --balance-amount -WON --since TIME`); also an auto-recharge toggle or a card removal whose answer was lost and that a second read could not settle (the state still not as wanted, the card still listed, or nothing readable: it was not applied, or not yet; nothing is sent again)",
        ),
        (
            Exit::MfaRequired,
            "a write behind the second factor (recharge, transfer, withdraw, alert set/on/off, auto-recharge on/off, payment add/remove) needs the emailed code; the transaction id was printed: repeat the same command with --mfa-transaction and --mfa-code",
        ),
        (
            Exit::Below,
            "`balance --below`: balance + point (the balance alone with --cash-only) is under the threshold; the balance was printed",
        ),
        (
            Exit::Gaps,
            "`ledger audit`: the ledger's balance chain has breaks (an entry that does not start where the one before it ended, or whose new − old is not its amount) or its newest entry disagrees with the service's balance; each break was printed with its time range and size",
        ),
        (
            Exit::Interrupted,
            "ended by Ctrl-C (SIGINT) outside a recharge (the process ends by the signal, which a shell reports as 128 + 2); what was written to standard output ends with a whole line, and an --output-file is not created",
        ),
        (
            Exit::Terminated,
            "ended by SIGTERM outside a recharge (128 + 15), with the same guarantees; a recharge, a transfer or a withdrawal on its way when either signal comes ends in 6 instead",
        ),
    ];

    /// The exception to the table: `check` speaks the monitoring-plugin convention.
    pub(crate) const CHECK: &'static str = "`solapi-cash check` uses the monitoring-plugin convention instead of this table: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (a usage error included).";

    /// The exit's name in the JSON error object's `kind`, when no finer kind is known.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Exit::Ok => "ok",
            Exit::Other => "local",
            Exit::Usage => "usage",
            Exit::Api => "api",
            Exit::Auth => "auth",
            Exit::Network => "network",
            Exit::RechargeUnknown => "rechargeUnknown",
            Exit::MfaRequired => "mfaRequired",
            Exit::Below => "below",
            Exit::Gaps => "gaps",
            Exit::Interrupted => "interrupted",
            Exit::Terminated => "terminated",
        }
    }

    /// The process exit code.
    pub(crate) fn code(self) -> u8 {
        self as u8
    }

    /// The code for a client error. (A recharge of unknown outcome is decided by the
    /// reconciliation, not here.)
    pub(crate) fn for_kind(kind: ErrorKind) -> Exit {
        match kind {
            ErrorKind::InvalidInput => Exit::Usage,
            ErrorKind::Authentication
            | ErrorKind::PermissionDenied
            | ErrorKind::MfaRequired
            | ErrorKind::MfaRejected => Exit::Auth,
            ErrorKind::Validation
            | ErrorKind::Payment
            | ErrorKind::NotFound
            | ErrorKind::RateLimited
            | ErrorKind::Server
            | ErrorKind::UnexpectedStatus
            | ErrorKind::PageLimit => Exit::Api,
            ErrorKind::Decode | ErrorKind::Connect | ErrorKind::Timeout | ErrorKind::Network => {
                Exit::Network
            }
            _ => Exit::Other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_lists_every_code_once_in_order() {
        let codes: Vec<u8> = Exit::TABLE.iter().map(|(exit, _)| exit.code()).collect();
        assert_eq!(codes, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 130, 143]);
        assert!(Exit::TABLE.iter().all(|(_, text)| !text.is_empty()));
    }
}
