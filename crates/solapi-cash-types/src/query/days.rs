//! [`Days`]: whole calendar days (a day, a month, a run of days) in a time zone, as the
//! instants a history query is bounded by; [`CalendarZone`]: what a zone must say for it.
//!
//! The rule is written once, here, for the library and the CLI alike: a run of days starts at
//! the first instant of its first day in the zone and ends at the last millisecond (the API's
//! precision) before the day after its last. The bounds are sent as UTC instants, so that
//! their meaning never depends on how the service reads a date without a time.

use time::{Date, Duration, Month, OffsetDateTime, Time, UtcOffset};

use super::QueryError;

/// A time zone as far as day bounds need one: where each calendar day starts.
///
/// Implemented for [`UtcOffset`] (a fixed offset such as [`KOREA`]); a program with a time
/// zone database implements it for its zones (the CLI does, for IANA zones with daylight
/// saving). No I/O is needed here: the zone is given, never looked up.
pub trait CalendarZone {
    /// The first instant of `day` in this zone (its first existing time when a change of
    /// offset skips midnight); `None` when the zone cannot place it.
    fn start_of_day(&self, day: Date) -> Option<OffsetDateTime>;
}

impl CalendarZone for UtcOffset {
    fn start_of_day(&self, day: Date) -> Option<OffsetDateTime> {
        let local = day.with_time(Time::MIDNIGHT).assume_offset(*self);
        // Beyond the years ±9999 once in UTC: not placeable.
        local.checked_to_offset(UtcOffset::UTC)
    }
}

impl<Z: CalendarZone + ?Sized> CalendarZone for &Z {
    fn start_of_day(&self, day: Date) -> Option<OffsetDateTime> {
        (**self).start_of_day(day)
    }
}

/// Korea Standard Time, UTC+09:00: the zone of SOLAPI's console and of Korean books, and the
/// default of [`HistoryQueryBuilder::days`](super::HistoryQueryBuilder::days). Korea has kept
/// +09:00 without daylight saving since October 1988, before any SOLAPI history, so the fixed
/// offset is the `Asia/Seoul` zone for every date the service can hold.
pub const KOREA: UtcOffset = match UtcOffset::from_hms(9, 0, 0) {
    Ok(offset) => offset,
    Err(_) => panic!("+09:00 is a valid offset"),
};

/// Whole calendar days, from `first` to `last` inclusive: one day, a month, or any run.
///
/// ```
/// use solapi_cash_types::{Days, HistoryQuery, KOREA};
/// use time::macros::{date, datetime};
///
/// // November 2026 in Korea: from 15:00 UTC on October 31st to the last millisecond before
/// // 15:00 UTC on November 30th.
/// let november = Days::month(2026, 11)?;
/// assert_eq!(
///     november.bounds(&KOREA)?,
///     (datetime!(2026-10-31 15:00 UTC), datetime!(2026-11-30 14:59:59.999 UTC))
/// );
/// let query = HistoryQuery::builder().days(november).build()?;
/// assert_eq!(
///     query.to_query_string(),
///     "startDate=2026-10-31T15%3A00%3A00.000Z&endDate=2026-11-30T14%3A59%3A59.999Z"
/// );
/// assert_eq!(Days::month_of(date!(2026 - 12 - 05)).previous_month()?, november);
/// # Ok::<(), solapi_cash_types::QueryError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Days {
    first: Date,
    last: Date,
}

impl Days {
    /// One day.
    pub fn day(day: Date) -> Days {
        Days {
            first: day,
            last: day,
        }
    }

    /// The days from `first` to `last`, both included; `last` must not be before `first`.
    pub fn between(first: Date, last: Date) -> Result<Days, QueryError> {
        if last < first {
            return Err(QueryError::new(
                "startDate",
                format!("the first day {first} is after the last day {last}"),
            ));
        }
        Ok(Days { first, last })
    }

