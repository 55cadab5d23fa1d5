//! Auto-recharge: its settings (`PUT /cash/v1/payment`: the cards in priority order, the
//! balance that triggers it and the balance it recharges to) and its switch
//! (`PUT /cash/v1/recharge`), with the rules the client checks before sending and the
//! emulator enforces.
//!
//! The rules are SOLAPI's guide "recharge-auto-payment" (solapi.com/guides): the trigger is
//! at least 200 won, the recharge at least 10,000 won, several cards may be registered and a
//! failed charge moves on to the next card in order. The API's pages
//! (`api-reference/cash/setautorecharge.md`) state no rule of their own; none says that
//! `rechargeTo` must exceed `minimumCash`, so that is not checked.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::flag::Flag;
use crate::money::Money;
use crate::wire::model::wire_model;
use crate::won::Won;

use super::SettingsError;

/// The lowest balance that may trigger auto-recharge (the guide: "200원 이상").
pub const MIN_TRIGGER_BALANCE: u64 = 200;
/// The lowest recharge (the guide: "충전 금액은 1만원 이상"), checked on `rechargeTo`, the only
/// amount the API takes.
pub const MIN_RECHARGE_TO: u64 = 10_000;
/// The longest payment id accepted (the service's are 31 digits).
pub const MAX_PAYMENT_ID_LEN: usize = 64;

/// The body of `PUT /cash/v1/payment`: the cards auto-recharge charges, first tried first,
/// the balance below which it recharges (`minimumCash`, at least 200 won) and the balance it
/// recharges to (`rechargeTo`, at least 10,000 won). Whole settings: the service keeps what
/// it was last sent.
///
/// ```
/// use solapi_cash_types::models::AutoRechargeSettings;
///
/// let settings = AutoRechargeSettings::new(["7497570349519555001572284632096"], 10_000, 50_000)?;
/// assert_eq!(
///     serde_json::to_string(&settings).unwrap(),
///     r#"{"paymentIds":["7497570349519555001572284632096"],"minimumCash":10000,"rechargeTo":50000}"#
/// );
/// assert!(AutoRechargeSettings::new(["1", "1"], 10_000, 50_000).is_err());
/// assert!(AutoRechargeSettings::new(Vec::<String>::new(), 10_000, 50_000).is_err());
/// assert!(AutoRechargeSettings::new(["1"], 100, 50_000).is_err());
/// assert!(AutoRechargeSettings::new(["1"], 1_000, 9_999).is_err());
/// # Ok::<(), solapi_cash_types::models::SettingsError>(())
/// ```
///
/// A server reads the same body with its `Deserialize` (JSON only): the same keys, the same
/// rules, amounts as JSON numbers (not strings), no other key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", try_from = "SettingsBody")]
pub struct AutoRechargeSettings {
    payment_ids: Vec<String>,
    minimum_cash: Won,
    recharge_to: Won,
}

impl AutoRechargeSettings {
    /// Checked settings: the card ids in priority order, the trigger and the target in won.
    pub fn new<I: Into<String>>(
        payment_ids: impl IntoIterator<Item = I>,
        minimum_cash: u64,
        recharge_to: u64,
    ) -> Result<AutoRechargeSettings, SettingsError> {
        let payment_ids: Vec<String> = payment_ids.into_iter().map(Into::into).collect();
        let (minimum_cash, recharge_to) = check_auto_recharge(
            &payment_ids,
            &Money::from(minimum_cash),
            &Money::from(recharge_to),
        )?;
        Ok(AutoRechargeSettings {
            payment_ids,
            minimum_cash,
            recharge_to,
        })
    }

    /// The cards, first tried first.
    pub fn payment_ids(&self) -> &[String] {
        &self.payment_ids
    }

    /// Auto-recharge starts when the balance falls below this.
    pub fn minimum_cash(&self) -> Won {
        self.minimum_cash
    }

    /// Auto-recharge recharges the balance to this.
    pub fn recharge_to(&self) -> Won {
        self.recharge_to
    }
}

/// The body as sent, before the rules: amounts kept as their JSON text.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SettingsBody {
    payment_ids: Vec<String>,
    minimum_cash: Box<RawValue>,
    recharge_to: Box<RawValue>,
}

impl TryFrom<SettingsBody> for AutoRechargeSettings {
    type Error = SettingsError;

