//! [`Money`]: an exact decimal amount of won.
//!
//! The official SDKs decode money as binary floating point, which silently turns `0.1 + 0.2`
//! into `0.30000000000000004` and loses digits above 2^53. The service itself computes in
//! floating point and sends what that gives: residues such as `196.00000000001592`, tiny values
//! in exponent form (`1.4210854715202004e-14`), `-0`. This type keeps every JSON number exactly.
//!
//! Two representations, one value semantics:
//! - the common case — a mantissa that fits an `i128` and at most 38 fractional digits, which
//!   covers every amount the service has been seen to send — is held inline, without
//!   allocation, and parsed, compared, added and printed with machine integers;
//! - anything else (more digits, huge exponents) is held as an arbitrary-precision integer
//!   (`num-bigint`) and a scale, behind a shared pointer, so clones stay cheap.
//!
//! Size is bounded: a value must fit in [`MAX_DIGITS`] digits written out in plain decimal,
//! so that a hostile `1e999999999` is refused ([`MoneyError::TooManyDigits`]) instead of
//! exhausting memory or CPU. Every finite binary64 value fits (the longest, 2^-1074 written
//! out exactly, has 1,075 digits), so whatever a floating-point server writes decodes.

mod json;
mod parse;
mod text;
mod wide;

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;
use std::sync::Arc;

use num_bigint::BigInt;

use wide::Wide;

/// The most digits a [`Money`] value may have when written out in plain decimal (integer
/// digits plus fractional digits, as [`Display`](fmt::Display) prints it).
pub const MAX_DIGITS: u32 = 1100;

/// The most fractional digits of the inline representation: 10^38 still fits an `i128`, so a
/// mantissa can always be aligned to a common scale with a checked multiplication.
const INLINE_MAX_SCALE: u32 = 38;

/// An exact amount of money (balance, point, or a signed change of either).
///
/// `Money` parses any JSON number — whole numbers, negative changes, fractions such as
/// `10130.5`, float residues, exponents, `-0` — without binary floating point, and adds and
/// subtracts exactly: a result that cannot be held (beyond [`MAX_DIGITS`]) is `None`, never
/// rounded. Equality, ordering and hashing are by value: `1.50 == 1.5 == 15e-1`.
///
/// Text, two ways:
/// - [`Display`](fmt::Display) prints the exact value in plain decimal digits, keeping the
///   fractional digits it was given (`10130.50` prints `10130.50`; `1.5e-3` prints `0.0015`;
///   `-0` prints `0`);
/// - serialization writes what the service sent when that was not plain decimal (exponent forms
///   and `-0` are written back byte for byte, so a JSON export is faithful), and the plain
///   digits otherwise. [`Money::json_text`] gives that text.
///
/// Not `Copy` (a value may own digits on the heap), but a clone of an inline value is a copy
/// and a clone of a wide one bumps a reference count. Whole won need neither a clone nor a
/// `Money`: an amount compares with an `i64` or a [`Won`](crate::Won) directly
/// (`balance < 50_000`), and [`checked_add`](Money::checked_add) takes one
/// (`balance.checked_add(5_000)`). [`Money::won`] makes a whole amount in a `const`.
///
/// ```
/// use solapi_cash_types::Money;
///
/// let old: Money = "10130.5".parse()?;
/// let change: Money = "-0.25".parse()?;
/// let new = old.checked_add(&change).expect("within range");
/// assert_eq!(new.to_string(), "10130.25");
/// assert_eq!(serde_json::to_string(&new)?, "10130.25");
///
/// // What a floating-point server sends survives, exactly and as written.
/// let residue: Money = serde_json::from_str("1.4210854715202004e-14")?;
/// assert_eq!(residue.to_string(), "0.000000000000014210854715202004");
/// assert_eq!(serde_json::to_string(&residue)?, "1.4210854715202004e-14");
///
/// // Whole won, without clones or unwraps.
/// assert!(new > 10_000 && new < Money::won(20_000));
/// assert_eq!(new.checked_add(5_000), Some("15130.25".parse()?));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Money {
    /// The digits without the point, when the value is inline (`wide` holds no big value).
    mantissa: i128,
    /// How many of `mantissa`'s digits are fractional (at most [`INLINE_MAX_SCALE`]).
    scale: u32,
    /// A value that does not fit inline, and/or the JSON text it was decoded from.
    wide: Option<Arc<Wide>>,
}

