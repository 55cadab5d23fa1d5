//! [`Cell`]: one value of a row or record, typed, so that each format can write it its own
//! way (a table for people, exact text in CSV, a typed cell in a spreadsheet); [`Field`]: a
//! column of the machine formats.

use solapi_cash_types::{Money, Timestamp};

/// A value.
#[derive(Debug, Clone)]
pub(crate) enum Cell {
    /// Text from outside (memos, types, methods): control characters shown visibly in
    /// tables, kept exactly elsewhere.
    Text(String),
    /// An identifier (account, history entry, group, transaction): text, never a number,
    /// even when it is all digits.
    Id(String),
    /// An amount, with thousands separators in tables.
    Money(Money),
    /// A change of an amount: signed, green when positive, red when negative in tables.
    Change(Money),
    /// A count.
    Count(u64),
    /// An exact decimal that is not money (a number of days): separators in tables, a plain
    /// number in spreadsheets, never a currency.
    Number(Money),
    /// An instant, shown in the chosen time zone.
    Date(Timestamp),
    /// Nothing.
    Empty,
}

impl Cell {
    /// Text, or empty for `None`.
    pub(crate) fn opt(text: Option<&str>) -> Cell {
        text.map_or(Cell::Empty, |t| Cell::Text(t.to_owned()))
    }

    /// An id, or empty for `None`.
    pub(crate) fn id(id: Option<&str>) -> Cell {
        id.map_or(Cell::Empty, |t| Cell::Id(t.to_owned()))
    }
}

/// A column of json, csv and xlsx output: its name as in the API's JSON, and whether its
/// values depend on the time zone (the header then names the zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Field {
    /// The API's name.
    pub name: &'static str,
    /// Dates and periods: shown in the time zone.
    pub zoned: bool,
}

impl Field {
    /// A field.
    pub(crate) const fn of(name: &'static str) -> Field {
        Field { name, zoned: false }
    }

    /// A field shown in the time zone.
    pub(crate) const fn zoned(name: &'static str) -> Field {
        Field { name, zoned: true }
    }

    /// The header of csv and xlsx: `dateCreated (Asia/Seoul)` for a zoned field.
    pub(crate) fn header(&self, zone: &str) -> String {
        if self.zoned {
            format!("{} ({zone})", self.name)
        } else {
            self.name.to_owned()
        }
    }
}
