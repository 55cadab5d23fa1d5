//! `recharge`: confirmation, the second factor, and a plain answer when the response is lost.

use serde::Serialize;
use solapi_cash_blocking::{Client, Error, ErrorKind, RechargeRequest, RechargeResponse};

use crate::api_error;
use crate::args::RechargeArgs;
use crate::commands::confirm::Confirmation;
use crate::commands::payment;
use crate::commands::second_factor;
use crate::commands::verdict::{self, Before, Lookup};
use crate::context::Context;
use crate::exit::Exit;
use crate::failure::Failure;
use crate::interrupt;
use crate::output::{Cell, Kept, Record, grouped, kept, write_record};
use crate::prompt;
use crate::report::Messages;
use crate::settings::{Needs, ReadFile, Settings};

pub(crate) fn run(ctx: &mut Context<'_>, args: &RechargeArgs) -> Result<(), Failure> {
    let interactive = prompt::interactive();
    let confirmation =
        Confirmation::begin(args.yes, "the recharge", "recharge", "nothing was charged")?;
    let needs = Needs {
        payment_id: args.payment_id.is_none(),
        ..Needs::default()
    };
    let settings = ctx.settings_with(ReadFile::IfNeeded, needs)?;
    let client = ctx.client(&settings)?;
    let payment_id = payment_id(ctx, args, &settings, &client, interactive)?;
    let amount = args
        .amount
        .ok_or_else(|| Failure::usage("--amount is required"))?;
    let request = RechargeRequest::new(amount, payment_id.clone());
    confirmation.ask(&format!(
        "Charge {} won to payment method {} and add it to the balance (profile {}, {})?",
        grouped(&request.amount.to_money()),
        payment_id,
        settings.profile.value,
        settings.base_url.value
    ))?;

    // A lost answer is judged by the attempt's start on the server's clock, and only a start
    // read from the server's `Date` can prove anything (docs/errors.md, "Reconciliation"):
    // unless this process has heard from the service already, read its clock — any answer
    // will do, a failure included — before the money moves.
    if !client.engine().begin_attempt(&request).start_measured() {
        let _ = client.balance();
    }
    let write = second_factor::Guarded {
        what: "the recharge",
        nothing: "nothing was charged",
        repeat: "repeat the same recharge",
    };
    let msg = ctx.msg;
    let result = second_factor::send(ctx, &write, args.mfa.given(), |mfa| {
        let _interrupt = on_interrupt(msg, &client, &settings, &request);
        match mfa {
            Some(mfa) => client.recharge_with_mfa(&request, mfa),
            None => client.recharge(&request),
        }
    })?;
    match result {
        Ok(receipt) => {
            write_record(&mut ctx.out, &Receipt(receipt))?;
            Ok(())
        }
        Err(e) if e.may_have_been_applied() => {
            let _interrupt = on_interrupt(ctx.msg, &client, &settings, &request);
            reconcile(ctx, &client, &settings, &e)
        }
        Err(e) => {
            let mut failure = api_error::failure(&e, &settings, Some(&client));
            if e.kind() == ErrorKind::MfaRejected && args.mfa.mfa_code.is_none() {
                // The hint names only what the person used: the code typed at the prompt.
                failure.hint =
                    Some("nothing was charged; run the recharge again for a new code".to_owned());
            }
            Err(failure)
        }
    }
}

/// The card to charge: `--payment-id` (or `SOLAPI_PAYMENT_ID`), else the profile's
/// `payment_id`, else, on a terminal and without `--yes`, one of the registered cards
/// (`GET /cash/v1/payment`) that the person picks.
fn payment_id(
    ctx: &Context<'_>,
    args: &RechargeArgs,
    settings: &Settings,
    client: &Client,
    interactive: bool,
) -> Result<String, Failure> {
    if let Some(id) = &args.payment_id {
        return Ok(id.clone());
    }
    match &settings.payment_id {
        Some(stored) => Ok(stored.value.clone()),
        None if interactive && !args.yes => payment::choose(ctx, client, settings),
        None => Err(
            Failure::usage("no payment method: nothing was charged").hint(
                "pass --payment-id <ID>, set SOLAPI_PAYMENT_ID, or store it: \
             `solapi-cash config set payment-id <ID>` (`solapi-cash payment list` shows the ids)",
            ),
        ),
    }
}

