//! Money for people: thousands separators on the exact text (no floating point anywhere).
//!
//! Every amount is shown as the service sent it (docs/cli.md, "Money"): the text of
//! [`Money::json_text`] — the sent text when it was not plain decimal (`5E+4`, `-0`,
//! `1.4210854715202004e-14`), the exact plain digits otherwise — with separators in its
//! integer part only. Results of arithmetic (sums, thresholds) have plain digits.

use solapi_cash_types::Money;

/// The exact text of an amount for machine formats (CSV, spreadsheets): the text the service
/// sent (`5E+4`, `-0` as such), the plain digits otherwise.
pub(crate) fn plain(value: &Money) -> String {
    value.json_text().into_owned()
}

/// `1234567.5` → `1,234,567.5`; `-1000` → `-1,000`; `5E+4` stays `5E+4` (the digits before
/// the point or exponent are grouped; the sign, fraction and exponent are kept as sent).
pub(crate) fn grouped(value: &Money) -> String {
    let text = value.json_text();
    let (sign, rest) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_ref()),
    };
    let cut = rest.find(['.', 'e', 'E']).unwrap_or(rest.len());
    let (int, tail) = rest.split_at(cut);
    let mut out = String::with_capacity(text.len() + int.len() / 3);
    out.push_str(sign);
    out.push_str(&group_digits(int));
    out.push_str(tail);
    out
}

/// A count: `12345` → `12,345`.
pub(crate) fn grouped_count(n: u64) -> String {
    group_digits(&n.to_string())
}

/// Commas between groups of three digits.
fn group_digits(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A change: like [`grouped`], with `+` on positive values.
pub(crate) fn signed_grouped(value: &Money) -> String {
    if value.is_positive() {
        format!("+{}", grouped(value))
    } else {
        grouped(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Money {
        s.parse().unwrap()
    }

    #[test]
    fn groups_the_integer_part_only() {
        for (value, text) in [
            ("0", "0"),
            ("999", "999"),
            ("1000", "1,000"),
            ("-1000", "-1,000"),
            ("1234567.5", "1,234,567.5"),
            ("-100000.125", "-100,000.125"),
            ("0.000001", "0.000001"),
            ("9999999999999999999", "9,999,999,999,999,999,999"),
        ] {
            assert_eq!(grouped(&m(value)), text);
        }
        assert_eq!(signed_grouped(&m("10000")), "+10,000");
        let sent = |json: &str| serde_json::from_str::<Money>(json).unwrap();
        for (json, text) in [
            ("-0", "-0"),
            ("5E+4", "5E+4"),
            ("12345e2", "12,345e2"),
            ("1.4210854715202004e-14", "1.4210854715202004e-14"),
            ("-196.00000000001592", "-196.00000000001592"),
            ("10130.50", "10,130.50"),
        ] {
            assert_eq!(grouped(&sent(json)), text, "as sent: {json}");
        }
        assert_eq!(signed_grouped(&sent("1E+4")), "+1E+4");
        assert_eq!(signed_grouped(&sent("-0")), "-0");
        assert_eq!(signed_grouped(&m("-5")), "-5");
        assert_eq!(signed_grouped(&m("0")), "0");
        assert_eq!(grouped_count(1_234_567), "1,234,567");
        assert_eq!(grouped_count(12), "12");
    }
}
