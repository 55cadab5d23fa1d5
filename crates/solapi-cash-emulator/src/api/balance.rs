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
use crate::state::settings::OperatorSettings;
use crate::sync::read;

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
    let settings = &data.settings;
    answer.minimum_cash = Some(settings.minimum_cash.clone());
    answer.recharge_to = Some(settings.recharge_to.clone());
    answer.recharge_try_count = Some(0);
    // Numbers, as the service sends them (the documented sample, the Node SDK's schema, the
    // Go SDK's `int`): the Node SDK refuses booleans here.
    answer.auto_recharge = Some(Flag::from_number(i64::from(settings.auto_recharge)));
    answer.deposit = Some(Money::ZERO);
    answer.balance_only = Some(Flag::from_number(0));
    answer.low_balance_alert = Some(low_balance_alert(settings, &balance));
    Ok(answer)
}

/// The alert as `GET /cash/v1/balance` and `GET /cash/v1/balance/alert` show it: the lowest
/// threshold as `notificationBalance` and the balance as `currentBalance`, both strings (the
/// Node SDK's schema refuses `null`).
pub(crate) fn low_balance_alert(settings: &OperatorSettings, balance: &Money) -> LowBalanceAlert {
    let mut alert = LowBalanceAlert::new();
    let lowest = settings.alert_balances.iter().min().cloned();
    alert.notification_balance = Some(lowest.unwrap_or(Money::ZERO).to_string());
    alert.current_balance = Some(balance.to_string());
    alert.balances = Some(settings.alert_balances.clone());
    alert.channels = Some(settings.alert_channels.clone());
    alert.enabled = Some(settings.alert_enabled);
    alert
}
