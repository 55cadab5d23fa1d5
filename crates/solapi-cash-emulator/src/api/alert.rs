//! The low-balance alert: `GET /cash/v1/balance/alert`, `PUT /cash/v1/balance/alert`
//! (`{balances, channels}`, checked by the models crate's rules) and
//! `PUT /cash/v1/balance/alert/switch` (`{enabled}`), on the account's settings.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use solapi_cash_core::Operation;
use solapi_cash_types::Timestamp;
use solapi_cash_types::models::{
    AlertInfo, AlertSettings, AlertSwitch, AlertSwitched, ServiceMessage,
};

use super::auth::authorize;
use super::balance::low_balance_alert;
use super::json_body;
use crate::http::error::{ApiError, json_response};
use crate::state::Shared;
use crate::sync::{read, write};

pub(crate) async fn alert(
    State(state): State<Arc<Shared>>,
    request: Request,
) -> Result<Response, ApiError> {
    let principal = authorize(&state, request.headers(), Operation::Alert)?;
    let data = read(&principal.account.data);
    let now = Timestamp::from(state.clock.now());
    let alert = low_balance_alert(&data.settings, &data.ledger.balance());
    let mut answer = AlertInfo::new(alert, principal.account.id.clone());
    answer.date_created = Some(now.clone());
    answer.date_updated = Some(now);
    Ok(json_response(StatusCode::OK, &answer))
}

pub(crate) async fn set_alert(
    State(state): State<Arc<Shared>>,
    request: Request,
) -> Result<Response, ApiError> {
    // The models crate reads the body with the rules a client checks before sending.
    let (principal, settings): (_, AlertSettings) =
        json_body(&state, request, Operation::SetAlert).await?;
    let mut data = write(&principal.account.data);
    data.settings.alert_balances = settings.balances().iter().map(|w| w.to_money()).collect();
    data.settings.alert_channels = settings.channels().to_vec();
    // The documented answer ("registered successfully").
    let answer = ServiceMessage::new("성공적으로 등록되었습니다.");
    Ok(json_response(StatusCode::OK, &answer))
}

pub(crate) async fn switch_alert(
    State(state): State<Arc<Shared>>,
    request: Request,
) -> Result<Response, ApiError> {
    let (principal, switch): (_, AlertSwitch) =
        json_body(&state, request, Operation::SwitchAlert).await?;
    write(&principal.account.data).settings.alert_enabled = switch.enabled();
    let answer = AlertSwitched::new(principal.account.id.clone(), switch.enabled());
    Ok(json_response(StatusCode::OK, &answer))
}
