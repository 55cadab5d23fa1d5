//! The ledger invariants every fault test ends with.

use std::collections::HashSet;

use solapi_cash_emulator::Admin;
use solapi_cash_types::HistoryEntry;

/// Checks the account's whole history (oldest first) and returns it: every entry adds up
/// (`old + amount = new`, for balance and point), each starts where the previous ended,
/// dates never go back, ids are unique, and the last entry's balances are the account's.
///
/// # Panics
/// When an invariant does not hold (this is a test helper).
pub fn assert_ledger_consistent(admin: &Admin, account_id: &str) -> Vec<HistoryEntry> {
    let entries = admin.history(account_id).expect("account");
    let state = admin.account_state(account_id).expect("account");
    let mut ids = HashSet::new();
    for e in &entries {
        assert_eq!(
            e.old_balance.checked_add(&e.balance_amount),
            Some(e.new_balance.clone()),
            "{e:?}"
        );
        assert_eq!(
            e.old_point.checked_add(&e.point_amount),
            Some(e.new_point.clone()),
            "{e:?}"
        );
        assert!(
            ids.insert(e.history_id.clone()),
            "duplicate id {}",
            e.history_id
        );
    }
    for pair in entries.windows(2) {
        assert_eq!(pair[1].old_balance, pair[0].new_balance, "{pair:?}");
        assert_eq!(pair[1].old_point, pair[0].new_point, "{pair:?}");
        assert!(pair[1].date_created >= pair[0].date_created, "{pair:?}");
    }
    if let Some(last) = entries.last() {
        assert_eq!(last.new_balance, state.balance);
        assert_eq!(last.new_point, state.point);
    }
    entries
}
