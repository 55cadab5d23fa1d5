//! [`Won`]: the amount of a request that moves money — a whole, positive number of won.

use std::cmp::Ordering;
use std::fmt;
use std::num::NonZeroU64;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::money::Money;

/// The amount of a request that moves money (a recharge today; transfers and withdrawals
/// later): a whole, positive number of won, at most [`Won::MAX`].
///
/// Money that leaves the account (a card's charge, a transfer, a withdrawal) moves in whole won,
/// so a fraction, an exponent or a sign is refused when the
/// amount is made — before anything is sent — with a [`WonError`] that says which. Balances
/// and history amounts stay [`Money`] (the service computes those in floating point and sends
/// fractions); `Won` converts into it, and `Money` compares with it directly.
///
/// `Copy`, and as cheap as a `u64`.
///
/// ```
/// use solapi_cash_types::{Money, Won, WonError};
///
/// let amount = Won::new(50_000)?;
/// assert_eq!(amount.get(), 50_000);
/// assert_eq!("10000".parse::<Won>()?, Won::new(10_000)?);
/// assert_eq!("10000.5".parse::<Won>(), Err(WonError::Fraction));
/// assert_eq!("1e4".parse::<Won>(), Err(WonError::Exponent));
/// assert_eq!("-5".parse::<Won>(), Err(WonError::Sign));
/// assert_eq!(Won::new(0), Err(WonError::Zero));
///
/// let balance: Money = "49999.5".parse()?;
/// assert!(balance < amount);
/// assert_eq!(Money::from(amount), Money::won(50_000));
/// assert_eq!(serde_json::to_string(&amount)?, "50000");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Won(NonZeroU64);

/// A [`Won`] amount from a literal, checked when the program is compiled: `won!(10_000)`.
/// Zero, or more than [`Won::MAX`], does not compile.
///
/// ```
/// use solapi_cash_types::{RechargeRequest, won};
///
/// let request = RechargeRequest::new(won!(10_000), "1407974467827303801565071718686");
/// assert_eq!(request.amount.get(), 10_000);
/// ```
///
/// ```compile_fail
/// let nothing = solapi_cash_types::won!(0);
/// ```
#[macro_export]
macro_rules! won {
    ($won:expr) => {
        const {
            match $crate::Won::new($won) {
                Ok(won) => won,
                Err(_) => panic!("a Won amount is a whole number from 1 to 2^53 - 1"),
            }
        }
    };
}

/// Why a value is not a [`Won`] amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WonError {
    /// Nothing was given.
    #[error("no amount given")]
    Empty,
    /// Zero won moves nothing.
    #[error("the amount must be at least 1 won")]
    Zero,
    /// A sign (`-5`, `+5`): the amount is what moves, a positive number without one.
    #[error("write the amount without a sign: it is a positive whole number of won")]
    Sign,
    /// A decimal point (`10000.5`, `10000.0`): won are moved whole.
    #[error(
        "money moves in whole won, not a fraction: give a whole number of won, without a decimal point"
    )]
    Fraction,
    /// An exponent (`1e4`): the digits are written out.
    #[error("write the amount's digits out, without an exponent (10000, not 1e4)")]
    Exponent,
    /// Anything else that is not digits (`10,000`, `ten`).
    #[error("not a whole number of won: use the digits 0-9 only, without separators")]
    NotDigits,
    /// More than [`Won::MAX`].
    #[error("more than {max} won (the largest amount a JSON number carries exactly)", max = Won::MAX.0)]
    TooLarge,
}

impl Won {
    /// The largest amount: 2^53 − 1 won, the largest whole number that every JSON reader
    /// holds exactly (readers such as JavaScript's, and SOLAPI's own Node SDK, use binary64
    /// numbers). Far above any real charge.
    pub const MAX: Won = match NonZeroU64::new((1 << 53) - 1) {
        Some(max) => Won(max),
        None => panic!("2^53 - 1 is not zero"),
    };

    /// `won` whole won: at least 1 and at most [`Won::MAX`].
    pub const fn new(won: u64) -> Result<Won, WonError> {
        if won > Won::MAX.0.get() {
            return Err(WonError::TooLarge);
        }
        match NonZeroU64::new(won) {
            Some(won) => Ok(Won(won)),
            None => Err(WonError::Zero),
        }
    }

    /// The number of won.
    pub const fn get(self) -> u64 {
        self.0.get()
    }

    /// The amount as [`Money`].
    pub const fn to_money(self) -> Money {
        // At most 2^53 - 1: within an i64.
        Money::won(self.0.get() as i64)
    }
}

impl fmt::Debug for Won {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Won({})", self.0)
    }
}

impl fmt::Display for Won {
    /// The plain digits (`10000`); people see them grouped where the CLI prints them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl FromStr for Won {
    type Err = WonError;

    /// ASCII digits only, surrounding spaces ignored: `10000`. A sign, a decimal point, an
    /// exponent or any other character is refused with the error that names it.
    fn from_str(text: &str) -> Result<Won, WonError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(WonError::Empty);
        }
        if text.starts_with(['-', '+']) {
            return Err(WonError::Sign);
        }
        if !text.bytes().all(|b| b.is_ascii_digit()) {
            let numeric =
                |b: u8| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+');
            return Err(if !text.bytes().all(numeric) {
                WonError::NotDigits
            } else if text.contains(['e', 'E']) {
                WonError::Exponent
            } else if text.contains('.') {
                WonError::Fraction
            } else {
                WonError::NotDigits
            });
        }
        let digits = text.trim_start_matches('0');
        // More than 16 digits is beyond the maximum; this also keeps the parse below in range.
        if digits.len() > 16 {
            return Err(WonError::TooLarge);
        }
        Won::new(digits.parse::<u64>().unwrap_or(0))
    }
}

