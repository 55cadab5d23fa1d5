//! [`Concurrency`] and the [`Window`]: how many page fetches an export keeps in flight.
//!
//! Additive increase, multiplicative decrease, in integers (the workspace denies float
//! arithmetic): start with two pages in flight after the first, add one per clean completion
//! up to the threshold (doubling per round trip), then one per round trip; halve on a 429 or
//! 503, a timeout or a failed connection, or (adaptive only) when latency rises well above the
//! fastest seen — at most once per window of fetches, since the fetches already in flight when
//! the first signal came tell nothing new.

use std::time::Duration;

/// The most pages an export can be told to keep in flight ([`Concurrency::fixed`]).
pub(crate) const MAX_CONCURRENCY: u32 = 32;

/// The most pages the adaptive window keeps in flight (for pages of up to 500 entries; see
/// [`Tuning::adaptive_entries`](crate::Tuning::adaptive_entries)).
pub(crate) const ADAPTIVE_MAX: u32 = 8;

/// The most entries the adaptive window keeps in flight: 8 pages of up to 500 entries, 4 of
/// 1000 (the service's largest page). Each page in flight holds its body, its decoded entries
/// and, for an export that copies the service's text, that text: about 2.5 MiB a page of
/// 1000 measured (`cargo xtask bench`, docs/benchmarks.md). Four such pages already move
/// about 1.5 MB a round trip (30 MB/s at 50 ms); more buys no speed on loopback, where the
/// export is CPU-bound, and only memory.
pub(crate) const ADAPTIVE_ENTRIES: u64 = 4000;

/// How many page fetches an export keeps in flight at once.
///
/// [`Concurrency::adaptive`] (the default) starts small and widens toward 8 pages (4 of
/// 1000 entries: [`Tuning::adaptive_entries`](crate::Tuning::adaptive_entries)) while answers come back fast and clean; [`Concurrency::fixed`] keeps `n` in flight. Either way a server
/// that answers 429 or 503 is obeyed: the export halves its window, waits as long as
/// `Retry-After` says before sending more, and widens again one page per round trip.
///
/// ```
/// use solapi_cash_core::Concurrency;
///
/// assert_eq!(Concurrency::default(), Concurrency::adaptive());
/// assert_eq!(Concurrency::fixed(4).max(1000), 4);
/// assert_eq!(Concurrency::adaptive().max(100), 8);
/// // Large pages are held fewer at a time: 4000 entries' worth, and never fewer than 2.
/// assert_eq!(Concurrency::adaptive().max(1000), 4);
/// assert_eq!(Concurrency::adaptive().max(5000), 2);
/// assert_eq!(Concurrency::fixed(0).max(1000), 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Concurrency {
    fixed: Option<u32>,
}

impl Concurrency {
    /// Adaptive, up to 8 pages in flight (fewer for pages of more than 500 entries).
    pub const fn adaptive() -> Concurrency {
        Concurrency { fixed: None }
    }

    /// `n` pages in flight (1 to [`Tuning::max_concurrency`](crate::Tuning::max_concurrency); `1` fetches one page at a time, as a
    /// sequential export does, and `0` counts as `1`).
    pub const fn fixed(n: u32) -> Concurrency {
        let n = if n == 0 {
            1
        } else if n > MAX_CONCURRENCY {
            MAX_CONCURRENCY
        } else {
            n
        };
        Concurrency { fixed: Some(n) }
    }

    /// The fixed number, if it is fixed.
    pub const fn fixed_at(self) -> Option<u32> {
        self.fixed
    }

    /// The most pages in flight for pages of `page_size` entries: the fixed number, or for
    /// the adaptive window [`Tuning::adaptive_entries`](crate::Tuning::adaptive_entries)` / page_size` between 2 and [`Tuning::adaptive_max`](crate::Tuning::adaptive_max),
    /// which bounds the entries held.
    pub fn max(self, page_size: u64) -> u32 {
        match self.fixed {
            Some(n) => n,
            None => {
                let by_size = ADAPTIVE_ENTRIES / page_size.max(1);
                u32::try_from(by_size.clamp(2, u64::from(ADAPTIVE_MAX))).unwrap_or(2)
            }
        }
    }
}

/// What one delivered fetch says about the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Signal {
    /// A 429 or 503, a timeout or a failed connection on any attempt.
    pub(crate) overloaded: bool,
    /// It needed more than one attempt (for any reason).
    pub(crate) retried: bool,
    /// How long its last attempt took, when it succeeded.
    pub(crate) latency: Option<Duration>,
}

