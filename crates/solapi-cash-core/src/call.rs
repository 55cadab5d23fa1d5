//! [`Call`]: one API call, attempt by attempt, without I/O.
//!
//! A transport drives it as a [`Machine`]. Everything else — signing each attempt anew,
//! reading the answer, correcting the clock after `RequestTimeTooSkewed`, deciding whether a
//! retry is safe, tracing — happens here, once for both clients.

use std::mem;
use std::sync::Arc;
use std::time::Duration;

use http::header::{AUTHORIZATION, DATE, RETRY_AFTER};
use http::{HeaderMap, Method, Request, Response, StatusCode, Uri};
use time::OffsetDateTime;
use tracing::field::Empty;

use crate::cancel::Cancel;
use crate::context::Context;
use crate::endpoint::{Endpoint, History};
use crate::error::{Error, ErrorKind, Outcome, TransportError, TransportErrorKind};
use crate::http_date::parse_http_date;
use crate::machine::{Action, Machine};
use crate::operation::Operation;
use crate::rate_limit::{Class, RateHeaders};
use crate::reconcile::{Prior, PriorRead};
use crate::retry::{Failure, RetryDecision, parse_retry_after};
use crate::route::Route;

/// A rate-limit wait this long or longer is announced at info level (the CLI prints it).
const LONG_WAIT: Duration = Duration::from_secs(1);

/// 429s answered in one call that do not count as attempts, at most: a bound for a server
/// that answers 429 with no wait at all.
const MAX_FREE_429S: u32 = 64;

/// The shortest wait after a 429 (a server may say 0).
const MIN_429_WAIT: Duration = Duration::from_millis(10);

/// One call of an [`Endpoint`]: the unsigned request, the retry state, and how to read the
/// answer. Made by [`Engine::call`](crate::Engine::call); a [`Machine`] whose output is the endpoint's.
pub struct Call<E: Endpoint> {
    context: Arc<Context>,
    endpoint: E,
    /// The declared operation, if the request is one.
    operation: Option<Operation>,
    /// Its method, path and repeat rule (a raw request's too).
    route: Route,
    template: Option<Template>,
    state: State<E::Output>,
    attempt: u32,
    /// Attempts answered 429 while the rate-limit waits stayed within the policy's limit:
    /// they do not count against the attempts.
    rate_limited: u32,
    /// Time waited for the service's rate limit so far (before sending and after 429s).
    rate_limit_waited: Duration,
    class: Class,
    skew_corrected: bool,
    /// The monotonic reading when the call began: a recharge's attempt starts here.
    began: Duration,
    sent_at: Duration,
    server_date: Option<OffsetDateTime>,
    cancel: Option<Cancel>,
    span: tracing::Span,
    /// For a call that moves money: the read of the matching entries that exist before it is
    /// sent, while it is under way (see `reconcile/prior.rs`), and what it found.
    prior_read: Option<Box<PriorPhase>>,
    prior: Prior,
}

/// The read before a money-moving call: the pure read and its page under way.
struct PriorPhase {
    read: PriorRead,
    call: Option<Call<History>>,
}

/// The request every attempt starts from.
struct Template {
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Vec<u8>,
}

enum State<T> {
    /// The next attempt can be sent.
    Ready,
    /// Wait before the next attempt.
    Waiting(Duration),
    /// An attempt is out; its answer is due.
    Sent,
    /// Over; the result until it is handed out.
    Finished(Option<Result<T, Error>>),
}

impl<E: Endpoint> std::fmt::Debug for Call<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call")
            .field("operation", &self.operation)
            .field("route", &self.route.path)
            .field("uri", &self.template.as_ref().map(|t| &t.uri))
            .field("attempt", &self.attempt)
            .finish_non_exhaustive()
    }
}

