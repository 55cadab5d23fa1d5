//! An error answer as an [`Error`]: its kind from the status and the API's code, and whether
//! the request may have been applied.

use http::{Response, StatusCode};
use solapi_cash_types::models::ApiErrorBody;

use crate::error::{Error, ErrorKind, Outcome};
use crate::operation::Operation;
use crate::wire::decode::body_prefix;

/// The error codes of the four signing failures (all HTTP 403).
pub const SIGNING_ERROR_CODES: [&str; 4] = [
    "InvalidAPIKey",
    "SignatureDoesNotMatch",
    "RequestTimeTooSkewed",
    "DuplicatedSignature",
];

/// The code of a refused bearer token (403; the emulator's, no public source names one).
const TOKEN_ERROR_CODE: &str = "InvalidAccessToken";

/// The typed error for a non-success response.
pub(crate) fn error_from_response(operation: Operation, response: &Response<Vec<u8>>) -> Error {
    let status = response.status();
    let api = serde_json::from_slice::<ApiErrorBody>(response.body()).ok();
    let kind = classify(status, api.as_ref());
    let outcome = if operation.changes_state() && !refused(status, api.is_some()) {
        Outcome::Unknown
    } else {
        Outcome::NotApplied
    };
    let error = Error::new(operation, kind, outcome).with_status(status);
    match api {
        Some(api) => error.with_api(api),
        None => error
            .with_detail("the error body is not the API's JSON error")
            .with_body_prefix(body_prefix(response.body())),
    }
}

/// Whether an answer proves that the request was not processed: a 4xx with the API's own
/// error body (the service documents each of its refusals so: `ValidationError`,
/// `InvalidPaymentId`, `BalanceInsufficient`, the signing codes, `Forbidden`, the second
/// factor, ...), or — from anyone, a proxy's HTML page included — a 4xx that by its HTTP
/// definition (RFC 9110, 6585, 8470) is answered instead of processing the request. Any other
/// answer (a 5xx, a 409 or 422 page without the API's body, ...) may follow the change.
pub(crate) fn refused(status: StatusCode, api_body: bool) -> bool {
    status.is_client_error()
        && (api_body
            || matches!(
                status.as_u16(),
                // bad request, unauthenticated, forbidden, no such resource or method
                400 | 401 | 403 | 404 | 405
                // the request never arrived whole, or was refused for its form
                | 408 | 411 | 413 | 414 | 415 | 431
                // sent to the wrong server, too early, too many requests
                | 421 | 425 | 429
            ))
}

fn classify(status: StatusCode, api: Option<&ApiErrorBody>) -> ErrorKind {
    let code = api.map(|a| a.error_code.as_str()).unwrap_or_default();
    if api.is_some_and(|a| a.mfa.is_some()) || code == "MFARequired" {
        return ErrorKind::MfaRequired;
    }
    if code.starts_with("InvalidMFA") {
        return ErrorKind::MfaRejected;
    }
    match status.as_u16() {
        401 => ErrorKind::Authentication,
        403 if SIGNING_ERROR_CODES.contains(&code) || code == TOKEN_ERROR_CODE => {
            ErrorKind::Authentication
        }
        403 => ErrorKind::PermissionDenied,
        400 | 422 => ErrorKind::Validation,
        402 => ErrorKind::Payment,
        404 => ErrorKind::NotFound,
        429 => ErrorKind::RateLimited,
        500..=599 => ErrorKind::Server,
        _ => ErrorKind::UnexpectedStatus,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_refusals_prove_a_recharge_was_not_applied() {
        let refused_without_body = [400, 401, 403, 404, 405, 408, 411, 413, 414, 415, 421, 425];
        for code in 100..=599u16 {
            let Ok(status) = StatusCode::from_u16(code) else {
                continue;
            };
            let by_definition = refused_without_body.contains(&code) || code == 429 || code == 431;
            assert_eq!(
                refused(status, false),
                by_definition,
                "{code} without the API's body"
            );
            assert_eq!(
                refused(status, true),
                status.is_client_error(),
                "{code} with the API's body"
            );
        }
    }
}
