//! `GET /cash/v1/balance/history`: a bare JSON array of entries, newest first.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use solapi_cash_core::Operation;
use solapi_cash_types::HistoryQuery;

use super::auth::authorize;
use crate::http::error::{ApiError, json_response_sized};
use crate::ledger::{PageRequest, WireEntry};
use crate::state::Shared;
use crate::sync::read;

pub(crate) async fn history(
    State(state): State<Arc<Shared>>,
    request: Request,
) -> Result<Response, ApiError> {
    let principal = authorize(&state, request.headers(), Operation::History)?;
    let query = HistoryQuery::parse(request.uri().query().unwrap_or(""))
        .map_err(|e| ApiError::validation(e.to_string()))?;
    if query
        .balance_amount()
        .is_some_and(|a| !crate::ledger::in_range(a))
    {
        return Err(ApiError::validation(
            "invalid `balanceAmount`: 10^19 or more, or more than 18 fractional digits",
        ));
    }
    let page = PageRequest::from_query(&query, state.config.max_limit);
    let account = principal.account;
    // Serialized under the read lock, straight from storage: other readers proceed, a
    // recharge waits for about a millisecond per 1000 entries.
    let data = read(&account.data);
    let entries: Vec<WireEntry<'_>> = data
        .ledger
        .page(&page)
        .into_iter()
        .map(|entry| WireEntry {
            entry,
            account_id: &account.id,
        })
        .collect();
    // An entry is about 370 bytes of JSON.
    let size_hint = entries.len().saturating_mul(400).saturating_add(2);
    Ok(json_response_sized(StatusCode::OK, &entries, size_hint))
}
