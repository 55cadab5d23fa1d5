//! [`Zone`]: the time zone in which dates are shown (tables, CSV, spreadsheets, summary
//! periods) and read (`2025-06-01`, `today`, `30d`, a date-time without an offset).
//!
//! The service writes every date in UTC, but its users are Korean businesses whose console
//! and books use Korea Standard Time, so the default is `Asia/Seoul`. Zones come from the IANA
//! database through `jiff`: the system's copy when there is one (kept current by the
//! system's updates), else the copy bundled into the binary (containers without tzdata,
//! Windows), so that a name never fails only because the machine lacks the files.

use std::fmt;

use jiff::civil;
use jiff::tz::{Offset, TimeZone, TimeZoneDatabase};
use solapi_cash_types::CalendarZone;
use time::OffsetDateTime;

/// The zone used when none is chosen.
pub(crate) const DEFAULT_ZONE: &str = "Asia/Seoul";

/// The accepted forms, for help and errors.
pub(crate) const FORMS: &str =
    "an IANA name such as Asia/Seoul, UTC, local (this machine's zone) or an offset such as +09:00";

/// A time zone and the name it is shown under (`Asia/Seoul`, `UTC`, `+09:00`).
#[derive(Clone)]
pub(crate) struct Zone {
    tz: TimeZone,
    name: String,
}

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Zone({})", self.name)
    }
}

impl PartialEq for Zone {
    fn eq(&self, other: &Zone) -> bool {
        self.name == other.name
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// A day, a month, or a local date-time could not be placed on the time line (beyond the
/// years 1 to 9999, or a zone that cannot resolve it).
pub(crate) const OUT_OF_RANGE: &str = "out of the range of dates";

impl Zone {
    /// The default zone, `Asia/Seoul`.
    pub(crate) fn default_zone() -> Zone {
        Zone::parse(DEFAULT_ZONE).unwrap_or_else(|_| Zone::utc())
    }

    /// UTC.
    pub(crate) fn utc() -> Zone {
        Zone {
            tz: TimeZone::UTC,
            name: "UTC".to_owned(),
        }
    }

    /// Reads `--tz`, `SOLAPI_TZ` or a profile's `tz`: an IANA name (in any case), `UTC`,
    /// `local`, or a fixed offset (`+09:00`, `+0900`, `+09`, `-05:30`).
    pub(crate) fn parse(text: &str) -> Result<Zone, String> {
        let text = text.trim();
        let unknown = || format!("unknown time zone `{text}`: use {FORMS}");
        if text.is_empty() {
            return Err(format!("no time zone given: use {FORMS}"));
        }
        if text.eq_ignore_ascii_case("utc") || text == "Z" {
            return Ok(Zone::utc());
        }
        if text.eq_ignore_ascii_case("local") {
            // The machine's zone as the system says (TZ, /etc/localtime, the Windows
            // setting); UTC when it says nothing, as the C library does.
            let tz = TimeZone::system();
            let name = tz.iana_name().unwrap_or("local").to_owned();
            return Ok(Zone { tz, name });
        }
        if text.starts_with(['+', '-']) {
            let seconds = offset_seconds(text).ok_or_else(unknown)?;
            let offset = Offset::from_seconds(seconds).map_err(|_| unknown())?;
            return Ok(Zone {
                tz: TimeZone::fixed(offset),
                name: offset_name(seconds),
            });
        }
        let tz = lookup(jiff::tz::db(), text)
            .or_else(|| lookup(&TimeZoneDatabase::bundled(), text))
            .ok_or_else(unknown)?;
        let name = tz.iana_name().unwrap_or(text).to_owned();
        Ok(Zone { tz, name })
    }

    /// The name shown in headers.
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// The wall-clock date and time of an instant in this zone.
    pub(crate) fn civil(&self, at: OffsetDateTime) -> civil::DateTime {
        self.zoned(at).datetime()
    }

    /// The current date in this zone.
    pub(crate) fn date_of(&self, at: OffsetDateTime) -> civil::Date {
        self.civil(at).date()
    }

    /// The first instant of a day in this zone (the day's first existing time when a
    /// change of offset skips midnight).
    pub(crate) fn start_of(&self, day: civil::Date) -> Result<OffsetDateTime, &'static str> {
        let zoned = day
            .to_zoned_datetime(self.tz.clone())
            .and_then(|z| z.start_of_day())
            .map_err(|_| OUT_OF_RANGE)?;
        instant(zoned.timestamp())
    }

    /// The instant of a wall-clock time in this zone. A time that occurs twice (when clocks
    /// go back) is the earlier; one that is skipped (when they go forward) is read with the
    /// offset before the change, as RFC 5545 and Temporal's "compatible" choice do.
    pub(crate) fn instant_of(&self, at: civil::DateTime) -> Result<OffsetDateTime, &'static str> {
        let zoned = at
            .to_zoned_datetime(self.tz.clone())
            .map_err(|_| OUT_OF_RANGE)?;
        instant(zoned.timestamp())
    }

