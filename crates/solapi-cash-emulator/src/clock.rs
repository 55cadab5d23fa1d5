//! The emulator's clock: system time plus an adjustable offset, so tests can simulate a
//! client whose clock is skewed (or a server whose clock is).

use std::sync::atomic::{AtomicI64, Ordering};

use time::{Duration, OffsetDateTime};

/// System time plus an offset in nanoseconds (±292 years is plenty).
#[derive(Debug, Default)]
pub(crate) struct Clock {
    offset_ns: AtomicI64,
}

impl Clock {
    /// The emulator's current time.
    pub(crate) fn now(&self) -> OffsetDateTime {
        let real = OffsetDateTime::now_utc();
        real.checked_add(self.offset()).unwrap_or(real)
    }

    /// The emulator's current time in milliseconds since the Unix epoch.
    pub(crate) fn now_ms(&self) -> i64 {
        to_unix_ms(self.now())
    }

    /// The current offset from system time.
    pub(crate) fn offset(&self) -> Duration {
        Duration::nanoseconds(self.offset_ns.load(Ordering::Relaxed))
    }

    /// Sets the offset; values beyond ±292 years are clamped.
    pub(crate) fn set_offset(&self, offset: Duration) {
        let ns = offset.whole_nanoseconds();
        let ns = i64::try_from(ns).unwrap_or(if ns < 0 { i64::MIN } else { i64::MAX });
        self.offset_ns.store(ns, Ordering::Relaxed);
    }
}

/// Milliseconds since the Unix epoch (floored).
pub(crate) fn to_unix_ms(t: OffsetDateTime) -> i64 {
    let ns = t.unix_timestamp_nanos();
    i64::try_from(ns.div_euclid(1_000_000)).unwrap_or(i64::MAX)
}

/// The instant `ms` milliseconds after the Unix epoch; out-of-range values clamp to the epoch.
pub(crate) fn from_unix_ms(ms: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_moves_now() {
        let clock = Clock::default();
        clock.set_offset(Duration::hours(-2));
        let skew = OffsetDateTime::now_utc() - clock.now();
        assert!(skew > Duration::minutes(119) && skew < Duration::minutes(121));
        assert_eq!(clock.offset(), Duration::hours(-2));
    }

    #[test]
    fn ms_round_trip() {
        let t = time::macros::datetime!(2018-04-01 10:00:00.123 UTC);
        assert_eq!(from_unix_ms(to_unix_ms(t)), t);
        let before_epoch = time::macros::datetime!(1969-12-31 23:59:59.9995 UTC);
        assert_eq!(to_unix_ms(before_epoch), -1);
    }
}
