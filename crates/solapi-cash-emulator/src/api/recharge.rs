//! `POST /cash/v1/balance`: recharge from a registered card, behind the second factor.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::value::RawValue;
use solapi_cash_core::Operation;
use solapi_cash_types::{Money, RechargeMethod, RechargeResponse};

use super::auth::authorize;
use super::second_factor;
use crate::admin_error::AdminError;
use crate::http::body::{read_body, require_json};
use crate::http::error::{ApiError, json_response};
use crate::http::service_texts;
use crate::ledger::Change;
use crate::state::Shared;
use crate::sync::{read, write};

/// The fields of the body, kept raw so that `amount` is read exactly and each field's
/// problem can be named.
#[derive(Deserialize)]
struct RawBody<'a> {
    #[serde(borrow, default)]
    amount: Option<&'a RawValue>,
    #[serde(rename = "paymentId", borrow, default)]
    payment_id: Option<&'a RawValue>,
}

/// A validated recharge request.
struct Recharge {
    amount: Money,
    payment_id: String,
}

pub(crate) async fn recharge(
    State(state): State<Arc<Shared>>,
    request: Request,
) -> Result<Response, ApiError> {
    let (parts, body) = request.into_parts();
    let principal = authorize(&state, &parts.headers, Operation::Recharge)?;
    require_json(&parts.headers)?;
    let bytes = read_body(&parts.headers, body).await?;
    let recharge = parse_body(&bytes)?;
    let account = principal.account.clone();

    {
        let data = read(&account.data);
        if !data
            .payment_methods
            .iter()
            .any(|p| p.payment_id == recharge.payment_id)
        {
            return Err(ApiError::invalid_payment_id());
        }
    }
    // Bound to the amount and card, so that a code redeems only this recharge.
    let fingerprint = format!("{} {}", recharge.amount, recharge.payment_id);
    second_factor::require(
        &state,
        &parts.headers,
        &principal,
        Operation::Recharge,
        &fingerprint,
    )?;

    let mut data = write(&account.data);
    let declined = data
        .payment_methods
        .iter()
        .find(|p| p.payment_id == recharge.payment_id)
        .map(|p| p.decline);
    match declined {
        None => {
            return Err(ApiError::invalid_payment_id());
        }
        Some(true) => {
            // Documented for a recharge whose card payment was refused (service_texts).
            return Err(ApiError::new(
                StatusCode::PAYMENT_REQUIRED,
                "BalanceInsufficient",
                service_texts::with_detail(
                    service_texts::BALANCE_INSUFFICIENT,
                    "the card was declined; nothing was charged",
                ),
            ));
        }
        Some(false) => {}
    }
    let entry = state
        .apply_locked(&account.id, &mut data, |_| {
            Ok(Change::recharge(recharge.amount, RechargeMethod::Stripe))
        })
        .map_err(|e| match e {
            AdminError::InvalidAmount(m) => ApiError::validation(format!("`amount`: {m}")),
            other => ApiError::internal(other.to_string()),
        })?;
    drop(data);
    Ok(json_response(
        StatusCode::OK,
        &RechargeResponse::from(entry),
    ))
}

fn parse_body(bytes: &[u8]) -> Result<Recharge, ApiError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| ApiError::validation("the request body is not valid UTF-8"))?;
    // serde would also read a struct from a JSON array: insist on an object.
    if !text.trim_start().starts_with('{') {
        return Err(ApiError::validation(
            "the request body must be a JSON object {\"amount\": number, \"paymentId\": string}",
        ));
    }
    let raw: RawBody<'_> = serde_json::from_str(text)
        .map_err(|e| ApiError::validation(format!("the request body is not valid JSON: {e}")))?;

    let amount = raw
        .amount
        .ok_or_else(|| ApiError::validation("`amount` is required"))?
        .get();
    if !amount.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
        return Err(ApiError::validation("`amount` must be a number"));
    }
    let amount: Money = amount
        .parse()
        .map_err(|e| ApiError::validation(format!("`amount` is not a valid amount: {e}")))?;
    if !amount.is_positive() {
        return Err(ApiError::validation("`amount` must be greater than 0"));
    }
    if !crate::ledger::in_range(&amount) {
        return Err(ApiError::validation(
            "`amount` is not a valid amount: 10^19 or more, or more than 18 fractional digits",
        ));
    }

    let payment_id = raw
        .payment_id
        .ok_or_else(|| ApiError::validation("`paymentId` is required"))?;
    let payment_id: String = serde_json::from_str(payment_id.get())
        .map_err(|_| ApiError::validation("`paymentId` must be a string"))?;
    if payment_id.trim().is_empty() {
        return Err(ApiError::validation("`paymentId` must not be empty"));
    }
    Ok(Recharge { amount, payment_id })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(body: &str) -> String {
        match parse_body(body.as_bytes()) {
            Ok(_) => panic!("accepted {body}"),
            Err(e) => e.body.error_message,
        }
    }

    #[test]
    fn body_errors_name_the_field() {
        assert!(err(r#"{"paymentId":"p"}"#).contains("`amount` is required"));
        assert!(err(r#"{"amount":"100","paymentId":"p"}"#).contains("`amount` must be a number"));
        assert!(err(r#"{"amount":0,"paymentId":"p"}"#).contains("greater than 0"));
        assert!(err(r#"{"amount":-5,"paymentId":"p"}"#).contains("greater than 0"));
        assert!(err(r#"{"amount":1e30,"paymentId":"p"}"#).contains("`amount`"));
        assert!(err(r#"{"amount":100}"#).contains("`paymentId` is required"));
        assert!(err(r#"{"amount":100,"paymentId":5}"#).contains("`paymentId` must be a string"));
        assert!(err(r#"[100,"p"]"#).contains("JSON object"));
        assert!(err(r#"{"amount":100,"#).contains("not valid JSON"));
    }

    #[test]
    fn exact_amounts() {
        let r = parse_body(br#"{"amount":10130.5,"paymentId":"p","extra":true}"#).unwrap();
        assert_eq!(r.amount.to_string(), "10130.5");
        assert_eq!(r.payment_id, "p");
    }
}
