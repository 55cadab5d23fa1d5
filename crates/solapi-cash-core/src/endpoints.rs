//! For each endpoint, a pure function that builds its HTTP request and one that reads its
//! HTTP response. The boundary is the `http` crate's `Request<Vec<u8>>` and
//! `Response<Vec<u8>>`; signing is added per attempt by [`Call`](crate::Call).

use http::header::{ACCEPT, CONTENT_TYPE, USER_AGENT};
use http::{HeaderValue, Request, Response, StatusCode};
use serde::de::DeserializeOwned;
use solapi_cash_types::models::{
    ApiErrorBody, BalanceResponse, HistoryEntry, MfaData, RechargeRequest, RechargeResponse,
};
use solapi_cash_types::query::HistoryQuery;

use crate::base_url::BaseUrl;
use crate::error::{Error, ErrorKind, Outcome};
use crate::operation::Operation;

/// The `User-Agent` every request carries.
pub const USER_AGENT_VALUE: &str = concat!("solapi-cash/", env!("CARGO_PKG_VERSION"));

/// How much of an unreadable body an error keeps.
const BODY_PREFIX_CHARS: usize = 200;

/// The error codes of the four signing failures (all HTTP 403).
pub const SIGNING_ERROR_CODES: [&str; 4] = [
    "InvalidAPIKey",
    "SignatureDoesNotMatch",
    "RequestTimeTooSkewed",
    "DuplicatedSignature",
];

fn request(
    operation: Operation,
    base: &BaseUrl,
    query: &str,
    body: Option<Vec<u8>>,
) -> http::request::Builder {
    let builder = Request::builder()
        .method(operation.method())
        .uri(base.join(operation.path(), query))
        .header(USER_AGENT, USER_AGENT_VALUE)
        .header(ACCEPT, "application/json");
    match body {
        Some(_) => builder.header(CONTENT_TYPE, "application/json"),
        None => builder,
    }
}

fn finish(
    operation: Operation,
    builder: http::request::Builder,
    body: Vec<u8>,
) -> Result<Request<Vec<u8>>, Error> {
    builder
        .body(body)
        .map_err(|e| Error::invalid_input(operation, format!("cannot build the request: {e}")))
}

/// `GET /cash/v1/balance`.
pub fn balance_request(base: &BaseUrl) -> Result<Request<Vec<u8>>, Error> {
    finish(
        Operation::Balance,
        request(Operation::Balance, base, "", None),
        Vec::new(),
    )
}

/// `POST /cash/v1/balance` with `{amount, paymentId}`, and the second factor's
/// `x-mfa-data` header when answering a challenge.
pub fn recharge_request(
    base: &BaseUrl,
    recharge: &RechargeRequest,
    mfa: Option<&MfaData>,
) -> Result<Request<Vec<u8>>, Error> {
    let op = Operation::Recharge;
    if !recharge.amount.is_positive() {
        return Err(Error::invalid_input(op, "the amount must be positive"));
    }
    if recharge.payment_id.trim().is_empty() {
        return Err(Error::invalid_input(op, "the payment id is empty"));
    }
    let body = serde_json::to_vec(recharge)
        .map_err(|e| Error::invalid_input(op, format!("cannot encode the body: {e}")))?;
    let mut builder = request(op, base, "", Some(Vec::new()));
    if let Some(mfa) = mfa {
        let value = HeaderValue::from_str(&mfa.to_header_value()).map_err(|_| {
            Error::invalid_input(op, "the second-factor code or transaction id holds characters that cannot be sent in a header")
        })?;
        builder = builder.header(MfaData::HEADER, value);
    }
    finish(op, builder, body)
}

/// `GET /cash/v1/balance/history?...`.
pub fn history_request(base: &BaseUrl, query: &HistoryQuery) -> Result<Request<Vec<u8>>, Error> {
    let op = Operation::History;
    finish(
        op,
        request(op, base, &query.to_query_string(), None),
        Vec::new(),
    )
}

