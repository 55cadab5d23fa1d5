//! The byte reader behind [`HistoryEntry::decode_page`] and [`HistoryPage::decode`]: the
//! service's page shape, read directly, or `None` for anything else.

use std::ops::Range;

use crate::models::HistoryEntry;
use crate::money::Money;
use crate::open_enums::{HistoryType, RechargeMethod, ServiceMethod};
use crate::timestamp::Timestamp;

/// The shortest text a history entry can have: the ten required keys with their quotes,
/// colons and commas, the shortest values, the braces (a bound for the page's capacity).
pub(super) const MIN_ENTRY_BYTES: usize = 160;

/// The keys this reader knows, in the order the service sends them: the model's own
/// [`HistoryEntry::KEYS`], as bytes; the indices below follow it.
pub(super) const KEYS: [&[u8]; 16] = {
    let mut out: [&[u8]; 16] = [b""; 16];
    let mut i = 0;
    while i < 16 {
        out[i] = HistoryEntry::KEYS[i].as_bytes();
        i += 1;
    }
    out
};

/// The bit of every required key (money, ids, `type`, `dateCreated`).
pub(super) const REQUIRED: u16 = 0b1111_1111_0000_0011;

/// A cursor over the page's text. Every method returns `None` when the text is not the
/// shape it reads (the caller then hands the page to the general decoder).
pub(super) struct Reader<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn new(text: &'a str) -> Reader<'a> {
        Reader { text, at: 0 }
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    /// After an element of an array or a member of an object: a `,` (another follows:
    /// `true`, at its start) or `close` (the end: `false`, past it); `None` for anything else.
    #[inline]
    fn more_before(&mut self, close: u8) -> Option<bool> {
        self.skip_ws();
        match self.peek()? {
            b',' => {
                self.at += 1;
                self.skip_ws();
                Some(true)
            }
            c if c == close => {
                self.at += 1;
                Some(false)
            }
            _ => None,
        }
    }

    #[inline]
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.bytes().get(self.at) {
            self.at += 1;
        }
    }

    #[inline]
    fn peek(&self) -> Option<u8> {
        self.bytes().get(self.at).copied()
    }

    #[inline]
    fn eat(&mut self, byte: u8) -> Option<()> {
        if self.peek() == Some(byte) {
            self.at += 1;
            Some(())
        } else {
            None
        }
    }

    /// The page's entries, and with `spans` each entry's byte range in the text.
    pub(super) fn page(
        mut self,
        capacity: usize,
        mut spans: Option<&mut Vec<Range<usize>>>,
    ) -> Option<Vec<HistoryEntry>> {
        let mut page = Vec::with_capacity(capacity);
        self.skip_ws();
        self.eat(b'[')?;
        self.skip_ws();
        if self.eat(b']').is_none() {
            loop {
                let start = self.at;
                page.push(self.entry()?);
                if let Some(spans) = spans.as_deref_mut() {
                    spans.push(start..self.at);
                }
                if !self.more_before(b']')? {
                    break;
                }
            }
        }
        self.skip_ws();
        (self.at == self.text.len()).then_some(page)
    }

    /// A JSON string without escapes: its content (the quotes and any escape, control
    /// character or end of text before the closing quote give `None`).
    #[inline]
    fn string(&mut self) -> Option<&'a str> {
        self.eat(b'"')?;
        let start = self.at;
        let rest = self.bytes().get(start..)?;
        let len = string_end(rest)?;
        if rest.get(len) != Some(&b'"') {
            return None;
        }
        self.at = start + len + 1;
        // Both ends are ASCII quotes: the slice is on character boundaries.
        self.text.get(start..start + len)
    }

    /// Whether `literal` is at the cursor; if so, the cursor moves past it.
    #[inline(always)]
    fn literal(&mut self, literal: &[u8]) -> bool {
        let end = self.at + literal.len();
        if self.bytes().get(self.at..end) == Some(literal) {
            self.at = end;
            true
        } else {
            false
        }
    }

    /// `null`, or a string without escapes.
    #[inline]
    fn null_or_string(&mut self) -> Option<Option<&'a str>> {
        if self.peek() == Some(b'n') {
            return self.literal(b"null").then_some(None);
        }
        self.string().map(Some)
    }

    /// A JSON number token, checked against the JSON grammar (serde_json accepts exactly
    /// these), read exactly by [`Money`].
    #[inline]
    fn money(&mut self) -> Option<Money> {
        let b = self.bytes();
        let start = self.at;
        let mut i = start;
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        match b.get(i)? {
            b'0' => i += 1,
            b'1'..=b'9' => {
                i += 1;
                while b.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
            }
            _ => return None,
        }
        if b.get(i) == Some(&b'.') {
            i = at_least_one_digit(b, i + 1)?;
        }
        if let Some(b'e' | b'E') = b.get(i) {
            i += 1;
            if let Some(b'+' | b'-') = b.get(i) {
                i += 1;
            }
            i = at_least_one_digit(b, i)?;
        }
        self.at = i;
        Money::from_json_number(self.text.get(start..i)?).ok()
    }

    /// Whether the key at the cursor is `KEYS[expected]`, quoted (then skipped). The keys are
    /// written here as literals, against the rule that [`HistoryEntry::KEYS`] is their one
    /// list, for speed: a comparison of known length per arm (looking the key up in `KEYS`
    /// measured about 30% slower pages). A test holds each arm to `KEYS`.
    #[inline(always)]
    pub(super) fn expected_key(&mut self, expected: usize) -> bool {
        macro_rules! quoted {
            ($($i:literal => $name:literal),+ $(,)?) => {
                match expected {
                    $( $i => self.literal(concat!("\"", $name, "\"").as_bytes()), )+
                    _ => false,
                }
            };
        }
        quoted! {
            0 => "balanceAmount", 1 => "pointAmount", 2 => "groupId", 3 => "memo",
            4 => "rechargeMethod", 5 => "serviceMethod", 6 => "chargedMethod",
            7 => "paymentMethod", 8 => "accountId", 9 => "oldBalance", 10 => "newBalance",
            11 => "oldPoint", 12 => "newPoint", 13 => "type", 14 => "dateCreated",
            15 => "historyId",
        }
    }

    /// The index of the key at the cursor in [`KEYS`], trying `expected` first (compared
    /// on the bytes, quotes included: the service sends its keys in one order).
    #[inline]
    pub(super) fn key(&mut self, expected: usize) -> Option<usize> {
        let matched = self.expected_key(expected);
        if matched {
            return Some(expected);
        }
        let name = self.string()?.as_bytes();
        if KEYS.get(expected) == Some(&name) {
            return Some(expected);
        }
        KEYS.iter().position(|k| *k == name)
    }

    fn entry(&mut self) -> Option<HistoryEntry> {
        self.eat(b'{')?;
        let mut balance_amount = None;
        let mut point_amount = None;
        let mut group_id = None;
        let mut memo = None;
        let mut recharge_method = None;
        let mut service_method = None;
        let mut charged_method = None;
        let mut payment_method = None;
        let mut account_id = None;
        let mut old_balance = None;
        let mut new_balance = None;
        let mut old_point = None;
        let mut new_point = None;
        let mut kind = None;
        let mut date_created = None;
        let mut history_id = None;
        let mut seen: u16 = 0;
        let mut next = 0;
        self.skip_ws();
        loop {
            let key = self.key(next)?;
            let bit = 1u16 << key;
            if seen & bit != 0 {
                return None;
            }
            seen |= bit;
            next = key + 1;
            self.skip_ws();
            self.eat(b':')?;
            self.skip_ws();
            match key {
                0 => balance_amount = Some(self.money()?),
                1 => point_amount = Some(self.money()?),
                2 => group_id = self.null_or_string()?.map(str::to_owned),
                3 => memo = self.null_or_string()?.map(str::to_owned),
                4 => recharge_method = self.null_or_string()?.map(RechargeMethod::from),
                5 => service_method = self.null_or_string()?.map(ServiceMethod::from),
                6 => charged_method = self.null_or_string()?.map(str::to_owned),
                7 => payment_method = self.null_or_string()?.map(str::to_owned),
                8 => account_id = Some(self.string()?.to_owned()),
                9 => old_balance = Some(self.money()?),
                10 => new_balance = Some(self.money()?),
                11 => old_point = Some(self.money()?),
                12 => new_point = Some(self.money()?),
                13 => kind = Some(HistoryType::from(self.string()?)),
                14 => date_created = Some(Timestamp::parse(self.string()?).ok()?),
                _ => history_id = Some(self.string()?.to_owned()),
            }
            if !self.more_before(b'}')? {
                break;
            }
        }
        if seen & REQUIRED != REQUIRED {
            return None;
        }
        Some(HistoryEntry {
            balance_amount: balance_amount?,
            point_amount: point_amount?,
            group_id,
            memo,
            recharge_method,
            service_method,
            charged_method,
            payment_method,
            account_id: account_id?,
            old_balance: old_balance?,
            new_balance: new_balance?,
            old_point: old_point?,
            new_point: new_point?,
            kind: kind?,
            date_created: date_created?,
            history_id: history_id?,
            extra: crate::wire::Extra::new(),
        })
    }
}

/// The index of the first byte of `bytes` that ends a string without escapes (a quote) or
/// is not allowed in one (a backslash, a control character), eight bytes at a time; `None`
/// when there is none.
#[inline]
pub(super) fn string_end(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    /// High bit set in each byte of `word` that is below `n` (≤ 0x80); the lowest set one is
    /// exact (a borrow can only mark bytes above a byte that is really below `n`).
    #[inline]
    fn below(word: u64, n: u8) -> u64 {
        word.wrapping_sub(ONES * u64::from(n)) & !word & HIGH
    }
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in chunks.by_ref() {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(chunk);
        let word = u64::from_le_bytes(eight);
        let hits = below(word ^ (ONES * u64::from(b'"')), 1)
            | below(word ^ (ONES * u64::from(b'\\')), 1)
            | below(word, 0x20);
        if hits != 0 {
            return Some(offset + (hits.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
        .map(|i| offset + i)
}

/// The index after the ASCII digits of `b` from `i` on; `None` when there is none (JSON wants
/// at least one after a `.` or an exponent's `e`).
fn at_least_one_digit(b: &[u8], start: usize) -> Option<usize> {
    let mut i = start;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    (i > start).then_some(i)
}