/// Why a text is not a [`Money`] value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MoneyError {
    /// The text is not a decimal number.
    #[error("not a decimal number")]
    Syntax,
    /// Written out in plain decimal, the value would have more than [`MAX_DIGITS`] digits.
    #[error(
        "more than {MAX_DIGITS} digits when written out (the limit on money values, which keeps \
         numbers such as 1e999999999 from exhausting memory)"
    )]
    TooManyDigits,
}

/// A borrowed view of a value's representation.
enum Repr<'a> {
    Inline(i128, u32),
    Big(&'a BigInt, u32),
}

impl Money {
    /// Zero won.
    pub const ZERO: Money = Money {
        mantissa: 0,
        scale: 0,
        wide: None,
    };

    /// The limit on digits, as [`MAX_DIGITS`].
    pub const MAX_DIGITS: u32 = MAX_DIGITS;

    /// A whole number of won: `Money::won(50_000)`.
    pub const fn won(value: i64) -> Money {
        Money::from_i64(value)
    }

    /// A whole number of won (the same as [`Money::won`]).
    pub const fn from_i64(value: i64) -> Money {
        Money {
            mantissa: value as i128,
            scale: 0,
            wide: None,
        }
    }

    /// `mantissa × 10^-scale`, for example `(101305, 1)` is `10130.5`. Fails only beyond
    /// [`MAX_DIGITS`].
    pub fn from_parts(mantissa: i128, scale: u32) -> Result<Money, MoneyError> {
        if scale <= INLINE_MAX_SCALE && mantissa != i128::MIN {
            return Ok(Money::inline(mantissa, scale));
        }
        Money::from_big(BigInt::from(mantissa), scale)
    }

    /// The mantissa and scale, when the value is held inline (an `i128` mantissa and at most
    /// 38 fractional digits, as every amount the service sends in practice); `None` for wider
    /// values. `(101305, 1)` is `10130.5`.
    pub fn to_parts(&self) -> Option<(i128, u32)> {
        match self.repr() {
            Repr::Inline(m, s) => Some((m, s)),
            Repr::Big(..) => None,
        }
    }

    /// How many fractional digits the value has, as written (`10130.50` has 2, `1e-3` has 3,
    /// `1e3` has 0).
    pub fn scale(&self) -> u32 {
        match self.repr() {
            Repr::Inline(_, s) | Repr::Big(_, s) => s,
        }
    }

    /// The JSON text this value was decoded from, when that was not its plain decimal form
    /// (an exponent, or `-0`); `None` otherwise and for values made in code.
    pub fn sent_text(&self) -> Option<&str> {
        self.wide.as_deref().and_then(Wide::text)
    }

    /// `self + other`, or `None` if the sum would have more than [`MAX_DIGITS`] digits.
    /// `other` is another amount by reference, whole won as an `i64`, or a
    /// [`Won`](crate::Won) (an [`Operand`]): `balance.checked_add(&point)`,
    /// `balance.checked_add(5_000)`.
    pub fn checked_add(&self, other: impl Operand) -> Option<Money> {
        other.with_money(|other| self.add(other))
    }

    fn add(&self, other: &Money) -> Option<Money> {
        if let (Repr::Inline(a, sa), Repr::Inline(b, sb)) = (self.repr(), other.repr()) {
            let scale = sa.max(sb);
            let sum = align(a, sa, scale)
                .zip(align(b, sb, scale))
                .and_then(|(a, b)| a.checked_add(b))
                .filter(|&m| m != i128::MIN);
            if let Some(mantissa) = sum {
                return Some(Money::inline(mantissa, scale));
            }
        }
        let (a, b, scale) = wide::aligned(self.repr(), other.repr());
        Money::from_big(a + b, scale).ok()
    }

    /// `self - other`, or `None` if the difference would have more than [`MAX_DIGITS`]
    /// digits. `other` as for [`checked_add`](Money::checked_add).
    pub fn checked_sub(&self, other: impl Operand) -> Option<Money> {
        other.with_money(|other| self.add(&other.checked_neg()?))
    }