/// Reads the answer to [`balance_request`].
pub fn read_balance(response: &Response<Vec<u8>>) -> Result<BalanceResponse, Error> {
    read(Operation::Balance, response)
}

/// Reads the answer to [`recharge_request`].
pub fn read_recharge(response: &Response<Vec<u8>>) -> Result<RechargeResponse, Error> {
    read(Operation::Recharge, response)
}

/// Reads the answer to [`history_request`]: a bare JSON array, newest first.
pub fn read_history(response: &Response<Vec<u8>>) -> Result<Vec<HistoryEntry>, Error> {
    read(Operation::History, response)
}

/// The body of a successful answer to [`history_request`], not yet decoded (see
/// [`decode_history_body`]), or the typed error a non-success status stands for. Lets an
/// export fetch the next page's bytes while the current page is decoded.
pub fn read_history_bytes(response: &Response<Vec<u8>>) -> Result<Vec<u8>, Error> {
    if response.status().is_success() {
        Ok(response.body().clone())
    } else {
        Err(error_from_response(Operation::History, response))
    }
}

/// Decodes a history page from the body of a successful answer.
pub fn decode_history_body(body: &[u8]) -> Result<Vec<HistoryEntry>, Error> {
    decode_json(body).map_err(|e| {
        e.into_error(Operation::History, Outcome::NotApplied)
            .with_status(StatusCode::OK)
    })
}

/// A success body decoded as `T`, or the typed error a non-success status stands for.
pub fn read<T: DeserializeOwned>(
    operation: Operation,
    response: &Response<Vec<u8>>,
) -> Result<T, Error> {
    let status = response.status();
    if !status.is_success() {
        return Err(error_from_response(operation, response));
    }
    // The service answered "done": if we cannot read it, a recharge did happen, we just do
    // not know its result.
    let outcome = if operation.changes_money() {
        Outcome::Unknown
    } else {
        Outcome::NotApplied
    };
    decode_json(response.body()).map_err(|e| e.into_error(operation, outcome).with_status(status))
}

/// The typed error for a non-success response.
pub fn error_from_response(operation: Operation, response: &Response<Vec<u8>>) -> Error {
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
        403 if SIGNING_ERROR_CODES.contains(&code) => ErrorKind::Authentication,
        403 => ErrorKind::PermissionDenied,
        400 | 422 => ErrorKind::Validation,
        402 => ErrorKind::Payment,
        404 => ErrorKind::NotFound,
        429 => ErrorKind::RateLimited,
        500..=599 => ErrorKind::Server,
        _ => ErrorKind::UnexpectedStatus,
    }
}

/// The first characters of a body, for an error message.
pub fn body_prefix(body: &[u8]) -> String {
    let head = &body[..body.len().min(BODY_PREFIX_CHARS * 4)];
    let text = String::from_utf8_lossy(head);
    let mut prefix: String = text.chars().take(BODY_PREFIX_CHARS).collect();
    if prefix.len() < body.len() {
        prefix.push('…');
    }
    prefix
}

/// A JSON decoding failure: what, where, and what the body looked like.
pub(crate) struct DecodeFailure {
    message: String,
    path: Option<String>,
    prefix: String,
}

impl DecodeFailure {
    pub(crate) fn into_error(self, operation: Operation, outcome: Outcome) -> Error {
        let error = Error::new(operation, ErrorKind::Decode, outcome)
            .with_detail(self.message)
            .with_body_prefix(self.prefix);
        match self.path {
            Some(path) => error.with_json_path(path),
            None => error,
        }
    }
}

