//! `GET /cash/v1/bank/accounts`: the account's registered bank account as
//! `{accountNumber, bankCode, holderName}` (the registration's answer, createbankaccount.md;
//! the number masked as `******7890`, *inferred*), or `{}` when none is registered (the page's
//! only sample, getbankaccount.md). The number is never stored unmasked.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use solapi_cash_core::Operation;

use super::auth::authorize;
use crate::http::error::{ApiError, json_response};
use crate::state::Shared;
use crate::sync::read;

pub(crate) async fn bank_account(
    State(state): State<Arc<Shared>>,
    request: Request,
) -> Result<Response, ApiError> {
    let principal = authorize(&state, request.headers(), Operation::BankAccount)?;
    let data = read(&principal.account.data);
    let answer = data.bank_account.clone().unwrap_or_default();
    Ok(json_response(StatusCode::OK, &answer))
}
