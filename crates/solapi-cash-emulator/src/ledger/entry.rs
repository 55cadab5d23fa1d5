//! [`Entry`]: one stored history entry, and [`HistoryId`], its 24-hex identifier.

use serde::ser::{Serialize, SerializeStruct, Serializer};
use solapi_cash_types::{
    HistoryEntry, HistoryType, Money, RechargeMethod, ServiceMethod, Timestamp,
};

use crate::clock::from_unix_ms;

/// A 12-byte id printed as 24 lowercase hex digits, laid out like a MongoDB ObjectId: the
/// entry's second (4 bytes) then a per-emulator sequence number scrambled by a bijection
/// (8 bytes), so ids are unique within an emulator yet look random.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct HistoryId([u8; 12]);

impl HistoryId {
    pub(crate) fn new(date_ms: i64, seq: u64) -> Self {
        let secs = u32::try_from(date_ms.div_euclid(1000)).unwrap_or(0);
        // Multiplying by an odd constant and xoring are both bijections on u64: distinct
        // sequence numbers stay distinct.
        let scrambled = seq.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x5db7_28d9_aa83_9545;
        let mut bytes = [0u8; 12];
        bytes[..4].copy_from_slice(&secs.to_be_bytes());
        bytes[4..].copy_from_slice(&scrambled.to_be_bytes());
        Self(bytes)
    }

    /// An id written as 24 lowercase hex digits (as [`HistoryId::to_hex`] writes it).
    pub(crate) fn from_hex(text: &str) -> Option<Self> {
        let digits = text.as_bytes();
        if digits.len() != 24
            || !digits
                .iter()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        {
            return None;
        }
        let mut bytes = [0u8; 12];
        for (i, pair) in digits.chunks_exact(2).enumerate() {
            let text = std::str::from_utf8(pair).ok()?;
            bytes[i] = u8::from_str_radix(text, 16).ok()?;
        }
        Some(Self(bytes))
    }

    pub(crate) fn to_hex(self) -> String {
        self.hex_bytes().iter().map(|&b| char::from(b)).collect()
    }

    fn hex_bytes(self) -> [u8; 24] {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut out = [0u8; 24];
        for (i, b) in self.0.into_iter().enumerate() {
            out[2 * i] = DIGITS[usize::from(b >> 4)];
            out[2 * i + 1] = DIGITS[usize::from(b & 0x0f)];
        }
        out
    }
}

/// A history entry as stored: compact fields, converted to the wire model on output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) date_ms: i64,
    pub(crate) id: HistoryId,
    pub(crate) kind: HistoryType,
    pub(crate) recharge_method: Option<RechargeMethod>,
    pub(crate) service_method: Option<ServiceMethod>,
    pub(crate) group_id: Option<Box<str>>,
    pub(crate) memo: Option<Box<str>>,
    pub(crate) balance_amount: Money,
    pub(crate) point_amount: Money,
    pub(crate) old_balance: Money,
    pub(crate) new_balance: Money,
    pub(crate) old_point: Money,
    pub(crate) new_point: Money,
}

impl Entry {
    /// The entry as the API sends it.
    pub(crate) fn to_wire(&self, account_id: &str) -> HistoryEntry {
        HistoryEntry::builder(
            self.id.to_hex(),
            account_id,
            self.kind.clone(),
            Timestamp::from_datetime(from_unix_ms(self.date_ms)),
        )
        .balance_amount(&self.balance_amount)
        .point_amount(&self.point_amount)
        .maybe_group_id(self.group_id.as_deref())
        .maybe_memo(self.memo.as_deref())
        .maybe_recharge_method(self.recharge_method.clone())
        .maybe_service_method(self.service_method.clone())
        .old_balance(&self.old_balance)
        .new_balance(&self.new_balance)
        .old_point(&self.old_point)
        .new_point(&self.new_point)
        .build()
    }
}

/// An entry as the API sends it, serialized straight from storage: the same JSON as
/// [`Entry::to_wire`] (a unit test holds them equal) without building the owned model,
/// which makes history pages about twice as fast.
pub(crate) struct WireEntry<'a> {
    pub(crate) entry: &'a Entry,
    pub(crate) account_id: &'a str,
}

