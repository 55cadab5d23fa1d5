//! [`RateLimit`]: the live service's rate limit, as measured by a third party
//! (segevsh/w6w-apps, `apps/solapi/README.md`, 2026-10-06; no SOLAPI page documents it):
//! about 20 reads and 100 sends per 5-second window per API key, 5 requests per window
//! without credentials, reported on every answer in `x-ratelimit-limit`,
//! `x-ratelimit-remaining` and `x-ratelimit-reset`; over it, HTTP 429
//! `{"errorCode":"TooManyRequests","message":"…"}` (`message`, not `errorMessage`).
//!
//! The emulator enforces it by default. Windows are fixed and start with the first request
//! after the previous one ended; `x-ratelimit-reset` is the seconds left in the window,
//! rounded up (the form the third party's reading does not settle: the client accepts a Unix
//! time too). Windows are measured on the emulator's clock (its offset included), and
//! [`Admin::end_rate_limit_windows`](crate::Admin::end_rate_limit_windows) ends them at once,
//! so that tests need not wait.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use solapi_auth::{ParsedAuthorization, parse_authorization};

/// Requests allowed per window, reads and writes apart, for one credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RateLimit {
    /// `GET` requests per window.
    pub reads: u32,
    /// Other requests per window.
    pub writes: u32,
    /// The window, in seconds (at least 1).
    pub seconds: u32,
}

/// Requests per window without credentials (measured by a third party: 5).
pub const UNAUTHENTICATED_LIMIT: u32 = 5;

impl RateLimit {
    /// The measured limit: 20 reads and 100 writes per 5 s.
    pub const MEASURED: RateLimit = RateLimit {
        reads: 20,
        writes: 100,
        seconds: 5,
    };

    fn window(self) -> Duration {
        Duration::from_secs(u64::from(self.seconds.max(1)))
    }
}

impl Default for RateLimit {
    fn default() -> RateLimit {
        RateLimit::MEASURED
    }
}

impl fmt::Display for RateLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}/{}", self.reads, self.writes, self.seconds)
    }
}

/// `READS/WRITES/SECONDS` (as `--rate-limit` takes it; `off` is handled by the caller).
impl FromStr for RateLimit {
    type Err = String;

    fn from_str(text: &str) -> Result<RateLimit, String> {
        let parts: Vec<&str> = text.trim().split('/').collect();
        let number = |s: &str| s.trim().parse::<u32>().ok().filter(|n| *n > 0);
        match parts.as_slice() {
            [r, w, s] => match (number(r), number(w), number(s)) {
                (Some(reads), Some(writes), Some(seconds)) => Ok(RateLimit {
                    reads,
                    writes,
                    seconds,
                }),
                _ => Err(format!(
                    "`{text}`: READS, WRITES and SECONDS must be whole numbers from 1"
                )),
            },
            _ => Err(format!(
                "`{text}`: expected READS/WRITES/SECONDS (20/100/5) or off"
            )),
        }
    }
}

/// `--rate-limit`: `off` or `READS/WRITES/SECONDS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitSetting(pub Option<RateLimit>);

impl FromStr for RateLimitSetting {
    type Err = String;

    fn from_str(text: &str) -> Result<RateLimitSetting, String> {
        parse_rate_limit_arg(text).map(RateLimitSetting)
    }
}

/// Parses `--rate-limit`: `off` or `READS/WRITES/SECONDS`.
pub fn parse_rate_limit_arg(text: &str) -> Result<Option<RateLimit>, String> {
    if text.trim().eq_ignore_ascii_case("off") {
        Ok(None)
    } else {
        text.parse().map(Some)
    }
}

/// Whose budget a request spends, and which of its two.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    /// A digest of the API key or token; `None` for a request without readable credentials.
    credential: Option<[u8; 32]>,
    read: bool,
}

#[derive(Debug, Clone, Copy)]
struct Window {
    start_ms: i64,
    used: u32,
}

/// The windows under way.
#[derive(Debug, Default)]
pub(crate) struct Limiter {
    windows: HashMap<Key, Window>,
}

/// What the limiter decided for one request: the headers to add, and whether to refuse it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Decision {
    limit: u32,
    remaining: u32,
    reset_ms: i64,
    refused: bool,
}

