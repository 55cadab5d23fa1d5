//! `balance`, and `balance --below` for monitoring.

use serde::Serialize;
use solapi_cash_blocking::BalanceResponse;
use solapi_cash_types::Money;

use crate::api_error;
use crate::args::BalanceArgs;
use crate::context::Context;
use crate::exit::Exit;
use crate::failure::Failure;
use crate::output::{Cell, Kept, Record, grouped, kept, kept_under, write_record};
use crate::report::Messages;

pub(crate) fn run(ctx: &mut Context<'_>, args: &BalanceArgs) -> Result<(), Failure> {
    let settings = ctx.settings()?;
    let client = ctx.client(&settings)?;
    let balance = client
        .balance()
        .map_err(|e| api_error::failure(&e, &settings, Some(&client)))?;
    write_record(&mut ctx.out, &BalanceView(&balance))?;
    match &args.below {
        Some(threshold) => below(&ctx.msg, &balance, threshold, args.cash_only),
        None => Ok(()),
    }
}

/// What is left to spend: balance + point (messages spend the point first, then the
/// balance), or the balance alone. An answer without a balance cannot be judged (exit 5: no
/// usable answer); one without a point counts it as zero (the 2018 documentation leaves it
/// out of accounts that have none), with a note.
pub(crate) fn spendable(
    msg: &Messages,
    balance: &BalanceResponse,
    cash_only: bool,
) -> Result<Money, Failure> {
    let (cash, point) = amounts(balance);
    let cash = cash.ok_or_else(|| {
        Failure::new(
            Exit::Network,
            "the balance answer has no balance: it cannot be compared",
        )
    })?;
    if cash_only {
        return Ok(cash);
    }
    let point = point.unwrap_or_else(|| {
        msg.note("the balance answer has no point; it counts as 0");
        Money::ZERO
    });
    cash.checked_add(&point).ok_or_else(|| {
        Failure::new(
            Exit::Other,
            "balance + point exceed the range of exact amounts",
        )
    })
}

/// The balance and the point of an answer.
fn amounts(balance: &BalanceResponse) -> (Option<Money>, Option<Money>) {
    (balance.balance.clone(), balance.point.clone())
}

/// `--below`: exit 8 when what is left is under the threshold.
fn below(
    msg: &Messages,
    balance: &BalanceResponse,
    threshold: &Money,
    cash_only: bool,
) -> Result<(), Failure> {
    let left = spendable(msg, balance, cash_only)?;
    if left >= *threshold {
        return Ok(());
    }
    let what = if cash_only {
        "the balance"
    } else {
        "balance + point"
    };
    Err(Failure::new(
        Exit::Below,
        format!(
            "{what} is {} won, below {} won",
            grouped(&left),
            grouped(threshold)
        ),
    ))
}

/// The API's answer, field for field.
#[derive(Serialize)]
#[serde(transparent)]
struct BalanceView<'a>(&'a BalanceResponse);

impl Record for BalanceView<'_> {
    const SHEET: &'static str = "balance";
    const OPEN: bool = true;

    fn kept(&self) -> Vec<Kept<'_>> {
        let mut all = kept(&self.0.extra);
        if let Some(alert) = &self.0.low_balance_alert {
            all.extend(kept_under("lowBalanceAlert", &alert.extra));
        }
        all
    }

    fn fields(&self) -> Vec<(&'static str, &'static str, Cell)> {
        let b = self.0;
        let money = |m: &Option<Money>| m.clone().map_or(Cell::Empty, Cell::Money);
        let text = |v: Option<String>| v.map_or(Cell::Empty, Cell::Text);
        let alert = b.low_balance_alert.as_ref();
        // A list the service sent, `a;b` (`None`: not sent, or not a list: shown as sent).
        let join =
            |items: Option<Vec<String>>| items.map_or(Cell::Empty, |i| Cell::Text(i.join(";")));
        vec![
            ("balance", "balance", money(&b.balance)),
            ("point", "point", money(&b.point)),
            ("account", "accountId", Cell::id(b.account_id.as_deref())),
            ("minimum cash", "minimumCash", money(&b.minimum_cash)),
            ("recharge to", "rechargeTo", money(&b.recharge_to)),
            (
                "recharge tries",
                "rechargeTryCount",
                text(b.recharge_try_count.map(|n| n.to_string())),
            ),
            (
                "auto recharge",
                "autoRecharge",
                text(b.auto_recharge.as_ref().map(|v| v.to_string())),
            ),
            ("deposit", "deposit", money(&b.deposit)),
            (
                "balance only",
                "balanceOnly",
                text(b.balance_only.as_ref().map(|v| v.to_string())),
            ),
            (
                "alert enabled",
                "lowBalanceAlert.enabled",
                text(alert.and_then(|a| a.enabled).map(|v| v.to_string())),
            ),
            (
                "alert threshold",
                "lowBalanceAlert.notificationBalance",
                Cell::opt(alert.and_then(|a| a.notification_balance.as_deref())),
            ),
            (
                "alert current balance",
                "lowBalanceAlert.currentBalance",
                Cell::opt(alert.and_then(|a| a.current_balance.as_deref())),
            ),
            (
                "alert balances",
                "lowBalanceAlert.balances",
                join(
                    alert
                        .and_then(|a| a.balances.as_ref())
                        .map(|list| list.iter().map(|m| m.json_text().into_owned()).collect()),
                ),
            ),
            (
                "alert channels",
                "lowBalanceAlert.channels",
                join(alert.and_then(|a| a.channels.clone())),
            ),
        ]
    }
}
