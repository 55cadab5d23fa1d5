//! The balance (`GET /cash/v1/balance`) and its low-balance alert settings.

use crate::flag::Flag;
use crate::money::Money;
use crate::wire::model::wire_model;

wire_model! {
    /// The current balance (`GET /cash/v1/balance`), fields in the documented order.
    ///
    /// `balance` and `point` may be missing or `null` (the Python SDK types both optional,
    /// a 2018 page omits `point`): `None` is then "the service did not say", never zero. They,
    /// `accountId` and `deposit` are strict when present; the auto-recharge settings, counters,
    /// flags and the alert are descriptive and lenient (see `docs/models.md`). An object with
    /// none of these fields is refused: it is not a balance.
    pub struct BalanceResponse (nulls = false, one_known = true) {
        /// Low-balance notification settings.
        low_balance_alert: Option<LowBalanceAlert> = "lowBalanceAlert", lenient;
        /// Point balance (spent before the cash balance); `None` when missing or `null`.
        point: Option<Money> = "point", optional;
        /// Auto-recharge threshold.
        minimum_cash: Option<Money> = "minimumCash", lenient;
        /// Auto-recharge target.
        recharge_to: Option<Money> = "rechargeTo", lenient;
        /// Auto-recharge attempts so far.
        recharge_try_count: Option<u32> = "rechargeTryCount", lenient;
        /// Whether auto-recharge is on (`0`/`1`; a boolean on old pages).
        auto_recharge: Option<Flag> = "autoRecharge", lenient;
        /// The account.
        account_id: Option<String> = "accountId", optional;
        /// Cash balance; `None` when missing or `null` (written back as `null`).
        balance: Option<Money> = "balance", nullable;
        /// Deposit held.
        deposit: Option<Money> = "deposit", optional;
        /// Whether only the cash balance (not points) may be used (`0`/`1`).
        balance_only: Option<Flag> = "balanceOnly", lenient;
    }
}

impl BalanceResponse {
    /// What messages can still spend: the balance plus the point (messages spend the point
    /// first, then the balance). A missing point counts as zero (the 2018 documentation
    /// leaves it out of accounts that have none); `None` when the answer has no balance,
    /// which cannot be judged.
    ///
    /// ```
    /// use solapi_cash_types::BalanceResponse;
    ///
    /// let balance = BalanceResponse::new(45_000, 3_000);
    /// assert!(balance.spendable().is_some_and(|left| left < 50_000));
    /// ```
    pub fn spendable(&self) -> Option<Money> {
        let balance = self.balance.as_ref()?;
        match &self.point {
            Some(point) => balance.checked_add(point),
            None => Some(balance.clone()),
        }
    }

    /// A balance and a point; every other field absent (set the public fields to fill them).
    pub fn new(balance: impl Into<Money>, point: impl Into<Money>) -> BalanceResponse {
        BalanceResponse {
            low_balance_alert: None,
            point: Some(point.into()),
            minimum_cash: None,
            recharge_to: None,
            recharge_try_count: None,
            auto_recharge: None,
            account_id: None,
            balance: Some(balance.into()),
            deposit: None,
            balance_only: None,
            extra: crate::wire::Extra::new(),
        }
    }
}

wire_model! {
    /// Low-balance notification settings of an account. Every member is descriptive, so
    /// lenient: one of an unexpected type is kept in `extra` and the rest still decode. Written
    /// with every member (`null` when absent), as documented.
    pub struct LowBalanceAlert (nulls = true) {
        /// The threshold, as a string (sic).
        notification_balance: Option<String> = "notificationBalance", lenient;
        /// The balance when last checked, as a string (sic), or `null`.
        current_balance: Option<String> = "currentBalance", lenient;
        /// Thresholds that trigger a notification.
        balances: Option<Vec<Money>> = "balances", lenient;
        /// Notification channels.
        channels: Option<Vec<String>> = "channels", lenient;
        /// Whether notifications are on.
        enabled: Option<bool> = "enabled", lenient;
    }
}

impl LowBalanceAlert {
    /// Settings with every member absent (set the public fields to fill them).
    pub fn new() -> LowBalanceAlert {
        LowBalanceAlert {
            notification_balance: None,
            current_balance: None,
            balances: None,
            channels: None,
            enabled: None,
            extra: crate::wire::Extra::new(),
        }
    }
}

impl Default for LowBalanceAlert {
    fn default() -> LowBalanceAlert {
        LowBalanceAlert::new()
    }
}