/// Latency above `2 × fastest + SLACK` counts as rising: the slack keeps loopback jitter (a
/// millisecond or two) from halving the window.
const SLACK: Duration = Duration::from_millis(5);

/// The window itself.
#[derive(Debug, Clone)]
pub(crate) struct Window {
    size: u32,
    threshold: u32,
    cap: u32,
    adaptive: bool,
    /// Clean completions since the window last grew, once past the threshold.
    clean: u32,
    /// Signals from fetches handed out before this ticket do not shrink the window again.
    epoch: u64,
    fastest: Option<Duration>,
    smoothed: Option<Duration>,
    /// The service's rate limit, once known: the window never grows past it.
    ceiling: Option<u32>,
}

impl Window {
    pub(crate) fn new(concurrency: Concurrency, page_size: u64) -> Window {
        let cap = concurrency.max(page_size).max(1);
        Window {
            // Adaptive: the first page alone, then one more for each clean completion.
            size: concurrency.fixed_at().unwrap_or(1),
            threshold: cap,
            cap,
            adaptive: concurrency.fixed_at().is_none(),
            clean: 0,
            epoch: 0,
            fastest: None,
            smoothed: None,
            ceiling: None,
        }
    }

    /// Fetches allowed in flight now.
    pub(crate) fn size(&self) -> u32 {
        self.size
    }

    /// The service's rate limit is the ceiling: never more fetches in flight than it allows
    /// requests per window (a window of 8 against a limit of 5 would only draw 429s). The cap
    /// (what a transport sizes its workers by) is unchanged.
    pub(crate) fn limit_to(&mut self, ceiling: u32) {
        let ceiling = ceiling.max(1);
        self.size = self.size.min(ceiling);
        self.threshold = self.threshold.min(ceiling);
        self.ceiling = Some(ceiling);
    }

    /// The most it can ever be.
    pub(crate) fn cap(&self) -> u32 {
        self.cap
    }

    /// Takes what the fetch of `ticket` says; `next_ticket` is the ticket the next fetch
    /// handed out will have.
    pub(crate) fn on_signal(&mut self, ticket: u64, signal: Signal, next_ticket: u64) {
        let rising = self.adaptive && signal.latency.is_some_and(|l| self.rising(l));
        if signal.overloaded || rising {
            self.shrink(ticket, next_ticket);
        } else if !signal.retried && signal.latency.is_some() && ticket >= self.epoch {
            // A fetch handed out before the last decrease says nothing about the new size.
            self.grow();
        }
    }

    /// An overload reported by a fetch still under way (see `Pace`).
    pub(crate) fn on_overload(&mut self, ticket: u64, next_ticket: u64) {
        self.shrink(ticket, next_ticket);
    }

    /// Records a latency and says whether it is well above the fastest seen.
    fn rising(&mut self, latency: Duration) -> bool {
        let fastest = *self.fastest.get_or_insert(latency);
        let fastest = fastest.min(latency);
        self.fastest = Some(fastest);
        // EWMA with weight 1/8, in nanoseconds.
        let smoothed = match self.smoothed {
            None => latency,
            Some(s) => (s * 7 + latency) / 8,
        };
        self.smoothed = Some(smoothed);
        smoothed > fastest * 2 + SLACK
    }

    fn shrink(&mut self, ticket: u64, next_ticket: u64) {
        if ticket < self.epoch {
            return;
        }
        self.size = (self.size / 2).max(1);
        self.threshold = self.size;
        self.clean = 0;
        self.epoch = next_ticket;
        // Latency is measured afresh at the new size.
        self.smoothed = None;
    }

