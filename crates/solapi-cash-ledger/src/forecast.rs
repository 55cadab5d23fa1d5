//! The forecast: how many days what is left lasts at the recent burn rate, from the ledger's
//! entries — pure, exact (integers of milliseconds and money's own digits; no floating
//! point), with the clock handed in.
//!
//! - **Spent** is what sending messages cost: the decreases of balance and point of `DEDUCT`
//!   entries (messages spend the point first, then the balance). Recharges, conversions,
//!   resets (`SET`) and manual adjustments move money without sending anything: they are not
//!   spending ([`spent`]).
//! - **The window** is the last [`FORECAST_WINDOW_DAYS`] days before `now` (seven: a whole
//!   week, so that weekdays and weekends weigh as they do; a longer window lags behind a
//!   change of traffic, a shorter one swings with each campaign). A ledger whose oldest entry
//!   is younger than the window is measured from that entry, over one day at least.
//! - **Days left** = what is left ÷ (spent in the window ÷ its length), rounded down: the
//!   money lasts at least that many whole days at this rate.
//! - It is **no number** when a number would mislead: auto-recharge is on (the balance is
//!   refilled at its threshold, so it does not run out at this rate), recharges in the window
//!   added at least what was spent (the account is topped up as fast as it spends), or
//!   nothing was spent. [`DaysLeft`] says which.
//!
//! The ledger is as recent as its last `sync`: entries the service wrote since then are not
//! counted, so sync before reading (the exporter's documentation says how often).

use solapi_cash_types::{HistoryEntry, HistoryType, Money};
use time::OffsetDateTime;

/// The days of the burn-rate window.
pub const FORECAST_WINDOW_DAYS: u32 = 7;

/// Milliseconds in a day.
const DAY_MS: i128 = 86_400_000;

/// What an entry cost in sending, as a positive amount; `None` for an entry that spent
/// nothing (not a `DEDUCT`, or one that took nothing).
pub fn spent(entry: &HistoryEntry) -> Option<Money> {
    moved(entry, HistoryType::Deduct, Money::is_negative)
}

/// What a recharge added to the balance and the point; `None` for any other entry.
fn recharged(entry: &HistoryEntry) -> Option<Money> {
    moved(entry, HistoryType::Recharge, Money::is_positive)
}

/// The size of the changes of balance and point of an entry of `kind` that `direction`
/// selects, as a positive amount; `None` when it is not of `kind` or moved nothing.
fn moved(entry: &HistoryEntry, kind: HistoryType, direction: fn(&Money) -> bool) -> Option<Money> {
    if entry.kind != kind {
        return None;
    }
    let mut size = Money::ZERO;
    for change in [&entry.balance_amount, &entry.point_amount] {
        if direction(change) {
            size = if change.is_negative() {
                size.checked_sub(change)?
            } else {
                size.checked_add(change)?
            };
        }
    }
    size.is_positive().then_some(size)
}

/// How long the money lasts, or why no number is given.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DaysLeft {
    /// Whole days until what is left is spent at the window's rate (0: nothing is left).
    Days {
        /// The days, rounded down.
        days: u64,
    },
    /// Auto-recharge is on: the balance is refilled at its threshold.
    AutoRecharge,
    /// Recharges in the window added at least what was spent.
    Replenished,
    /// Nothing was spent in the window.
    NotSpending,
}

impl DaysLeft {
    /// Its name for programs: `days`, `autoRecharge`, `replenished` or `notSpending`.
    pub fn state(&self) -> &'static str {
        match self {
            DaysLeft::Days { .. } => "days",
            DaysLeft::AutoRecharge => "autoRecharge",
            DaysLeft::Replenished => "replenished",
            DaysLeft::NotSpending => "notSpending",
        }
    }

    /// The days, when there is a number.
    pub fn days(&self) -> Option<u64> {
        match self {
            DaysLeft::Days { days } => Some(*days),
            _ => None,
        }
    }

    /// In words, for people: the number of days, or why there is none.
    pub fn describe(&self) -> String {
        match self {
            DaysLeft::Days { days: 1 } => "1 day at the recent rate".to_owned(),
            DaysLeft::Days { days } => format!("{days} days at the recent rate"),
            DaysLeft::AutoRecharge => {
                "no forecast: auto-recharge is on (the balance is refilled at its threshold)"
                    .to_owned()
            }
            DaysLeft::Replenished => {
                "no forecast: recharges in the window added at least what was spent".to_owned()
            }
            DaysLeft::NotSpending => "no forecast: nothing was spent in the window".to_owned(),
        }
    }
}

