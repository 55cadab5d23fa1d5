//! `GET /cash/v1/receipt?historyId=`: the receipt of one recharge. The service's answer is
//! published only as `{}`; the emulator answers with the recharge's entry in the history's
//! names (inferred), and refuses an entry that is not a recharge with 404 `ResourceNotFound`
//! (inferred: the service's code is not documented).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use solapi_cash_core::Operation;
use solapi_cash_types::models::{ReceiptInfo, check_history_id};
use solapi_cash_types::{HistoryType, Timestamp};

use super::auth::authorize;
use crate::clock::from_unix_ms;
use crate::http::error::{ApiError, json_response};
use crate::ledger::HistoryId;
use crate::state::Shared;
use crate::sync::read;

pub(crate) async fn receipt(
    State(state): State<Arc<Shared>>,
    request: Request,
) -> Result<Response, ApiError> {
    let principal = authorize(&state, request.headers(), Operation::Receipt)?;
    let query = request.uri().query().unwrap_or("");
    let history_id = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("historyId="))
        .ok_or_else(|| ApiError::validation("`historyId` is required"))?;
    check_history_id(history_id)
        .map_err(|e| ApiError::validation(format!("invalid `historyId`: {e}")))?;
    let not_found = || ApiError::not_found(format!("no recharge with the history id {history_id}"));
    let id = HistoryId::from_hex(history_id).ok_or_else(not_found)?;
    let account = principal.account;
    let data = read(&account.data);
    let entry = data
        .ledger
        .entries()
        .iter()
        .find(|e| e.id == id)
        .ok_or_else(not_found)?;
    if entry.kind != HistoryType::Recharge {
        return Err(ApiError::not_found(format!(
            "no receipt for the history id {history_id}: the entry is a {}, not a recharge",
            entry.kind
        )));
    }
    let mut answer = ReceiptInfo::new();
    answer.history_id = Some(history_id.to_owned());
    answer.account_id = Some(account.id.clone());
    answer.kind = Some(entry.kind.clone());
    answer.recharge_method = entry.recharge_method.clone();
    answer.balance_amount = Some(entry.balance_amount.clone());
    answer.date_created = Some(Timestamp::from_datetime(from_unix_ms(entry.date_ms)));
    Ok(json_response(StatusCode::OK, &answer))
}
