//! [`Error`]: everything that can go wrong with a call, and whether money may have moved.

use std::collections::BTreeSet;
use std::error::Error as StdError;
use std::fmt;

use std::time::Duration;

use http::StatusCode;
use solapi_cash_types::models::{ApiErrorBody, RechargeRequest};
use solapi_cash_types::money::Money;

use crate::operation::Operation;

/// What went wrong, in categories a caller acts on differently (see `docs/errors.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The caller's input was refused before anything was sent (a bad base URL, a header
    /// value that cannot be sent, missing credentials).
    InvalidInput,
    /// The service did not accept the credentials: unknown key, wrong secret, clock too far
    /// off, reused signature, or an unknown or expired token (HTTP 401, or 403 with one of the
    /// four signing codes or `InvalidAccessToken`).
    Authentication,
    /// The credentials are valid but not allowed to do this: a missing scope or role, or an
    /// inactive account (HTTP 403 `Forbidden` / `Unauthorized`).
    PermissionDenied,
    /// A second factor is needed: a code was emailed; repeat the call with it and
    /// [`Error::mfa_transaction_id`].
    MfaRequired,
    /// The second-factor code or transaction was refused (wrong, expired or used).
    MfaRejected,
    /// The service refused the request's content (HTTP 400: `ValidationError`,
    /// `InvalidPaymentId`, ...).
    Validation,
    /// The payment could not be made (HTTP 402: declined card, insufficient balance).
    Payment,
    /// No such resource (HTTP 404).
    NotFound,
    /// Too many requests (HTTP 429).
    RateLimited,
    /// The service failed (HTTP 5xx).
    Server,
    /// Any other non-success status (a redirect, 405, 413, ...).
    UnexpectedStatus,
    /// The response could not be read: not JSON, malformed, wrong types, empty, or too large.
    Decode,
    /// No connection could be made (refused, DNS failure, TLS handshake): nothing was sent.
    Connect,
    /// The request timed out.
    Timeout,
    /// The connection broke while sending or waiting for the answer.
    Network,
    /// A history export stopped at its page cap (a server that never ends).
    PageLimit,
    /// The work was stopped because nobody waits for it any more (a page fetch of an
    /// export that was dropped).
    Cancelled,
}

/// Whether the request may have changed anything on the server. Decided where the failure
/// is classified, from proof only: "not applied" needs a failure that proves the request was
/// never processed (see `docs/errors.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Outcome {
    /// Nothing was applied: the request was never sent, the server refused it before
    /// processing (a documented refusal, a signing failure, a status that by definition is
    /// answered before processing), or it was a read.
    NotApplied,
    /// The request may have been applied — for a recharge, the card may have been charged.
    /// Never retry blindly: reconcile first (the clients' `reconcile`). A recharge answered
    /// with a 2xx status and a body that is not a readable receipt (empty, `{}`, an HTML or
    /// text page, truncated, too large, cut off by a timeout) is of unknown outcome too: a
    /// proxy, gateway or captive portal in front of the service answers 2xx without the
    /// service ever seeing the request, so the status is evidence, not proof.
    Unknown,
    /// The request was applied, as its answer proves, though the answer could not be read in
    /// full. No call of this version answers it (a 2xx without a readable receipt is
    /// [`Unknown`](Outcome::Unknown): see there); it stays so that code matching on it keeps
    /// compiling, and for an answer that does prove the change. Do not retry; reconcile to
    /// find the history entry.
    Applied,
}

/// The failure of a transport (the part that moves bytes), classified by what it proves
/// about whether the request reached the server.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    status: Option<StatusCode>,
    source: Box<dyn StdError + Send + Sync>,
}