/// The forecast over a window.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Forecast {
    /// The window's first instant (the oldest entry's, when the ledger is younger).
    pub from: OffsetDateTime,
    /// Its end: `now`.
    pub to: OffsetDateTime,
    /// What sending cost in the window.
    pub spent: Money,
    /// What recharges added in the window.
    pub recharged: Money,
    /// Spent per day, rounded half up to two decimals.
    pub per_day: Money,
    /// What is left to spend (balance + point).
    pub left: Money,
    /// The days left, or why there is no number.
    pub days_left: DaysLeft,
    /// The same in whole seconds (rounded down), when there is a number (and it fits 64
    /// bits): for metrics, whose base unit of time is the second.
    pub seconds_left: Option<u64>,
}

/// The forecast at `now` for `left` (balance + point) from `entries` (any order; those
/// outside the window are skipped, so a caller may hand in more), over the last
/// `window_days` days (at least one), with auto-recharge on or not. `oldest` is the ledger's
/// oldest entry's date, when known: a younger ledger is measured from it. `None` only for
/// amounts beyond exact 128-bit arithmetic (far beyond any real balance).
pub fn forecast<'a>(
    entries: impl IntoIterator<Item = &'a HistoryEntry>,
    now: OffsetDateTime,
    window_days: u32,
    oldest: Option<OffsetDateTime>,
    left: &Money,
    auto_recharge: bool,
) -> Option<Forecast> {
    let window = time::Duration::days(i64::from(window_days.max(1)));
    let mut from = now - window;
    // A ledger younger than the window is measured from its first entry, over a day at least
    // (a few minutes of history would make any spending look like a flood).
    if let Some(oldest) = oldest
        && oldest > from
    {
        from = oldest.min(now - time::Duration::days(1));
    }
    let (mut spent_sum, mut recharged_sum) = (Money::ZERO, Money::ZERO);
    for entry in entries {
        let at = entry.date_created.datetime();
        if at < from || at > now {
            continue;
        }
        if let Some(cost) = spent(entry) {
            spent_sum = spent_sum.checked_add(&cost)?;
        }
        if let Some(added) = recharged(entry) {
            recharged_sum = recharged_sum.checked_add(&added)?;
        }
    }
    let ms = (now - from).whole_milliseconds();
    let per_day = per_day(&spent_sum, ms)?;
    let mut seconds_left = None;
    let days_left = if auto_recharge {
        DaysLeft::AutoRecharge
    } else if !spent_sum.is_positive() || ms <= 0 {
        DaysLeft::NotSpending
    } else if recharged_sum >= spent_sum {
        DaysLeft::Replenished
    } else {
        // Beyond 64 bits of seconds (half a trillion years) there is no second count.
        seconds_left = lasts(left, &spent_sum, ms, 1000);
        DaysLeft::Days {
            days: lasts(left, &spent_sum, ms, DAY_MS)?,
        }
    };
    Some(Forecast {
        from,
        to: now,
        spent: spent_sum.normalized(),
        recharged: recharged_sum.normalized(),
        per_day,
        left: left.normalized(),
        days_left,
        seconds_left,
    })
}

/// `spent / ms × DAY`, rounded half up to two decimals.
fn per_day(spent: &Money, ms: i128) -> Option<Money> {
    if ms <= 0 {
        return Some(Money::ZERO);
    }
    let (m, s) = spent.to_parts()?;
    // spent × DAY × 100 / ms, in units of 10^-s.
    let num = m.checked_mul(DAY_MS)?.checked_mul(100)?;
    let den = ms.checked_mul(10i128.checked_pow(s)?)?;
    let q = num / den;
    let rounded = if (num % den).checked_mul(2)? >= den {
        q + 1
    } else {
        q
    };
    Money::from_parts(rounded, 2).ok().map(|m| m.normalized())
}