/// Decodes `T`. The fast path has no bookkeeping; only on failure is the body decoded again
/// with path tracking, so that the error can name where it broke.
pub(crate) fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, DecodeFailure> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(DecodeFailure {
            message: "the body is empty".into(),
            path: None,
            prefix: String::new(),
        });
    }
    // One UTF-8 check for the whole body spares serde_json a check per string (a tenth of an
    // export's CPU); invalid UTF-8 goes the byte way, which reports where it is.
    let decoded = match std::str::from_utf8(body) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(body),
    };
    match decoded {
        Ok(value) => Ok(value),
        Err(first) => {
            let mut de = serde_json::Deserializer::from_slice(body);
            let (message, path) = match serde_path_to_error::deserialize::<_, T>(&mut de) {
                Err(e) => {
                    // `?` marks a segment the decoder never reached (truncated input).
                    let path = e.path().to_string().trim_end_matches(".?").to_owned();
                    let message = e.into_inner().to_string();
                    (message, (path != ".").then_some(path))
                }
                Ok(_) => (first.to_string(), None),
            };
            Err(DecodeFailure {
                message,
                path,
                prefix: body_prefix(body),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use solapi_cash_types::money::Money;

    fn response(status: u16, body: &str) -> Response<Vec<u8>> {
        Response::builder()
            .status(status)
            .body(body.as_bytes().to_vec())
            .unwrap()
    }

    fn base() -> BaseUrl {
        BaseUrl::parse("http://127.0.0.1:9/").unwrap()
    }

    #[test]
    fn builds_each_request_exactly() {
        let r = balance_request(&base()).unwrap();
        assert_eq!(r.method(), "GET");
        assert_eq!(r.uri(), "http://127.0.0.1:9/cash/v1/balance");
        assert_eq!(r.headers()[USER_AGENT], USER_AGENT_VALUE);
        assert!(r.body().is_empty());

        let mfa = MfaData::email("tx", "123456");
        let r =
            recharge_request(&base(), &RechargeRequest::new(10000, "card-1"), Some(&mfa)).unwrap();
        assert_eq!(r.method(), "POST");
        assert_eq!(r.headers()[CONTENT_TYPE], "application/json");
        assert_eq!(r.body(), br#"{"amount":10000,"paymentId":"card-1"}"#);
        assert_eq!(
            r.headers()["x-mfa-data"],
            r#"{"authType":"EMAIL","transactionId":"tx","token":"123456"}"#
        );

        let q = HistoryQuery::builder()
            .limit(5)
            .group_id("a b")
            .build()
            .unwrap();
        let r = history_request(&base(), &q).unwrap();
        assert_eq!(
            r.uri(),
            "http://127.0.0.1:9/cash/v1/balance/history?limit=5&groupId=a%20b"
        );
    }

    #[test]
    fn refuses_recharges_that_cannot_be_right() {
        for req in [
            RechargeRequest::new(0, "card"),
            RechargeRequest::new(-5, "card"),
            RechargeRequest::new(1, " "),
        ] {
            let e = recharge_request(&base(), &req, None).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidInput);
            assert_eq!(e.outcome(), Outcome::NotApplied);
        }
        let bad = MfaData::email("tx", "12\u{7f}34");
        let e = recharge_request(&base(), &RechargeRequest::new(1, "c"), Some(&bad)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
    }

    #[test]
    fn reads_success_bodies_exactly() {
        let b = read_balance(&response(200, r#"{"balance": 10130.5, "point": 7}"#)).unwrap();
        assert_eq!(b.balance.to_string(), "10130.5");
        assert_eq!(b.point, Money::from_i64(7));
        assert!(read_history(&response(200, "[]")).unwrap().is_empty());
    }

    #[test]
    fn error_statuses_map_to_kinds_and_outcomes() {
        let table = [
            (
                400,
                r#"{"errorCode":"ValidationError","errorMessage":"amount"}"#,
                ErrorKind::Validation,
                Outcome::NotApplied,
            ),
            (
                400,
                r#"{"errorCode":"InvalidPaymentId","errorMessage":"x"}"#,
                ErrorKind::Validation,
                Outcome::NotApplied,
            ),
            (
                401,
                r#"{"errorCode":"Unauthorized","errorMessage":"x"}"#,
                ErrorKind::Authentication,
                Outcome::NotApplied,
            ),
            (
                402,
                r#"{"errorCode":"PaymentDeclined","errorMessage":"x"}"#,
                ErrorKind::Payment,
                Outcome::NotApplied,
            ),
            (
                403,
                r#"{"errorCode":"SignatureDoesNotMatch","errorMessage":"x"}"#,
                ErrorKind::Authentication,
                Outcome::NotApplied,
            ),
            (
                403,
                r#"{"errorCode":"Forbidden","errorMessage":"x"}"#,
                ErrorKind::PermissionDenied,
                Outcome::NotApplied,
            ),
            (
                403,
                r#"{"errorCode":"MFARequired","errorMessage":"x","mfa":{"transactionId":"t1"}}"#,
                ErrorKind::MfaRequired,
                Outcome::NotApplied,
            ),
            (
                403,
                r#"{"errorCode":"InvalidMFAToken","errorMessage":"x"}"#,
                ErrorKind::MfaRejected,
                Outcome::NotApplied,
            ),
            (
                404,
                r#"{"errorCode":"ResourceNotFound","errorMessage":"x"}"#,
                ErrorKind::NotFound,
                Outcome::NotApplied,
            ),
            (
                429,
                r#"{"errorCode":"TooManyRequests","errorMessage":"x"}"#,
                ErrorKind::RateLimited,
                Outcome::NotApplied,
            ),
            (
                500,
                r#"{"errorCode":"InternalError","errorMessage":"x"}"#,
                ErrorKind::Server,
                Outcome::Unknown,
            ),
            (
                502,
                "<html><body>Bad Gateway</body></html>",
                ErrorKind::Server,
                Outcome::Unknown,
            ),
            (302, "", ErrorKind::UnexpectedStatus, Outcome::Unknown),
        ];
        for (status, body, kind, outcome) in table {
            let e = read_recharge(&response(status, body)).unwrap_err();
            assert_eq!((e.kind(), e.outcome()), (kind, outcome), "{status} {body}");
            assert_eq!(e.status().map(|s| s.as_u16()), Some(status));
            // Reads never change money.
            let e = read_balance(&response(status, body)).unwrap_err();
            assert_eq!(e.outcome(), Outcome::NotApplied);
        }
        let e = read_recharge(&response(
            403,
            r#"{"errorCode":"MFARequired","errorMessage":"메일","mfa":{"transactionId":"t1"}}"#,
        ))
        .unwrap_err();
        assert_eq!(e.mfa_transaction_id(), Some("t1"));
        assert_eq!(e.api_message(), Some("메일"));
    }

    #[test]
    fn unreadable_bodies_name_the_path_and_keep_a_prefix() {
        let body = r#"[{"balanceAmount": 1, "pointAmount": 0, "accountId": "a", "oldBalance": "x1",
            "newBalance": 1, "oldPoint": 0, "newPoint": 0, "type": "MANUAL",
            "dateCreated": "2024-01-01T00:00:00.000Z", "historyId": "h"}]"#;
        let e = read_history(&response(200, body)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode);
        assert_eq!(e.json_path(), Some("[0].oldBalance"));
        assert!(e.body_prefix().unwrap().starts_with("[{\"balanceAmount\""));
        assert!(e.to_string().contains("at `[0].oldBalance`"), "{e}");

        for body in [
            "",
            "  ",
            "<html>oops</html>",
            "[{",
            "{\"balance\": 1}",
            "\u{0}\u{1}",
        ] {
            let e = read_balance(&response(200, body)).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Decode, "{body:?}");
        }
        let invalid_utf8 = Response::builder()
            .status(200)
            .body(vec![b'[', 0xff, 0xfe, b']'])
            .unwrap();
        assert_eq!(
            read_history(&invalid_utf8).unwrap_err().kind(),
            ErrorKind::Decode
        );
        // A recharge the server confirmed but we cannot read did happen.
        let e = read_recharge(&response(200, "<html/>")).unwrap_err();
        assert_eq!(e.outcome(), Outcome::Unknown);
    }

    #[test]
    fn body_prefix_is_bounded() {
        let huge = "x".repeat(1 << 20);
        let prefix = body_prefix(huge.as_bytes());
        assert!(prefix.chars().count() <= BODY_PREFIX_CHARS + 1);
    }
}
