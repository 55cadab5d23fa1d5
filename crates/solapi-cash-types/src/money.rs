//! [`Money`]: an exact decimal amount of won.
//!
//! The official SDKs decode money as binary floating point, which silently turns `0.1 + 0.2`
//! into `0.30000000000000004` and loses digits above 2^53. This type keeps the exact digits the
//! API sent: a signed 128-bit mantissa and a decimal scale.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

/// Largest number of fractional digits kept.
pub const MAX_SCALE: u32 = 18;

/// Every value is strictly below 10^19 in magnitude. With at most 18 fractional digits a
/// mantissa therefore stays below 10^37, so aligning two values to a common scale, comparing
/// them or adding them can never overflow an `i128` (max ≈ 1.7 × 10^38).
const INTEGER_DIGITS: u32 = 19;

/// An exact amount of money (balance, point, or a signed change of either).
///
/// `Money` parses any JSON number the API may send — whole numbers, negative changes,
/// fractions such as `10130.5`, exponents — without binary floating point, prints it back with
/// the same digits, and adds and subtracts exactly. Equality, ordering and hashing are by value:
/// `1.50 == 1.5`.
///
/// ```
/// use solapi_cash_types::Money;
///
/// let old: Money = "10130.5".parse()?;
/// let change: Money = "-0.25".parse()?;
/// let new = old.checked_add(change).expect("within range");
/// assert_eq!(new.to_string(), "10130.25");
/// assert_eq!(serde_json::to_string(&new)?, "10130.25");
/// let back: Money = serde_json::from_str("10130.25")?;
/// assert_eq!(back, new);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy)]
pub struct Money {
    mantissa: i128,
    scale: u32,
}

/// Why a text is not a [`Money`] value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MoneyError {
    /// The text is not a decimal number.
    #[error("not a decimal number")]
    Syntax,
    /// The value has more fractional digits than can be kept exactly.
    #[error("more than {MAX_SCALE} significant fractional digits")]
    TooPrecise,
    /// The magnitude is 10^19 or more.
    #[error("magnitude of 10^19 or more")]
    OutOfRange,
}

const fn pow10(exp: u32) -> i128 {
    let mut v = 1i128;
    let mut i = 0;
    while i < exp {
        v *= 10;
        i += 1;
    }
    v
}

impl Money {
    /// Zero won.
    pub const ZERO: Money = Money {
        mantissa: 0,
        scale: 0,
    };

    /// A whole number of won.
    pub const fn from_i64(value: i64) -> Money {
        Money {
            mantissa: value as i128,
            scale: 0,
        }
    }

    /// `mantissa × 10^-scale`, for example `(101305, 1)` is `10130.5`.
    pub fn from_parts(mantissa: i128, scale: u32) -> Result<Money, MoneyError> {
        if scale > MAX_SCALE {
            return Err(MoneyError::TooPrecise);
        }
        Money { mantissa, scale }.checked()
    }

    /// The digits without the decimal point (see [`Money::scale`]).
    pub fn mantissa(&self) -> i128 {
        self.mantissa
    }

    /// How many of the mantissa's digits are fractional.
    pub fn scale(&self) -> u32 {
        self.scale
    }

    fn bound(scale: u32) -> i128 {
        pow10(INTEGER_DIGITS + scale)
    }

    fn checked(self) -> Result<Money, MoneyError> {
        if self.mantissa.unsigned_abs() >= Self::bound(self.scale).unsigned_abs() {
            Err(MoneyError::OutOfRange)
        } else {
            Ok(self)
        }
    }

    /// The mantissa at a larger scale. Cannot overflow thanks to the range invariant.
    fn mantissa_at(&self, scale: u32) -> i128 {
        self.mantissa * pow10(scale - self.scale)
    }

