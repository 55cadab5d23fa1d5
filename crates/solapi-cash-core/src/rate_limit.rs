//! [`RateBudget`]: the service's rate limit as this process knows it, one budget per
//! credential, shared by every request and every export worker of every client that uses the
//! credential — so that the client waits for the window instead of collecting 429s.
//!
//! The live service was measured by a third party (segevsh/w6w-apps, `apps/solapi/README.md`,
//! 2026-10-06) allowing about 20 reads and 100 sends per 5-second window per API key, and
//! reporting the budget in `x-ratelimit-limit`, `x-ratelimit-remaining` and
//! `x-ratelimit-reset`. No SOLAPI page documents them, so nothing here is assumed: until an
//! answer brings the headers, requests are not held back, and headers that make no sense are
//! clamped (at debug level) and otherwise ignored.
//!
//! Reads (`GET`) and writes are counted apart, as the service counts them.
//!
//! The `x-ratelimit-reset` rule: a number below 10⁹ is seconds from now (fractions allowed);
//! from 10⁹ on it is a Unix time in seconds (from 10¹² on, in milliseconds). No window is
//! 31 years long, and no Unix time since 2001-09-09 is below 10⁹, so the magnitude tells the
//! two forms apart without a guess. A reset more than [`Tuning::max_rate_limit_reset`](crate::Tuning::max_rate_limit_reset) away is not believed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::Duration;

use http::{HeaderMap, Method};
use sha2::{Digest, Sha256};
use solapi_auth::Credentials;
use time::OffsetDateTime;

use crate::clock::{Clock, SystemClock};

/// The longest window a `x-ratelimit-reset` is believed for; a longer one is clamped away
/// (and the bounded backoff used instead).
pub(crate) const MAX_RESET: Duration = Duration::from_secs(3600);

/// The largest `x-ratelimit-limit` believed.
const MAX_LIMIT: u64 = 1_000_000;

/// Below this, a reset is seconds from now; from here on, a Unix time.
const UNIX_SECONDS_FROM: u128 = 1_000_000_000;
/// From here on, a Unix time in milliseconds.
const UNIX_MILLIS_FROM: u128 = 1_000_000_000_000;

/// Which of the service's two budgets a request spends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    Read,
    Write,
}

impl Class {
    pub(crate) fn of(method: &Method) -> Class {
        if method == Method::GET || method == Method::HEAD {
            Class::Read
        } else {
            Class::Write
        }
    }
}

/// What one answer's `x-ratelimit-*` headers say, already checked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RateHeaders {
    /// Requests per window.
    pub limit: Option<u32>,
    /// Requests left in the current window.
    pub remaining: Option<u32>,
    /// How long until the window ends, from when the answer arrived.
    pub reset: Option<Duration>,
}

impl RateHeaders {
    /// Reads the headers of an answer; `server_now` is the server's time when it was sent
    /// (its `Date`, or the engine's best reading), against which a Unix-time reset is measured.
    pub fn read(headers: &HeaderMap, server_now: OffsetDateTime) -> RateHeaders {
        let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let limit = text("x-ratelimit-limit").and_then(|v| count(v, "x-ratelimit-limit"));
        let limit = limit.filter(|l| {
            let ok = *l > 0;
            if !ok {
                tracing::debug!("x-ratelimit-limit of 0 ignored");
            }
            ok
        });
        let mut remaining =
            text("x-ratelimit-remaining").and_then(|v| count(v, "x-ratelimit-remaining"));
        if let (Some(l), Some(r)) = (limit, remaining)
            && r > l
        {
            tracing::debug!(
                limit = l,
                remaining = r,
                "x-ratelimit-remaining above the limit: clamped"
            );
            remaining = Some(l);
        }
        let reset = text("x-ratelimit-reset").and_then(|v| parse_reset(v, server_now));
        RateHeaders {
            limit,
            remaining,
            reset,
        }
    }

    fn is_empty(&self) -> bool {
        self.limit.is_none() && self.remaining.is_none() && self.reset.is_none()
    }
}

