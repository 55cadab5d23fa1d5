//! `--start-date` / `--end-date` values: the API's own forms, relative ages and day names.
//!
//! - `2024-05-01`: a whole UTC day (as a start its first instant, as an end its last);
//! - an ISO 8601 / RFC 3339 date-time: `2024-05-01T09:30:00Z`, `2024-05-01T09:30:00+09:00`;
//! - an age: a whole number and a unit, `h` (hours), `d` (days of 24 h) or `w` (weeks):
//!   `12h`, `30d`, `2w` mean that long before now;
//! - `now`, `today`, `yesterday` (UTC days).
//!
//! Months are not a unit: their length varies, so `6m` could only be a guess (and `m` reads
//! as minutes too). Give a date instead.

use solapi_cash_types::DateBound;
use time::{Duration, OffsetDateTime};

/// The forms, for error messages and help.
pub(crate) const FORMS: &str = "2024-05-01, 2024-05-01T09:30:00Z, 2024-05-01T09:30:00+09:00, 30d, 12h, 2w, now, today or yesterday";

/// Most units a relative age may count (about 270 years of hours): beyond that it is a typo.
const MAX_COUNT: i64 = 99_999;

/// Parses a date bound relative to the current time.
pub(crate) fn when(text: &str) -> Result<DateBound, String> {
    when_at(text, OffsetDateTime::now_utc())
}

/// Parses a date bound relative to `now` (UTC).
pub(crate) fn when_at(text: &str, now: OffsetDateTime) -> Result<DateBound, String> {
    let text = text.trim();
    // The API's precision is the millisecond: `now` keeps it, so that an end of `now` covers
    // the entries of the current second (cutting it to the second dropped them).
    let now = now.replace_millisecond(now.millisecond()).unwrap_or(now);
    let invalid = || format!("not a date or time; use {FORMS}");
    match text.to_ascii_lowercase().as_str() {
        "now" => return Ok(DateBound::DateTime(now)),
        "today" => return Ok(DateBound::Date(now.date())),
        "yesterday" => {
            return now
                .date()
                .previous_day()
                .map(DateBound::Date)
                .ok_or_else(invalid);
        }
        _ => {}
    }
    if let Some(age) = age(text) {
        let age = age.ok_or_else(invalid)?;
        return now
            .checked_sub(age)
            .map(DateBound::DateTime)
            .ok_or_else(invalid);
    }
    text.parse::<DateBound>().map_err(|_| invalid())
}

/// `Some(None)` for something shaped like an age that is out of range; `None` when it is not
/// an age at all.
fn age(text: &str) -> Option<Option<Duration>> {
    let unit = text.chars().last()?;
    let digits = &text[..text.len() - unit.len_utf8()];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let count = digits.parse::<i64>().ok().filter(|n| *n <= MAX_COUNT);
    let per_unit = match unit.to_ascii_lowercase() {
        'h' => Duration::HOUR,
        'd' => Duration::DAY,
        'w' => Duration::WEEK,
        _ => return None,
    };
    Some(count.and_then(|n| per_unit.checked_mul(i32::try_from(n).ok()?)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    const NOW: OffsetDateTime = datetime!(2024-05-31 12:34:56.789 UTC);

    #[test]
    fn every_form() {
        let at = |s| when_at(s, NOW).unwrap();
        assert_eq!(at("2024-05-01"), DateBound::Date(date!(2024 - 05 - 01)));
        assert_eq!(
            at("2024-05-01T09:30:00+09:00").start_instant(),
            datetime!(2024-05-01 00:30 UTC)
        );
        assert_eq!(
            at("30d"),
            DateBound::DateTime(datetime!(2024-05-01 12:34:56.789 UTC))
        );
        assert_eq!(
            at("12H"),
            DateBound::DateTime(datetime!(2024-05-31 00:34:56.789 UTC))
        );
        assert_eq!(
            at("2w"),
            DateBound::DateTime(datetime!(2024-05-17 12:34:56.789 UTC))
        );
        assert_eq!(at("today"), DateBound::Date(date!(2024 - 05 - 31)));
        assert_eq!(at("Yesterday"), DateBound::Date(date!(2024 - 05 - 30)));
        assert_eq!(
            at("now"),
            DateBound::DateTime(datetime!(2024-05-31 12:34:56.789 UTC))
        );
        // Below the millisecond, nothing is kept (the API has no use for it).
        let finer = when_at("now", datetime!(2024-05-31 12:34:56.789_999 UTC)).unwrap();
        assert_eq!(
            finer,
            DateBound::DateTime(datetime!(2024-05-31 12:34:56.789 UTC))
        );
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
        ] {
            let err = when_at(bad, NOW).unwrap_err();
            assert!(err.contains("30d"), "{bad}: {err}");
        }
    }
}
