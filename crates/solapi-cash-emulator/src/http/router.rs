//! The routes: the API's endpoints (one per operation of the core's [`Operation`] list, at
//! its method and path), the admin API, and JSON answers for unknown paths and wrong
//! methods.

use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use solapi_cash_core::Operation;

use super::admin_routes;
use super::error::ApiError;
use crate::api::handler;
use crate::state::Shared;

pub(crate) fn router(state: Arc<Shared>) -> Router {
    let mut api = Router::new();
    for &operation in Operation::ALL {
        match handler(operation) {
            // Operations on the same path (balance and recharge) share its method router.
            Some(handler) => api = api.route(operation.path(), handler),
            None => tracing::warn!("the emulator does not serve {operation} yet"),
        }
    }
    api.merge(admin_routes::routes())
        .fallback(not_found)
        // Must come after the routes: it applies to the routes already added.
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
}

async fn not_found(request: Request) -> Response {
    ApiError::not_found(format!("no such resource: {}", request.uri().path())).into_response()
}

async fn method_not_allowed(request: Request) -> Response {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "MethodNotAllowed",
        format!(
            "method {} is not allowed on {}",
            request.method(),
            request.uri().path()
        ),
    )
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_is_served() {
        for &operation in Operation::ALL {
            assert!(handler(operation).is_some(), "{operation} has no handler");
        }
    }
}
