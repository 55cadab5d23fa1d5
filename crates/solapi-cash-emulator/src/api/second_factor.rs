//! The second factor of every operation the core's declaration marks `second_factor`
//! (the recharge, the low-balance alert's writes, the auto-recharge toggle, adding and
//! removing a card): one check, called by the JSON-body reader, the toggle and the recharge.

use axum::http::{HeaderMap, StatusCode};
use solapi_cash_core::Operation;
use solapi_cash_types::MfaData;

use super::auth::Principal;
use crate::http::error::ApiError;
use crate::mfa::{Attempt, MfaError};
use crate::state::Shared;
use crate::sync::{lock, read};

/// Passes when `operation` needs no second factor, the account has it off, or `x-mfa-data`
/// redeems a challenge issued for this very request (`fingerprint`: what identifies it, such
/// as its body); otherwise issues a challenge (no header: 403 `MFARequired` with
/// `mfa.transactionId`, the code "sent by email" to the outbox) or says what is wrong.
pub(crate) fn require(
    state: &Shared,
    headers: &HeaderMap,
    principal: &Principal,
    operation: Operation,
    fingerprint: &str,
) -> Result<(), ApiError> {
    require_with(state, headers, principal, operation, fingerprint, None)
}

/// [`require`], where the body may carry the second factor instead of the header
/// (`POST /cash/v1/bank/accounts`: `transactionId` and `authenticationCode`, *inferred*); the
/// header wins when both are sent.
pub(crate) fn require_with(
    state: &Shared,
    headers: &HeaderMap,
    principal: &Principal,
    operation: Operation,
    fingerprint: &str,
    in_body: Option<MfaData>,
) -> Result<(), ApiError> {
    if !operation.second_factor() {
        return Ok(());
    }
    let account = &principal.account;
    if !read(&account.data).mfa.unwrap_or(state.default_mfa()) {
        return Ok(());
    }
    let attempt = Attempt {
        account_id: &account.id,
        operation: operation.name(),
        request: fingerprint,
    };
    let now = state.clock.now();
    let header = headers.get(MfaData::HEADER);
    let data = match (header, in_body) {
        (Some(header), _) => header
            .to_str()
            .ok()
            .and_then(|v| MfaData::from_header_value(v).ok())
            .ok_or_else(|| {
                ApiError::validation(
                    "invalid x-mfa-data header: expected JSON {\"authType\":\"EMAIL\",\"transactionId\":\"...\",\"token\":\"...\"}",
                )
            })?,
        (None, Some(data)) => data,
        (None, None) => return Err(challenge(state, &attempt, operation)),
    };
    if !data.auth_type.eq_ignore_ascii_case("EMAIL") {
        return Err(ApiError::validation(
            "invalid x-mfa-data header: `authType` must be EMAIL (the code is sent by email)",
        ));
    }
    lock(&state.mfa)
        .redeem(&data, &attempt, now)
        .map_err(|e| match e {
            MfaError::WrongCode { tries_left } => ApiError::new(
                StatusCode::FORBIDDEN,
                "InvalidMFAToken",
                format!("wrong code; {tries_left} tries left for this transaction"),
            ),
            MfaError::Transaction(why) => ApiError::new(
                StatusCode::FORBIDDEN,
                "InvalidMFATransaction",
                format!("invalid MFA transaction: {why}"),
            ),
        })
}

/// Issues a challenge for `attempt`: the code goes to the outbox (the log), the answer is 403
/// `MFARequired` with its transaction id.
fn challenge(state: &Shared, attempt: &Attempt<'_>, operation: Operation) -> ApiError {
    let now = state.clock.now();
    let mail = match lock(&state.mfa).issue(attempt, now) {
        Ok(mail) => mail,
        Err(e) => return ApiError::internal(e.to_string()),
    };
    tracing::info!(
        target: "solapi_cash_emulator::outbox",
        "MFA code {} for account {} (transaction {}, {}), \"sent by email\"",
        mail.code,
        mail.account_id,
        mail.transaction_id,
        operation.name()
    );
    ApiError::mfa_required(mail.transaction_id)
}
