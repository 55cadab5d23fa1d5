//! [`HeaderError`]: why an `Authorization` header was refused.

use crate::salt::SaltError;

/// An `Authorization` header could not be read.
///
/// Messages name the problem and the field, never the header's content: a header may
/// carry a bearer token or a live signature. The only values echoed are a short,
/// name-like unknown field name and a date made of date characters: neither is secret,
/// and the date helps diagnose clock problems.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HeaderError {
    /// The header is empty or only whitespace.
    #[error("the Authorization header is empty")]
    Empty,
    /// The header is longer than [`MAX_HEADER_LEN`](crate::MAX_HEADER_LEN).
    #[error("the Authorization header is too long: {len} bytes, at most {max} allowed")]
    TooLong {
        /// Length received, in bytes.
        len: usize,
        /// Largest length accepted.
        max: usize,
    },
    /// The header holds a byte outside printable ASCII (non-ASCII or a control character).
    #[error("the Authorization header must be printable ASCII; invalid byte at offset {position}")]
    InvalidCharacter {
        /// Byte offset of the first invalid byte.
        position: usize,
    },
    /// The scheme is none of `HMAC-SHA256`, `HMAC-MD5`, `Bearer`.
    #[error("unknown authorization scheme (expected HMAC-SHA256, HMAC-MD5 or Bearer)")]
    UnknownScheme,
    /// `Bearer` with no token after it.
    #[error("the bearer token is missing")]
    EmptyBearerToken,
    /// A bearer token containing whitespace.
    #[error("the bearer token must not contain whitespace")]
    InvalidBearerToken,
    /// An empty field between commas (`a=1,,b=2` or a trailing comma).
    #[error("empty field at position {position} (stray comma)")]
    EmptyField {
        /// 1-based position of the field.
        position: usize,
    },
    /// A field without `=`.
    #[error("field at position {position} is not of the form name=value")]
    MalformedField {
        /// 1-based position of the field.
        position: usize,
    },
    /// A field other than `apiKey`, `date`, `salt`, `signature`.
    #[error("unknown field {} (expected apiKey, date, salt, signature)", display_name(.name.as_deref()))]
    UnknownField {
        /// The field's name, when it looks like a name (at most 16 letters, digits, `_` or `-`); left out
        /// otherwise so that a malformed header cannot make the error echo its content.
        name: Option<String>,
    },
    /// A field given twice.
    #[error("duplicated field `{field}`")]
    DuplicatedField {
        /// The field's canonical name.
        field: &'static str,
    },
    /// A required field is absent.
    #[error("missing field `{field}`")]
    MissingField {
        /// The field's canonical name.
        field: &'static str,
    },
    /// A field with nothing after `=`.
    #[error("field `{field}` is empty")]
    EmptyValue {
        /// The field's canonical name.
        field: &'static str,
    },
    /// A field longer than its limit.
    #[error("field `{field}` is too long: {len} bytes, at most {max} allowed")]
    ValueTooLong {
        /// The field's canonical name.
        field: &'static str,
        /// Length received.
        len: usize,
        /// Largest length accepted.
        max: usize,
    },
    /// A field holding whitespace inside its value.
    #[error("field `{field}` must not contain whitespace")]
    WhitespaceInValue {
        /// The field's canonical name.
        field: &'static str,
    },
    /// The date is not an accepted ISO 8601 form.
    #[error("invalid date {}: {reason}", display_date(.date.as_deref()))]
    InvalidDate {
        /// The date text received, when it only holds characters a date may hold (digits,
        /// `T`, `Z`, `:`, `.`, `+`, `-`); left out otherwise.
        date: Option<String>,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The salt breaks the salt rules.
    #[error("invalid salt: {0}")]
    InvalidSalt(#[from] SaltError),
    /// The signature is not hex of the algorithm's length.
    #[error("invalid signature: {reason}")]
    InvalidSignature {
        /// What is wrong with it.
        reason: &'static str,
    },
}

fn display_date(date: Option<&str>) -> String {
    date.map_or_else(|| "(not shown)".to_owned(), |d| format!("`{d}`"))
}

fn display_name(name: Option<&str>) -> String {
    name.map_or_else(|| "(unprintable name)".to_owned(), |n| format!("`{n}`"))
}