impl<E: Endpoint> Call<E> {
    pub(crate) fn new(context: &Arc<Context>, endpoint: E) -> Call<E> {
        let route = endpoint.route();
        let operation = route.operation;
        let span = tracing::info_span!(
            "solapi_cash.call",
            operation = route.name(),
            method = %route.method,
            path = route.path.as_str(),
        );
        let (template, state) = match endpoint.request(context.config.base_url()) {
            Ok(request) => {
                let (parts, body) = request.into_parts();
                let template = Template {
                    method: parts.method,
                    uri: parts.uri,
                    headers: parts.headers,
                    body,
                };
                (Some(template), State::Ready)
            }
            Err(error) => (None, State::Finished(Some(Err(error)))),
        };
        // A call that moves money first reads the matching entries that exist before it is
        // sent: none of them can be its entry if its answer is lost.
        let (prior_read, prior) = match endpoint.moved_money() {
            Some(entry) if matches!(state, State::Ready) => match PriorRead::new(entry) {
                Ok(read) => (
                    Some(Box::new(PriorPhase { read, call: None })),
                    Prior::NotRead,
                ),
                Err(_) => (None, Prior::Unreadable),
            },
            _ => (None, Prior::NotRead),
        };
        Call {
            prior_read,
            prior,
            operation,
            template,
            state,
            attempt: 0,
            rate_limited: 0,
            rate_limit_waited: Duration::ZERO,
            class: Class::of(&route.method),
            route,
            skew_corrected: false,
            began: context.clock.monotonic(),
            sent_at: Duration::ZERO,
            server_date: None,
            cancel: None,
            span,
            endpoint,
            context: Arc::clone(context),
        }
    }

    /// Stops the call at its next attempt once `cancel` is set.
    pub(crate) fn cancelled_by(mut self, cancel: &Cancel) -> Call<E> {
        self.cancel = Some(cancel.clone());
        self
    }

    /// The endpoint.
    pub fn endpoint(&self) -> &E {
        &self.endpoint
    }

    /// The server's `Date` of the last response, if it sent one.
    pub fn server_date(&self) -> Option<OffsetDateTime> {
        self.server_date
    }

    /// Whether the next action is an attempt (not a wait, not the end): a shared pace can
    /// hold it back first.
    pub(crate) fn about_to_send(&self) -> bool {
        if let Some(phase) = &self.prior_read {
            return phase.call.as_ref().is_none_or(Call::about_to_send) && !self.is_cancelled();
        }
        matches!(self.state, State::Ready) && !self.is_cancelled()
    }

    /// The next action of the read before a money-moving call, while it is under way; `None`
    /// once it is over (its answer kept for the attempt) and the call itself can go on.
    fn prior_action(&mut self) -> Option<Action<E::Output>> {
        loop {
            let phase = self.prior_read.as_mut()?;
            let (context, cancel) = (&self.context, &self.cancel);
            let call = phase.call.get_or_insert_with(|| {
                let call = Call::new(context, History::new(phase.read.query()));
                match cancel {
                    Some(cancel) => call.cancelled_by(cancel),
                    None => call,
                }
            });
            let over = match call.next_action() {
                Action::Send(request) => return Some(Action::Send(request)),
                Action::Sleep(wait) => return Some(Action::Sleep(wait)),
                Action::Done(Ok(page)) => {
                    let now = call
                        .server_date()
                        .unwrap_or_else(|| self.context.server_now());
                    phase.call = None;
                    match phase.read.deliver(page, now) {
                        Some(prior) => Ok(prior),
                        None => continue,
                    }
                }
                Action::Done(Err(error)) => Err(error),
            };
            self.prior_read = None;
            // The attempt begins after the read: its start is read from the read's `Date`.
            self.began = self.context.clock.monotonic();
            match over {
                Ok(prior) => self.prior = prior,
                Err(error) if error.kind() == ErrorKind::Cancelled => {
                    // Nothing that moves money was sent.
                    self.state = State::Finished(Some(Err(self
                        .error(ErrorKind::Cancelled, Outcome::NotApplied)
                        .with_detail("cancelled before the request was sent"))));
                }
                Err(error) => {
                    tracing::info!(
                        parent: &self.span,
                        error = %error,
                        "the history could not be read before the call: a lost answer cannot be proved applied"
                    );
                    self.prior = Prior::Unreadable;
                }
            }
            return None;
        }
    }

    /// The next attempt's request, signed afresh: every attempt needs a new salt and
    /// signature, or the server answers `DuplicatedSignature`.
    fn signed_request(&self) -> Result<Request<Vec<u8>>, Error> {
        let Some(template) = &self.template else {
            return Err(self
                .error(ErrorKind::InvalidInput, Outcome::NotApplied)
                .with_detail("the request was not built"));
        };
        let authorization = self
            .context
            .authorization(self.operation)
            .map_err(|e| e.with_raw_route(&self.route))?;
        let mut request = Request::new(template.body.clone());
        *request.method_mut() = template.method.clone();
        *request.uri_mut() = template.uri.clone();
        *request.headers_mut() = template.headers.clone();
        request.headers_mut().insert(AUTHORIZATION, authorization);
        Ok(request)
    }

