//! [`Credentials`]: what a client signs with, and where it finds them.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use time::{Duration, OffsetDateTime};

use crate::authorization::Authorization;
use crate::salt::{RANDOM_SALT_LEN, Salt, fill_random_salt};
use crate::secret::Secret;
use crate::sign_error::SignError;
use crate::signature::{Algorithm, DateText, signature_hex};

/// Environment variable holding the API key.
pub const ENV_API_KEY: &str = "SOLAPI_API_KEY";
/// Environment variable holding the API secret.
pub const ENV_API_SECRET: &str = "SOLAPI_API_SECRET";
/// Environment variable holding an OAuth2 access token.
pub const ENV_ACCESS_TOKEN: &str = "SOLAPI_ACCESS_TOKEN";

/// How a client authenticates: an API key and secret (HMAC signature), or an OAuth2
/// access token.
///
/// `Debug` shows the API key but never the secret or the token.
///
/// ```
/// use solapi_auth::{Credentials, Salt};
/// use time::macros::datetime;
///
/// let credentials = Credentials::api_key("NCSAYU7YDBXYORXC", "my-secret");
/// let salt = Salt::new("jqsba2jxjnrjor")?;
/// let auth = credentials.authorization_at(datetime!(2019-07-01 00:41:48 UTC), &salt);
/// assert!(auth.header_value().starts_with(
///     "HMAC-SHA256 apiKey=NCSAYU7YDBXYORXC, date=2019-07-01T00:41:48.000Z, salt=jqsba2jxjnrjor, signature="));
/// assert!(!format!("{credentials:?}").contains("my-secret"));
/// # Ok::<(), solapi_auth::SaltError>(())
/// ```
///
/// Exhaustive on purpose: a new way to authenticate is a breaking change for every signer (it
/// must be handled, not passed over by a wildcard arm).
#[derive(Clone)]
pub enum Credentials {
    /// API key and secret: every request carries a fresh HMAC signature.
    ApiKey {
        /// The public API key (for example `NCSAYU7YDBXYORXC`).
        api_key: String,
        /// The API secret: the HMAC key.
        api_secret: Secret,
    },
    /// An OAuth2 access token, sent as `Bearer <token>`.
    Bearer {
        /// The access token.
        access_token: Secret,
    },
}

impl Credentials {
    /// API key and secret credentials.
    pub fn api_key(api_key: impl Into<String>, api_secret: impl Into<Secret>) -> Self {
        Credentials::ApiKey {
            api_key: api_key.into(),
            api_secret: api_secret.into(),
        }
    }

    /// OAuth2 access-token credentials.
    pub fn bearer(access_token: impl Into<Secret>) -> Self {
        Credentials::Bearer {
            access_token: access_token.into(),
        }
    }