/// See [`TransportError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection was established (refused, DNS failure, connect timeout, TLS handshake):
    /// the request provably never reached the server.
    Connect,
    /// Timed out after the connection was made: the request may have been processed.
    Timeout,
    /// The connection broke after it was made: the request may have been processed.
    Network,
    /// The response body was larger than the configured limit.
    BodyTooLarge,
    /// The HTTP stack followed a redirect (one handed in by the caller that was not set not
    /// to): the answer comes from elsewhere, and a recharge may have been sent on to it.
    Redirected,
}

impl TransportError {
    /// A transport failure of `kind`, caused by `source`.
    pub fn new(
        kind: TransportErrorKind,
        source: impl Into<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        TransportError {
            kind,
            status: None,
            source: source.into(),
        }
    }

    /// The same failure, which happened after the response's status line had arrived (while
    /// its body was read). A 2xx status is kept as evidence for the error's message; it does
    /// not prove that a recharge was applied (something in front of the service may have
    /// answered).
    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.status = Some(status);
        self
    }

    /// What the failure proves.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// The status of the response whose body could not be read, if it had arrived.
    pub fn status(&self) -> Option<StatusCode> {
        self.status
    }
}

/// Transparent: the cause's own text and the cause's causes, so that a chain printed link
/// by link says each thing once.
impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.source, f)
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source.source()
    }
}

/// An error from a Cash API call.
///
/// It carries the [`kind`](Error::kind), the HTTP [`status`](Error::status), the API's
/// [`code`](Error::api_code) and [`message`](Error::api_message), the
/// [`outcome`](Error::outcome) (whether the request may have been applied) and the cause.
/// `Display` says all of it but the cause in one line and never includes credentials; the
/// cause (such as the transport's failure) is reached through
/// [`source`](StdError::source), link by link.
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    operation: Option<Operation>,
    kind: ErrorKind,
    outcome: Outcome,
    status: Option<StatusCode>,
    api: Option<ApiErrorBody>,
    detail: Option<String>,
    json_path: Option<String>,
    body_prefix: Option<String>,
    attempts: u32,
    recharge: Option<MoneyAttempt>,
    /// For a raw request (no declared operation): its method and path, and whether it may
    /// change anything.
    raw: Option<Box<(String, bool)>>,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

/// A call that moves money (a recharge, a transfer, a withdrawal) whose outcome is unknown,
/// with what reconciliation needs to look it up: the entry it writes ([`EntryMatch`](crate::EntryMatch): type and
/// signed amount), and when the attempt began on the server's clock. Every money-moving call
/// reports one (named `RechargeAttempt` until 0.1.0, when the recharge was the only such call;
/// that name stays as a deprecated alias).
///
/// An attempt reported by a client also remembers the moment it began on that client's
/// monotonic clock, so that the client's own reconciliation measures the start afresh from
/// the server's `Date` of each look (immune to this machine's clock and to what the client
/// learned since). Another client, or another process, uses [`started_at`](Self::started_at).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct MoneyAttempt {
    amount: Money,
    entry: crate::EntryMatch,
    request: Option<RechargeRequest>,
    started_at: time::OffsetDateTime,
    measured: bool,
    origin: Option<Origin>,
    prior: crate::reconcile::Prior,
}

/// The name of [`MoneyAttempt`] in 0.1.0, when the recharge was the only call that moved money.
#[deprecated(
    since = "0.2.0",
    note = "renamed `MoneyAttempt`: transfers and withdrawals report one too"
)]
pub type RechargeAttempt = MoneyAttempt;

/// Where and when (on which engine's monotonic clock) an attempt began.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Origin {
    pub(crate) engine: u64,
    pub(crate) monotonic: Duration,
}

impl MoneyAttempt {
    /// A recharge of `request` that began at `started_at` on the server's clock (to look up
    /// a recharge that an earlier process lost: pass the time that process reported).
    pub fn new(request: RechargeRequest, started_at: time::OffsetDateTime) -> MoneyAttempt {
        MoneyAttempt::for_amount(request.amount.to_money(), started_at).with_request(request)
    }