/// How many `unit_ms` `left` lasts at `spent` per `ms`: `left / (spent / ms × unit)` =
/// `left × ms / (spent × unit)`, rounded down; 0 when nothing is left.
fn lasts(left: &Money, spent: &Money, ms: i128, unit_ms: i128) -> Option<u64> {
    let (left_m, left_s) = left.to_parts()?;
    if left_m <= 0 {
        return Some(0);
    }
    let (spent_m, spent_s) = spent.to_parts()?;
    let num = left_m
        .checked_mul(10i128.checked_pow(spent_s)?)?
        .checked_mul(ms)?;
    let den = spent_m
        .checked_mul(10i128.checked_pow(left_s)?)?
        .checked_mul(unit_ms)?;
    u64::try_from(num / den).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn m(text: &str) -> Money {
        text.parse().unwrap()
    }

    fn entry(n: u32, kind: HistoryType, at: OffsetDateTime, balance: &str) -> HistoryEntry {
        HistoryEntry::builder(format!("{n:024x}"), "ACC", kind, at)
            .balance_amount(m(balance))
            .build()
    }

    /// Midnight (UTC) of a day of June 2026.
    fn june(day: u8) -> OffsetDateTime {
        datetime!(2026-06-01 00:00 UTC) + time::Duration::days(i64::from(day) - 1)
    }

    const NOW: OffsetDateTime = datetime!(2026-06-08 00:00 UTC);

    #[test]
    fn days_left_at_the_weeks_rate() {
        let entries = [
            entry(
                1,
                HistoryType::Deduct,
                datetime!(2026-06-02 10:00 UTC),
                "-3000",
            ),
            entry(
                2,
                HistoryType::Deduct,
                datetime!(2026-06-07 10:00 UTC),
                "-4000.5",
            ),
            // Before the window: not counted.
            entry(
                3,
                HistoryType::Deduct,
                datetime!(2026-05-31 23:59 UTC),
                "-99999",
            ),
            // Not spending.
            entry(4, HistoryType::Set, datetime!(2026-06-03 10:00 UTC), "-500"),
            entry(
                5,
                HistoryType::Manual,
                datetime!(2026-06-03 11:00 UTC),
                "-500",
            ),
        ];
        let f = forecast(&entries, NOW, 7, None, &m("10000"), false).unwrap();
        assert_eq!(f.from, datetime!(2026-06-01 00:00 UTC));
        assert_eq!(f.spent, m("7000.5"));
        // 7000.5 / 7 = 1000.0714… → 1000.07.
        assert_eq!(f.per_day, m("1000.07"));
        // 10000 / 1000.0714… = 9.9992… → 9.
        assert_eq!(f.days_left, DaysLeft::Days { days: 9 });
        assert_eq!(f.days_left.describe(), "9 days at the recent rate");
        // 10000 × 7 days / 7000.5, in seconds: 863,938.28… → 863,938.
        assert_eq!(f.seconds_left, Some(863_938));
    }

    #[test]
    fn points_spent_count_and_a_young_ledger_is_measured_from_its_first_entry() {
        let e = HistoryEntry::builder(
            "000000000000000000000001",
            "ACC",
            HistoryType::Deduct,
            datetime!(2026-06-07 00:00 UTC),
        )
        .point_amount(-200)
        .balance_amount(-800)
        .build();
        let oldest = Some(datetime!(2026-06-06 00:00 UTC));
        let f = forecast([&e], NOW, 7, oldest, &m("5000"), false).unwrap();
        // 1000 over two days: 500 a day, 10 days.
        assert_eq!((f.spent.clone(), f.per_day.clone()), (m("1000"), m("500")));
        assert_eq!(f.days_left.days(), Some(10));
        // Younger than a day: measured over one day.
        let oldest = Some(datetime!(2026-06-07 23:00 UTC));
        let f = forecast([&e], NOW, 7, oldest, &m("5000"), false).unwrap();
        assert_eq!(f.from, datetime!(2026-06-07 00:00 UTC));
        assert_eq!(f.per_day, m("1000"));
    }

    #[test]
    fn no_number_when_it_would_mislead() {
        let spend = entry(1, HistoryType::Deduct, june(5), "-700");
        let auto = forecast([&spend], NOW, 7, None, &m("5000"), true).unwrap();
        assert_eq!(auto.days_left, DaysLeft::AutoRecharge);
        assert!(auto.days_left.describe().contains("auto-recharge"));
        let topped = entry(2, HistoryType::Recharge, june(6), "700");
        let replenished = forecast([&spend, &topped], NOW, 7, None, &m("5000"), false).unwrap();
        assert_eq!(replenished.days_left, DaysLeft::Replenished);
        assert_eq!(replenished.recharged, m("700"));
        let small = entry(3, HistoryType::Recharge, june(6), "699");
        let partly = forecast([&spend, &small], NOW, 7, None, &m("5000"), false).unwrap();
        assert_eq!(partly.days_left, DaysLeft::Days { days: 50 });
        let idle = forecast([], NOW, 7, None, &m("5000"), false).unwrap();
        assert_eq!(idle.days_left, DaysLeft::NotSpending);
        assert_eq!((idle.days_left.days(), idle.seconds_left), (None, None));
    }

    #[test]
    fn nothing_left_is_zero_days_and_huge_amounts_stay_exact() {
        let spend = entry(1, HistoryType::Deduct, june(5), "-7");
        let f = forecast([&spend], NOW, 7, None, &m("-3"), false).unwrap();
        assert_eq!(f.days_left, DaysLeft::Days { days: 0 });
        let f = forecast([&spend], NOW, 7, None, &m("123456789012345678.5"), false).unwrap();
        // 1 a day: the whole amount, rounded down.
        assert_eq!(f.days_left.days(), Some(123_456_789_012_345_678));
        assert_eq!(f.seconds_left, None, "beyond u64");
    }
}
