//! History entries for the unit tests of the pager and the reconciler.

use solapi_cash_types::{HistoryEntry, HistoryType, Money, Timestamp};

/// A change of the balance by `amount` from zero.
pub(crate) fn entry(
    kind: HistoryType,
    amount: Money,
    at: time::OffsetDateTime,
    history_id: String,
) -> HistoryEntry {
    HistoryEntry {
        balance_amount: amount,
        point_amount: Money::ZERO,
        group_id: None,
        memo: None,
        recharge_method: None,
        service_method: None,
        charged_method: None,
        payment_method: None,
        account_id: "a".into(),
        old_balance: Money::ZERO,
        new_balance: amount,
        old_point: Money::ZERO,
        new_point: Money::ZERO,
        kind,
        date_created: Timestamp::from_datetime(at),
        history_id,
    }
}