    /// `days` calendar days before `at` in this zone, at the same wall-clock time (24-hour
    /// days, except across a change of offset).
    pub(crate) fn days_before(
        &self,
        at: OffsetDateTime,
        days: i64,
    ) -> Result<OffsetDateTime, &'static str> {
        let span = jiff::Span::new().try_days(days).map_err(|_| OUT_OF_RANGE)?;
        let earlier = self.zoned(at).checked_sub(span).map_err(|_| OUT_OF_RANGE)?;
        instant(earlier.timestamp())
    }

    fn zoned(&self, at: OffsetDateTime) -> jiff::ZonedDateTime {
        // Every `OffsetDateTime` of the `time` crate (years ±9999) is a jiff timestamp.
        let ts = jiff::Timestamp::from_nanosecond(at.unix_timestamp_nanos())
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        ts.to_zoned_datetime(self.tz.clone())
    }
}

/// Where the zone's days start, for the library's rule of day and month bounds
/// ([`solapi_cash_types::Days`]): the CLI and the library place a day the same way.
impl CalendarZone for Zone {
    fn start_of_day(&self, day: time::Date) -> Option<OffsetDateTime> {
        self.start_of(civil_date(day)?).ok()
    }
}

/// A `time` date as a jiff civil date.
pub(crate) fn civil_date(day: time::Date) -> Option<civil::Date> {
    let year = i16::try_from(day.year()).ok()?;
    let month = i8::try_from(u8::from(day.month())).ok()?;
    let d = i8::try_from(day.day()).ok()?;
    civil::Date::new(year, month, d).ok()
}

/// A jiff civil date as a `time` date.
pub(crate) fn time_date(day: civil::Date) -> Option<time::Date> {
    let month = time::Month::try_from(u8::try_from(day.month()).ok()?).ok()?;
    time::Date::from_calendar_date(i32::from(day.year()), month, u8::try_from(day.day()).ok()?).ok()
}

/// A name looked up in one database; jiff compares names without regard to case.
fn lookup(db: &TimeZoneDatabase, name: &str) -> Option<TimeZone> {
    db.get(name).ok()
}

fn instant(ts: jiff::Timestamp) -> Result<OffsetDateTime, &'static str> {
    OffsetDateTime::from_unix_timestamp_nanos(ts.as_nanosecond()).map_err(|_| OUT_OF_RANGE)
}

/// `+09:00`, `+0900`, `+09`, `-05:30` as seconds east of UTC.
fn offset_seconds(text: &str) -> Option<i32> {
    let (sign, rest) = text.split_at(1);
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    let well_formed = match rest.len() {
        2 | 4 => !rest.contains(':'),
        5 => rest.as_bytes()[2] == b':',
        _ => false,
    };
    if !well_formed || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits.get(..2)?.parse().ok()?;
    let minutes: i32 = digits
        .get(2..)
        .filter(|m| !m.is_empty())
        .map_or(Some(0), |m| m.parse().ok())?;
    if hours > 25 || minutes > 59 {
        return None;
    }
    let seconds = hours * 3600 + minutes * 60;
    Some(if sign == "-" { -seconds } else { seconds })
}

