//! [`MovesMoney`]: what the body of a money-moving `money` row of the declaration says about
//! the history entry the call writes, so that a lost answer is reconciled like a recharge's.

use solapi_cash_types::models::{TransferRequest, WithdrawRequest};

use crate::EntryMatch;

/// The body of a call that moves money out of the account: the entry it writes in the
/// account's history (type and signed amount), which the reconciler looks for.
pub(crate) trait MovesMoney {
    /// The entry this call writes in the caller's history.
    fn entry(&self) -> EntryMatch;
}

/// A transfer writes `TRANSFER`, −amount, in the sender's history (*inferred*).
impl MovesMoney for TransferRequest {
    fn entry(&self) -> EntryMatch {
        EntryMatch::transfer(&self.amount().into())
    }
}

/// A withdrawal writes `WITHDRAW`, −amount (the whole amount, fee included; *inferred*).
impl MovesMoney for WithdrawRequest {
    fn entry(&self) -> EntryMatch {
        EntryMatch::withdrawal(&self.amount.into())
    }
}
