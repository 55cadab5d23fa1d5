//! History entries for the unit tests of the pager and the reconciler.

use solapi_cash_types::{HistoryEntry, HistoryType, Money};

/// A change of the balance by `amount` from zero.
pub(crate) fn entry(
    kind: HistoryType,
    amount: Money,
    at: time::OffsetDateTime,
    history_id: String,
) -> HistoryEntry {
    HistoryEntry::builder(history_id, "a", kind, at)
        .balance_amount(&amount)
        .new_balance(amount)
        .build()
}
