//! The registered payment methods (`GET /cash/v1/payment`): where a recharge's `paymentId`
//! comes from.

use std::num::NonZeroU64;

use crate::flag::Flag;
use crate::timestamp::Timestamp;
use crate::wire::model::wire_model;

wire_model! {
    /// The answer to `GET /cash/v1/payment`: `{"payments": [...]}`. Anything else the service
    /// adds (an old page shows an `_id` beside the list) is kept in `extra`.
    pub struct PaymentList (nulls = false) {
        /// The registered payment methods.
        payments: Vec<PaymentMethod> = "payments", required;
    }
}

impl PaymentList {
    /// A list of payment methods.
    pub fn new(payments: Vec<PaymentMethod>) -> PaymentList {
        PaymentList {
            payments,
            extra: crate::wire::Extra::new(),
        }
    }
}

wire_model! {
    /// A registered payment method (a card). Its `_id` is the `paymentId` of a recharge, so
    /// it is strict; everything else describes the card and is lenient.
    pub struct PaymentMethod (nulls = false) {
        /// The payment method's id (`_id`): the `paymentId` a recharge names.
        id: String = "_id", required;
        /// A description, such as `[VISA] 1234 12/25` (masked card number).
        description: Option<String> = "description", lenient;
        /// Auto-recharge: `0` when the card is not used for it, else its priority (`1` first).
        /// A boolean on a 2018 page.
        auto_recharge: Option<Flag> = "autoRecharge", lenient;
        /// The card's expiry, `YYYY/MM`.
        exp_date: Option<String> = "expDate", lenient;
        /// When the card was registered.
        date_created: Option<Timestamp> = "dateCreated", lenient;
        /// When the card was last changed.
        date_updated: Option<Timestamp> = "dateUpdated", lenient;
    }
}

impl PaymentMethod {
    /// A payment method with its id; every other field absent (set the public fields).
    pub fn new(id: impl Into<String>) -> PaymentMethod {
        PaymentMethod {
            id: id.into(),
            description: None,
            auto_recharge: None,
            exp_date: None,
            date_created: None,
            date_updated: None,
            extra: crate::wire::Extra::new(),
        }
    }

    /// The card's auto-recharge priority (`1` is tried first), or `None` when it is not used
    /// for auto-recharge or the service sent something else than a positive whole number.
    pub fn auto_recharge_priority(&self) -> Option<NonZeroU64> {
        let number = self.auto_recharge.as_ref()?.as_number()?;
        let whole = u64::try_from(number.to_i64()?).ok()?;
        NonZeroU64::new(whole)
    }
}
