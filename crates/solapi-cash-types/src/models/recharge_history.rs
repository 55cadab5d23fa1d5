//! [`RechargeHistoryPage`]: one page of `GET /cash/v1/recharge-history`, whose answer SOLAPI
//! has not published (developers.solapi.com references/cash/getRechargeHistoryNew,
//! 2025-08-25, documents only the query). Decoded liberally, as `docs/models.md` says: a bare
//! array of entries, or an object whose list is under whichever key holds the one array of
//! objects, with the next page's key under `nextKey` or `startKey`; everything else is kept.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::wire::Extra;
use crate::wire::model::wire_model;
use crate::{HistoryType, Money, RechargeMethod, Timestamp};

wire_model! {
    /// One entry of the recharge history. Its shape is not published: the fields below are
    /// the balance history's names (*inferred*), each lenient; anything else is in `extra`.
    pub struct RechargeEntry (nulls = false) {
        /// The history entry.
        history_id: Option<String> = "historyId", lenient;
        /// The account.
        account_id: Option<String> = "accountId", lenient;
        /// `RECHARGE`, or another type of entry.
        kind: Option<HistoryType> = "type", lenient;
        /// How it was paid.
        recharge_method: Option<RechargeMethod> = "rechargeMethod", lenient;
        /// The change of the balance.
        balance_amount: Option<Money> = "balanceAmount", lenient;
        /// The change of the point.
        point_amount: Option<Money> = "pointAmount", lenient;
        /// The balance after.
        new_balance: Option<Money> = "newBalance", lenient;
        /// The master account (agencies).
        master_account_id: Option<String> = "masterAccountId", lenient;
        /// The account a transfer went to.
        target_account_id: Option<String> = "targetAccountId", lenient;
        /// When it was made.
        date_created: Option<Timestamp> = "dateCreated", lenient;
    }
}

impl RechargeEntry {
    /// An empty entry; set the public fields to fill it.
    pub fn new() -> RechargeEntry {
        RechargeEntry {
            history_id: None,
            account_id: None,
            kind: None,
            recharge_method: None,
            balance_amount: None,
            point_amount: None,
            new_balance: None,
            master_account_id: None,
            target_account_id: None,
            date_created: None,
            extra: Extra::new(),
        }
    }
}

impl Default for RechargeEntry {
    fn default() -> RechargeEntry {
        RechargeEntry::new()
    }
}

/// The keys the next page's key is read from, in order of preference.
pub const NEXT_KEY_NAMES: [&str; 2] = ["nextKey", "startKey"];

/// One page of the recharge history, as sent.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct RechargeHistoryPage {
    /// The entries, in the order sent.
    pub entries: Vec<RechargeEntry>,
    /// The key the list was under (`None`: the answer was a bare array).
    pub list_key: Option<String>,
    /// The key of the next page (`nextKey`, else `startKey`); `None` or absent: the last page.
    pub next_key: Option<String>,
    /// The key the next page's key was under.
    pub next_key_name: Option<String>,
    /// Every other field of the answer, as sent.
    pub extra: Extra,
}

impl RechargeHistoryPage {
    /// A page in the emulator's shape: `{"data": [...], "nextKey": key}`.
    pub fn new(entries: Vec<RechargeEntry>, next_key: Option<String>) -> RechargeHistoryPage {
        RechargeHistoryPage {
            entries,
            list_key: Some("data".to_owned()),
            next_key,
            next_key_name: Some("nextKey".to_owned()),
            extra: Extra::new(),
        }
    }
}

impl<'de> Deserialize<'de> for RechargeHistoryPage {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RechargeHistoryPage, D::Error> {
        struct PageVisitor;

        impl<'de> Visitor<'de> for PageVisitor {
            type Value = RechargeHistoryPage;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array of recharge entries, or an object holding one")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = seq.next_element::<RechargeEntry>()? {
                    entries.push(entry);
                }
                Ok(RechargeHistoryPage {
                    entries,
                    ..RechargeHistoryPage::default()
                })
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut fields: Vec<(String, Box<RawValue>)> = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, Box<RawValue>>()? {
                    if fields.iter().any(|(k, _)| *k == key) {
                        return Err(de::Error::custom(format!("duplicate field `{key}`")));
                    }
                    fields.push((key, value));
                }
                from_fields(fields).map_err(de::Error::custom)
            }
        }

        d.deserialize_any(PageVisitor)
    }
}

