//! `--fields`: which fields, in which order, the machine formats write — the row's own
//! fields, fields the service sent that the CLI does not know, and the `extra` column that
//! holds the rest of those (`crate::output::extra`).

use std::collections::HashMap;
use std::io;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::value::RawValue;

use crate::args::Format;
use crate::failure::Failure;
use crate::output::extra::{self, Kept};
use crate::output::{Cell, Field};

/// One column of a selection.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Pick {
    /// A field of the row, by index.
    Known(usize),
    /// A field the service may send that the row does not know.
    Unknown(String),
    /// The `extra` column: the unknown fields no other column holds.
    Extra,
}

/// The fields to write: all of them (and, for what the service sent, the `extra` column), or
/// these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Selection(Option<Vec<Pick>>);

impl Selection {
    /// Every field, in the row's order.
    pub(crate) fn all() -> Selection {
        Selection(None)
    }

    /// Whether every field is selected (no `--fields`).
    pub(crate) fn is_all(&self) -> bool {
        self.0.is_none()
    }

    /// The fields named by `--fields` (empty: all). A repeated name or `--fields` with the
    /// table format is a usage error. A name that is none of `fields` is a usage error that
    /// lists the valid names, unless the rows are what the service sent (`open`) and the
    /// name is marked as the service's own with a leading `+` (`+receiptUrl`): a field the
    /// service may send beyond the documented ones, written where it does (a typo must not
    /// pass for such a field and give an empty column).
    pub(crate) fn parse(
        names: &[String],
        fields: &[Field],
        open: bool,
        format: Format,
    ) -> Result<Selection, Failure> {
        if names.is_empty() {
            return Ok(Selection(None));
        }
        let valid = || {
            let mut names: Vec<&str> = fields.iter().map(|f| f.name).collect();
            if open {
                names.push(extra::COLUMN);
            }
            let names = names.join(", ");
            if open {
                format!(
                    "the fields are: {names}; a field the service sends that is not documented \
                     is named with a leading + (+receiptUrl)"
                )
            } else {
                format!("the fields are: {names}")
            }
        };
        if format == Format::Table {
            return Err(Failure::usage(
                "--fields selects the fields of json, ndjson, csv and xlsx output; tables have their own columns",
            )
            .hint("add --output csv (or json, ndjson, xlsx)"));
        }
        let mut picked = Vec::with_capacity(names.len());
        for name in names {
            let own = name.strip_prefix('+').map(str::trim);
            let pick = match fields
                .iter()
                .position(|f| f.name.eq_ignore_ascii_case(name))
            {
                Some(index) => Pick::Known(index),
                None if open && name == extra::COLUMN => Pick::Extra,
                None if open && own.is_some_and(|n| !n.is_empty()) => {
                    Pick::Unknown(own.unwrap_or_default().to_owned())
                }
                None => {
                    return Err(
                        Failure::usage(format!("unknown field `{name}` for --fields"))
                            .hint(valid()),
                    );
                }
            };
            if picked.contains(&pick) {
                return Err(Failure::usage(format!("--fields names `{name}` twice")));
            }
            picked.push(pick);
        }
        Ok(Selection(Some(picked)))
    }

    /// The picks in order: every field, and the `extra` column when the rows are `open`.
    fn picks(&self, fields: &[Field], open: bool) -> Vec<Pick> {
        match &self.0 {
            Some(picked) => picked.clone(),
            None => (0..fields.len())
                .map(Pick::Known)
                .chain(open.then_some(Pick::Extra))
                .collect(),
        }
    }

    /// The headers of csv and xlsx, dates naming `zone`.
    pub(crate) fn headers(&self, fields: &[Field], open: bool, zone: &str) -> Vec<String> {
        self.picks(fields, open)
            .iter()
            .map(|p| match p {
                Pick::Known(i) => fields.get(*i).map(|f| f.header(zone)).unwrap_or_default(),
                Pick::Unknown(name) => name.clone(),
                Pick::Extra => extra::COLUMN.to_owned(),
            })
            .collect()
    }

