//! Cards: `POST /cash/v1/payment` (register one: the number and CVC checked by the models
//! crate's rules, then forgotten — only the brand, the last four digits and the expiry are
//! kept, in the card's description) and `DELETE /cash/v1/payment` (`{paymentId}`).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::Value;
use solapi_cash_core::Operation;
use solapi_cash_types::models::{NewCard, PaymentRemoval, PaymentRemoved, RegisteredCard};

use super::json_body;
use crate::http::error::{ApiError, json_response};
use crate::state::Shared;
use crate::state::payment_methods::PaymentMethodSpec;
use crate::sync::write;

/// The body of a registration. Every field is read as any JSON value first: serde's own
/// messages would quote a mistyped value, and the number and CVC must never be repeated.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CardBody {
    card_number: Value,
    cvc: Value,
    exp_year: Value,
    exp_month: Value,
    #[serde(default)]
    description: Value,
}

/// The field's text; its value is never quoted.
fn secret_text<'a>(value: &'a Value, name: &str) -> Result<&'a str, ApiError> {
    value
        .as_str()
        .ok_or_else(|| ApiError::validation(format!("`{name}` must be a string")))
}

/// A number, or its digits as a string (the page's sample sends `"expMonth": "01"`).
fn small_number(value: &Value, name: &str) -> Result<u32, ApiError> {
    let number = match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
            s.parse().ok()
        }
        _ => None,
    };
    number
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| ApiError::validation(format!("`{name}` must be a whole number")))
}

pub(crate) async fn add_payment(
    State(state): State<Arc<Shared>>,
    request: Request,
) -> Result<Response, ApiError> {
    let (principal, body): (_, CardBody) =
        json_body(&state, request, Operation::AddPayment).await?;
    let description = match &body.description {
        Value::Null => None,
        Value::String(text) => Some(text.as_str()),
        _ => return Err(ApiError::validation("`description` must be a string")),
    };
    let now = state.clock.now();
    let card = NewCard::from_fields(
        secret_text(&body.card_number, "cardNumber")?,
        secret_text(&body.cvc, "cvc")?,
        small_number(&body.exp_year, "expYear")?,
        small_number(&body.exp_month, "expMonth")?,
        description,
        now.date(),
    )
    .map_err(|e| ApiError::validation(e.to_string()))?;
    drop(body);
    let expiry = card.expiry();
    // As the page's sample answers: `[VISA] est1 01/19` (brand, last four, MM/YY); a
    // description given is added after it (*inferred*).
    let mut shown = format!(
        "[{}] {} {expiry}",
        card.number().brand(),
        card.number().last4()
    );
    if let Some(text) = card.description() {
        shown = format!("{shown} {text}");
    }
    let spec = PaymentMethodSpec::new()
        .description(shown)
        .exp_date(format!("{:04}/{:02}", expiry.year(), expiry.month()));
    let info = state
        .add_payment_method(&principal.account.id, spec, now)
        .map_err(|e| ApiError::internal(e.to_string()))?;
    let answer = RegisteredCard::new(info.payment_id, info.description, info.exp_date);
    Ok(json_response(StatusCode::OK, &answer))
}

/// Removes a card; the cards left keep their auto-recharge order (ranks 1, 2, … again), and
/// auto-recharge is switched off when no card is left (*inferred*: the guide says it cannot
/// run without one).
pub(crate) async fn remove_payment(
    State(state): State<Arc<Shared>>,
    request: Request,
) -> Result<Response, ApiError> {
    // The models crate reads and checks `{paymentId}`, as a client writes it.
    let (principal, body): (_, PaymentRemoval) =
        json_body(&state, request, Operation::RemovePayment).await?;
    let now = state.clock.now();
    let mut data = write(&principal.account.data);
    let Some(at) = data
        .payment_methods
        .iter()
        .position(|p| p.payment_id == body.payment_id())
    else {
        return Err(ApiError::invalid_payment_id());
    };
    data.payment_methods.remove(at);
    let mut ranked: Vec<_> = data
        .payment_methods
        .iter_mut()
        .filter(|p| p.auto_recharge > 0)
        .collect();
    ranked.sort_by_key(|p| p.auto_recharge);
    for (rank, card) in (1u32..).zip(ranked) {
        if card.auto_recharge != rank {
            card.auto_recharge = rank;
            card.date_updated = now;
        }
    }
    if data.payment_methods.is_empty() {
        data.settings.auto_recharge = false;
    }
    // The page's sample answer.
    let answer = PaymentRemoved::new(body.payment_id(), "성공적으로 삭제되었습니다.");
    Ok(json_response(StatusCode::OK, &answer))
}
