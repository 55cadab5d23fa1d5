//! `GET /cash/v1/balance`: the current balance and point, with the account's settings.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use solapi_cash_types::{BalanceResponse, LowBalanceAlert, Money};

use super::auth::{Access, authorize};
use crate::http::error::{ApiError, json_response};
use crate::state::Shared;
use crate::sync::read;

/// Fixed settings the emulator reports (auto-recharge off, a 1,000 won alert threshold).
const ALERT_THRESHOLD: i64 = 1_000;

pub(crate) async fn balance(State(state): State<Arc<Shared>>, request: Request) -> Response {
    match handle(&state, &request) {
        Ok(body) => json_response(StatusCode::OK, &body),
        Err(e) => e.into_response(),
    }
}

fn handle(state: &Shared, request: &Request) -> Result<BalanceResponse, ApiError> {
    let principal = authorize(state, request.headers(), Access::Read)?;
    let account = principal.account;
    let data = read(&account.data);
    let balance = data.ledger.balance();
    Ok(BalanceResponse {
        balance,
        point: data.ledger.point(),
        account_id: Some(account.id.clone()),
        minimum_cash: Some(Money::from_i64(10_000)),
        recharge_to: Some(Money::from_i64(50_000)),
        recharge_try_count: Some(0),
        auto_recharge: Some(false),
        deposit: Some(Money::ZERO),
        balance_only: Some(false),
        low_balance_alert: Some(LowBalanceAlert {
            notification_balance: Some(ALERT_THRESHOLD.to_string()),
            current_balance: Some(balance.to_string()),
            balances: vec![Money::from_i64(ALERT_THRESHOLD)],
            channels: vec!["EMAIL".to_owned()],
            enabled: Some(false),
        }),
    })
}
