//! The HTTP admin API under `/_emulator/`: JSON wrappers around [`Admin`]. Unauthenticated,
//! loopback only (checked in the pipeline). Paths and bodies are listed in docs/emulator.md.

use std::sync::Arc;

use axum::Router;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::{Deserialize, Serialize};
use solapi_cash_types::Money;

use super::body::read_body;
use super::error::{ApiError, json_response};
use crate::admin::Admin;
use crate::admin_error::AdminError;
use crate::faults::FaultSpec;
use crate::state::Shared;
use crate::state::accounts::{AccountSpec, AccountStatus};
use crate::state::credentials::{KeySpec, TOKEN_LIFETIME};
use crate::state::payment_methods::PaymentMethodSpec;

type AdminResult = Result<Response, ApiError>;

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/_emulator/reset", post(reset))
        .route(
            "/_emulator/accounts",
            get(list_accounts).post(create_account),
        )
        .route(
            "/_emulator/accounts/{id}",
            get(get_account).patch(update_account),
        )
        .route("/_emulator/accounts/{id}/keys", post(create_key))
        .route("/_emulator/accounts/{id}/tokens", post(create_token))
        .route(
            "/_emulator/accounts/{id}/payment-methods",
            post(add_payment_method),
        )
        .route("/_emulator/accounts/{id}/entries", post(add_entry))
        .route(
            "/_emulator/accounts/{id}/entries/{history_id}",
            axum::routing::delete(remove_entry).patch(revise_entry),
        )
        .route(
            "/_emulator/accounts/{id}/withdrawals/{withdraw_id}",
            post(settle_withdrawal),
        )
        .route("/_emulator/outbox", get(outbox))
        .route("/_emulator/requests", get(requests).delete(clear_requests))
        .route(
            "/_emulator/faults",
            get(faults).post(add_fault).delete(clear_faults),
        )
        .route("/_emulator/clock", get(clock).post(set_clock))
        .route("/_emulator/latency", get(latency).post(set_latency))
}

fn admin(state: &Arc<Shared>) -> Admin {
    Admin::new(Arc::clone(state))
}

fn ok<T: Serialize>(body: &T) -> AdminResult {
    Ok(json_response(StatusCode::OK, body))
}

fn created<T: Serialize>(body: &T) -> AdminResult {
    Ok(json_response(StatusCode::CREATED, body))
}

impl From<AdminError> for ApiError {
    fn from(e: AdminError) -> Self {
        let message = e.to_string();
        match e {
            AdminError::UnknownAccount { .. } => ApiError::not_found(message),
            AdminError::AccountExists { .. } => {
                ApiError::new(StatusCode::CONFLICT, "Conflict", message)
            }
            AdminError::BalanceInsufficient(_) => {
                ApiError::new(StatusCode::PAYMENT_REQUIRED, "BalanceInsufficient", message)
            }
            AdminError::InvalidAmount(_) | AdminError::InvalidValue(_) => {
                ApiError::validation(message)
            }
            AdminError::Random(_) => ApiError::internal(message),
        }
    }
}

fn account_id(path: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    path.map(|Path(id)| id)
        .map_err(|e| ApiError::validation(format!("invalid account id in the path: {e}")))
}

/// The JSON body, or `T::default()` for an empty body.
async fn body<T: DeserializeOwned + Default>(request: Request) -> Result<T, ApiError> {
    let (parts, body) = request.into_parts();
    let bytes = read_body(&parts.headers, body).await?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(&bytes)
        .map_err(|e| ApiError::validation(format!("invalid admin request body: {e}")))
}

/// Like [`body`], for bodies without a sensible default.
async fn required_body<T: DeserializeOwned>(request: Request) -> Result<T, ApiError> {
    let (parts, body) = request.into_parts();
    let bytes = read_body(&parts.headers, body).await?;
    serde_json::from_slice(&bytes)
        .map_err(|e| ApiError::validation(format!("invalid admin request body: {e}")))
}

async fn reset(State(state): State<Arc<Shared>>) -> AdminResult {
    admin(&state).reset()?;
    ok(&serde_json::json!({ "reset": true }))
}

async fn list_accounts(State(state): State<Arc<Shared>>) -> AdminResult {
    let admin = admin(&state);
    let accounts: Vec<_> = admin
        .account_ids()
        .iter()
        .filter_map(|id| admin.account_state(id).ok())
        .collect();
    ok(&accounts)
}

