//! [`Extra`]: what a response model did not understand, kept as the raw JSON the service sent.

use std::fmt;

use serde::ser::SerializeMap;
use serde_json::value::RawValue;

/// The fields of a response that its model does not know — and known descriptive fields whose
/// value had an unexpected type — as the raw JSON the service sent, in the order received.
///
/// Serializing the model writes them back (a known field in its own place, the others after
/// the known ones), so that re-serializing what was decoded loses nothing the service sent.
///
/// ```
/// use solapi_cash_types::BalanceResponse;
///
/// let b: BalanceResponse =
///     serde_json::from_str(r#"{"balance": 100, "isRecharging": false, "autoRecharge": "?"}"#)?;
/// assert_eq!(b.extra.get("isRecharging").map(|v| v.get()), Some("false"));
/// // A descriptive field of an unexpected type is kept here too, and the field is `None`.
/// assert_eq!(b.auto_recharge, None);
/// assert_eq!(b.extra.get("autoRecharge").map(|v| v.get()), Some(r#""?""#));
/// assert_eq!(
///     serde_json::to_string(&b)?,
///     r#"{"autoRecharge":"?","balance":100,"isRecharging":false}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct Extra {
    /// Boxed: almost always empty, and then one pointer wide in every model (a history
    /// entry is moved a thousand times per page).
    #[allow(
        clippy::box_collection,
        reason = "keeps the empty case to one pointer; filled only when the service adds fields"
    )]
    fields: Option<Box<Vec<Field>>>,
}

/// A kept field: its name and its raw JSON.
type Field = (String, Box<RawValue>);

impl Extra {
    /// No fields.
    pub fn new() -> Extra {
        Extra::default()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.slice().is_empty()
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.slice().len()
    }

    fn slice(&self) -> &[Field] {
        self.fields.as_deref().map_or(&[], Vec::as_slice)
    }

    fn vec(&mut self) -> &mut Vec<Field> {
        self.fields.get_or_insert_default()
    }

    /// The raw JSON of the field `key`, if kept (the first one, if the service sent it twice).
    pub fn get(&self, key: &str) -> Option<&RawValue> {
        self.slice()
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_ref())
    }

    /// Every kept field, in the order received.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &RawValue)> {
        self.slice().iter().map(|(k, v)| (k.as_str(), v.as_ref()))
    }

    /// Keeps `value` under `key`, replacing a field of that name.
    pub fn insert(&mut self, key: impl Into<String>, value: Box<RawValue>) {
        let key = key.into();
        let fields = self.vec();
        match fields.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => fields.push((key, value)),
        }
    }

    /// Removes the field `key` (every copy of it), returning the first.
    pub fn remove(&mut self, key: &str) -> Option<Box<RawValue>> {
        let fields = self.fields.as_deref_mut()?;
        let index = fields.iter().position(|(k, _)| k == key)?;
        let (_, value) = fields.remove(index);
        fields.retain(|(k, _)| k != key);
        Some(value)
    }

    /// Appends a field as received (duplicates kept, as sent).
    pub(crate) fn push(&mut self, key: String, value: Box<RawValue>) {
        self.vec().push((key, value));
    }

    /// Writes the fields whose name is not in `known` (those are written in their place).
    pub(crate) fn serialize_unknown<M: SerializeMap>(
        &self,
        map: &mut M,
        known: &[&str],
    ) -> Result<(), M::Error> {
        for (key, value) in self.slice() {
            if !known.contains(&key.as_str()) {
                map.serialize_entry(key, value)?;
            }
        }
        Ok(())
    }
}

/// Equal when the same fields were kept with the same raw text, in the same order.
impl PartialEq for Extra {
    fn eq(&self, other: &Extra) -> bool {
        self.len() == other.len()
            && self
                .iter()
                .zip(other.iter())
                .all(|((ka, va), (kb, vb))| ka == kb && va.get() == vb.get())
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.iter().map(|(k, v)| (k, v.get())))
            .finish()
    }
}
