//! `--start-date` / `--end-date` values: the API's own forms, relative ages and day names,
//! read in the chosen time zone ([`Zone`], `--tz`).
//!
//! - `2025-06-01`: a whole day in the zone (as a start its first instant, as an end its
//!   last millisecond);
//! - a date-time with `Z` or an offset: `2025-06-01T09:30:00Z`, `2025-06-01T09:30:00+09:00`;
//! - a date-time without one, read in the zone: `2025-06-01T09:30`;
//! - an age: a whole number and a unit, `m` (minutes), `h` (hours), `d` (days) or `w`
//!   (weeks): `10m`, `12h`, `30d`, `2w` mean that long before now (days and weeks on the
//!   zone's calendar);
//! - `now`, `today`, `yesterday` (days in the zone).
//!
//! Months are not a unit of ages (their length varies; `m` is minutes, as in `sleep`): whole
//! months are `--month 2025-06`, `--this-month` and `--last-month` ([`MonthArg`]).
//!
//! Where a day starts and ends is the library's rule ([`Days`]), so that `--since 2025-06-01`
//! and `HistoryQuery::builder().days(…)` bound the same instants.
//!
//! The command line is checked when it is parsed ([`when`]), before the zone is known (it may
//! come from a profile); [`When::start`] and [`When::end`] place the bound once it is. Every
//! bound is sent to the API as an instant in UTC, so that its meaning never depends on how
//! the service reads a date without a time.

use std::fmt;

use jiff::civil;
use solapi_cash_types::{DateBound, Days};
use time::{Duration, OffsetDateTime};

use crate::zone::{OUT_OF_RANGE, Zone, day_text, time_date};

/// The forms, for error messages and help.
pub(crate) const FORMS: &str = "2025-06-01, 2025-06-01T09:30:00Z, 2025-06-01T09:30:00+09:00, 2025-06-01T09:30, 30d, 12h, 10m, 2w, now, today or yesterday";

/// Most units a relative age may count (about 270 years of hours): beyond that it is a typo.
const MAX_COUNT: i64 = 99_999;

/// A date bound as typed, not yet placed in a zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum When {
    /// `now`.
    Now,
    /// `today`.
    Today,
    /// `yesterday`.
    Yesterday,
    /// A day of the zone's calendar.
    Day(civil::Date),
    /// A wall-clock date-time in the zone.
    Local(civil::DateTime),
    /// An instant (it had `Z` or an offset).
    Instant(OffsetDateTime),
    /// So many minutes before now.
    MinutesAgo(i64),
    /// So many hours before now.
    HoursAgo(i64),
    /// So many calendar days before now.
    DaysAgo(i64),
}

/// Parses a date bound's syntax (`--start-date`, `--end-date`).
pub(crate) fn when(text: &str) -> Result<When, String> {
    let text = text.trim();
    let invalid = || format!("not a date or time; use {FORMS}");
    match text.to_ascii_lowercase().as_str() {
        "now" => return Ok(When::Now),
        "today" => return Ok(When::Today),
        "yesterday" => return Ok(When::Yesterday),
        _ => {}
    }
    if let Some(age) = age(text) {
        return age.ok_or_else(invalid);
    }
    if text.len() == 10 {
        return text
            .parse::<civil::Date>()
            .map(When::Day)
            .map_err(|_| invalid());
    }
    match text.parse::<DateBound>() {
        Ok(DateBound::DateTime(at)) => return Ok(When::Instant(at)),
        Ok(_) => return Err(invalid()),
        Err(_) => {}
    }
    // Only a date-time that has no offset at all is local: anything else was refused above.
    if text.contains(['Z', 'z', '+']) || text.get(10..).is_some_and(|t| t.contains('-')) {
        return Err(invalid());
    }
    text.parse::<civil::DateTime>()
        .map(When::Local)
        .map_err(|_| invalid())
}

impl When {
    /// The first instant this bound includes as a start, `now` being the current time.
    pub(crate) fn start(&self, zone: &Zone, now: OffsetDateTime) -> Result<OffsetDateTime, String> {
        self.place(zone, now, false)
    }

    /// The last instant this bound includes as an end: a day ends with its last
    /// millisecond (the API's precision).
    pub(crate) fn end(&self, zone: &Zone, now: OffsetDateTime) -> Result<OffsetDateTime, String> {
        self.place(zone, now, true)
    }