    /// The money-moving call whose entry `entry` describes (a transfer:
    /// [`EntryMatch::transfer`](crate::EntryMatch::transfer); a withdrawal:
    /// [`EntryMatch::withdrawal`](crate::EntryMatch::withdrawal)), begun at `started_at` on the
    /// server's clock.
    pub fn for_entry(entry: crate::EntryMatch, started_at: time::OffsetDateTime) -> MoneyAttempt {
        MoneyAttempt {
            amount: entry.amount(),
            entry,
            request: None,
            started_at,
            measured: true,
            origin: None,
            prior: crate::reconcile::Prior::NotRead,
        }
    }

    fn with_request(mut self, request: RechargeRequest) -> MoneyAttempt {
        self.request = Some(request);
        self
    }

    /// A recharge of `amount` that began at `started_at` on the server's clock, when the
    /// request itself is not at hand (a `recharge status` command given an amount and a
    /// time).
    pub fn for_amount(amount: Money, started_at: time::OffsetDateTime) -> MoneyAttempt {
        MoneyAttempt::for_entry(crate::EntryMatch::recharge(&amount), started_at)
    }

    /// The attempt a call reports: its start as the engine knew it then.
    pub(crate) fn observed(
        entry: crate::EntryMatch,
        request: Option<RechargeRequest>,
        started_at: time::OffsetDateTime,
        measured: bool,
        origin: Origin,
    ) -> MoneyAttempt {
        MoneyAttempt {
            amount: entry.amount(),
            entry,
            request,
            started_at,
            measured,
            origin: Some(origin),
            prior: crate::reconcile::Prior::NotRead,
        }
    }

    /// The entry the call writes, which reconciliation looks for.
    pub fn entry_match(&self) -> &crate::EntryMatch {
        &self.entry
    }

    /// The amount moved (recharged, transferred, withdrawn), without a sign.
    pub fn amount(&self) -> &Money {
        &self.amount
    }

    /// The recharge that was sent, when the attempt is a recharge made by a client of this
    /// process or built from one.
    pub fn request(&self) -> Option<&RechargeRequest> {
        self.request.as_ref()
    }

    /// When the attempt began, on the server's clock: measured from the last `Date` the
    /// client had received plus the monotonic time since (never later than the truth), or —
    /// when the client had received none — this machine's clock plus the offset it knew
    /// ([`start_measured`](Self::start_measured) says which).
    pub fn started_at(&self) -> time::OffsetDateTime {
        self.started_at
    }

    /// Whether [`started_at`](Self::started_at) was measured from the server's clock (or given
    /// by the caller as such), rather than read from this machine's.
    pub fn start_measured(&self) -> bool {
        self.measured
    }

    /// The earliest `dateCreated` that can be this attempt's entry, for a look at the
    /// history without the reconciliation: [`started_at`](Self::started_at) less the margin a
    /// reconciliation uses (see [`Tuning::reconcile_margin`](crate::Tuning::reconcile_margin)).
    pub fn search_from(&self) -> time::OffsetDateTime {
        crate::reconcile::window_from(self.started_at, self.measured)
    }

    pub(crate) fn origin(&self) -> Option<Origin> {
        self.origin
    }

    /// The matching entries (their `historyId`s) that existed before the request was sent:
    /// none of them can be this attempt's entry. `None` when they were not read — an attempt
    /// built from a time alone ([`for_entry`](Self::for_entry), [`new`](Self::new)) — or the
    /// read failed ([`prior_unreadable`](Self::prior_unreadable)).
    pub fn prior_entries(&self) -> Option<&BTreeSet<String>> {
        match &self.prior {
            crate::reconcile::Prior::Read(ids) => Some(ids),
            _ => None,
        }
    }

    /// Whether the client tried to read the matching entries before sending the request and
    /// could not: then no entry can prove the attempt (a reconciliation answers "ambiguous"
    /// at best), since one written by an earlier call in the same second as the attempt's
    /// start cannot be ruled out.
    pub fn prior_unreadable(&self) -> bool {
        self.prior == crate::reconcile::Prior::Unreadable
    }

