//! Exact JSON (de)serialization of [`Money`].
//!
//! serde's data model hands JSON fractions to visitors as `f64`, which is exactly the loss this
//! crate exists to avoid. serde_json can instead hand over the raw text of a value (its
//! "raw value" mechanism, behind the `raw_value` feature we enable): we ask for it by name and
//! parse the digits ourselves. Other deserializers fall back to integers and strings, and a
//! fraction that reaches us as `f64` is refused rather than rounded.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

use crate::money::Money;

/// The name under which serde_json offers a value's raw text to a newtype-struct request,
/// and under which it writes a struct's one field as raw text. Stable since serde_json
/// 1.0.40; if it ever changed, fractions would be refused with an error (never rounded),
/// and `fractions_decode_exactly` and `serializes_the_same_digits` would fail.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.scale() == 0 {
            return match i64::try_from(self.mantissa()) {
                Ok(v) => serializer.serialize_i64(v),
                Err(_) => serializer.serialize_i128(self.mantissa()),
            };
        }
        // A fraction must be written as its digits, not through f64: as serde_json's own
        // `RawValue` serializes itself (a struct named by the raw-value token, holding the
        // text), without building and re-validating a `RawValue` for every amount. The
        // text is a JSON number by construction.
        let text = self.text();
        let mut raw = serializer.serialize_struct(RAW_VALUE_TOKEN, 1)?;
        raw.serialize_field(RAW_VALUE_TOKEN, text.as_str())?;
        raw.end()
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Money, D::Error> {
        deserializer.deserialize_newtype_struct(RAW_VALUE_TOKEN, MoneyVisitor)
    }
}

struct MoneyVisitor;

fn parse<E: de::Error>(text: &str) -> Result<Money, E> {
    text.parse::<Money>()
        .map_err(|e| E::custom(format_args!("invalid money value `{}`: {e}", Shorten(text))))
}

/// Keeps error messages bounded when a huge token arrives.
struct Shorten<'a>(&'a str);

impl fmt::Display for Shorten<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.char_indices().nth(40) {
            Some((cut, _)) => write!(f, "{}…", &self.0[..cut]),
            None => f.write_str(self.0),
        }
    }
}

impl<'de> Visitor<'de> for MoneyVisitor {
    type Value = Money;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number (amount of money)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Money, A::Error> {
        // serde_json's raw value: a one-entry map whose value is the token's text.
        if map.next_key::<de::IgnoredAny>()?.is_none() {
            return Err(de::Error::invalid_type(de::Unexpected::Map, &self));
        }
        let raw: RawText<'de> = map.next_value()?;
        let text = raw.0.as_ref();
        match text.as_bytes().first() {
            Some(b'-' | b'0'..=b'9') => parse(text),
            // A number sent as a JSON string, as some SOLAPI fields are.
            Some(b'"') => {
                let inner: String = serde_json::from_str(text).map_err(de::Error::custom)?;
                parse(inner.trim())
            }
            Some(b't' | b'f') => Err(de::Error::invalid_type(
                de::Unexpected::Other("boolean"),
                &self,
            )),
            Some(b'[') => Err(de::Error::invalid_type(de::Unexpected::Seq, &self)),
            Some(b'{') => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
            Some(b'n') => Err(de::Error::invalid_type(de::Unexpected::Unit, &self)),
            _ => Err(de::Error::invalid_value(de::Unexpected::Str(text), &self)),
        }
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Money, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Money, E> {
        Ok(Money::from_i64(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Money, E> {
        Money::from_parts(i128::from(v), 0).map_err(E::custom)
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Money, E> {
        Money::from_parts(v, 0).map_err(E::custom)
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Money, E> {
        let v = i128::try_from(v).map_err(E::custom)?;
        Money::from_parts(v, 0).map_err(E::custom)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Money, E> {
        parse(v.trim())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Money, E> {
        Err(E::custom(
            "money reached this decoder as a binary float; decode with serde_json (exact) instead",
        ))
    }
}

/// The raw text of a JSON value: borrowed from a slice, owned from a reader.
struct RawText<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for RawText<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawText<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("raw JSON text")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<RawText<'de>, E> {
                Ok(RawText(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawText<'de>, E> {
                Ok(RawText(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<RawText<'de>, E> {
                Ok(RawText(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, Serialize, PartialEq)]
    struct Row {
        amount: Money,
        other: Option<Money>,
    }

    #[test]
    fn fractions_decode_exactly() {
        let row: Row = serde_json::from_str(r#"{"amount": 10130.5, "other": -0.10}"#).unwrap();
        assert_eq!(row.amount.to_string(), "10130.5");
        assert_eq!(row.other.unwrap().to_string(), "-0.10");
        // Past f64's 2^53 the digits still survive.
        let row: Row =
            serde_json::from_str(r#"{"amount": 9007199254740993.75, "other": null}"#).unwrap();
        assert_eq!(row.amount.to_string(), "9007199254740993.75");
        assert_eq!(row.other, None);
    }

    #[test]
    fn readers_and_values_decode_too() {
        let row: Row =
            serde_json::from_reader(&br#"{"amount": 0.3, "other": "12.5"}"#[..]).unwrap();
        assert_eq!(row.amount.to_string(), "0.3");
        assert_eq!(row.other.unwrap().to_string(), "12.5");
        let value: serde_json::Value =
            serde_json::from_str(r#"{"amount": 100, "other": 1.25}"#).unwrap();
        let row: Row = serde_json::from_value(value).unwrap();
        assert_eq!(row.amount, Money::from_i64(100));
        assert_eq!(row.other.unwrap().to_string(), "1.25");
    }

    #[test]
    fn serializes_the_same_digits() {
        let row: Row = serde_json::from_str(r#"{"amount": 10130.50, "other": -100}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&row).unwrap(),
            r#"{"amount":10130.50,"other":-100}"#
        );
        let big = Money::from_parts(9_999_999_999_999_999_999, 0).unwrap();
        assert_eq!(serde_json::to_string(&big).unwrap(), "9999999999999999999");
        let tiny = Money::from_parts(-1, 18).unwrap();
        assert_eq!(
            serde_json::to_string(&tiny).unwrap(),
            "-0.000000000000000001"
        );
        assert_eq!(
            serde_json::to_string_pretty(&row).unwrap(),
            "{\n  \"amount\": 10130.50,\n  \"other\": -100\n}"
        );
        // Into a `Value` too (serde_json reads the raw text back as a number).
        let value = serde_json::to_value(&row).unwrap();
        assert_eq!(value["amount"].to_string(), "10130.5");
    }

    #[test]
    fn wrong_types_are_clear_errors() {
        for (body, needle) in [
            (r#"{"amount": true}"#, "boolean"),
            (r#"{"amount": [1]}"#, "sequence"),
            (r#"{"amount": {"a":1}}"#, "map"),
            (r#"{"amount": null}"#, "null"),
            (r#"{"amount": "ten"}"#, "invalid money value `ten`"),
            (r#"{"amount": 1e400}"#, "magnitude"),
        ] {
            let err = serde_json::from_str::<Row>(body).unwrap_err().to_string();
            assert!(err.contains(needle), "{body}: {err}");
        }
    }
}
