//! The withdrawal's request (`POST /cash/v1/withdraw`, documents
//! `api-reference/cash/createwithdraw.md`): `{amount}`, the whole amount taken from the
//! balance; the answer is a [`Withdrawal`](super::Withdrawal) with status `PENDING`. The fee
//! rule ([`withdraw_fee`]) is *inferred* from the page's two samples.

use serde::{Deserialize, Serialize};

use crate::money::Money;
use crate::won::Won;

/// The body of a withdrawal: `{amount}`, the whole amount taken from the balance (the fee is
/// taken out of it: what arrives is `amount` less the fee).
///
/// ```
/// use solapi_cash_types::models::WithdrawRequest;
/// use solapi_cash_types::won;
///
/// let request = WithdrawRequest::new(won!(20_000));
/// assert_eq!(serde_json::to_string(&request)?, r#"{"amount":20000}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WithdrawRequest {
    /// The amount taken from the balance ("합계 금액"), fee included: whole won.
    pub amount: Won,
}

impl WithdrawRequest {
    /// A withdrawal of `amount` (fee included).
    pub fn new(amount: Won) -> WithdrawRequest {
        WithdrawRequest { amount }
    }
}

/// The fixed part of the *inferred* withdrawal fee, in won.
pub const WITHDRAW_FEE_BASE: i64 = 500;

/// The fee a withdrawal of `amount` pays, by the *inferred* rule 500 won plus 5 % of the
/// amount, rounded down to the won. The page says only "5% of the amount is deducted as a
/// fee"; its two samples (20,000 → fee 1,500, 18,500 arrives; 10,000 → fee 1,000, 9,000
/// arrives) are both 500 won more than 5 %, so the rule is fitted to them. The service's
/// answer (`fee`) is the truth; this is an estimate shown before asking.
///
/// ```
/// use solapi_cash_types::models::withdraw_fee;
/// use solapi_cash_types::{Money, won};
///
/// assert_eq!(withdraw_fee(won!(20_000)), Money::won(1_500));
/// assert_eq!(withdraw_fee(won!(10_000)), Money::won(1_000));
/// ```
pub fn withdraw_fee(amount: Won) -> Money {
    // `Won::MAX` is below 2^53: the product fits in a u128 and the quotient in an i64.
    let five_percent = u128::from(amount.get()) * 5 / 100;
    let fee = i64::try_from(five_percent).unwrap_or(i64::MAX);
    Money::won(fee.saturating_add(WITHDRAW_FEE_BASE))
}

/// What arrives at the bank account from a withdrawal of `amount`, by the *inferred* fee
/// rule ([`withdraw_fee`]): `None` when the fee would take it all.
pub fn withdraw_arrives(amount: Won) -> Option<Money> {
    Money::from(amount)
        .checked_sub(&withdraw_fee(amount))
        .filter(Money::is_positive)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::won;

    #[test]
    fn the_fee_fits_both_documented_samples() {
        assert_eq!(withdraw_arrives(won!(20_000)), Some(Money::won(18_500)));
        assert_eq!(withdraw_arrives(won!(10_000)), Some(Money::won(9_000)));
        assert_eq!(withdraw_arrives(won!(500)), None);
        assert_eq!(withdraw_fee(won!(1_019)), Money::won(550));
        let _ = withdraw_fee(crate::Won::MAX);
    }
}
