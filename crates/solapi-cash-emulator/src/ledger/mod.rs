//! The ledger of one account: balance, point, and every change as a history entry, kept in
//! storage order (oldest first, dates never decreasing).
//!
//! All changes go through [`Ledger::apply`], which computes the new values from the current
//! ones, so that every entry satisfies `new = old + amount` and chains to the previous one.

mod edit;
mod entry;
pub(crate) mod generator;
mod query;

pub(crate) use entry::{Entry, HistoryId, WireEntry};
pub(crate) use query::PageRequest;

use solapi_cash_types::{HistoryType, Money, RechargeMethod, ServiceMethod};

/// One change to apply: the signed amounts and the descriptive fields of its entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Change {
    pub(crate) kind: HistoryType,
    pub(crate) balance_amount: Money,
    pub(crate) point_amount: Money,
    pub(crate) recharge_method: Option<RechargeMethod>,
    pub(crate) service_method: Option<ServiceMethod>,
    pub(crate) group_id: Option<Box<str>>,
    pub(crate) memo: Option<Box<str>>,
}

impl Change {
    /// A change with only amounts set; the optional fields are null.
    pub(crate) fn new(kind: HistoryType, balance_amount: Money, point_amount: Money) -> Self {
        Self {
            kind,
            balance_amount,
            point_amount,
            recharge_method: None,
            service_method: None,
            group_id: None,
            memo: None,
        }
    }

    /// A recharge paid by card: `type` RECHARGE, `rechargeMethod` STRIPE.
    pub(crate) fn recharge(amount: Money, method: RechargeMethod) -> Self {
        Self {
            recharge_method: Some(method),
            ..Self::new(HistoryType::Recharge, amount, Money::ZERO)
        }
    }

    pub(crate) fn with_memo(mut self, memo: Option<String>) -> Self {
        self.memo = memo.map(String::into_boxed_str);
        self
    }
}

/// Why a change was refused. Nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum LedgerError {
    /// The result would leave `Money`'s range.
    #[error("the amount is too large: the result would overflow")]
    Overflow,
    /// A message charge exceeds balance + point.
    #[error("balance insufficient: {needed} needed, {available} available (balance and point)")]
    Insufficient { needed: Money, available: Money },
    /// More generated entries asked for than allowed at once.
    #[error("at most {max} entries can be generated at once, {n} asked")]
    TooMany { n: u64, max: u64 },
    /// A manual change or reset would make the balance or the point negative.
    #[error("the {what} would become negative ({value})")]
    Negative { what: &'static str, value: Money },
}

/// Whether the emulator accepts and holds `amount`: below 10^19 in magnitude, at most 18
/// fractional digits. That was `Money`'s own range before it became unbounded (issue 10);
/// the service documents no limit, and this keeps the emulator's answers as they were.
pub(crate) fn in_range(amount: &Money) -> bool {
    amount.fits(19, 18)
}

/// Balance, point and history of one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Ledger {
    balance: Money,
    point: Money,
    entries: Vec<Entry>,
}

impl Default for Ledger {
    fn default() -> Self {
        Self {
            balance: Money::ZERO,
            point: Money::ZERO,
            entries: Vec::new(),
        }
    }
}

impl Ledger {
    pub(crate) fn balance(&self) -> Money {
        self.balance.clone()
    }

    pub(crate) fn point(&self) -> Money {
        self.point.clone()
    }

    pub(crate) fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Date of the newest entry, in Unix milliseconds.
    pub(crate) fn last_ms(&self) -> Option<i64> {
        self.entries.last().map(|e| e.date_ms)
    }

    pub(crate) fn reserve(&mut self, additional: usize) {
        self.entries.reserve(additional);
    }

