//! [`Entropy`]: where the engine draws salts and backoff jitter, so that a test can replace it.

use std::fmt;

use solapi_auth::{Salt, SignError};

/// The engine's source of randomness: a fresh salt for every signature, and the random
/// number each backoff's full jitter is drawn from. [`OsEntropy`] by default; a test hands
/// in its own for repeatable requests and waits.
pub trait Entropy: Send + Sync + fmt::Debug {
    /// A salt never used before (the service rejects a repeated signature).
    ///
    /// # Errors
    /// When no randomness is available; the call then fails before anything is sent.
    fn salt(&self) -> Result<Salt, SignError>;

    /// A uniformly distributed number.
    fn jitter(&self) -> u64;
}

/// The operating system's randomness: [`Salt::random`] (ChaCha12 seeded from the operating
/// system) and `getrandom`.
#[derive(Debug, Clone, Copy, Default)]
pub struct OsEntropy;

impl Entropy for OsEntropy {
    fn salt(&self) -> Result<Salt, SignError> {
        Salt::random()
    }

    fn jitter(&self) -> u64 {
        // Without randomness the wait is still bounded by the cap; zero is a valid draw.
        getrandom::u64().unwrap_or(0)
    }
}
