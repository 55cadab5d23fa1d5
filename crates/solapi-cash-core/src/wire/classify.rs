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
    error_for_route(&crate::route::Route::declared(operation), response)
}

/// The typed error for a non-success response to a call of `route` (a raw request's too).
pub(crate) fn error_for_route(route: &crate::route::Route, response: &Response<Vec<u8>>) -> Error {
    let status = response.status();
    let api = serde_json::from_slice::<ApiErrorBody>(response.body())
        .ok()
        .map(with_message);
    let kind = classify(status, api.as_ref());
    let outcome = if route.changes_state() && !refused(status, api.is_some()) {
        Outcome::Unknown
    } else {
        Outcome::NotApplied
    };
    let error = Error::new(route.operation, kind, outcome)
        .with_status(status)
        .with_raw_route(route);
    match api {
        Some(api) => error.with_api(api),
        None => error
            .with_detail("the error body is not the API's JSON error")
            .with_body_prefix(body_prefix(response.body())),
    }
}

/// The live service's 429 spells the message `message`, not `errorMessage` (measured by a
/// third party: segevsh/w6w-apps, `apps/solapi/lib/client.ts`): take it when `errorMessage`
/// is absent or empty.
fn with_message(mut api: ApiErrorBody) -> ApiErrorBody {
    if api.error_message.is_empty()
        && let Some(raw) = api.extra.get("message")
        && let Ok(message) = serde_json::from_str::<String>(raw.get())
    {
        api.extra.remove("message");
        api.error_message = message;
    }
    api
}

/// The 400 codes with which the live service refuses a credential (measured by a third
/// party: segevsh/w6w-apps, `apps/solapi/README.md` and `auth/api-key.ts`, 2026-10-06): an
/// unknown API key and a refused bearer token. A malformed key is a `ValidationError` whose
/// message names the key (`key_validation`).
pub const CREDENTIAL_ERROR_CODES_400: [&str; 2] = ["InvalidApiKey", "InvalidToken"];

/// Whether a `ValidationError`'s message is about the credential ("apiKey length must be 16
/// characters long"), not the request's parameters.
fn key_validation(api: &ApiErrorBody) -> bool {
    let message = api.error_message.to_ascii_lowercase();
    api.error_code == "ValidationError"
        && [
            "apikey",
            "api key",
            "api_key",
            "accesstoken",
            "access token",
        ]
        .iter()
        .any(|word| message.contains(word))
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

/// The documented message of a withdrawal above the balance ("the balance you hold is not
/// enough": documents `api-reference/cash-api/undefined-5.md`, 403 `Forbidden`).
const BALANCE_TOO_LOW: &str = "보유하신 금액이 부족합니다.";

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
        // The documented refusal of a withdrawal above the balance (cash-api/undefined-5.md):
        // a 403 `Forbidden`, but about the money, not the caller's rights.
        403 if code == "Forbidden"
            && api.is_some_and(|a| a.error_message.starts_with(BALANCE_TOO_LOW)) =>
        {
            ErrorKind::Payment
        }
        403 => ErrorKind::PermissionDenied,
        400 if CREDENTIAL_ERROR_CODES_400.contains(&code) || api.is_some_and(key_validation) => {
            ErrorKind::Authentication
        }
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

    fn kind_of(status: u16, body: &str) -> (ErrorKind, String) {
        let response = Response::builder()
            .status(status)
            .body(body.as_bytes().to_vec())
            .unwrap();
        let error = error_from_response(Operation::Balance, &response);
        (
            error.kind(),
            error.api_message().unwrap_or_default().to_owned(),
        )
    }

    #[test]
    fn credential_refusals_as_the_live_service_sends_them_are_authentication() {
        for (status, body) in [
            (
                401,
                r#"{"errorCode":"Unauthorized","errorMessage":"no header"}"#,
            ),
            (401, r#"{"errorCode":"Anything"}"#),
            (401, "<html>no</html>"),
            (
                400,
                r#"{"errorCode":"InvalidApiKey","errorMessage":"unknown"}"#,
            ),
            (
                400,
                r#"{"errorCode":"InvalidToken","errorMessage":"bad token"}"#,
            ),
            (
                400,
                r#"{"errorCode":"ValidationError","errorMessage":"apiKey length must be 16 characters long"}"#,
            ),
            (
                403,
                r#"{"errorCode":"InvalidAPIKey","errorMessage":"documented"}"#,
            ),
            (403, r#"{"errorCode":"SignatureDoesNotMatch"}"#),
        ] {
            assert_eq!(
                kind_of(status, body).0,
                ErrorKind::Authentication,
                "{status} {body}"
            );
        }
        for (status, body, kind) in [
            (
                400,
                r#"{"errorCode":"ValidationError","errorMessage":"limit must be a number"}"#,
                ErrorKind::Validation,
            ),
            (
                400,
                r#"{"errorCode":"InvalidPaymentId"}"#,
                ErrorKind::Validation,
            ),
            (
                403,
                r#"{"errorCode":"Forbidden"}"#,
                ErrorKind::PermissionDenied,
            ),
            (
                403,
                r#"{"errorCode":"Forbidden","errorMessage":"보유하신 금액이 부족합니다."}"#,
                ErrorKind::Payment,
            ),
        ] {
            assert_eq!(kind_of(status, body).0, kind, "{status} {body}");
        }
    }

    #[test]
    fn a_429_message_is_read_from_message() {
        let (kind, message) = kind_of(
            429,
            r#"{"errorCode":"TooManyRequests","message":"Too many requests, slow down"}"#,
        );
        assert_eq!(
            (kind, message.as_str()),
            (ErrorKind::RateLimited, "Too many requests, slow down")
        );
        let (_, message) = kind_of(
            429,
            r#"{"errorCode":"X","errorMessage":"first","message":"second"}"#,
        );
        assert_eq!(message, "first");
        let (_, message) = kind_of(429, r#"{"errorCode":"X","message":7}"#);
        assert_eq!(message, "");
    }

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
