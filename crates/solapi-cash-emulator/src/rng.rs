//! Randomness: the operating system's generator for anything a client must not guess
//! (keys, secrets, tokens, MFA codes), and a small seeded generator for what must be
//! reproducible (generated ledgers, random faults).

use std::io;

/// Fills `buf` from the operating system's random number generator.
pub(crate) fn os_fill(buf: &mut [u8]) -> io::Result<()> {
    getrandom::fill(buf).map_err(|e| io::Error::other(format!("system random generator: {e}")))
}

/// A string of `len` characters drawn uniformly from `alphabet` (at most 256 characters)
/// with the operating system's generator.
pub(crate) fn os_string(alphabet: &[u8], len: usize) -> io::Result<String> {
    // Bytes at or above the largest multiple of the alphabet size are drawn again, so
    // every character is equally likely.
    let size = alphabet.len().clamp(1, 256);
    let limit = 256 - 256 % size;
    let mut out = String::with_capacity(len);
    let mut buf = [0u8; 64];
    while out.len() < len {
        os_fill(&mut buf)?;
        for &b in &buf {
            if out.len() == len {
                break;
            }
            if usize::from(b) < limit {
                out.push(char::from(alphabet[usize::from(b) % size]));
            }
        }
    }
    Ok(out)
}

/// Uppercase letters and digits, the alphabet of SOLAPI API keys and secrets.
pub(crate) const UPPER_ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
/// Lowercase hexadecimal digits.
pub(crate) const HEX: &[u8] = b"0123456789abcdef";
/// Decimal digits.
pub(crate) const DIGITS: &[u8] = b"0123456789";

/// SplitMix64: tiny, fast, and good enough for test data. Not for secrets.
#[derive(Debug, Clone)]
pub(crate) struct SeededRng(u64);

impl SeededRng {
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A value in `0..n` (`0` when `n` is 0). The modulo bias is below 2^-40 for the
    /// small ranges used here, which does not matter for test data.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }

    /// True with probability `per_million / 1_000_000`.
    pub(crate) fn chance(&mut self, per_million: u32) -> bool {
        self.below(1_000_000) < u64::from(per_million)
    }

    /// Picks one item of a non-empty slice.
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        let len = u64::try_from(items.len()).ok()?;
        items.get(usize::try_from(self.below(len)).ok()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_rng_is_reproducible_and_seed_dependent() {
        let a: Vec<u64> = (0..5)
            .scan(SeededRng::new(7), |r, _| Some(r.next_u64()))
            .collect();
        let b: Vec<u64> = (0..5)
            .scan(SeededRng::new(7), |r, _| Some(r.next_u64()))
            .collect();
        let c: Vec<u64> = (0..5)
            .scan(SeededRng::new(8), |r, _| Some(r.next_u64()))
            .collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn os_string_uses_the_alphabet() {
        let s = os_string(HEX, 100).unwrap();
        assert_eq!(s.len(), 100);
        assert!(s.bytes().all(|b| HEX.contains(&b)));
    }

    #[test]
    fn chance_bounds() {
        let mut rng = SeededRng::new(1);
        assert!((0..1000).all(|_| !rng.chance(0)));
        assert!((0..1000).all(|_| rng.chance(1_000_000)));
    }
}
