//! Registered payment methods (cards): what to register ([`PaymentMethodSpec`]) and what is
//! stored ([`PaymentMethodInfo`]), with the service's fields (`GET /cash/v1/payment`).

use serde::{Deserialize, Serialize};
use solapi_cash_types::{Flag, PaymentMethod, Timestamp};
use time::OffsetDateTime;

use crate::admin_error::AdminError;
use crate::serde_time;

/// A card to register with [`Admin::register_payment_method`](crate::Admin::register_payment_method);
/// every field has a default.
///
/// ```
/// use solapi_cash_emulator::PaymentMethodSpec;
///
/// let spec = PaymentMethodSpec::new()
///     .description("[MASTERCARD] 5678 06/26")
///     .exp_date("2026/06")
///     .auto_recharge(1);
/// assert_eq!(spec.auto_recharge, 1);
/// assert!(!spec.decline);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
#[non_exhaustive]
pub struct PaymentMethodSpec {
    /// The id clients send as `paymentId`; `None` picks a new 31-digit one.
    pub payment_id: Option<String>,
    /// Whether every charge on this card is declined (402 `BalanceInsufficient`, the
    /// service's documented answer to a refused card payment).
    pub decline: bool,
    /// The description shown in the list; `None`: `[VISA] <last 4 digits of the id> MM/YY`.
    pub description: Option<String>,
    /// Expiry as `YYYY/MM`; `None`: December, five years after registration.
    pub exp_date: Option<String>,
    /// Auto-recharge priority: 0 not used for auto-recharge, 1 or more a rank (lower first).
    pub auto_recharge: u32,
}

impl PaymentMethodSpec {
    /// A card that works, with the default id, description and expiry.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the `paymentId`.
    #[must_use]
    pub fn payment_id(mut self, id: impl Into<String>) -> Self {
        self.payment_id = Some(id.into());
        self
    }

    /// Makes every charge on the card fail (or not).
    #[must_use]
    pub fn decline(mut self, decline: bool) -> Self {
        self.decline = decline;
        self
    }

    /// Sets the description.
    #[must_use]
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets the expiry, `YYYY/MM`.
    #[must_use]
    pub fn exp_date(mut self, exp_date: impl Into<String>) -> Self {
        self.exp_date = Some(exp_date.into());
        self
    }

    /// Sets the auto-recharge priority (0: not used).
    #[must_use]
    pub fn auto_recharge(mut self, priority: u32) -> Self {
        self.auto_recharge = priority;
        self
    }

    /// The stored card, registered at `now` with `payment_id` (chosen by the caller when the
    /// spec has none).
    ///
    /// # Errors
    /// [`AdminError::InvalidValue`] for an expiry that is not `YYYY/MM`, or an empty id.
    pub(crate) fn into_info(
        self,
        payment_id: String,
        now: OffsetDateTime,
    ) -> Result<PaymentMethodInfo, AdminError> {
        if payment_id.trim().is_empty() {
            return Err(AdminError::InvalidValue(
                "`paymentId` must not be empty".to_owned(),
            ));
        }
        let exp_date = match self.exp_date {
            Some(date) => check_exp_date(date)?,
            None => format!("{:04}/12", now.year().saturating_add(5)),
        };
        let description = self.description.unwrap_or_else(|| {
            let digits: String = payment_id.chars().filter(char::is_ascii_digit).collect();
            let last4 = &digits[digits.len().saturating_sub(4)..];
            // `YYYY/MM` → `MM/YY`.
            format!("[VISA] {last4} {}/{}", &exp_date[5..7], &exp_date[2..4])
        });
        // Dates are kept to the millisecond, as the API writes them (and a saved file too).
        let now = crate::clock::from_unix_ms(crate::clock::to_unix_ms(now));
        Ok(PaymentMethodInfo {
            payment_id,
            decline: self.decline,
            description,
            exp_date,
            auto_recharge: self.auto_recharge,
            date_created: now,
            date_updated: now,
        })
    }
}

/// `YYYY/MM` with a month from 01 to 12.
fn check_exp_date(date: String) -> Result<String, AdminError> {
    let ok = date.len() == 7
        && date.is_ascii()
        && date.as_bytes()[4] == b'/'
        && date[..4].bytes().all(|b| b.is_ascii_digit())
        && date[5..]
            .parse::<u8>()
            .is_ok_and(|m| (1..=12).contains(&m) && date.as_bytes()[5].is_ascii_digit());
    if ok {
        Ok(date)
    } else {
        Err(AdminError::InvalidValue(format!(
            "`expDate` must be YYYY/MM (like 2026/06), not {date:?}"
        )))
    }
}

/// A registered payment method (a card), as the admin API reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PaymentMethodInfo {
    /// The id clients send as `paymentId` (`_id` in `GET /cash/v1/payment`).
    pub payment_id: String,
    /// Whether every charge on this card is declined (402 `BalanceInsufficient`).
    pub decline: bool,
    /// The description, such as `[VISA] 1234 12/25`.
    pub description: String,
    /// Expiry, `YYYY/MM`.
    pub exp_date: String,
    /// Auto-recharge priority (0: not used).
    pub auto_recharge: u32,
    /// When it was registered (emulator clock).
    #[serde(with = "serde_time")]
    pub date_created: OffsetDateTime,
    /// When it last changed (emulator clock).
    #[serde(with = "serde_time")]
    pub date_updated: OffsetDateTime,
}

impl PaymentMethodInfo {
    /// The card as `GET /cash/v1/payment` lists it: the models crate's [`PaymentMethod`],
    /// which writes its fields in the documented order (whether it declines is not shown).
    pub(crate) fn to_wire(&self) -> PaymentMethod {
        let mut wire = PaymentMethod::new(self.payment_id.clone());
        wire.description = Some(self.description.clone());
        wire.auto_recharge = Some(Flag::from_number(u64::from(self.auto_recharge)));
        wire.exp_date = Some(self.exp_date.clone());
        wire.date_created = Some(Timestamp::from_datetime(self.date_created));
        wire.date_updated = Some(Timestamp::from_datetime(self.date_updated));
        wire
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: OffsetDateTime = time::macros::datetime!(2026-03-11 09:00 UTC);

    #[test]
    fn defaults_follow_the_documented_shapes() {
        let info = PaymentMethodSpec::new()
            .into_info("1407974467827303801565071718686".to_owned(), NOW)
            .unwrap();
        assert_eq!(info.exp_date, "2031/12");
        assert_eq!(info.description, "[VISA] 8686 12/31");
        assert_eq!(info.auto_recharge, 0);
        assert_eq!((info.date_created, info.date_updated), (NOW, NOW));
    }

    #[test]
    fn expiry_must_be_year_slash_month() {
        for bad in [
            "2026/13", "2026/00", "26/06", "2026-06", "2026/6", "2026/+6", "abcd/06",
        ] {
            let spec = PaymentMethodSpec::new().exp_date(bad);
            assert!(spec.into_info("1".to_owned(), NOW).is_err(), "{bad}");
        }
        let ok = PaymentMethodSpec::new()
            .exp_date("2026/06")
            .into_info("1".to_owned(), NOW)
            .unwrap();
        assert_eq!(ok.description, "[VISA] 1 06/26");
    }
}
