//! [`SignError`]: why a request could not be signed.

use std::fmt;

/// Signing failed: the operating system's random number generator, needed for a fresh
/// salt, was unavailable. Nothing was signed, so nothing can have been sent.
#[derive(Debug, Clone)]
pub struct SignError {
    random: getrandom::Error,
}

impl SignError {
    pub(crate) fn random(random: getrandom::Error) -> Self {
        Self { random }
    }
}

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot sign the request: the system random number generator failed ({})",
            self.random
        )
    }
}

impl std::error::Error for SignError {}
