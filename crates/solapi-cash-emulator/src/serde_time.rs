//! Serializes an `OffsetDateTime` the way the API writes dates (UTC, milliseconds, `Z`).

use serde::Serializer;
use solapi_cash_types::Timestamp;
use time::OffsetDateTime;

pub(crate) fn serialize<S: Serializer>(t: &OffsetDateTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(Timestamp::from_datetime(*t).as_str())
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
