//! Parsing the ISO 8601 dates official clients send. Hand-written because they vary more
//! than RFC 3339 allows (`+0900` offsets, PHP's `.32400Z`, Java dropping `:00` seconds).

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// Parses `YYYY-MM-DDTHH:MM[:SS[.fraction]]<zone>`, where the fraction has 1 to 9 digits
/// and the zone is `Z`, `±HH:MM` or `±HHMM`. `T` and `Z` may be lowercase.
///
/// One non-standard form is read on purpose: the official PHP SDK formats the date with
/// PHP's `date("Y-m-d\TH:i:s.Z\Z")` in `Asia/Seoul`, where `Z` is the UTC offset in
/// seconds. Its dates therefore read `2019-07-01T09:41:48.32400Z`: Seoul wall time, a
/// "fraction" that is really `32400` seconds (+09:00), and a misleading `Z`. Taken
/// literally they would be nine hours in the future and always rejected, so a fraction
/// of exactly `32400` before `Z` is read as a +09:00 offset with no fraction.
pub(crate) fn parse_iso_date(text: &str) -> Result<OffsetDateTime, &'static str> {
    let mut c = Cursor::new(text);
    let year = c.digits(4, "year must have four digits")?;
    c.expect(b'-', "expected `-` after the year")?;
    let month = c.digits(2, "month must have two digits")?;
    c.expect(b'-', "expected `-` after the month")?;
    let day = c.digits(2, "day must have two digits")?;
    if !c.eat(b'T') && !c.eat(b't') {
        return Err("expected `T` between date and time");
    }
    let hour = c.digits(2, "hour must have two digits")?;
    c.expect(b':', "expected `:` after the hour")?;
    let minute = c.digits(2, "minute must have two digits")?;
    let mut second = 0;
    let mut fraction: Option<&str> = None;
    // java.time drops `:00` seconds entirely when seconds and nanoseconds are both zero.
    if c.eat(b':') {
        second = c.digits(2, "second must have two digits")?;
        if c.eat(b'.') {
            let digits = c.take_while(|b| b.is_ascii_digit());
            if digits.is_empty() {
                return Err("expected digits after `.`");
            }
            if digits.len() > 9 {
                return Err("fraction of a second has more than 9 digits");
            }
            fraction = Some(digits);
        }
    }

    let mut nanosecond = fraction.map_or(0, fraction_to_nanos);
    let offset = match c.next() {
        Some(b'Z' | b'z') if fraction == Some("32400") => {
            nanosecond = 0;
            UtcOffset::from_hms(9, 0, 0).map_err(|_| "invalid time zone offset")?
        }
        Some(b'Z' | b'z') => UtcOffset::UTC,
        Some(sign @ (b'+' | b'-')) => {
            let hours = c.digits(2, "offset hours must have two digits")?;
            c.eat(b':');
            let minutes = c.digits(2, "offset minutes must have two digits")?;
            if hours > 23 || minutes > 59 {
                return Err("invalid time zone offset");
            }
            let (h, m) = (i8::try_from(hours), i8::try_from(minutes));
            let (Ok(h), Ok(m)) = (h, m) else {
                return Err("invalid time zone offset");
            };
            let (h, m) = if sign == b'-' { (-h, -m) } else { (h, m) };
            UtcOffset::from_hms(h, m, 0).map_err(|_| "invalid time zone offset")?
        }
        Some(_) => return Err("expected `Z`, `+hh:mm` or `-hh:mm` time zone"),
        None => return Err("missing time zone (`Z` or an offset)"),
    };
    if !c.at_end() {
        return Err("unexpected characters after the time zone");
    }

    let month = u8::try_from(month)
        .ok()
        .and_then(|m| Month::try_from(m).ok())
        .ok_or("month out of range")?;
    let year = i32::try_from(year).map_err(|_| "year out of range")?;
    let day = u8::try_from(day).map_err(|_| "day out of range")?;
    let date = Date::from_calendar_date(year, month, day).map_err(|_| "no such calendar day")?;
    let (Ok(hour), Ok(minute), Ok(second)) = (
        u8::try_from(hour),
        u8::try_from(minute),
        u8::try_from(second),
    ) else {
        return Err("time out of range");
    };
    let time =
        Time::from_hms_nano(hour, minute, second, nanosecond).map_err(|_| "time out of range")?;
    PrimitiveDateTime::new(date, time)
        .assume_offset(offset)
        .checked_to_offset(UtcOffset::UTC)
        .ok_or("date out of range")
}

