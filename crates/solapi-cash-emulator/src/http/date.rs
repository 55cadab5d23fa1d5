//! The `Date` response header, from the emulator's clock.

use axum::http::HeaderValue;
use time::macros::format_description;
use time::{OffsetDateTime, UtcOffset};

/// `Sun, 06 Nov 1994 08:49:37 GMT` (RFC 9110's IMF-fixdate).
pub(crate) fn http_date(t: OffsetDateTime) -> Option<HeaderValue> {
    let format = format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    let text = t.checked_to_offset(UtcOffset::UTC)?.format(format).ok()?;
    HeaderValue::from_str(&text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imf_fixdate() {
        let t = time::macros::datetime!(1994-11-06 17:49:37 +09:00);
        assert_eq!(http_date(t).unwrap(), "Sun, 06 Nov 1994 08:49:37 GMT");
    }
}
