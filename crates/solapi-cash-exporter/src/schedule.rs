//! When to read the service again: pure, on the monotonic clock, which the caller hands in
//! (tests move it by hand; nothing here sleeps or reads a clock).
//!
//! A scrape never turns into a read by itself: the service is read at most once per
//! `refresh`, however many scrapers ask, and a failed read waits the same `refresh` before
//! the next attempt (a service that is down or rate limiting is not asked harder). The
//! monotonic clock (`Instant`) does not jump when the wall clock is set: a clock step
//! neither triggers a burst of reads nor stops them, and ages stay true.

use std::time::{Duration, Instant};

/// The default time between reads: 60 s, one read a minute per account — 1/240 of the
/// service's budget of about 20 reads per 5 s (measured by a third party:
/// segevsh/w6w-apps, `apps/solapi/README.md`, 2026-10), whatever the number of scrapers.
pub const DEFAULT_REFRESH: Duration = Duration::from_secs(60);

/// The shortest time between reads accepted: 5 s, at most 1 of the budget's 20 reads per
/// 5 s (5%) for each account.
pub const MIN_REFRESH: Duration = Duration::from_secs(5);

/// When reads are due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    every: Duration,
}

impl Schedule {
    /// A read at most every `every`.
    pub fn new(every: Duration) -> Schedule {
        Schedule { every }
    }

    /// The time between reads.
    pub fn every(&self) -> Duration {
        self.every
    }

    /// Whether a read is due at `now`, the last attempt (successful or not) having started
    /// at `last_attempt` (`None`: never).
    pub fn due(&self, last_attempt: Option<Instant>, now: Instant) -> bool {
        match last_attempt {
            None => true,
            Some(at) => now.saturating_duration_since(at) >= self.every,
        }
    }
}

/// How long ago `at` was, at `now` (zero when `now` is not later: `Instant` never goes back,
/// but a caller's clock may be a test's).
pub fn age(at: Instant, now: Instant) -> Duration {
    now.saturating_duration_since(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_read_per_refresh_however_often_it_is_asked() {
        let schedule = Schedule::new(Duration::from_secs(60));
        let start = Instant::now();
        assert!(schedule.due(None, start), "the first scrape reads");
        // A thousand asks a second for ten minutes: due exactly once a minute.
        let mut last = Some(start);
        let mut reads = 1;
        for ms in (1..=600_000u64).step_by(1) {
            let now = start + Duration::from_millis(ms);
            if schedule.due(last, now) {
                reads += 1;
                last = Some(now);
            }
        }
        assert_eq!(reads, 11);
    }

    #[test]
    fn a_clock_behind_the_last_attempt_is_not_due() {
        let schedule = Schedule::new(Duration::from_secs(5));
        let later = Instant::now() + Duration::from_secs(100);
        let earlier = later - Duration::from_secs(50);
        assert!(!schedule.due(Some(later), earlier));
        assert_eq!(age(later, earlier), Duration::ZERO);
        assert_eq!(age(earlier, later), Duration::from_secs(50));
    }
}
