//! `POST /cash/v1/withdraw` `{amount}`: a withdrawal of `amount` (fee included) to the
//! account's registered bank account, behind the second factor; answers the withdrawal as
//! createwithdraw.md shows it (`status` `PENDING`, `amount` what arrives, `fee`,
//! `totalAmount`, the bank account with its number masked, ...).
//!
//! The fee follows the *inferred* rule the models crate states (`withdraw_fee`: 500 won plus
//! 5 %, fitted to the page's two samples). The whole amount leaves the balance at once, as a
//! history entry of type `WITHDRAW`, −amount (*inferred*), and the withdrawal is listed by
//! `GET /cash/v1/withdraw`; the admin API moves it on to `COMPLETED` or `REJECTED` (both
//! *inferred*; a rejection gives the money back). Refused, nothing moved: an amount that is not
//! a positive whole number (400 `ValidationError`, documented text), more than the balance
//! (403 `Forbidden`, documented text), no registered bank account (404 `ResourceNotFound`,
//! *inferred*), an amount the fee would take whole (400 `ValidationError`, *inferred*).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::value::RawValue;
use solapi_cash_core::Operation;
use solapi_cash_types::models::{Withdrawal, withdraw_arrives, withdraw_fee};
use solapi_cash_types::{HistoryType, Money, Timestamp, WithdrawStatus, Won};

use super::json_body_checked;
use super::money_out::{covered, whole_won};
use crate::http::error::{ApiError, json_response};
use crate::ledger::Change;
use crate::state::Shared;
use crate::state::accounts::AccountData;
use crate::sync::{read, write};

/// The body as sent; the amount is checked by [`checked`].
#[derive(Deserialize)]
struct Body {
    #[serde(default)]
    amount: Option<Box<RawValue>>,
}

pub(crate) async fn withdraw(
    State(state): State<Arc<Shared>>,
    request: Request,
) -> Result<Response, ApiError> {
    let (principal, body) =
        json_body_checked(&state, request, Operation::Withdraw, |principal, body| {
            checked(&read(&principal.account.data), body).map(|_| ())
        })
        .await?;
    let account = Arc::clone(&principal.account);
    let mut data = write(&account.data);
    // Checked again under the lock: the balance may have moved during the second factor.
    let (amount, arrives) = checked(&data, &body)?;
    let total = Money::from(amount);
    let out = total.checked_neg().unwrap_or_else(|| total.clone());
    let entry = state
        .apply_locked(&account.id, &mut data, |_| {
            Ok(Change::new(HistoryType::Withdraw, out, Money::ZERO)
                .with_memo(Some("withdrawal to the bank account".to_owned())))
        })
        .map_err(|e| ApiError::internal(e.to_string()))?;
    let bank = data.bank_account.clone().unwrap_or_default();
    let now = entry.date_created.clone();
    let mut w = Withdrawal::new(withdraw_id(&state, &data));
    w.account_id = Some(account.id.clone());
    w.status = Some(WithdrawStatus::Pending);
    w.amount = Some(arrives);
    w.fee = Some(withdraw_fee(amount));
    w.total_amount = Some(total);
    w.bank_code = bank.bank_code.clone();
    w.account_number = bank.masked_number();
    w.holder_name = bank.holder_name.clone();
    w.is_processing = Some(false);
    w.confirmed_count = Some(0);
    // The sample's `dateConfirmed` is its creation to the second, even while `PENDING`.
    w.date_confirmed = Some(Timestamp::from_datetime(
        now.datetime()
            .replace_millisecond(0)
            .unwrap_or_else(|_| now.datetime()),
    ));
    w.date_created = Some(now.clone());
    w.date_updated = Some(now);
    data.withdrawals.push(w.clone());
    drop(data);
    Ok(json_response(StatusCode::OK, &w))
}

/// The amount and what arrives of it, or the refusal: see the module's list.
fn checked(data: &AccountData, body: &Body) -> Result<(Won, Money), ApiError> {
    let amount = whole_won(body.amount.as_deref())?;
    if data.bank_account.is_none() {
        return Err(ApiError::not_found(
            "no bank account is registered to withdraw to: register one first \
             (POST /cash/v1/bank/accounts); nothing was moved",
        ));
    }
    let Some(arrives) = withdraw_arrives(amount) else {
        return Err(ApiError::validation(format!(
            "`amount` {amount}: the fee ({} won) would take it all; nothing was moved",
            withdraw_fee(amount)
        )));
    };
    covered(data, amount)?;
    Ok((amount, arrives))
}

/// A new withdrawal id: 32 digits, the time in milliseconds then the account's count of
/// withdrawals (the service's look like `15722846343901211228467589858600`): never one the
/// account has.
fn withdraw_id(state: &Shared, data: &AccountData) -> String {
    let ms = state.clock.now_ms();
    let mut n = data.withdrawals.len() + 1;
    loop {
        let id = format!("{ms:013}{n:019}");
        if !data.withdrawals.iter().any(|w| w.withdraw_id == id) {
            return id;
        }
        n += 1;
    }
}
