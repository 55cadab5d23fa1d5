//! [`Secret`]: a string that never prints itself.

use std::fmt;

/// The text printed in place of any secret value.
pub(crate) const REDACTED: &str = "** redacted **";

/// A secret string (API secret, access token).
///
/// `Debug` and `Display` print `** redacted **`; the value is only reachable through
/// [`Secret::expose_secret`], so every use of it is easy to find.
/// Equality compares in time independent of where the values differ.
///
/// ```
/// use solapi_auth::Secret;
///
/// let secret = Secret::new("my-api-secret");
/// assert_eq!(format!("{secret:?} {secret}"), "** redacted ** ** redacted **");
/// assert_eq!(secret.expose_secret(), "my-api-secret");
/// ```
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }

    /// The secret value itself. Never log or display it.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// Whether the secret is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Self(s)
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Self(s.to_owned())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        constant_time_eq(self.0.as_bytes(), other.0.as_bytes())
    }
}

impl Eq for Secret {}

/// Compares two byte strings without stopping at the first difference, so the time taken
/// does not tell an attacker how much of a guess was right. Only the length may leak.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    // black_box keeps the optimiser from turning the fold back into an early exit.
    std::hint::black_box(diff) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equality_compares_values() {
        assert_eq!(Secret::new("abc"), Secret::from("abc"));
        assert_ne!(Secret::new("abc"), Secret::from("abd"));
        assert_ne!(Secret::new("abc"), Secret::from("abcd"));
        assert_ne!(Secret::new(""), Secret::from("a"));
    }
}
