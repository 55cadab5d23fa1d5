//! [`Authorization`]: the `Authorization` header value for one request.

use std::fmt;

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

#[derive(Clone, PartialEq, Eq)]
enum Kind {
    Hmac {
        algorithm: Algorithm,
        api_key: String,
        date: String,
        salt: String,
    },
    Bearer,
}

impl Authorization {
    /// `<SCHEME> apiKey=<key>, date=<date>, salt=<salt>, signature=<hex>`.
    pub(crate) fn hmac(
        algorithm: Algorithm,
        api_key: &str,
        date: String,
        salt: &str,
        signature: &str,
    ) -> Self {
        let header = format!(
            "{} apiKey={api_key}, date={date}, salt={salt}, signature={signature}",
            algorithm.scheme()
        );
        Self {
            header,
            kind: Kind::Hmac {
                algorithm,
                api_key: api_key.to_owned(),
                date,
                salt: salt.to_owned(),
            },
        }
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
            Kind::Hmac { api_key, .. } => Some(api_key),
            Kind::Bearer => None,
        }
    }

    /// The signed date text, for HMAC authorizations.
    pub fn date(&self) -> Option<&str> {
        match &self.kind {
            Kind::Hmac { date, .. } => Some(date),
            Kind::Bearer => None,
        }
    }

    /// The salt, for HMAC authorizations.
    pub fn salt(&self) -> Option<&str> {
        match &self.kind {
            Kind::Hmac { salt, .. } => Some(salt),
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
                .field("api_key", api_key)
                .field("date", date)
                .field("salt", salt)
                .field("signature", &format_args!("{REDACTED:?}")),
            Kind::Bearer => d.field("token", &format_args!("{REDACTED:?}")),
        }
        .finish()
    }
}
