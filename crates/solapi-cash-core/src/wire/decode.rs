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

/// The first characters of a body, for an error message.
pub(crate) fn body_prefix(body: &[u8]) -> String {
    let head = &body[..body.len().min(BODY_PREFIX_CHARS * 4)];
    let text = String::from_utf8_lossy(head);
    let mut prefix: String = text.chars().take(BODY_PREFIX_CHARS).collect();
    if prefix.len() < body.len() {
        prefix.push('…');
    }
    prefix
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
    fn body_prefix_is_bounded() {
        let huge = "x".repeat(1 << 20);
        let prefix = body_prefix(huge.as_bytes());
        assert!(prefix.chars().count() <= BODY_PREFIX_CHARS + 1);
    }
}
