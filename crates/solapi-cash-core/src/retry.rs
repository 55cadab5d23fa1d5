//! The retry decision: a pure function of what failed, the attempt number, whether the
//! request is safe to repeat, and the server's `Retry-After`.

use std::time::Duration;

use http::StatusCode;
use time::OffsetDateTime;

use crate::error::TransportErrorKind;
use crate::http_date::parse_http_date;

/// How retries are spaced and bounded.
///
/// Backoff is capped full jitter: before retry `n` (1-based) the wait is drawn uniformly from
/// `0..=min(max_delay, base_delay × 2^(n-1))`, so that many clients failing together do not
/// come back together. A server's `Retry-After` is a floor on the wait.
///
/// ```
/// use std::time::Duration;
/// use solapi_cash_core::{Jitter, RetryPolicy};
///
/// let policy = RetryPolicy::default()
///     .with_max_attempts(3)
///     .with_base_delay(Duration::from_millis(50))
///     .with_jitter(Jitter::None);
/// assert_eq!(policy.max_attempts(), 3);
/// assert_eq!(policy.backoff(2, 0), Duration::from_millis(100));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    max_retry_after: Duration,
    jitter: Jitter,
    deadline: Option<Duration>,
    max_rate_limit_wait: Duration,
}

/// Whether backoff waits are random.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Jitter {
    /// Uniform in `0..=cap` (production).
    Full,
    /// Exactly the cap (for tests that need repeatable waits).
    None,
}

/// Four attempts; backoff from 200 ms, capped at 10 s, with full jitter; a `Retry-After` of
/// more than 60 s stops instead of waiting; no deadline; up to 60 s of waits for the
/// service's rate limit per call.
impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(60),
            jitter: Jitter::Full,
            deadline: None,
            max_rate_limit_wait: Duration::from_secs(60),
        }
    }
}

/// What failed in one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Failure<'a> {
    /// A response with a non-success status, and the API's `errorCode` if it sent one.
    Status {
        /// The status.
        status: StatusCode,
        /// The API's error code.
        error_code: Option<&'a str>,
    },
    /// The transport failed.
    Transport(TransportErrorKind),
}

/// The decision after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryDecision {
    /// Send again (freshly signed) after this wait.
    RetryAfter(Duration),
    /// Give up and report the failure.
    Stop,
}

/// Whether a failure is worth repeating, and for which requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Repeatable {
    /// The server provably did not process the request: repeat even a recharge.
    Always,
    /// A transient failure after which only requests safe to repeat are repeated.
    IfSafe,
    /// Repeating would fail the same way.
    Never,
}