    /// The same attempt, knowing that `history_ids` (matching entries read before the request
    /// was sent, say by another process that recorded them) cannot be its entry.
    pub fn with_prior_entries(
        mut self,
        history_ids: impl IntoIterator<Item = String>,
    ) -> MoneyAttempt {
        self.prior = crate::reconcile::Prior::Read(history_ids.into_iter().collect());
        self
    }

    pub(crate) fn with_prior(mut self, prior: crate::reconcile::Prior) -> MoneyAttempt {
        self.prior = prior;
        self
    }

    pub(crate) fn prior(&self) -> &crate::reconcile::Prior {
        &self.prior
    }
}

/// What a money-moving operation is called in an error's words.
fn money_noun(operation: Operation) -> &'static str {
    match operation {
        Operation::Transfer => "transfer",
        Operation::Withdraw => "withdrawal",
        _ => "recharge",
    }
}

impl Error {
    pub(crate) fn new(
        operation: impl Into<Option<Operation>>,
        kind: ErrorKind,
        outcome: Outcome,
    ) -> Error {
        let operation = operation.into();
        Error {
            inner: Box::new(Inner {
                operation,
                kind,
                outcome,
                status: None,
                api: None,
                detail: None,
                json_path: None,
                body_prefix: None,
                attempts: 0,
                recharge: None,
                raw: None,
                source: None,
            }),
        }
    }

    /// An error for input refused before sending (`operation` is `None` while a client is
    /// being set up).
    pub fn invalid_input(
        operation: impl Into<Option<Operation>>,
        detail: impl Into<String>,
    ) -> Error {
        Error::new(operation, ErrorKind::InvalidInput, Outcome::NotApplied).with_detail(detail)
    }

    /// The error of work stopped because nobody waits for it any more (see
    /// [`ErrorKind::Cancelled`]); a transport reports with it a fetch it lost.
    pub fn cancelled(operation: Operation) -> Error {
        let outcome = if operation.changes_state() {
            Outcome::Unknown
        } else {
            Outcome::NotApplied
        };
        Error::new(operation, ErrorKind::Cancelled, outcome)
    }

    pub(crate) fn with_detail(mut self, detail: impl Into<String>) -> Error {
        self.inner.detail = Some(detail.into());
        self
    }

    pub(crate) fn with_status(mut self, status: StatusCode) -> Error {
        self.inner.status = Some(status);
        self
    }

    pub(crate) fn with_api(mut self, api: ApiErrorBody) -> Error {
        self.inner.api = Some(api);
        self
    }

    pub(crate) fn with_json_path(mut self, path: String) -> Error {
        self.inner.json_path = Some(path);
        self
    }

    pub(crate) fn with_body_prefix(mut self, prefix: String) -> Error {
        self.inner.body_prefix = Some(prefix);
        self
    }

    pub(crate) fn with_source(
        mut self,
        source: impl Into<Box<dyn StdError + Send + Sync>>,
    ) -> Error {
        self.inner.source = Some(source.into());
        self
    }

    pub(crate) fn with_attempts(mut self, attempts: u32) -> Error {
        self.inner.attempts = attempts;
        self
    }

    pub(crate) fn with_recharge(mut self, attempt: MoneyAttempt) -> Error {
        self.inner.recharge = Some(attempt);
        self
    }

    /// The category of the failure.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The call that failed (`None` for an error while setting a client up, and for a raw
    /// request to a route the SDK does not declare: see [`raw_route`](Self::raw_route)).
    pub fn operation(&self) -> Option<Operation> {
        self.inner.operation
    }

    /// For a raw request ([`endpoint::Raw`](crate::endpoint::Raw)) to an undeclared route:
    /// its method and path (`PUT /cash/v1/…`).
    pub fn raw_route(&self) -> Option<&str> {
        self.inner.raw.as_deref().map(|(route, _)| route.as_str())
    }