    fn try_from(body: SettingsBody) -> Result<AutoRechargeSettings, SettingsError> {
        let minimum = json_amount(&body.minimum_cash, "minimumCash")?;
        let target = json_amount(&body.recharge_to, "rechargeTo")?;
        let (minimum_cash, recharge_to) =
            check_auto_recharge(&body.payment_ids, &minimum, &target)?;
        Ok(AutoRechargeSettings {
            payment_ids: body.payment_ids,
            minimum_cash,
            recharge_to,
        })
    }
}

/// An amount: a JSON number, read exactly (a string is refused: the page types it `number`).
fn json_amount(raw: &RawValue, name: &str) -> Result<Money, SettingsError> {
    let text = raw.get();
    if !text.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
        return Err(SettingsError::new(format!("`{name}` must be a number")));
    }
    text.parse()
        .map_err(|e| SettingsError::new(format!("`{name}` is not a valid amount: {e}")))
}

/// The rules of auto-recharge's settings, for a client before sending and for a server
/// reading a body: at least one card, none twice, each id well formed; the trigger and the
/// target as whole won, at least [`MIN_TRIGGER_BALANCE`] and [`MIN_RECHARGE_TO`].
pub fn check_auto_recharge(
    payment_ids: &[String],
    minimum_cash: &Money,
    recharge_to: &Money,
) -> Result<(Won, Won), SettingsError> {
    if payment_ids.is_empty() {
        return Err(SettingsError::new(
            "give at least one card (payment id) for auto-recharge",
        ));
    }
    for (i, id) in payment_ids.iter().enumerate() {
        check_payment_id(id)?;
        if payment_ids[..i].contains(id) {
            return Err(SettingsError::new(format!(
                "the card {id} is given twice: list each card once, first tried first"
            )));
        }
    }
    let minimum = at_least(
        minimum_cash,
        MIN_TRIGGER_BALANCE,
        "the auto-recharge trigger",
    )?;
    let target = at_least(recharge_to, MIN_RECHARGE_TO, "the auto-recharge target")?;
    Ok((minimum, target))
}

fn at_least(amount: &Money, min: u64, what: &str) -> Result<Won, SettingsError> {
    Won::try_from(amount)
        .ok()
        .filter(|w| w.get() >= min)
        .ok_or_else(|| {
            SettingsError::new(format!(
                "{what} must be whole won of at least {min}, not {amount}"
            ))
        })
}

/// A payment id as a request may carry it: not empty, at most [`MAX_PAYMENT_ID_LEN`]
/// characters, ASCII letters, digits, `-` and `_` only (the service's are 31 digits).
pub fn check_payment_id(id: &str) -> Result<(), SettingsError> {
    if id.is_empty() {
        return Err(SettingsError::new("a payment id must not be empty"));
    }
    let ok = id.len() <= MAX_PAYMENT_ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        // Printed with `{:?}`, cut short: the id is not a secret, but may be anything.
        let shown: String = id.chars().take(MAX_PAYMENT_ID_LEN).collect();
        Err(SettingsError::new(format!(
            "a payment id is up to {MAX_PAYMENT_ID_LEN} letters and digits (like \
             7497570349519555001572284632096), not {shown:?}"
        )))
    }
}

wire_model! {
    /// The answer to `PUT /cash/v1/payment`: the settings as the service kept them
    /// (`{paymentIds, minimumCash, rechargeTo}`). Ids and money are strict when present.
    pub struct AutoRechargeInfo (nulls = false, one_known = true) {
        /// The cards, first tried first.
        payment_ids: Option<Vec<String>> = "paymentIds", optional;
        /// The trigger.
        minimum_cash: Option<Money> = "minimumCash", optional;
        /// The target.
        recharge_to: Option<Money> = "rechargeTo", optional;
    }
}

impl AutoRechargeInfo {
    /// The answer that echoes `settings`.
    pub fn new(settings: &AutoRechargeSettings) -> AutoRechargeInfo {
        AutoRechargeInfo {
            payment_ids: Some(settings.payment_ids.clone()),
            minimum_cash: Some(settings.minimum_cash.to_money()),
            recharge_to: Some(settings.recharge_to.to_money()),
            extra: crate::wire::Extra::new(),
        }
    }
}

