//! [`Salt`]: the random string signed with the date, and its validation rules.

use chacha20::ChaCha12Rng;
use chacha20::rand_core::{Rng as _, SeedableRng as _};

use crate::sign_error::SignError;
use crate::signature::ascii_string;

/// Shortest salt the API accepts.
pub const MIN_SALT_LEN: usize = 12;
/// Longest salt the API accepts.
pub const MAX_SALT_LEN: usize = 64;
/// Length of the salts [`Salt::random`] makes (the length the official Node and Go SDKs use).
pub const RANDOM_SALT_LEN: usize = 32;

const ALPHABET: &[u8; 62] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
/// 2^16 mod 62. A 16-bit draw `x` gives character `x * 62 / 2^16` unless the low half of
/// `x * 62` is below this, in which case it is drawn again: then every character comes from
/// exactly 1057 of the accepted draws, so all are equally likely (Lemire's method).
const REFUSED_BELOW: u32 = (1 << 16) % 62;

/// The character for one 16-bit draw, or `None` if the draw must be repeated.
fn char_for(x: u16) -> Option<u8> {
    let m = u32::from(x) * 62;
    // m >> 16 is below 62.
    (m & 0xFFFF >= REFUSED_BELOW).then(|| ALPHABET[(m >> 16) as usize])
}

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
    /// The bytes come from a per-thread ChaCha12 generator seeded (and every 64 KiB
    /// re-seeded) from the operating system's generator: a system call per salt would cost
    /// more than the HMAC it serves (see `docs/benchmarks.md`). As with any user-space
    /// generator, a process that forks without `exec` shares the state with its child, and
    /// the two would draw the same salts until the next re-seed.
    ///
    /// # Errors
    /// [`SignError`] when the random number generator is unavailable.
    pub fn random() -> Result<Salt, SignError> {
        let mut chars = [0u8; RANDOM_SALT_LEN];
        fill_random_salt(&mut chars)?;
        // The characters are ASCII letters and digits.
        Ok(Salt(ascii_string(&chars)))
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

/// Writes a fresh random salt (`[0-9a-zA-Z]`, uniform) into `out`.
pub(crate) fn fill_random_salt(out: &mut [u8; RANDOM_SALT_LEN]) -> Result<(), SignError> {
    GENERATOR
        .try_with(|generator| generator.borrow_mut().fill_salt(out))
        // The thread's storage is being torn down: use a generator for this call only.
        .unwrap_or_else(|_| SaltGenerator::new().fill_salt(out))
}

/// Random bytes generated at a time (eight salts).
const POOL_LEN: usize = 512;
/// Random bytes one salt takes: a 16-bit draw per character.
const FAST_DRAW: usize = 2 * RANDOM_SALT_LEN;
/// Output after which the generator takes a new seed from the operating system (as the
/// `rand` crate's thread generator does).
const RESEED_AFTER: usize = 64 * 1024;

thread_local! {
    static GENERATOR: std::cell::RefCell<SaltGenerator> = const {
        std::cell::RefCell::new(SaltGenerator::new())
    };
}

/// A ChaCha12 generator seeded from the operating system, one per thread, and the bytes
/// it generated that are not used yet. Every byte is handed out once.
///
/// Why not `getrandom` for every salt: the system call and the kernel's generator cost
/// more than the HMAC they serve (see `docs/benchmarks.md`). ChaCha12 keyed with 32 bytes
/// from the operating system is a cryptographically secure generator (the construction
/// of `rand`'s `ThreadRng` and `StdRng`). Salts are not secrets; they must not repeat and
/// must not be guessable in advance, which this keeps.
struct SaltGenerator {
    rng: Option<ChaCha12Rng>,
    since_seed: usize,
    pool: [u8; POOL_LEN],
    next: usize,
}

impl SaltGenerator {
    const fn new() -> SaltGenerator {
        SaltGenerator {
            rng: None,
            since_seed: 0,
            pool: [0; POOL_LEN],
            next: POOL_LEN,
        }
    }

    fn refill(&mut self) -> Result<(), SignError> {
        let rng = match &mut self.rng {
            Some(rng) if self.since_seed < RESEED_AFTER => rng,
            stale => {
                let mut seed = [0u8; 32];
                getrandom::fill(&mut seed).map_err(SignError::random)?;
                self.since_seed = 0;
                stale.insert(ChaCha12Rng::from_seed(seed))
            }
        };
        rng.fill_bytes(&mut self.pool);
        self.since_seed += POOL_LEN;
        self.next = 0;
        Ok(())
    }

    fn fill_salt(&mut self, out: &mut [u8; RANDOM_SALT_LEN]) -> Result<(), SignError> {
        if self.next + FAST_DRAW > POOL_LEN {
            self.refill()?;
        }
        // Usually no draw among 32 is refused (the chance of one is about 1 in 1000): map
        // all of them in one straight loop, and fall back to drawing one at a time if not.
        let draws = &self.pool[self.next..self.next + FAST_DRAW];
        let mut refused = false;
        for (slot, pair) in out.iter_mut().zip(draws.chunks_exact(2)) {
            match char_for(u16::from_le_bytes([pair[0], pair[1]])) {
                Some(c) => *slot = c,
                None => refused = true,
            }
        }
        self.next += FAST_DRAW;
        if refused {
            for slot in out.iter_mut() {
                *slot = loop {
                    if self.next + 2 > POOL_LEN {
                        self.refill()?;
                    }
                    let x = u16::from_le_bytes([self.pool[self.next], self.pool[self.next + 1]]);
                    self.next += 2;
                    if let Some(c) = char_for(x) {
                        break c;
                    }
                };
            }
        }
        Ok(())
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
    fn every_character_is_equally_likely() {
        // Exhaustive over all 16-bit draws: each character must come from the same number
        // of accepted draws, and exactly 2^16 mod 62 draws are refused.
        let mut counts = [0u32; 62];
        let mut refused = 0;
        for x in 0..=u16::MAX {
            match char_for(x) {
                Some(c) => counts[ALPHABET.iter().position(|&a| a == c).unwrap()] += 1,
                None => refused += 1,
            }
        }
        assert!(counts.iter().all(|&n| n == counts[0]), "{counts:?}");
        assert_eq!(refused, (1 << 16) % 62);
    }

    #[test]
    fn salts_drawn_across_many_pool_refills_never_repeat() {
        // A pool serves eight salts and a seed about 1000: 5000 salts cross hundreds of
        // refills and several re-seeds, and a byte used twice would show up as a repeated
        // salt.
        let salts: std::collections::HashSet<Salt> =
            (0..5000).map(|_| Salt::random().unwrap()).collect();
        assert_eq!(salts.len(), 5000);
    }

    #[test]
    fn threads_draw_different_salts() {
        let other = std::thread::spawn(|| Salt::random().unwrap())
            .join()
            .unwrap();
        assert_ne!(other, Salt::random().unwrap());
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
