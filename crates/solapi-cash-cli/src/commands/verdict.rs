//! What a reconciliation's answer means for a person, after `recharge`, `transfer` or
//! `withdraw` lost its answer (or got a 2xx without a readable receipt) and for `recharge
//! status`: the words, the exit code, and the command that checks again. The words name what
//! moved ([`Moved`]); the rule is the same for each.
//!
//! Only what the history proves is said (docs/errors.md, "Reconciliation"): "applied" only
//! for an entry that could be no one else's — the only recharge of the amount in the window,
//! at or after the attempt's start; none is "not found as of T" on the server's clock — it
//! may still be processing — never "not applied"; a lone entry just before the start, or
//! several, are for a person to tell apart with the card's statement; a history that could
//! not be read is "could not check yet". The times are the library's answer (its
//! `ReconcileWindow`), never recomputed here, and the command that checks again is given the
//! attempt's start, so that it applies the same rule.

use std::io;

use solapi_cash_blocking::{Error, ErrorKind, HistoryEntry, RechargeResponse, Reconciliation};
use solapi_cash_types::{DateBound, Money};
use time::OffsetDateTime;

use crate::commands::recharge::Receipt;
use crate::context::Context;
use crate::exit::Exit;
use crate::failure::Failure;
use crate::output::{grouped, write_record};
use crate::settings::{DEFAULT_PROFILE, Settings};

/// How long the command named in a hint waits for the recharge to appear.
const SUGGESTED_WAIT: u64 = 60;

/// What moved the money, for the words of a verdict.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Moved {
    /// `recharge`, `transfer`, `withdrawal`.
    pub noun: &'static str,
    /// `recharge`, `transfer`, `withdraw`: the command, and what not to do again yet.
    pub verb: &'static str,
    /// `history --type` of its entries (`recharge`, `transfer`, `withdraw`).
    pub kind: &'static str,
    /// Whether its entry takes money out of the balance (a negative `balanceAmount`).
    pub out: bool,
    /// Who tells candidates apart when the history cannot.
    pub settles: &'static str,
}

impl Moved {
    /// The failure of writing the output of a call that was applied (its answer came, or the
    /// history proved it, with the entry `history_id`): the money moved, so the message says
    /// so and the hint says not to send it again — "writing the output" alone, exit 1, reads
    /// as a failed call, and a script would repeat it. A closed pipe stays quiet (exit 0).
    /// (`None`: an answer that names none, a transfer's `"Success"`).
    pub(crate) fn output_failed(&self, error: &io::Error, history_id: Option<&str>) -> Failure {
        if error.kind() == io::ErrorKind::BrokenPipe {
            return Failure::broken_pipe();
        }
        let entry = history_id.map_or_else(String::new, |id| format!(" (history entry {id})"));
        self.applied_but(format!(
            "the {} was applied{entry}, but its output could not be written: {error}",
            self.noun
        ))
    }

    /// [`output_failed`](Self::output_failed) for a failure once the call's command ended
    /// (the output flushed or put in place afterwards): `failure` says what failed.
    pub(crate) fn output_not_placed(&self, failure: Failure) -> Failure {
        if failure.quiet {
            return failure;
        }
        self.applied_but(format!(
            "the {} was applied, but its output could not be written ({})",
            self.noun, failure.message
        ))
    }

    fn applied_but(&self, message: String) -> Failure {
        let mut failure = Failure::new(Exit::Other, message).hint(format!(
            "do not {} again: the money moved; `solapi-cash history --type {}` shows its entry",
            self.verb, self.kind
        ));
        failure.facts.outcome = Some("applied");
        failure
    }
}

/// A recharge: `RECHARGE` entries of +amount.
pub(crate) const RECHARGE: Moved = Moved {
    noun: "recharge",
    verb: "recharge",
    kind: "recharge",
    out: false,
    settles: "the card's statement (how many charges of the amount) or whoever else recharges \
              this card settles it",
};

/// A transfer: `TRANSFER` entries of −amount in the sender's history (*inferred*).
pub(crate) const TRANSFER: Moved = Moved {
    noun: "transfer",
    verb: "transfer",
    kind: "transfer",
    out: true,
    settles: "the target account's history (how many transfers of the amount arrived) or \
              whoever else transfers from this account settles it",
};

/// A withdrawal: `WITHDRAW` entries of −amount (*inferred*).
pub(crate) const WITHDRAWAL: Moved = Moved {
    noun: "withdrawal",
    verb: "withdraw",
    kind: "withdraw",
    out: true,
    settles: "`solapi-cash withdraw list` (how many withdrawals of the amount there are) or \
              whoever else withdraws from this account settles it",
};