fn count(value: &str, name: &str) -> Option<u32> {
    match value.trim().parse::<u64>() {
        Ok(n) if n <= MAX_LIMIT => u32::try_from(n).ok(),
        _ => {
            tracing::debug!(header = name, value = %bounded(value), "not a believable count: ignored");
            None
        }
    }
}

/// A header value as logged: at most 40 characters.
fn bounded(value: &str) -> String {
    value.chars().take(40).collect()
}

/// Parses `x-ratelimit-reset` by the rule in the module's documentation: the time until
/// the window ends, or `None` (logged at debug) for a value that is not a number, negative,
/// or further away than [`Tuning::max_rate_limit_reset`](crate::Tuning::max_rate_limit_reset).
pub fn parse_reset(value: &str, server_now: OffsetDateTime) -> Option<Duration> {
    let Some(number) = decimal_millis(value.trim()) else {
        tracing::debug!(value = %bounded(value), "x-ratelimit-reset is not a number of seconds: ignored");
        return None;
    };
    let millis = if number < UNIX_SECONDS_FROM * 1000 {
        number
    } else {
        let unix_ms = if number >= UNIX_MILLIS_FROM * 1000 {
            number / 1000
        } else {
            number
        };
        let now_ms = u128::try_from(server_now.unix_timestamp_nanos() / 1_000_000).unwrap_or(0);
        // A Unix time in the past means the window is already over.
        unix_ms.saturating_sub(now_ms)
    };
    if millis > MAX_RESET.as_millis() {
        tracing::debug!(value = %bounded(value), "x-ratelimit-reset too far away: ignored");
        return None;
    }
    Some(Duration::from_millis(u64::try_from(millis).ok()?))
}

/// `digits[.digits]` as thousandths (fractions beyond the millisecond dropped); `None` for
/// anything else (a sign, an exponent, no digits, more than 20 integer digits).
fn decimal_millis(text: &str) -> Option<u128> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 20 || !digits(whole) || !digits(fraction) {
        return None;
    }
    let whole: u128 = whole.parse().ok()?;
    let mut millis = 0u128;
    for (i, b) in fraction.bytes().take(3).enumerate() {
        millis += u128::from(b - b'0') * 10u128.pow(2 - i as u32);
    }
    Some(whole * 1000 + millis)
}

/// One budget: what the service said last, and what this process spent since.
#[derive(Debug, Default, Clone, Copy)]
struct Bucket {
    /// Requests per window, once an answer said.
    limit: Option<u32>,
    /// Requests left in the window as far as this process knows (its own sends counted).
    remaining: u32,
    /// When the window ends (the budget's monotonic clock): a bound the server's own answers
    /// gave, or a guess (`guessed`) made when a window ended with no answer since.
    reset_at: Option<Duration>,
    guessed: bool,
    /// The longest window seen: the length of the guess after a window ends.
    window: Duration,
}

impl Bucket {
    /// The window ended: the whole limit again, until an answer says when this one ends.
    fn roll(&mut self, now: Duration) {
        if let (Some(limit), Some(end)) = (self.limit, self.reset_at)
            && end <= now
        {
            self.remaining = limit;
            self.reset_at = (!self.window.is_zero()).then(|| now + self.window);
            self.guessed = true;
        }
    }

    fn acquire(&mut self, now: Duration) -> Option<Duration> {
        self.roll(now);
        self.limit?;
        if self.remaining > 0 {
            self.remaining -= 1;
            return None;
        }
        // Spent: wait for the end of the window (or, not knowing it, a short while for an
        // answer to say).
        Some(
            self.reset_at
                .map_or(FALLBACK_WAIT, |end| end.saturating_sub(now))
                .max(Duration::from_millis(1)),
        )
    }

