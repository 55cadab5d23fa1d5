//! Reading an `Authorization` header on the server side, in every form the official
//! clients send. The rules are listed in `docs/signing.md`.

use std::fmt;

use time::OffsetDateTime;

use crate::header_error::HeaderError;
use crate::iso_date::parse_iso_date;
use crate::salt::validate_salt;
use crate::secret::{REDACTED, Secret};
use crate::signature::{Algorithm, from_hex};

/// Longest `Authorization` header accepted, in bytes. Real headers are under 250 bytes;
/// the cap bounds the work an attacker can cause.
pub const MAX_HEADER_LEN: usize = 4096;
/// Longest `apiKey` value accepted.
pub const MAX_API_KEY_LEN: usize = 128;
/// Longest `date` value accepted.
pub const MAX_DATE_LEN: usize = 64;
const MAX_SIGNATURE_LEN: usize = 128;
/// Field names longer than this are not echoed in errors: they may be a pasted token.
const MAX_ECHOED_NAME_LEN: usize = 16;

/// A parsed `Authorization` header.
///
/// Exhaustive on purpose, as [`Credentials`](crate::Credentials): a new form is a breaking
/// change for every server, which must verify it, not pass it over by a wildcard arm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParsedAuthorization {
    /// `HMAC-SHA256 …` or `HMAC-MD5 …`: an API key signature, to check with
    /// [`Verifier::verify`](crate::Verifier::verify).
    Hmac(HmacAuthorization),
    /// `Bearer <token>`: an OAuth2 access token.
    Bearer(BearerToken),
}

/// The fields of an HMAC `Authorization` header.
///
/// `Debug` leaves out the signature: a logged, not yet used signature could be replayed.
#[derive(Clone, PartialEq, Eq)]
pub struct HmacAuthorization {
    /// The scheme's algorithm.
    pub algorithm: Algorithm,
    /// The `apiKey` field.
    pub api_key: String,
    /// The `date` field as an instant (in UTC).
    pub date: OffsetDateTime,
    /// The `date` field exactly as received: this text, not `date`, is what was signed.
    pub date_text: String,
    /// The `salt` field.
    pub salt: String,
    /// The `signature` field, normalised to lowercase hex of the algorithm's length.
    pub signature: String,
}

impl fmt::Debug for HmacAuthorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HmacAuthorization")
            .field("algorithm", &self.algorithm)
            .field("api_key", &self.api_key)
            .field("date", &self.date)
            .field("date_text", &self.date_text)
            .field("salt", &self.salt)
            .field("signature", &format_args!("{REDACTED:?}"))
            .finish()
    }
}

/// An OAuth2 bearer token read from a header. `Debug` prints `** redacted **`.
#[derive(Clone, PartialEq, Eq)]
pub struct BearerToken(Secret);

impl BearerToken {
    /// The token.
    pub fn secret(&self) -> &Secret {
        &self.0
    }
}

impl fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("BearerToken").field(&self.0).finish()
    }
}

/// Parses an `Authorization` header value.
///
/// Accepts the variations official clients send: scheme and field names in any case,
/// optional spaces around `,` and `=`, fields in any order, ISO 8601 dates with 0 to 9
/// fraction digits and `Z`, `±hh:mm` or `±hhmm`, salts of 12 to 64 characters, hex
/// signatures in either case.
///
/// ```
/// use solapi_auth::{parse_authorization, Algorithm, ParsedAuthorization};
///
/// let parsed = parse_authorization(
///     "HMAC-SHA256 ApiKey=NCSAYU7YDBXYORXC, Date=2019-07-01T09:41:48.123456+09:00, salt=jqsba2jxjnrjor, \
///      signature=1779eac71a24cbeeadfa7263cb84b7ea0af1714f5c0270aa30ffd34600e363b4",
/// )?;
/// let ParsedAuthorization::Hmac(auth) = parsed else { unreachable!() };
/// assert_eq!(auth.algorithm, Algorithm::HmacSha256);
/// assert_eq!(auth.api_key, "NCSAYU7YDBXYORXC");
/// assert_eq!(auth.date, time::macros::datetime!(2019-07-01 00:41:48.123456 UTC));
///
/// let err = parse_authorization("HMAC-SHA256 apiKey=K, date=2019-07-01T00:41:48Z").unwrap_err();
/// assert_eq!(err.to_string(), "missing field `salt`");
/// # Ok::<(), solapi_auth::HeaderError>(())
/// ```
///
/// # Errors
/// A [`HeaderError`] naming the first problem found.
pub fn parse_authorization(value: &str) -> Result<ParsedAuthorization, HeaderError> {
    if value.len() > MAX_HEADER_LEN {
        return Err(HeaderError::TooLong {
            len: value.len(),
            max: MAX_HEADER_LEN,
        });
    }
    if let Some(position) = value.bytes().position(|b| !is_header_byte(b)) {
        return Err(HeaderError::InvalidCharacter { position });
    }
    let value = value.trim_matches(is_ows);
    if value.is_empty() {
        return Err(HeaderError::Empty);
    }
    let (scheme, rest) = match value.find(is_ows) {
        Some(i) => (&value[..i], value[i..].trim_matches(is_ows)),
        None => (value, ""),
    };
    if scheme.eq_ignore_ascii_case("bearer") {
        return parse_bearer(rest).map(ParsedAuthorization::Bearer);
    }
    let algorithm = Algorithm::from_scheme(scheme).ok_or(HeaderError::UnknownScheme)?;
    parse_hmac_fields(algorithm, rest).map(ParsedAuthorization::Hmac)
}

