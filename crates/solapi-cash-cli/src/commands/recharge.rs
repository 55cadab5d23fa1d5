//! `recharge`: confirmation, the second factor, and a plain answer when the response is lost.

use serde::Serialize;
use solapi_cash_blocking::{Client, Error, ErrorKind, RechargeRequest, RechargeResponse};

use crate::args::RechargeArgs;
use crate::commands::confirm::Confirmation;
use crate::commands::money_call;
use crate::commands::payment;
use crate::commands::second_factor;
use crate::commands::verdict::RECHARGE;
use crate::context::Context;
use crate::failure::Failure;
use crate::output::{Cell, Kept, Record, grouped, kept, write_record};
use crate::prompt;
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

    let write = second_factor::Guarded {
        what: "the recharge",
        nothing: "nothing was charged",
        repeat: "repeat the same recharge",
    };
    let sent = money_call::send(
        ctx,
        &client,
        &settings,
        (RECHARGE, &write),
        &args.mfa,
        || client.engine().begin_attempt(&request),
        |mfa| match mfa {
            Some(mfa) => client.recharge_with_mfa(&request, mfa),
            None => client.recharge(&request),
        },
    )?;
    if let Some(receipt) = sent {
        let history_id = receipt.history_id.clone();
        write_record(&mut ctx.out, &Receipt(receipt))
            .map_err(|e| RECHARGE.output_failed(&e, Some(&history_id)))?;
    }
    Ok(())
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
                // The receipt of a recharge; the entry a lookup found for another call.
                if r.kind == solapi_cash_blocking::HistoryType::Recharge {
                    "recharged"
                } else {
                    "balance change"
                },
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