wire_model! {
    /// The answer to `PUT /cash/v1/recharge`, the toggle: `{"autoRecharge": false}`, the
    /// state after the toggle (a boolean on the page; a number `0`/`1` is read too).
    pub struct AutoRechargeSwitched (nulls = false, one_known = true) {
        /// Whether auto-recharge is now on.
        auto_recharge: Option<Flag> = "autoRecharge", optional;
    }
}

impl AutoRechargeSwitched {
    /// The toggle's answer.
    pub fn new(on: bool) -> AutoRechargeSwitched {
        AutoRechargeSwitched {
            auto_recharge: Some(Flag::from_bool(on)),
            extra: crate::wire::Extra::new(),
        }
    }

    /// Whether auto-recharge is now on; `None` when the answer does not say.
    pub fn is_on(&self) -> Option<bool> {
        self.auto_recharge.as_ref()?.is_on()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn auto_recharge_rules_refuse_each_bad_input_with_a_clear_message() {
        let m = |t: &str| t.parse::<Money>().unwrap();
        for (cards, min, to, word) in [
            (ids(&[]), "1000", "50000", "at least one card"),
            (ids(&["1", "2", "1"]), "1000", "50000", "given twice"),
            (ids(&[""]), "1000", "50000", "must not be empty"),
            (ids(&["12 34"]), "1000", "50000", "letters and digits"),
            (
                ids(&["1"]),
                "199",
                "50000",
                "trigger must be whole won of at least 200",
            ),
            (ids(&["1"]), "-500", "50000", "at least 200"),
            (ids(&["1"]), "1000.5", "50000", "whole won"),
            (
                ids(&["1"]),
                "1000",
                "9999",
                "target must be whole won of at least 10000",
            ),
            (ids(&["1"]), "1000", "0", "at least 10000"),
        ] {
            let e = check_auto_recharge(&cards, &m(min), &m(to)).unwrap_err();
            assert!(e.to_string().contains(word), "{cards:?} {min} {to}: {e}");
        }
        let (min, to) = check_auto_recharge(&ids(&["1", "2"]), &m("200"), &m("1e4")).unwrap();
        assert_eq!((min.get(), to.get()), (200, 10_000));
    }

    #[test]
    fn a_server_reads_the_body_with_the_same_rules() {
        let read = |text: &str| serde_json::from_str::<AutoRechargeSettings>(text);
        let ok = read(r#"{"paymentIds":["1","2"],"minimumCash":200,"rechargeTo":1e4}"#).unwrap();
        assert_eq!(
            ok,
            AutoRechargeSettings::new(["1", "2"], 200, 10_000).unwrap()
        );
        for (text, word) in [
            (
                r#"{"paymentIds":["1"],"minimumCash":"200","rechargeTo":10000}"#,
                "must be a number",
            ),
            (
                r#"{"paymentIds":["1"],"minimumCash":100,"rechargeTo":10000}"#,
                "at least 200",
            ),
            (
                r#"{"paymentIds":["1","1"],"minimumCash":200,"rechargeTo":10000}"#,
                "twice",
            ),
            (r#"{"paymentIds":["1"],"minimumCash":200}"#, "rechargeTo"),
            (
                r#"{"paymentIds":["1"],"minimumCash":200,"rechargeTo":10000,"x":1}"#,
                "unknown field",
            ),
        ] {
            let e = read(text).unwrap_err().to_string();
            assert!(e.contains(word), "{text}: {e}");
        }
    }

    #[test]
    fn the_toggle_answer_reads_booleans_and_numbers() {
        for (text, on) in [
            (r#"{"autoRecharge":false}"#, Some(false)),
            (r#"{"autoRecharge":true}"#, Some(true)),
            (r#"{"autoRecharge":1}"#, Some(true)),
            (r#"{"autoRecharge":false,"new":1}"#, Some(false)),
        ] {
            let answer: AutoRechargeSwitched = serde_json::from_str(text).unwrap();
            assert_eq!(answer.is_on(), on, "{text}");
        }
        assert!(serde_json::from_str::<AutoRechargeSwitched>(r#"{"other":1}"#).is_err());
        assert_eq!(
            serde_json::to_string(&AutoRechargeSwitched::new(true)).unwrap(),
            r#"{"autoRecharge":true}"#
        );
    }
}
