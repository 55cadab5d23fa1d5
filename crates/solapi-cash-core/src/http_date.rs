//! The HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`) of the `Date` and `Retry-After` headers:
//! the one formatter and parser of the workspace (the emulator writes its `Date` with it).

use time::OffsetDateTime;
use time::macros::format_description;

const HTTP_DATE: &[time::format_description::FormatItem<'static>] = format_description!(
    "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
);

/// Parses an HTTP date in the IMF-fixdate form (RFC 9110 §5.6.7), the form servers send.
pub fn parse_http_date(value: &str) -> Option<OffsetDateTime> {
    time::PrimitiveDateTime::parse(value.trim(), HTTP_DATE)
        .ok()
        .map(time::PrimitiveDateTime::assume_utc)
}

/// Formats an HTTP date (IMF-fixdate, UTC, truncated to the second).
pub fn format_http_date(at: OffsetDateTime) -> String {
    at.to_offset(time::UtcOffset::UTC)
        .format(HTTP_DATE)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn round_trips_the_rfc_example() {
        // The example of RFC 9110 §5.6.7.
        let at = datetime!(1994-11-06 08:49:37 UTC);
        assert_eq!(format_http_date(at), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(parse_http_date(" Sun, 06 Nov 1994 08:49:37 GMT "), Some(at));
        assert_eq!(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), None);
        let offset = datetime!(1994-11-06 17:49:37.250 +09:00);
        assert_eq!(format_http_date(offset), "Sun, 06 Nov 1994 08:49:37 GMT");
    }
}