/// `+09:00`.
fn offset_name(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    format!("{sign}{:02}:{:02}", s / 3600, s % 3600 / 60)
}

/// `2025-07-01 07:40:00`: a date-time for tables.
pub(crate) fn table_text(at: civil::DateTime) -> String {
    format!(
        "{} {:02}:{:02}:{:02}",
        day_text(at.date()),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// `2025-07-01 07:40:00.000`: a date-time for CSV, with the API's milliseconds, in the form
/// spreadsheets read as a date-time.
pub(crate) fn csv_text(at: civil::DateTime) -> String {
    format!("{}.{:03}", table_text(at), at.millisecond())
}

/// `2025-07-01`.
pub(crate) fn day_text(day: civil::Date) -> String {
    format!("{:04}-{:02}-{:02}", day.year(), day.month(), day.day())
}

/// `2025-07`.
pub(crate) fn month_text(day: civil::Date) -> String {
    format!("{:04}-{:02}", day.year(), day.month())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn names_offsets_and_keywords() {
        assert_eq!(Zone::parse("Asia/Seoul").unwrap().name(), "Asia/Seoul");
        assert_eq!(Zone::parse("asia/seoul").unwrap().name(), "Asia/Seoul");
        assert_eq!(Zone::parse(" utc ").unwrap().name(), "UTC");
        for (text, name) in [
            ("+09:00", "+09:00"),
            ("+0900", "+09:00"),
            ("+09", "+09:00"),
            ("-05:30", "-05:30"),
        ] {
            assert_eq!(Zone::parse(text).unwrap().name(), name, "{text}");
        }
        for bad in [
            "",
            "Mars/Olympus",
            "+9",
            "+09:0",
            "+26:00",
            "+09:60",
            "09:00",
            "+0a:00",
        ] {
            let err = Zone::parse(bad).unwrap_err();
            assert!(err.contains("Asia/Seoul"), "{bad}: {err}");
        }
        assert!(Zone::parse("local").is_ok());
    }

    #[test]
    fn korean_time_is_nine_hours_ahead() {
        let seoul = Zone::default_zone();
        assert_eq!(seoul.name(), "Asia/Seoul");
        let at = datetime!(2025-06-30 22:40 UTC);
        assert_eq!(csv_text(seoul.civil(at)), "2025-07-01 07:40:00.000");
        assert_eq!(table_text(Zone::utc().civil(at)), "2025-06-30 22:40:00");
        let july = civil::date(2025, 7, 1);
        assert_eq!(
            seoul.start_of(july).unwrap(),
            datetime!(2025-06-30 15:00 UTC)
        );
        assert_eq!(month_text(july), "2025-07");
    }

    /// The bundled copy of the database answers alone, as on a machine without tzdata.
    #[test]
    fn the_bundled_database_knows_seoul() {
        let db = TimeZoneDatabase::bundled();
        let tz = lookup(&db, "Asia/Seoul").expect("bundled");
        let zone = Zone {
            tz,
            name: "Asia/Seoul".into(),
        };
        assert_eq!(
            zone.civil(datetime!(2025-01-31 15:00 UTC)),
            civil::date(2025, 2, 1).at(0, 0, 0, 0)
        );
    }

    #[test]
    fn days_follow_the_zones_calendar() {
        // New York leaves daylight saving on 2024-11-03: seven calendar days before noon on
        // the 7th is noon on the 31st, 169 hours earlier.
        let ny = Zone::parse("America/New_York").unwrap();
        let at = datetime!(2024-11-07 17:00 UTC);
        assert_eq!(
            ny.days_before(at, 7).unwrap(),
            datetime!(2024-10-31 16:00 UTC)
        );
        // 02:30 on 2024-03-10 does not exist there: read with the offset before the gap.
        assert_eq!(
            ny.instant_of(civil::date(2024, 3, 10).at(2, 30, 0, 0))
                .unwrap(),
            datetime!(2024-03-10 07:30 UTC)
        );
    }
}
