//! [`Authorization`]: the `Authorization` header value for one request.

use std::fmt;
use std::ops::Range;

use crate::secret::REDACTED;
use crate::signature::Algorithm;

/// Scheme name we send for OAuth2 access tokens.
pub const BEARER_SCHEME: &str = "Bearer";

/// The value of the `Authorization` header for one request.
///
/// Built by [`Credentials::authorization`](crate::Credentials::authorization) or
/// [`Credentials::authorization_at`](crate::Credentials::authorization_at). Use it once:
/// the server rejects a signature it has already seen.
///
/// `Debug` shows the scheme, API key, date and salt but never the signature nor a bearer
/// token; there is deliberately no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Authorization {
    header: String,
    kind: Kind,
}

/// The parts of an HMAC header are kept as ranges of `header`: one allocation per request.
#[derive(Clone, PartialEq, Eq)]
enum Kind {
    Hmac {
        algorithm: Algorithm,
        api_key: Range<usize>,
        date: Range<usize>,
        salt: Range<usize>,
    },
    Bearer,
}

impl Authorization {
    /// `<SCHEME> apiKey=<key>, date=<date>, salt=<salt>, signature=<hex>`.
    pub(crate) fn hmac(
        algorithm: Algorithm,
        api_key: &str,
        date: &[u8],
        salt: &[u8],
        signature: &[u8],
    ) -> Self {
        let scheme = algorithm.scheme();
        let mut header = Vec::with_capacity(
            scheme.len() + api_key.len() + date.len() + salt.len() + signature.len() + 40,
        );
        let mut part = |label: &str, value: &[u8]| {
            header.extend_from_slice(label.as_bytes());
            let start = header.len();
            header.extend_from_slice(value);
            start..header.len()
        };
        part(scheme, b"");
        let api_key = part(" apiKey=", api_key.as_bytes());
        let date = part(", date=", date);
        let salt = part(", salt=", salt);
        part(", signature=", signature);
        // The parts are ASCII (date, salt and hex made here) or text (the API key); one
        // check of the whole header instead of one per part.
        let header = String::from_utf8(header)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        Self {
            header,
            kind: Kind::Hmac {
                algorithm,
                api_key,
                date,
                salt,
            },
        }
    }

    /// The text of one part of the header.
    fn part(&self, range: &Range<usize>) -> &str {
        self.header.get(range.clone()).unwrap_or_default()
    }

    /// `Bearer <token>`.
    pub(crate) fn bearer(token: &str) -> Self {
        Self {
            header: format!("{BEARER_SCHEME} {token}"),
            kind: Kind::Bearer,
        }
    }

    /// The full header value, to put in the request's `Authorization` header.
    /// It holds a signature or a token: do not log it.
    pub fn header_value(&self) -> &str {
        &self.header
    }

    /// The scheme: `"HMAC-SHA256"`, `"HMAC-MD5"` or `"Bearer"`.
    pub fn scheme(&self) -> &str {
        match &self.kind {
            Kind::Hmac { algorithm, .. } => algorithm.scheme(),
            Kind::Bearer => BEARER_SCHEME,
        }
    }

    /// The API key, for HMAC authorizations.
    pub fn api_key(&self) -> Option<&str> {
        match &self.kind {
            Kind::Hmac { api_key, .. } => Some(self.part(api_key)),
            Kind::Bearer => None,
        }
    }

    /// The signed date text, for HMAC authorizations.
    pub fn date(&self) -> Option<&str> {
        match &self.kind {
            Kind::Hmac { date, .. } => Some(self.part(date)),
            Kind::Bearer => None,
        }
    }

    /// The salt, for HMAC authorizations.
    pub fn salt(&self) -> Option<&str> {
        match &self.kind {
            Kind::Hmac { salt, .. } => Some(self.part(salt)),
            Kind::Bearer => None,
        }
    }
}

impl fmt::Debug for Authorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Authorization");
        d.field("scheme", &self.scheme());
        match &self.kind {
            Kind::Hmac {
                api_key,
                date,
                salt,
                ..
            } => d
                .field("api_key", &self.part(api_key))
                .field("date", &self.part(date))
                .field("salt", &self.part(salt))
                .field("signature", &format_args!("{REDACTED:?}")),
            Kind::Bearer => d.field("token", &format_args!("{REDACTED:?}")),
        }
        .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parts_are_read_back_from_the_one_header() {
        // A multi-byte API key shifts every later part: the positions must follow.
        let auth = Authorization::hmac(
            Algorithm::HmacMd5,
            "키-KEY",
            b"2019-07-01T00:41:48.000Z",
            b"jqsba2jxjnrjor",
            b"00ff",
        );
        assert_eq!(
            auth.header_value(),
            "HMAC-MD5 apiKey=키-KEY, date=2019-07-01T00:41:48.000Z, salt=jqsba2jxjnrjor, signature=00ff"
        );
        assert_eq!(auth.scheme(), "HMAC-MD5");
        assert_eq!(auth.api_key(), Some("키-KEY"));
        assert_eq!(auth.date(), Some("2019-07-01T00:41:48.000Z"));
        assert_eq!(auth.salt(), Some("jqsba2jxjnrjor"));
        let debug = format!("{auth:?}");
        assert!(debug.contains("키-KEY") && debug.contains("jqsba2jxjnrjor"));
        assert!(!debug.contains("00ff"));
    }
}
