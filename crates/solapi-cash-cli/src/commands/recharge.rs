//! `recharge`: confirmation, the second factor, and a plain answer when the response is lost.

use serde::Serialize;
use solapi_cash_blocking::{
    Client, Error, ErrorKind, HistoryEntry, MfaData, Outcome, RechargeRequest, RechargeResponse,
    Reconciliation,
};
use solapi_cash_types::{DateBound, Money};

use crate::api_error;
use crate::args::RechargeArgs;
use crate::commands::payment;
use crate::context::Context;
use crate::exit::Exit;
use crate::failure::Failure;
use crate::interrupt;
use crate::output::{Cell, Kept, Record, grouped, kept, write_record};
use crate::prompt;
use crate::settings::{Needs, ReadFile, Settings};

pub(crate) fn run(ctx: &mut Context<'_>, args: &RechargeArgs) -> Result<(), Failure> {
    let interactive = prompt::interactive();
    if !interactive && !args.yes {
        return Err(
            Failure::usage("no terminal to confirm the recharge on: nothing was charged")
                .hint("add --yes to recharge without confirmation"),
        );
    }
    let needs = Needs {
        payment_id: args.payment_id.is_none(),
        ..Needs::default()
    };
    let settings = ctx.settings_with(ReadFile::IfNeeded, needs)?;
    let client = ctx.client(&settings)?;
    let payment_id = payment_id(ctx, args, &settings, &client, interactive)?;
    let request = RechargeRequest::new(&args.amount, payment_id.clone());
    if !args.yes {
        let question = format!(
            "Charge {} won to payment method {} and add it to the balance (profile {}, {})?",
            grouped(&args.amount),
            payment_id,
            settings.profile.value,
            settings.base_url.value
        );
        if !prompt::confirm(&question)? {
            return Err(Failure::new(Exit::Other, "cancelled: nothing was charged"));
        }
    }

    let first = {
        let _interrupt = on_interrupt(ctx, &client, &request);
        match (&args.mfa_transaction, &args.mfa_code) {
            (Some(transaction), Some(code)) => {
                client.recharge_with_mfa(&request, &MfaData::email(transaction, code))
            }
            _ => client.recharge(&request),
        }
    };
    let result = match first {
        Err(e) if e.kind() == ErrorKind::MfaRequired && e.mfa_transaction_id().is_some() => {
            let transaction = e.mfa_transaction_id().unwrap_or_default().to_owned();
            if !interactive {
                write_record(
                    &mut ctx.out,
                    &MfaPending {
                        mfa_transaction_id: transaction.clone(),
                    },
                )?;
                return Err(Failure::new(
                    Exit::MfaRequired,
                    "the recharge needs the second factor: a code was sent by email; nothing was charged",
                )
                .hint(format!(
                    "repeat the same recharge with --mfa-transaction {transaction} --mfa-code <CODE>"
                )));
            }
            let code = prompt::ask("A code was sent by email. Code: ", false)?;
            let _interrupt = on_interrupt(ctx, &client, &request);
            client.recharge_with_mfa(&request, &MfaData::email(transaction, code.trim()))
        }
        other => other,
    };
    match result {
        Ok(receipt) => {
            write_record(&mut ctx.out, &Receipt(receipt))?;
            Ok(())
        }
        Err(e) if e.may_have_been_applied() => {
            let _interrupt = on_interrupt(ctx, &client, &request);
            reconcile(ctx, &client, &settings, &e)
        }
        Err(e) => Err(api_error::failure(&e, &settings, Some(&client))),
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

/// How far before the recharge an interrupted one is looked for: the server's clock as
/// learned may be unmeasured yet, and the service refuses a clock more than 15 minutes off.
const INTERRUPTED_WINDOW: time::Duration = time::Duration::minutes(15);

/// From here until the guard is dropped the recharge may be on its way: an interrupt says
/// that it may have been applied and how to check, and exits 6.
fn on_interrupt(ctx: &Context<'_>, client: &Client, request: &RechargeRequest) -> interrupt::Guard {
    let since = DateBound::DateTime(client.engine().server_now() - INTERRUPTED_WINDOW).to_string();
    interrupt::recharge_in_flight(
        ctx.msg,
        Failure::new(
            Exit::RechargeUnknown,
            format!(
                "interrupted while the recharge of {} won was on its way: it may have been applied",
                grouped(&request.amount)
            ),
        )
        .hint(check_first(&request.amount, &since)),
    )
}

/// The command that tells whether a recharge of `amount` was applied since `since`.
fn check_first(amount: &Money, since: &str) -> String {
    format!(
        "do not retry blindly: check `solapi-cash history --type recharge --balance-amount {amount} --since {since}` first"
    )
}

/// The answer was lost: look in the history, and say plainly what happened.
fn reconcile(
    ctx: &mut Context<'_>,
    client: &Client,
    settings: &Settings,
    error: &Error,
) -> Result<(), Failure> {
    let unknown = |message: String, hint: String| {
        api_error::with_details(
            Failure::new(Exit::RechargeUnknown, message).hint(hint),
            error,
            settings,
        )
    };
    let Some(attempt) = error.recharge_attempt() else {
        return Err(unknown(
            format!("cannot tell whether the recharge was applied: {error}"),
            "check `solapi-cash history --type recharge` before retrying".to_owned(),
        ));
    };
    let amount = grouped(attempt.amount());
    let since = DateBound::DateTime(attempt.search_from()).to_string();
    let check = check_first(attempt.amount(), &since);
    ctx.msg.warn(&format!(
        "the recharge's answer was lost ({}); checking the history for it",
        reason(error)
    ));
    match client.reconcile(attempt) {
        Ok(Reconciliation::Applied { entry, .. }) => {
            write_record(
                &mut ctx.out,
                &Receipt(RechargeResponse::from(entry.clone())),
            )?;
            ctx.msg.note(&format!(
                "the response was lost but the recharge was applied: {amount} won, history entry {} at {}",
                entry.history_id, entry.date_created
            ));
            Ok(())
        }
        Ok(Reconciliation::NotFoundYet {
            window, earlier, ..
        }) => {
            let since = DateBound::DateTime(window.from()).to_string();
            let as_of = DateBound::DateTime(window.as_of()).to_string();
            let earlier = if earlier.is_empty() {
                String::new()
            } else {
                format!(
                    "; just before that, {} of {amount} won: {}",
                    earlier.len(),
                    describe(&earlier)
                )
            };
            let said = if error.outcome() == Outcome::Applied {
                "the recharge was applied; the receipt could not be read".to_owned()
            } else {
                format!(
                    "cannot tell yet whether the recharge was applied: its answer was lost ({})",
                    reason(error)
                )
            };
            Err(unknown(
                format!(
                    "{said}, and the history has no recharge of {amount} won since {since} as of \
                     {as_of} (server time): it may still be processing{earlier}"
                ),
                check_first(attempt.amount(), &since),
            ))
        }
        Ok(Reconciliation::Ambiguous { candidates, .. }) => Err(unknown(
            format!(
                "cannot tell whether the recharge was applied: the history has {} recharges of \
                 {amount} won since {since}: {}",
                candidates.len(),
                describe(&candidates)
            ),
            check,
        )),
        Err(lookup) if error.outcome() == Outcome::Applied => Err(unknown(
            format!(
                "the recharge was applied; the receipt could not be read, and the history could \
                 not be checked for its entry ({lookup})"
            ),
            check,
        )),
        Err(lookup) => Err(unknown(
            format!(
                "cannot tell whether the recharge was applied: its answer was lost ({}), and the \
                 history could not be checked ({lookup})",
                reason(error)
            ),
            check,
        )),
        Ok(other) => Err(unknown(
            format!("cannot tell whether the recharge was applied: {other:?}"),
            check,
        )),
    }
}

/// What happened to the answer, in a few words.
fn reason(error: &Error) -> String {
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

fn describe(entries: &[HistoryEntry]) -> String {
    entries
        .iter()
        .map(|e| format!("{} at {}", e.history_id, e.date_created))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The API's answer to a recharge.
#[derive(Serialize)]
#[serde(transparent)]
struct Receipt(RechargeResponse);

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

/// What a script needs to answer the second factor.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MfaPending {
    mfa_transaction_id: String,
}

impl Record for MfaPending {
    const SHEET: &'static str = "second factor";

    fn fields(&self) -> Vec<(&'static str, &'static str, Cell)> {
        vec![(
            "mfa transaction",
            "mfaTransactionId",
            Cell::Id(self.mfa_transaction_id.clone()),
        )]
    }
}