/// What came before the lookup: the words of the verdict depend on it.
#[derive(Debug, Clone)]
pub(crate) enum Before {
    /// The recharge was answered with this 2xx status and a body that is not a readable
    /// receipt: evidence that it was applied, not proof (a proxy or gateway in front of the
    /// service answers 2xx too).
    NoReceipt(u16),
    /// The recharge's answer was lost (the reason, in a few words): its outcome is unknown.
    AnswerLost(String),
    /// `recharge status`: a person asked.
    Asked,
}

/// The recharge being looked up, and where a person would look again.
#[derive(Debug, Clone)]
pub(crate) struct Lookup<'a> {
    /// What moved the money.
    pub moved: Moved,
    /// What came before.
    pub before: Before,
    /// The amount recharged.
    pub amount: &'a Money,
    /// The attempt's start on the server's clock, for the command that checks again when
    /// the answer has no window (the lookup failed).
    pub since: OffsetDateTime,
    /// The settings (the profile is named in the command that checks again).
    pub settings: &'a Settings,
}

impl Lookup<'_> {
    /// `solapi-cash recharge status --amount A --since T --wait 60`, for this recharge; for
    /// a transfer or a withdrawal (no status command), the history of its entries.
    pub(crate) fn check_again(&self, since: OffsetDateTime) -> String {
        check_command(self.moved, self.amount, since, &self.settings.profile.value)
    }

    /// The entries of the amount since `since`, for a person to look at.
    fn history_command(&self, since: OffsetDateTime) -> String {
        history_command(self.moved, self.amount, since, &self.settings.profile.value)
    }
}

/// The command that checks again on what `moved` `amount` from `since` on: `recharge status`
/// for a recharge; for a transfer or a withdrawal (no status command), the history of its
/// entries.
pub(crate) fn check_command(
    moved: Moved,
    amount: &Money,
    since: OffsetDateTime,
    profile: &str,
) -> String {
    if moved.out {
        history_command(moved, amount, since, profile)
    } else {
        status_command(amount, since, profile)
    }
}

/// `solapi-cash history --type T --balance-amount A --since S`: the entries `moved` writes
/// for `amount` since `since`.
fn history_command(moved: Moved, amount: &Money, since: OffsetDateTime, profile: &str) -> String {
    format!(
        "solapi-cash{} history --type {} --balance-amount {}{} --since {}",
        profile_flag(profile),
        moved.kind,
        if moved.out { "-" } else { "" },
        amount.json_text(),
        time_text(since)
    )
}

/// The command that looks a recharge of `amount` begun at `since` up again, waiting for it,
/// with the profile's name unless it is the default.
pub(crate) fn status_command(amount: &Money, since: OffsetDateTime, profile: &str) -> String {
    format!(
        "solapi-cash{} recharge status --amount {} --since {} --wait {SUGGESTED_WAIT}",
        profile_flag(profile),
        amount.json_text(),
        time_text(since)
    )
}

/// ` --profile NAME` unless it is the default profile.
fn profile_flag(profile: &str) -> String {
    if profile == DEFAULT_PROFILE {
        String::new()
    } else {
        format!(" --profile {profile}")
    }
}

/// An instant as the API writes it (UTC, milliseconds): what --since takes back.
pub(crate) fn time_text(at: OffsetDateTime) -> String {
    DateBound::DateTime(at).to_string()
}