/// From here until the guard is dropped the recharge may be on its way: an interrupt says
/// that it may have been applied and names the command that checks, and exits 6. The command
/// is given the attempt's start, read when the interrupt comes from the server's last `Date`
/// less the time since the guard was set (before the call began, so early): a `Date` received
/// meanwhile (a skew rejection's) puts it on the server's clock, and a later lookup applies
/// the rule of any other (docs/errors.md).
fn on_interrupt(
    msg: Messages,
    client: &Client,
    settings: &Settings,
    request: &RechargeRequest,
) -> interrupt::Guard {
    let (client, amount, profile) = (
        client.clone(),
        request.amount.to_money(),
        settings.profile.value.clone(),
    );
    let attempt = client.engine().begin_attempt(request);
    interrupt::recharge_in_flight(msg, move || {
        let since = client.engine().attempt_start(&attempt);
        Failure::new(
            Exit::RechargeUnknown,
            format!(
                "interrupted while the recharge of {} won was on its way: it may have been applied",
                grouped(&amount)
            ),
        )
        .hint(format!(
            "do not recharge again yet; check with `{}`",
            verdict::status_command(&amount, since, &profile)
        ))
    })
}

/// The answer did not say what happened (it was lost, or it was a 2xx without a readable
/// receipt): look in the history, and say what it proves.
fn reconcile(
    ctx: &mut Context<'_>,
    client: &Client,
    settings: &Settings,
    error: &Error,
) -> Result<(), Failure> {
    let Some(attempt) = error.recharge_attempt() else {
        return Err(api_error::with_details(
            Failure::new(
                Exit::RechargeUnknown,
                format!("cannot tell whether the recharge was applied: {error}"),
            )
            .hint("check `solapi-cash history --type recharge` before recharging again"),
            error,
            settings,
        ));
    };
    let before = match error.status().filter(|s| s.is_success()) {
        Some(status) => {
            ctx.msg.warn(&format!(
                "the service (or something in front of it) answered HTTP {} without a readable \
                 receipt ({}): that alone does not prove the recharge; checking the history for it",
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
                "the recharge's answer was lost ({}); checking the history for it",
                reason(error)
            ));
            Before::AnswerLost(reason(error))
        }
    };
    let lookup = Lookup {
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

/// What happened to the answer, in a few words.
pub(crate) fn reason(error: &Error) -> String {
    match error.kind() {
        ErrorKind::Timeout => "timed out".to_owned(),
        ErrorKind::Network => "the connection broke".to_owned(),
        ErrorKind::Decode => "the answer could not be read".to_owned(),
        _ => error.status().map_or_else(
            || format!("{:?}", error.kind()),
            |s| format!("HTTP {}", s.as_u16()),
        ),
    }
}

/// The API's answer to a recharge (or the history entry a lookup found).
#[derive(Serialize)]
#[serde(transparent)]
pub(crate) struct Receipt(pub RechargeResponse);

impl Record for Receipt {
    const SHEET: &'static str = "recharge";
    const OPEN: bool = true;

    fn kept(&self) -> Vec<Kept<'_>> {
        kept(&self.0.extra)
    }

    fn fields(&self) -> Vec<(&'static str, &'static str, Cell)> {
        let r = &self.0;
        vec![
            ("account", "accountId", Cell::Id(r.account_id.clone())),
            (
                "old balance",
                "oldBalance",
                Cell::Money(r.old_balance.clone()),
            ),
            (
                "new balance",
                "newBalance",
                Cell::Money(r.new_balance.clone()),
            ),
            ("old point", "oldPoint", Cell::Money(r.old_point.clone())),
            ("new point", "newPoint", Cell::Money(r.new_point.clone())),
            (
                "recharged",
                "balanceAmount",
                Cell::Change(r.balance_amount.clone()),
            ),
            (
                "point change",
                "pointAmount",
                Cell::Change(r.point_amount.clone()),
            ),
            ("type", "type", Cell::Text(r.kind.to_string())),
            ("history id", "historyId", Cell::Id(r.history_id.clone())),
        ]
    }
}
