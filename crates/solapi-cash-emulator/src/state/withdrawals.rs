//! The withdrawals' life cycle after `POST /cash/v1/withdraw` left them `PENDING`: the admin
//! API pays one out (`COMPLETED`) or refuses it (`REJECTED`, the money back on the balance as
//! a `WITHDRAW` entry of +totalAmount). Both states and the refund are *inferred*: the
//! documents show only `PENDING`.

use solapi_cash_types::models::Withdrawal;
use solapi_cash_types::{HistoryType, Money, Timestamp, WithdrawStatus};

use super::Shared;
use crate::admin_error::AdminError;
use crate::ledger::Change;
use crate::sync::write;

impl Shared {
    /// Moves the account's `PENDING` withdrawal `withdraw_id` on to `status` (`COMPLETED` or
    /// `REJECTED`) and returns it.
    pub(crate) fn settle_withdrawal(
        &self,
        account_id: &str,
        withdraw_id: &str,
        status: WithdrawStatus,
    ) -> Result<Withdrawal, AdminError> {
        if !matches!(status, WithdrawStatus::Completed | WithdrawStatus::Rejected) {
            return Err(AdminError::InvalidValue(format!(
                "a withdrawal moves on to COMPLETED or REJECTED, not {status}"
            )));
        }
        let account = self.account(account_id)?;
        let mut data = write(&account.data);
        let index = data
            .withdrawals
            .iter()
            .position(|w| w.withdraw_id == withdraw_id)
            .ok_or_else(|| AdminError::InvalidValue(format!("no withdrawal `{withdraw_id}`")))?;
        let pending = &data.withdrawals[index];
        if pending.status != Some(WithdrawStatus::Pending) {
            return Err(AdminError::InvalidValue(format!(
                "withdrawal `{withdraw_id}` is not PENDING: it is settled already"
            )));
        }
        let refund = pending.total_amount.clone().unwrap_or(Money::ZERO);
        if status == WithdrawStatus::Rejected && refund.is_positive() {
            self.apply_locked(&account.id, &mut data, |_| {
                Ok(Change::new(HistoryType::Withdraw, refund, Money::ZERO)
                    .with_memo(Some(format!("withdrawal {withdraw_id} rejected: refunded"))))
            })?;
        }
        let now = Timestamp::from_datetime(self.clock.now());
        let w = &mut data.withdrawals[index];
        if status == WithdrawStatus::Completed {
            w.confirmed_count = Some(w.confirmed_count.unwrap_or(0) + 1);
            w.transaction_id = Some(format!("T{withdraw_id}"));
            w.transaction_date = Some(now.clone());
            w.date_confirmed = Some(now.clone());
        }
        w.status = Some(status);
        w.is_processing = Some(false);
        w.date_updated = Some(now);
        Ok(w.clone())
    }
}
