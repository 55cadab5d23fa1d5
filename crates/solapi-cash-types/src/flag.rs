//! [`Flag`]: an on/off setting as the service sends it — a number or a boolean.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::money::Money;
use crate::wire::raw::{RAW_VALUE_TOKEN, json_kind, raw_text_of};

/// A setting such as `autoRecharge` or `balanceOnly`, kept as it was sent.
///
/// The service sends these as numbers — `0`/`1` in the balance (documented sample, Node SDK
/// schema, Go SDK `int`), an auto-recharge priority in a payment method (`0` unused, `1` and up
/// a rank) — and older pages as booleans. A `Flag` keeps what was sent (it serializes back
/// the same, digit for digit) and offers a typed view: [`Flag::is_on`].
///
/// ```
/// use solapi_cash_types::Flag;
///
/// let off: Flag = serde_json::from_str("0")?;
/// let on: Flag = serde_json::from_str("true")?;
/// let ranked: Flag = serde_json::from_str("2")?;
/// assert_eq!((off.is_on(), on.is_on(), ranked.is_on()), (Some(false), Some(true), Some(true)));
/// assert_eq!(serde_json::from_str::<Flag>("0.5")?.is_on(), None);
/// assert_eq!(serde_json::to_string(&off)?, "0");
/// assert_eq!(serde_json::to_string(&on)?, "true");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Flag(Sent);

#[derive(Clone, PartialEq, Eq, Hash)]
enum Sent {
    Bool(bool),
    Number(Money),
}

impl Flag {
    /// A flag sent as a boolean.
    pub fn from_bool(on: bool) -> Flag {
        Flag(Sent::Bool(on))
    }

    /// A flag sent as a number.
    pub fn from_number(value: impl Into<Money>) -> Flag {
        Flag(Sent::Number(value.into()))
    }

    /// Whether the setting is on: a boolean as sent; a number is off when zero and on when a
    /// positive whole number (`1`, or a payment method's priority). `None` for any other
    /// number (negative or fractional), whose meaning is not documented.
    pub fn is_on(&self) -> Option<bool> {
        match &self.0 {
            Sent::Bool(on) => Some(*on),
            Sent::Number(n) if n.is_zero() => Some(false),
            Sent::Number(n) if n.is_positive() && n.normalized().scale() == 0 => Some(true),
            Sent::Number(_) => None,
        }
    }

    /// The boolean, when it was sent as one.
    pub fn as_bool(&self) -> Option<bool> {
        match &self.0 {
            Sent::Bool(on) => Some(*on),
            Sent::Number(_) => None,
        }
    }

    /// The number, when it was sent as one.
    pub fn as_number(&self) -> Option<&Money> {
        match &self.0 {
            Sent::Number(n) => Some(n),
            Sent::Bool(_) => None,
        }
    }
}

impl From<bool> for Flag {
    fn from(on: bool) -> Flag {
        Flag::from_bool(on)
    }
}

impl From<i64> for Flag {
    fn from(value: i64) -> Flag {
        Flag::from_number(value)
    }
}

impl fmt::Debug for Flag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Sent::Bool(on) => write!(f, "Flag({on})"),
            Sent::Number(n) => write!(f, "Flag({})", n.json_text()),
        }
    }
}

/// As sent: `true`, `0`, `1`, …
impl fmt::Display for Flag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Sent::Bool(on) => write!(f, "{on}"),
            Sent::Number(n) => f.write_str(&n.json_text()),
        }
    }
}

impl Serialize for Flag {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Sent::Bool(on) => s.serialize_bool(*on),
            Sent::Number(n) => n.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Flag, D::Error> {
        d.deserialize_newtype_struct(RAW_VALUE_TOKEN, FlagVisitor)
    }
}

struct FlagVisitor;

impl<'de> Visitor<'de> for FlagVisitor {
    type Value = Flag;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or a boolean")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Flag, A::Error> {
        let raw = raw_text_of(map, &self)?;
        match raw.as_ref() {
            "true" => Ok(Flag::from_bool(true)),
            "false" => Ok(Flag::from_bool(false)),
            text if text.starts_with(['-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']) => {
                // Read as money: exact, and the text kept when not plain.
                serde_json::from_str::<Money>(text)
                    .map(Flag::from_number)
                    .map_err(de::Error::custom)
            }
            text => Err(de::Error::invalid_type(
                de::Unexpected::Other(json_kind(text)),
                &self,
            )),
        }
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Flag, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Flag, E> {
        Ok(Flag::from_bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Flag, E> {
        Ok(Flag::from_number(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Flag, E> {
        Ok(Flag::from_number(v))
    }
}
