//! Exact JSON (de)serialization of [`Money`].
//!
//! serde's data model hands JSON fractions to visitors as `f64`, which is exactly the loss this
//! type exists to avoid. serde_json can instead hand over the raw text of a value (see
//! [`crate::wire`]): we ask for it by name and parse the digits ourselves, remembering the text
//! when it is not plain decimal so that it is written back as sent. Other deserializers fall
//! back to integers and strings, and a fraction that reaches us as `f64` is refused rather
//! than rounded.

use std::fmt;

use num_bigint::BigInt;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::text::InlineText;
use super::{Money, Repr, parse};
use crate::wire::raw::{RAW_VALUE_TOKEN, raw_text_of, serialize_raw};

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if let Some(text) = self.sent_text() {
            return serialize_raw(serializer, text);
        }
        match self.repr() {
            Repr::Inline(m, 0) => match i64::try_from(m) {
                Ok(v) => serializer.serialize_i64(v),
                Err(_) => serializer.serialize_i128(m),
            },
            // A fraction must be written as its digits, not through f64. The text is a JSON
            // number by construction.
            Repr::Inline(m, s) => serialize_raw(serializer, InlineText::new(m, s).as_str()),
            Repr::Big(..) => serialize_raw(serializer, &self.to_string()),
        }
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Money, D::Error> {
        deserializer.deserialize_newtype_struct(RAW_VALUE_TOKEN, MoneyVisitor)
    }
}

struct MoneyVisitor;

#[inline]
fn parse_text<E: de::Error>(text: &str, keep_text: bool) -> Result<Money, E> {
    parse::parse(text, keep_text)
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

    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Money, A::Error> {
        let raw = raw_text_of(map, &self)?;
        let text = raw.as_ref();
        match text.as_bytes().first() {
            // serde_json validated the number: keeping its text keeps valid JSON.
            Some(b'-' | b'0'..=b'9') => parse_text(text, true),
            // A number sent as a JSON string, as some SOLAPI fields are.
            Some(b'"') => {
                let inner: String = serde_json::from_str(text).map_err(de::Error::custom)?;
                parse_text(inner.trim(), false)
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
        Ok(Money::from(v))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Money, E> {
        Money::from_parts(v, 0).map_err(E::custom)
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Money, E> {
        Money::from_big(BigInt::from(v), 0).map_err(E::custom)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Money, E> {
        parse_text(v.trim(), false)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Money, E> {
        Err(E::custom(
            "money reached this decoder as a binary float; decode with serde_json (exact) instead",
        ))
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
            (r#"{"amount": 1e999999999}"#, "digits"),
        ] {
            let err = serde_json::from_str::<Row>(body).unwrap_err().to_string();
            assert!(err.contains(needle), "{body}: {err}");
        }
    }
}
