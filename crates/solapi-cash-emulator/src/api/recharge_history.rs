//! `GET /cash/v1/recharge-history`: the account's recharges, newest first, paged by key. The
//! service's answer is not published; the emulator's is `{"data": [entries], "nextKey": key
//! or null}` (*inferred*, the shape of the withdrawals' list, getwithdraw.md), each entry the
//! history entry's fields. The key is the `historyId` of a page's last entry; a key that names
//! none of the account's recharges is 400 `ValidationError` (*inferred*).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use solapi_cash_core::Operation;
use solapi_cash_types::models::{RechargeEntry, RechargeHistoryPage};
use solapi_cash_types::query::{DateOp, RechargeHistoryQuery};
use solapi_cash_types::{HistoryQuery, HistoryType, Timestamp};

use super::auth::authorize;
use crate::clock::{from_unix_ms, to_unix_ms};
use crate::http::error::{ApiError, json_response_sized};
use crate::ledger::{Entry, PageRequest};
use crate::state::Shared;
use crate::sync::read;

pub(crate) async fn recharge_history(
    State(state): State<Arc<Shared>>,
    request: Request,
) -> Result<Response, ApiError> {
    let principal = authorize(&state, request.headers(), Operation::RechargeHistory)?;
    let query = RechargeHistoryQuery::parse(request.uri().query().unwrap_or(""))
        .map_err(|e| ApiError::validation(e.to_string()))?;
    let limit = query.page_limit().unwrap_or(HistoryQuery::DEFAULT_LIMIT);
    let limit = state.config.max_limit.map_or(limit, |max| limit.min(max));
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    // The history's filters, read as the history reads them.
    let filter = PageRequest::from_query(query.history_filters(), None).filter;
    let bound = |op: DateOp| query.date_bound(op).map(|t| to_unix_ms(t.datetime()));
    let (gte, lte, gt, lt) = (
        bound(DateOp::Gte),
        bound(DateOp::Lte),
        bound(DateOp::Gt),
        bound(DateOp::Lt),
    );
    let keep = |e: &Entry| {
        e.kind == HistoryType::Recharge
            && filter.matches(e)
            && gte.is_none_or(|t| e.date_ms >= t)
            && lte.is_none_or(|t| e.date_ms <= t)
            && gt.is_none_or(|t| e.date_ms > t)
            && lt.is_none_or(|t| e.date_ms < t)
    };
    let account = principal.account;
    let data = read(&account.data);
    let mut recharges = data.ledger.entries().iter().rev().filter(|e| keep(e));
    if let Some(key) = query.key() {
        // Everything up to the key's entry was on earlier pages.
        if !recharges.by_ref().any(|e| e.id.to_hex() == key) {
            return Err(ApiError::validation(format!(
                "invalid `startKey`: {key} is not a key this list gave"
            )));
        }
    }
    let page: Vec<&Entry> = recharges.by_ref().take(limit).collect();
    let more = recharges.next().is_some();
    let next_key = more.then(|| page.last().map(|e| e.id.to_hex())).flatten();
    let entries: Vec<RechargeEntry> = page
        .iter()
        .map(|e| {
            let mut r = RechargeEntry::new();
            r.history_id = Some(e.id.to_hex());
            r.account_id = Some(account.id.clone());
            r.kind = Some(e.kind.clone());
            r.recharge_method = e.recharge_method.clone();
            r.balance_amount = Some(e.balance_amount.clone());
            r.point_amount = Some(e.point_amount.clone());
            r.new_balance = Some(e.new_balance.clone());
            r.date_created = Some(Timestamp::from_datetime(from_unix_ms(e.date_ms)));
            r
        })
        .collect();
    let size_hint = entries.len().saturating_mul(300).saturating_add(64);
    let answer = RechargeHistoryPage::new(entries, next_key);
    Ok(json_response_sized(StatusCode::OK, &answer, size_hint))
}