    /// The names of the selected fields, or `None` for all of them.
    fn names<'a>(&'a self, fields: &[Field]) -> Option<Vec<&'a str>> {
        self.0.as_ref().map(|picked| {
            picked
                .iter()
                .filter_map(|p| match p {
                    Pick::Known(i) => fields.get(*i).map(|f| f.name),
                    Pick::Unknown(name) => Some(name.as_str()),
                    Pick::Extra => Some(extra::COLUMN),
                })
                .collect()
        })
    }

    /// The selected cells of a row, in order. `cells` are the values of `fields`; `kept` the
    /// fields the service sent that the row does not understand (a known field of an
    /// unexpected type is shown from there, as sent).
    pub(crate) fn cells(
        &self,
        fields: &[Field],
        mut cells: Vec<Cell>,
        kept: &[Kept<'_>],
        open: bool,
    ) -> Vec<Cell> {
        let picks = self.picks(fields, open);
        let in_a_column = |name: &str| {
            picks.iter().any(|p| match p {
                Pick::Known(i) => fields.get(*i).is_some_and(|f| f.name == name),
                Pick::Unknown(n) => n == name,
                Pick::Extra => false,
            })
        };
        picks
            .iter()
            .map(|p| match p {
                Pick::Known(i) => {
                    let cell = cells
                        .get_mut(*i)
                        .map_or(Cell::Empty, |c| std::mem::replace(c, Cell::Empty));
                    match (
                        &cell,
                        fields.get(*i).and_then(|f| extra::find(kept, f.name)),
                    ) {
                        (Cell::Empty, Some(raw)) => extra::cell(raw),
                        _ => cell,
                    }
                }
                Pick::Unknown(name) => extra::find(kept, name).map_or(Cell::Empty, extra::cell),
                Pick::Extra => extra::column(kept, in_a_column),
            })
            .collect()
    }

    /// A row's JSON object with only the selected fields, or `None` for all of them (the
    /// row's own serialization, unknown fields included).
    pub(crate) fn picked<T: Serialize>(
        &self,
        row: &T,
        fields: &[Field],
    ) -> io::Result<Option<Picked>> {
        match self.names(fields) {
            None => Ok(None),
            Some(names) => picked(row, &names, fields).map(Some),
        }
    }
}

/// A row's JSON object with only the named fields, in the order named; each value is the
/// exact JSON the row serializes it as (money is never parsed into a float on the way). A
/// field it does not hold is `null`; `extra` is the object of the fields that are none of
/// `fields` nor named (in the order written), `null` when there is none.
fn picked<T: Serialize>(row: &T, names: &[&str], fields: &[Field]) -> io::Result<Picked> {
    let text = serde_json::to_string(row)?;
    let order: Vec<(String, Box<RawValue>)> = serde_json::from_str::<OrderedFields>(&text)?.0;
    let mut all: HashMap<&str, &RawValue> = order.iter().map(|(k, v)| (k.as_str(), &**v)).collect();
    let null = || RawValue::from_string("null".to_owned());
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        let value = if *name == extra::COLUMN && !all.contains_key(extra::COLUMN) {
            let kept: Vec<Kept<'_>> = order
                .iter()
                .filter(|(k, _)| {
                    !fields.iter().any(|f| f.name == k) && !names.contains(&k.as_str())
                })
                .map(|(k, v)| (k.as_str().into(), &**v))
                .collect();
            match extra::column(&kept, |_| false) {
                Cell::Text(object) => RawValue::from_string(object)?,
                _ => null()?,
            }
        } else {
            match all.remove(name) {
                Some(raw) => raw.to_owned(),
                None => null()?,
            }
        };
        out.push(((*name).to_owned(), value));
    }
    Ok(Picked(out))
}

/// A JSON object's fields in the order written (a map would lose it).
struct OrderedFields(Vec<(String, Box<RawValue>)>);

