//! One watched account: its source, its schedule and what the last reads gave. A scrape
//! reads the service only when the schedule says a read is due and no other scrape is
//! already reading (single flight); every other scrape is answered from the cache.

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

use crate::reading::{ReadError, Reading, Source};
use crate::schedule::Schedule;

/// What the reads of an account have given so far.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct State {
    /// The figures of the last successful read (kept through failures: never a made-up
    /// zero).
    pub last: Option<Reading>,
    /// When the last successful read ended (monotonic).
    pub last_ok: Option<Instant>,
    /// When the last attempt started (monotonic).
    pub last_attempt: Option<Instant>,
    /// Whether the last attempt succeeded.
    pub up: bool,
    /// Reads attempted.
    pub reads: u64,
    /// Failed reads (and unreadable ledgers) by kind.
    pub errors: BTreeMap<&'static str, u64>,
    /// The last error's message.
    pub last_error: Option<String>,
}

/// An account the exporter watches.
pub struct Target {
    profile: String,
    source: Box<dyn Source>,
    schedule: Schedule,
    state: Mutex<State>,
    /// Held while a read is under way (single flight).
    reading: Mutex<()>,
    /// Told of each failed read and of each recovery.
    log: Box<dyn Fn(&Event<'_>) + Send + Sync>,
}

/// What a target tells its log ([`Target::with_log`]).
#[derive(Debug)]
#[non_exhaustive]
pub enum Event<'a> {
    /// A read failed: the last values are served with `up 0`.
    Failed(&'a ReadError),
    /// The ledger could not be read: the balance's figures are served without it.
    LedgerFailed(&'a ReadError),
    /// A read succeeded after a failure.
    Recovered,
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Target")
            .field("profile", &self.profile)
            .field("schedule", &self.schedule)
            .finish_non_exhaustive()
    }
}

impl Target {
    /// The account of `profile` (its label), read from `source` on `schedule`.
    pub fn new(profile: impl Into<String>, source: Box<dyn Source>, schedule: Schedule) -> Target {
        Target {
            profile: profile.into(),
            source,
            schedule,
            state: Mutex::new(State::default()),
            reading: Mutex::new(()),
            log: Box::new(|event| tracing::warn!("{event:?}")),
        }
    }

    /// Tells `log` of each failed read and each recovery, instead of `tracing`.
    pub fn with_log(mut self, log: impl Fn(&Event<'_>) + Send + Sync + 'static) -> Target {
        self.log = Box::new(log);
        self
    }

    /// The profile's name: the `profile` label.
    pub fn profile(&self) -> &str {
        &self.profile
    }

    /// A copy of what the reads have given.
    pub fn state(&self) -> State {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Whether no read has ended yet.
    fn never_ended(&self) -> bool {
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.last_ok.is_none() && state.errors.is_empty()
    }

    /// Reads the service when a read is due at `now` and no other read is under way; returns
    /// whether it read. `clock` gives the moment the read ended (the ages count from then).
    pub fn refresh(&self, now: Instant, clock: impl FnOnce() -> Instant) -> bool {
        // Not due, but the first read is still under way: wait for it below.
        if !self.schedule.due(self.state().last_attempt, now) && !self.never_ended() {
            return false;
        }
        // Another scrape is reading: this one answers from the cache — or, before any read
        // has ended (just started), waits for that read rather than show nothing.
        let _reading = match self.reading.try_lock() {
            Ok(guard) => guard,
            Err(std::sync::TryLockError::Poisoned(p)) => p.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) if self.never_ended() => {
                self.reading.lock().unwrap_or_else(PoisonError::into_inner)
            }
            Err(std::sync::TryLockError::WouldBlock) => return false,
        };
        {
            // Checked again under the lock: a read may have ended just before it was taken.
            let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
            if !self.schedule.due(state.last_attempt, now) {
                return false;
            }
            state.last_attempt = Some(now);
            state.reads += 1;
        }
        let result = self.source.read();
        let ended = clock();
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let failed_before = state.reads > 1 && !state.up;
        match result {
            Ok((reading, warning)) => {
                state.last = Some(reading);
                state.last_ok = Some(ended);
                state.up = true;
                if let Some(w) = warning {
                    count(&mut state, &w);
                    (self.log)(&Event::LedgerFailed(&w));
                }
                if failed_before {
                    (self.log)(&Event::Recovered);
                }
            }
            Err(e) => {
                state.up = false;
                count(&mut state, &e);
                (self.log)(&Event::Failed(&e));
            }
        }
        true
    }
}

fn count(state: &mut State, e: &ReadError) {
    *state.errors.entry(e.kind).or_default() += 1;
    state.last_error = Some(e.message.clone());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::Duration;

    use solapi_cash_types::Money;

    /// Succeeds, then fails from the `fail_from`th read on, counting reads.
    struct Script {
        reads: Arc<AtomicU64>,
        fail_from: u64,
    }

    impl Source for Script {
        fn read(&self) -> Result<(Reading, Option<ReadError>), ReadError> {
            let n = self.reads.fetch_add(1, Ordering::SeqCst) + 1;
            if n >= self.fail_from {
                return Err(ReadError {
                    kind: "connect",
                    message: "refused".into(),
                });
            }
            let b = solapi_cash_blocking::BalanceResponse::new(Money::from_i64(1000 + n as i64), 0);
            Ok((Reading::from_balance(&b), None))
        }
    }

    #[test]
    fn reads_once_per_refresh_and_keeps_the_last_values_through_failures() {
        let reads = Arc::new(AtomicU64::new(0));
        let target = Target::new(
            "default",
            Box::new(Script {
                reads: reads.clone(),
                fail_from: 2,
            }),
            Schedule::new(Duration::from_secs(60)),
        );
        let t0 = Instant::now();
        assert!(target.refresh(t0, || t0));
        for s in 0..60 {
            assert!(!target.refresh(t0 + Duration::from_secs(s), || t0));
        }
        assert_eq!(reads.load(Ordering::SeqCst), 1);
        let first = target.state();
        assert!(first.up);
        assert_eq!(
            first.last.as_ref().unwrap().balance,
            Some(Money::from_i64(1001))
        );
        // The next read fails: up 0, the last values kept, the error counted by kind.
        let t1 = t0 + Duration::from_secs(60);
        assert!(target.refresh(t1, || t1));
        let state = target.state();
        assert!(!state.up);
        assert_eq!(state.last, first.last);
        assert_eq!(state.last_ok, Some(t0));
        assert_eq!(state.errors.get("connect"), Some(&1));
        assert_eq!((state.reads, reads.load(Ordering::SeqCst)), (2, 2));
    }
}
