//! [`Clock`]: the client's estimate of the server's time.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use time::{Duration, OffsetDateTime};

/// The system clock plus an offset to the server's clock.
///
/// The offset starts at zero (or what the builder was given) and is corrected when the
/// server answers `RequestTimeTooSkewed`, measured from its `Date` header. Clones share the
/// offset, so one correction serves every later request of every clone of a client.
#[derive(Debug, Clone)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
}

impl Clock {
    /// The system clock with no offset.
    pub fn system() -> Clock {
        Clock::with_offset(Duration::ZERO)
    }

    /// The system clock shifted by `offset` (to test skew correction, for example).
    pub fn with_offset(offset: Duration) -> Clock {
        let ms = i64::try_from(offset.whole_milliseconds()).unwrap_or(0);
        Clock {
            offset_ms: Arc::new(AtomicI64::new(ms)),
        }
    }

    /// The current offset from the system clock.
    pub fn offset(&self) -> Duration {
        Duration::milliseconds(self.offset_ms.load(Ordering::Relaxed))
    }

    /// The server's time, as far as the client knows.
    pub fn now(&self) -> OffsetDateTime {
        let system = OffsetDateTime::now_utc();
        system.checked_add(self.offset()).unwrap_or(system)
    }

    /// Adopts the offset between the server's time `server_now` and the system clock.
    pub fn correct_to(&self, server_now: OffsetDateTime) -> Duration {
        let offset = server_now - OffsetDateTime::now_utc();
        let ms = i64::try_from(offset.whole_milliseconds()).unwrap_or(0);
        self.offset_ms.store(ms, Ordering::Relaxed);
        Duration::milliseconds(ms)
    }
}
