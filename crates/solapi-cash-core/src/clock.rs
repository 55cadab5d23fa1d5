//! [`Clock`]: where the engine reads the time, so that a test can replace it.

use std::fmt;
use std::time::{Duration, Instant};

use time::OffsetDateTime;

/// The engine's source of time. [`SystemClock`] by default; a test hands in its own to make
/// signatures, clock-skew correction, reconciliation windows and traced durations
/// deterministic.
///
/// The engine never reads the time elsewhere: the offset to the server's clock that it
/// learns is applied on top of [`Clock::now`].
pub trait Clock: Send + Sync + fmt::Debug {
    /// The current wall-clock time.
    fn now(&self) -> OffsetDateTime;

    /// A reading of a monotonic clock (from any fixed origin), for durations and deadlines:
    /// unlike [`now`](Clock::now) it never steps.
    fn monotonic(&self) -> Duration;
}

/// The operating system's clocks: `OffsetDateTime::now_utc` and `Instant`.
#[derive(Debug, Clone, Copy)]
pub struct SystemClock {
    origin: Instant,
}

impl SystemClock {
    /// The system clock.
    pub fn new() -> SystemClock {
        SystemClock {
            origin: Instant::now(),
        }
    }
}

impl Default for SystemClock {
    fn default() -> SystemClock {
        SystemClock::new()
    }
}

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }

    fn monotonic(&self) -> Duration {
        self.origin.elapsed()
    }
}
