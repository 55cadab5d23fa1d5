//! [`EntryMatch`]: what a history entry must be to be an attempt's — its type and its signed
//! change of the balance — as a value, so that every call that moves money (a recharge, a
//! transfer, a withdrawal) is looked up by the one reconciler.

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

    /// The entry a transfer of `amount` writes in the *sender's* history: `TRANSFER`,
    /// `balanceAmount` = −`amount` (*inferred*: see [`HistoryType::Transfer`]). The sign is
    /// what makes it the sender's: the receiver's entry of the same transfer is positive, so
    /// money coming in is never taken for this transfer.
    pub fn transfer(amount: &Money) -> EntryMatch {
        EntryMatch::new(HistoryType::Transfer, negated(amount))
    }

    /// The entry a withdrawal of `amount` (fee included) writes: `WITHDRAW`, `balanceAmount`
    /// = −`amount` (*inferred*: see [`HistoryType::Withdraw`]).
    pub fn withdrawal(amount: &Money) -> EntryMatch {
        EntryMatch::new(HistoryType::Withdraw, negated(amount))
    }

    /// The money the call moved: the change of the balance without its sign.
    pub fn amount(&self) -> Money {
        if self.balance_amount.is_negative() {
            negated(&self.balance_amount)
        } else {
            self.balance_amount.clone()
        }
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

/// `-amount`; amounts here are `Won` (below 2^53), whose negation always exists.
fn negated(amount: &Money) -> Money {
    amount.checked_neg().unwrap_or_else(|| amount.clone())
}