    /// `-self`. Always `Some` (the range is symmetric); kept checked for uniformity with the
    /// other operations. The result is a computed value: it keeps no sent text.
    pub fn checked_neg(&self) -> Option<Money> {
        Some(match self.repr() {
            // `i128::MIN` is never held inline, so this cannot overflow.
            Repr::Inline(m, s) => Money::inline(-m, s),
            Repr::Big(d, s) => Money::wide_value(-d, s),
        })
    }

    /// Whether the value is zero (`-0` included).
    pub fn is_zero(&self) -> bool {
        self.signum() == 0
    }

    /// Whether the value is above zero.
    pub fn is_positive(&self) -> bool {
        self.signum() > 0
    }

    /// Whether the value is below zero (`-0` is not).
    pub fn is_negative(&self) -> bool {
        self.signum() < 0
    }

    fn signum(&self) -> i8 {
        match self.repr() {
            Repr::Inline(m, _) => m.signum() as i8,
            Repr::Big(d, _) => match d.sign() {
                num_bigint::Sign::Minus => -1,
                num_bigint::Sign::NoSign => 0,
                num_bigint::Sign::Plus => 1,
            },
        }
    }

    /// The value as a whole number of won, if it is one and fits an `i64`.
    pub fn to_i64(&self) -> Option<i64> {
        match self.normalized().repr() {
            Repr::Inline(m, 0) => i64::try_from(m).ok(),
            _ => None,
        }
    }

    /// Whether the value has at most `integer_digits` digits before the point and
    /// `fraction_digits` after it, trailing fractional zeros not counted: a bound for places
    /// that accept amounts from people or clients (`Money` itself holds far more). For example
    /// `fits(19, 18)` is "below 10^19 in magnitude, at most 18 fractional digits".
    pub fn fits(&self, integer_digits: u32, fraction_digits: u32) -> bool {
        let text = self.normalized().to_string();
        let digits = text.trim_start_matches('-');
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let int_len = if int == "0" { 0 } else { int.len() };
        int_len <= integer_digits as usize && frac.len() <= fraction_digits as usize
    }

    /// The same value with trailing fractional zeros removed (`1.50` → `1.5`, `2.0` → `2`,
    /// `1e3` → `1000`). The result keeps no sent text.
    pub fn normalized(&self) -> Money {
        match self.repr() {
            Repr::Inline(mut m, mut s) => {
                while s > 0 && m % 10 == 0 {
                    m /= 10;
                    s -= 1;
                }
                Money::inline(m, s)
            }
            Repr::Big(d, s) => {
                let (d, s) = wide::strip_zeros(d.clone(), s);
                // Fewer digits than before, so within the limit.
                Money::from_big(d, s).unwrap_or(Money::ZERO)
            }
        }
    }

    fn repr(&self) -> Repr<'_> {
        match self.wide.as_deref().and_then(Wide::big) {
            Some((d, s)) => Repr::Big(d, s),
            None => Repr::Inline(self.mantissa, self.scale),
        }
    }

    /// An inline value; the caller guarantees `scale <= INLINE_MAX_SCALE` and a mantissa
    /// other than `i128::MIN`.
    const fn inline(mantissa: i128, scale: u32) -> Money {
        Money {
            mantissa,
            scale,
            wide: None,
        }
    }

    /// `digits × 10^-scale`, inline when it fits (so that each value has one representation),
    /// or an error beyond [`MAX_DIGITS`].
    fn from_big(digits: BigInt, scale: u32) -> Result<Money, MoneyError> {
        if !wide::within_limit(&digits, scale) {
            return Err(MoneyError::TooManyDigits);
        }
        if scale <= INLINE_MAX_SCALE
            && let Ok(m) = i128::try_from(&digits)
            && m != i128::MIN
        {
            return Ok(Money::inline(m, scale));
        }
        Ok(Money::wide_value(digits, scale))
    }

    /// A wide value; the caller guarantees it is within the limit and does not fit inline.
    fn wide_value(digits: BigInt, scale: u32) -> Money {
        Money {
            mantissa: 0,
            scale: 0,
            wide: Some(Arc::new(Wide::value(digits, scale))),
        }
    }

    /// A JSON number token (the caller checked the JSON grammar), read exactly, its text
    /// kept when it is not the plain form: what decoding it with serde_json gives.
    pub(crate) fn from_json_number(text: &str) -> Result<Money, MoneyError> {
        parse::parse(text, true)
    }

    /// The same value, remembering the JSON text it was decoded from.
    fn with_sent_text(mut self, text: &str) -> Money {
        let big = self
            .wide
            .take()
            .and_then(|w| Arc::unwrap_or_clone(w).into_big());
        self.wide = Some(Arc::new(Wide::sent(big, text)));
        self
    }
}

