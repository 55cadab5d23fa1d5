//! [`DateBound`]: a `startDate` / `endDate` value.

use std::fmt;
use std::str::FromStr;

use time::macros::format_description;
use time::{Date, OffsetDateTime, Time, UtcOffset};

use crate::timestamp::{TimestampError, format_api, parse_datetime};

/// A bound of the history's date range: a whole day (`2024-05-01`) or an instant.
///
/// A day as a start means its first instant, as an end its last (the whole day is included),
/// both in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DateBound {
    /// A calendar day, written `2024-05-01`.
    Date(Date),
    /// An instant, written in RFC 3339 with milliseconds.
    DateTime(OffsetDateTime),
}

const DAY_FORMAT: &[time::format_description::FormatItem<'static>] =
    format_description!("[year]-[month]-[day]");

const OFFSET_FORMAT: &[time::format_description::FormatItem<'static>] = format_description!(
    "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3][offset_hour sign:mandatory]:[offset_minute]"
);

impl DateBound {
    /// The first instant the bound includes, as a start.
    pub fn start_instant(&self) -> OffsetDateTime {
        match self {
            DateBound::Date(d) => d.with_time(Time::MIDNIGHT).assume_utc(),
            DateBound::DateTime(t) => *t,
        }
    }

    /// The last instant the bound includes, as an end.
    pub fn end_instant(&self) -> OffsetDateTime {
        match self {
            DateBound::Date(d) => d
                .with_time(Time::MIDNIGHT)
                .assume_utc()
                .saturating_add(time::Duration::DAY)
                .saturating_sub(time::Duration::NANOSECOND),
            DateBound::DateTime(t) => *t,
        }
    }
}

impl fmt::Display for DateBound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            DateBound::Date(d) => d.format(DAY_FORMAT).unwrap_or_default(),
            DateBound::DateTime(t) if t.offset() == UtcOffset::UTC => format_api(*t),
            DateBound::DateTime(t) => t.format(OFFSET_FORMAT).unwrap_or_else(|_| format_api(*t)),
        };
        f.write_str(&text)
    }
}

impl FromStr for DateBound {
    type Err = TimestampError;

    /// `2024-05-01`, or an RFC 3339 date-time (`+0900` offsets accepted).
    fn from_str(s: &str) -> Result<DateBound, TimestampError> {
        if s.len() == 10 {
            return Date::parse(s, DAY_FORMAT)
                .map(DateBound::Date)
                .map_err(|_| TimestampError);
        }
        parse_datetime(s).map(DateBound::DateTime)
    }
}

impl From<Date> for DateBound {
    fn from(d: Date) -> DateBound {
        DateBound::Date(d)
    }
}

impl From<OffsetDateTime> for DateBound {
    fn from(t: OffsetDateTime) -> DateBound {
        DateBound::DateTime(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn days_cover_the_whole_day() {
        let d = DateBound::Date(date!(2024 - 01 - 31));
        assert_eq!(d.start_instant(), datetime!(2024-01-31 00:00 UTC));
        assert_eq!(
            d.end_instant(),
            datetime!(2024-01-31 23:59:59.999_999_999 UTC)
        );
    }

    #[test]
    fn parses_and_prints() {
        for (text, printed) in [
            ("2024-05-01", "2024-05-01"),
            ("2024-05-01T00:00:00Z", "2024-05-01T00:00:00.000Z"),
            (
                "2024-05-01T09:00:00.5+09:00",
                "2024-05-01T09:00:00.500+09:00",
            ),
            ("2024-05-01T09:00:00+0900", "2024-05-01T09:00:00.000+09:00"),
        ] {
            assert_eq!(text.parse::<DateBound>().unwrap().to_string(), printed);
        }
        for bad in ["2024-13-01", "2024-5-1", "may", "2024-05-01T25:00:00Z"] {
            assert!(bad.parse::<DateBound>().is_err(), "{bad}");
        }
    }
}
