//! Who is calling, and may they: the `Authorization` header (HMAC signature through
//! `solapi-auth`'s verifier, or an OAuth2 bearer token), the account's status, the scope
//! and the member role.

use std::sync::Arc;

use axum::http::{HeaderMap, header};
use solapi_auth::{ParsedAuthorization, parse_authorization};
use solapi_cash_core::Operation;

use crate::http::error::ApiError;
use crate::state::Shared;
use crate::state::accounts::{Account, AccountStatus};
use crate::state::credentials::KeySpec;

/// An authenticated, authorized caller.
#[derive(Debug)]
pub(crate) struct Principal {
    pub(crate) account: Arc<Account>,
}

/// Authenticates the request and checks it may call `operation`: the scope the core says it
/// needs (`cash:read` or `cash:write`) and the member role it needs (`role-cash:write` for
/// every write), as the core's declaration states them.
pub(crate) fn authorize(
    state: &Shared,
    headers: &HeaderMap,
    operation: Operation,
) -> Result<Principal, ApiError> {
    let (account_id, spec) = authenticate(state, headers)?;
    let account = state
        .account(&account_id)
        .map_err(|_| ApiError::forbidden("the account of these credentials no longer exists"))?;
    if crate::sync::read(&account.data).status == AccountStatus::Inactive {
        return Err(ApiError::forbidden("the account is not ACTIVE"));
    }
    let scope = operation.scope();
    if !spec.has_scope(scope) {
        return Err(ApiError::missing_scope(scope));
    }
    if operation.role() == solapi_cash_core::Role::Write && !spec.role.can_write_cash() {
        return Err(ApiError::forbidden(format!(
            "the member role lacks `role-cash:write` (only OWNER may {operation})"
        )));
    }
    Ok(Principal { account })
}

/// The account and grants behind the credentials; a refusal as the emulator was told to
/// answer it (see [`AuthErrors`](crate::AuthErrors)). Error messages never echo the header.
fn authenticate(state: &Shared, headers: &HeaderMap) -> Result<(String, KeySpec), ApiError> {
    let result = authenticate_documented(state, headers);
    match state.auth_errors() {
        crate::AuthErrors::Documented => result,
        crate::AuthErrors::Observed => result.map_err(|e| {
            if e.body.error_code == "InvalidAPIKey" && api_key_length(headers) != Some(16) {
                ApiError::validation("apiKey length must be 16 characters long")
            } else {
                e.into_observed()
            }
        }),
    }
}

/// The length of the API key a signed request names.
fn api_key_length(headers: &HeaderMap) -> Option<usize> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    match parse_authorization(value).ok()? {
        ParsedAuthorization::Hmac(hmac) => Some(hmac.api_key.chars().count()),
        ParsedAuthorization::Bearer(_) => None,
    }
}

/// [`authenticate`] with every failure a 403, as every documented authentication failure is.
fn authenticate_documented(
    state: &Shared,
    headers: &HeaderMap,
) -> Result<(String, KeySpec), ApiError> {
    let mut values = headers.get_all(header::AUTHORIZATION).iter();
    let Some(value) = values.next() else {
        return Err(ApiError::no_credentials(
            "missing Authorization header: sign the request with an API key (HMAC-SHA256) \
             or send a bearer token",
        ));
    };
    if values.next().is_some() {
        return Err(ApiError::no_credentials(
            "more than one Authorization header",
        ));
    }
    let value = value.to_str().map_err(|_| {
        ApiError::no_credentials("the Authorization header must be printable ASCII")
    })?;
    let parsed = parse_authorization(value)
        .map_err(|e| ApiError::no_credentials(&format!("invalid Authorization header: {e}")))?;
    match parsed {
        ParsedAuthorization::Hmac(hmac) => {
            let key = state.api_key(&hmac.api_key);
            state
                .verifier()
                .verify(&hmac, key.as_ref().map(|k| &k.secret), state.clock.now())
                .map_err(|e| {
                    let text = e.to_string();
                    let detail = text
                        .split_once(": ")
                        .map_or(text.as_str(), |(_, rest)| rest);
                    ApiError::signature(e.code(), detail)
                })?;
            // The verifier refuses a key without a secret, so this is only a safety net.
            let key = key.ok_or_else(|| ApiError::signature("InvalidAPIKey", "unknown API key"))?;
            Ok((key.account_id, key.spec))
        }
        ParsedAuthorization::Bearer(token) => {
            let record = state
                .token(token.secret().expose_secret())
                .ok_or_else(|| ApiError::invalid_token("unknown access token"))?;
            if record.expires_at < state.clock.now() {
                return Err(ApiError::invalid_token("the access token has expired"));
            }
            Ok((record.account_id, record.spec))
        }
    }
}
