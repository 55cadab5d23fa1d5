//! The signing rule itself: HMAC(key = secret, message = date + salt), as lowercase hex,
//! and the date format we send. Pure functions, no clock, no randomness.

use hmac::{Hmac, Mac};
use time::OffsetDateTime;

use crate::secret::Secret;

/// The HMAC algorithms the API accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Algorithm {
    /// `HMAC-SHA256`: what every official SDK sends, and what we send.
    HmacSha256,
    /// `HMAC-MD5`: allowed by the documentation; accepted by the verifier.
    HmacMd5,
}

impl Algorithm {
    /// The scheme name in the `Authorization` header: `"HMAC-SHA256"` or `"HMAC-MD5"`.
    ///
    /// ```
    /// assert_eq!(solapi_auth::Algorithm::HmacSha256.scheme(), "HMAC-SHA256");
    /// ```
    pub fn scheme(self) -> &'static str {
        match self {
            Algorithm::HmacSha256 => "HMAC-SHA256",
            Algorithm::HmacMd5 => "HMAC-MD5",
        }
    }

    /// The algorithm named by a header scheme, compared case-insensitively.
    ///
    /// ```
    /// use solapi_auth::Algorithm;
    /// assert_eq!(Algorithm::from_scheme("hmac-md5"), Some(Algorithm::HmacMd5));
    /// assert_eq!(Algorithm::from_scheme("Bearer"), None);
    /// ```
    pub fn from_scheme(scheme: &str) -> Option<Self> {
        [Algorithm::HmacSha256, Algorithm::HmacMd5]
            .into_iter()
            .find(|a| a.scheme().eq_ignore_ascii_case(scheme))
    }

    /// Length of the MAC in bytes (32 for SHA-256, 16 for MD5).
    pub fn mac_len(self) -> usize {
        match self {
            Algorithm::HmacSha256 => 32,
            Algorithm::HmacMd5 => 16,
        }
    }
}

/// Signs one request: lowercase hex of HMAC(key = secret, message = `date` + `salt`).
///
/// `date` is signed exactly as it appears in the header (no reformatting), which is why
/// the verifier keeps the date's original text.
///
/// ```
/// use solapi_auth::{sign, Algorithm, Secret};
///
/// let signature = sign(Algorithm::HmacSha256, &Secret::new("secret"),
///                      "2019-07-01T00:41:48.000Z", "jqsba2jxjnrjor");
/// assert_eq!(signature.len(), 64);
/// assert!(signature.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
/// ```
pub fn sign(algorithm: Algorithm, secret: &Secret, date: &str, salt: &str) -> String {
    let hex = signature_hex(algorithm, secret, date.as_bytes(), salt.as_bytes());
    ascii_string(hex.as_bytes())
}

/// The signature as lowercase hex, on the stack: [`sign`] without the allocation.
pub(crate) fn signature_hex(
    algorithm: Algorithm,
    secret: &Secret,
    date: &[u8],
    salt: &[u8],
) -> Hex {
    let key = secret.expose_secret().as_bytes();
    match algorithm {
        Algorithm::HmacSha256 => Hex::new(
            &keyed::<Hmac<sha2::Sha256>>(key, date, salt)
                .finalize()
                .into_bytes(),
        ),
        Algorithm::HmacMd5 => Hex::new(
            &keyed::<Hmac<md5::Md5>>(key, date, salt)
                .finalize()
                .into_bytes(),
        ),
    }
}

/// A `String` of text this crate wrote byte by byte (hex, dates, salts): always ASCII, so
/// the check cannot fail; were it ever to, the result would be empty, never unchecked.
pub(crate) fn ascii_string(bytes: &[u8]) -> String {
    std::str::from_utf8(bytes)
        .map(str::to_owned)
        .unwrap_or_default()
}

/// Lowercase hex of a MAC of at most 32 bytes.
pub(crate) struct Hex {
    buf: [u8; 64],
    len: usize,
}

impl Hex {
    fn new(bytes: &[u8]) -> Hex {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut hex = Hex {
            buf: [0; 64],
            len: 0,
        };
        let mut len = 0;
        for (&b, pair) in bytes.iter().zip(hex.buf.chunks_exact_mut(2)) {
            pair[0] = DIGITS[usize::from(b >> 4)];
            pair[1] = DIGITS[usize::from(b & 0x0f)];
            len += 2;
        }
        hex.len = len;
        hex
    }

