//! The recharge (`POST /cash/v1/balance`): its request body and its answer.

use serde::{Deserialize, Serialize};

use super::HistoryEntry;
use crate::money::Money;
use crate::open_enums::HistoryType;
use crate::wire::model::wire_model;
use crate::won::Won;

/// The body of a recharge (`POST /cash/v1/balance`).
///
/// The amount is [`Won`]: a card is charged whole won, so a fraction, an exponent or a sign
/// is refused when the amount is made, before anything could be sent.
///
/// ```
/// use solapi_cash_types::{RechargeRequest, Won};
///
/// let request = RechargeRequest::new(Won::new(10_000)?, "1407974467827303801565071718686");
/// assert_eq!(
///     serde_json::to_string(&request)?,
///     r#"{"amount":10000,"paymentId":"1407974467827303801565071718686"}"#
/// );
/// // An amount typed by a person or read from a file is parsed strictly.
/// assert!("10000.5".parse::<Won>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RechargeRequest {
    /// The amount to charge to the card and add to the balance: whole won.
    pub amount: Won,
    /// The registered payment method (card) to charge. Not an idempotency key: the same id is
    /// used for every recharge from that card.
    pub payment_id: String,
}

impl RechargeRequest {
    /// A recharge of `amount` from the payment method `payment_id`.
    pub fn new(amount: Won, payment_id: impl Into<String>) -> RechargeRequest {
        RechargeRequest {
            amount,
            payment_id: payment_id.into(),
        }
    }
}

wire_model! {
    /// The answer to a successful recharge: every field is money or an id, so every field is
    /// strict. Made from the history entry the recharge wrote (`From<HistoryEntry>`).
    pub struct RechargeResponse (nulls = false) {
        /// The account recharged.
        account_id: String = "accountId", required;
        /// Balance before.
        old_balance: Money = "oldBalance", required;
        /// Balance after.
        new_balance: Money = "newBalance", required;
        /// Point before.
        old_point: Money = "oldPoint", required;
        /// Point after.
        new_point: Money = "newPoint", required;
        /// Change of the balance.
        balance_amount: Money = "balanceAmount", required;
        /// Change of the point.
        point_amount: Money = "pointAmount", required;
        /// Always `RECHARGE` in practice.
        kind: HistoryType = "type", required;
        /// The history entry this recharge wrote.
        history_id: String = "historyId", required;
    }
}

/// A recharge's history entry is its answer: the service answers with the entry it wrote.
/// The entry's descriptive fields, date and kept extras are not part of the answer.
impl From<HistoryEntry> for RechargeResponse {
    fn from(entry: HistoryEntry) -> RechargeResponse {
        RechargeResponse {
            account_id: entry.account_id,
            old_balance: entry.old_balance,
            new_balance: entry.new_balance,
            old_point: entry.old_point,
            new_point: entry.new_point,
            balance_amount: entry.balance_amount,
            point_amount: entry.point_amount,
            kind: entry.kind,
            history_id: entry.history_id,
            extra: crate::wire::Extra::new(),
        }
    }
}
