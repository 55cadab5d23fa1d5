//! Raw JSON text: serde_json's "raw value" mechanism (the `raw_value` feature), used by name so
//! that money is read from its digits (never through `f64`) and unknown or unexpected values
//! are kept byte for byte.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeStruct, Serializer};

/// The name under which serde_json offers a value's raw text to a newtype-struct request,
/// and under which it writes a struct's one field as raw text. Stable since serde_json
/// 1.0.40; if it ever changed, money and kept values would fail to decode with an error
/// (never be rounded), and the tests of `money` and `wire` would fail.
pub(crate) const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// Writes `text`, which must be valid JSON, as it is: as serde_json's own `RawValue`
/// serializes itself (a struct named by the raw-value token, holding the text), without
/// building and re-validating a `RawValue`.
pub(crate) fn serialize_raw<S: Serializer>(serializer: S, text: &str) -> Result<S::Ok, S::Error> {
    let mut raw = serializer.serialize_struct(RAW_VALUE_TOKEN, 1)?;
    raw.serialize_field(RAW_VALUE_TOKEN, text)?;
    raw.end()
}

/// The text serde_json hands over for a raw-value request: a one-entry map whose value is
/// the text.
#[inline]
pub(crate) fn raw_text_of<'de, A: MapAccess<'de>>(
    mut map: A,
    expected: &dyn de::Expected,
) -> Result<Cow<'de, str>, A::Error> {
    if map.next_key::<de::IgnoredAny>()?.is_none() {
        return Err(de::Error::invalid_type(de::Unexpected::Map, expected));
    }
    Ok(map.next_value::<RawText<'de>>()?.0)
}

/// The raw text of one JSON value, borrowed from the input when it can be.
pub(crate) struct RawJson<'de>(pub(crate) Cow<'de, str>);

impl<'de> Deserialize<'de> for RawJson<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawJson<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON value (decode with serde_json)")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawJson<'de>, A::Error> {
                raw_text_of(map, &self).map(RawJson)
            }
        }
        d.deserialize_newtype_struct(RAW_VALUE_TOKEN, V)
    }
}

/// The value of the raw-value map: the text, borrowed from a slice, owned from a reader.
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

/// What kind of JSON value a raw text is, for messages.
pub(crate) fn json_kind(raw: &str) -> &'static str {
    match raw.trim_start().as_bytes().first() {
        Some(b'"') => "a string",
        Some(b'-' | b'0'..=b'9') => "a number",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        Some(b'[') => "an array",
        Some(b'{') => "an object",
        _ => "a value",
    }
}