    /// The ASCII hex digits.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

/// Checks `expected_mac` (raw bytes, already decoded from hex) in constant time.
pub(crate) fn verify_mac(
    algorithm: Algorithm,
    secret: &Secret,
    date: &str,
    salt: &str,
    expected_mac: &[u8],
) -> bool {
    let key = secret.expose_secret().as_bytes();
    match algorithm {
        Algorithm::HmacSha256 => keyed::<Hmac<sha2::Sha256>>(key, date.as_bytes(), salt.as_bytes())
            .verify_slice(expected_mac)
            .is_ok(),
        Algorithm::HmacMd5 => keyed::<Hmac<md5::Md5>>(key, date.as_bytes(), salt.as_bytes())
            .verify_slice(expected_mac)
            .is_ok(),
    }
}

fn keyed<M: Mac + hmac::digest::KeyInit>(key: &[u8], date: &[u8], salt: &[u8]) -> M {
    let mut mac = match <M as hmac::digest::KeyInit>::new_from_slice(key) {
        Ok(mac) => mac,
        // HMAC hashes or pads keys of any length, so new_from_slice cannot fail for it.
        Err(_) => unreachable!("HMAC accepts keys of any length"),
    };
    // Feeding the two parts in turn is the same as hashing their concatenation.
    mac.update(date);
    mac.update(salt);
    mac
}

/// Decodes hex of either case; `None` on odd length or a non-hex character.
pub(crate) fn from_hex(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    bytes
        .chunks_exact(2)
        .map(|pair| Some((hex_value(pair[0])? << 4) | hex_value(pair[1])?))
        .collect()
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Formats the request date as we send it: UTC, milliseconds, `Z`
/// (`2019-07-01T00:41:48.123Z`), the form of JavaScript's `Date.prototype.toISOString`.
///
/// ```
/// use time::macros::datetime;
///
/// let t = datetime!(2019-07-01 09:41:48.123456 +09:00);
/// assert_eq!(solapi_auth::format_date(t), "2019-07-01T00:41:48.123Z");
/// ```
pub fn format_date(t: OffsetDateTime) -> String {
    ascii_string(DateText::new(t).as_bytes())
}

/// The text of [`format_date`], on the stack. The longest form, `+yyyyyy-mm-ddThh:mm:ss.mmmZ`,
/// is 27 bytes.
pub(crate) struct DateText {
    buf: [u8; 27],
    len: usize,
}

impl DateText {
    /// The text for `ms` milliseconds after 1970-01-01T00:00:00Z, computed with integers
    /// only (days to year, month and day by Howard Hinnant's `civil_from_days`): the
    /// signer's way around `time`'s conversions, on every request. `None` before 1970 or
    /// after year 9999, where [`DateText::new`] takes over.
    pub(crate) fn from_unix_ms(ms: i64) -> Option<DateText> {
        const MS_PER_DAY: i64 = 86_400_000;
        if ms < 0 {
            return None;
        }
        let days = ms / MS_PER_DAY;
        let ms_of_day = u32::try_from(ms % MS_PER_DAY).ok()?;
        // civil_from_days, for days >= 0 (so the era is never negative).
        let z = days + 719_468;
        let era = z / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = u32::try_from(doy - (153 * mp + 2) / 5 + 1).ok()?;
        let month = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).ok()?;
        let year = u32::try_from(yoe + era * 400 + i64::from(month <= 2)).ok()?;
        if year > 9999 {
            return None;
        }
        let mut text = DateText {
            buf: [0; 27],
            len: 0,
        };
        text.digits(year, 4);
        text.push(b'-');
        text.digits(month, 2);
        text.push(b'-');
        text.digits(day, 2);
        text.push(b'T');
        text.digits(ms_of_day / 3_600_000, 2);
        text.push(b':');
        text.digits(ms_of_day / 60_000 % 60, 2);
        text.push(b':');
        text.digits(ms_of_day / 1_000 % 60, 2);
        text.push(b'.');
        text.digits(ms_of_day % 1_000, 3);
        text.push(b'Z');
        Some(text)
    }

    pub(crate) fn new(t: OffsetDateTime) -> DateText {
        // Converting to UTC cannot leave the supported range by more than a day; at the very
        // edge of year ±9999 we keep the value's own offset rather than panic.
        let utc = t.checked_to_offset(time::UtcOffset::UTC).unwrap_or(t);
        let (year, month, day) = utc.to_calendar_date();
        let (hour, minute, second, milli) = utc.to_hms_milli();
        let mut text = DateText {
            buf: [0; 27],
            len: 0,
        };
        // toISOString writes years outside 0..=9999 with a sign and six digits.
        if (0..=9999).contains(&year) {
            text.digits(year.unsigned_abs(), 4);
        } else {
            text.push(if year < 0 { b'-' } else { b'+' });
            text.digits(year.unsigned_abs(), 6);
        }
        text.push(b'-');
        text.digits(u32::from(u8::from(month)), 2);
        text.push(b'-');
        text.digits(u32::from(day), 2);
        text.push(b'T');
        text.digits(u32::from(hour), 2);
        text.push(b':');
        text.digits(u32::from(minute), 2);
        text.push(b':');
        text.digits(u32::from(second), 2);
        text.push(b'.');
        text.digits(u32::from(milli), 3);
        text.push(b'Z');
        text
    }

    fn push(&mut self, b: u8) {
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = b;
            self.len += 1;
        }
    }

