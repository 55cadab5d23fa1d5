//! An account's operator settings: the low-balance alert and auto-recharge, as
//! `GET /cash/v1/balance` reports them and the settings endpoints change them; saved with the
//! account (`--save-state`) and read back (`--state`).

use serde::{Deserialize, Serialize};
use solapi_cash_types::Money;

/// What a new account starts with (*inferred*: the service does not publish its defaults):
/// auto-recharge off, below 10,000 won to 50,000 won; the alert off, at 1,000 won, by email.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub(crate) struct OperatorSettings {
    /// Whether the low-balance alert is on.
    pub(crate) alert_enabled: bool,
    /// The balances that trigger the alert (at most 3, each at least 200 won).
    pub(crate) alert_balances: Vec<Money>,
    /// The channels the alert is sent by.
    pub(crate) alert_channels: Vec<String>,
    /// Whether auto-recharge is on.
    pub(crate) auto_recharge: bool,
    /// Auto-recharge starts below this balance.
    pub(crate) minimum_cash: Money,
    /// Auto-recharge recharges to this balance.
    pub(crate) recharge_to: Money,
}

impl Default for OperatorSettings {
    fn default() -> Self {
        OperatorSettings {
            alert_enabled: false,
            alert_balances: vec![Money::from_i64(1_000)],
            alert_channels: vec!["EMAIL".to_owned()],
            auto_recharge: false,
            minimum_cash: Money::from_i64(10_000),
            recharge_to: Money::from_i64(50_000),
        }
    }
}

impl OperatorSettings {
    /// Whether these are the defaults (a saved file leaves them out).
    pub(crate) fn is_default(&self) -> bool {
        *self == OperatorSettings::default()
    }
}