    fn observe(&mut self, now: Duration, headers: RateHeaders, refused: bool) {
        if headers.is_empty() {
            return;
        }
        self.roll(now);
        if let Some(limit) = headers.limit {
            if self.limit.is_none() {
                self.remaining = limit;
            }
            self.limit = Some(limit);
        }
        let end = headers.reset.map(|r| now + r);
        if let Some(reset) = headers.reset {
            self.window = self.window.max(reset);
        }
        match (end, self.reset_at) {
            // A refusal is the server's own word: its window ends then, whatever was guessed.
            (Some(end), _) if refused => self.reset_at = Some(end),
            (Some(end), None) => self.reset_at = Some(end),
            (Some(end), Some(_)) if self.guessed => self.reset_at = Some(end),
            // Every answer's reset is a bound on the same window: keep the earliest. One
            // more than a second later with a fuller budget is a new window.
            (Some(end), Some(known)) => {
                let newer = end > known + Duration::from_secs(1)
                    && headers.remaining.is_some_and(|r| r > self.remaining);
                self.reset_at = Some(if newer { end } else { end.min(known) });
                if newer {
                    self.remaining = headers.remaining.unwrap_or(self.remaining);
                }
            }
            (None, _) => {}
        }
        if end.is_some() {
            self.guessed = false;
        }
        if let Some(remaining) = headers.remaining {
            self.remaining = self.remaining.min(remaining);
        }
        if refused {
            self.remaining = 0;
        }
    }
}

/// How long a spent budget with no known end waits before asking again.
const FALLBACK_WAIT: Duration = Duration::from_millis(250);

/// The budget of one credential at one base URL (see the module's documentation).
#[derive(Debug)]
pub struct RateBudget {
    clock: Arc<dyn Clock>,
    buckets: Mutex<[Bucket; 2]>,
}

impl RateBudget {
    /// A budget of its own, on `clock`.
    pub(crate) fn new(clock: Arc<dyn Clock>) -> RateBudget {
        RateBudget {
            clock,
            buckets: Mutex::new([Bucket::default(); 2]),
        }
    }

    /// The budget every client of `credentials` at `base_url` in this process shares (on the
    /// system clock). It is keyed by a SHA-256 digest: the registry never holds the key.
    pub(crate) fn shared(credentials: &Credentials, base_url: &str) -> Arc<RateBudget> {
        static REGISTRY: OnceLock<Mutex<HashMap<[u8; 32], Weak<RateBudget>>>> = OnceLock::new();
        static CLOCK: OnceLock<SystemClock> = OnceLock::new();
        let key = digest(credentials, base_url);
        let mut registry = REGISTRY
            .get_or_init(Mutex::default)
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        registry.retain(|_, budget| budget.strong_count() > 0);
        if let Some(budget) = registry.get(&key).and_then(Weak::upgrade) {
            return budget;
        }
        let budget = Arc::new(RateBudget::new(Arc::new(
            *CLOCK.get_or_init(SystemClock::new),
        )));
        registry.insert(key, Arc::downgrade(&budget));
        budget
    }

    fn now(&self) -> Duration {
        self.clock.monotonic()
    }

    fn with<T>(&self, class: Class, f: impl FnOnce(&mut Bucket) -> T) -> T {
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut buckets[class as usize])
    }

    /// Takes one request of `class` from the budget, or says how long to wait before asking
    /// again.
    pub(crate) fn acquire(&self, class: Class) -> Option<Duration> {
        let now = self.now();
        self.with(class, |b| b.acquire(now))
    }

    /// Learns from an answer's headers (`refused`: it was a 429).
    pub(crate) fn observe(&self, class: Class, headers: RateHeaders, refused: bool) {
        let now = self.now();
        self.with(class, |b| b.observe(now, headers, refused));
    }

    /// How long until the current window of `class` ends, if known.
    pub(crate) fn until_reset(&self, class: Class) -> Option<Duration> {
        let now = self.now();
        self.with(class, |b| b.reset_at.map(|end| end.saturating_sub(now)))
    }

    /// Requests per window of `class`, once an answer said.
    pub(crate) fn limit(&self, class: Class) -> Option<u32> {
        self.with(class, |b| b.limit)
    }
}

fn digest(credentials: &Credentials, base_url: &str) -> [u8; 32] {
    let mut hash = Sha256::new();
    hash.update(base_url.as_bytes());
    hash.update([0]);
    match credentials {
        Credentials::ApiKey { api_key, .. } => {
            hash.update(b"key:");
            hash.update(api_key.as_bytes());
        }
        Credentials::Bearer { access_token } => {
            hash.update(b"token:");
            hash.update(access_token.expose_secret().as_bytes());
        }
    }
    hash.finalize().into()
}

#[cfg(test)]
mod tests;
