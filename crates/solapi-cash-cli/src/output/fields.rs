//! `--fields`: which fields, in which order, the machine formats write.

use std::collections::HashMap;
use std::io;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::value::RawValue;

use crate::args::Format;
use crate::failure::Failure;
use crate::output::{Cell, Field};

/// The fields to write: all of them, or these indices into a row's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Selection(Option<Vec<usize>>);

impl Selection {
    /// Every field, in the row's order.
    pub(crate) fn all() -> Selection {
        Selection(None)
    }

    /// The fields named by `--fields` (empty: all). An unknown name, a repeated one, or
    /// `--fields` with the table format is a usage error that lists the valid names.
    pub(crate) fn parse(
        names: &[String],
        fields: &[Field],
        format: Format,
    ) -> Result<Selection, Failure> {
        if names.is_empty() {
            return Ok(Selection(None));
        }
        let valid = || fields.iter().map(|f| f.name).collect::<Vec<_>>().join(", ");
        if format == Format::Table {
            return Err(Failure::usage(
                "--fields selects the fields of json, ndjson, csv and xlsx output; tables have their own columns",
            )
            .hint("add --output csv (or json, ndjson, xlsx)"));
        }
        let mut picked = Vec::with_capacity(names.len());
        for name in names {
            let index = fields
                .iter()
                .position(|f| f.name.eq_ignore_ascii_case(name))
                .ok_or_else(|| {
                    Failure::usage(format!("unknown field `{name}` for --fields"))
                        .hint(format!("the fields are: {}", valid()))
                })?;
            if picked.contains(&index) {
                return Err(Failure::usage(format!("--fields names `{name}` twice")));
            }
            picked.push(index);
        }
        Ok(Selection(Some(picked)))
    }

    /// The selected fields, in order.
    pub(crate) fn fields<'a>(
        &'a self,
        fields: &'a [Field],
    ) -> impl Iterator<Item = &'a Field> + 'a {
        let indices: Vec<usize> = match &self.0 {
            None => (0..fields.len()).collect(),
            Some(picked) => picked.clone(),
        };
        indices.into_iter().filter_map(move |i| fields.get(i))
    }

    /// The names of the selected fields, or `None` for all of them.
    pub(crate) fn names(&self, fields: &[Field]) -> Option<Vec<&'static str>> {
        self.0.as_ref().map(|picked| {
            picked
                .iter()
                .filter_map(|i| fields.get(*i).map(|f| f.name))
                .collect()
        })
    }

    /// The selected cells of a row, in order.
    pub(crate) fn cells(&self, mut cells: Vec<Cell>) -> Vec<Cell> {
        match &self.0 {
            None => cells,
            Some(picked) => picked
                .iter()
                .map(|i| {
                    cells
                        .get_mut(*i)
                        .map_or(Cell::Empty, |c| std::mem::replace(c, Cell::Empty))
                })
                .collect(),
        }
    }
}

/// A row's JSON object with only the named fields, in the order named; each value is the
/// exact JSON the row serializes it as (money is never parsed into a float on the way).
pub(crate) fn picked<T: Serialize>(row: &T, names: &[&'static str]) -> io::Result<Picked> {
    let text = serde_json::to_string(row)?;
    let mut all: HashMap<String, Box<RawValue>> = serde_json::from_str(&text)?;
    let null = || RawValue::from_string("null".to_owned());
    let fields = names
        .iter()
        .map(|name| Ok((*name, all.remove(*name).map_or_else(null, Ok)?)))
        .collect::<serde_json::Result<Vec<_>>>()?;
    Ok(Picked(fields))
}

/// The selected fields of one row.
#[derive(Debug)]
pub(crate) struct Picked(Vec<(&'static str, Box<RawValue>)>);

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
    use super::*;

    const FIELDS: &[Field] = &[Field::of("a"), Field::zoned("dateCreated"), Field::of("c")];

    #[test]
    fn names_are_checked_and_kept_in_order() {
        let names = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let s = Selection::parse(&names(&["c", "A"]), FIELDS, Format::Csv).unwrap();
        assert_eq!(s.names(FIELDS), Some(vec!["c", "a"]));
        let err = Selection::parse(&names(&["x"]), FIELDS, Format::Json).unwrap_err();
        assert!(err.hint.unwrap().contains("a, dateCreated, c"));
        assert!(Selection::parse(&names(&["a", "a"]), FIELDS, Format::Csv).is_err());
        assert!(Selection::parse(&names(&["a"]), FIELDS, Format::Table).is_err());
        let cells = s.cells(vec![Cell::Count(1), Cell::Empty, Cell::Count(3)]);
        assert!(matches!(cells[..], [Cell::Count(3), Cell::Count(1)]));

        let row = serde_json::json!({"a": 1, "c": "x"});
        let text =
            serde_json::to_string(&picked(&row, &["c", "a", "dateCreated"]).unwrap()).unwrap();
        assert_eq!(text, r#"{"c":"x","a":1,"dateCreated":null}"#);
    }
}
