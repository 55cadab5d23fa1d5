//! [`Call`]: one API call, attempt by attempt, without I/O.
//!
//! A transport drives it:
//!
//! ```text
//! loop {
//!     let request = call.next_request()?;          // freshly signed
//!     let result = transport.send(request);        // bytes move here, and only here
//!     match call.receive(result) {
//!         Step::Done(result) => return result,
//!         Step::Retry(wait) => sleep(wait),
//!     }
//! }
//! ```
//!
//! Everything else — signing each attempt anew, reading the answer, correcting the clock
//! after `RequestTimeTooSkewed`, deciding whether a retry is safe, tracing — happens here, once
//! for both clients.

use std::sync::Arc;
use std::time::{Duration, Instant};

use http::header::{AUTHORIZATION, DATE, RETRY_AFTER};
use http::{HeaderMap, HeaderValue, Method, Request, Response, Uri};
use solapi_cash_types::models::{
    BalanceResponse, HistoryEntry, MfaData, RechargeRequest, RechargeResponse,
};
use solapi_cash_types::query::HistoryQuery;
use time::OffsetDateTime;
use tracing::field::Empty;

use crate::config::ClientConfig;
use crate::endpoints::{self, balance_request, history_request, recharge_request};
use crate::error::{
    Error, ErrorKind, Outcome, RechargeAttempt, TransportError, TransportErrorKind,
};
use crate::operation::Operation;
use crate::retry::{Failure, RetryDecision, parse_http_date, parse_retry_after};

/// What a transport does after handing a result to [`Call::receive`].
#[derive(Debug)]
pub enum Step<T> {
    /// Wait, then send [`Call::next_request`] again.
    Retry(Duration),
    /// The call is over.
    Done(Result<T, Error>),
}

/// One API call: the unsigned request, the retry state, and how to read the answer.
pub struct Call<T> {
    config: Arc<ClientConfig>,
    operation: Operation,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Vec<u8>,
    read: fn(&Response<Vec<u8>>) -> Result<T, Error>,
    after_success: fn(&ClientConfig, &T),
    attempt: u32,
    skew_corrected: bool,
    started_at: OffsetDateTime,
    sent_at: Option<Instant>,
    server_date: Option<OffsetDateTime>,
    recharge: Option<RechargeRequest>,
    span: tracing::Span,
}

impl<T> std::fmt::Debug for Call<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call")
            .field("operation", &self.operation)
            .field("uri", &self.uri)
            .field("attempt", &self.attempt)
            .finish_non_exhaustive()
    }
}

impl Call<BalanceResponse> {
    /// `GET /cash/v1/balance`.
    pub fn balance(config: &Arc<ClientConfig>) -> Result<Self, Error> {
        let request = balance_request(&config.base_url)?;
        Call::new(
            config,
            Operation::Balance,
            request,
            endpoints::read_balance,
            None,
        )
    }
}

impl Call<RechargeResponse> {
    /// `POST /cash/v1/balance`, answering a second-factor challenge when `mfa` is given.
    pub fn recharge(
        config: &Arc<ClientConfig>,
        recharge: &RechargeRequest,
        mfa: Option<&MfaData>,
    ) -> Result<Self, Error> {
        let request = recharge_request(&config.base_url, recharge, mfa)?;
        let attempt = Some(recharge.clone());
        let mut call = Call::new(
            config,
            Operation::Recharge,
            request,
            endpoints::read_recharge,
            attempt,
        )?;
        // Reconciling a later attempt must not mistake this one's entry for its own.
        call.after_success = |config, receipt| config.remember_recharge(&receipt.history_id);
        Ok(call)
    }
}

impl Call<Vec<HistoryEntry>> {
    /// One page of `GET /cash/v1/balance/history`.
    pub fn history(config: &Arc<ClientConfig>, query: &HistoryQuery) -> Result<Self, Error> {
        let request = history_request(&config.base_url, query)?;
        Call::new(
            config,
            Operation::History,
            request,
            endpoints::read_history,
            None,
        )
    }
}

impl Call<Vec<u8>> {
    /// One page of `GET /cash/v1/balance/history`, as the body's bytes: retries and errors
    /// as for [`Call::history`], decoding left to
    /// [`decode_history_body`](crate::endpoints::decode_history_body).
    pub fn history_bytes(config: &Arc<ClientConfig>, query: &HistoryQuery) -> Result<Self, Error> {
        let request = history_request(&config.base_url, query)?;
        Call::new(
            config,
            Operation::History,
            request,
            endpoints::read_history_bytes,
            None,
        )
    }
}

impl<T> Call<T> {
    fn new(
        config: &Arc<ClientConfig>,
        operation: Operation,
        request: Request<Vec<u8>>,
        read: fn(&Response<Vec<u8>>) -> Result<T, Error>,
        recharge: Option<RechargeRequest>,
    ) -> Result<Self, Error> {
        let (parts, body) = request.into_parts();
        let span = tracing::info_span!(
            "solapi_cash.call",
            operation = operation.name(),
            method = %parts.method,
            path = operation.path(),
        );
        Ok(Call {
            config: Arc::clone(config),
            operation,
            method: parts.method,
            uri: parts.uri,
            headers: parts.headers,
            body,
            read,
            after_success: |_, _| {},
            attempt: 0,
            skew_corrected: false,
            started_at: config.clock.now(),
            sent_at: None,
            server_date: None,
            recharge,
            span,
        })
    }

    /// The operation this call performs.
    pub fn operation(&self) -> Operation {
        self.operation
    }

    /// The span covering the whole call; transports run the exchange inside it.
    pub fn span(&self) -> &tracing::Span {
        &self.span
    }