    fn elapsed_ms(&self) -> u64 {
        let elapsed = self.context.clock.monotonic().saturating_sub(self.sent_at);
        u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX)
    }

    fn read_response(&mut self, response: Response<Vec<u8>>) -> State<E::Output> {
        self.server_date = response
            .headers()
            .get(DATE)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_http_date);
        if let Some(date) = self.server_date {
            self.context
                .observe_server_date(date, self.context.clock.monotonic());
        }
        let server_now = self
            .server_date
            .unwrap_or_else(|| self.context.server_now());
        let limits = RateHeaders::read(response.headers(), server_now);
        self.context.budget.observe(
            self.class,
            limits,
            response.status() == StatusCode::TOO_MANY_REQUESTS,
        );
        tracing::debug!(
            parent: &self.span,
            attempt = self.attempt,
            status = response.status().as_u16(),
            elapsed_ms = self.elapsed_ms(),
            "response"
        );
        match self.endpoint.read(&response) {
            Ok(value) => {
                if let Some(history_id) = E::written_entry(&value) {
                    self.context.session.remember_recharge(history_id);
                }
                State::Finished(Some(Ok(value)))
            }
            Err(error) => self.after_error_response(error, &response),
        }
    }

    fn transport_error(&self, failure: TransportError) -> Error {
        let (kind, sent) = match failure.kind() {
            TransportErrorKind::Connect => (ErrorKind::Connect, false),
            TransportErrorKind::Timeout => (ErrorKind::Timeout, true),
            TransportErrorKind::Network => (ErrorKind::Network, true),
            TransportErrorKind::BodyTooLarge => (ErrorKind::Decode, true),
            TransportErrorKind::Redirected => (ErrorKind::UnexpectedStatus, true),
        };
        // A 2xx status line that arrived before the body failed is evidence, not proof: a
        // proxy or gateway in front of the service answers 2xx too. A recharge that may have
        // been sent is of unknown outcome until reconciliation finds its entry.
        let status = failure.status();
        let outcome = if self.route.changes_state() && sent {
            Outcome::Unknown
        } else {
            Outcome::NotApplied
        };
        let error = self.error(kind, outcome);
        let error = match status {
            Some(status) => error.with_status(status),
            None => error,
        };
        let error = if failure.kind() == TransportErrorKind::BodyTooLarge {
            error.with_detail(format!(
                "the body is larger than the limit of {} bytes",
                self.context.config.max_body_bytes()
            ))
        } else {
            error
        };
        error.with_source(failure)
    }

    fn after_error_response(
        &mut self,
        error: Error,
        response: &Response<Vec<u8>>,
    ) -> State<E::Output> {
        let Some(status) = error.status().filter(|s| !s.is_success()) else {
            // A success we could not read: nothing to retry.
            return self.finish(error);
        };
        if error.api_code() == Some("RequestTimeTooSkewed") {
            return self.correct_skew(error);
        }
        let now = self
            .server_date
            .unwrap_or_else(|| self.context.server_now());
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, now));
        if status == StatusCode::TOO_MANY_REQUESTS {
            return self.after_rate_limit(error, retry_after);
        }
        let code = error.api_code().map(str::to_owned);
        let failure = Failure::Status {
            status,
            error_code: code.as_deref(),
        };
        self.decide(failure, retry_after, error)
    }

    /// The server rejected our clock: adopt its time (from `Date`) and try once more. Safe
    /// for a recharge too: the signature check comes before any processing.
    fn correct_skew(&mut self, error: Error) -> State<E::Output> {
        match self.server_date {
            Some(server_now) if !self.skew_corrected => {
                self.skew_corrected = true;
                let offset = self.context.correct_clock(server_now);
                tracing::info!(
                    parent: &self.span,
                    offset_ms = offset.whole_milliseconds() as i64,
                    "clock skew corrected from the server's Date header"
                );
                State::Waiting(Duration::ZERO)
            }
            Some(_) => self.finish(error.with_detail(format!(
                "the clock was corrected by {} s and the server still rejects it",
                self.context.session.offset().whole_seconds()
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
    ) -> State<E::Output> {
        let decision = self.context.config.retry().decide(
            failure,
            self.attempt.saturating_sub(self.rate_limited),
            self.route.safe_to_repeat(),
            retry_after,
            self.context.entropy.jitter(),
        );
        match decision {
            RetryDecision::RetryAfter(_) if self.is_cancelled() => self.finish(self.cancelled()),
            RetryDecision::RetryAfter(wait) if !self.within_deadline(wait) => {
                let deadline = self.context.config.retry().deadline().unwrap_or_default();
                self.finish(error.with_detail(format!(
                    "not retried: the next attempt would start past the deadline of {} s",
                    deadline.as_secs()
                )))
            }
            RetryDecision::RetryAfter(wait) => {
                tracing::debug!(
                    parent: &self.span,
                    attempt = self.attempt,
                    wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                    "retrying"
                );
                State::Waiting(wait)
            }
            RetryDecision::Stop => self.finish(error),
        }
    }

    /// A 429: the request was refused before processing (a recharge too). Wait as long as the
    /// server said (`Retry-After`, else the end of its window from `x-ratelimit-reset`, else
    /// a bounded backoff) and send again without counting the attempt, while the waits for
    /// the rate limit stay within [`RetryPolicy::max_rate_limit_wait`] and the deadline.
    ///
    /// [`RetryPolicy::max_rate_limit_wait`]: crate::RetryPolicy::max_rate_limit_wait
    fn after_rate_limit(
        &mut self,
        error: Error,
        retry_after: Option<Duration>,
    ) -> State<E::Output> {
        let policy = self.context.config.retry();
        let wait = retry_after
            .or_else(|| self.context.budget.until_reset(self.class))
            .unwrap_or_else(|| {
                policy
                    .backoff(
                        self.rate_limited.saturating_add(1),
                        self.context.entropy.jitter(),
                    )
                    .min(policy.max_delay())
            })
            .max(MIN_429_WAIT);
        let limit = policy.max_rate_limit_wait();
        if self.is_cancelled() {
            return self.finish(self.cancelled());
        }
        let total = self.rate_limit_waited.saturating_add(wait);
        if total > limit || self.rate_limited >= MAX_FREE_429S {
            return self.finish(error.with_detail(format!(
                "the service's rate limit asked for a wait of {} in all, more than the {} allowed \
                 (max_rate_limit_wait)",
                seconds(total),
                seconds(limit)
            )));
        }
        if !self.within_deadline(wait) {
            let deadline = policy.deadline().unwrap_or_default();
            return self.finish(error.with_detail(format!(
                "not retried: the rate limit's wait of {} would end past the deadline of {} s",
                seconds(wait),
                deadline.as_secs()
            )));
        }
        self.rate_limited += 1;
        self.note_rate_limit_wait(wait);
        State::Waiting(wait)
    }

    /// Counts a wait for the rate limit and announces a long one.
    fn note_rate_limit_wait(&mut self, wait: Duration) {
        self.rate_limit_waited = self.rate_limit_waited.saturating_add(wait);
        if wait >= LONG_WAIT {
            tracing::info!(
                target: "solapi_cash::rate_limit",
                parent: &self.span,
                wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                "the service's rate limit: waiting {}",
                seconds(wait)
            );
        } else {
            tracing::debug!(
                target: "solapi_cash::rate_limit",
                parent: &self.span,
                wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                "the service's rate limit: waiting"
            );
        }
    }

    /// Before an attempt: the budget is spent, so wait for the window instead of drawing a
    /// 429. `None` when the attempt may go now.
    fn pace(&mut self) -> Option<State<E::Output>> {
        let wait = self.context.budget.acquire(self.class)?;
        if !self.within_deadline(wait) {
            let deadline = self.context.config.retry().deadline().unwrap_or_default();
            let error = self
                .error(ErrorKind::RateLimited, Outcome::NotApplied)
                .with_detail(format!(
                    "not sent: the service's rate limit holds it for {}, past the deadline of {} s",
                    seconds(wait),
                    deadline.as_secs()
                ));
            return Some(self.finish(error));
        }
        self.note_rate_limit_wait(wait);
        Some(State::Waiting(wait))
    }

    /// Signs and hands out the next attempt.
    fn send_attempt(&mut self) -> Action<E::Output> {
        match self.signed_request() {
            Ok(request) => {
                self.attempt += 1;
                self.sent_at = self.context.clock.monotonic();
                self.state = State::Sent;
                Action::Send(request)
            }
            Err(error) => {
                self.state = self.finish(error);
                self.next_action()
            }
        }
    }

    /// Whether a retry after `wait` starts within the retry policy's deadline, counted from
    /// the call's start on the client's monotonic clock.
    fn within_deadline(&self, wait: Duration) -> bool {
        let elapsed = self.context.clock.monotonic().saturating_sub(self.began);
        self.context.config.retry().within_deadline(elapsed, wait)
    }

    /// An error of this call (a raw request's names its route).
    fn error(&self, kind: ErrorKind, outcome: Outcome) -> Error {
        Error::new(self.operation, kind, outcome).with_raw_route(&self.route)
    }

    /// The error of a call nobody waits for any more (see [`Error::cancelled`]).
    fn cancelled(&self) -> Error {
        let outcome = if self.route.changes_state() {
            Outcome::Unknown
        } else {
            Outcome::NotApplied
        };
        self.error(ErrorKind::Cancelled, outcome)
    }

    fn finish(&self, error: Error) -> State<E::Output> {
        let mut error = error.with_attempts(self.attempt);
        if error.may_have_been_applied()
            && let Some(entry) = self.endpoint.moved_money()
        {
            let request = self.endpoint.recharge_request();
            let attempt = self.context.attempt(entry, request, self.began);
            error = error.with_recharge(attempt.with_prior(self.prior.clone()));
        }
        State::Finished(Some(Err(error)))
    }
}

impl<E: Endpoint> Machine for Call<E> {
    type Output = E::Output;

    fn next_action(&mut self) -> Action<E::Output> {
        if let Some(action) = self.prior_action() {
            return action;
        }
        match mem::replace(&mut self.state, State::Ready) {
            State::Finished(result) => {
                self.state = State::Finished(None);
                Action::Done(result.unwrap_or_else(|| {
                    Err(self
                        .error(ErrorKind::InvalidInput, Outcome::NotApplied)
                        .with_detail("the call is already over"))
                }))
            }
            // A backoff or `Retry-After` is not waited out for a result nobody wants.
            State::Waiting(_) if self.is_cancelled() => {
                self.state = self.finish(self.cancelled());
                self.next_action()
            }
            State::Waiting(wait) => Action::Sleep(wait),
            State::Sent => {
                // The transport asked again without delivering the answer: treat it as lost.
                self.state = State::Sent;
                self.receive(Err(TransportError::new(
                    TransportErrorKind::Network,
                    "the transport delivered no answer",
                )));
                self.next_action()
            }
            State::Ready if self.is_cancelled() => {
                self.state = self.finish(self.cancelled());
                self.next_action()
            }
            State::Ready => {
                if let Some(state) = self.pace() {
                    self.state = state;
                    return self.next_action();
                }
                self.send_attempt()
            }
        }
    }

    fn receive(&mut self, answer: Result<Response<Vec<u8>>, TransportError>) {
        if let Some(call) = self.prior_read.as_mut().and_then(|p| p.call.as_mut()) {
            call.receive(answer);
            return;
        }
        if !matches!(self.state, State::Sent) {
            // No attempt is out: nothing to take.
            return;
        }
        self.state = match answer {
            Ok(response) => self.read_response(response),
            Err(failure) => {
                let kind = failure.kind();
                tracing::debug!(
                    parent: &self.span,
                    attempt = self.attempt,
                    status = Empty,
                    elapsed_ms = self.elapsed_ms(),
                    failure = ?kind,
                    "transport failure"
                );
                let error = self.transport_error(failure);
                self.decide(Failure::Transport(kind), None, error)
            }
        };
    }

    fn span(&self) -> &tracing::Span {
        match self.prior_read.as_ref().and_then(|p| p.call.as_ref()) {
            Some(call) => call.span(),
            None => &self.span,
        }
    }

    fn is_cancelled(&self) -> bool {
        self.cancel.as_ref().is_some_and(Cancel::is_cancelled)
    }
}

/// A wait as the CLI and the logs show it: whole seconds from 1 s on, else milliseconds.
fn seconds(wait: Duration) -> String {
    if wait >= Duration::from_secs(1) {
        let whole = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        format!("{whole} s")
    } else {
        format!("{} ms", wait.as_millis())
    }
}
