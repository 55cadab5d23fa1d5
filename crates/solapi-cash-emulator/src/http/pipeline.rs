//! What happens to every request around the router: the rate limit, fault injection, the
//! request log, the loopback check of the admin API, and the `Date` header from the
//! emulator's clock.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use solapi_cash_core::{Operation, format_http_date};
use tokio::sync::Notify;
use tower::ServiceExt;

use super::error::{ApiError, code_for_status};
use crate::faults::FaultAction;
use crate::request_log::{LoggedRequest, masked_headers};
use crate::state::Shared;
use crate::sync::lock;

/// The connection a request arrived on.
#[derive(Debug)]
pub(crate) struct Connection {
    pub(crate) peer: SocketAddr,
    /// Notified to close the connection at once, without writing anything more.
    pub(crate) abort: Notify,
}

/// Handles one request, faults and logging included.
pub(crate) async fn serve_request(
    state: Arc<Shared>,
    router: Router,
    conn: Arc<Connection>,
    request: Request<hyper::body::Incoming>,
) -> Response {
    let request = request.map(Body::new);
    let path = request.uri().path();
    if path == "/_emulator" || path.starts_with("/_emulator/") {
        let response = if conn.peer.ip().is_loopback() {
            call(router, request).await
        } else {
            ApiError::forbidden("the admin API only answers loopback clients").into_response()
        };
        return with_date(&state, response);
    }

    // A real service finishes what it started even when the client hangs up (a timeout, a
    // reset): handle API requests on their own task, so that a dropped connection cannot
    // cancel a recharge half-way or lose its log entry.
    let handled = tokio::spawn(handle_api(Arc::clone(&state), router, request)).await;
    match handled {
        Ok(Handled::Respond(response)) => response,
        Ok(Handled::Drop) => drop_connection(&conn).await,
        Err(_) => with_date(
            &state,
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "InternalError",
                "the request handler failed",
            )
            .into_response(),
        ),
    }
}

/// What to do with the connection after an API request was handled.
enum Handled {
    /// Write this response.
    Respond(Response),
    /// Close the connection without writing anything.
    Drop,
}

/// Faults, the endpoint itself, and the request log, for one API request.
async fn handle_api(state: Arc<Shared>, router: Router, request: Request<Body>) -> Handled {
    let path = request.uri().path();
    let method = request.method().as_str().to_owned();
    let operation = Operation::matching(&method, path);
    let mut record = LoggedRequest {
        received_at: state.clock.now(),
        answered_at: None,
        path: request
            .uri()
            .path_and_query()
            .map_or_else(|| path.to_owned(), |p| p.as_str().to_owned()),
        method,
        status: None,
        dropped: false,
        fault: None,
        headers: masked_headers(request.headers()),
    };
    // The added latency stands for the network: every API request waits, each on its own
    // task (so requests in flight wait side by side), faults included.
    let latency = state.latency();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    // The rate limit counts every API request as it arrives, as the service does; a request
    // over it is refused before anything else (an injected fault stays queued).
    let limited = state.rate_limit().map(|limit| {
        lock(&state.limiter).admit(
            limit,
            request.method(),
            request.headers(),
            state.clock.now_ms(),
        )
    });
    if let Some(decision) = limited.filter(|d| d.refused()) {
        let response = with_date(&state, decision.refusal());
        record.answered_at = Some(state.clock.now());
        record.status = Some(response.status().as_u16());
        log(&state, record);
        return Handled::Respond(response);
    }
    let fault = operation.and_then(|op| lock(&state.faults).take(op));
    record.fault = fault.as_ref().map(FaultAction::label);
    let response = match fault {
        None => call(router, request).await,
        Some(FaultAction::Delay { ms }) => {
            tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
            call(router, request).await
        }
        Some(FaultAction::Error {
            status,
            body,
            retry_after,
        }) => fault_response(status, body, retry_after),
        Some(FaultAction::DropBeforeHandling) => {
            record.dropped = true;
            log(&state, record);
            return Handled::Drop;
        }
        Some(FaultAction::DropAfterCommit) => {
            let response = call(router, request).await;
            record.answered_at = Some(state.clock.now());
            record.status = Some(response.status().as_u16());
            record.dropped = true;
            log(&state, record);
            return Handled::Drop;
        }
    };
    let mut response = with_date(&state, response);
    if let Some(decision) = limited {
        decision.apply(&mut response);
    }
    record.answered_at = Some(state.clock.now());
    record.status = Some(response.status().as_u16());
    log(&state, record);
    Handled::Respond(response)
}

async fn call(router: Router, request: Request<Body>) -> Response {
    match router.oneshot(request).await {
        Ok(response) => response,
        Err(infallible) => match infallible {},
    }
}

fn log(state: &Shared, record: LoggedRequest) {
    tracing::debug!(
        method = %record.method,
        path = %record.path,
        status = ?record.status,
        dropped = record.dropped,
        "request"
    );
    lock(&state.log).push(record);
}

/// Asks the connection task to close the socket, and never answers: the task drops this
/// future together with the connection, so not a byte of a response is written.
async fn drop_connection(conn: &Connection) -> Response {
    conn.abort.notify_one();
    std::future::pending().await
}

fn with_date(state: &Shared, mut response: Response) -> Response {
    // The core's one HTTP-date codec; its output is always a valid header value.
    if let Ok(date) = HeaderValue::from_str(&format_http_date(state.clock.now())) {
        response.headers_mut().insert(header::DATE, date);
    }
    response
}

fn fault_response(status: u16, body: Option<String>, retry_after: Option<u32>) -> Response {
    // Informational statuses would confuse hyper and clients alike: only final ones.
    let status = StatusCode::from_u16(status)
        .ok()
        .filter(|s| (200..=599).contains(&s.as_u16()))
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = match body {
        None => ApiError::new(
            status,
            code_for_status(status),
            format!("injected fault: HTTP {}", status.as_u16()),
        )
        .into_response(),
        Some(text) => {
            let trimmed = text.trim_start();
            let content_type = if trimmed.starts_with('{') || trimmed.starts_with('[') {
                "application/json; charset=utf-8"
            } else if trimmed.starts_with('<') {
                "text/html; charset=utf-8"
            } else {
                "text/plain; charset=utf-8"
            };
            let mut response = (status, text).into_response();
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            response
        }
    };
    if let Some(seconds) = retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}