fn parse_bearer(token: &str) -> Result<BearerToken, HeaderError> {
    if token.is_empty() {
        return Err(HeaderError::EmptyBearerToken);
    }
    if token.contains(is_ows) {
        return Err(HeaderError::InvalidBearerToken);
    }
    Ok(BearerToken(Secret::new(token)))
}

#[derive(Clone, Copy)]
enum Field {
    ApiKey,
    Date,
    Salt,
    Signature,
}

impl Field {
    const ALL: [Field; 4] = [Field::ApiKey, Field::Date, Field::Salt, Field::Signature];

    fn name(self) -> &'static str {
        match self {
            Field::ApiKey => "apiKey",
            Field::Date => "date",
            Field::Salt => "salt",
            Field::Signature => "signature",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

fn parse_hmac_fields(algorithm: Algorithm, rest: &str) -> Result<HmacAuthorization, HeaderError> {
    let mut values: [Option<&str>; 4] = [None; 4];
    if !rest.is_empty() {
        for (i, part) in rest.split(',').enumerate() {
            let position = i + 1;
            let part = part.trim_matches(is_ows);
            if part.is_empty() {
                return Err(HeaderError::EmptyField { position });
            }
            let (name, value) = part
                .split_once('=')
                .ok_or(HeaderError::MalformedField { position })?;
            let (name, value) = (name.trim_matches(is_ows), value.trim_matches(is_ows));
            let field = Field::ALL
                .into_iter()
                .find(|f| f.name().eq_ignore_ascii_case(name))
                .ok_or_else(|| HeaderError::UnknownField {
                    name: echoable_name(name),
                })?;
            let slot = &mut values[field.index()];
            if slot.is_some() {
                return Err(HeaderError::DuplicatedField {
                    field: field.name(),
                });
            }
            if value.is_empty() {
                return Err(HeaderError::EmptyValue {
                    field: field.name(),
                });
            }
            if value.contains(is_ows) {
                return Err(HeaderError::WhitespaceInValue {
                    field: field.name(),
                });
            }
            *slot = Some(value);
        }
    }
    let [api_key, date, salt, signature] =
        Field::ALL.map(|f| values[f.index()].ok_or(HeaderError::MissingField { field: f.name() }));
    let (api_key, date_text, salt, signature) = (api_key?, date?, salt?, signature?);

    check_len(Field::ApiKey, api_key, MAX_API_KEY_LEN)?;
    check_len(Field::Date, date_text, MAX_DATE_LEN)?;
    let date = parse_iso_date(date_text).map_err(|reason| HeaderError::InvalidDate {
        date: echoable_date(date_text),
        reason,
    })?;
    validate_salt(salt)?;
    check_len(Field::Signature, signature, MAX_SIGNATURE_LEN)?;
    let Some(mac) = from_hex(signature) else {
        return Err(HeaderError::InvalidSignature {
            reason: "not hexadecimal",
        });
    };
    if mac.len() != algorithm.mac_len() {
        return Err(HeaderError::InvalidSignature {
            reason: match algorithm {
                Algorithm::HmacSha256 => "HMAC-SHA256 signatures have 64 hex digits",
                Algorithm::HmacMd5 => "HMAC-MD5 signatures have 32 hex digits",
            },
        });
    }
    Ok(HmacAuthorization {
        algorithm,
        api_key: api_key.to_owned(),
        date,
        date_text: date_text.to_owned(),
        salt: salt.to_owned(),
        signature: signature.to_ascii_lowercase(),
    })
}

fn check_len(field: Field, value: &str, max: usize) -> Result<(), HeaderError> {
    if value.len() > max {
        return Err(HeaderError::ValueTooLong {
            field: field.name(),
            len: value.len(),
            max,
        });
    }
    Ok(())
}

fn echoable_name(name: &str) -> Option<String> {
    let plain = !name.is_empty()
        && name.len() <= MAX_ECHOED_NAME_LEN
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    plain.then(|| name.to_owned())
}

/// The date text for an error message, unless it holds characters no date has (then it
/// may be something pasted in the wrong place, such as a token).
fn echoable_date(date: &str) -> Option<String> {
    let plain = date
        .bytes()
        .all(|b| b.is_ascii_digit() || b"TtZz:.+-".contains(&b));
    plain.then(|| date.to_owned())
}

/// Printable ASCII or tab: what an HTTP header value may hold, minus obs-text.
fn is_header_byte(b: u8) -> bool {
    b == b'\t' || (0x20..=0x7e).contains(&b)
}

/// HTTP optional whitespace.
fn is_ows(c: char) -> bool {
    c == ' ' || c == '\t'
}
