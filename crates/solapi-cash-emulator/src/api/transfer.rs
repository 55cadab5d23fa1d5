//! `POST /cash/v1/transfer` `{targetAccountId, amount, accountId?}`: moves balance to another
//! account of the emulator, behind the second factor; answers the bare JSON string
//! `"Success"` (transfer.md).
//!
//! Each side gets a history entry of type `TRANSFER` (*inferred*: the documents name no type):
//! −amount on the sender's, +amount on the receiver's, each with a memo naming the other
//! account (*inferred*). Refused, nothing moved: an amount that is not a positive whole number
//! (400 `ValidationError`, the withdrawal's documented text), more than the balance (403
//! `Forbidden`, the withdrawal's documented text), the caller's own account as the target
//! (400 `ValidationError`, *inferred*), an account the emulator does not have (404
//! `ResourceNotFound`, *inferred*), an `accountId` that is not the caller's (403 `Forbidden`,
//! *inferred*).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::value::RawValue;
use solapi_cash_core::Operation;
use solapi_cash_types::models::{Transferred, check_account_id};
use solapi_cash_types::{HistoryType, Money, Won};

use super::auth::Principal;
use super::json_body_checked;
use super::money_out::{covered, whole_won};
use crate::http::error::{ApiError, json_response};
use crate::ledger::Change;
use crate::state::Shared;
use crate::sync::{read, write};

/// The body as sent; each field is checked by [`checked`].
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Body {
    #[serde(default)]
    target_account_id: Option<String>,
    #[serde(default)]
    amount: Option<Box<RawValue>>,
    #[serde(default)]
    account_id: Option<String>,
}

pub(crate) async fn transfer(
    State(state): State<Arc<Shared>>,
    request: Request,
) -> Result<Response, ApiError> {
    let (principal, body) =
        json_body_checked(&state, request, Operation::Transfer, |principal, body| {
            checked(&state, principal, body).map(|_| ())
        })
        .await?;
    // Checked again under the locks: the balance may have moved during the second factor.
    let (target, amount) = checked(&state, &principal, &body)?;
    let from = Arc::clone(&principal.account);
    let to = state
        .account(&target)
        .map_err(|_| unknown_target(&target))?;
    // Both accounts locked in id order, so that two opposite transfers cannot deadlock.
    let (mut first, mut second) = if from.id < to.id {
        let first = write(&from.data);
        (first, write(&to.data))
    } else {
        let second = write(&to.data);
        (write(&from.data), second)
    };
    covered(&first, amount)?;
    let moved = Money::from(amount);
    let out = moved.checked_neg().unwrap_or_else(|| moved.clone());
    let entry = |amount: Money, memo: String| {
        move |_: &crate::ledger::Ledger| {
            Ok(Change::new(HistoryType::Transfer, amount, Money::ZERO).with_memo(Some(memo)))
        }
    };
    let internal = |e: crate::admin_error::AdminError| ApiError::internal(e.to_string());
    state
        .apply_locked(
            &from.id,
            &mut first,
            entry(out, format!("transfer to {}", to.id)),
        )
        .map_err(internal)?;
    state
        .apply_locked(
            &to.id,
            &mut second,
            entry(moved, format!("transfer from {}", from.id)),
        )
        .map_err(internal)?;
    drop((first, second));
    Ok(json_response(
        StatusCode::OK,
        &Transferred::new(Transferred::SUCCESS),
    ))
}

/// The target and the amount, or the refusal: see the module's list.
fn checked(state: &Shared, principal: &Principal, body: &Body) -> Result<(String, Won), ApiError> {
    let amount = whole_won(body.amount.as_deref())?;
    let caller = &principal.account.id;
    if let Some(from) = &body.account_id
        && from != caller
    {
        return Err(ApiError::forbidden(format!(
            "`accountId` {from:?} is not the caller's account: a transfer takes from the \
             caller's own balance"
        )));
    }
    let target = body.target_account_id.clone().unwrap_or_default();
    check_account_id("`targetAccountId`", &target)
        .map_err(|e| ApiError::validation(e.to_string()))?;
    if &target == caller {
        return Err(ApiError::validation(format!(
            "`targetAccountId` {target} is the caller's own account: nothing would move"
        )));
    }
    if state.account(&target).is_err() {
        return Err(unknown_target(&target));
    }
    covered(&read(&principal.account.data), amount)?;
    Ok((target, amount))
}

fn unknown_target(target: &str) -> ApiError {
    ApiError::not_found(format!(
        "`targetAccountId` {target}: no such account; nothing was moved"
    ))
}
