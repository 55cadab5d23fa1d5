//! [`EntryMatch`]: what a history entry must be to be an attempt's — its type and its signed
//! change of the balance — as a value, so that every call that moves money (a recharge now;
//! a transfer or a withdrawal later) is looked up by the one reconciler.

use solapi_cash_types::HistoryType;
use solapi_cash_types::models::HistoryEntry;
use solapi_cash_types::money::Money;
use solapi_cash_types::query::HistoryQuery;

use crate::error::Error;
use crate::operation::Operation;

/// The entries that can be an attempt's: those of one type that change the balance by one
/// signed amount. History entries do not name the card (or account) the money came from, so
/// every entry that matches is a possible other's.
///
/// ```
/// use solapi_cash_core::EntryMatch;
/// use solapi_cash_core::client_api::{HistoryType, Money};
///
/// let recharge = EntryMatch::recharge(&Money::from_i64(41_234));
/// assert_eq!(recharge.kind(), &HistoryType::Recharge);
/// assert_eq!(recharge.balance_amount(), &Money::from_i64(41_234));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EntryMatch {
    kind: HistoryType,
    balance_amount: Money,
}

impl EntryMatch {
    /// Entries of `kind` whose `balanceAmount` is `balance_amount` (signed: money that left
    /// the balance is negative).
    pub fn new(kind: HistoryType, balance_amount: Money) -> EntryMatch {
        EntryMatch {
            kind,
            balance_amount,
        }
    }

    /// The entry a recharge of `amount` writes: `RECHARGE`, `balanceAmount` = `amount`.
    pub fn recharge(amount: &Money) -> EntryMatch {
        EntryMatch::new(HistoryType::Recharge, amount.clone())
    }

    /// The entry type.
    pub fn kind(&self) -> &HistoryType {
        &self.kind
    }

    /// The signed change of the balance.
    pub fn balance_amount(&self) -> &Money {
        &self.balance_amount
    }

    /// Whether `entry` is of this type and amount (compared by value: `5000` matches
    /// `5000.0`).
    pub fn matches(&self, entry: &HistoryEntry) -> bool {
        entry.kind == self.kind && entry.balance_amount == self.balance_amount
    }

    /// The history query that asks the service for these entries, `page` at a time.
    pub(crate) fn query(&self, page: u64) -> Result<HistoryQuery, Error> {
        HistoryQuery::builder()
            .kind(self.kind.clone())
            .balance_amount(self.balance_amount.clone())
            .limit(page)
            .build()
            .map_err(|e| Error::invalid_input(Operation::History, e.to_string()))
    }
}
