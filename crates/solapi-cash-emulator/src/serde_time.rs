//! Serializes an `OffsetDateTime` the way the API writes dates (UTC, milliseconds, `Z`),
//! and reads any RFC 3339 date back.

use serde::{Deserialize, Deserializer, Serializer};
use solapi_cash_types::Timestamp;
use time::OffsetDateTime;

pub(crate) fn serialize<S: Serializer>(t: &OffsetDateTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(Timestamp::from_datetime(*t).as_str())
}

pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<OffsetDateTime, D::Error> {
    let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
    OffsetDateTime::parse(&text, &time::format_description::well_known::Rfc3339)
        .map_err(|e| serde::de::Error::custom(format!("{text:?} is not an RFC 3339 date ({e})")))
}

/// The same for an optional date (`null` when absent).
pub(crate) mod option {
    use serde::Serializer;
    use time::OffsetDateTime;

    pub(crate) fn serialize<S: Serializer>(
        t: &Option<OffsetDateTime>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => super::serialize(t, s),
            None => s.serialize_none(),
        }
    }
}