    /// The server's `Date` of the last response, if it sent one.
    pub fn server_date(&self) -> Option<OffsetDateTime> {
        self.server_date
    }

    /// The next attempt's request, signed afresh: every attempt needs a new salt and
    /// signature, or the server answers `DuplicatedSignature`.
    pub fn next_request(&mut self) -> Result<Request<Vec<u8>>, Error> {
        let auth = self
            .config
            .credentials
            .authorization(self.config.clock.offset())
            .map_err(|e| Error::invalid_input(self.operation, e.to_string()))?;
        let value = HeaderValue::from_str(auth.header_value()).map_err(|_| {
            Error::invalid_input(
                self.operation,
                "the API key or token holds characters that cannot be sent in a header",
            )
        })?;
        let mut request = Request::new(self.body.clone());
        *request.method_mut() = self.method.clone();
        *request.uri_mut() = self.uri.clone();
        *request.headers_mut() = self.headers.clone();
        let mut value = value;
        value.set_sensitive(true);
        request.headers_mut().insert(AUTHORIZATION, value);
        self.attempt += 1;
        self.sent_at = Some(Instant::now());
        Ok(request)
    }

    /// Takes the outcome of the attempt just sent and says what to do next.
    pub fn receive(&mut self, result: Result<Response<Vec<u8>>, TransportError>) -> Step<T> {
        let elapsed = self.sent_at.take().map(|t| t.elapsed()).unwrap_or_default();
        match result {
            Ok(response) => {
                self.server_date = response
                    .headers()
                    .get(DATE)
                    .and_then(|v| v.to_str().ok())
                    .and_then(parse_http_date);
                tracing::debug!(
                    parent: &self.span,
                    attempt = self.attempt,
                    status = response.status().as_u16(),
                    elapsed_ms = u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX),
                    "response"
                );
                match (self.read)(&response) {
                    Ok(value) => {
                        (self.after_success)(&self.config, &value);
                        Step::Done(Ok(value))
                    }
                    Err(error) => self.after_error_response(error, &response),
                }
            }
            Err(failure) => {
                let kind = failure.kind();
                tracing::debug!(
                    parent: &self.span,
                    attempt = self.attempt,
                    status = Empty,
                    elapsed_ms = u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX),
                    failure = ?kind,
                    "transport failure"
                );
                let error = self.transport_error(failure);
                self.decide(Failure::Transport(kind), None, error)
            }
        }
    }

    fn transport_error(&self, failure: TransportError) -> Error {
        let (kind, sent) = match failure.kind() {
            TransportErrorKind::Connect => (ErrorKind::Connect, false),
            TransportErrorKind::Timeout => (ErrorKind::Timeout, true),
            TransportErrorKind::Network => (ErrorKind::Network, true),
            TransportErrorKind::BodyTooLarge => (ErrorKind::Decode, true),
        };
        let outcome = if sent && self.operation.changes_money() {
            Outcome::Unknown
        } else {
            Outcome::NotApplied
        };
        Error::new(self.operation, kind, outcome).with_source(failure)
    }

    fn after_error_response(&mut self, error: Error, response: &Response<Vec<u8>>) -> Step<T> {
        let Some(status) = error.status().filter(|s| !s.is_success()) else {
            // A success we could not read: nothing to retry.
            return self.finish(error);
        };
        if error.api_code() == Some("RequestTimeTooSkewed") {
            return self.correct_skew(error);
        }
        let now = self.server_date.unwrap_or_else(|| self.config.clock.now());
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, now));
        let code = error.api_code().map(str::to_owned);
        let failure = Failure::Status {
            status,
            error_code: code.as_deref(),
        };
        self.decide(failure, retry_after, error)
    }

    /// The server rejected our clock: adopt its time (from `Date`) and try once more. Safe
    /// for a recharge too: the signature check comes before any processing.
    fn correct_skew(&mut self, error: Error) -> Step<T> {
        match self.server_date {
            Some(server_now) if !self.skew_corrected => {
                self.skew_corrected = true;
                let offset = self.config.clock.correct_to(server_now);
                tracing::info!(
                    parent: &self.span,
                    offset_ms = offset.whole_milliseconds() as i64,
                    "clock skew corrected from the server's Date header"
                );
                Step::Retry(Duration::ZERO)
            }
            Some(_) => self.finish(error.with_detail(format!(
                "the clock was corrected by {} s and the server still rejects it",
                self.config.clock.offset().whole_seconds()
            ))),
            None => self.finish(
                error.with_detail("the server sent no Date header to correct the clock from"),
            ),
        }
    }

    fn decide(
        &mut self,
        failure: Failure<'_>,
        retry_after: Option<Duration>,
        error: Error,
    ) -> Step<T> {
        let random = getrandom::u64().unwrap_or(u64::from(self.attempt));
        let decision = self.config.retry.decide(
            failure,
            self.attempt,
            !self.operation.changes_money(),
            retry_after,
            random,
        );
        match decision {
            RetryDecision::RetryAfter(wait) => {
                tracing::debug!(
                    parent: &self.span,
                    attempt = self.attempt,
                    wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                    "retrying"
                );
                Step::Retry(wait)
            }
            RetryDecision::Stop => self.finish(error),
        }
    }

    fn finish(&mut self, error: Error) -> Step<T> {
        let mut error = error.with_attempts(self.attempt);
        if error.outcome() == Outcome::Unknown
            && let Some(request) = self.recharge.clone()
        {
            error = error.with_recharge(RechargeAttempt {
                request,
                started_at: self.started_at,
            });
        }
        Step::Done(Err(error))
    }
}
