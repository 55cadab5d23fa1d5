//! Decoding a success body: exactly, and on failure with the JSON path where it broke and a
//! bounded prefix of the body.

use http::Response;
use serde::de::DeserializeOwned;

use crate::error::{Error, ErrorKind, Outcome};
use crate::operation::Operation;
use crate::wire::classify::error_from_response;

/// How much of an unreadable body an error keeps.
pub(crate) const BODY_PREFIX_CHARS: usize = 200;

/// A success body decoded as `T`, or the typed error a non-success status stands for.
pub(crate) fn read_json<T: DeserializeOwned>(
    operation: Operation,
    response: &Response<Vec<u8>>,
) -> Result<T, Error> {
    let status = response.status();
    if !status.is_success() {
        return Err(error_from_response(operation, response));
    }
    // A 2xx that is not a readable receipt is evidence, not proof: a proxy, gateway or
    // captive portal in front of the service answers 2xx without the service ever seeing the
    // request. A recharge stays of unknown outcome until reconciliation finds its entry.
    let outcome = if operation.changes_state() {
        Outcome::Unknown
    } else {
        Outcome::NotApplied
    };
    decode_json(response.body()).map_err(|e| e.into_error(operation, outcome).with_status(status))
}

/// The first characters of a body, for an error message, a bank account's number in it
/// masked ([`mask_account_numbers`]).
pub(crate) fn body_prefix(body: &[u8]) -> String {
    let head = &body[..body.len().min(BODY_PREFIX_CHARS * 4)];
    let text = mask_account_numbers(&String::from_utf8_lossy(head));
    let mut prefix: String = text.chars().take(BODY_PREFIX_CHARS).collect();
    if prefix.len() < body.len() {
        prefix.push('…');
    }
    prefix
}

/// `text` (JSON, or the start of it) with the value of every key named like a bank account's
/// number (`accountNumber`, `bankAccountNumber`, any case) masked: its digits but the last
/// four replaced by `*`. The number is personal data (issue 23): an unreadable answer of the
/// bank account or withdrawal endpoints must not print it in an error message.
fn mask_account_numbers(text: &str) -> String {
    const KEY: &str = "accountnumber";
    // ASCII lowercasing keeps every byte offset.
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let (mut copied, mut from) = (0, 0);
    while let Some(found) = lower[from..].find(KEY) {
        let key_end = from + found + KEY.len();
        // The key's closing quote, the colon, spaces, the value's opening quote or bracket.
        let value_start = text[key_end..]
            .find(|c: char| !matches!(c, '"' | ':' | ' ' | '\t' | '\\' | '['))
            .map_or(text.len(), |n| key_end + n);
        let value_end = text[value_start..]
            .find(['"', ',', '}', ']', '\\'])
            .map_or(text.len(), |n| value_start + n);
        out.push_str(&text[copied..value_start]);
        out.push_str(&hide_digits(&text[value_start..value_end]));
        copied = value_end;
        from = value_end;
    }
    out.push_str(&text[copied..]);
    out
}

/// `value` with every digit but the last four replaced by `*`.
fn hide_digits(value: &str) -> String {
    let mut keep = 4;
    let mut shown: Vec<char> = value.chars().rev().collect();
    for c in &mut shown {
        if c.is_ascii_digit() {
            if keep > 0 {
                keep -= 1;
            } else {
                *c = '*';
            }
        }
    }
    shown.into_iter().rev().collect()
}

/// A JSON decoding failure: what, where, and what the body looked like.
pub(crate) struct DecodeFailure {
    message: String,
    path: Option<String>,
    prefix: String,
}

impl DecodeFailure {
    pub(crate) fn into_error(
        self,
        operation: impl Into<Option<Operation>>,
        outcome: Outcome,
    ) -> Error {
        let error = Error::new(operation, ErrorKind::Decode, outcome)
            .with_detail(self.message)
            .with_body_prefix(self.prefix);
        match self.path {
            Some(path) => error.with_json_path(path),
            None => error,
        }
    }
}

/// Decodes `T`. The fast path has no bookkeeping; only on failure is the body decoded again
/// with path tracking, so that the error can name where it broke.
pub(crate) fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, DecodeFailure> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(DecodeFailure {
            message: "the body is empty".into(),
            path: None,
            prefix: String::new(),
        });
    }
    // One UTF-8 check for the whole body spares serde_json a check per string (a tenth of an
    // export's CPU); invalid UTF-8 goes the byte way, which reports where it is.
    let decoded = match std::str::from_utf8(body) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(body),
    };
    match decoded {
        Ok(value) => Ok(value),
        Err(first) => {
            let mut de = serde_json::Deserializer::from_slice(body);
            let (message, path) = match serde_path_to_error::deserialize::<_, T>(&mut de) {
                Err(e) => {
                    // `?` marks a segment the decoder never reached (truncated input).
                    let path = e.path().to_string().trim_end_matches(".?").to_owned();
                    let message = e.into_inner().to_string();
                    (message, (path != ".").then_some(path))
                }
                Ok(_) => (first.to_string(), None),
            };
            Err(DecodeFailure {
                message,
                path,
                prefix: body_prefix(body),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_number_in_the_prefix_is_masked() {
        let body = br#"{"data":"x","accountNumber":"110234567890","bankAccountNumber": [110234567891],"AccountNumber":null,"id":"1234567890"}"#;
        let prefix = body_prefix(body);
        assert!(!prefix.contains("1102345"), "{prefix}");
        assert!(
            prefix.contains(r#""accountNumber":"********7890""#),
            "{prefix}"
        );
        assert!(prefix.contains("********7891"), "{prefix}");
        assert!(prefix.contains(r#""id":"1234567890""#), "{prefix}");
        assert!(prefix.contains(r#""AccountNumber":null"#), "{prefix}");
        // No key, nothing masked; a key at the very end, nothing to mask.
        assert_eq!(body_prefix(b"12345678"), "12345678");
        assert_eq!(body_prefix(br#"{"accountNumber"#), r#"{"accountNumber"#);
    }

    #[test]
    fn body_prefix_is_bounded() {
        let huge = "x".repeat(1 << 20);
        let prefix = body_prefix(huge.as_bytes());
        assert!(prefix.chars().count() <= BODY_PREFIX_CHARS + 1);
    }
}