    /// `self + other`, or `None` if the sum leaves the supported range.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        let scale = self.scale.max(other.scale);
        let mantissa = self.mantissa_at(scale) + other.mantissa_at(scale);
        Money { mantissa, scale }.checked().ok()
    }

    /// `self - other`, or `None` if the difference leaves the supported range.
    pub fn checked_sub(self, other: Money) -> Option<Money> {
        self.checked_add(other.checked_neg()?)
    }

    /// `-self`. Always `Some` (the range is symmetric); kept checked for uniformity.
    pub fn checked_neg(self) -> Option<Money> {
        Some(Money {
            mantissa: -self.mantissa,
            scale: self.scale,
        })
    }

    /// Whether the value is zero.
    pub fn is_zero(&self) -> bool {
        self.mantissa == 0
    }

    /// Whether the value is above zero.
    pub fn is_positive(&self) -> bool {
        self.mantissa > 0
    }

    /// Whether the value is below zero.
    pub fn is_negative(&self) -> bool {
        self.mantissa < 0
    }

    /// The value as a whole number of won, if it is one and fits an `i64`.
    pub fn to_i64(&self) -> Option<i64> {
        let n = self.normalized();
        if n.scale != 0 {
            return None;
        }
        i64::try_from(n.mantissa).ok()
    }

    /// The same value with trailing fractional zeros removed (`1.50` → `1.5`, `2.0` → `2`).
    pub fn normalized(&self) -> Money {
        let mut m = *self;
        while m.scale > 0 && m.mantissa % 10 == 0 {
            m.mantissa /= 10;
            m.scale -= 1;
        }
        m
    }

    /// The common case of [`Money::parse_decimal`], without 128-bit arithmetic: an optional
    /// sign, digits and an optional fraction, at most 18 digits in all (so that the value
    /// fits a `u64` and is in range). Gives the same mantissa and scale as the general
    /// parser; `None` for anything else, which the general parser then handles.
    fn parse_short(bytes: &[u8]) -> Option<Money> {
        let (negative, digits) = match bytes.split_first() {
            Some((b'-', rest)) => (true, rest),
            Some((b'+', rest)) => (false, rest),
            _ => (false, bytes),
        };
        if digits.is_empty() || digits.len() > 19 {
            return None;
        }
        let mut mantissa: u64 = 0;
        let mut count = 0u32;
        let mut scale: Option<u32> = None;
        for (i, &b) in digits.iter().enumerate() {
            match b {
                b'0'..=b'9' => {
                    mantissa = mantissa * 10 + u64::from(b - b'0');
                    count += 1;
                    if let Some(s) = &mut scale {
                        *s += 1;
                    }
                }
                // One point, with digits on both sides.
                b'.' if scale.is_none() && i > 0 && i + 1 < digits.len() => scale = Some(0),
                _ => return None,
            }
        }
        if count > 18 {
            return None;
        }
        let mantissa = i128::from(mantissa);
        Some(Money {
            mantissa: if negative { -mantissa } else { mantissa },
            scale: scale.unwrap_or(0),
        })
    }

    /// Parses the JSON number grammar (and a leading `+` for people typing amounts).
    fn parse_decimal(text: &str) -> Result<Money, MoneyError> {
        let bytes = text.as_bytes();
        if let Some(money) = Money::parse_short(bytes) {
            return Ok(money);
        }
        let mut i = 0;
        let negative = match bytes.first() {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let mut mantissa: i128 = 0;
        let mut scale: i64 = 0;
        let mut int_digits = 0usize;
        let mut significant = false;
        // Digits past what an i128 can hold: only zeros can be dropped exactly (after the
        // point); anything else is out of range or too precise.
        let mut push =
            |digit: u8, fractional: bool, mantissa: &mut i128| -> Result<(), MoneyError> {
                if !significant && digit == 0 && !fractional {
                    return Ok(());
                }
                significant = significant || digit != 0;
                *mantissa = mantissa
                    .checked_mul(10)
                    .and_then(|m| m.checked_add(i128::from(digit)))
                    .ok_or(if fractional {
                        MoneyError::TooPrecise
                    } else {
                        MoneyError::OutOfRange
                    })?;
                Ok(())
            };
        while let Some(&b) = bytes.get(i) {
            if !b.is_ascii_digit() {
                break;
            }
            push(b - b'0', false, &mut mantissa)?;
            int_digits += 1;
            i += 1;
        }
        if int_digits == 0 {
            return Err(MoneyError::Syntax);
        }
        if bytes.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            while let Some(&b) = bytes.get(i) {
                if !b.is_ascii_digit() {
                    break;
                }
                push(b - b'0', true, &mut mantissa)?;
                scale += 1;
                i += 1;
            }
            if i == start {
                return Err(MoneyError::Syntax);
            }
        }
        if matches!(bytes.get(i), Some(b'e' | b'E')) {
            i += 1;
            let exp_negative = match bytes.get(i) {
                Some(b'-') => {
                    i += 1;
                    true
                }
                Some(b'+') => {
                    i += 1;
                    false
                }
                _ => false,
            };
            let start = i;
            let mut exp: i64 = 0;
            while let Some(&b) = bytes.get(i) {
                if !b.is_ascii_digit() {
                    break;
                }
                // Saturate: any exponent this large is out of range anyway (or zero).
                exp = (exp * 10 + i64::from(b - b'0')).min(10_000);
                i += 1;
            }
            if i == start {
                return Err(MoneyError::Syntax);
            }
            scale += if exp_negative { exp } else { -exp };
        }
        if i != bytes.len() {
            return Err(MoneyError::Syntax);
        }
        if mantissa == 0 {
            // Zero at any scale is zero; keep a small scale for printing ("0.00" stays).
            return Ok(Money {
                mantissa: 0,
                scale: scale.clamp(0, i64::from(MAX_SCALE)) as u32,
            });
        }
        while scale < 0 {
            mantissa = mantissa.checked_mul(10).ok_or(MoneyError::OutOfRange)?;
            scale += 1;
        }
        while scale > i64::from(MAX_SCALE) {
            if mantissa % 10 != 0 {
                return Err(MoneyError::TooPrecise);
            }
            mantissa /= 10;
            scale -= 1;
        }
        let money = Money {
            mantissa: if negative { -mantissa } else { mantissa },
            scale: scale as u32,
        };
        money.checked()
    }
}