async fn create_account(State(state): State<Arc<Shared>>, request: Request) -> AdminResult {
    let spec: AccountSpec = body(request).await?;
    created(&admin(&state).create_account(spec)?)
}

async fn get_account(
    State(state): State<Arc<Shared>>,
    path: Result<Path<String>, PathRejection>,
) -> AdminResult {
    ok(&admin(&state).account_state(&account_id(path)?)?)
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct AccountUpdate {
    status: Option<AccountStatus>,
    mfa: Option<bool>,
}

async fn update_account(
    State(state): State<Arc<Shared>>,
    path: Result<Path<String>, PathRejection>,
    request: Request,
) -> AdminResult {
    let id = account_id(path)?;
    let update: AccountUpdate = body(request).await?;
    let admin = admin(&state);
    if let Some(status) = update.status {
        admin.set_account_status(&id, status)?;
    }
    if let Some(mfa) = update.mfa {
        admin.set_mfa(&id, mfa)?;
    }
    ok(&admin.account_state(&id)?)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct KeyCreated<'a> {
    api_key: String,
    api_secret: &'a str,
    scopes: Vec<String>,
    role: crate::Role,
}

async fn create_key(
    State(state): State<Arc<Shared>>,
    path: Result<Path<String>, PathRejection>,
    request: Request,
) -> AdminResult {
    let id = account_id(path)?;
    let spec: KeySpec = body(request).await?;
    let (api_key, secret) = admin(&state).create_api_key(&id, spec.clone())?;
    created(&KeyCreated {
        api_key,
        api_secret: secret.expose_secret(),
        scopes: spec.scopes,
        role: spec.role,
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TokenCreated<'a> {
    access_token: &'a str,
    token_type: &'static str,
    expires_in: i64,
    scopes: Vec<String>,
    role: crate::Role,
}

async fn create_token(
    State(state): State<Arc<Shared>>,
    path: Result<Path<String>, PathRejection>,
    request: Request,
) -> AdminResult {
    let id = account_id(path)?;
    let spec: KeySpec = body(request).await?;
    let scopes: Vec<&str> = spec.scopes.iter().map(String::as_str).collect();
    let token = admin(&state).create_token(&id, &scopes, spec.role)?;
    created(&TokenCreated {
        access_token: token.expose_secret(),
        token_type: "Bearer",
        expires_in: TOKEN_LIFETIME.whole_seconds(),
        scopes: spec.scopes.clone(),
        role: spec.role,
    })
}

async fn add_payment_method(
    State(state): State<Arc<Shared>>,
    path: Result<Path<String>, PathRejection>,
    request: Request,
) -> AdminResult {
    let id = account_id(path)?;
    let spec: PaymentMethodSpec = body(request).await?;
    created(&admin(&state).register_payment_method(&id, spec)?)
}

/// The body of `POST /_emulator/accounts/{id}/entries`, one kind of entry per `kind`.
///
/// Read in two steps — the `kind` first, then the whole body as that kind's own struct —
/// rather than as a serde internally tagged enum: such an enum buffers the body's values
/// first, and a buffered fraction reaches [`Money`] as a binary float, which it refuses
/// (`{"kind": "charge", "amount": 8.4}` was refused so). Read straight from the body, money
/// takes every JSON number form the service sends (`8.4`, `-0.1`, `1e2`, `1e-18`) through
/// the types crate's exact decoder.
#[derive(Debug)]
enum NewEntry {
    /// A message charge (`DEDUCT`, points first).
    Charge(Charge),
    /// A manual change (`MANUAL`).
    Manual(Manual),
    /// Set balance and point (`SET`).
    Set(SetTo),
    /// Generated entries.
    Generate(Generate),
    /// An entry committed late (see [`crate::Admin::insert_late_entry`]).
    Late(Late),
}

/// The kinds, as `kind` names them.
const ENTRY_KINDS: &[&str] = &["charge", "manual", "set", "generate", "late"];

/// `{"kind": "charge", "amount", "groupId"?}`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Charge {
    #[serde(rename = "kind")]
    _kind: IgnoredAny,
    amount: Money,
    group_id: Option<String>,
}

/// `{"kind": "manual", "balanceAmount"?, "pointAmount"?, "memo"?}`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Manual {
    #[serde(rename = "kind")]
    _kind: IgnoredAny,
    #[serde(default = "zero")]
    balance_amount: Money,
    #[serde(default = "zero")]
    point_amount: Money,
    memo: Option<String>,
}

/// `{"kind": "set", "balance"?, "point"?, "memo"?}`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SetTo {
    #[serde(rename = "kind")]
    _kind: IgnoredAny,
    #[serde(default = "zero")]
    balance: Money,
    #[serde(default = "zero")]
    point: Money,
    memo: Option<String>,
}

