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
    // A 4xx is the service (or a proxy in front of it) refusing the request; a 5xx may come
    // after the change was made.
    let outcome = if operation.changes_money() && !status.is_client_error() {
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