    fn grow(&mut self) {
        if self.size >= self.cap.min(self.ceiling.unwrap_or(u32::MAX)) {
            return;
        }
        if self.size < self.threshold {
            self.size += 1;
            return;
        }
        self.clean += 1;
        if self.clean >= self.size {
            self.clean = 0;
            self.size += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(ms: u64) -> Signal {
        Signal {
            latency: Some(Duration::from_millis(ms)),
            ..Signal::default()
        }
    }

    fn overloaded() -> Signal {
        Signal {
            overloaded: true,
            retried: true,
            latency: Some(Duration::from_millis(20)),
        }
    }

    #[test]
    fn the_rate_limit_is_the_ceiling() {
        let mut w = Window::new(Concurrency::adaptive(), 100);
        w.limit_to(3);
        for ticket in 1..=20 {
            w.on_signal(ticket, clean(20), ticket + 1);
        }
        assert_eq!(
            (w.size(), w.cap()),
            (3, 8),
            "grows to the limit, workers sized as before"
        );
        let mut fixed = Window::new(Concurrency::fixed(16), 100);
        fixed.limit_to(5);
        assert_eq!(fixed.size(), 5, "a fixed window too");
        fixed.limit_to(0);
        assert_eq!(fixed.size(), 1, "never below one");
    }

    #[test]
    fn slow_start_doubles_per_round_trip_to_the_cap() {
        let mut w = Window::new(Concurrency::adaptive(), 100);
        let mut sizes = vec![w.size()];
        let mut ticket = 1;
        for _ in 0..3 {
            // One round trip: every fetch of the window completes cleanly (the first is the
            // first page, alone).
            for _ in 0..w.size() {
                w.on_signal(ticket, clean(20), ticket + 1);
                ticket += 1;
            }
            sizes.push(w.size());
        }
        assert_eq!(sizes, [1, 2, 4, 8]);
        assert_eq!(w.cap(), 8);
        // Pages of 1000 stop at 4: ADAPTIVE_ENTRIES.
        assert_eq!(Window::new(Concurrency::adaptive(), 1000).cap(), 4);
        assert_eq!(Window::new(Concurrency::adaptive(), 500).cap(), 8);
        assert_eq!(
            Window::new(Concurrency::fixed(8), 1000).cap(),
            8,
            "fixed is fixed"
        );
    }

    #[test]
    fn a_burst_of_429s_halves_once_then_it_grows_by_one_per_round_trip() {
        let mut w = Window::new(Concurrency::adaptive(), 100);
        for t in 1..=7 {
            w.on_signal(t, clean(20), t + 1);
        }
        assert_eq!(w.size(), 8);
        // Eight fetches in flight (tickets 7..=14) all meet a 429: one halving.
        for t in 7..=14 {
            w.on_signal(t, overloaded(), 15);
        }
        assert_eq!(w.size(), 4);
        // A fetch handed out after the halving that meets a 429 halves again.
        w.on_signal(15, overloaded(), 16);
        assert_eq!(w.size(), 2);
        // The fetches in flight when it halved complete cleanly: that grows nothing.
        for t in 7..=14 {
            w.on_signal(t, clean(20), 16);
        }
        assert_eq!(w.size(), 2);
        // Additive from here: one per window of clean completions.
        let mut t = 16;
        let mut sizes = Vec::new();
        for _ in 0..3 {
            for _ in 0..w.size() {
                w.on_signal(t, clean(20), t + 1);
                t += 1;
            }
            sizes.push(w.size());
        }
        assert_eq!(sizes, [3, 4, 5]);
    }

    #[test]
    fn rising_latency_halves_the_adaptive_window_flat_latency_does_not() {
        let mut flat = Window::new(Concurrency::adaptive(), 100);
        for t in 1..=20 {
            flat.on_signal(t, clean(20 + t % 3), t + 1);
        }
        assert_eq!(flat.size(), 8);
        let mut rising = Window::new(Concurrency::adaptive(), 1000);
        rising.on_signal(1, clean(1), 2);
        rising.on_signal(2, clean(1), 3);
        rising.on_signal(3, clean(1), 4);
        assert_eq!(rising.size(), 4);
        for t in 4..=12 {
            rising.on_signal(t, clean(30), t + 1);
        }
        assert!(rising.size() < 4, "{}", rising.size());
    }

    #[test]
    fn fixed_never_exceeds_n_ignores_latency_and_obeys_overload() {
        let mut w = Window::new(Concurrency::fixed(3), 1000);
        assert_eq!(w.size(), 3);
        w.on_signal(1, clean(1), 2);
        for t in 2..=20 {
            w.on_signal(t, clean(500), t + 1);
        }
        assert_eq!(w.size(), 3);
        w.on_overload(21, 22);
        assert_eq!(w.size(), 1);
        for t in 22..=40 {
            w.on_signal(t, clean(20), t + 1);
        }
        assert_eq!(w.size(), 3);
        assert_eq!(Window::new(Concurrency::fixed(1), 1000).size(), 1);
        assert_eq!(
            Window::new(Concurrency::fixed(99), 1000).cap(),
            MAX_CONCURRENCY
        );
    }

    #[test]
    fn retried_or_failed_fetches_do_not_grow_it() {
        let mut w = Window::new(Concurrency::adaptive(), 1000);
        w.on_signal(
            1,
            Signal {
                retried: true,
                latency: Some(Duration::from_millis(5)),
                ..Signal::default()
            },
            2,
        );
        w.on_signal(2, Signal::default(), 3);
        assert_eq!(w.size(), 1);
    }
}