/// `{"kind": "generate", "count", "seed"?}`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Generate {
    #[serde(rename = "kind")]
    _kind: IgnoredAny,
    count: u64,
    #[serde(default)]
    seed: u64,
}

/// `{"kind": "late", "dateCreated", "memo"?}`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Late {
    #[serde(rename = "kind")]
    _kind: IgnoredAny,
    #[serde(with = "crate::serde_time")]
    date_created: time::OffsetDateTime,
    memo: Option<String>,
}

fn zero() -> Money {
    Money::ZERO
}

impl NewEntry {
    /// Reads `bytes`: its `kind`, then the body as that kind's struct.
    fn from_json(bytes: &[u8]) -> Result<NewEntry, serde_json::Error> {
        /// Only the tag; the other fields are read with the kind's struct.
        #[derive(Deserialize)]
        struct Tag {
            kind: String,
        }
        let Tag { kind } = serde_json::from_slice(bytes)?;
        Ok(match kind.as_str() {
            "charge" => NewEntry::Charge(serde_json::from_slice(bytes)?),
            "manual" => NewEntry::Manual(serde_json::from_slice(bytes)?),
            "set" => NewEntry::Set(serde_json::from_slice(bytes)?),
            "generate" => NewEntry::Generate(serde_json::from_slice(bytes)?),
            "late" => NewEntry::Late(serde_json::from_slice(bytes)?),
            other => return Err(serde::de::Error::unknown_variant(other, ENTRY_KINDS)),
        })
    }
}

async fn add_entry(
    State(state): State<Arc<Shared>>,
    path: Result<Path<String>, PathRejection>,
    request: Request,
) -> AdminResult {
    let id = account_id(path)?;
    let (parts, body) = request.into_parts();
    let bytes = read_body(&parts.headers, body).await?;
    let new = NewEntry::from_json(&bytes)
        .map_err(|e| ApiError::validation(format!("invalid admin request body: {e}")))?;
    let admin = admin(&state);
    let entry = match new {
        NewEntry::Charge(Charge {
            amount, group_id, ..
        }) => admin.charge_message(&id, amount, group_id.as_deref())?,
        NewEntry::Manual(Manual {
            balance_amount,
            point_amount,
            memo,
            ..
        }) => admin.adjust(&id, balance_amount, point_amount, memo.as_deref())?,
        NewEntry::Set(SetTo {
            balance,
            point,
            memo,
            ..
        }) => admin.set_balance(&id, balance, point, memo.as_deref())?,
        NewEntry::Generate(Generate { count, seed, .. }) => {
            // Generating runs on the caller's task; a million entries take about a
            // second, which is acceptable for an admin call.
            admin.generate_entries(&id, count, seed)?;
            return created(&admin.account_state(&id)?);
        }
        NewEntry::Late(Late {
            date_created, memo, ..
        }) => admin.insert_late_entry(&id, date_created, memo.as_deref())?,
    };
    created(&entry)
}

/// `DELETE /_emulator/accounts/{id}/entries/{history_id}`: a gap in the chain.
async fn remove_entry(
    State(state): State<Arc<Shared>>,
    path: Result<Path<(String, String)>, PathRejection>,
) -> AdminResult {
    let Path((id, history_id)) =
        path.map_err(|e| ApiError::validation(format!("invalid path: {e}")))?;
    ok(&admin(&state).remove_entry(&id, &history_id)?)
}

/// The body of `PATCH /_emulator/accounts/{id}/entries/{history_id}`: `{"memo": …}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Revision {
    memo: Option<String>,
}

/// `PATCH /_emulator/accounts/{id}/entries/{history_id}`: the entry with another memo.
async fn revise_entry(
    State(state): State<Arc<Shared>>,
    path: Result<Path<(String, String)>, PathRejection>,
    request: Request,
) -> AdminResult {
    let Path((id, history_id)) =
        path.map_err(|e| ApiError::validation(format!("invalid path: {e}")))?;
    let (parts, body) = request.into_parts();
    let bytes = read_body(&parts.headers, body).await?;
    let revision: Revision = serde_json::from_slice(&bytes)
        .map_err(|e| ApiError::validation(format!("invalid admin request body: {e}")))?;
    ok(&admin(&state).revise_entry(&id, &history_id, revision.memo.as_deref())?)
}