    /// Marks the error as one of a raw request to `route` (method and path), which
    /// `changes_state` or not; no-op for an error of a declared operation.
    pub(crate) fn with_raw_route(mut self, route: &crate::route::Route) -> Error {
        if self.inner.operation.is_none() && route.operation.is_none() {
            let label = format!("{} {}", route.method, route.path);
            self.inner.raw = Some(Box::new((label, route.changes_state())));
        }
        self
    }

    /// Whether the request may have been applied.
    pub fn outcome(&self) -> Outcome {
        self.inner.outcome
    }

    /// `true` when the request may have been applied (for a recharge: money may have moved):
    /// [`Outcome::Unknown`] (or [`Outcome::Applied`]).
    pub fn may_have_been_applied(&self) -> bool {
        matches!(self.inner.outcome, Outcome::Unknown | Outcome::Applied)
    }

    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<StatusCode> {
        self.inner.status
    }

    /// The API's `errorCode`, when the response carried an error body.
    pub fn api_code(&self) -> Option<&str> {
        self.inner.api.as_ref().map(|a| a.error_code.as_str())
    }

    /// The API's `errorMessage`, when the response carried an error body.
    pub fn api_message(&self) -> Option<&str> {
        self.inner.api.as_ref().map(|a| a.error_message.as_str())
    }

    /// The whole error body, with any extra keys the service sent.
    pub fn api_body(&self) -> Option<&ApiErrorBody> {
        self.inner.api.as_ref()
    }

    /// The second-factor transaction to answer, for [`ErrorKind::MfaRequired`].
    pub fn mfa_transaction_id(&self) -> Option<&str> {
        self.inner
            .api
            .as_ref()
            .and_then(|a| a.mfa.as_ref())
            .map(|m| m.transaction_id.as_str())
    }

    /// For [`ErrorKind::Decode`]: where in the JSON document decoding failed (`[3].oldBalance`).
    pub fn json_path(&self) -> Option<&str> {
        self.inner.json_path.as_deref()
    }

    /// The first bytes of a response body that could not be read (bounded, lossy UTF-8).
    pub fn body_prefix(&self) -> Option<&str> {
        self.inner.body_prefix.as_deref()
    }

    /// How many attempts were made (0 when nothing was sent).
    pub fn attempts(&self) -> u32 {
        self.inner.attempts
    }

    /// For a call that moves money (a recharge, a transfer, a withdrawal) and may have been
    /// applied: what to reconcile.
    pub fn money_attempt(&self) -> Option<&MoneyAttempt> {
        self.inner.recharge.as_ref()
    }

