//! `GET /cash/v1/payment`: the account's registered payment methods, oldest first,
//! `{"payments": [...]}`, with `offset` (default 0) and `limit` (default 20, at least 1).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use solapi_cash_core::Operation;
use solapi_cash_types::{PaymentList, PaymentQuery};

use super::auth::authorize;
use crate::http::error::{ApiError, json_response};
use crate::state::Shared;
use crate::sync::read;

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
        .map(|card| card.to_wire())
        .collect();
    Ok(json_response(StatusCode::OK, &PaymentList::new(payments)))
}

/// `offset` and `limit` from the query string, parsed and validated by the models crate's
/// [`PaymentQuery`] as the client builds it (other parameters, such as the old pages'
/// `accountId`, are ignored), with the service's defaults.
fn page(query: &str) -> Result<(u64, u64), ApiError> {
    let query = PaymentQuery::parse(query).map_err(|e| ApiError::validation(e.to_string()))?;
    Ok((
        query.offset().unwrap_or(0),
        query.limit().unwrap_or(PaymentQuery::DEFAULT_LIMIT),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_values() {
        assert_eq!(page("").unwrap(), (0, 20));
        assert_eq!(page("offset=2&limit=1").unwrap(), (2, 1));
        assert_eq!(page("accountId=123&limit=5").unwrap(), (0, 5));
    }

    #[test]
    fn bad_values_name_the_parameter() {
        for (query, word) in [
            ("limit=0", "limit"),
            ("limit=abc", "limit"),
            ("offset=1.5", "offset"),
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
