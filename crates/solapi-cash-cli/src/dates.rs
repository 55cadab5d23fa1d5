//! `--start-date` / `--end-date` values: the API's own forms, relative ages and day names,
//! read in the chosen time zone ([`Zone`], `--tz`).
//!
//! - `2025-06-01`: a whole day in the zone (as a start its first instant, as an end its
//!   last millisecond);
//! - a date-time with `Z` or an offset: `2025-06-01T09:30:00Z`, `2025-06-01T09:30:00+09:00`;
//! - a date-time without one, read in the zone: `2025-06-01T09:30`;
//! - an age: a whole number and a unit, `h` (hours), `d` (days) or `w` (weeks): `12h`, `30d`,
//!   `2w` mean that long before now (days and weeks on the zone's calendar);
//! - `now`, `today`, `yesterday` (days in the zone).
//!
//! Months are not a unit: their length varies, so `6m` could only be a guess (and `m` reads
//! as minutes too). Give a date instead.
//!
//! The command line is checked when it is parsed ([`when`]), before the zone is known (it may
//! come from a profile); [`When::start`] and [`When::end`] place the bound once it is. Every
//! bound is sent to the API as an instant in UTC, so that its meaning never depends on how
//! the service reads a date without a time.

use jiff::civil;
use solapi_cash_types::DateBound;
use time::{Duration, OffsetDateTime};

use crate::zone::{OUT_OF_RANGE, Zone};

/// The forms, for error messages and help.
pub(crate) const FORMS: &str = "2025-06-01, 2025-06-01T09:30:00Z, 2025-06-01T09:30:00+09:00, 2025-06-01T09:30, 30d, 12h, 2w, now, today or yesterday";

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
        Ok(DateBound::Date(_)) => return Err(invalid()),
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
            if end {
                let next = d.tomorrow().map_err(|_| OUT_OF_RANGE)?;
                Ok(zone.start_of(next)? - Duration::MILLISECOND)
            } else {
                zone.start_of(d)
            }
        };
        let today = zone.date_of(now);
        let placed = match self {
            When::Now => Ok(now),
            When::Today => day(today),
            When::Yesterday => today.yesterday().map_err(|_| OUT_OF_RANGE).and_then(day),
            When::Day(d) => day(*d),
            When::Local(at) => zone.instant_of(*at),
            When::Instant(at) => Ok(*at),
            When::HoursAgo(n) => now.checked_sub(Duration::hours(*n)).ok_or(OUT_OF_RANGE),
            When::DaysAgo(n) => zone.days_before(now, *n),
        };
        placed
            .map(|at| at.to_offset(time::UtcOffset::UTC))
            .map_err(|e| format!("{e} in {zone}"))
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
            "6m",
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
