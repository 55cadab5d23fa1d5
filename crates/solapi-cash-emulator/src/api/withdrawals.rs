//! `GET /cash/v1/withdraw`: the account's withdrawals, newest first, as `{"data": [...],
//! "nextKey": key or null}` (getwithdraw.md). Filters: `withdrawId`, `status`, and
//! `startDate`/`endDate` on `dateCreated` (a date counts whole, in UTC: *inferred*). The key
//! is the `withdrawId` of a page's last withdrawal (*inferred*); a key that names none of the
//! listed withdrawals is 400 `ValidationError` (*inferred*).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use solapi_cash_core::Operation;
use solapi_cash_types::HistoryQuery;
use solapi_cash_types::models::{WithdrawPage, Withdrawal};
use solapi_cash_types::query::WithdrawQuery;

use super::auth::authorize;
use crate::http::error::{ApiError, json_response_sized};
use crate::state::Shared;
use crate::sync::read;

pub(crate) async fn withdrawals(
    State(state): State<Arc<Shared>>,
    request: Request,
) -> Result<Response, ApiError> {
    let principal = authorize(&state, request.headers(), Operation::Withdrawals)?;
    let query = WithdrawQuery::parse(request.uri().query().unwrap_or(""))
        .map_err(|e| ApiError::validation(e.to_string()))?;
    let limit = query.page_limit().unwrap_or(HistoryQuery::DEFAULT_LIMIT);
    let limit = state.config.max_limit.map_or(limit, |max| limit.min(max));
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let from = query.from().map(|d| d.start_instant());
    let until = query.until().map(|d| d.end_instant());
    let keep = |w: &Withdrawal| {
        let created = w.date_created.as_ref().map(|t| t.datetime());
        query.id().is_none_or(|id| w.withdraw_id == id)
            && query.state().is_none_or(|s| w.status.as_ref() == Some(s))
            && from.is_none_or(|f| created.is_some_and(|c| c >= f))
            && until.is_none_or(|u| created.is_some_and(|c| c <= u))
    };
    let data = read(&principal.account.data);
    let mut listed = data.withdrawals.iter().rev().filter(|w| keep(w));
    if let Some(key) = query.key() {
        // Everything up to the key's withdrawal was on earlier pages.
        if !listed.by_ref().any(|w| w.withdraw_id == key) {
            return Err(ApiError::validation(format!(
                "invalid `startKey`: {key} is not a key this list gave"
            )));
        }
    }
    let page: Vec<Withdrawal> = listed.by_ref().take(limit).cloned().collect();
    let more = listed.next().is_some();
    let next_key = more
        .then(|| page.last().map(|w| w.withdraw_id.clone()))
        .flatten();
    let size_hint = page.len().saturating_mul(500).saturating_add(64);
    let answer = WithdrawPage::new(page, next_key);
    Ok(json_response_sized(StatusCode::OK, &answer, size_hint))
}