impl FromStr for Money {
    type Err = MoneyError;

    fn from_str(s: &str) -> Result<Money, MoneyError> {
        Money::parse_decimal(s)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text().as_str())
    }
}

/// The digits of a [`Money`], written on the stack: `-`, up to 37 digits, `.` and, for
/// values below one, the leading `0` — never more than 40 bytes.
pub(crate) struct MoneyText {
    buf: [u8; 48],
    start: usize,
}

impl MoneyText {
    pub(crate) fn as_str(&self) -> &str {
        // Only ASCII digits, `-` and `.` are written.
        std::str::from_utf8(&self.buf[self.start..]).unwrap_or_default()
    }
}

impl Money {
    /// The value as its exact decimal text (what `Display` prints), without allocating.
    pub(crate) fn text(&self) -> MoneyText {
        let mut text = MoneyText {
            buf: [b'0'; 48],
            start: 48,
        };
        let mut push = |b: u8| {
            text.start -= 1;
            text.buf[text.start] = b;
        };
        // Digits from the right, the point after `scale` of them, and at least one digit
        // before the point. Values that fit 64 bits (every real amount) skip the slower
        // 128-bit division.
        let magnitude = self.mantissa.unsigned_abs();
        let mut written = 0u32;
        let mut next_digit = |digit: u8, more: bool| -> bool {
            push(b'0' + digit);
            written += 1;
            if written == self.scale {
                push(b'.');
            }
            more || written <= self.scale
        };
        match u64::try_from(magnitude) {
            Ok(mut small) => loop {
                // Below 10, so the cast keeps it whole.
                let digit = (small % 10) as u8;
                small /= 10;
                if !next_digit(digit, small > 0) {
                    break;
                }
            },
            Err(_) => {
                let mut large = magnitude;
                loop {
                    // Below 10, so the cast keeps it whole.
                    let digit = (large % 10) as u8;
                    large /= 10;
                    if !next_digit(digit, large > 0) {
                        break;
                    }
                }
            }
        }
        if self.mantissa < 0 {
            push(b'-');
        }
        text
    }
}

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Money({self})")
    }
}

