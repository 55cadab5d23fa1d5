//! Auto-recharge: `PUT /cash/v1/payment` (`{paymentIds, minimumCash, rechargeTo}`, checked by
//! the models crate's rules; each listed card gets its rank as `autoRecharge`, every other
//! card 0) and `PUT /cash/v1/recharge` (the toggle, `{autoRecharge}`), on the account's
//! settings and cards.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::value::RawValue;
use solapi_cash_core::Operation;
use solapi_cash_types::Money;
use solapi_cash_types::models::{
    AutoRechargeInfo, AutoRechargeSettings, AutoRechargeSwitched, check_auto_recharge,
};

use super::auth::authorize;
use super::json_body;
use crate::http::error::{ApiError, json_response};
use crate::state::Shared;
use crate::sync::write;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SettingsBody {
    payment_ids: Vec<String>,
    minimum_cash: Box<RawValue>,
    recharge_to: Box<RawValue>,
}

/// An amount: a JSON number, read exactly (`Money` alone would also take a string, which the
/// page's `number` does not allow).
fn amount(raw: &RawValue, name: &str) -> Result<Money, ApiError> {
    let text = raw.get();
    if !text.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
        return Err(ApiError::validation(format!("`{name}` must be a number")));
    }
    text.parse()
        .map_err(|e| ApiError::validation(format!("`{name}` is not a valid amount: {e}")))
}

pub(crate) async fn set_auto_recharge(
    State(state): State<Arc<Shared>>,
    request: Request,
) -> Result<Response, ApiError> {
    let (principal, body): (_, SettingsBody) =
        json_body(&state, request, Operation::SetAutoRecharge).await?;
    let minimum = amount(&body.minimum_cash, "minimumCash")?;
    let target = amount(&body.recharge_to, "rechargeTo")?;
    let (minimum, target) = check_auto_recharge(&body.payment_ids, &minimum, &target)
        .map_err(|e| ApiError::validation(e.to_string()))?;
    let now = state.clock.now();
    let mut data = write(&principal.account.data);
    // Every card must be registered: 400 `InvalidPaymentId`, the code the service answers a
    // recharge from an unknown card with (*inferred* for this endpoint: its page names none).
    if let Some(unknown) = body
        .payment_ids
        .iter()
        .find(|id| !data.payment_methods.iter().any(|p| &p.payment_id == *id))
    {
        tracing::debug!(payment_id = %unknown, "auto-recharge names an unknown card");
        return Err(ApiError::invalid_payment_id());
    }
    for card in &mut data.payment_methods {
        let rank = body
            .payment_ids
            .iter()
            .position(|id| *id == card.payment_id)
            .map_or(0, |i| u32::try_from(i + 1).unwrap_or(u32::MAX));
        if card.auto_recharge != rank {
            card.auto_recharge = rank;
            card.date_updated = now;
        }
    }
    data.settings.minimum_cash = minimum.to_money();
    data.settings.recharge_to = target.to_money();
    let kept = AutoRechargeSettings::new(body.payment_ids, minimum.get(), target.get())
        .map_err(|e| ApiError::internal(e.to_string()))?;
    Ok(json_response(StatusCode::OK, &AutoRechargeInfo::new(&kept)))
}

/// The toggle. The documented request is `{}` (its code samples send no body): whatever
/// body comes is not read. Switching on needs a registered card (the guide: "등록 된 카드가
/// 없는 경우 자동 충전이 불가합니다"); without one, 400 `ValidationError` (*inferred* code).
pub(crate) async fn toggle_auto_recharge(
    State(state): State<Arc<Shared>>,
    request: Request,
) -> Result<Response, ApiError> {
    let principal = authorize(&state, request.headers(), Operation::ToggleAutoRecharge)?;
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