impl TryFrom<u64> for Won {
    type Error = WonError;
    fn try_from(won: u64) -> Result<Won, WonError> {
        Won::new(won)
    }
}

impl TryFrom<i64> for Won {
    type Error = WonError;
    fn try_from(won: i64) -> Result<Won, WonError> {
        u64::try_from(won)
            .map_err(|_| WonError::Sign)
            .and_then(Won::new)
    }
}

impl TryFrom<i32> for Won {
    type Error = WonError;
    fn try_from(won: i32) -> Result<Won, WonError> {
        Won::try_from(i64::from(won))
    }
}

impl TryFrom<u32> for Won {
    type Error = WonError;
    fn try_from(won: u32) -> Result<Won, WonError> {
        Won::new(u64::from(won))
    }
}

impl TryFrom<&Money> for Won {
    type Error = WonError;
    /// A whole, positive amount of money: `10000` and `10000.00` are `Won(10000)`; `10000.5`
    /// is not.
    fn try_from(money: &Money) -> Result<Won, WonError> {
        if money.is_negative() {
            return Err(WonError::Sign);
        }
        let whole = money.normalized();
        if whole.scale() > 0 {
            return Err(WonError::Fraction);
        }
        let won = whole.to_i64().ok_or(WonError::TooLarge)?;
        Won::try_from(won)
    }
}

impl TryFrom<Money> for Won {
    type Error = WonError;
    fn try_from(money: Money) -> Result<Won, WonError> {
        Won::try_from(&money)
    }
}

impl From<Won> for Money {
    fn from(won: Won) -> Money {
        won.to_money()
    }
}

impl From<Won> for u64 {
    fn from(won: Won) -> u64 {
        won.get()
    }
}

impl PartialEq<Won> for Money {
    fn eq(&self, other: &Won) -> bool {
        *self == other.to_money()
    }
}

impl PartialEq<Money> for Won {
    fn eq(&self, other: &Money) -> bool {
        self.to_money() == *other
    }
}

impl PartialOrd<Won> for Money {
    fn partial_cmp(&self, other: &Won) -> Option<Ordering> {
        Some(self.cmp(&other.to_money()))
    }
}

impl PartialOrd<Money> for Won {
    fn partial_cmp(&self, other: &Money) -> Option<Ordering> {
        Some(self.to_money().cmp(other))
    }
}

impl Serialize for Won {
    /// A JSON integer.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(self.get())
    }
}

impl<'de> Deserialize<'de> for Won {
    /// A JSON integer from 1 to [`Won::MAX`]; a fraction (even `10000.0`), a negative number
    /// or a string is refused.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Won, D::Error> {
        deserializer.deserialize_u64(WonVisitor)
    }
}

struct WonVisitor;

impl Visitor<'_> for WonVisitor {
    type Value = Won;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a whole, positive number of won")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Won, E> {
        Won::new(v).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Won, E> {
        Won::try_from(v).map_err(E::custom)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Won, E> {
        Err(E::custom(
            "a whole number of won is a JSON integer, without a decimal point or exponent",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_digits_only_and_each_refusal_says_why() {
        assert_eq!("10000".parse::<Won>().map(Won::get), Ok(10_000));
        assert_eq!(" 010000\n".parse::<Won>().map(Won::get), Ok(10_000));
        assert_eq!("9007199254740991".parse::<Won>(), Ok(Won::MAX));
        for (text, error) in [
            ("", WonError::Empty),
            ("  ", WonError::Empty),
            ("0", WonError::Zero),
            ("000", WonError::Zero),
            ("-5", WonError::Sign),
            ("+5", WonError::Sign),
            ("10000.5", WonError::Fraction),
            ("10000.0", WonError::Fraction),
            (".5", WonError::Fraction),
            ("1e4", WonError::Exponent),
            ("1E+4", WonError::Exponent),
            ("1.5e3", WonError::Exponent),
            ("10,000", WonError::NotDigits),
            ("ten", WonError::NotDigits),
            ("1_000", WonError::NotDigits),
            ("１０００", WonError::NotDigits),
            ("9007199254740992", WonError::TooLarge),
            ("99999999999999999999999999", WonError::TooLarge),
        ] {
            assert_eq!(text.parse::<Won>(), Err(error), "{text:?}");
        }
    }

    #[test]
    fn numbers_money_and_json() {
        assert_eq!(Won::try_from(-1_i64), Err(WonError::Sign));
        assert_eq!(Won::try_from(0_u32), Err(WonError::Zero));
        assert_eq!(Won::try_from(7_i32).map(Won::get), Ok(7));
        let m = |t: &str| t.parse::<Money>().unwrap();
        assert_eq!(Won::try_from(m("10000.00")).map(Won::get), Ok(10_000));
        assert_eq!(Won::try_from(m("10000.5")), Err(WonError::Fraction));
        assert_eq!(Won::try_from(m("-3")), Err(WonError::Sign));
        assert_eq!(Won::try_from(m("1e30")), Err(WonError::TooLarge));
        let won = Won::new(50_000).unwrap();
        assert!(m("49999.99") < won && won < m("50000.01") && m("50000.0") == won);
        assert_eq!(serde_json::to_string(&won).unwrap(), "50000");
        assert_eq!(serde_json::from_str::<Won>("50000").unwrap(), won);
        for bad in ["50000.0", "-1", "0", "\"50000\"", "1e4", "9007199254740992"] {
            assert!(serde_json::from_str::<Won>(bad).is_err(), "{bad}");
        }
        assert_eq!(format!("{won} {won:?}"), "50000 Won(50000)");
    }
}
