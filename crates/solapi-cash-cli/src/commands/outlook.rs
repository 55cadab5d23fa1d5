//! The outlook of `history summary`: what was spent over the range, the average per day and,
//! with what is left, the days until it runs out — in exact decimal arithmetic (integers of
//! milliseconds and money's own digits; no floating point).
//!
//! Spent is what sending messages cost in the range: the decreases of balance and point of
//! `DEDUCT` entries (messages spend the point first, then the balance); conversions, resets and
//! adjustments are not spending (`crate::commands::summary::spent`). The range
//! runs from `--since` (or the oldest entry) to the end of `--until` (or now). For display the
//! average is rounded half up to two decimals, and the days left are rounded down (the money
//! lasts at least that many whole days at this rate).

use solapi_cash_types::Money;
use time::OffsetDateTime;

/// Milliseconds in a day.
const DAY_MS: i128 = 86_400_000;

/// The outlook over a range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Outlook {
    /// First instant of the range.
    pub from: OffsetDateTime,
    /// Just after its last instant.
    pub to: OffsetDateTime,
    /// Its length in days, rounded half up to two decimals.
    pub days: Money,
    /// What sending cost, as a positive amount.
    pub spent: Money,
    /// Spent per day, rounded half up to two decimals.
    pub average: Money,
    /// Balance + point now, when known.
    pub left: Option<Money>,
    /// Whole days until `left` is spent at the average rate; `None` when nothing is spent (or
    /// nothing is known to be left).
    pub days_left: Option<u64>,
}

impl Outlook {
    /// The outlook of `spent` over `[from, to)` with `left` to spend; `None` for an empty
    /// range or values beyond exact 128-bit arithmetic (far beyond any real amount).
    pub(crate) fn new(
        from: OffsetDateTime,
        to: OffsetDateTime,
        spent: Money,
        left: Option<Money>,
    ) -> Option<Outlook> {
        let ms = (to - from).whole_milliseconds();
        if ms <= 0 {
            return None;
        }
        let (spent_m, spent_s) = spent.to_parts()?;
        // spent × DAY / ms, in hundredths.
        let average = rounded(
            spent_m.checked_mul(DAY_MS * 100)?,
            ms.checked_mul(pow10(spent_s)?)?,
        )?;
        let days = rounded(ms * 100, DAY_MS)?;
        let days_left = match &left {
            Some(left) if spent_m > 0 => {
                let (left_m, left_s) = left.to_parts()?;
                if left_m <= 0 {
                    Some(0)
                } else {
                    // left / (spent / ms × DAY) = left × ms / (spent × DAY), each side scaled to
                    // whole units of the other's digits.
                    let num = left_m.checked_mul(pow10(spent_s)?)?.checked_mul(ms)?;
                    let den = spent_m.checked_mul(pow10(left_s)?)?.checked_mul(DAY_MS)?;
                    u64::try_from(num / den).ok()
                }
            }
            _ => None,
        };
        Some(Outlook {
            from,
            to,
            days: Money::from_parts(days, 2).ok()?.normalized(),
            spent: spent.normalized(),
            average: Money::from_parts(average, 2).ok()?.normalized(),
            left,
            days_left,
        })
    }
}

/// `num / den` rounded half up (both positive or zero), as an integer.
fn rounded(num: i128, den: i128) -> Option<i128> {
    if den <= 0 || num < 0 {
        return None;
    }
    let quotient = num / den;
    let remainder = num % den;
    Some(if remainder.checked_mul(2)? >= den {
        quotient + 1
    } else {
        quotient
    })
}

fn pow10(exp: u32) -> Option<i128> {
    10i128.checked_pow(exp)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn m(text: &str) -> Money {
        text.parse().unwrap()
    }

    #[test]
    fn exact_average_and_whole_days_left() {
        // June in Seoul: 30 days exactly.
        let from = datetime!(2025-05-31 15:00 UTC);
        let to = datetime!(2025-06-30 15:00 UTC);
        let o = Outlook::new(from, to, m("100000"), Some(m("50000.5"))).unwrap();
        assert_eq!(o.days, m("30"));
        // 100000 / 30 = 3333.333… → 3333.33; 50000.5 / 3333.33… = 15.00015 → 15.
        assert_eq!(o.average, m("3333.33"));
        assert_eq!(o.days_left, Some(15));
        // Half up: 2 / 3 days of 0.01 … and a value exactly on the half.
        let o = Outlook::new(from, to, m("0.15"), None).unwrap();
        assert_eq!(o.average, m("0.01"), "0.005 rounds up");
        assert_eq!(o.days_left, None);
        // Nothing spent: it never runs out at this rate.
        let o = Outlook::new(from, to, Money::ZERO, Some(m("10"))).unwrap();
        assert_eq!((o.average, o.days_left), (Money::ZERO, None));
        // Nothing left.
        let o = Outlook::new(from, to, m("1"), Some(Money::ZERO)).unwrap();
        assert_eq!(o.days_left, Some(0));
        // Twelve hours: half a day.
        let o = Outlook::new(
            from,
            from + time::Duration::hours(12),
            m("10"),
            Some(m("25")),
        )
        .unwrap();
        assert_eq!(
            (o.days, o.average, o.days_left),
            (m("0.5"), m("20"), Some(1))
        );
        assert!(Outlook::new(to, from, m("1"), None).is_none());
    }
}
