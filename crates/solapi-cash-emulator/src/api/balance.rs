//! `GET /cash/v1/balance`: the current balance and point, with the account's settings.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use solapi_cash_core::Operation;
use solapi_cash_types::{BalanceResponse, Flag, LowBalanceAlert, Money};

use super::auth::authorize;
use crate::http::error::{ApiError, json_response};
use crate::state::Shared;
use crate::sync::read;

/// Fixed settings the emulator reports (auto-recharge off, a 1,000 won alert threshold).
const ALERT_THRESHOLD: i64 = 1_000;

pub(crate) async fn balance(
    State(state): State<Arc<Shared>>,
    request: Request,
) -> Result<Response, ApiError> {
    Ok(json_response(StatusCode::OK, &answer(&state, &request)?))
}

fn answer(state: &Shared, request: &Request) -> Result<BalanceResponse, ApiError> {
    let principal = authorize(state, request.headers(), Operation::Balance)?;
    let account = principal.account;
    let data = read(&account.data);
    let balance = data.ledger.balance();
    let mut answer = BalanceResponse::new(balance.clone(), data.ledger.point());
    answer.account_id = Some(account.id.clone());
    answer.minimum_cash = Some(Money::from_i64(10_000));
    answer.recharge_to = Some(Money::from_i64(50_000));
    answer.recharge_try_count = Some(0);
    // Numbers, as the service sends them (the documented sample, the Node SDK's schema, the
    // Go SDK's `int`): the Node SDK refuses booleans here.
    answer.auto_recharge = Some(Flag::from_number(0));
    answer.deposit = Some(Money::ZERO);
    answer.balance_only = Some(Flag::from_number(0));
    let mut alert = LowBalanceAlert::new();
    alert.notification_balance = Some(ALERT_THRESHOLD.to_string());
    // A string, never null: the Node SDK's schema refuses null.
    alert.current_balance = Some(balance.to_string());
    alert.balances = Some(vec![Money::from_i64(ALERT_THRESHOLD)]);
    alert.channels = Some(vec!["EMAIL".to_owned()]);
    alert.enabled = Some(false);
    answer.low_balance_alert = Some(alert);
    Ok(answer)
}