    /// Applies `change` at `now_ms` (moved forward to the newest entry's date if the clock
    /// is behind it, so dates never decrease) and appends its entry.
    ///
    /// # Errors
    /// [`LedgerError`] when the balance or point would overflow or become negative.
    pub(crate) fn apply(
        &mut self,
        change: Change,
        now_ms: i64,
        id: impl FnOnce(i64) -> HistoryId,
    ) -> Result<&Entry, LedgerError> {
        // Normalized so that 0.5 + 0.5 prints `1`, not `1.0`, as the API would.
        let balance_amount = change.balance_amount.normalized();
        let point_amount = change.point_amount.normalized();
        let new_balance = self
            .balance
            .checked_add(&balance_amount)
            .ok_or(LedgerError::Overflow)?
            .normalized();
        let new_point = self
            .point
            .checked_add(&point_amount)
            .ok_or(LedgerError::Overflow)?
            .normalized();
        if ![&balance_amount, &point_amount, &new_balance, &new_point]
            .into_iter()
            .all(in_range)
        {
            return Err(LedgerError::Overflow);
        }
        if new_balance.is_negative() {
            return Err(LedgerError::Negative {
                what: "balance",
                value: new_balance,
            });
        }
        if new_point.is_negative() {
            return Err(LedgerError::Negative {
                what: "point",
                value: new_point,
            });
        }
        let date_ms = self.last_ms().map_or(now_ms, |last| last.max(now_ms));
        let entry = Entry {
            date_ms,
            id: id(date_ms),
            kind: change.kind,
            recharge_method: change.recharge_method,
            service_method: change.service_method,
            group_id: change.group_id,
            memo: change.memo,
            balance_amount,
            point_amount,
            old_balance: self.balance.clone(),
            new_balance: new_balance.clone(),
            old_point: self.point.clone(),
            new_point: new_point.clone(),
        };
        self.balance = new_balance;
        self.point = new_point;
        self.entries.push(entry);
        Ok(self
            .entries
            .last()
            .unwrap_or_else(|| unreachable!("just pushed")))
    }

    /// Inserts a `MANUAL` entry of no change (0 balance, 0 point, so that every entry still
    /// chains) dated `date_ms`, as the newest of the entries of that millisecond, wherever
    /// that is in the history: an entry committed late. Balance and point are unchanged.
    pub(crate) fn insert_late(
        &mut self,
        date_ms: i64,
        memo: Option<String>,
        id: impl FnOnce(i64) -> HistoryId,
    ) -> &Entry {
        let at = self.entries.partition_point(|e| e.date_ms <= date_ms);
        let (balance, point) = match at.checked_sub(1).and_then(|i| self.entries.get(i)) {
            Some(before) => (before.new_balance.clone(), before.new_point.clone()),
            None => match self.entries.first() {
                Some(first) => (first.old_balance.clone(), first.old_point.clone()),
                None => (self.balance.clone(), self.point.clone()),
            },
        };
        let change = Change::new(HistoryType::Manual, Money::ZERO, Money::ZERO).with_memo(memo);
        let entry = Entry {
            date_ms,
            id: id(date_ms),
            kind: change.kind,
            recharge_method: None,
            service_method: None,
            group_id: None,
            memo: change.memo,
            balance_amount: Money::ZERO,
            point_amount: Money::ZERO,
            old_balance: balance.clone(),
            new_balance: balance,
            old_point: point.clone(),
            new_point: point,
        };
        self.entries.insert(at, entry);
        &self.entries[at]
    }

    /// The change for a message charge of `amount`: points are spent first, then balance.
    ///
    /// # Errors
    /// [`LedgerError::Insufficient`] when balance + point is below `amount`.
    pub(crate) fn message_charge(
        &self,
        amount: Money,
        group_id: String,
    ) -> Result<Change, LedgerError> {
        let from_point = if self.point < amount {
            self.point.clone()
        } else {
            amount.clone()
        };
        let from_balance = amount
            .checked_sub(&from_point)
            .ok_or(LedgerError::Overflow)?;
        if from_balance > self.balance {
            let available = self
                .balance
                .checked_add(&self.point)
                .ok_or(LedgerError::Overflow)?;
            return Err(LedgerError::Insufficient {
                needed: amount,
                available,
            });
        }
        let neg = |m: Money| m.checked_neg().ok_or(LedgerError::Overflow);
        Ok(Change {
            service_method: Some(ServiceMethod::Mt),
            group_id: Some(group_id.into_boxed_str()),
            ..Change::new(HistoryType::Deduct, neg(from_balance)?, neg(from_point)?)
        })
    }

    /// The change that sets balance and point to the given values (`type` SET).
    ///
    /// # Errors
    /// [`LedgerError::Overflow`] if the difference cannot be represented.
    pub(crate) fn set_to(&self, balance: Money, point: Money) -> Result<Change, LedgerError> {
        let balance_amount = balance
            .checked_sub(&self.balance)
            .ok_or(LedgerError::Overflow)?;
        let point_amount = point
            .checked_sub(&self.point)
            .ok_or(LedgerError::Overflow)?;
        Ok(Change::new(HistoryType::Set, balance_amount, point_amount))
    }
}

#[cfg(test)]
mod tests;
