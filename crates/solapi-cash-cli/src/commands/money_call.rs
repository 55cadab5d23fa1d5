//! What every call that moves money (`recharge`, `transfer`, `withdraw`) does once it may be
//! on its way: an interrupt says it may have been applied and names the command that checks;
//! a lost answer is settled from the history, saying only what the history proves
//! ([`verdict`]).

use solapi_cash_blocking::{Client, Error, ErrorKind, MfaData, MoneyAttempt};

use crate::api_error;
use crate::commands::recharge::reason;
use crate::commands::second_factor::{self, Guarded, MfaArgs};
use crate::commands::verdict::{self, Before, Lookup, Moved};
use crate::context::Context;
use crate::exit::Exit;
use crate::failure::Failure;
use crate::interrupt;
use crate::output::grouped;
use crate::report::Messages;
use crate::settings::Settings;

/// Sends a call that moves money, `call` (given the second factor's answer when there is
/// one), once: the call itself first reads the matching history entries, which gives the
/// server's clock too (a lost answer is judged by the attempt's start on it, leaving out the
/// entries that existed before: docs/errors.md, "Reconciliation"), an interrupt guarded, the
/// second factor asked for. Its answer (`Some`), or `None` when the answer was lost and the
/// history proved the call applied (the verdict printed the entry); a failure for anything
/// else: a refusal, or an outcome still unknown (exit 6). `begin` makes the attempt as it
/// begins now, for a call that has not reported one.
pub(crate) fn send<T>(
    ctx: &mut Context<'_>,
    client: &Client,
    settings: &Settings,
    (moved, write): (Moved, &Guarded<'_>),
    mfa: &MfaArgs,
    begin: impl Fn() -> MoneyAttempt,
    mut call: impl FnMut(Option<&MfaData>) -> Result<T, Error>,
) -> Result<Option<T>, Failure> {
    let msg = ctx.msg;
    let result = second_factor::send(ctx, write, mfa.given(), |answer| {
        let _interrupt = on_interrupt(msg, client, settings, moved, begin());
        call(answer)
    })?;
    match result {
        Ok(value) => Ok(Some(value)),
        Err(e) if e.may_have_been_applied() => {
            let attempt = e.money_attempt().cloned().unwrap_or_else(&begin);
            let _interrupt = on_interrupt(ctx.msg, client, settings, moved, attempt);
            reconcile(ctx, client, settings, moved, &e).map(|()| None)
        }
        Err(e) => {
            let mut failure = api_error::failure(&e, settings, Some(client));
            if e.kind() == ErrorKind::MfaRejected && mfa.mfa_code.is_none() {
                // The hint names only what the person used: the code typed at the prompt.
                failure.hint = Some(format!(
                    "{}; run the {} again for a new code",
                    write.nothing, moved.noun
                ));
            }
            Err(failure)
        }
    }
}

/// From here until the guard is dropped the call (a recharge, a transfer, a withdrawal:
/// `moved`) may be on its way: an interrupt says
/// that it may have been applied and names the command that checks, and exits 6. The command
/// is given the attempt's start, read when the interrupt comes from the server's last `Date`
/// less the time since the guard was set (before the call began, so early): a `Date` received
/// meanwhile (a skew rejection's) puts it on the server's clock, and a later lookup applies
/// the rule of any other (docs/errors.md).
fn on_interrupt(
    msg: Messages,
    client: &Client,
    settings: &Settings,
    moved: Moved,
    attempt: MoneyAttempt,
) -> interrupt::Guard {
    let (client, amount, profile) = (
        client.clone(),
        attempt.amount().clone(),
        settings.profile.value.clone(),
    );
    interrupt::recharge_in_flight(msg, move || {
        let since = client.engine().attempt_start(&attempt);
        Failure::new(
            Exit::RechargeUnknown,
            format!(
                "interrupted while the {} of {} won was on its way: it may have been applied",
                moved.noun,
                grouped(&amount)
            ),
        )
        .hint(format!(
            "do not {} again yet; check with `{}`",
            moved.verb,
            verdict::check_command(moved, &amount, since, &profile)
        ))
    })
}

/// The answer did not say what happened (it was lost, or it was a 2xx without a readable
/// receipt): look in the history, and say what it proves.
fn reconcile(
    ctx: &mut Context<'_>,
    client: &Client,
    settings: &Settings,
    moved: Moved,
    error: &Error,
) -> Result<(), Failure> {
    let Moved {
        noun, verb, kind, ..
    } = moved;
    let Some(attempt) = error.money_attempt() else {
        return Err(api_error::with_details(
            Failure::new(
                Exit::RechargeUnknown,
                format!("cannot tell whether the {noun} was applied: {error}"),
            )
            .hint(format!(
                "check `solapi-cash history --type {kind}` before you {verb} again"
            )),
            error,
            settings,
        ));
    };
    let before = match error.status().filter(|s| s.is_success()) {
        Some(status) => {
            ctx.msg.warn(&format!(
                "the service (or something in front of it) answered HTTP {} without a readable \
                 receipt ({}): that alone does not prove the {noun}; checking the history for it",
                status.as_u16(),
                reason(error)
            ));
            if let Some(page) = page_kind(error.body_prefix()) {
                ctx.msg.warn(&format!(
                    "the answer was {page}, not the API's JSON: a proxy, gateway or captive \
                     portal in front of the service may have answered without the service seeing \
                     the request; check the base URL {} (from {})",
                    settings.base_url.value, settings.base_url.source
                ));
            }
            Before::NoReceipt(status.as_u16())
        }
        None => {
            ctx.msg.warn(&format!(
                "the {noun}'s answer was lost ({}); checking the history for it",
                reason(error)
            ));
            Before::AnswerLost(reason(error))
        }
    };
    let lookup = Lookup {
        moved,
        before,
        amount: attempt.amount(),
        since: client.engine().attempt_start(attempt),
        settings,
    };
    verdict::report(ctx, &lookup, client.reconcile(attempt))
        .map_err(|failure| api_error::with_details(failure, error, settings))
}

/// What an answer that is not JSON looks like, from its first characters: `an HTML page` or
/// `text`; `None` for JSON (a body that is no receipt, `{}`) or nothing at all.
fn page_kind(prefix: Option<&str>) -> Option<&'static str> {
    let text = prefix?.trim_start();
    match text.chars().next()? {
        '<' => Some("an HTML page"),
        '{' | '[' => None,
        _ => Some("text"),
    }
}
