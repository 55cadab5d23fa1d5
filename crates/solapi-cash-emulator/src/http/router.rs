//! The routes: the four API endpoints, the admin API, and JSON answers for unknown paths
//! and wrong methods.

use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::admin_routes;
use super::error::ApiError;
use crate::api::{balance::balance, history::history, payments::payments, recharge::recharge};
use crate::state::Shared;

pub(crate) fn router(state: Arc<Shared>) -> Router {
    Router::new()
        .route("/cash/v1/balance", get(balance).post(recharge))
        .route("/cash/v1/balance/history", get(history))
        .route("/cash/v1/payment", get(payments))
        .merge(admin_routes::routes())
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
