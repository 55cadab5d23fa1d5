//! [`Verifier`]: the server-side check of an HMAC `Authorization` header.

use time::{Duration, OffsetDateTime};

use crate::header_parse::HmacAuthorization;
use crate::replay::{DEFAULT_REPLAY_CAPACITY, ReplayStore};
use crate::secret::Secret;
use crate::signature::{from_hex, verify_mac};

/// How far a request's date may be from the server's clock, either way: 15 minutes.
pub const DEFAULT_WINDOW: Duration = Duration::minutes(15);

/// Checks HMAC signatures the way the API does, and remembers them to refuse replays.
///
/// `Send + Sync`: share one behind an `Arc` among all request handlers, so that a
/// signature used on one connection is refused on every other.
///
/// Checks, in order (the first failure is returned):
/// 1. the API key is known ([`VerifyError::InvalidApiKey`]);
/// 2. `|now - date|` is at most the window ([`VerifyError::RequestTimeTooSkewed`]);
/// 3. the signature matches, compared in constant time ([`VerifyError::SignatureDoesNotMatch`]);
/// 4. the signature was not accepted within the window ([`VerifyError::DuplicatedSignature`]).
///
/// Only a request that passes all four is recorded, so a forged or stale request cannot
/// block a genuine one.
///
/// ```
/// use solapi_auth::{Credentials, Salt, Secret, Verifier, VerifyError, parse_authorization, ParsedAuthorization};
/// use time::macros::datetime;
///
/// let now = datetime!(2024-05-01 12:00 UTC);
/// let auth = Credentials::api_key("KEY", "secret").authorization_at(now, &Salt::new("0123456789abcdef")?);
/// let ParsedAuthorization::Hmac(hmac) = parse_authorization(auth.header_value())? else { unreachable!() };
///
/// let verifier = Verifier::new();
/// let secret = Secret::new("secret");
/// assert_eq!(verifier.verify(&hmac, Some(&secret), now), Ok(()));
/// assert_eq!(verifier.verify(&hmac, Some(&secret), now), Err(VerifyError::DuplicatedSignature));
/// assert_eq!(verifier.verify(&hmac, None, now).unwrap_err().code(), "InvalidAPIKey");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Verifier {
    window: Duration,
    replay: ReplayStore,
}

impl Verifier {
    /// A verifier with the API's 15-minute window and room for a million signatures.
    pub fn new() -> Self {
        Self::with_window(DEFAULT_WINDOW)
    }

    /// A verifier accepting dates up to `window` away from `now` (either way); replays are
    /// refused for as long. A negative window is treated as its absolute value.
    pub fn with_window(window: Duration) -> Self {
        Self {
            window: window.abs(),
            replay: ReplayStore::new(DEFAULT_REPLAY_CAPACITY),
        }
    }

    /// Sets how many signatures are remembered (at least one); see [`ReplayStore`].
    #[must_use]
    pub fn with_replay_capacity(self, n: usize) -> Self {
        Self {
            replay: ReplayStore::new(n),
            ..self
        }
    }

    /// The accepted clock skew, either way.
    pub fn window(&self) -> Duration {
        self.window
    }

    /// The store of accepted signatures.
    pub fn replay_store(&self) -> &ReplayStore {
        &self.replay
    }

    /// Verifies one request. `secret` is the secret registered for `auth.api_key`, `None`
    /// if the key is unknown; `now` is the server's clock.
    ///
    /// # Errors
    /// The first failed check, as a [`VerifyError`] (all answered with HTTP 403).
    pub fn verify(
        &self,
        auth: &HmacAuthorization,
        secret: Option<&Secret>,
        now: OffsetDateTime,
    ) -> Result<(), VerifyError> {
        let secret = secret.ok_or(VerifyError::InvalidApiKey)?;
        let skew = now - auth.date;
        if skew.abs() > self.window {
            return Err(VerifyError::RequestTimeTooSkewed { skew });
        }
        // The parser guarantees hex of the right length; a hand-built struct may not.
        let mac = from_hex(&auth.signature).ok_or(VerifyError::SignatureDoesNotMatch)?;
        if !verify_mac(auth.algorithm, secret, &auth.date_text, &auth.salt, &mac) {
            return Err(VerifyError::SignatureDoesNotMatch);
        }
        // After date + window the skew check refuses the request anyway, so the entry
        // can go then; keying on the date (not `now`) also covers dates in the future.
        let expires_at = auth.date.checked_add(self.window).unwrap_or(auth.date);
        if !self.replay.insert_if_new(&mac, expires_at, now) {
            return Err(VerifyError::DuplicatedSignature);
        }
        Ok(())
    }
}

impl Default for Verifier {
    fn default() -> Self {
        Self::new()
    }
}

/// Why a signed request was refused. Every variant is answered with HTTP 403 and the
/// code from [`VerifyError::code`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// No secret is registered for the API key.
    #[error("InvalidAPIKey: unknown API key")]
    InvalidApiKey,
    /// The signature is not the HMAC of date + salt under the key's secret.
    #[error("SignatureDoesNotMatch: the signature does not match the date, salt and API secret")]
    SignatureDoesNotMatch,
    /// The request's date is too far from the server's clock.
    #[error(
        "RequestTimeTooSkewed: the request date is {} s {} the server clock (at most 15 min allowed by default)",
        skew.whole_seconds().unsigned_abs(),
        if skew.is_negative() { "ahead of" } else { "behind" }
    )]
    RequestTimeTooSkewed {
        /// Server time minus request date: positive when the request's date is in the past.
        skew: Duration,
    },
    /// The signature was already accepted within the window.
    #[error(
        "DuplicatedSignature: this signature was already used; sign every request, retries included, with a fresh salt"
    )]
    DuplicatedSignature,
}

impl VerifyError {
    /// The API's error code: `"InvalidAPIKey"`, `"SignatureDoesNotMatch"`,
    /// `"RequestTimeTooSkewed"` or `"DuplicatedSignature"`.
    pub fn code(&self) -> &'static str {
        match self {
            VerifyError::InvalidApiKey => "InvalidAPIKey",
            VerifyError::SignatureDoesNotMatch => "SignatureDoesNotMatch",
            VerifyError::RequestTimeTooSkewed { .. } => "RequestTimeTooSkewed",
            VerifyError::DuplicatedSignature => "DuplicatedSignature",
        }
    }

    /// The HTTP status the API answers with: always 403.
    pub fn http_status(&self) -> u16 {
        403
    }
}