    /// `value` in exactly `width` decimal digits (it never has more).
    fn digits(&mut self, mut value: u32, width: usize) {
        let end = (self.len + width).min(self.buf.len());
        for slot in self.buf[self.len..end].iter_mut().rev() {
            // value % 10 is below 10, so the cast keeps it whole.
            *slot = b'0' + (value % 10) as u8;
            value /= 10;
        }
        self.len = end;
    }

    /// The ASCII text.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn hex_round_trip_accepts_both_cases() {
        assert_eq!(from_hex("00ffAb"), Some(vec![0x00, 0xff, 0xab]));
        assert_eq!(Hex::new(&[0x00, 0xff, 0xab]).as_bytes(), b"00ffab");
        assert_eq!(from_hex("abc"), None);
        assert_eq!(from_hex("zz"), None);
    }

    #[test]
    fn format_date_truncates_to_milliseconds_in_utc() {
        assert_eq!(
            format_date(datetime!(2024-02-29 23:59:59.999999999 -01:00)),
            "2024-03-01T00:59:59.999Z"
        );
        assert_eq!(
            format_date(datetime!(0001-01-01 00:00:00 UTC)),
            "0001-01-01T00:00:00.000Z"
        );
        assert_eq!(
            format_date(datetime!(9999-12-31 23:59:59.5 UTC)),
            "9999-12-31T23:59:59.500Z"
        );
    }

    #[test]
    fn the_integer_date_agrees_with_the_calendar_one() {
        // Leap days, century rules (1900 is not a leap year in the range below 1970, 2000
        // and 2400 are, 2100 is not), month and year ends, the last supported instant.
        let edges = [
            datetime!(1970-01-01 00:00:00 UTC),
            datetime!(2000-02-29 23:59:59.999 UTC),
            datetime!(2100-02-28 23:59:59.999 UTC),
            datetime!(2100-03-01 00:00:00 UTC),
            datetime!(2400-02-29 12:00:00.5 UTC),
            datetime!(2024-12-31 23:59:59.999 UTC),
            datetime!(9999-12-31 23:59:59.999 UTC),
        ];
        let mut instants = edges.to_vec();
        let mut t = datetime!(1970-01-01 00:00:00 UTC);
        while t.year() < 9999 {
            instants.push(t);
            t += time::Duration::milliseconds(1_234_567_891);
        }
        for t in instants {
            let ms = i64::try_from(t.unix_timestamp_nanos().div_euclid(1_000_000)).unwrap();
            let fast = DateText::from_unix_ms(ms).map(|d| d.as_bytes().to_vec());
            assert_eq!(fast.as_deref(), Some(DateText::new(t).as_bytes()), "{t}");
        }
        assert!(DateText::from_unix_ms(-1).is_none());
        let after_9999 = datetime!(9999-12-31 23:59:59.999 UTC).unix_timestamp() * 1000 + 1000;
        assert!(DateText::from_unix_ms(after_9999).is_none());
    }

    #[test]
    fn format_date_agrees_with_the_time_crate_over_many_instants() {
        // Independent reference: the `time` crate's own formatter, at a step that visits
        // every month, leap days and all digit positions.
        let reference = time::macros::format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
        );
        let mut t = datetime!(1999-12-31 23:59:59.987 UTC);
        for _ in 0..20_000 {
            assert_eq!(format_date(t), t.format(&reference).unwrap());
            t += time::Duration::milliseconds(3_717_000_123);
        }
    }

    #[test]
    fn verify_mac_matches_sign() {
        let secret = Secret::new("k");
        for algorithm in [Algorithm::HmacSha256, Algorithm::HmacMd5] {
            let hex = sign(algorithm, &secret, "d", "s");
            assert_eq!(hex.len(), algorithm.mac_len() * 2);
            let mac = from_hex(&hex).unwrap();
            assert!(verify_mac(algorithm, &secret, "d", "s", &mac));
            assert!(!verify_mac(algorithm, &secret, "d", "t", &mac));
            assert!(!verify_mac(algorithm, &secret, "d", "s", &mac[1..]));
        }
    }
}