/// What [`Money::checked_add`] and [`Money::checked_sub`] take: another amount by reference
/// (`&Money`), whole won as an `i64` (so that a literal such as `5_000` needs no suffix), or
/// a [`Won`](crate::Won). Sealed: implemented in this crate only.
pub trait Operand: sealed::Sealed {
    /// Runs `f` on the operand as an amount.
    #[doc(hidden)]
    fn with_money<R>(self, f: impl FnOnce(&Money) -> R) -> R;
}

impl Operand for &Money {
    fn with_money<R>(self, f: impl FnOnce(&Money) -> R) -> R {
        f(self)
    }
}

impl Operand for i64 {
    fn with_money<R>(self, f: impl FnOnce(&Money) -> R) -> R {
        f(&Money::won(self))
    }
}

impl Operand for crate::Won {
    fn with_money<R>(self, f: impl FnOnce(&Money) -> R) -> R {
        f(&self.to_money())
    }
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for &super::Money {}
    impl Sealed for i64 {}
    impl Sealed for crate::Won {}
}

/// `mantissa` at a larger `scale`, or `None` if that overflows an `i128`.
fn align(mantissa: i128, from: u32, to: u32) -> Option<i128> {
    10i128
        .checked_pow(to - from)
        .and_then(|p| mantissa.checked_mul(p))
}

impl FromStr for Money {
    type Err = MoneyError;

    /// The JSON number grammar, plus a leading `+` and leading zeros for people typing
    /// amounts. Keeps no sent text: the value serializes as plain digits.
    fn from_str(s: &str) -> Result<Money, MoneyError> {
        parse::parse(s, false)
    }
}

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.sent_text() {
            Some(text) => write!(f, "Money({self} sent as {text})"),
            None => write!(f, "Money({self})"),
        }
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
        if let (Repr::Inline(a, sa), Repr::Inline(b, sb)) = (self.repr(), other.repr()) {
            let scale = sa.max(sb);
            if let (Some(a), Some(b)) = (align(a, sa, scale), align(b, sb, scale)) {
                return a.cmp(&b);
            }
        }
        let (a, b, _) = wide::aligned(self.repr(), other.repr());
        a.cmp(&b)
    }
}

impl PartialOrd for Money {
    fn partial_cmp(&self, other: &Money) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Hash for Money {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Equal values normalize to the same digits and scale, and each (digits, scale) has
        // one representation, so equal values hash alike.
        match self.normalized().repr() {
            Repr::Inline(m, s) => {
                m.hash(state);
                s.hash(state);
            }
            Repr::Big(d, s) => {
                d.hash(state);
                s.hash(state);
            }
        }
    }
}

/// Comparisons with a whole number of won, without making a `Money` first:
/// `balance < 50_000`.
impl PartialEq<i64> for Money {
    fn eq(&self, other: &i64) -> bool {
        *self == Money::won(*other)
    }
}

impl PartialEq<Money> for i64 {
    fn eq(&self, other: &Money) -> bool {
        Money::won(*self) == *other
    }
}

impl PartialOrd<i64> for Money {
    fn partial_cmp(&self, other: &i64) -> Option<Ordering> {
        Some(self.cmp(&Money::won(*other)))
    }
}

impl PartialOrd<Money> for i64 {
    fn partial_cmp(&self, other: &Money) -> Option<Ordering> {
        Some(Money::won(*self).cmp(other))
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

impl From<u64> for Money {
    fn from(v: u64) -> Money {
        Money::inline(i128::from(v), 0)
    }
}

impl From<&Money> for Money {
    fn from(v: &Money) -> Money {
        v.clone()
    }
}

#[cfg(test)]
mod tests;