    /// Reads credentials from the environment: `SOLAPI_API_KEY` and `SOLAPI_API_SECRET`,
    /// else `SOLAPI_ACCESS_TOKEN`. See [`Credentials::from_lookup`] for the rules.
    ///
    /// # Errors
    /// [`CredentialsError`] naming the missing, empty or non-UTF-8 variable.
    pub fn from_env() -> Result<Self, CredentialsError> {
        for name in [ENV_API_KEY, ENV_API_SECRET, ENV_ACCESS_TOKEN] {
            if let Err(std::env::VarError::NotUnicode(_)) = std::env::var(name) {
                return Err(CredentialsError::NotUnicode { name });
            }
        }
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Builds credentials from a lookup function (the environment, a config file, a test
    /// map). Rules: if `SOLAPI_API_KEY` or `SOLAPI_API_SECRET` is set, both must be set and
    /// non-empty, and they win over a token; otherwise `SOLAPI_ACCESS_TOKEN` must be set
    /// and non-empty.
    ///
    /// ```
    /// use solapi_auth::{Credentials, CredentialsError};
    ///
    /// let env = |name: &str| (name == "SOLAPI_API_KEY").then(|| "NCSAYU7YDBXYORXC".to_owned());
    /// let err = Credentials::from_lookup(env).unwrap_err();
    /// assert_eq!(err, CredentialsError::Missing { name: "SOLAPI_API_SECRET", because: "SOLAPI_API_KEY" });
    /// ```
    ///
    /// # Errors
    /// [`CredentialsError`] naming the missing or empty variable; never a value.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, CredentialsError> {
        let api_key = get(ENV_API_KEY);
        let api_secret = get(ENV_API_SECRET);
        if api_key.is_some() || api_secret.is_some() {
            let api_key = required(api_key, ENV_API_KEY, ENV_API_SECRET)?;
            let api_secret = required(api_secret, ENV_API_SECRET, ENV_API_KEY)?;
            return Ok(Self::api_key(api_key, api_secret));
        }
        match get(ENV_ACCESS_TOKEN) {
            Some(token) if token.is_empty() => Err(CredentialsError::Empty {
                name: ENV_ACCESS_TOKEN,
            }),
            Some(token) => Ok(Self::bearer(token)),
            None => Err(CredentialsError::NoCredentials),
        }
    }

    /// The `Authorization` header value for one request, dated by the system clock plus
    /// `clock_offset` (the server's clock minus ours, when known) and with a fresh random
    /// salt. Call it again for every attempt, retries included: the server rejects a
    /// signature it has already seen.
    ///
    /// ```
    /// use solapi_auth::Credentials;
    ///
    /// let credentials = Credentials::api_key("NCSAYU7YDBXYORXC", "my-secret");
    /// let first = credentials.authorization(time::Duration::ZERO)?;
    /// let second = credentials.authorization(time::Duration::ZERO)?;
    /// assert_ne!(first.header_value(), second.header_value());
    /// # Ok::<(), solapi_auth::SignError>(())
    /// ```
    ///
    /// # Errors
    /// [`SignError`] when the system random number generator fails.
    pub fn authorization(&self, clock_offset: Duration) -> Result<Authorization, SignError> {
        match self {
            Credentials::ApiKey {
                api_key,
                api_secret,
            } => {
                let date = now_text(clock_offset);
                // The salt goes straight from the random pool into the header: no `Salt`.
                let mut salt = [0u8; RANDOM_SALT_LEN];
                fill_random_salt(&mut salt)?;
                Ok(hmac_header_text(
                    Algorithm::HmacSha256,
                    api_key,
                    api_secret,
                    &date,
                    &salt,
                ))
            }
            // A token needs neither time nor salt: skip the random number generator.
            Credentials::Bearer { access_token } => {
                Ok(Authorization::bearer(access_token.expose_secret()))
            }
        }
    }

    /// The pure core of [`Credentials::authorization`]: the header for a given time and
    /// salt, signed with HMAC-SHA256. Bearer credentials ignore both.
    pub fn authorization_at(&self, now: OffsetDateTime, salt: &Salt) -> Authorization {
        self.authorization_at_with(Algorithm::HmacSha256, now, salt)
    }

    /// Like [`Credentials::authorization_at`], with a chosen HMAC algorithm.
    pub fn authorization_at_with(
        &self,
        algorithm: Algorithm,
        now: OffsetDateTime,
        salt: &Salt,
    ) -> Authorization {
        match self {
            Credentials::ApiKey {
                api_key,
                api_secret,
            } => hmac_header(
                algorithm,
                api_key,
                api_secret,
                now,
                salt.as_str().as_bytes(),
            ),
            Credentials::Bearer { access_token } => {
                Authorization::bearer(access_token.expose_secret())
            }
        }
    }
}

/// The date to sign now: the system clock plus `clock_offset`, truncated to milliseconds.
/// Read as integers from `SystemTime` (the common case), else through `time`.
fn now_text(clock_offset: Duration) -> DateText {
    // 64-bit nanoseconds (until the year 2262) keep the divisions cheap.
    let fast = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .ok()
        .and_then(|since| i64::try_from(since.as_nanos()).ok())
        .zip(i64::try_from(clock_offset.whole_nanoseconds()).ok())
        .and_then(|(now, offset)| now.checked_add(offset))
        .and_then(|ns| DateText::from_unix_ms(ns.div_euclid(1_000_000)));
    fast.unwrap_or_else(|| {
        let now = OffsetDateTime::now_utc()
            .checked_add(clock_offset)
            .unwrap_or_else(OffsetDateTime::now_utc);
        DateText::new(now)
    })
}

/// Dates, signs and assembles one HMAC header, with the intermediate texts on the stack.
fn hmac_header(
    algorithm: Algorithm,
    api_key: &str,
    api_secret: &Secret,
    now: OffsetDateTime,
    salt: &[u8],
) -> Authorization {
    hmac_header_text(algorithm, api_key, api_secret, &DateText::new(now), salt)
}

/// Signs and assembles one HMAC header for a date already written.
fn hmac_header_text(
    algorithm: Algorithm,
    api_key: &str,
    api_secret: &Secret,
    date: &DateText,
    salt: &[u8],
) -> Authorization {
    let signature = signature_hex(algorithm, api_secret, date.as_bytes(), salt);
    Authorization::hmac(
        algorithm,
        api_key,
        date.as_bytes(),
        salt,
        signature.as_bytes(),
    )
}

fn required(
    value: Option<String>,
    name: &'static str,
    because: &'static str,
) -> Result<String, CredentialsError> {
    match value {
        None => Err(CredentialsError::Missing { name, because }),
        Some(v) if v.is_empty() => Err(CredentialsError::Empty { name }),
        Some(v) => Ok(v),
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::ApiKey {
                api_key,
                api_secret,
            } => f
                .debug_struct("ApiKey")
                .field("api_key", api_key)
                .field("api_secret", api_secret)
                .finish(),
            Credentials::Bearer { access_token } => f
                .debug_struct("Bearer")
                .field("access_token", access_token)
                .finish(),
        }
    }
}

