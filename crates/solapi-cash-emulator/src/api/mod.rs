//! The Cash API's endpoints, and who may call them: one handler per operation of the core's
//! declaration, found by [`handler`].

pub(crate) mod alert;
pub(crate) mod auth;
pub(crate) mod auto_recharge;
pub(crate) mod balance;
pub(crate) mod bank_account;
pub(crate) mod cards;
pub(crate) mod history;
pub(crate) mod money_out;
pub(crate) mod payments;
pub(crate) mod receipt;
pub(crate) mod recharge;
pub(crate) mod recharge_history;
pub(crate) mod second_factor;
pub(crate) mod transfer;
pub(crate) mod withdraw;
pub(crate) mod withdrawals;

use std::sync::Arc;

use axum::extract::Request;
use axum::routing::{MethodFilter, MethodRouter, on};
use serde::de::DeserializeOwned;
use solapi_cash_core::Operation;

use crate::http::body::{read_body, require_json};
use crate::http::error::ApiError;
use crate::state::Shared;
use auth::{Principal, authorize};

/// The handler of an operation, at the operation's method; `None` for one the emulator does
/// not serve (a test keeps that list empty).
pub(crate) fn handler(operation: Operation) -> Option<MethodRouter<Arc<Shared>>> {
    let method = MethodFilter::try_from(operation.method()).ok()?;
    Some(match operation {
        Operation::Balance => on(method, balance::balance),
        Operation::Recharge => on(method, recharge::recharge),
        Operation::History => on(method, history::history),
        Operation::Payments => on(method, payments::payments),
        Operation::Alert => on(method, alert::alert),
        Operation::SetAlert => on(method, alert::set_alert),
        Operation::SwitchAlert => on(method, alert::switch_alert),
        Operation::SetAutoRecharge => on(method, auto_recharge::set_auto_recharge),
        Operation::ToggleAutoRecharge => on(method, auto_recharge::toggle_auto_recharge),
        Operation::AddPayment => on(method, cards::add_payment),
        Operation::RemovePayment => on(method, cards::remove_payment),
        Operation::Receipt => on(method, receipt::receipt),
        Operation::RechargeHistory => on(method, recharge_history::recharge_history),
        Operation::Withdrawals => on(method, withdrawals::withdrawals),
        Operation::BankAccount => on(method, bank_account::bank_account),
        Operation::AddBankAccount => on(method, bank_account::add_bank_account),
        Operation::RemoveBankAccount => on(method, bank_account::remove_bank_account),
        Operation::Transfer => on(method, transfer::transfer),
        Operation::Withdraw => on(method, withdraw::withdraw),
        _ => return None,
    })
}

/// The caller, authorised for `operation`, and the request's JSON object body as `T`; a body
/// that is not one, or lacks or mistypes a field, is a 400 `ValidationError` naming it. An
/// operation the declaration marks `second_factor` then passes [`second_factor::require`],
/// bound to this body.
pub(crate) async fn json_body<T: DeserializeOwned>(
    state: &Shared,
    request: Request,
    operation: Operation,
) -> Result<(Principal, T), ApiError> {
    json_body_checked(state, request, operation, |_, _| Ok(())).await
}

/// [`json_body`], with `check` run on the caller and the body before the second factor: a
/// request the service refuses anyway (a bad amount, too little balance) costs no code.
pub(crate) async fn json_body_checked<T: DeserializeOwned>(
    state: &Shared,
    request: Request,
    operation: Operation,
    check: impl FnOnce(&Principal, &T) -> Result<(), ApiError>,
) -> Result<(Principal, T), ApiError> {
    let (parts, body) = request.into_parts();
    let principal = authorize(state, &parts.headers, operation)?;
    require_json(&parts.headers)?;
    let bytes = read_body(&parts.headers, body).await?;
    // serde would also read a struct from a JSON array: insist on an object.
    if !bytes.trim_ascii_start().starts_with(b"{") {
        return Err(ApiError::validation(
            "the request body must be a JSON object",
        ));
    }
    let body = serde_json::from_slice(&bytes)
        .map_err(|e| ApiError::validation(format!("the request body is not valid: {e}")))?;
    check(&principal, &body)?;
    // The body is valid JSON, hence UTF-8.
    let fingerprint = String::from_utf8_lossy(&bytes);
    second_factor::require(state, &parts.headers, &principal, operation, &fingerprint)?;
    Ok((principal, body))
}
