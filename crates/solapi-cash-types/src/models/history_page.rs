//! [`HistoryPage`] and [`HistoryEntry::decode_page`]: a history page, read on its bytes.
//!
//! Exports decode a thousand entries a page, and serde's generic path costs ten thousand
//! instructions an entry (every key and value goes through several layers of visitors, each
//! money value and each descriptive field is captured as raw text and read again). The page
//! the service sends is always the same shape — an array of flat objects with the documented
//! keys, plain strings, numbers and `null`s — so this module reads that shape directly:
//! field names matched on bytes, in the order the service sends them first, strings borrowed
//! from the page until they become the entry's own, numbers handed to [`Money`]'s own parser.
//!
//! It only reads what it understands completely. Anything else — an unknown key, a value of an
//! unexpected type, an escape sequence, a duplicate key, a missing field, anything that is not
//! valid JSON — sends the whole page to the general decoder (`serde_json` with the models'
//! `Deserialize`), which keeps unknown fields in `extra`, reads escapes and reports errors with
//! their place. The fast path therefore never gives another answer than the general one: it
//! gives the same one sooner, or none (a property test checks it on generated pages).

mod reader;

use std::ops::Range;

use self::reader::{MIN_ENTRY_BYTES, Reader};
use super::HistoryEntry;

impl HistoryEntry {
    /// Decodes a page of the history (`GET /cash/v1/balance/history`: a JSON array of
    /// entries) exactly as `serde_json::from_slice::<Vec<HistoryEntry>>` does — same entries,
    /// same `extra`, same errors — only faster on the shape the service sends. `capacity` is
    /// the page size asked for (the vector is reserved for it, up to what the body can hold).
    ///
    /// ```
    /// use solapi_cash_types::{HistoryEntry, HistoryType};
    ///
    /// let body = br#"[{"balanceAmount":-8.4,"pointAmount":0,"groupId":null,"memo":null,
    ///   "rechargeMethod":null,"serviceMethod":"MT","chargedMethod":null,"paymentMethod":null,
    ///   "accountId":"19041920726336","oldBalance":100,"newBalance":91.6,"oldPoint":0,
    ///   "newPoint":0,"type":"DEDUCT","dateCreated":"2019-08-06T06:16:06.000Z",
    ///   "historyId":"5d491966384bbe6e51a2ceb6"}]"#;
    /// let page = HistoryEntry::decode_page(body, 1000)?;
    /// assert_eq!(page[0].kind, HistoryType::Deduct);
    /// assert_eq!(page[0].new_balance.to_string(), "91.6");
    /// assert_eq!(page, serde_json::from_slice::<Vec<HistoryEntry>>(body)?);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn decode_page(
        body: &[u8],
        capacity: usize,
    ) -> Result<Vec<HistoryEntry>, serde_json::Error> {
        // One UTF-8 check for the whole page; invalid UTF-8 goes the byte way, which reports
        // where it is.
        let Ok(text) = std::str::from_utf8(body) else {
            return serde_json::from_slice(body);
        };
        let capacity = capacity.min(body.len() / MIN_ENTRY_BYTES + 1);
        match Reader::new(text).page(capacity, None) {
            Some(page) => Ok(page),
            None => serde_json::from_str(text),
        }
    }
}

/// One page of the history as decoded, in order, newest first — and, when asked for and
/// known, the JSON text the service sent for each entry.
///
/// An export hands out its entries a page at a time; a program that writes entries out as
/// JSON can write [`sent_json`](Self::sent_json) instead of encoding each entry again: it is
/// the service's own text, key order, number forms and unknown fields included.
///
/// ```
/// use solapi_cash_types::HistoryPage;
///
/// let body = br#"[{"balanceAmount":-8.4,"pointAmount":0,"groupId":null,"memo":null,
/// "rechargeMethod":null,"serviceMethod":"MT","chargedMethod":null,"paymentMethod":null,
/// "accountId":"19041920726336","oldBalance":100,"newBalance":91.6,"oldPoint":0,"newPoint":0,
/// "type":"DEDUCT","dateCreated":"2019-08-06T06:16:06.000Z","historyId":"5d491966384bbe6e51a2ceb6"}]"#;
/// let page = HistoryPage::decode(body, 1000, true)?;
/// assert_eq!(page.len(), 1);
/// assert!(page.sent_json(0).is_some_and(|text| text.contains("\"newBalance\":91.6")));
/// assert_eq!(page.entries()[0].new_balance.to_string(), "91.6");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HistoryPage {
    entries: Vec<HistoryEntry>,
    text: Option<SentText>,
}

/// The page's text and each entry's range in it.
#[derive(Debug, Clone, PartialEq)]
struct SentText {
    body: Box<str>,
    /// One per entry, in step with `entries`.
    spans: Vec<Range<usize>>,
}

impl HistoryPage {
    /// Decodes a page as [`HistoryEntry::decode_page`] does. With `keep_text`, the page keeps
    /// its text and each entry's place in it, when the page was read on the fast path (the
    /// shape the service sends; see [`sent_json`](Self::sent_json)).
    pub fn decode(
        body: &[u8],
        capacity: usize,
        keep_text: bool,
    ) -> Result<HistoryPage, serde_json::Error> {
        if !keep_text {
            return HistoryEntry::decode_page(body, capacity).map(HistoryPage::from_entries);
        }
        let Ok(text) = std::str::from_utf8(body) else {
            return serde_json::from_slice(body).map(HistoryPage::from_entries);
        };
        let capacity = capacity.min(body.len() / MIN_ENTRY_BYTES + 1);
        let mut spans = Vec::with_capacity(capacity);
        match Reader::new(text).page(capacity, Some(&mut spans)) {
            Some(entries) => Ok(HistoryPage {
                entries,
                text: Some(SentText {
                    body: text.into(),
                    spans,
                }),
            }),
            None => serde_json::from_str(text).map(HistoryPage::from_entries),
        }
    }

    /// A page of these entries, without text.
    pub fn from_entries(entries: Vec<HistoryEntry>) -> HistoryPage {
        HistoryPage {
            entries,
            text: None,
        }
    }

    /// The entries.
    pub fn entries(&self) -> &[HistoryEntry] {
        &self.entries
    }

    /// How many entries there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries, without the text.
    pub fn into_entries(self) -> Vec<HistoryEntry> {
        self.entries
    }

    /// The JSON text the service sent for the entry at `index` — one object, exactly as sent,
    /// whitespace between its tokens included — when the page was decoded with its text and
    /// read on the fast path; `None` otherwise (then only the decoded entry is known).
    pub fn sent_json(&self, index: usize) -> Option<&str> {
        let text = self.text.as_ref()?;
        text.body.get(text.spans.get(index)?.clone())
    }

    /// Each entry with its [`sent_json`](Self::sent_json), in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&HistoryEntry, Option<&str>)> + '_ {
        self.entries
            .iter()
            .enumerate()
            .map(|(i, entry)| (entry, self.sent_json(i)))
    }

    /// Drops the first `n` entries (all of them if there are fewer) and their text.
    pub fn skip_front(&mut self, n: usize) {
        let n = n.min(self.entries.len());
        self.entries.drain(..n);
        if let Some(text) = &mut self.text {
            text.spans.drain(..n.min(text.spans.len()));
        }
    }
}

#[cfg(test)]
mod tests;
