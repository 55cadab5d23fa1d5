//! [`Tuning`]: the engine's fixed limits and margins in one documented value, instead of nine
//! public constants at the crate's root.

use std::time::Duration;

/// The limits and margins the engine works with, each with its reason. Read them from
/// [`Tuning::DEFAULT`] (or [`ClientConfig::tuning`](crate::ClientConfig::tuning)).
///
/// They are read-only in this version: the reconciliation margins are part of what makes an
/// "applied" verdict a proof, and the export's window was measured (docs/benchmarks.md).
/// The type is `#[non_exhaustive]` so that setters can come without a breaking release.
///
/// ```
/// use solapi_cash_core::Tuning;
///
/// let tuning = Tuning::DEFAULT;
/// assert_eq!(tuning.max_concurrency(), 32);
/// assert_eq!(tuning.adaptive_max(), 8);
/// assert_eq!(tuning.reconcile_margin(), time::Duration::seconds(2));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Tuning {
    _private: (),
}

impl Default for Tuning {
    fn default() -> Tuning {
        Tuning::DEFAULT
    }
}

impl Tuning {
    /// The engine's limits and margins.
    pub const DEFAULT: Tuning = Tuning { _private: () };

    /// The most pages an export can be told to keep in flight
    /// ([`Concurrency::fixed`](crate::Concurrency::fixed)): 32.
    pub const fn max_concurrency(&self) -> u32 {
        crate::pager::MAX_CONCURRENCY
    }

    /// The most pages the adaptive export window keeps in flight, for pages of up to 500
    /// entries: 8.
    pub const fn adaptive_max(&self) -> u32 {
        crate::pager::ADAPTIVE_MAX
    }

    /// The most entries the adaptive export window keeps in flight: 4,000 (8 pages of up to
    /// 500, 4 of 1000). Each page in flight holds its body, its decoded entries and perhaps
    /// its text (about 2.5 MiB a page of 1000, measured by `cargo xtask bench`); more buys no
    /// speed on loopback, only memory.
    pub const fn adaptive_entries(&self) -> u64 {
        crate::pager::ADAPTIVE_ENTRIES
    }

    /// The longest window an `x-ratelimit-reset` is believed for: one hour (a longer one is
    /// ignored and the bounded backoff used instead).
    pub const fn max_rate_limit_reset(&self) -> Duration {
        crate::rate_limit::MAX_RESET
    }

    /// The longest API key or access token sent: 7 KiB (servers commonly refuse a header
    /// line above 8 KiB; the signed header adds about 200 bytes).
    pub const fn max_credential_bytes(&self) -> usize {
        crate::sendable::MAX_CREDENTIAL_BYTES
    }

    /// How far before a recharge attempt's measured start its entry may still lie (the
    /// service's servers may not agree to the millisecond): 2 s. An entry there is a
    /// candidate, never a proof.
    pub const fn reconcile_margin(&self) -> time::Duration {
        crate::reconcile::RECONCILE_MARGIN
    }

    /// The margin when the server's clock could not be measured (no `Date` ever arrived):
    /// 30 s; only an entry this far after the start can prove the attempt.
    pub const fn unmeasured_margin(&self) -> time::Duration {
        crate::reconcile::UNMEASURED_MARGIN
    }

    /// How far before the window same-amount recharges are still reported, with a "not found
    /// yet", as possibly the attempt's: 5 minutes.
    pub const fn earlier_lookback(&self) -> time::Duration {
        crate::reconcile::EARLIER_LOOKBACK
    }

    /// Pages one look of a reconciliation reads at most: 1,000 (of 100 entries).
    pub const fn max_look_pages(&self) -> u64 {
        crate::reconcile::MAX_LOOK_PAGES
    }
}
