//! `GET /cash/v1/payment`: the account's registered payment methods, oldest first,
//! `{"payments": [...]}`, with `offset` (default 0) and `limit` (default 20, at least 1).

use std::sync::Arc;

use axum::extract::{Query, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;
use solapi_cash_core::Operation;

use super::auth::authorize;
use crate::http::error::{ApiError, json_response};
use crate::state::Shared;
use crate::state::payment_methods::PaymentWire;
use crate::sync::read;

/// The `limit` used when the query has none (documented).
const DEFAULT_LIMIT: u64 = 20;

#[derive(Serialize)]
struct Payments<'a> {
    payments: Vec<PaymentWire<'a>>,
}

pub(crate) async fn payments(
    State(state): State<Arc<Shared>>,
    request: Request,
) -> Result<Response, ApiError> {
    let principal = authorize(&state, request.headers(), Operation::Payments)?;
    let (offset, limit) = page(request.uri().query().unwrap_or(""))?;
    let data = read(&principal.account.data);
    let payments = data
        .payment_methods
        .iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(usize::MAX))
        .map(PaymentWire::from)
        .collect();
    Ok(json_response(StatusCode::OK, &Payments { payments }))
}

/// `offset` and `limit` from the query string; other parameters (the old pages'
/// `accountId`) are ignored.
fn page(query: &str) -> Result<(u64, u64), ApiError> {
    let Query(pairs) = Query::<Vec<(String, String)>>::try_from_uri(
        &format!("/?{query}")
            .parse()
            .map_err(|_| ApiError::validation("the query string is not valid"))?,
    )
    .map_err(|e| ApiError::validation(format!("the query string is not valid: {e}")))?;
    let mut offset = None;
    let mut limit = None;
    for (name, value) in pairs {
        let slot = match name.as_str() {
            "offset" => &mut offset,
            "limit" => &mut limit,
            _ => continue,
        };
        if slot.is_some() {
            return Err(ApiError::validation(format!("`{name}` is given twice")));
        }
        *slot = Some(number(&name, &value)?);
    }
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    if limit == 0 {
        return Err(ApiError::validation("`limit` must be at least 1"));
    }
    Ok((offset.unwrap_or(0), limit))
}

fn number(name: &str, value: &str) -> Result<u64, ApiError> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ApiError::validation(format!(
            "`{name}` must be a whole number, not {value:?}"
        )));
    }
    value
        .parse()
        .map_err(|_| ApiError::validation(format!("`{name}` is too large: {value}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_values() {
        assert_eq!(page("").unwrap(), (0, 20));
        assert_eq!(page("offset=2&limit=1").unwrap(), (2, 1));
        assert_eq!(page("accountId=123&limit=5").unwrap(), (0, 5));
        assert_eq!(page("limit=%35").unwrap(), (0, 5));
    }

    #[test]
    fn bad_values_name_the_parameter() {
        for (query, word) in [
            ("limit=0", "limit"),
            ("limit=-1", "limit"),
            ("limit=abc", "limit"),
            ("limit=", "limit"),
            ("offset=1.5", "offset"),
            ("offset=99999999999999999999999", "offset"),
            ("limit=1&limit=2", "twice"),
        ] {
            let e = page(query).unwrap_err();
            assert_eq!(e.status, StatusCode::BAD_REQUEST, "{query}");
            assert!(
                e.body.error_message.contains(word),
                "{query}: {}",
                e.body.error_message
            );
        }
    }
}
