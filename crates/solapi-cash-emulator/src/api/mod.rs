//! The Cash API's endpoints, and who may call them: one handler per operation of the core's
//! declaration, found by [`handler`].

pub(crate) mod auth;
pub(crate) mod balance;
pub(crate) mod history;
pub(crate) mod payments;
pub(crate) mod recharge;

use std::sync::Arc;

use axum::routing::{MethodFilter, MethodRouter, on};
use solapi_cash_core::Operation;

use crate::state::Shared;

/// The handler of an operation, at the operation's method; `None` for one the emulator does
/// not serve (a test keeps that list empty).
pub(crate) fn handler(operation: Operation) -> Option<MethodRouter<Arc<Shared>>> {
    let method = MethodFilter::try_from(operation.method()).ok()?;
    Some(match operation {
        Operation::Balance => on(method, balance::balance),
        Operation::Recharge => on(method, recharge::recharge),
        Operation::History => on(method, history::history),
        Operation::Payments => on(method, payments::payments),
        _ => return None,
    })
}