impl<'de> serde::Deserialize<'de> for OrderedFields {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Fields;
        impl<'de> serde::de::Visitor<'de> for Fields {
            type Value = OrderedFields;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<OrderedFields, A::Error> {
                let mut fields = Vec::new();
                while let Some(entry) = map.next_entry::<String, Box<RawValue>>()? {
                    fields.push(entry);
                }
                Ok(OrderedFields(fields))
            }
        }
        d.deserialize_map(Fields)
    }
}

/// The selected fields of one row.
#[derive(Debug)]
pub(crate) struct Picked(Vec<(String, Box<RawValue>)>);

impl Serialize for Picked {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;

    const FIELDS: &[Field] = &[Field::of("a"), Field::zoned("dateCreated"), Field::of("c")];

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn names_are_checked_and_kept_in_order() {
        let s = Selection::parse(&names(&["c", "A"]), FIELDS, false, Format::Csv).unwrap();
        assert_eq!(s.names(FIELDS), Some(vec!["c", "a"]));
        let err = Selection::parse(&names(&["x"]), FIELDS, false, Format::Json).unwrap_err();
        assert!(err.hint.unwrap().contains("a, dateCreated, c"));
        // A typo is not taken for a field of the service's own: that needs the +.
        let err = Selection::parse(&names(&["histroyId"]), FIELDS, true, Format::Csv).unwrap_err();
        assert!(err.hint.unwrap().contains("leading +"));
        assert!(Selection::parse(&names(&["+"]), FIELDS, true, Format::Csv).is_err());
        assert!(Selection::parse(&names(&["a", "a"]), FIELDS, false, Format::Csv).is_err());
        assert!(Selection::parse(&names(&["a"]), FIELDS, false, Format::Table).is_err());
        let cells = s.cells(
            FIELDS,
            vec![Cell::Count(1), Cell::Empty, Cell::Count(3)],
            &[],
            false,
        );
        assert!(matches!(cells[..], [Cell::Count(3), Cell::Count(1)]));

        let row = serde_json::json!({"a": 1, "c": "x"});
        let text =
            serde_json::to_string(&picked(&row, &["c", "a", "dateCreated"], FIELDS).unwrap())
                .unwrap();
        assert_eq!(text, r#"{"c":"x","a":1,"dateCreated":null}"#);
    }

    #[test]
    fn open_rows_take_unknown_names_and_keep_the_rest_in_extra() {
        let s =
            Selection::parse(&names(&["+new", "a", "extra"]), FIELDS, true, Format::Csv).unwrap();
        assert_eq!(s.names(FIELDS), Some(vec!["new", "a", "extra"]));
        assert!(Selection::parse(&names(&["extra", "extra"]), FIELDS, true, Format::Csv).is_err());
        let (new, odd, other) = (
            RawValue::from_string("\"n\"".into()).unwrap(),
            RawValue::from_string("[ 1 ]".into()).unwrap(),
            RawValue::from_string("5E+4".into()).unwrap(),
        );
        let kept: Vec<Kept<'_>> = vec![
            (Cow::Borrowed("new"), &*new),
            (Cow::Borrowed("a"), &*odd),
            (Cow::Borrowed("other"), &*other),
        ];
        let cells = s.cells(
            FIELDS,
            vec![Cell::Empty, Cell::Empty, Cell::Empty],
            &kept,
            true,
        );
        let texts: Vec<String> = cells
            .iter()
            .map(|c| match c {
                Cell::Text(t) => t.clone(),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(texts, ["n", "[1]", r#"{"other":5E+4}"#]);
        assert_eq!(
            Selection::all().headers(FIELDS, true, "UTC"),
            ["a", "dateCreated (UTC)", "c", "extra"]
        );

        let row = serde_json::json!({"a": 1, "new": "n", "other": [2], "c": null});
        let text = serde_json::to_string(&picked(&row, &["extra", "new", "gone"], FIELDS).unwrap())
            .unwrap();
        assert_eq!(text, r#"{"extra":{"other":[2]},"new":"n","gone":null}"#);
    }
}