impl Serialize for WireEntry<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let e = self.entry;
        let date = api_date(e.date_ms);
        let date = match &date {
            Some(bytes) => std::str::from_utf8(bytes).map_err(serde::ser::Error::custom)?,
            None => "",
        };
        let fallback;
        let date = if date.is_empty() {
            fallback = Timestamp::from_datetime(from_unix_ms(e.date_ms));
            fallback.as_str()
        } else {
            date
        };
        let id = e.id.hex_bytes();
        let id = std::str::from_utf8(&id).map_err(serde::ser::Error::custom)?;
        // The keys and their order are the model's (`HistoryEntry::KEYS`): written once, and
        // taken in turn here (a unit test holds the result equal to the model's JSON).
        let mut keys = HistoryEntry::KEYS.into_iter();
        let mut key = move || keys.next().unwrap_or_default();
        let mut s = serializer.serialize_struct("HistoryEntry", HistoryEntry::KEYS.len())?;
        s.serialize_field(key(), &e.balance_amount)?;
        s.serialize_field(key(), &e.point_amount)?;
        s.serialize_field(key(), &e.group_id.as_deref())?;
        s.serialize_field(key(), &e.memo.as_deref())?;
        s.serialize_field(key(), &e.recharge_method)?;
        s.serialize_field(key(), &e.service_method)?;
        // `chargedMethod` and `paymentMethod`: only ever seen as null.
        s.serialize_field(key(), &None::<&str>)?;
        s.serialize_field(key(), &None::<&str>)?;
        s.serialize_field(key(), self.account_id)?;
        s.serialize_field(key(), &e.old_balance)?;
        s.serialize_field(key(), &e.new_balance)?;
        s.serialize_field(key(), &e.old_point)?;
        s.serialize_field(key(), &e.new_point)?;
        s.serialize_field(key(), &e.kind)?;
        s.serialize_field(key(), date)?;
        s.serialize_field(key(), id)?;
        s.end()
    }
}

/// `2018-04-01T10:00:00.000Z` for years 0 to 9999, written digit by digit (the general
/// formatter is the slowest part of a page otherwise); `None` outside that range.
fn api_date(ms: i64) -> Option<[u8; 24]> {
    let t = from_unix_ms(ms);
    let year = u32::try_from(t.year()).ok().filter(|y| *y <= 9999)?;
    let mut out = *b"0000-00-00T00:00:00.000Z";
    let mut put = |at: usize, width: usize, mut value: u32| {
        for i in (at..at + width).rev() {
            // value % 10 < 10, so the cast cannot truncate.
            out[i] = b'0' + (value % 10) as u8;
            value /= 10;
        }
    };
    put(0, 4, year);
    put(5, 2, u32::from(u8::from(t.month())));
    put(8, 2, u32::from(t.day()));
    put(11, 2, u32::from(t.hour()));
    put(14, 2, u32::from(t.minute()));
    put(17, 2, u32::from(t.second()));
    put(20, 3, u32::from(t.millisecond()));
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_date_matches_the_timestamp_format() {
        for ms in [
            0,
            1_522_576_800_000,
            1_522_576_800_999,
            253_402_300_799_999,
            951_782_400_123,
        ] {
            let fast = api_date(ms).unwrap();
            let reference = Timestamp::from_datetime(from_unix_ms(ms));
            assert_eq!(std::str::from_utf8(&fast).unwrap(), reference.as_str());
        }
        assert!(api_date(-62_167_219_200_001).is_none());
    }

    #[test]
    fn wire_entry_serializes_like_the_model() {
        let mut ledger = super::super::Ledger::default();
        let mut seq = 0;
        super::super::generator::generate(&mut ledger, 2_000, 5, 0, 1_800_000_000_000, |ms| {
            seq += 1;
            HistoryId::new(ms, seq)
        })
        .unwrap();
        for e in ledger.entries() {
            let fast = serde_json::to_string(&WireEntry {
                entry: e,
                account_id: "A1",
            })
            .unwrap();
            let model = serde_json::to_string(&e.to_wire("A1")).unwrap();
            assert_eq!(fast, model);
        }
    }

    #[test]
    fn ids_read_back_from_hex() {
        let id = HistoryId::new(1_522_576_800_000, 7);
        assert_eq!(HistoryId::from_hex(&id.to_hex()), Some(id));
        for bad in [
            "",
            "5db728d9aa83954519463ab",
            "5DB728D9AA83954519463ABF",
            "5db728d9aa83954519463abg",
        ] {
            assert_eq!(HistoryId::from_hex(bad), None, "{bad}");
        }
        assert!(HistoryId::from_hex("5db728d9aa83954519463abf").is_some());
    }

    #[test]
    fn ids_are_24_hex_and_distinct() {
        let a = HistoryId::new(1_522_576_800_000, 1).to_hex();
        let b = HistoryId::new(1_522_576_800_000, 2).to_hex();
        assert_eq!(a.len(), 24);
        assert!(
            a.bytes()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        assert_ne!(a, b);
        // The first 8 digits are the second of the entry, as in an ObjectId.
        assert_eq!(&a[..8], "5ac0ada0");
    }
}
