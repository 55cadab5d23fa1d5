//! [`ReconcileWindow`]: where in the history an attempt's entry can lie and where an entry
//! can prove it, from the readings of the attempt's start on the server's clock.

use solapi_cash_types::HistoryType;
use time::{Duration, OffsetDateTime};

use super::{EARLIER_LOOKBACK, RECONCILE_MARGIN, UNMEASURED_MARGIN};

/// The margin before the attempt's start in which its entry may still lie: the service's
/// servers may not agree to the millisecond, and its clock may step a little.
pub(crate) fn margin(measured: bool) -> Duration {
    if measured {
        RECONCILE_MARGIN
    } else {
        UNMEASURED_MARGIN
    }
}

/// `t` less `d`, or `t` when that is out of range.
fn before(t: OffsetDateTime, d: Duration) -> OffsetDateTime {
    t.checked_sub(d).unwrap_or(t)
}

/// `dateCreated` has millisecond precision: a boundary is floored to the millisecond so that
/// an entry written in the very millisecond of the start is not taken for an earlier one.
fn floor_ms(t: OffsetDateTime) -> OffsetDateTime {
    let sub_ms = t.nanosecond() % 1_000_000;
    t.replace_nanosecond(t.nanosecond() - sub_ms).unwrap_or(t)
}

/// The earliest `dateCreated` that can be the entry of an attempt begun at `start` on the
/// server's clock (measured or not).
pub(crate) fn window_from(start: OffsetDateTime, measured: bool) -> OffsetDateTime {
    floor_ms(before(start, margin(measured)))
}

/// From where an entry can prove an attempt whose latest reading of its start is `start`: the
/// start itself when it was measured from the server's `Date` (such a reading is early, never
/// late); else this machine's reading plus [`Tuning::unmeasured_margin`](crate::Tuning::unmeasured_margin), since that reading may be
/// late by as much.
pub(crate) fn proof_from(start: OffsetDateTime, measured: bool) -> OffsetDateTime {
    let start = if measured {
        start
    } else {
        start.checked_add(UNMEASURED_MARGIN).unwrap_or(start)
    };
    floor_ms(start)
}

/// The readings of an attempt's start gathered so far: the earliest and the latest, and
/// whether they were measured from the server's `Date`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Readings {
    pub(crate) earliest: OffsetDateTime,
    pub(crate) latest: OffsetDateTime,
    pub(crate) measured: bool,
}

impl Readings {
    /// These readings and `newer` together. A measured reading replaces unmeasured ones (it
    /// reads the same instant, on the server's clock instead of this machine's); an
    /// unmeasured one adds nothing to measured ones.
    pub(crate) fn and(self, newer: Readings) -> Readings {
        match (self.measured, newer.measured) {
            (false, true) => newer,
            (true, false) => self,
            _ => Readings {
                earliest: self.earliest.min(newer.earliest),
                latest: self.latest.max(newer.latest),
                measured: self.measured,
            },
        }
    }
}

/// The part of the history a reconciliation searched, and where an entry could prove the
/// attempt, on the server's clock.
///
/// Every reading of the attempt's start (the one taken when the attempt was reported, and
/// one per look, from the look's `Date` less the monotonic time since the attempt began) is
/// early, never late, on a clock that does not step. The window keeps the earliest and the
/// latest: entries from the earliest less the margin can be the attempt's
/// ([`from`](Self::from)); only one at or after the latest can prove it
/// ([`attempt_start`](Self::attempt_start)). A server clock that stepped between two readings
/// widens the first and raises the second, so that a step either way errs toward "ambiguous"
/// or "not found yet", never toward "applied".
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReconcileWindow {
    pub(crate) readings: Readings,
    pub(crate) as_of: OffsetDateTime,
    pub(crate) looks: u32,
    pub(crate) kind: HistoryType,
    /// The matching entries that existed before the attempt was sent could not be read: no
    /// entry proves it.
    pub(crate) prior_unknown: bool,
}

impl ReconcileWindow {
    pub(crate) fn new(readings: Readings, as_of: OffsetDateTime, looks: u32) -> ReconcileWindow {
        ReconcileWindow {
            readings,
            as_of,
            looks,
            kind: HistoryType::Recharge,
            prior_unknown: false,
        }
    }

