//! `balance` (the amounts, then the settings in words: `balance_words`), and
//! `balance --below` for monitoring, with its verdict either way.

use std::io::Write;

use serde::Serialize;
use solapi_cash_blocking::{BalanceResponse, Flag, LowBalanceAlert, PaymentMethod, Payments};
use solapi_cash_types::{Extra, Money};

use crate::api_error;
use crate::args::{BalanceArgs, Format};
use crate::commands::{balance_forecast, balance_words, watch_ledger};
use crate::context::Context;
use crate::exit::Exit;
use crate::failure::Failure;
use crate::output::{
    Cell, Kept, Out, Record, extra_cell, grouped, kept, kept_under, key_value, visible,
    write_record,
};
use crate::report::Messages;

pub(crate) fn run(ctx: &mut Context<'_>, args: &BalanceArgs) -> Result<(), Failure> {
    let settings = ctx.settings()?;
    let client = ctx.client(&settings)?;
    let balance = client
        .balance()
        .map_err(|e| api_error::failure(&e, &settings, Some(&client)))?;
    if ctx.out.format == Format::Table {
        // The card auto-recharge charges is named only when it is on.
        let on = balance.auto_recharge.as_ref().and_then(Flag::is_on) == Some(true);
        let cards = on.then(|| {
            client
                .payments(&Payments::new().limit(100))
                .map(|list| list.payments)
                .map_err(|e| e.to_string())
        });
        write_words(&mut ctx.out, &balance, cards.as_ref())?;
        if let Some(figures) = watch_ledger::figures(&args.db, &settings, &balance)? {
            balance_forecast::write_lines(&mut ctx.out, &figures)?;
        }
    } else if matches!(ctx.out.format, Format::Json | Format::Ndjson)
        && let Some(figures) = watch_ledger::figures(&args.db, &settings, &balance)?
    {
        balance_forecast::write_json_with(&mut ctx.out, &BalanceView(&balance), &figures)?;
    } else {
        write_record(&mut ctx.out, &BalanceView(&balance))?;
    }
    match &args.below {
        Some(threshold) => below(&ctx.msg, &balance, threshold, args.cash_only),
        None => Ok(()),
    }
}

/// The table: the amounts, then the settings in words, then what the CLI does not know.
fn write_words(
    out: &mut Out,
    b: &BalanceResponse,
    cards: Option<&Result<Vec<PaymentMethod>, String>>,
) -> std::io::Result<()> {
    let money = |m: &Option<Money>| m.clone().map_or(Cell::Empty, Cell::Money);
    let mut amounts = vec![
        ("balance", money(&b.balance)),
        ("point", money(&b.point)),
        ("deposit", money(&b.deposit)),
        ("account", Cell::id(b.account_id.as_deref())),
    ];
    amounts.retain(|(_, cell)| !matches!(cell, Cell::Empty));
    let (style, zone) = (out.style, out.zone.clone());
    key_value(out, style, &zone, &amounts)?;
    writeln!(out)?;
    let mut words = vec![
        ("auto-recharge", balance_words::auto_recharge(b, cards)),
        (
            "low-balance alert",
            balance_words::alert(b.low_balance_alert.as_ref()),
        ),
    ];
    if let Some(only) = balance_words::balance_only(b) {
        words.push(("balance only", only));
    }
    for (label, text) in words {
        writeln!(out, "{}: {}", style.bold(label), visible(&text))?;
    }
    let view = BalanceView(b);
    let kept = view.kept();
    let unknown: Vec<(&str, Cell)> = kept
        .iter()
        .map(|(name, raw)| (name.as_ref(), extra_cell(raw)))
        .collect();
    if !unknown.is_empty() {
        writeln!(out)?;
        key_value(out, style, &zone, &unknown)?;
    }
    out.flush()
}

/// What is left to spend: balance + point (messages spend the point first, then the
/// balance: [`BalanceResponse::spendable`]), or the balance alone. An answer without a
/// balance cannot be judged (exit 5: no usable answer); one without a point counts it as zero
/// (the 2018 documentation leaves it out of accounts that have none), with a note.
pub(crate) fn spendable(
    msg: &Messages,
    balance: &BalanceResponse,
    cash_only: bool,
) -> Result<Money, Failure> {
    let cash = balance.balance.clone().ok_or_else(|| {
        Failure::new(
            Exit::Network,
            "the balance answer has no balance: it cannot be compared",
        )
    })?;
    if cash_only {
        return Ok(cash);
    }
    if balance.point.is_none() {
        msg.note("the balance answer has no point; it counts as 0");
    }
    balance.spendable().ok_or_else(|| {
        Failure::new(
            Exit::Other,
            "balance + point exceed the range of exact amounts",
        )
    })
}

/// `--below`: a one-line verdict on standard error either way (`ok: …` or `below: …`; a
/// JSON object with `--output json`), and exit 8 when what is left is under the threshold.
fn below(
    msg: &Messages,
    balance: &BalanceResponse,
    threshold: &Money,
    cash_only: bool,
) -> Result<(), Failure> {
    let left = spendable(msg, balance, cash_only)?;
    let what = if cash_only {
        "the balance"
    } else {
        "balance + point"
    };
    let (exit, relation) = if left >= *threshold {
        (Exit::Ok, "not below")
    } else {
        (Exit::Below, "below")
    };
    let verdict = Failure::new(
        exit,
        format!(
            "{what} is {} won, {relation} {} won",
            grouped(&left),
            grouped(threshold)
        ),
    )
    .with_data("left", serde_json::json!(left))
    .with_data("threshold", serde_json::json!(threshold));
    if exit == Exit::Ok {
        msg.verdict(&verdict);
        return Ok(());
    }
    Err(verdict)
}

/// The API's answer, field for field.
#[derive(Serialize)]
#[serde(transparent)]
struct BalanceView<'a>(&'a BalanceResponse);

impl Record for BalanceView<'_> {
    const SHEET: &'static str = "balance";
    const OPEN: bool = true;

    fn kept(&self) -> Vec<Kept<'_>> {
        kept_with_alert(&self.0.extra, self.0.low_balance_alert.as_ref())
    }

    fn fields(&self) -> Vec<(&'static str, &'static str, Cell)> {
        let b = self.0;
        let money = |m: &Option<Money>| m.clone().map_or(Cell::Empty, Cell::Money);
        let text = |v: Option<String>| v.map_or(Cell::Empty, Cell::Text);
        let mut fields = vec![
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
        ];
        fields.extend(alert_fields(b.low_balance_alert.as_ref()));
        fields
    }
}

/// What the service sent that the model did not know, the alert's included
/// (`lowBalanceAlert.…`): for `balance` and `alert show`.
pub(crate) fn kept_with_alert<'a>(
    extra: &'a Extra,
    alert: Option<&'a LowBalanceAlert>,
) -> Vec<Kept<'a>> {
    let mut all = kept(extra);
    if let Some(alert) = alert {
        all.extend(kept_under("lowBalanceAlert", &alert.extra));
    }
    all
}

/// The low-balance alert's fields, named as in the balance (`lowBalanceAlert.…`): for
/// `balance` and `alert show`.
pub(crate) fn alert_fields(
    alert: Option<&LowBalanceAlert>,
) -> Vec<(&'static str, &'static str, Cell)> {
    let text = |v: Option<String>| v.map_or(Cell::Empty, Cell::Text);
    // A list the service sent, `a;b` (`None`: not sent, or not a list: shown as sent).
    let join = |items: Option<Vec<String>>| items.map_or(Cell::Empty, |i| Cell::Text(i.join(";")));
    vec![
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