fn fraction_to_nanos(digits: &str) -> u32 {
    // At most nine digits, checked by the caller: pad to nanoseconds.
    digits
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(9)
        .fold(0u32, |acc, b| acc * 10 + u32::from(b - b'0'))
}

struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Self { text, pos: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        Some(b)
    }

    fn eat(&mut self, expected: u8) -> bool {
        if self.peek() == Some(expected) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, expected: u8, error: &'static str) -> Result<(), &'static str> {
        if self.eat(expected) {
            Ok(())
        } else {
            Err(error)
        }
    }

    fn digits(&mut self, count: usize, error: &'static str) -> Result<u32, &'static str> {
        let mut value = 0u32;
        for _ in 0..count {
            match self.peek() {
                Some(b) if b.is_ascii_digit() => {
                    value = value * 10 + u32::from(b - b'0');
                    self.pos += 1;
                }
                _ => return Err(error),
            }
        }
        Ok(value)
    }

    fn take_while(&mut self, pred: impl Fn(u8) -> bool) -> &'a str {
        let start = self.pos;
        while self.peek().is_some_and(&pred) {
            self.pos += 1;
        }
        // Only ASCII bytes were consumed, so both ends are char boundaries.
        self.text.get(start..self.pos).unwrap_or_default()
    }

    fn at_end(&self) -> bool {
        self.pos >= self.text.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn accepted_forms() {
        let cases = [
            ("2019-07-01T00:41:48Z", datetime!(2019-07-01 00:41:48 UTC)),
            ("2019-07-01t00:41:48z", datetime!(2019-07-01 00:41:48 UTC)),
            (
                "2019-07-01T00:41:48.123Z",
                datetime!(2019-07-01 00:41:48.123 UTC),
            ),
            (
                "2019-07-01T09:41:48.123456+09:00",
                datetime!(2019-07-01 00:41:48.123456 UTC),
            ),
            (
                "2019-07-01T09:41:48.123456789+0900",
                datetime!(2019-07-01 00:41:48.123456789 UTC),
            ),
            (
                "2019-07-01T09:41:48.1+09:00",
                datetime!(2019-07-01 00:41:48.1 UTC),
            ),
            (
                "2019-06-30T20:41:48-04:00",
                datetime!(2019-07-01 00:41:48 UTC),
            ),
            ("2019-07-01T09:41+09:00", datetime!(2019-07-01 00:41:00 UTC)),
            (
                "2019-07-01T09:41:48.32400Z",
                datetime!(2019-07-01 00:41:48 UTC),
            ),
            (
                "2019-07-01T09:41:48.32401Z",
                datetime!(2019-07-01 09:41:48.32401 UTC),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_iso_date(text), Ok(expected), "{text}");
        }
    }

    #[test]
    fn rejected_forms() {
        for text in [
            "",
            "2019-07-01",
            "2019-07-01T00:41:48",
            "2019-07-01 00:41:48Z",
            "19-07-01T00:41:48Z",
            "2019-13-01T00:41:48Z",
            "2019-02-29T00:41:48Z",
            "2019-07-01T24:00:00Z",
            "2019-07-01T00:41:60Z",
            "2019-07-01T00:41:48.Z",
            "2019-07-01T00:41:48.1234567890Z",
            "2019-07-01T00:41:48+24:00",
            "2019-07-01T00:41:48+09:60",
            "2019-07-01T00:41:48+9:00",
            "2019-07-01T00:41:48ZZ",
            "2019-07-01T00:41:48+09:00[Asia/Seoul]",
            "9999-12-31T23:59:59-23:59",
        ] {
            assert!(parse_iso_date(text).is_err(), "{text}");
        }
    }
}
