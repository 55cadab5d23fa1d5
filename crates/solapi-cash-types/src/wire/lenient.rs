//! Decoding a descriptive field leniently: a value of the expected type is read, `null` is
//! absence, and anything else is kept as raw JSON (in the model's [`Extra`]) and reported at
//! debug level instead of failing the call.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::Extra;
use super::raw::{RawJson, json_kind};

/// A type a descriptive field can hold: read from one JSON value's raw text, or `None` when
/// the text is not of this type (it is then kept raw).
pub(crate) trait LenientValue: Sized {
    /// `raw` is a valid JSON value other than `null`.
    fn from_raw(raw: &str) -> Option<Self>;
}

/// The type of a descriptive field: what absence (a missing key or `null`) leaves in it, and
/// how a present value is read.
pub(crate) trait LenientField: Sized {
    /// The value of an absent field.
    fn absent() -> Self;
    /// `raw` read as this field, or `None` when it is of an unexpected type.
    fn from_raw(raw: &str) -> Option<Self>;
}

impl<T: LenientValue> LenientField for Option<T> {
    fn absent() -> Self {
        None
    }
    fn from_raw(raw: &str) -> Option<Self> {
        if raw == "null" {
            return Some(None);
        }
        T::from_raw(raw).map(Some)
    }
}

/// A text that is empty when absent (the error body's message).
impl LenientField for String {
    fn absent() -> Self {
        String::new()
    }
    fn from_raw(raw: &str) -> Option<Self> {
        if raw == "null" {
            return Some(String::new());
        }
        <String as LenientValue>::from_raw(raw)
    }
}

/// Whether a field holds nothing (and is then written from [`Extra`], as `null`, or not at all).
pub(crate) trait FieldValue {
    fn is_absent(&self) -> bool;
}

impl<T> FieldValue for Option<T> {
    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

impl FieldValue for String {
    fn is_absent(&self) -> bool {
        false
    }
}

/// The content of a JSON string's raw text, borrowed when it has no escapes; `None` when the
/// text is not a string.
pub(crate) fn raw_string(raw: &str) -> Option<Cow<'_, str>> {
    // serde_json has validated the string: without escapes its text is the content.
    match raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        Some(inner) if !inner.contains('\\') => Some(Cow::Borrowed(inner)),
        Some(_) => serde_json::from_str::<String>(raw).ok().map(Cow::Owned),
        None => None,
    }
}

impl LenientValue for String {
    fn from_raw(raw: &str) -> Option<Self> {
        raw_string(raw).map(Cow::into_owned)
    }
}

/// Types read through their own `Deserialize` (strict inside; lenient only as a whole).
macro_rules! lenient_via_serde {
    ($($ty:ty),+ $(,)?) => {
        $(
            impl LenientValue for $ty {
                fn from_raw(raw: &str) -> Option<Self> {
                    serde_json::from_str(raw).ok()
                }
            }
        )+
    };
}

lenient_via_serde!(
    u32,
    u64,
    bool,
    crate::Money,
    crate::Flag,
    crate::Timestamp,
    Vec<crate::Money>,
    Vec<String>,
);

/// Reads the next value of `map` into the descriptive field `slot`; a value of an unexpected
/// type is kept in `extra` under `key` and reported at debug level. Never fails on the
/// value's content (only on malformed JSON, which fails the whole body anyway).
#[inline]
pub(crate) fn decode_lenient<'de, A: MapAccess<'de>, T: LenientField>(
    map: &mut A,
    model: &'static str,
    key: &'static str,
    slot: &mut T,
    extra: &mut Extra,
) -> Result<(), A::Error> {
    let Some(raw) = map.next_value::<NullOrRaw<'de>>()?.0 else {
        *slot = T::absent();
        return Ok(());
    };
    match T::from_raw(&raw) {
        Some(value) => *slot = value,
        None => {
            tracing::debug!(
                model,
                field = key,
                found = json_kind(&raw),
                "a descriptive field has an unexpected type; kept as raw JSON in `extra`"
            );
            let raw = RawValue::from_string(raw.into_owned()).map_err(de::Error::custom)?;
            extra.push(key.to_owned(), raw);
        }
    }
    Ok(())
}

/// `null`, read without the raw-text machinery (most descriptive fields of a history entry
/// are `null`), or the raw text of any other value.
struct NullOrRaw<'de>(Option<Cow<'de, str>>);

impl<'de> Deserialize<'de> for NullOrRaw<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = NullOrRaw<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_none<E: de::Error>(self) -> Result<NullOrRaw<'de>, E> {
                Ok(NullOrRaw(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<NullOrRaw<'de>, E> {
                Ok(NullOrRaw(None))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<NullOrRaw<'de>, D::Error> {
                Ok(NullOrRaw(Some(RawJson::deserialize(d)?.0)))
            }
        }
        d.deserialize_option(V)
    }
}

/// Reads the next value of `map` into the strict field `slot`, refusing a second copy.
#[inline]
pub(crate) fn decode_strict<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    key: &'static str,
    slot: &mut Option<T>,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(key));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Writes a field that may be absent: its value; or, when absent, what [`Extra`] kept under
/// its name; or `null` when `null_when_absent`; or nothing.
pub(crate) fn serialize_field<M, T>(
    map: &mut M,
    key: &'static str,
    value: &T,
    extra: &Extra,
    null_when_absent: bool,
) -> Result<(), M::Error>
where
    M: serde::ser::SerializeMap,
    T: serde::Serialize + FieldValue,
{
    if !value.is_absent() {
        return map.serialize_entry(key, value);
    }
    if let Some(raw) = (!extra.is_empty()).then(|| extra.get(key)).flatten() {
        return map.serialize_entry(key, raw);
    }
    if null_when_absent {
        return map.serialize_entry(key, &());
    }
    Ok(())
}