    /// The same window, searched for entries of `kind`.
    pub(crate) fn of_kind(mut self, kind: HistoryType) -> ReconcileWindow {
        self.kind = kind;
        self
    }

    /// The type of the entries searched (`RECHARGE` for a recharge, `TRANSFER` for a
    /// transfer, `WITHDRAW` for a withdrawal).
    pub fn entry_kind(&self) -> &HistoryType {
        &self.kind
    }

    /// What the searched entries are called in a sentence: `recharge`, `transfer`,
    /// `withdrawal`, or `entry` for another type.
    pub fn noun(&self) -> &'static str {
        match self.kind {
            HistoryType::Recharge => "recharge",
            HistoryType::Transfer => "transfer",
            HistoryType::Withdraw => "withdrawal",
            _ => "entry",
        }
    }

    /// The attempt's start on the server's clock, from which on a matching entry can prove
    /// it (to the millisecond): the latest reading of the start, each early, never late; when
    /// the server's clock could not be measured, this machine's reading plus
    /// [`Tuning::unmeasured_margin`](crate::Tuning::unmeasured_margin). Give it to `recharge status --since` (or
    /// [`MoneyAttempt::for_amount`](crate::MoneyAttempt::for_amount)) to look again by
    /// the same rule.
    pub fn attempt_start(&self) -> OffsetDateTime {
        proof_from(self.readings.latest, self.readings.measured)
    }

    /// The earliest `dateCreated` that can be the attempt's: the earliest reading of its
    /// start less the margin ([`Tuning::reconcile_margin`](crate::Tuning::reconcile_margin), or [`Tuning::unmeasured_margin`](crate::Tuning::unmeasured_margin) when the clock
    /// was not measured). Entries from here on were searched, up to [`as_of`](Self::as_of)
    /// and beyond; one before [`attempt_start`](Self::attempt_start) can be the attempt's but
    /// proves nothing (another process's recharge made just before would lie there too).
    pub fn from(&self) -> OffsetDateTime {
        window_from(self.readings.earliest, self.readings.measured)
    }

    /// Where the report of same-amount recharges just before the window begins
    /// ([`Tuning::earlier_lookback`](crate::Tuning::earlier_lookback) before [`from`](Self::from)).
    pub fn earlier_from(&self) -> OffsetDateTime {
        before(self.from(), EARLIER_LOOKBACK)
    }

    /// The server's time of the last look (its `Date`, truncated to the second): an entry
    /// written before it would have been seen.
    pub fn as_of(&self) -> OffsetDateTime {
        self.as_of
    }

    /// Whether the times were measured from the server's `Date` (else this machine's clock
    /// stood in for it, and the margins were wider).
    pub fn measured(&self) -> bool {
        self.readings.measured
    }

    /// How many times the history was looked at.
    pub fn looks(&self) -> u32 {
        self.looks
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const T: OffsetDateTime = datetime!(2024-05-01 12:00:00.123_456 UTC);

    fn reading(at: OffsetDateTime, measured: bool) -> Readings {
        Readings {
            earliest: at,
            latest: at,
            measured,
        }
    }

    #[test]
    fn readings_keep_the_earliest_and_the_latest_and_a_measured_one_wins() {
        let s = Duration::seconds;
        let measured = reading(T, true).and(reading(T + s(3), true));
        assert_eq!((measured.earliest, measured.latest), (T, T + s(3)));
        assert_eq!(
            reading(T, false).and(reading(T + s(9), true)),
            reading(T + s(9), true)
        );
        assert_eq!(
            reading(T, true).and(reading(T - s(9), false)),
            reading(T, true)
        );
    }

    #[test]
    fn boundaries_are_floored_to_the_millisecond() {
        let ms = datetime!(2024-05-01 12:00:00.123 UTC);
        let window = ReconcileWindow::new(reading(T, true), T, 1);
        assert_eq!(window.attempt_start(), ms);
        assert_eq!(window.from(), ms - RECONCILE_MARGIN);
        assert_eq!(
            window.earlier_from(),
            ms - RECONCILE_MARGIN - EARLIER_LOOKBACK
        );
        let unmeasured = ReconcileWindow::new(reading(T, false), T, 1);
        assert_eq!(unmeasured.attempt_start(), ms + UNMEASURED_MARGIN);
        assert_eq!(unmeasured.from(), ms - UNMEASURED_MARGIN);
    }
}