    /// The name of [`money_attempt`](Self::money_attempt) in 0.1.0.
    #[deprecated(
        since = "0.2.0",
        note = "renamed `money_attempt`: transfers and withdrawals report one too"
    )]
    pub fn recharge_attempt(&self) -> Option<&MoneyAttempt> {
        self.money_attempt()
    }

    /// Extra detail (a decoder message, a local validation message).
    pub fn detail(&self) -> Option<&str> {
        self.inner.detail.as_deref()
    }

    fn summary(&self) -> &'static str {
        match self.inner.kind {
            ErrorKind::InvalidInput => "invalid input",
            ErrorKind::Authentication => "authentication rejected",
            ErrorKind::PermissionDenied => "permission denied",
            ErrorKind::MfaRequired => "second factor required (a code was sent by email)",
            ErrorKind::MfaRejected => "second factor rejected",
            ErrorKind::Validation => "request rejected",
            // A transfer or a withdrawal above the balance is refused as a payment, but
            // nothing was paid: say what it is.
            ErrorKind::Payment
                if matches!(
                    self.operation(),
                    Some(Operation::Transfer | Operation::Withdraw)
                ) =>
            {
                "refused: the balance is too low"
            }
            ErrorKind::Payment => "payment failed",
            ErrorKind::NotFound => "not found",
            ErrorKind::RateLimited => "rate limited",
            ErrorKind::Server => "server error",
            ErrorKind::UnexpectedStatus => "unexpected response status",
            ErrorKind::Decode => "unreadable response",
            ErrorKind::Connect => "could not connect",
            ErrorKind::Timeout => "timed out",
            ErrorKind::Network => "connection failed",
            ErrorKind::PageLimit => "page limit reached",
            ErrorKind::Cancelled => "cancelled",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &*self.inner;
        let raw = i.raw.as_deref();
        let operation = match (i.operation, raw) {
            (Some(operation), _) => operation.name(),
            (None, Some((route, _))) => route.as_str(),
            (None, None) => "client setup",
        };
        write!(f, "{operation}: {}", self.summary())?;
        if let Some(status) = i.status {
            write!(f, "; HTTP {}", status.as_u16())?;
        }
        if let Some(api) = &i.api {
            write!(f, "; {}", api.error_code)?;
            if !api.error_message.is_empty() {
                write!(f, ": {}", api.error_message)?;
            }
        }
        if let Some(path) = &i.json_path {
            write!(f, "; at `{path}`")?;
        }
        if let Some(detail) = &i.detail {
            write!(f, "; {detail}")?;
        }
        if let Some(prefix) = &i.body_prefix {
            write!(f, "; body starts {prefix:?}")?;
        }
        if i.attempts > 1 {
            write!(f, "; after {} attempts", i.attempts)?;
        }
        if let Some(operation) = i.operation.filter(|o| o.changes_money()) {
            let noun = money_noun(operation);
            match i.outcome {
                Outcome::NotApplied => f.write_str(" [not applied]")?,
                Outcome::Unknown if i.status.is_some_and(|s| s.is_success()) => write!(
                    f,
                    " [outcome unknown: a 2xx without a readable receipt does not prove the \
                     {noun} (something in front of the service may have answered); reconcile \
                     before retrying]",
                )?,
                Outcome::Unknown => write!(
                    f,
                    " [outcome unknown: the {noun} may have been applied; reconcile before retrying]",
                )?,
                Outcome::Applied => f.write_str(
                    " [applied; the receipt could not be read: reconcile to find its history entry]",
                )?,
            }
        } else if i.operation.is_some_and(Operation::changes_state)
            || raw.is_some_and(|(_, changes)| *changes)
        {
            match i.outcome {
                Outcome::NotApplied => f.write_str(" [not applied]")?,
                Outcome::Unknown => f.write_str(
                    " [outcome unknown: the change may have been applied; read the setting before trying again]",
                )?,
                Outcome::Applied => f.write_str(" [applied]")?,
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &*self.inner;
        f.debug_struct("Error")
            .field("operation", &i.operation)
            .field("kind", &i.kind)
            .field("outcome", &i.outcome)
            .field("status", &i.status)
            .field("api", &i.api)
            .field("detail", &i.detail)
            .field("json_path", &i.json_path)
            .field("body_prefix", &i.body_prefix)
            .field("attempts", &i.attempts)
            .field("recharge", &i.recharge)
            .field("source", &i.source)
            .finish()
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.inner
            .source
            .as_deref()
            .map(|s| s as &(dyn StdError + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_says_its_own_text_and_the_chain_says_each_cause_once() {
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "Connection refused");
        let error = Error::new(Operation::Balance, ErrorKind::Connect, Outcome::NotApplied)
            .with_source(TransportError::new(TransportErrorKind::Connect, io));
        let headline = error.to_string();
        assert_eq!(headline, "balance: could not connect");
        let mut chain = vec![headline];
        let mut cause = error.source();
        while let Some(link) = cause {
            chain.push(link.to_string());
            cause = link.source();
        }
        assert_eq!(chain, ["balance: could not connect", "Connection refused"]);
    }
}