/// Credentials could not be read. Names variables, never their values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialsError {
    /// A variable is required because its partner is set.
    #[error("environment variable {name} is not set (it is required because {because} is set)")]
    Missing {
        /// The missing variable.
        name: &'static str,
        /// The variable whose presence requires it.
        because: &'static str,
    },
    /// A variable is set to the empty string.
    #[error("environment variable {name} is set but empty")]
    Empty {
        /// The empty variable.
        name: &'static str,
    },
    /// A variable holds bytes that are not UTF-8.
    #[error("environment variable {name} is not valid UTF-8")]
    NotUnicode {
        /// The variable.
        name: &'static str,
    },
    /// None of the variables is set.
    #[error("no credentials: set SOLAPI_API_KEY and SOLAPI_API_SECRET, or SOLAPI_ACCESS_TOKEN")]
    NoCredentials,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn lookup(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn api_key_and_secret_win_over_token() {
        let creds = Credentials::from_lookup(lookup(&[
            (ENV_API_KEY, "KEY"),
            (ENV_API_SECRET, "SECRET"),
            (ENV_ACCESS_TOKEN, "TOKEN"),
        ]))
        .unwrap();
        match creds {
            Credentials::ApiKey {
                api_key,
                api_secret,
            } => {
                assert_eq!(api_key, "KEY");
                assert_eq!(api_secret.expose_secret(), "SECRET");
            }
            Credentials::Bearer { .. } => panic!("expected API key credentials"),
        }
    }

    #[test]
    fn token_alone_gives_bearer() {
        let creds = Credentials::from_lookup(lookup(&[(ENV_ACCESS_TOKEN, "TOKEN")])).unwrap();
        assert!(
            matches!(creds, Credentials::Bearer { access_token } if access_token.expose_secret() == "TOKEN")
        );
    }

    #[test]
    fn errors_name_the_variable() {
        let cases: &[(&[(&str, &str)], CredentialsError)] = &[
            (
                &[(ENV_API_KEY, "KEY")],
                CredentialsError::Missing {
                    name: ENV_API_SECRET,
                    because: ENV_API_KEY,
                },
            ),
            (
                &[(ENV_API_SECRET, "SECRET"), (ENV_ACCESS_TOKEN, "TOKEN")],
                CredentialsError::Missing {
                    name: ENV_API_KEY,
                    because: ENV_API_SECRET,
                },
            ),
            (
                &[(ENV_API_KEY, "KEY"), (ENV_API_SECRET, "")],
                CredentialsError::Empty {
                    name: ENV_API_SECRET,
                },
            ),
            (
                &[(ENV_API_KEY, ""), (ENV_API_SECRET, "SECRET")],
                CredentialsError::Empty { name: ENV_API_KEY },
            ),
            (
                &[(ENV_ACCESS_TOKEN, "")],
                CredentialsError::Empty {
                    name: ENV_ACCESS_TOKEN,
                },
            ),
            (&[], CredentialsError::NoCredentials),
        ];
        for (env, expected) in cases {
            let err = Credentials::from_lookup(lookup(env)).unwrap_err();
            assert_eq!(&err, expected, "{env:?}");
            let message = err.to_string();
            assert!(!message.contains("SECRET\"") && !message.contains("TOKEN\""));
        }
    }

    #[test]
    fn bearer_header_uses_the_token() {
        let auth = Credentials::bearer("tok-123")
            .authorization(Duration::ZERO)
            .unwrap();
        assert_eq!(auth.header_value(), "Bearer tok-123");
        assert_eq!(auth.scheme(), "Bearer");
    }

    #[test]
    fn clock_offset_moves_the_date() {
        let creds = Credentials::api_key("KEY", "SECRET");
        let before = OffsetDateTime::now_utc() + Duration::hours(2);
        let auth = creds.authorization(Duration::hours(2)).unwrap();
        let after = OffsetDateTime::now_utc() + Duration::hours(2);
        let date = OffsetDateTime::parse(
            auth.date().unwrap(),
            &time::format_description::well_known::Rfc3339,
        )
        .unwrap();
        // format_date truncates to milliseconds, so compare at that precision.
        assert!(date >= before - Duration::milliseconds(1) && date <= after);
    }
}