fn repeatable(failure: Failure<'_>) -> Repeatable {
    match failure {
        Failure::Transport(TransportErrorKind::Connect) => Repeatable::Always,
        Failure::Transport(TransportErrorKind::Timeout | TransportErrorKind::Network) => {
            Repeatable::IfSafe
        }
        Failure::Transport(TransportErrorKind::BodyTooLarge | TransportErrorKind::Redirected) => {
            Repeatable::Never
        }
        // Rejected while checking the signature, before any processing; a new salt fixes it.
        Failure::Status {
            error_code: Some("DuplicatedSignature"),
            ..
        } => Repeatable::Always,
        // Refused before processing (RFC 6585): even a recharge may be sent again.
        Failure::Status { status, .. } if status == StatusCode::TOO_MANY_REQUESTS => {
            Repeatable::Always
        }
        Failure::Status { status, .. } if status.is_server_error() => Repeatable::IfSafe,
        Failure::Status { .. } => Repeatable::Never,
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn never() -> RetryPolicy {
        RetryPolicy::default().with_max_attempts(1)
    }

    /// Total attempts, the first included (1 disables retries; 0 counts as 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> RetryPolicy {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff before the first retry.
    pub fn with_base_delay(mut self, delay: Duration) -> RetryPolicy {
        self.base_delay = delay;
        self
    }

    /// The largest backoff.
    pub fn with_max_delay(mut self, delay: Duration) -> RetryPolicy {
        self.max_delay = delay;
        self
    }

    /// A `Retry-After` longer than this stops instead of waiting.
    pub fn with_max_retry_after(mut self, wait: Duration) -> RetryPolicy {
        self.max_retry_after = wait;
        self
    }

    /// Random (full jitter) or deterministic waits.
    pub fn with_jitter(mut self, jitter: Jitter) -> RetryPolicy {
        self.jitter = jitter;
        self
    }

    /// An overall limit on a call, its retries included: no retry starts once the wait
    /// before it would end at or past `deadline` from the call's start (an attempt under way
    /// runs to the client's timeout, so a call ends within `deadline` + one timeout at
    /// worst). `None`: only the number of attempts bounds the retries.
    ///
    /// ```
    /// use std::time::Duration;
    /// use solapi_cash_core::RetryPolicy;
    ///
    /// let policy = RetryPolicy::default().with_deadline(Some(Duration::from_secs(60)));
    /// // 30 s into the call, a retry after 1 s is made; 59.5 s in, one after 1 s is not.
    /// assert!(policy.within_deadline(Duration::from_secs(30), Duration::from_secs(1)));
    /// assert!(!policy.within_deadline(Duration::from_millis(59_500), Duration::from_secs(1)));
    /// ```
    pub fn with_deadline(mut self, deadline: Option<Duration>) -> RetryPolicy {
        self.deadline = deadline;
        self
    }

    /// The longest a call waits in all for the service's rate limit: before sending while
    /// the budget the service reported is spent, and after each 429 (for `Retry-After`, the
    /// end of the window from `x-ratelimit-reset`, or a bounded backoff). Attempts answered
    /// 429 within it do not count against [`max_attempts`](Self::max_attempts); a 429 is
    /// a refusal, so a recharge answered 429 is sent again too. The
    /// [`deadline`](Self::with_deadline) bounds these waits as well: the earlier limit wins.
    pub fn with_max_rate_limit_wait(mut self, wait: Duration) -> RetryPolicy {
        self.max_rate_limit_wait = wait;
        self
    }

    /// The longest a call waits in all for the service's rate limit.
    pub fn max_rate_limit_wait(&self) -> Duration {
        self.max_rate_limit_wait
    }

    /// The overall limit on a call, if any.
    pub fn deadline(&self) -> Option<Duration> {
        self.deadline
    }

    /// Whether a retry after `wait`, `elapsed` into the call, starts before the deadline.
    pub fn within_deadline(&self, elapsed: Duration, wait: Duration) -> bool {
        self.deadline
            .is_none_or(|deadline| elapsed.saturating_add(wait) < deadline)
    }

    /// Total attempts, the first included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The backoff before the first retry.
    pub fn base_delay(&self) -> Duration {
        self.base_delay
    }

    /// The largest backoff.
    pub fn max_delay(&self) -> Duration {
        self.max_delay
    }

    /// The longest `Retry-After` waited for.
    pub fn max_retry_after(&self) -> Duration {
        self.max_retry_after
    }

    /// Random or deterministic waits.
    pub fn jitter(&self) -> Jitter {
        self.jitter
    }

    /// Decides after attempt number `attempt` (1-based) failed.
    ///
    /// `safe_to_repeat` is true for reads; `retry_after` is the server's hint, already
    /// parsed ([`parse_retry_after`]); `random` is any random number (ignored with
    /// [`Jitter::None`]).
    pub fn decide(
        &self,
        failure: Failure<'_>,
        attempt: u32,
        safe_to_repeat: bool,
        retry_after: Option<Duration>,
        random: u64,
    ) -> RetryDecision {
        let worth_it = match repeatable(failure) {
            Repeatable::Always => true,
            Repeatable::IfSafe => safe_to_repeat,
            Repeatable::Never => false,
        };
        if !worth_it || attempt >= self.max_attempts {
            return RetryDecision::Stop;
        }
        if retry_after.is_some_and(|wait| wait > self.max_retry_after) {
            return RetryDecision::Stop;
        }
        let backoff = self.backoff(attempt, random);
        RetryDecision::RetryAfter(backoff.max(retry_after.unwrap_or_default()))
    }

    /// The backoff before retry number `retry` (1-based).
    pub fn backoff(&self, retry: u32, random: u64) -> Duration {
        let doubling = 1u32
            .checked_shl(retry.saturating_sub(1))
            .unwrap_or(u32::MAX);
        let cap = self
            .base_delay
            .checked_mul(doubling)
            .unwrap_or(self.max_delay)
            .min(self.max_delay);
        match self.jitter {
            Jitter::None => cap,
            Jitter::Full => {
                let cap_nanos = u64::try_from(cap.as_nanos()).unwrap_or(u64::MAX);
                Duration::from_nanos(random % cap_nanos.saturating_add(1))
            }
        }
    }
}

/// Parses `Retry-After`: delay-seconds, or an HTTP date measured from `now` (the server's
/// `Date` when it sent one, so that a skewed client clock does not distort the wait).
pub fn parse_retry_after(value: &str, now: OffsetDateTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = parse_http_date(value)?;
    Some((at - now).try_into().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const MS: fn(u64) -> Duration = Duration::from_millis;

    fn fixed() -> RetryPolicy {
        RetryPolicy::default().with_jitter(Jitter::None)
    }

    fn status(code: u16, error_code: Option<&str>) -> Failure<'_> {
        Failure::Status {
            status: StatusCode::from_u16(code).unwrap(),
            error_code,
        }
    }

    #[test]
    fn decision_table() {
        use RetryDecision::{RetryAfter, Stop};
        use TransportErrorKind as T;
        let p = fixed();
        let cases: Vec<(Failure<'_>, u32, bool, Option<Duration>, RetryDecision)> = vec![
            // reads: transient failures retry with doubling backoff
            (status(503, None), 1, true, None, RetryAfter(MS(200))),
            (status(500, None), 2, true, None, RetryAfter(MS(400))),
            (status(502, None), 3, true, None, RetryAfter(MS(800))),
            (status(503, None), 4, true, None, Stop), // attempts exhausted
            (
                status(429, None),
                1,
                true,
                Some(MS(3000)),
                RetryAfter(MS(3000)),
            ), // Retry-After is a floor
            (
                status(429, None),
                3,
                true,
                Some(MS(100)),
                RetryAfter(MS(800)),
            ),
            (
                status(429, None),
                1,
                true,
                Some(Duration::from_secs(3600)),
                Stop,
            ), // too long to wait
            (
                Failure::Transport(T::Timeout),
                1,
                true,
                None,
                RetryAfter(MS(200)),
            ),
            (
                Failure::Transport(T::Network),
                1,
                true,
                None,
                RetryAfter(MS(200)),
            ),
            (Failure::Transport(T::BodyTooLarge), 1, true, None, Stop),
            (status(400, Some("ValidationError")), 1, true, None, Stop),
            (status(404, None), 1, true, None, Stop),
            (
                status(403, Some("SignatureDoesNotMatch")),
                1,
                true,
                None,
                Stop,
            ),
            // recharges: never after the server may have processed them
            (status(503, None), 1, false, None, Stop),
            (status(500, None), 1, false, None, Stop),
            // a 429 is a refusal (RFC 6585): a recharge may be sent again too
            (
                status(429, None),
                1,
                false,
                Some(MS(10)),
                RetryAfter(MS(200)),
            ),
            (Failure::Transport(T::Timeout), 1, false, None, Stop),
            (Failure::Transport(T::Network), 1, false, None, Stop),
            (status(402, Some("PaymentDeclined")), 1, false, None, Stop),
            // ... but yes when it provably never got there, or was rejected before processing
            (
                Failure::Transport(T::Connect),
                1,
                false,
                None,
                RetryAfter(MS(200)),
            ),
            (Failure::Transport(T::Connect), 4, false, None, Stop),
            (
                status(403, Some("DuplicatedSignature")),
                1,
                false,
                None,
                RetryAfter(MS(200)),
            ),
        ];
        for (i, (failure, attempt, safe, retry_after, expected)) in cases.into_iter().enumerate() {
            assert_eq!(
                p.decide(failure, attempt, safe, retry_after, 0),
                expected,
                "case {i}: {failure:?}"
            );
        }
    }

    #[test]
    fn backoff_is_capped_and_jitter_stays_below_the_cap() {
        let p = fixed();
        assert_eq!(p.backoff(30, 0), p.max_delay);
        assert_eq!(p.backoff(u32::MAX, 0), p.max_delay);
        let jittered = RetryPolicy::default();
        for random in [0, 1, 12345, u64::MAX / 3, u64::MAX] {
            for retry in 1..8 {
                assert!(jittered.backoff(retry, random) <= fixed().backoff(retry, random));
            }
        }
        assert_ne!(jittered.backoff(3, 1), jittered.backoff(3, 7_777_777));
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        let now = datetime!(2015-10-21 07:28:00 UTC);
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
    }
}
