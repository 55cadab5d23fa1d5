//! [`Timestamp`]: an instant as the API wrote it.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, UtcOffset};

/// A point in time from the API (`dateCreated`), with the exact text it was written as.
///
/// The instant is a real date-time for comparisons and arithmetic; the text is kept so that
/// what the API wrote (`2018-04-01T10:00:00.000Z`) is written back unchanged. Ordering,
/// equality and hashing are by instant.
///
/// ```
/// use solapi_cash_types::Timestamp;
///
/// let t = Timestamp::parse("2018-04-01T19:00:00.000+09:00")?;
/// assert_eq!(t.as_str(), "2018-04-01T19:00:00.000+09:00");
/// assert_eq!(t, Timestamp::parse("2018-04-01T10:00:00Z")?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Timestamp {
    at: OffsetDateTime,
    text: Text,
}

/// The text of a [`Timestamp`]: the API's own 24-byte form inline (no allocation for the
/// `dateCreated` of every history entry), anything else on the heap.
#[derive(Clone)]
enum Text {
    Api([u8; 24]),
    Other(Box<str>),
}

impl Text {
    fn new(text: &str) -> Text {
        match text.as_bytes().try_into() {
            Ok(bytes) => Text::Api(bytes),
            Err(_) => Text::Other(text.into()),
        }
    }

    fn as_str(&self) -> &str {
        match self {
            // Only ever filled from a `&str`, so always UTF-8.
            Text::Api(bytes) => std::str::from_utf8(bytes).unwrap_or_default(),
            Text::Other(text) => text,
        }
    }
}

/// The text is not an RFC 3339 date-time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an ISO 8601 date-time such as 2024-05-01T09:30:00.000Z")]
pub struct TimestampError;

/// `2018-04-01T10:00:00.000Z`: UTC, milliseconds, `Z`, as the API writes dates.
const API_FORMAT: &[time::format_description::FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");

impl Timestamp {
    /// The instant, written the way the API writes dates (UTC, milliseconds, `Z`).
    /// Precision below a millisecond is dropped, so that the text and the instant agree.
    pub fn from_datetime(at: OffsetDateTime) -> Timestamp {
        let at = at.to_offset(UtcOffset::UTC);
        let at = at
            .replace_nanosecond(at.nanosecond() / 1_000_000 * 1_000_000)
            .unwrap_or(at);
        Timestamp {
            at,
            text: Text::new(&format_api(at)),
        }
    }

    /// Parses an RFC 3339 date-time; offsets written `+0900` are accepted too.
    pub fn parse(text: &str) -> Result<Timestamp, TimestampError> {
        Ok(Timestamp {
            at: parse_datetime(text)?,
            text: Text::new(text),
        })
    }

    /// The instant.
    pub fn datetime(&self) -> OffsetDateTime {
        self.at
    }

    /// The text as the API wrote it.
    pub fn as_str(&self) -> &str {
        self.text.as_str()
    }
}

/// Formats an instant in the API's style (UTC, milliseconds, `Z`).
pub(crate) fn format_api(at: OffsetDateTime) -> String {
    let at = at.to_offset(UtcOffset::UTC);
    // Years outside 0..=9999 cannot be written in this format; they never come from the API
    // and fall back to RFC 3339's own (still parseable) rendering.
    at.format(API_FORMAT)
        .or_else(|_| at.format(&Rfc3339))
        .unwrap_or_default()
}

/// The API's own form, `2018-04-01T10:00:00.000Z`, read directly: the general RFC 3339
/// parser costs several times more, once per history entry. `None` for any other text
/// (or an invalid date), which the general parser then handles.
fn parse_api_format(text: &str) -> Option<OffsetDateTime> {
    let b: &[u8; 24] = text.as_bytes().try_into().ok()?;
    let punctuation = [
        (4, b'-'),
        (7, b'-'),
        (10, b'T'),
        (13, b':'),
        (16, b':'),
        (19, b'.'),
        (23, b'Z'),
    ];
    if punctuation.iter().any(|&(i, c)| b[i] != c) {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u16> {
        b[range].iter().try_fold(0u16, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u16::from(d - b'0'))
        })
    };
    let date = time::Date::from_calendar_date(
        i32::from(number(0..4)?),
        time::Month::try_from(u8::try_from(number(5..7)?).ok()?).ok()?,
        u8::try_from(number(8..10)?).ok()?,
    )
    .ok()?;
    let time = time::Time::from_hms_milli(
        u8::try_from(number(11..13)?).ok()?,
        u8::try_from(number(14..16)?).ok()?,
        u8::try_from(number(17..19)?).ok()?,
        number(20..23)?,
    )
    .ok()?;
    Some(time::PrimitiveDateTime::new(date, time).assume_utc())
}