    /// A calendar month: `month` from 1 (January) to 12 (`Month::June as u8` works too).
    pub fn month(year: i32, month: u8) -> Result<Days, QueryError> {
        let no_month = || QueryError::new("startDate", format!("no month {year}-{month:02}"));
        let month = Month::try_from(month).map_err(|_| no_month())?;
        let first = Date::from_calendar_date(year, month, 1).map_err(|_| no_month())?;
        Ok(Days::month_of(first))
    }

    /// The calendar month `day` is in.
    pub fn month_of(day: Date) -> Days {
        let first = day.replace_day(1).unwrap_or(day);
        let last = first
            .replace_day(day.month().length(day.year()))
            .unwrap_or(day);
        Days { first, last }
    }

    /// The month before the one this run of days starts in (`--last-month` from today).
    pub fn previous_month(&self) -> Result<Days, QueryError> {
        let day_before = self
            .first
            .replace_day(1)
            .ok()
            .and_then(Date::previous_day)
            .ok_or_else(|| QueryError::new("startDate", "out of the range of dates"))?;
        Ok(Days::month_of(day_before))
    }

    /// The first day.
    pub fn first(&self) -> Date {
        self.first
    }

    /// The last day.
    pub fn last(&self) -> Date {
        self.last
    }

    /// The first instant of the first day in `zone`, in UTC.
    pub fn start(&self, zone: &impl CalendarZone) -> Result<OffsetDateTime, QueryError> {
        start_of(zone, self.first, "startDate")
    }

    /// The last millisecond (the API's precision) before the day after the last day starts in
    /// `zone`, in UTC: the whole last day is included.
    pub fn end(&self, zone: &impl CalendarZone) -> Result<OffsetDateTime, QueryError> {
        let next = self
            .last
            .next_day()
            .ok_or_else(|| QueryError::new("endDate", "out of the range of dates"))?;
        Ok(start_of(zone, next, "endDate")? - Duration::MILLISECOND)
    }

    /// [`start`](Days::start) and [`end`](Days::end).
    pub fn bounds(
        &self,
        zone: &impl CalendarZone,
    ) -> Result<(OffsetDateTime, OffsetDateTime), QueryError> {
        Ok((self.start(zone)?, self.end(zone)?))
    }
}

fn start_of(
    zone: &impl CalendarZone,
    day: Date,
    parameter: &'static str,
) -> Result<OffsetDateTime, QueryError> {
    zone.start_of_day(day)
        .map(|at| at.to_offset(UtcOffset::UTC))
        .ok_or_else(|| QueryError::new(parameter, format!("{day} is out of the range of dates")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime, offset};

    #[test]
    fn korean_days_and_months() {
        let day = Days::day(date!(2024 - 05 - 01));
        assert_eq!(
            day.bounds(&KOREA).unwrap(),
            (
                datetime!(2024-04-30 15:00 UTC),
                datetime!(2024-05-01 14:59:59.999 UTC)
            )
        );
        let feb = Days::month(2024, 2).unwrap();
        assert_eq!(
            (feb.first(), feb.last()),
            (date!(2024 - 02 - 01), date!(2024 - 02 - 29))
        );
        assert_eq!(
            Days::month_of(date!(2025 - 01 - 31))
                .previous_month()
                .unwrap(),
            Days::month(2024, 12).unwrap()
        );
        assert_eq!(Days::month(2023, 2).unwrap().last(), date!(2023 - 02 - 28));
        // UTC and a negative offset.
        assert_eq!(
            day.start(&UtcOffset::UTC).unwrap(),
            datetime!(2024-05-01 00:00 UTC)
        );
        assert_eq!(
            day.end(&offset!(-5)).unwrap(),
            datetime!(2024-05-02 04:59:59.999 UTC)
        );
        assert!(Days::between(date!(2024 - 05 - 02), date!(2024 - 05 - 01)).is_err());
        assert!(Days::month(10_000, 1).is_err());
        assert!(Days::month(2024, 13).is_err() && Days::month(2024, 0).is_err());
        assert_eq!(
            Days::month(2024, Month::June as u8).unwrap().last(),
            date!(2024 - 06 - 30)
        );
        assert!(Days::day(Date::MAX).end(&KOREA).is_err());
    }
}
