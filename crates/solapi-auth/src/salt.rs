//! [`Salt`]: the random string signed with the date, and its validation rules.

use crate::sign_error::SignError;

/// Shortest salt the API accepts.
pub const MIN_SALT_LEN: usize = 12;
/// Longest salt the API accepts.
pub const MAX_SALT_LEN: usize = 64;
/// Length of the salts [`Salt::random`] makes (the length the official Node and Go SDKs use).
pub const RANDOM_SALT_LEN: usize = 32;

const ALPHABET: &[u8; 62] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
/// Largest multiple of 62 that fits in a byte: bytes at or above it are drawn again, so
/// every character of the alphabet is equally likely (no modulo bias).
const UNBIASED_LIMIT: u8 = 248;

/// A salt: 12 to 64 printable ASCII characters, none of them `,`, `=` or whitespace
/// (those would break the header's `name=value, ...` syntax).
///
/// ```
/// use solapi_auth::Salt;
///
/// let salt = Salt::random()?;
/// assert_eq!(salt.as_str().len(), 32);
/// assert!(Salt::new("jqsba2jxjnrjor").is_ok());
/// assert!(Salt::new("short").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Salt(String);

impl Salt {
    /// A fresh salt of 32 characters `[0-9a-zA-Z]` from the operating system's random
    /// number generator.
    ///
    /// # Errors
    /// [`SignError`] when the random number generator is unavailable.
    pub fn random() -> Result<Salt, SignError> {
        let mut out = String::with_capacity(RANDOM_SALT_LEN);
        // 64 bytes yield 32 accepted characters with overwhelming probability (each byte is
        // kept with probability 248/256); the loop only repeats in the rare other case.
        let mut buf = [0u8; 64];
        while out.len() < RANDOM_SALT_LEN {
            getrandom::fill(&mut buf).map_err(SignError::random)?;
            for &b in &buf {
                if out.len() == RANDOM_SALT_LEN {
                    break;
                }
                if b < UNBIASED_LIMIT {
                    out.push(char::from(ALPHABET[usize::from(b % 62)]));
                }
            }
        }
        Ok(Salt(out))
    }

    /// Validates a salt given by the caller (tests, fixed vectors).
    ///
    /// # Errors
    /// [`SaltError`] when the length is outside 12..=64 or a character is not allowed.
    pub fn new(s: impl Into<String>) -> Result<Salt, SaltError> {
        let s = s.into();
        validate_salt(&s)?;
        Ok(Salt(s))
    }

    /// The salt text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Checks the salt rules shared by [`Salt::new`] and the header parser.
pub(crate) fn validate_salt(s: &str) -> Result<(), SaltError> {
    if let Some(position) = s.bytes().position(|b| !is_salt_byte(b)) {
        return Err(SaltError::InvalidCharacter { position });
    }
    let len = s.len();
    if !(MIN_SALT_LEN..=MAX_SALT_LEN).contains(&len) {
        return Err(SaltError::Length { len });
    }
    Ok(())
}

fn is_salt_byte(b: u8) -> bool {
    b.is_ascii_graphic() && b != b',' && b != b'='
}

/// A salt broke the rules.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SaltError {
    /// Not 12 to 64 characters long.
    #[error("salt must be {MIN_SALT_LEN} to {MAX_SALT_LEN} characters long, got {len}")]
    Length {
        /// Length found, in bytes.
        len: usize,
    },
    /// A character that is not printable ASCII, or is `,` or `=`.
    #[error(
        "salt may only hold printable ASCII other than `,` and `=`; invalid character at byte {position}"
    )]
    InvalidCharacter {
        /// Byte offset of the first bad character.
        position: usize,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_salt_has_length_and_charset() {
        let salt = Salt::random().unwrap();
        assert_eq!(salt.as_str().len(), RANDOM_SALT_LEN);
        assert!(salt.as_str().bytes().all(|b| b.is_ascii_alphanumeric()));
        assert!(validate_salt(salt.as_str()).is_ok());
    }

    #[test]
    fn two_random_salts_differ() {
        // 62^32 possibilities: a collision means the generator is broken.
        assert_ne!(Salt::random().unwrap(), Salt::random().unwrap());
    }

    #[test]
    fn random_salts_use_the_whole_alphabet() {
        // 200 salts = 6400 draws; a character of a uniform 62-letter alphabet is missing
        // from them with probability about 62 * (61/62)^6400, i.e. never.
        let mut seen = [false; 62];
        for _ in 0..200 {
            for b in Salt::random().unwrap().as_str().bytes() {
                let i = ALPHABET.iter().position(|&a| a == b).unwrap();
                seen[i] = true;
            }
        }
        assert!(seen.iter().all(|&s| s));
    }

    #[test]
    fn new_checks_length_bounds() {
        assert_eq!(
            Salt::new("a".repeat(11)),
            Err(SaltError::Length { len: 11 })
        );
        assert!(Salt::new("a".repeat(12)).is_ok());
        assert!(Salt::new("a".repeat(64)).is_ok());
        assert_eq!(
            Salt::new("a".repeat(65)),
            Err(SaltError::Length { len: 65 })
        );
    }

    #[test]
    fn new_checks_characters() {
        assert!(Salt::new("6f1a3c1e-5b7d-4c7e-9a1b-2c3d4e5f6a7b").is_ok());
        for bad in [
            "abcdefghijk,l",
            "abcdefghijk=l",
            "abcdefghijk l",
            "abcdefghijké",
        ] {
            assert!(
                matches!(
                    Salt::new(bad),
                    Err(SaltError::InvalidCharacter { position: 11 })
                ),
                "{bad}"
            );
        }
    }
}
