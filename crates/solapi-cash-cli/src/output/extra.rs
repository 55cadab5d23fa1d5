//! Fields the models do not know, in the formats that have columns (csv, xlsx, tables of a
//! single record). JSON and NDJSON need nothing here: the models write them back themselves.
//!
//! Each model keeps what it did not understand in its `extra` (docs/models.md): fields the
//! service added, and known descriptive fields of an unexpected type, as the raw JSON sent.
//! Columns get them this way (docs/cli.md, "Fields the CLI does not know"):
//! - a known column whose value was of an unexpected type shows that value as sent;
//! - every other kept field goes into the trailing `extra` column, one JSON object per row
//!   (`{"isRecharging":false}`), empty when there is none; nested ones are named with a dot
//!   (`lowBalanceAlert.sms`), like the columns;
//! - `--fields` may name a kept field: it then gets its own column.

use std::borrow::Cow;

use serde_json::value::RawValue;
use solapi_cash_types::Extra;

use crate::output::Cell;

/// The name of the trailing column that holds the unknown fields.
pub(crate) const COLUMN: &str = "extra";

/// A kept field: its name (dotted when nested) and the raw JSON the service sent.
pub(crate) type Kept<'a> = (Cow<'a, str>, &'a RawValue);

/// The fields of `extra`, named as they are.
pub(crate) fn kept(extra: &Extra) -> Vec<Kept<'_>> {
    extra.iter().map(|(k, v)| (Cow::Borrowed(k), v)).collect()
}

/// The fields of a nested object's `extra`, named `prefix.name`.
pub(crate) fn kept_under<'a>(prefix: &str, extra: &'a Extra) -> impl Iterator<Item = Kept<'a>> {
    let prefix = prefix.to_owned();
    extra
        .iter()
        .map(move |(k, v)| (Cow::Owned(format!("{prefix}.{k}")), v))
}

/// The kept field `name`.
pub(crate) fn find<'a>(kept: &'a [Kept<'_>], name: &str) -> Option<&'a RawValue> {
    kept.iter().find(|(k, _)| k == name).map(|(_, v)| *v)
}

/// A kept value as a cell: a JSON string as its text, anything else as compact JSON.
pub(crate) fn cell(raw: &RawValue) -> Cell {
    let text = raw.get();
    if text.starts_with('"')
        && let Ok(s) = serde_json::from_str::<String>(text)
    {
        return Cell::Text(s);
    }
    Cell::Text(compact(text))
}

/// The `extra` cell: the kept fields whose names are not `columns`, as one JSON object in the
/// order received; empty when there is none.
pub(crate) fn column(kept: &[Kept<'_>], columns: impl Fn(&str) -> bool) -> Cell {
    let mut object = String::new();
    for (name, raw) in kept.iter().filter(|(name, _)| !columns(name)) {
        object.push(if object.is_empty() { '{' } else { ',' });
        // A name is a JSON string; serde_json escapes it as JSON needs.
        object.push_str(&serde_json::to_string(name.as_ref()).unwrap_or_default());
        object.push(':');
        object.push_str(&compact(raw.get()));
    }
    if object.is_empty() {
        Cell::Empty
    } else {
        object.push('}');
        Cell::Text(object)
    }
}

/// `json` without the whitespace between tokens (the service's pretty-printing), byte for
/// byte otherwise: strings and number texts are untouched.
pub(crate) fn compact(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if !matches!(c, ' ' | '\t' | '\n' | '\r') {
            in_string = c == '"';
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(json: &str) -> Box<RawValue> {
        RawValue::from_string(json.to_owned()).unwrap()
    }

    #[test]
    fn compact_keeps_strings_and_numbers_as_sent() {
        assert_eq!(
            compact("{\n  \"a b\": [ 1E+4, -0 ],\n  \"c\": \"x \\\" y\\\\\",\t\"d\": {} }"),
            r#"{"a b":[1E+4,-0],"c":"x \" y\\","d":{}}"#
        );
    }

    #[test]
    fn cells_and_the_extra_column() {
        assert!(matches!(cell(&raw(r#""충전 \n""#)), Cell::Text(t) if t == "충전 \n"));
        assert!(matches!(cell(&raw("[ 1.50 ]")), Cell::Text(t) if t == "[1.50]"));
        let (a, b, c) = (raw("false"), raw("{ \"x\": 1e3 }"), raw("\"?\""));
        let kept: Vec<Kept<'_>> = vec![
            (Cow::Borrowed("isRecharging"), &*a),
            (Cow::Borrowed("we\"ird"), &*b),
            (Cow::Borrowed("autoRecharge"), &*c),
        ];
        let Cell::Text(object) = column(&kept, |name| name == "autoRecharge") else {
            panic!("an object");
        };
        assert_eq!(object, r#"{"isRecharging":false,"we\"ird":{"x":1e3}}"#);
        assert!(matches!(column(&kept, |_| true), Cell::Empty));
        assert_eq!(
            find(&kept, "autoRecharge").map(RawValue::get),
            Some("\"?\"")
        );
    }
}
