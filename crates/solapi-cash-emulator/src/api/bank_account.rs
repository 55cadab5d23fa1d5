//! The bank account withdrawals go to: `GET /cash/v1/bank/accounts` answers the registered
//! one as `{accountNumber, bankCode, holderName}` (the registration's answer,
//! createbankaccount.md; the number masked as `******7890`, *inferred*), or `{}` when none is
//! registered (the page's only sample, getbankaccount.md); `POST` registers one, `DELETE`
//! removes it. The number is never stored, logged or answered unmasked.
//!
//! *Inferred*, as no page says: a second registration replaces the first; the registration
//! answers the number masked (the sample echoes it whole: the emulator never keeps it);
//! `DELETE` without an account answers `{"n": 0}` (`n` counts the accounts removed, as the
//! sample's `{"n": 1}` reads); the body's `transactionId` and `authenticationCode` carry the
//! second factor when the `x-mfa-data` header does not.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use solapi_cash_core::Operation;
use solapi_cash_types::models::{
    BankAccountRegistered, BankAccountRemoved, MfaData, NewBankAccount,
};

use super::auth::authorize;
use super::second_factor;
use crate::http::body::{read_body, require_json};
use crate::http::error::{ApiError, json_response};
use crate::state::Shared;
use crate::sync::{read, write};

pub(crate) async fn bank_account(
    State(state): State<Arc<Shared>>,
    request: Request,
) -> Result<Response, ApiError> {
    let principal = authorize(&state, request.headers(), Operation::BankAccount)?;
    let data = read(&principal.account.data);
    let answer = data.bank_account.clone().unwrap_or_default();
    Ok(json_response(StatusCode::OK, &answer))
}

/// The documented fields of a registration; anything else is refused.
const FIELDS: &[&str] = &[
    "accountNumber",
    "authenticationCode",
    "bankCode",
    "holderName",
    "transactionId",
];

/// A string field's text (`None` when absent or `null`); a value of another type is refused
/// without being quoted (it may be the account number).
fn text<'a>(body: &'a Map<String, Value>, name: &str) -> Result<Option<&'a str>, ApiError> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(ApiError::validation(format!("`{name}` must be a string"))),
    }
}

pub(crate) async fn add_bank_account(
    State(state): State<Arc<Shared>>,
    request: Request,
) -> Result<Response, ApiError> {
    let op = Operation::AddBankAccount;
    let (parts, body) = request.into_parts();
    let principal = authorize(&state, &parts.headers, op)?;
    require_json(&parts.headers)?;
    let bytes = read_body(&parts.headers, body).await?;
    // serde_json's own messages could quote the number: none of them is passed on.
    let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(&bytes) else {
        return Err(ApiError::validation(
            "the request body must be a JSON object",
        ));
    };
    drop(bytes);
    if let Some(unknown) = body.keys().find(|k| !FIELDS.contains(&k.as_str())) {
        return Err(ApiError::validation(format!(
            "the request body is not valid: unknown field `{}`",
            unknown.escape_debug()
        )));
    }
    let required = |name: &str| {
        text(&body, name)?.ok_or_else(|| ApiError::validation(format!("`{name}` is required")))
    };
    let account = NewBankAccount::from_fields(
        required("accountNumber")?,
        required("bankCode")?,
        required("holderName")?,
    )
    .map_err(|e| ApiError::validation(e.to_string()))?;
    let in_body = match (
        text(&body, "transactionId")?,
        text(&body, "authenticationCode")?,
    ) {
        (Some(tx), Some(code)) => Some(MfaData::email(tx, code)),
        _ => None,
    };
    drop(body);
    // The challenge is bound to this registration without holding its number: a digest of
    // the body as a client writes it without the second factor (the repeat adds it).
    let info = account.to_info();
    let fingerprint = fingerprint_of(&account);
    second_factor::require_with(
        &state,
        &parts.headers,
        &principal,
        op,
        &fingerprint,
        in_body,
    )?;
    write(&principal.account.data).bank_account = Some(info.clone());
    Ok(json_response(
        StatusCode::OK,
        &BankAccountRegistered::new(&info),
    ))
}

/// The hex SHA-256 of the registration's body: binds a challenge to it, and is all that is
/// kept of the number while the challenge waits.
fn fingerprint_of(account: &NewBankAccount) -> String {
    let body = serde_json::to_vec(account).unwrap_or_default();
    Sha256::digest(&body)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub(crate) async fn remove_bank_account(
    State(state): State<Arc<Shared>>,
    request: Request,
) -> Result<Response, ApiError> {
    let op = Operation::RemoveBankAccount;
    let principal = authorize(&state, request.headers(), op)?;
    // No body to bind the challenge to: the operation is the request.
    second_factor::require(&state, request.headers(), &principal, op, "")?;
    let removed = write(&principal.account.data).bank_account.take();
    Ok(json_response(
        StatusCode::OK,
        &BankAccountRemoved::new(u64::from(removed.is_some())),
    ))
}