impl PartialEq for Money {
    fn eq(&self, other: &Money) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Money {}

impl Ord for Money {
    fn cmp(&self, other: &Money) -> Ordering {
        let scale = self.scale.max(other.scale);
        self.mantissa_at(scale).cmp(&other.mantissa_at(scale))
    }
}

impl PartialOrd for Money {
    fn partial_cmp(&self, other: &Money) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Hash for Money {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let n = self.normalized();
        n.mantissa.hash(state);
        n.scale.hash(state);
    }
}

impl Default for Money {
    fn default() -> Money {
        Money::ZERO
    }
}

impl From<i64> for Money {
    fn from(v: i64) -> Money {
        Money::from_i64(v)
    }
}

impl From<i32> for Money {
    fn from(v: i32) -> Money {
        Money::from_i64(i64::from(v))
    }
}

impl From<u32> for Money {
    fn from(v: u32) -> Money {
        Money::from_i64(i64::from(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Money {
        s.parse().unwrap()
    }

    #[test]
    fn prints_back_what_it_parsed() {
        for s in [
            "0",
            "10130",
            "10130.5",
            "-100",
            "0.10",
            "-0.5",
            "123456789012345678.25",
            "9999999999999999999",
            "0.000000000000000001",
        ] {
            assert_eq!(m(s).to_string(), s, "{s}");
        }
    }

    #[test]
    fn exponents_and_leading_zeros_normalise_to_the_same_value() {
        assert_eq!(m("1e3"), m("1000"));
        assert_eq!(m("1e3").to_string(), "1000");
        assert_eq!(m("1.5E+2").to_string(), "150");
        assert_eq!(m("25e-1").to_string(), "2.5");
        assert_eq!(m("0e10"), Money::ZERO);
        assert_eq!(m("-0"), Money::ZERO);
        assert_eq!(m("+7").to_string(), "7");
    }

    #[test]
    fn arithmetic_is_exact() {
        let sum = m("0.1").checked_add(m("0.2")).unwrap();
        assert_eq!(sum, m("0.3"));
        assert_eq!(sum.to_string(), "0.3");
        assert_eq!(
            m("10130").checked_add(m("0.5")).unwrap().to_string(),
            "10130.5"
        );
        assert_eq!(
            m("100").checked_sub(m("100.25")).unwrap().to_string(),
            "-0.25"
        );
        assert_eq!(
            m("9007199254740993")
                .checked_add(m("1"))
                .unwrap()
                .to_string(),
            "9007199254740994"
        );
    }

    #[test]
    fn equality_and_hash_are_by_value() {
        use std::collections::HashSet;
        assert_eq!(m("1.50"), m("1.5"));
        assert!(m("-2") < m("-1.99"));
        let set: HashSet<Money> = [m("1.50"), m("1.5"), m("1.500")].into_iter().collect();
        assert_eq!(set.len(), 1);
    }

    #[test]
    fn rejects_what_it_cannot_hold_exactly() {
        for s in [
            "", "-", "1.", ".5", "1e", "abc", "1,000", "0x10", " 1", "1 ", "--1", "NaN", "inf",
        ] {
            assert_eq!(s.parse::<Money>(), Err(MoneyError::Syntax), "{s:?}");
        }
        assert_eq!(
            "10000000000000000000".parse::<Money>(),
            Err(MoneyError::OutOfRange)
        );
        assert_eq!("1e19".parse::<Money>(), Err(MoneyError::OutOfRange));
        assert_eq!(
            "1e99999999999".parse::<Money>(),
            Err(MoneyError::OutOfRange)
        );
        assert_eq!(
            "0.0000000000000000001".parse::<Money>(),
            Err(MoneyError::TooPrecise)
        );
        assert_eq!(
            "0.1000000000000000000000"
                .parse::<Money>()
                .unwrap()
                .to_string(),
            "0.100000000000000000"
        );
        let max = m("9999999999999999999");
        assert_eq!(max.checked_add(m("1")), None);
        assert_eq!(max.checked_neg().unwrap().checked_sub(m("1")), None);
    }

    #[test]
    fn the_short_path_agrees_with_the_general_parser() {
        // Every input the short path takes, it must read exactly as the general parser:
        // same mantissa and scale (so the same printed digits), and it must refuse what
        // the grammar refuses.
        let texts = [
            "0",
            "-0",
            "+0",
            "00",
            "007",
            "0.0",
            "0.10",
            "-0.5",
            "10130.5",
            "-1092.8",
            "123456789012345678",
            "-123456789.123456789",
            "0.000000000000000001",
            "999999999999999999",
            "1234567890123456789",
            "1.",
            ".5",
            "1..2",
            "1.2.3",
            "-",
            "+",
            "",
            "1e3",
            "--1",
            "1-",
            " 1",
            "1 ",
            "12345678901234567890",
        ];
        for text in texts {
            let short = Money::parse_short(text.as_bytes());
            // The general parser alone (the short path bypassed).
            let general = {
                let mut chars = text.to_owned();
                // A trailing exponent of zero sends the text past the short path
                // without changing its value.
                chars.push_str("e0");
                Money::parse_decimal(&chars)
            };
            match short {
                Some(m) => {
                    let g = general.unwrap_or_else(|e| panic!("{text}: general refused: {e}"));
                    assert_eq!((m.mantissa, m.scale), (g.mantissa, g.scale), "{text}");
                }
                None => {
                    // Declined texts are either invalid or longer than 18 digits.
                    let digits = text.bytes().filter(u8::is_ascii_digit).count();
                    assert!(
                        general.is_err() || digits > 18 || text.contains('e'),
                        "{text}"
                    );
                }
            }
        }
    }

    #[test]
    fn whole_numbers_convert_to_i64() {
        assert_eq!(m("2.00").to_i64(), Some(2));
        assert_eq!(m("2.5").to_i64(), None);
        assert_eq!(m("-9223372036854775808").to_i64(), Some(i64::MIN));
        assert_eq!(m("9223372036854775808").to_i64(), None);
    }
}
