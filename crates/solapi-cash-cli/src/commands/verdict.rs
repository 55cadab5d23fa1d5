//! What a reconciliation's answer means for a person, after `recharge` lost its answer and for
//! `recharge status`: the words, the exit code, and the command that checks again.
//!
//! Only what the history proves is said (docs/errors.md, "Not applied needs proof"): one
//! entry is "applied"; none is "not found as of T" on the server's clock — it may still be
//! processing — never "not applied"; several are for a person to tell apart. The times are
//! the library's answer (its `ReconcileWindow`), never recomputed here.

use solapi_cash_blocking::{Error, HistoryEntry, RechargeResponse, Reconciliation};
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

/// What came before the lookup: the words of the verdict depend on it.
#[derive(Debug, Clone)]
pub(crate) enum Before {
    /// The service answered the recharge with a 2xx whose body could not be read: it was
    /// applied, and the lookup is only for its entry.
    ReceiptUnreadable,
    /// The recharge's answer was lost (the reason, in a few words): its outcome is unknown.
    AnswerLost(String),
    /// `recharge status`: a person asked.
    Asked,
}

/// The recharge being looked up, and where a person would look again.
#[derive(Debug, Clone)]
pub(crate) struct Lookup<'a> {
    /// What came before.
    pub before: Before,
    /// The amount recharged.
    pub amount: &'a Money,
    /// The `--since` of the command that checks again when the answer has no window.
    pub since: OffsetDateTime,
    /// The settings (the profile is named in the command that checks again).
    pub settings: &'a Settings,
}

impl Lookup<'_> {
    /// `solapi-cash recharge status --amount A --since T --wait 60`, for this recharge.
    pub(crate) fn check_again(&self, since: OffsetDateTime) -> String {
        status_command(self.amount, since, &self.settings.profile.value)
    }

    /// The recharges of the amount since `since`, for a person to look at.
    fn history_command(&self, since: OffsetDateTime) -> String {
        format!(
            "solapi-cash{} history --type recharge --balance-amount {} --since {}",
            profile_flag(&self.settings.profile.value),
            self.amount.json_text(),
            time_text(since)
        )
    }
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

/// Says what the answer proves: prints the entry and returns `Ok` when the recharge was
/// applied (and when the service itself said so with a 2xx, whatever the history shows);
/// otherwise the failure with exit 6 and the command that checks again.
pub(crate) fn report(
    ctx: &mut Context<'_>,
    lookup: &Lookup<'_>,
    answer: Result<Reconciliation, Error>,
) -> Result<(), Failure> {
    let amount = grouped(lookup.amount);
    let answer = match answer {
        Ok(answer) => answer,
        Err(e) => return lookup_failed(ctx, lookup, &e),
    };
    let window = answer.window().clone();
    let (from, as_of) = (time_text(window.from()), time_text(window.as_of()));
    let searched = format!("since {from} as of {as_of} (server time)");
    let unknown = |message: String, hint: String| {
        Err(Failure::new(Exit::RechargeUnknown, message).hint(hint))
    };
    match &answer {
        Reconciliation::Applied { entry, .. } => {
            write_record(
                &mut ctx.out,
                &Receipt(RechargeResponse::from(entry.clone())),
            )?;
            let found = format!(
                "history entry {} at {}",
                entry.history_id, entry.date_created
            );
            ctx.msg.note(&match &lookup.before {
                Before::ReceiptUnreadable => format!(
                    "the recharge was applied; the receipt could not be read: {amount} won, {found}"
                ),
                Before::AnswerLost(reason) => format!(
                    "the answer was lost ({reason}) but the recharge was applied: {amount} won, {found}"
                ),
                Before::Asked => format!("the recharge was applied: {amount} won, {found}"),
            });
            Ok(())
        }
        Reconciliation::NotFoundYet { earlier, .. } => {
            let none = format!(
                "no recharge of {amount} won in the history since {from}{}",
                just_before(earlier, &amount)
            );
            let again = lookup.check_again(window.from());
            match &lookup.before {
                Before::ReceiptUnreadable => {
                    applied_without_entry(
                        ctx,
                        &format!("its entry is not found as of {as_of} (server time) yet: {none}"),
                        &again,
                    );
                    Ok(())
                }
                Before::AnswerLost(reason) => unknown(
                    format!(
                        "the recharge's answer was lost ({reason}): not found as of {as_of} \
                         (server time), {none}; it may still be processing"
                    ),
                    format!("do not recharge again yet; look again with `{again}`"),
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
                        "not found as of {as_of} (server time): {none}; the recharge may still \
                         be processing"
                    ),
                    format!("look again with `{again}`"),
                ),
            }
        }
        Reconciliation::Ambiguous { candidates, .. } => {
            let several = format!(
                "the history has {} recharges of {amount} won {searched}: {}",
                candidates.len(),
                describe(candidates)
            );
            let look = lookup.history_command(window.from());
            if let Before::ReceiptUnreadable = lookup.before {
                applied_without_entry(
                    ctx,
                    &format!("which entry is its own is unclear: {several}"),
                    &look,
                );
                return Ok(());
            }
            unknown(
                format!("cannot tell whether the recharge was applied: {several}"),
                format!("a person must tell them apart: `{look}`"),
            )
        }
        // A verdict this version does not know: the library's own words.
        other => unknown(
            format!("cannot tell whether the recharge was applied: {other}"),
            format!("look again with `{}`", lookup.check_again(window.from())),
        ),
    }
}

/// A recharge the service said was applied, whose entry the history did not give.
fn applied_without_entry(ctx: &Context<'_>, why: &str, look: &str) {
    ctx.msg.warn(&format!(
        "the recharge was applied; the receipt could not be read, and {why}: do not recharge \
         again; `{look}` shows it"
    ));
}

/// The history could not be read.
fn lookup_failed(ctx: &Context<'_>, lookup: &Lookup<'_>, e: &Error) -> Result<(), Failure> {
    let again = lookup.check_again(lookup.since);
    match &lookup.before {
        Before::ReceiptUnreadable => {
            applied_without_entry(
                ctx,
                &format!("the history could not be checked for its entry ({e})"),
                &again,
            );
            Ok(())
        }
        Before::AnswerLost(reason) => Err(Failure::new(
            Exit::RechargeUnknown,
            format!(
                "cannot tell whether the recharge was applied: its answer was lost ({reason}), \
                 and the history could not be checked ({e})"
            ),
        )
        .hint(format!("do not recharge again yet; check with `{again}`"))),
        Before::Asked => Err(
            crate::api_error::failure(e, lookup.settings, None).hint(format!(
                "the recharge's outcome is still unknown; check again with `{again}`"
            )),
        ),
    }
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
