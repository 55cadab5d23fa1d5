//! The account's balance settings in words, for the table of `balance`: whether
//! auto-recharge is on (from `autoRecharge`), below what and to what it recharges and from
//! which card, whether the low-balance alert is on and at what amounts — every amount with
//! thousands separators. The machine formats keep the API's fields as sent.

use solapi_cash_blocking::{BalanceResponse, Flag, LowBalanceAlert, PaymentMethod};
use solapi_cash_types::Money;

use crate::output::grouped;

/// `autoRecharge` and what goes with it. `cards` are the registered cards when they were
/// read (only when auto-recharge is on, to name the one it charges), or why not.
pub(crate) fn auto_recharge(
    b: &BalanceResponse,
    cards: Option<&Result<Vec<PaymentMethod>, String>>,
) -> String {
    let won = |m: &Option<Money>| m.as_ref().map(|m| format!("{} won", grouped(m)));
    let (below, to) = (won(&b.minimum_cash), won(&b.recharge_to));
    let rule = match (&below, &to) {
        (Some(below), Some(to)) => {
            format!("when the balance falls below {below}, it is recharged to {to}")
        }
        (Some(below), None) => format!("when the balance falls below {below}, it is recharged"),
        (None, Some(to)) => format!("it recharges to {to}"),
        (None, None) => "the service did not say below what and to what".to_owned(),
    };
    let Some(flag) = &b.auto_recharge else {
        return format!("not stated by the service ({rule})");
    };
    match flag.is_on() {
        Some(true) => {
            let mut text = format!("on: {rule}{}", card(cards));
            if let Some(n) = b.recharge_try_count.filter(|n| *n > 0) {
                text.push_str(&format!("; {n} attempt(s) so far"));
            }
            text
        }
        Some(false) => format!("off (when on, {rule})"),
        None => format!("{flag} as sent (not a documented value; 0 is off, 1 is on)"),
    }
}

/// The card auto-recharge charges: the registered card ranked first for it (the lowest
/// `autoRecharge` priority above 0).
fn card(cards: Option<&Result<Vec<PaymentMethod>, String>>) -> String {
    let cards = match cards {
        Some(Ok(cards)) => cards,
        Some(Err(why)) => return format!(", from a card that could not be read ({why})"),
        None => return String::new(),
    };
    let priority = |c: &PaymentMethod| c.auto_recharge.as_ref().and_then(Flag::as_number).cloned();
    let first = cards
        .iter()
        .filter(|c| c.auto_recharge.as_ref().and_then(Flag::is_on) == Some(true))
        .min_by(|a, b| priority(a).cmp(&priority(b)));
    match first {
        Some(c) => match &c.description {
            Some(d) => format!(", from the card {d} ({})", c.id),
            None => format!(", from the card {}", c.id),
        },
        None => ", but no registered card is set for it (`solapi-cash payment list`)".to_owned(),
    }
}

/// The low-balance alert: on or off, at which amounts, by which channels.
pub(crate) fn alert(alert: Option<&LowBalanceAlert>) -> String {
    let Some(alert) = alert else {
        return "not stated by the service".to_owned();
    };
    let mut at: Vec<String> = alert.balances.iter().flatten().map(grouped).collect();
    if at.is_empty()
        && let Some(text) = &alert.notification_balance
    {
        // A string (sic): grouped when it is an amount, as sent otherwise.
        at.push(
            text.parse::<Money>()
                .map_or_else(|_| text.clone(), |m| grouped(&m)),
        );
    }
    let at = match at.as_slice() {
        [] => String::new(),
        [one] => format!(" at {one} won"),
        many => format!(" at {} won", many.join(", ")),
    };
    let by = alert
        .channels
        .as_ref()
        .filter(|c| !c.is_empty())
        .map(|c| format!(", by {}", c.join(", ")))
        .unwrap_or_default();
    match alert.enabled {
        Some(true) => format!("on:{at}{by}"),
        Some(false) if at.is_empty() && by.is_empty() => "off".to_owned(),
        Some(false) => format!("off (when on:{at}{by})"),
        None => format!("not stated by the service (set{at}{by})"),
    }
}

/// `balanceOnly`, when it says that the point is not spent.
pub(crate) fn balance_only(b: &BalanceResponse) -> Option<String> {
    match b.balance_only.as_ref().map(Flag::is_on) {
        Some(Some(true)) => Some("on: messages spend the balance only, not the point".to_owned()),
        Some(None) => b.balance_only.as_ref().map(|f| format!("{f} as sent")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn balance() -> BalanceResponse {
        let mut b = BalanceResponse::new(402_413, 0);
        b.minimum_cash = Some(Money::won(10_000));
        b.recharge_to = Some(Money::won(50_000));
        b
    }

    fn card(id: &str, description: &str, priority: i64) -> PaymentMethod {
        serde_json::from_value(serde_json::json!({
            "_id": id, "description": description, "autoRecharge": priority
        }))
        .unwrap()
    }

    #[test]
    fn auto_recharge_in_words() {
        let mut b = balance();
        b.auto_recharge = Some(Flag::from_number(0));
        assert_eq!(
            auto_recharge(&b, None),
            "off (when on, when the balance falls below 10,000 won, it is recharged to 50,000 won)"
        );
        b.auto_recharge = Some(Flag::from_number(1));
        b.recharge_try_count = Some(2);
        let cards = Ok(vec![
            card("c2", "[VISA] 2222", 2),
            card("c0", "[VISA] 0000", 0),
            card("c1", "[VISA] 1111", 1),
        ]);
        assert_eq!(
            auto_recharge(&b, Some(&cards)),
            "on: when the balance falls below 10,000 won, it is recharged to 50,000 won, from \
             the card [VISA] 1111 (c1); 2 attempt(s) so far"
        );
        let none = Ok(vec![card("c0", "x", 0)]);
        assert!(auto_recharge(&b, Some(&none)).contains("no registered card is set for it"));
        b.auto_recharge = Some(serde_json::from_str("0.5").unwrap());
        assert!(auto_recharge(&b, None).starts_with("0.5 as sent"));
        b.auto_recharge = None;
        assert!(auto_recharge(&b, None).starts_with("not stated"));
    }

    #[test]
    fn the_alert_in_words() {
        let mut a = LowBalanceAlert::new();
        a.enabled = Some(true);
        a.balances = Some(vec![Money::won(1000), Money::won(50_000)]);
        a.channels = Some(vec!["EMAIL".into(), "SMS".into()]);
        assert_eq!(alert(Some(&a)), "on: at 1,000, 50,000 won, by EMAIL, SMS");
        a.balances = None;
        a.notification_balance = Some("20000".into());
        a.enabled = Some(false);
        assert_eq!(
            alert(Some(&a)),
            "off (when on: at 20,000 won, by EMAIL, SMS)"
        );
        assert_eq!(alert(None), "not stated by the service");
    }
}
