//! `balance`.

use serde::Serialize;
use solapi_cash_blocking::BalanceResponse;
use solapi_cash_types::Money;

use crate::api_error;
use crate::context::Context;
use crate::failure::Failure;
use crate::output::{Cell, Record, write_record};

pub(crate) fn run(ctx: &mut Context<'_>) -> Result<(), Failure> {
    let settings = ctx.settings()?;
    let client = ctx.client(&settings)?;
    let balance = client
        .balance()
        .map_err(|e| api_error::failure(&e, &settings, Some(&client)))?;
    write_record(&mut ctx.out, &BalanceView(&balance))?;
    Ok(())
}

/// The API's answer, field for field.
#[derive(Serialize)]
#[serde(transparent)]
struct BalanceView<'a>(&'a BalanceResponse);

impl Record for BalanceView<'_> {
    fn fields(&self) -> Vec<(&'static str, &'static str, Cell)> {
        let b = self.0;
        let money = |m: &Option<Money>| m.clone().map_or(Cell::Empty, Cell::Money);
        let text = |v: Option<String>| v.map_or(Cell::Empty, Cell::Text);
        let alert = b.low_balance_alert.as_ref();
        let join = |items: Vec<String>| alert.map_or(Cell::Empty, |_| Cell::Text(items.join(";")));
        vec![
            ("balance", "balance", money(&b.balance)),
            ("point", "point", money(&b.point)),
            ("account", "accountId", Cell::opt(b.account_id.as_deref())),
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
                        .map(|a| a.balances.iter().flatten().map(Money::to_string).collect())
                        .unwrap_or_default(),
                ),
            ),
            (
                "alert channels",
                "lowBalanceAlert.channels",
                join(alert.and_then(|a| a.channels.clone()).unwrap_or_default()),
            ),
        ]
    }
}