/// The body of `POST /_emulator/accounts/{id}/withdrawals/{withdraw_id}`: `{"status": …}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Settlement {
    status: solapi_cash_types::WithdrawStatus,
}

/// `POST /_emulator/accounts/{id}/withdrawals/{withdraw_id}`: a `PENDING` withdrawal paid out
/// (`COMPLETED`) or refused (`REJECTED`, refunded).
async fn settle_withdrawal(
    State(state): State<Arc<Shared>>,
    path: Result<Path<(String, String)>, PathRejection>,
    request: Request,
) -> AdminResult {
    let Path((id, withdraw_id)) =
        path.map_err(|e| ApiError::validation(format!("invalid path: {e}")))?;
    let (parts, body) = request.into_parts();
    let bytes = read_body(&parts.headers, body).await?;
    let settlement: Settlement = serde_json::from_slice(&bytes)
        .map_err(|e| ApiError::validation(format!("invalid admin request body: {e}")))?;
    ok(&admin(&state).settle_withdrawal(&id, &withdraw_id, settlement.status)?)
}

async fn outbox(State(state): State<Arc<Shared>>) -> AdminResult {
    ok(&admin(&state).outbox())
}

async fn requests(State(state): State<Arc<Shared>>) -> AdminResult {
    ok(&admin(&state).request_log())
}

async fn clear_requests(State(state): State<Arc<Shared>>) -> AdminResult {
    admin(&state).clear_request_log();
    ok(&serde_json::json!({ "cleared": true }))
}

async fn faults(State(state): State<Arc<Shared>>) -> AdminResult {
    ok(&admin(&state).pending_faults())
}

async fn add_fault(State(state): State<Arc<Shared>>, request: Request) -> AdminResult {
    let spec: FaultSpec = required_body(request).await?;
    let admin = admin(&state);
    admin.inject_fault(spec);
    created(&admin.pending_faults())
}

async fn clear_faults(State(state): State<Arc<Shared>>) -> AdminResult {
    admin(&state).clear_faults();
    ok(&serde_json::json!({ "cleared": true }))
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ClockUpdate {
    offset_ms: Option<i64>,
    offset_seconds: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ClockState {
    offset_ms: i128,
    #[serde(with = "crate::serde_time")]
    now: time::OffsetDateTime,
}

fn clock_state(admin: &Admin) -> ClockState {
    ClockState {
        offset_ms: admin.clock_offset().whole_milliseconds(),
        now: admin.now(),
    }
}

async fn clock(State(state): State<Arc<Shared>>) -> AdminResult {
    ok(&clock_state(&admin(&state)))
}

async fn set_clock(State(state): State<Arc<Shared>>, request: Request) -> AdminResult {
    let update: ClockUpdate = required_body(request).await?;
    let offset = match (update.offset_ms, update.offset_seconds) {
        (Some(ms), None) => time::Duration::milliseconds(ms),
        (None, Some(s)) => time::Duration::seconds(s),
        _ => {
            return Err(ApiError::validation(
                "give exactly one of `offsetMs` and `offsetSeconds`",
            ));
        }
    };
    let admin = admin(&state);
    admin.set_clock_offset(offset);
    ok(&clock_state(&admin))
}

/// The body of `GET`/`POST /_emulator/latency`: milliseconds added to every API request.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Latency {
    ms: u64,
}

fn latency_state(admin: &Admin) -> Latency {
    Latency {
        ms: u64::try_from(admin.latency().as_millis()).unwrap_or(u64::MAX),
    }
}

async fn latency(State(state): State<Arc<Shared>>) -> AdminResult {
    ok(&latency_state(&admin(&state)))
}

async fn set_latency(State(state): State<Arc<Shared>>, request: Request) -> AdminResult {
    let Latency { ms } = required_body(request).await?;
    let max = crate::config::MAX_LATENCY.as_millis();
    if u128::from(ms) > max {
        return Err(ApiError::validation(format!(
            "`ms` must be at most {max} (ten minutes), not {ms}"
        )));
    }
    let admin = admin(&state);
    admin.set_latency(std::time::Duration::from_millis(ms));
    ok(&latency_state(&admin))
}