    fn place(&self, zone: &Zone, now: OffsetDateTime, end: bool) -> Result<OffsetDateTime, String> {
        // The API's precision is the millisecond: `now` keeps it, so that an end of `now`
        // covers the entries of the current second (cutting it to the second dropped them).
        let now = now.replace_millisecond(now.millisecond()).unwrap_or(now);
        let day = |d: civil::Date| -> Result<OffsetDateTime, &'static str> {
            let days = Days::day(time_date(d).ok_or(OUT_OF_RANGE)?);
            if end {
                days.end(zone)
            } else {
                days.start(zone)
            }
            .map_err(|_| OUT_OF_RANGE)
        };
        let today = zone.date_of(now);
        let placed = match self {
            When::Now => Ok(now),
            When::Today => day(today),
            When::Yesterday => today.yesterday().map_err(|_| OUT_OF_RANGE).and_then(day),
            When::Day(d) => day(*d),
            When::Local(at) => zone.instant_of(*at),
            When::Instant(at) => Ok(*at),
            When::MinutesAgo(n) => now.checked_sub(Duration::minutes(*n)).ok_or(OUT_OF_RANGE),
            When::HoursAgo(n) => now.checked_sub(Duration::hours(*n)).ok_or(OUT_OF_RANGE),
            When::DaysAgo(n) => zone.days_before(now, *n),
        };
        placed
            .map(|at| at.to_offset(time::UtcOffset::UTC))
            .map_err(|e| format!("{e} in {zone}"))
    }
}

impl fmt::Display for When {
    /// The bound as it was typed, in a canonical form (`2025-06-01`, `30d`, `today`), for
    /// messages in the user's terms.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            When::Now => f.write_str("now"),
            When::Today => f.write_str("today"),
            When::Yesterday => f.write_str("yesterday"),
            When::Day(d) => f.write_str(&day_text(*d)),
            When::Local(at) => write!(
                f,
                "{}T{:02}:{:02}:{:02}",
                day_text(at.date()),
                at.hour(),
                at.minute(),
                at.second()
            ),
            When::Instant(at) => write!(f, "{}", bound(*at)),
            When::MinutesAgo(n) => write!(f, "{n}m"),
            When::HoursAgo(n) => write!(f, "{n}h"),
            When::DaysAgo(n) if n % 7 == 0 && *n > 0 => write!(f, "{}w", n / 7),
            When::DaysAgo(n) => write!(f, "{n}d"),
        }
    }
}

/// A calendar month given on the command line: `--month 2025-06`, `--this-month`,
/// `--last-month` (months of the time zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MonthArg {
    /// `--month YYYY-MM`.
    Month { year: i32, month: u8 },
    /// `--this-month`: the month of today in the zone.
    This,
    /// `--last-month`: the month before it.
    Last,
}

/// Parses `--month`: `YYYY-MM` (`2025-06`).
pub(crate) fn month(text: &str) -> Result<MonthArg, String> {
    let invalid = || "not a month: use YYYY-MM, such as 2025-06".to_owned();
    let (year, month) = text.trim().split_once('-').ok_or_else(invalid)?;
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(year, 4) || !digits(month, 2) {
        return Err(invalid());
    }
    let (year, month) = (
        year.parse::<i32>().map_err(|_| invalid())?,
        month.parse::<u8>().map_err(|_| invalid())?,
    );
    if !(1..=12).contains(&month) || year == 0 {
        return Err(invalid());
    }
    Ok(MonthArg::Month { year, month })
}

impl MonthArg {
    /// The month's days, `now` placing `this` and `last` in `zone`.
    pub(crate) fn days(self, zone: &Zone, now: OffsetDateTime) -> Result<Days, String> {
        let this = || {
            time_date(zone.date_of(now))
                .map(Days::month_of)
                .ok_or_else(|| format!("{OUT_OF_RANGE} in {zone}"))
        };
        match self {
            MonthArg::Month { year, month } => {
                Days::month(year, month).map_err(|e| e.reason().to_owned())
            }
            MonthArg::This => this(),
            MonthArg::Last => this()?.previous_month().map_err(|e| e.reason().to_owned()),
        }
    }
}

/// A bound as the API is sent it: an instant in UTC.
pub(crate) fn bound(at: OffsetDateTime) -> DateBound {
    DateBound::DateTime(at)
}