impl Limiter {
    /// Counts one request arriving at `now_ms` on the emulator's clock.
    pub(crate) fn admit(
        &mut self,
        limit: RateLimit,
        method: &Method,
        headers: &HeaderMap,
        now_ms: i64,
    ) -> Decision {
        let read = method == Method::GET || method == Method::HEAD;
        let credential = credential(headers);
        let allowed = match (&credential, read) {
            (None, _) => UNAUTHENTICATED_LIMIT.min(limit.reads.max(1)),
            (Some(_), true) => limit.reads,
            (Some(_), false) => limit.writes,
        };
        let window_ms = i64::try_from(limit.window().as_millis()).unwrap_or(i64::MAX);
        if self.windows.len() > 10_000 {
            // Bounded memory: windows that ended say nothing.
            self.windows
                .retain(|_, w| w.start_ms.saturating_add(window_ms) > now_ms);
        }
        let window = self
            .windows
            .entry(Key { credential, read })
            .or_insert(Window {
                start_ms: now_ms,
                used: 0,
            });
        if window.start_ms.saturating_add(window_ms) <= now_ms || window.start_ms > now_ms {
            *window = Window {
                start_ms: now_ms,
                used: 0,
            };
        }
        let refused = window.used >= allowed;
        if !refused {
            window.used += 1;
        }
        Decision {
            limit: allowed,
            remaining: allowed - window.used,
            reset_ms: window.start_ms.saturating_add(window_ms) - now_ms,
            refused,
        }
    }

    /// Ends every window now.
    pub(crate) fn end_windows(&mut self) {
        self.windows.clear();
    }
}

impl Decision {
    /// Whether the request is over the limit.
    pub(crate) fn refused(&self) -> bool {
        self.refused
    }

    /// Adds the `x-ratelimit-*` headers.
    pub(crate) fn apply(&self, response: &mut Response) {
        let reset_s = (self.reset_ms.max(0) + 999) / 1000;
        let headers = response.headers_mut();
        headers.insert("x-ratelimit-limit", HeaderValue::from(self.limit));
        headers.insert("x-ratelimit-remaining", HeaderValue::from(self.remaining));
        headers.insert("x-ratelimit-reset", HeaderValue::from(reset_s));
    }

    /// The 429 the live service answers (its body spells the message `message`).
    pub(crate) fn refusal(&self) -> Response {
        let body = serde_json::json!({
            "errorCode": "TooManyRequests",
            "message": "Too many requests, please try again later.",
        });
        let mut response = (StatusCode::TOO_MANY_REQUESTS, body.to_string()).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        self.apply(&mut response);
        response
    }
}

/// A digest of the request's API key or token (the limiter never keeps the credential).
fn credential(headers: &HeaderMap) -> Option<[u8; 32]> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let mut hash = Sha256::new();
    match parse_authorization(value).ok()? {
        ParsedAuthorization::Hmac(hmac) => {
            hash.update(b"key:");
            hash.update(hmac.api_key.as_bytes());
        }
        ParsedAuthorization::Bearer(token) => {
            hash.update(b"token:");
            hash.update(token.secret().expose_secret().as_bytes());
        }
    }
    Some(hash.finalize().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signed(key: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        let value = format!("Bearer {key}");
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_str(&value).unwrap(),
        );
        headers
    }

    #[test]
    fn fixed_windows_per_credential_reads_and_writes_apart() {
        let limit: RateLimit = "3/2/5".parse().unwrap();
        let mut limiter = Limiter::default();
        let a = signed("NCSAYU7YDBXYORXA");
        let b = signed("NCSAYU7YDBXYORXB");
        let get = Method::GET;
        let seen: Vec<(u32, i64, bool)> = (0..4)
            .map(|i| {
                let d = limiter.admit(limit, &get, &a, 1000 + i * 100);
                (d.remaining, d.reset_ms, d.refused)
            })
            .collect();
        assert_eq!(
            seen,
            [
                (2, 5000, false),
                (1, 4900, false),
                (0, 4800, false),
                (0, 4700, true)
            ]
        );
        assert!(!limiter.admit(limit, &get, &b, 1400).refused, "another key");
        assert!(
            !limiter.admit(limit, &Method::POST, &a, 1400).refused,
            "writes apart"
        );
        // The window ends 5 s after its first request.
        assert!(!limiter.admit(limit, &get, &a, 6000).refused);
        limiter.admit(limit, &get, &a, 6001);
        limiter.admit(limit, &get, &a, 6002);
        assert!(limiter.admit(limit, &get, &a, 6003).refused);
        limiter.end_windows();
        assert!(!limiter.admit(limit, &get, &a, 6004).refused);
        // Without credentials: 5 a window.
        let none = HeaderMap::new();
        let limit = RateLimit::MEASURED;
        let refused: Vec<bool> = (0..6)
            .map(|_| limiter.admit(limit, &get, &none, 0).refused)
            .collect();
        assert_eq!(refused, [false, false, false, false, false, true]);
    }

    #[test]
    fn the_argument() {
        assert_eq!(parse_rate_limit_arg("off"), Ok(None));
        assert_eq!(
            parse_rate_limit_arg("20/100/5"),
            Ok(Some(RateLimit::MEASURED))
        );
        for bad in ["", "20", "20/100", "0/1/1", "a/b/c", "1/1/1/1", "-1/2/3"] {
            assert!(parse_rate_limit_arg(bad).is_err(), "{bad}");
        }
    }
}
