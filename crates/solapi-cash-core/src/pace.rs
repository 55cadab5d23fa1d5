//! [`Pace`]: what an export's page fetches tell each other while they run — "the server said
//! wait until then" and "the server is overloaded" — so that a 429 seen by one fetch holds
//! back the others before their next attempt, and the pager shrinks its window before that
//! page's turn comes.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Shared by an export and its fetches. Times are readings of the engine's monotonic clock
/// ([`Clock::monotonic`](crate::Clock::monotonic)), in nanoseconds.
#[derive(Debug, Clone, Default)]
pub(crate) struct Pace(Arc<Inner>);

#[derive(Debug, Default)]
struct Inner {
    /// No attempt starts before this.
    not_before_ns: AtomicU64,
    /// One more than the highest ticket whose fetch met an overload; 0 for none.
    overloaded: AtomicU64,
}

fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

impl Pace {
    /// Holds every attempt back until `until` (never moves the gate earlier).
    pub(crate) fn hold_until(&self, until: Duration) {
        self.0
            .not_before_ns
            .fetch_max(nanos(until), Ordering::Relaxed);
    }

    /// How long to wait at `now` before an attempt may start; `None` when it may now.
    pub(crate) fn wait(&self, now: Duration) -> Option<Duration> {
        let gate = self.0.not_before_ns.load(Ordering::Relaxed);
        let now = nanos(now);
        (gate > now).then(|| Duration::from_nanos(gate - now))
    }

    /// The fetch of `ticket` met a 429 or 503, a timeout or a failed connection.
    pub(crate) fn overloaded(&self, ticket: u64) {
        self.0
            .overloaded
            .fetch_max(ticket.saturating_add(1), Ordering::Relaxed);
    }

    /// The highest ticket that reported an overload, if any.
    pub(crate) fn latest_overload(&self) -> Option<u64> {
        self.0.overloaded.load(Ordering::Relaxed).checked_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gate_only_moves_later_and_overloads_keep_the_highest_ticket() {
        let pace = Pace::default();
        let at = Duration::from_secs;
        assert_eq!(pace.wait(at(5)), None);
        pace.hold_until(at(7));
        pace.hold_until(at(6));
        assert_eq!(pace.clone().wait(at(5)), Some(at(2)));
        assert_eq!(pace.wait(at(7)), None);
        assert_eq!(pace.latest_overload(), None);
        pace.overloaded(4);
        pace.overloaded(0);
        assert_eq!(pace.latest_overload(), Some(4));
    }
}