/// `Some(None)` for something shaped like an age that is out of range; `None` when it is not
/// an age at all.
fn age(text: &str) -> Option<Option<When>> {
    let unit = text.chars().last()?;
    let digits = &text[..text.len() - unit.len_utf8()];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let count = digits.parse::<i64>().ok().filter(|n| *n <= MAX_COUNT);
    let make: fn(i64) -> When = match unit.to_ascii_lowercase() {
        'm' => When::MinutesAgo,
        'h' => When::HoursAgo,
        'd' => When::DaysAgo,
        'w' => |n| When::DaysAgo(n * 7),
        _ => return None,
    };
    Some(count.map(make))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    /// 21:34:56.789 in Seoul, on the last day of May.
    const NOW: OffsetDateTime = datetime!(2024-05-31 12:34:56.789 UTC);

    fn seoul() -> Zone {
        Zone::default_zone()
    }

    #[test]
    fn every_form_in_seoul() {
        let start = |s| when(s).unwrap().start(&seoul(), NOW).unwrap();
        let end = |s| when(s).unwrap().end(&seoul(), NOW).unwrap();
        // A Korean day is 15:00 UTC the day before to 14:59:59.999 UTC.
        assert_eq!(start("2024-05-01"), datetime!(2024-04-30 15:00 UTC));
        assert_eq!(end("2024-05-01"), datetime!(2024-05-01 14:59:59.999 UTC));
        assert_eq!(
            start("2024-05-01T09:30:00Z"),
            datetime!(2024-05-01 09:30 UTC)
        );
        assert_eq!(
            start("2024-05-01T09:30:00+09:00"),
            datetime!(2024-05-01 00:30 UTC)
        );
        assert_eq!(start("2024-05-01T09:30"), datetime!(2024-05-01 00:30 UTC));
        assert_eq!(start("30d"), datetime!(2024-05-01 12:34:56.789 UTC));
        assert_eq!(start("12H"), datetime!(2024-05-31 00:34:56.789 UTC));
        assert_eq!(start("10m"), datetime!(2024-05-31 12:24:56.789 UTC));
        assert_eq!(start("2w"), datetime!(2024-05-17 12:34:56.789 UTC));
        assert_eq!(start("today"), datetime!(2024-05-30 15:00 UTC));
        assert_eq!(end("today"), datetime!(2024-05-31 14:59:59.999 UTC));
        assert_eq!(start("Yesterday"), datetime!(2024-05-29 15:00 UTC));
        assert_eq!(end("now"), datetime!(2024-05-31 12:34:56.789 UTC));
        // Below the millisecond, nothing is kept (the API has no use for it).
        let finer = When::Now
            .start(&seoul(), datetime!(2024-05-31 12:34:56.789_999 UTC))
            .unwrap();
        assert_eq!(finer, datetime!(2024-05-31 12:34:56.789 UTC));
        // In UTC, today is still the 31st.
        assert_eq!(
            when("today").unwrap().start(&Zone::utc(), NOW).unwrap(),
            datetime!(2024-05-31 00:00 UTC)
        );
        assert_eq!(
            bound(end("2024-05-01")).to_string(),
            "2024-05-01T14:59:59.999Z"
        );
    }

    /// An instant written as the API writes bounds reads back as that instant, in every zone;
    /// a day as the zone's day.
    #[test]
    fn the_apis_forms_round_trip() {
        let zones = [
            seoul(),
            Zone::utc(),
            Zone::parse("America/New_York").unwrap(),
        ];
        let mut at = datetime!(1970-01-01 00:00:00.123 UTC);
        for i in 0..500_i64 {
            at += Duration::seconds(7_919_993 + i);
            let offset =
                time::UtcOffset::from_whole_seconds(((i % 53) as i32 - 26) * 1800).unwrap();
            let text = bound(at.to_offset(offset)).to_string();
            for zone in &zones {
                assert_eq!(when(&text).unwrap().start(zone, NOW).unwrap(), at, "{text}");
            }
            let day = zone_day(&seoul(), at);
            assert_eq!(when(&crate::zone::day_text(day)).unwrap(), When::Day(day));
        }
    }

    #[test]
    fn months_and_the_forms_typed() {
        assert_eq!(
            month("2025-06"),
            Ok(MonthArg::Month {
                year: 2025,
                month: 6
            })
        );
        for bad in ["2025-6", "2025-13", "2025-00", "25-06", "2025/06", "June"] {
            assert!(month(bad).is_err(), "{bad}");
        }
        // 21:34 on May 31st in Seoul: this month is May, the last April.
        let days = |m: MonthArg| m.days(&seoul(), NOW).unwrap();
        let may = days(MonthArg::This);
        assert_eq!(
            may.bounds(&seoul()).unwrap(),
            (
                datetime!(2024-04-30 15:00 UTC),
                datetime!(2024-05-31 14:59:59.999 UTC)
            )
        );
        assert_eq!(days(MonthArg::Last).last().day(), 30);
        assert_eq!(days(month("2024-02").unwrap()).last().day(), 29);
        for text in [
            "2025-06-01",
            "30d",
            "2w",
            "12h",
            "10m",
            "now",
            "today",
            "2025-06-01T09:30:00",
        ] {
            assert_eq!(when(text).unwrap().to_string(), text);
        }
    }

    fn zone_day(zone: &Zone, at: OffsetDateTime) -> civil::Date {
        zone.date_of(at)
    }

    #[test]
    fn nonsense_is_refused() {
        for bad in [
            "",
            "d",
            "30",
            "30x",
            "6mo",
            "6M2",
            "-3d",
            "3.5d",
            "2024-13-01",
            "2024-02-30",
            "tomorrow",
            "999999999999999999999d",
            "100000h",
            "2024-05-01T25:00",
            "2024-05-01T09:30-09",
        ] {
            let err = when(bad).unwrap_err();
            assert!(err.contains("30d"), "{bad}: {err}");
        }
    }
}