/// Says what the answer proves: prints the entry and returns `Ok` when the history proves
/// the recharge; otherwise the failure with exit 6 and the command that checks again.
pub(crate) fn report(
    ctx: &mut Context<'_>,
    lookup: &Lookup<'_>,
    answer: Result<Reconciliation, Error>,
) -> Result<(), Failure> {
    let amount = grouped(lookup.amount);
    let Moved {
        noun,
        verb,
        settles,
        ..
    } = lookup.moved;
    let answer = match answer {
        Ok(answer) => answer,
        Err(e) => return lookup_failed(lookup, &e),
    };
    let window = answer.window().clone();
    let (from, as_of) = (time_text(window.from()), time_text(window.as_of()));
    let start = time_text(window.attempt_start());
    let again = lookup.check_again(window.attempt_start());
    let unknown = |message: String, hint: String| {
        Err(Failure::new(Exit::RechargeUnknown, message).hint(hint))
    };
    match &answer {
        Reconciliation::Applied { entry, .. } => {
            write_record(
                &mut ctx.out,
                &Receipt(RechargeResponse::from(entry.clone())),
            )
            .map_err(|e| lookup.moved.output_failed(&e, Some(&entry.history_id)))?;
            let found = format!(
                "history entry {} at {}, the only {noun} of {amount} won since {from}, after \
                 the attempt began ({start}, server time)",
                entry.history_id, entry.date_created
            );
            ctx.msg.note(&match &lookup.before {
                Before::NoReceipt(status) => format!(
                    "the answer (HTTP {status}) had no readable receipt, but the history proves \
                     the {noun} was applied: {amount} won, {found}"
                ),
                Before::AnswerLost(reason) => format!(
                    "the answer was lost ({reason}) but the {noun} was applied: {amount} won, {found}"
                ),
                Before::Asked => format!("the {noun} was applied: {amount} won, {found}"),
            });
            Ok(())
        }
        Reconciliation::NotFoundYet { earlier, .. } => {
            let none = format!(
                "no {noun} of {amount} won in the history since {from}{}",
                just_before(earlier, &amount)
            );
            match &lookup.before {
                Before::NoReceipt(status) => unknown(
                    format!(
                        "the service (or something in front of it) answered HTTP {status} \
                         without a receipt, and the history shows no such {noun} as of {as_of} \
                         (server time): {none}; it may still be processing, or the request never \
                         reached the service"
                    ),
                    format!("do not {verb} again yet; look again with `{again}`"),
                ),
                Before::AnswerLost(reason) => unknown(
                    format!(
                        "the {noun}'s answer was lost ({reason}): not found as of {as_of} \
                         (server time), {none}; it may still be processing"
                    ),
                    format!("do not {verb} again yet; look again with `{again}`"),
                ),
                // A time from another clock can lie in the server's future: nothing is there.
                Before::Asked if window.from() > window.as_of() => unknown(
                    format!(
                        "not found as of {as_of} (server time): {none}, which is after the \
                         server's time now"
                    ),
                    "give --since on the server's clock: the time the recharge's message named"
                        .to_owned(),
                ),
                Before::Asked => unknown(
                    format!(
                        "not found as of {as_of} (server time): {none}; the {noun} may still \
                         be processing"
                    ),
                    format!("look again with `{again}`"),
                ),
            }
        }
        Reconciliation::Ambiguous { candidates, .. } => {
            let which = match candidates.as_slice() {
                [only] => format!(
                    "the only {noun} of {amount} won that can be it, {} at {}, lies before the \
                     attempt began ({start}, server time), where another process's {noun} \
                     made just before would lie too",
                    only.history_id, only.date_created
                ),
                several => format!(
                    "the history has {} {noun}s of {amount} won since {from} as of {as_of} \
                     (server time) that can be it: {}",
                    several.len(),
                    describe(several)
                ),
            };
            unknown(
                format!("cannot tell whether the {noun} was applied: {which}"),
                format!(
                    "do not {verb} again yet; a person must tell them apart: {settles}; `{}` \
                     lists them",
                    lookup.history_command(window.from())
                ),
            )
        }
        // A verdict this version does not know: the library's own words.
        other => unknown(
            format!("cannot tell whether the {noun} was applied: {other}"),
            format!("look again with `{again}`"),
        ),
    }
}

/// The history could not be read: the outcome stays unknown — "could not check yet", never
/// "not found". A failure that looking again cannot mend (credentials, permission, the base
/// URL) keeps its own exit code when a person asked.
fn lookup_failed(lookup: &Lookup<'_>, e: &Error) -> Result<(), Failure> {
    let again = lookup.check_again(lookup.since);
    let Moved { noun, verb, .. } = lookup.moved;
    let what = match &lookup.before {
        Before::NoReceipt(status) => format!(
            "the service (or something in front of it) answered HTTP {status} without a receipt"
        ),
        Before::AnswerLost(reason) => format!("its answer was lost ({reason})"),
        Before::Asked => String::new(),
    };
    let fixed_first = matches!(
        e.kind(),
        ErrorKind::Authentication
            | ErrorKind::PermissionDenied
            | ErrorKind::InvalidInput
            | ErrorKind::NotFound
    );
    if matches!(lookup.before, Before::Asked) && fixed_first {
        return Err(
            crate::api_error::failure(e, lookup.settings, None).hint(format!(
                "the {noun}'s outcome is still unknown; check again with `{again}`"
            )),
        );
    }
    let message = if what.is_empty() {
        format!(
            "could not check yet whether the {noun} was applied: the history could not be \
             read ({e})"
        )
    } else {
        format!(
            "could not check yet whether the {noun} was applied: {what}, and the history \
             could not be read ({e})"
        )
    };
    Err(Failure::new(Exit::RechargeUnknown, message).hint(format!(
        "the outcome is still unknown: do not {verb} again yet; look again with `{again}`"
    )))
}

/// `; just before that, 1 of 7,000 won: <id> at <time>` (a server clock that stepped forward
/// moves the window past the entry: one of these may be it).
fn just_before(earlier: &[HistoryEntry], amount: &str) -> String {
    if earlier.is_empty() {
        return String::new();
    }
    format!(
        "; just before that, {} of {amount} won (one may be it if the server's clock stepped): {}",
        earlier.len(),
        describe(earlier)
    )
}

fn describe(entries: &[HistoryEntry]) -> String {
    entries
        .iter()
        .map(|e| format!("{} at {}", e.history_id, e.date_created))
        .collect::<Vec<_>>()
        .join(", ")
}
