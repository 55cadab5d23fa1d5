//! Auto-recharge: `PUT /cash/v1/payment` (`{paymentIds, minimumCash, rechargeTo}`, checked by
//! the models crate's rules; each listed card gets its rank as `autoRecharge`, every other
//! card 0) and `PUT /cash/v1/recharge` (the toggle, `{autoRecharge}`), on the account's
//! settings and cards.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use solapi_cash_core::Operation;
use solapi_cash_types::models::{AutoRechargeInfo, AutoRechargeSettings, AutoRechargeSwitched};

use super::auth::authorize;
use super::{json_body, second_factor};
use crate::http::error::{ApiError, json_response};
use crate::state::Shared;
use crate::sync::write;

pub(crate) async fn set_auto_recharge(
    State(state): State<Arc<Shared>>,
    request: Request,
) -> Result<Response, ApiError> {
    // The models crate reads the body with the rules a client checks before sending.
    let (principal, settings): (_, AutoRechargeSettings) =
        json_body(&state, request, Operation::SetAutoRecharge).await?;
    let now = state.clock.now();
    let mut data = write(&principal.account.data);
    // Every card must be registered: 400 `InvalidPaymentId`, the code the service answers a
    // recharge from an unknown card with (*inferred* for this endpoint: its page names none).
    if let Some(unknown) = settings
        .payment_ids()
        .iter()
        .find(|id| !data.payment_methods.iter().any(|p| &p.payment_id == *id))
    {
        tracing::debug!(payment_id = %unknown, "auto-recharge names an unknown card");
        return Err(ApiError::invalid_payment_id());
    }
    for card in &mut data.payment_methods {
        let rank = settings
            .payment_ids()
            .iter()
            .position(|id| *id == card.payment_id)
            .map_or(0, |i| u32::try_from(i + 1).unwrap_or(u32::MAX));
        if card.auto_recharge != rank {
            card.auto_recharge = rank;
            card.date_updated = now;
        }
    }
    data.settings.minimum_cash = settings.minimum_cash().to_money();
    data.settings.recharge_to = settings.recharge_to().to_money();
    Ok(json_response(
        StatusCode::OK,
        &AutoRechargeInfo::new(&settings),
    ))
}

/// The toggle. The documented request is `{}` (its code samples send no body): whatever
/// body comes is not read. Switching on needs a registered card (the guide: "등록 된 카드가
/// 없는 경우 자동 충전이 불가합니다"); without one, 400 `ValidationError` (*inferred* code).
pub(crate) async fn toggle_auto_recharge(
    State(state): State<Arc<Shared>>,
    request: Request,
) -> Result<Response, ApiError> {
    let op = Operation::ToggleAutoRecharge;
    let principal = authorize(&state, request.headers(), op)?;
    // No body to bind the challenge to: the operation is the request.
    second_factor::require(&state, request.headers(), &principal, op, "")?;
    let mut data = write(&principal.account.data);
    let on = !data.settings.auto_recharge;
    if on && data.payment_methods.is_empty() {
        return Err(ApiError::validation(
            "auto-recharge needs a registered card: register one first (POST /cash/v1/payment)",
        ));
    }
    data.settings.auto_recharge = on;
    Ok(json_response(
        StatusCode::OK,
        &AutoRechargeSwitched::new(on),
    ))
}
