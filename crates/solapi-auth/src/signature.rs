//! The signing rule itself: HMAC(key = secret, message = date + salt), as lowercase hex,
//! and the date format we send. Pure functions, no clock, no randomness.

use hmac::{Hmac, Mac};
use time::OffsetDateTime;

use crate::secret::Secret;

/// The HMAC algorithms the API accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
    let key = secret.expose_secret().as_bytes();
    let mac = match algorithm {
        Algorithm::HmacSha256 => compute::<Hmac<sha2::Sha256>>(key, date, salt),
        Algorithm::HmacMd5 => compute::<Hmac<md5::Md5>>(key, date, salt),
    };
    to_hex(&mac)
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
        Algorithm::HmacSha256 => keyed::<Hmac<sha2::Sha256>>(key, date, salt)
            .verify_slice(expected_mac)
            .is_ok(),
        Algorithm::HmacMd5 => keyed::<Hmac<md5::Md5>>(key, date, salt)
            .verify_slice(expected_mac)
            .is_ok(),
    }
}

fn keyed<M: Mac + hmac::digest::KeyInit>(key: &[u8], date: &str, salt: &str) -> M {
    let mut mac = match <M as hmac::digest::KeyInit>::new_from_slice(key) {
        Ok(mac) => mac,
        // HMAC hashes or pads keys of any length, so new_from_slice cannot fail for it.
        Err(_) => unreachable!("HMAC accepts keys of any length"),
    };
    // Feeding the two parts in turn is the same as hashing their concatenation.
    mac.update(date.as_bytes());
    mac.update(salt.as_bytes());
    mac
}

fn compute<M: Mac + hmac::digest::KeyInit>(key: &[u8], date: &str, salt: &str) -> Vec<u8> {
    keyed::<M>(key, date, salt).finalize().into_bytes().to_vec()
}

fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
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
    // Converting to UTC cannot leave the supported range by more than a day; at the very
    // edge of year ±9999 we keep the value's own offset rather than panic.
    let utc = t.checked_to_offset(time::UtcOffset::UTC).unwrap_or(t);
    let year = utc.year();
    // toISOString writes years outside 0..=9999 with a sign and six digits.
    let year_text = if (0..=9999).contains(&year) {
        format!("{year:04}")
    } else if year < 0 {
        format!("-{:06}", year.unsigned_abs())
    } else {
        format!("+{year:06}")
    };
    format!(
        "{year_text}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        u8::from(utc.month()),
        utc.day(),
        utc.hour(),
        utc.minute(),
        utc.second(),
        utc.millisecond()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn hex_round_trip_accepts_both_cases() {
        assert_eq!(from_hex("00ffAb"), Some(vec![0x00, 0xff, 0xab]));
        assert_eq!(to_hex(&[0x00, 0xff, 0xab]), "00ffab");
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
