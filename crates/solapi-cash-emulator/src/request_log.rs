//! The log of requests received, with secrets masked, kept in a bounded ring.

use std::collections::VecDeque;

use axum::http::HeaderMap;
use serde::Serialize;
use time::OffsetDateTime;

use crate::serde_time;

/// Requests kept (the oldest are dropped first).
pub const REQUEST_LOG_CAPACITY: usize = 10_000;

/// What replaces a secret in the log.
const MASK: &str = "***";

/// One request as the emulator received it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LoggedRequest {
    /// When it arrived (emulator clock).
    #[serde(with = "serde_time")]
    pub received_at: OffsetDateTime,
    /// When its answer was ready, after any added latency (emulator clock); `None` when
    /// the connection was dropped before handling. Two requests whose spans overlap were
    /// in flight at once.
    #[serde(with = "serde_time::option")]
    pub answered_at: Option<OffsetDateTime>,
    /// The method.
    pub method: String,
    /// Path and query string.
    pub path: String,
    /// Status of the response, `None` when the connection was dropped before one existed.
    pub status: Option<u16>,
    /// Whether the connection was dropped instead of answering (fault injection).
    pub dropped: bool,
    /// The injected fault that hit the request, if any.
    pub fault: Option<String>,
    /// Headers in the order received; `Authorization` keeps scheme, `apiKey`, `date` and
    /// `salt` but not the signature, bearer tokens and the `x-mfa-data` code are masked.
    pub headers: Vec<(String, String)>,
}

/// The ring of logged requests.
#[derive(Debug, Default)]
pub(crate) struct RequestLog {
    ring: VecDeque<LoggedRequest>,
}

impl RequestLog {
    pub(crate) fn push(&mut self, request: LoggedRequest) {
        if self.ring.len() >= REQUEST_LOG_CAPACITY {
            self.ring.pop_front();
        }
        self.ring.push_back(request);
    }

    pub(crate) fn entries(&self) -> Vec<LoggedRequest> {
        self.ring.iter().cloned().collect()
    }

    pub(crate) fn clear(&mut self) {
        self.ring.clear();
    }
}

/// The headers with every secret masked.
pub(crate) fn masked_headers(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            let text = String::from_utf8_lossy(value.as_bytes());
            let shown = match name.as_str() {
                "authorization" | "proxy-authorization" => mask_authorization(&text),
                "x-mfa-data" => mask_mfa_data(&text),
                "cookie" | "set-cookie" => MASK.to_owned(),
                _ => text.into_owned(),
            };
            (name.as_str().to_owned(), shown)
        })
        .collect()
}

/// `HMAC-SHA256 apiKey=K, date=D, salt=S, signature=***`; `Bearer ***`; anything else
/// is masked whole (it could be a bare token).
pub(crate) fn mask_authorization(value: &str) -> String {
    let value = value.trim();
    let (scheme, rest) = value.split_once(char::is_whitespace).unwrap_or((value, ""));
    if !scheme.to_ascii_uppercase().starts_with("HMAC-") {
        let known = ["bearer", "basic", "token", "digest"]
            .iter()
            .any(|k| scheme.eq_ignore_ascii_case(k));
        return if known && !rest.is_empty() {
            format!("{scheme} {MASK}")
        } else {
            MASK.to_owned()
        };
    }
    let fields: Vec<String> = rest
        .split(',')
        .map(|field| {
            let field = field.trim();
            match field.split_once('=') {
                Some((name, value)) => {
                    let name = name.trim();
                    let keep =
                        ["apikey", "date", "salt"].contains(&name.to_ascii_lowercase().as_str());
                    format!("{name}={}", if keep { value.trim() } else { MASK })
                }
                None => MASK.to_owned(),
            }
        })
        .collect();
    format!("{scheme} {}", fields.join(", "))
}

fn mask_mfa_data(value: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(value) {
        Ok(serde_json::Value::Object(mut map)) => {
            if map.contains_key("token") {
                map.insert("token".to_owned(), MASK.into());
            }
            serde_json::Value::Object(map).to_string()
        }
        _ => MASK.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_signature_is_masked() {
        let masked = mask_authorization(
            "HMAC-SHA256 ApiKey=NCSAYU7YDBXYORXC, Date=2019-07-01T00:41:48Z, salt=jqsba2jxjnrjor, signature=1779eac71a24cbee",
        );
        assert_eq!(
            masked,
            "HMAC-SHA256 ApiKey=NCSAYU7YDBXYORXC, Date=2019-07-01T00:41:48Z, salt=jqsba2jxjnrjor, signature=***"
        );
    }

    #[test]
    fn bearer_and_garbage_are_masked() {
        assert_eq!(mask_authorization("bearer abc.def"), "bearer ***");
        assert_eq!(mask_authorization("secretonly"), "***");
        assert_eq!(mask_authorization("weird secret"), "***");
        assert_eq!(
            mask_authorization("HMAC-MD5 apiKey=K, sig=abc, junk"),
            "HMAC-MD5 apiKey=K, sig=***, ***"
        );
    }

    #[test]
    fn mfa_token_is_masked() {
        let masked =
            mask_mfa_data(r#"{"authType":"EMAIL","transactionId":"abc","token":"123456"}"#);
        assert!(!masked.contains("123456"));
        assert!(masked.contains(r#""transactionId":"abc""#));
        assert_eq!(mask_mfa_data("not json 123456"), "***");
    }
}
