//! What a transfer and a withdrawal share: the amount read strictly with the documented
//! refusal, and the balance check (cash-api/undefined-5.md).

use serde_json::value::RawValue;
use solapi_cash_types::Won;

use crate::http::error::ApiError;
use crate::http::service_texts;
use crate::state::accounts::AccountData;

/// The amount of a body, a positive whole number of won: anything else (zero, a fraction, a
/// sign, a string, an exponent) is the documented 400 `ValidationError`, with what was wrong.
pub(crate) fn whole_won(raw: Option<&RawValue>) -> Result<Won, ApiError> {
    let text = raw.map_or("", RawValue::get);
    text.parse::<Won>().map_err(|e| {
        ApiError::validation(service_texts::with_detail(
            service_texts::AMOUNT_POSITIVE_INTEGER,
            &format!("`amount` {text:?}: {e}"),
        ))
    })
}

/// The documented 403 `Forbidden` when `amount` is more than the account's balance.
pub(crate) fn covered(data: &AccountData, amount: Won) -> Result<(), ApiError> {
    let balance = data.ledger.balance();
    if amount <= balance {
        return Ok(());
    }
    Err(ApiError::forbidden(service_texts::with_detail(
        service_texts::BALANCE_TOO_LOW,
        &format!("the balance is {balance} won, {amount} won asked for; nothing was moved"),
    )))
}
