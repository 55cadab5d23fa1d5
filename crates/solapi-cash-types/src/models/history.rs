//! [`HistoryEntry`]: one change of balance and/or point, and its builder.

use crate::money::Money;
use crate::open_enums::{HistoryType, RechargeMethod, ServiceMethod};
use crate::setters::option_setters;
use crate::timestamp::Timestamp;
use crate::wire::model::wire_model;

wire_model! {
    /// One change of balance and/or point (`GET /cash/v1/balance/history` returns an array of
    /// them, newest first).
    ///
    /// In every entry `new = old + amount` holds for balance and for point. Money, ids, `type`
    /// and `dateCreated` are strict; the six descriptive fields are lenient (see
    /// `docs/models.md`). Build one with [`HistoryEntry::builder`].
    pub struct HistoryEntry (nulls = true) {
        /// Signed change of the balance.
        balance_amount: Money = "balanceAmount", required;
        /// Signed change of the point.
        point_amount: Money = "pointAmount", required;
        /// The message group that caused a deduction.
        group_id: Option<String> = "groupId", lenient;
        /// A note, for manual changes.
        memo: Option<String> = "memo", lenient;
        /// How a recharge was paid.
        recharge_method: Option<RechargeMethod> = "rechargeMethod", lenient;
        /// Which service used the money.
        service_method: Option<ServiceMethod> = "serviceMethod", lenient;
        /// Only ever seen as `null`.
        charged_method: Option<String> = "chargedMethod", lenient;
        /// Only ever seen as `null`.
        payment_method: Option<String> = "paymentMethod", lenient;
        /// The account the entry belongs to.
        account_id: String = "accountId", required;
        /// Balance before the change.
        old_balance: Money = "oldBalance", required;
        /// Balance after the change.
        new_balance: Money = "newBalance", required;
        /// Point before the change.
        old_point: Money = "oldPoint", required;
        /// Point after the change.
        new_point: Money = "newPoint", required;
        /// The kind of change (`type` on the wire).
        kind: HistoryType = "type", required;
        /// When the change happened.
        date_created: Timestamp = "dateCreated", required;
        /// The entry's id: 24 hexadecimal characters.
        history_id: String = "historyId", required;
    }
}

/// The model's wire names as an array (a compile error if there are not sixteen).
const fn sixteen(names: &[&'static str]) -> [&'static str; 16] {
    assert!(names.len() == 16, "a history entry has sixteen keys");
    let mut out = [""; 16];
    let mut i = 0;
    while i < 16 {
        out[i] = names[i];
        i += 1;
    }
    out
}

impl HistoryEntry {
    /// The sixteen keys of an entry, in the documented order — the one list of them, taken
    /// from the model's declaration above. The page reader, the emulator's writer and its
    /// state files use it instead of spelling the keys again.
    ///
    /// ```
    /// use solapi_cash_types::HistoryEntry;
    ///
    /// assert_eq!(HistoryEntry::KEYS[0], "balanceAmount");
    /// assert_eq!(HistoryEntry::KEYS[15], "historyId");
    /// ```
    pub const KEYS: [&'static str; 16] = sixteen(HistoryEntry::WIRE_NAMES);

    /// Starts an entry with its identity. Balance and point start at zero, unchanged
    /// (`0 + 0 = 0`); descriptive fields start absent.
    ///
    /// ```
    /// use solapi_cash_types::{HistoryEntry, HistoryType, Money, RechargeMethod};
    /// use time::macros::datetime;
    ///
    /// let entry = HistoryEntry::builder(
    ///     "5d491966384bbe6e51a2ceb6",
    ///     "19041920726336",
    ///     HistoryType::Recharge,
    ///     datetime!(2019-08-06 06:16:06 UTC),
    /// )
    /// .old_balance(10130)
    /// .balance_amount(10000)
    /// .new_balance(20130)
    /// .recharge_method(RechargeMethod::Stripe)
    /// .build();
    /// assert_eq!(entry.new_balance, Money::from_i64(20130));
    /// assert_eq!(entry.date_created.as_str(), "2019-08-06T06:16:06.000Z");
    /// ```
    pub fn builder(
        history_id: impl Into<String>,
        account_id: impl Into<String>,
        kind: impl Into<HistoryType>,
        date_created: impl Into<Timestamp>,
    ) -> HistoryEntryBuilder {
        HistoryEntryBuilder {
            entry: HistoryEntry {
                balance_amount: Money::ZERO,
                point_amount: Money::ZERO,
                group_id: None,
                memo: None,
                recharge_method: None,
                service_method: None,
                charged_method: None,
                payment_method: None,
                account_id: account_id.into(),
                old_balance: Money::ZERO,
                new_balance: Money::ZERO,
                old_point: Money::ZERO,
                new_point: Money::ZERO,
                kind: kind.into(),
                date_created: date_created.into(),
                history_id: history_id.into(),
                extra: crate::wire::Extra::new(),
            },
        }
    }
}

/// Builds a [`HistoryEntry`] (see [`HistoryEntry::builder`]). It checks nothing: an entry is
/// what the service says, consistent or not.
#[derive(Debug, Clone)]
pub struct HistoryEntryBuilder {
    entry: HistoryEntry,
}

/// A setter per money field, named after it.
macro_rules! money_setters {
    ($( $(#[$doc:meta])* $name:ident ),+ $(,)?) => {
        $(
            $(#[$doc])*
            pub fn $name(mut self, value: impl Into<Money>) -> Self {
                self.entry.$name = value.into();
                self
            }
        )+
    };
}

impl HistoryEntryBuilder {
    money_setters! {
        /// `balanceAmount`: the signed change of the balance.
        balance_amount,
        /// `pointAmount`: the signed change of the point.
        point_amount,
        /// `oldBalance`.
        old_balance,
        /// `newBalance`.
        new_balance,
        /// `oldPoint`.
        old_point,
        /// `newPoint`.
        new_point,
    }

    option_setters! { entry;
        /// `groupId`.
        group_id / maybe_group_id: String,
        /// `memo`.
        memo / maybe_memo: String,
        /// `rechargeMethod`.
        recharge_method / maybe_recharge_method: RechargeMethod,
        /// `serviceMethod`.
        service_method / maybe_service_method: ServiceMethod,
        /// `chargedMethod`.
        charged_method / maybe_charged_method: String,
        /// `paymentMethod`.
        payment_method / maybe_payment_method: String,
    }

    /// The entry.
    pub fn build(self) -> HistoryEntry {
        self.entry
    }
}