/// RFC 3339, plus the `+hhmm` offset form that some clients write.
pub(crate) fn parse_datetime(text: &str) -> Result<OffsetDateTime, TimestampError> {
    if let Some(t) = parse_api_format(text) {
        return Ok(t);
    }
    if let Ok(t) = OffsetDateTime::parse(text, &Rfc3339) {
        return Ok(t);
    }
    // `...+0900` → `...+09:00`
    let bytes = text.as_bytes();
    let n = bytes.len();
    if n > 5
        && matches!(bytes[n - 5], b'+' | b'-')
        && bytes[n - 4..].iter().all(u8::is_ascii_digit)
        && text.is_char_boundary(n - 2)
    {
        let fixed = format!("{}:{}", &text[..n - 2], &text[n - 2..]);
        return OffsetDateTime::parse(&fixed, &Rfc3339).map_err(|_| TimestampError);
    }
    Err(TimestampError)
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({})", self.as_str())
    }
}

impl PartialEq for Timestamp {
    fn eq(&self, other: &Timestamp) -> bool {
        self.at == other.at
    }
}

impl Eq for Timestamp {}

impl Ord for Timestamp {
    fn cmp(&self, other: &Timestamp) -> Ordering {
        self.at.cmp(&other.at)
    }
}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Timestamp) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Hash for Timestamp {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.at.hash(state);
    }
}

impl From<OffsetDateTime> for Timestamp {
    fn from(at: OffsetDateTime) -> Timestamp {
        Timestamp::from_datetime(at)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an ISO 8601 date-time string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Timestamp, E> {
                Timestamp::parse(v).map_err(|e| E::custom(format_args!("{e}")))
            }
        }
        d.deserialize_str(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn round_trips_the_text_and_compares_by_instant() {
        for text in [
            "2018-04-01T10:00:00.000Z",
            "2018-04-01T10:00:00Z",
            "2018-04-01T19:00:00.000000+09:00",
            "2018-04-01T19:00:00.123456789+0900",
        ] {
            let t: Timestamp = serde_json::from_str(&format!("{text:?}")).unwrap();
            assert_eq!(serde_json::to_string(&t).unwrap(), format!("{text:?}"));
            assert_eq!(t.datetime().unix_timestamp(), 1_522_576_800, "{text}");
        }
    }

    #[test]
    fn formats_like_the_api() {
        let t = Timestamp::from_datetime(datetime!(2024-05-01 09:30:00.123_456 +09:00));
        assert_eq!(t.as_str(), "2024-05-01T00:30:00.123Z");
        assert_eq!(Timestamp::parse(t.as_str()).unwrap(), t);
    }

    #[test]
    fn the_api_format_shortcut_agrees_with_rfc3339() {
        // Every text the shortcut reads, it reads as the general parser does; it declines
        // (and the general parser decides) anything else.
        let mut t = datetime!(1970-01-01 00:00:00 UTC);
        for _ in 0..5_000 {
            let text = format_api(t);
            assert_eq!(parse_api_format(&text), Some(t), "{text}");
            assert_eq!(
                OffsetDateTime::parse(&text, &Rfc3339).ok(),
                Some(t),
                "{text}"
            );
            t += time::Duration::milliseconds(3_717_000_123);
        }
        for text in [
            "2018-04-01T10:00:00.000z",
            "2018-04-01t10:00:00.000Z",
            "2018-02-30T10:00:00.000Z",
            "2018-04-01T24:00:00.000Z",
            "2016-12-31T23:59:60.000Z",
            "2018-04-01T10:00:00.0000",
            "+018-04-01T10:00:00.000Z",
        ] {
            assert_eq!(parse_api_format(text), None, "{text}");
            assert_eq!(
                Timestamp::parse(text).ok().map(|t| t.datetime()),
                OffsetDateTime::parse(text, &Rfc3339).ok(),
                "{text}"
            );
        }
    }

    #[test]
    fn rejects_non_dates() {
        for text in [
            "",
            "2018-04-01",
            "yesterday",
            "2018-13-01T00:00:00Z",
            "2018-04-01T10:00:00+09",
        ] {
            assert!(Timestamp::parse(text).is_err(), "{text}");
        }
    }
}
