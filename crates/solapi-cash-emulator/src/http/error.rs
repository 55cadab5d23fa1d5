//! [`ApiError`]: every error answer, always `{errorCode, errorMessage}` as JSON.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use solapi_cash_types::{ApiErrorBody, MfaChallenge};

use super::service_texts;

/// An error answer: status, body, and an optional `Retry-After`.
#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) body: ApiErrorBody,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            body: ApiErrorBody::new(code, message),
        }
    }

    /// 400 `ValidationError`.
    pub(crate) fn validation(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "ValidationError", message)
    }

    /// 403 `Forbidden` with the documented "잘못된 접근입니다.": no credentials the emulator
    /// can read (no `Authorization` header, several, or one that does not parse).
    pub(crate) fn no_credentials(detail: &str) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "Forbidden",
            service_texts::with_detail(service_texts::FORBIDDEN, detail),
        )
    }

    /// 403 `InvalidAccessToken` (*inferred* code): an unknown or expired bearer token.
    pub(crate) fn invalid_token(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "InvalidAccessToken", message)
    }

    /// 403 with one of the four signature codes and its documented message.
    pub(crate) fn signature(code: &'static str, detail: &str) -> Self {
        let message = match service_texts::signature_error(code) {
            Some(documented) => service_texts::with_detail(documented, detail),
            None => detail.to_owned(),
        };
        Self::new(StatusCode::FORBIDDEN, code, message)
    }

    /// An authentication refusal as the live service was measured answering it (by a third
    /// party: segevsh/w6w-apps, `apps/solapi/README.md`, 2026-10-06): no readable credentials
    /// → 401 `Unauthorized`; an unknown API key → 400 `InvalidApiKey` (a key that is not 16
    /// characters long is the caller's to check); a refused token → 400
    /// `InvalidToken`. Other refusals (a signature that does not match, a skewed clock, a
    /// reused signature) were not measured and stay as documented.
    pub(crate) fn into_observed(self) -> Self {
        let message = self.body.error_message.clone();
        match (self.status, self.body.error_code.as_str()) {
            (StatusCode::FORBIDDEN, "Forbidden") => {
                Self::new(StatusCode::UNAUTHORIZED, "Unauthorized", message)
            }
            (StatusCode::FORBIDDEN, "InvalidAPIKey") => {
                Self::new(StatusCode::BAD_REQUEST, "InvalidApiKey", message)
            }
            (StatusCode::FORBIDDEN, "InvalidAccessToken") => {
                Self::new(StatusCode::BAD_REQUEST, "InvalidToken", message)
            }
            _ => self,
        }
    }

    /// 403 `Unauthorized`: a scope is missing.
    pub(crate) fn missing_scope(scope: &str) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "Unauthorized",
            format!("the credentials lack the `{scope}` scope"),
        )
    }

    /// 403 `Forbidden`.
    pub(crate) fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "Forbidden", message)
    }

    /// 400 `InvalidPaymentId` with the documented message: a payment id that names no card
    /// of the account (a recharge's, and the card endpoints').
    pub(crate) fn invalid_payment_id() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "InvalidPaymentId",
            service_texts::with_detail(
                service_texts::INVALID_PAYMENT_ID,
                "not a payment method registered on this account",
            ),
        )
    }

    /// 404 `ResourceNotFound`.
    pub(crate) fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "ResourceNotFound", message)
    }

    /// 500 `InternalError`.
    pub(crate) fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "InternalError", message)
    }

    /// 403 `MFARequired` with the challenge.
    pub(crate) fn mfa_required(transaction_id: String) -> Self {
        let mut e = Self::new(
            StatusCode::FORBIDDEN,
            "MFARequired",
            "a second factor is required: a code was sent by email; repeat the request with \
             the x-mfa-data header",
        );
        e.body.mfa = Some(MfaChallenge::new(transaction_id));
        e
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        json_response(self.status, &self.body)
    }
}

/// `body` as JSON with `status`.
pub(crate) fn json_response<T: Serialize>(status: StatusCode, body: &T) -> Response {
    json_response_sized(status, body, 256)
}

/// Like [`json_response`], with a guess of the size to avoid regrowing large bodies.
pub(crate) fn json_response_sized<T: Serialize>(
    status: StatusCode,
    body: &T,
    size_hint: usize,
) -> Response {
    let mut buffer = Vec::with_capacity(size_hint);
    match serde_json::to_writer(&mut buffer, body).map(|()| buffer) {
        Ok(bytes) => {
            let mut response = (status, bytes).into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json; charset=utf-8"),
            );
            response
        }
        // Our own models always serialize; answer in JSON even if that ever changes.
        Err(e) => {
            let fallback = format!(
                r#"{{"errorCode":"InternalError","errorMessage":"cannot serialize the response: {}"}}"#,
                e.to_string().replace(['"', '\\'], "'")
            );
            let mut response = (StatusCode::INTERNAL_SERVER_ERROR, fallback).into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json; charset=utf-8"),
            );
            response
        }
    }
}

/// The `errorCode` used by a fault-injected error status without a body.
pub(crate) fn code_for_status(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "ValidationError",
        401 | 403 => "Unauthorized",
        402 => "BalanceInsufficient",
        404 => "ResourceNotFound",
        408 => "RequestTimeout",
        429 => "TooManyRequests",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => "InternalError",
    }
}