/// The page from the fields of an object: the one array whose items are objects is the list
/// (an empty array counts when no other array does); a string or `null` under `nextKey` or
/// `startKey` is the next key.
fn from_fields(fields: Vec<(String, Box<RawValue>)>) -> Result<RechargeHistoryPage, String> {
    let is_array = |raw: &RawValue| raw.get().trim_start().starts_with('[');
    let is_object_array = |raw: &RawValue| {
        let text = raw.get().trim_start();
        text.starts_with('[') && text[1..].trim_start().starts_with('{')
    };
    let list_at = {
        let objects: Vec<usize> = (0..fields.len())
            .filter(|&i| is_object_array(&fields[i].1))
            .collect();
        let arrays: Vec<usize> = (0..fields.len())
            .filter(|&i| is_array(&fields[i].1))
            .collect();
        match (objects.as_slice(), arrays.as_slice()) {
            ([one], _) => Some(*one),
            ([], [one]) => Some(*one),
            ([], []) => None,
            _ => {
                let names: Vec<&str> = fields
                    .iter()
                    .filter(|(_, v)| is_array(v))
                    .map(|(k, _)| k.as_str())
                    .collect();
                return Err(format!(
                    "more than one list in the answer ({}): cannot tell which holds the entries",
                    names.join(", ")
                ));
            }
        }
    };
    let next_at = NEXT_KEY_NAMES
        .iter()
        .find_map(|name| fields.iter().position(|(k, _)| k == name));
    let mut page = RechargeHistoryPage::default();
    for (i, (key, raw)) in fields.into_iter().enumerate() {
        if Some(i) == list_at {
            page.entries = serde_json::from_str(raw.get())
                .map_err(|e| format!("the entries under `{key}`: {e}"))?;
            page.list_key = Some(key);
        } else if Some(i) == next_at {
            page.next_key = match serde_json::from_str::<Option<serde_json::Value>>(raw.get()) {
                Ok(None) => None,
                Ok(Some(serde_json::Value::String(s))) if s.is_empty() => None,
                Ok(Some(serde_json::Value::String(s))) => Some(s),
                _ => {
                    return Err(format!(
                        "`{key}` is neither a string nor null: {}",
                        raw.get()
                    ));
                }
            };
            page.next_key_name = Some(key);
        } else {
            page.extra.insert(key, raw);
        }
    }
    Ok(page)
}

impl Serialize for RechargeHistoryPage {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Some(list_key) = &self.list_key else {
            return self.entries.serialize(serializer);
        };
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry(list_key, &self.entries)?;
        if let Some(name) = &self.next_key_name {
            map.serialize_entry(name, &self.next_key)?;
        }
        for (key, value) in self.extra.iter() {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> Result<RechargeHistoryPage, serde_json::Error> {
        serde_json::from_str(text)
    }

    #[test]
    fn the_list_is_found_under_any_key_and_the_next_key_under_either_name() {
        let p = page(r#"{"rechargeList":[{"historyId":"a","balanceAmount":10000}],"nextKey":"k2","limit":20}"#).unwrap();
        assert_eq!(p.entries.len(), 1);
        assert_eq!(p.list_key.as_deref(), Some("rechargeList"));
        assert_eq!(p.next_key.as_deref(), Some("k2"));
        assert_eq!(p.extra.get("limit").map(RawValue::get), Some("20"));
        let p = page(r#"{"startKey":null,"data":[]}"#).unwrap();
        assert!(p.entries.is_empty() && p.next_key.is_none());
        let p = page(r#"[{"historyId":"a"}]"#).unwrap();
        assert_eq!(p.entries.len(), 1);
        assert!(p.list_key.is_none());
    }

    #[test]
    fn nothing_is_lost_when_written_back() {
        let text = r#"{"data":[{"historyId":"a","balanceAmount":10000.5,"x":{"y":1}}],"nextKey":"k","total":3}"#;
        let again = serde_json::to_value(page(text).unwrap()).unwrap();
        assert_eq!(
            again,
            serde_json::from_str::<serde_json::Value>(text).unwrap()
        );
    }

    #[test]
    fn unclear_answers_are_errors() {
        assert!(page(r#"{"a":[{"x":1}],"b":[{"y":2}]}"#).is_err());
        assert!(page(r#"{"data":[],"nextKey":5}"#).is_err());
        assert!(page(r#""text""#).is_err());
    }
}
