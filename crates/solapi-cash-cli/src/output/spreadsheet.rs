//! What a spreadsheet must be given so that it shows what was sent: numbers only when it can
//! hold them exactly, ids as text, and no text that it would run as a formula.
//!
//! Spreadsheets hold numbers as IEEE 754 binary64 and show at most 15 significant digits.
//! A decimal of at most 15 significant digits survives the trip to binary64 and back (15 is
//! `f64::DIGITS`, the guarantee of IEEE 754 §5.12.2), so such a value is a number cell; a
//! longer one (`196.00000000001592`), or one the service wrote in another form than plain
//! digits (`5E+4`, which a spreadsheet would show as 50000), is text, exactly as sent, with a
//! warning — never a silently rounded number.
//!
//! Formula injection: a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and,
//! in Excel, a tab or carriage return before them, and the full-width forms of the four that
//! CJK input methods type) as a formula, so a hostile server could put
//! `=HYPERLINK("http://…","click")` into a memo. xlsx text cells are never formulas. In CSV
//! for spreadsheets such text gets a leading `'` (OWASP's advice), which Excel shows as a
//! plain text cell; CSV for programs carries it as sent.

use solapi_cash_types::Money;

use crate::output::money_text::plain;

/// The most significant digits a spreadsheet number holds exactly.
pub(crate) const EXACT_DIGITS: usize = 15;

/// The value as a binary64 number, when that number is exactly the value: the one place the
/// CLI makes an `f64` from money, for spreadsheet cells (xlsx number cells need one).
///
/// Only a plain decimal (`-?digits(.digits)?`) of at most 15 significant digits qualifies,
/// and the conversion is then checked by converting back: Rust's `str::parse::<f64>` rounds
/// correctly and its `Display` writes the shortest decimal that reads back to the same `f64`,
/// so the two agree exactly when the number is the value. No arithmetic is done on the float.
pub(crate) fn exact_number(value: &Money) -> Option<f64> {
    let text = plain(value);
    if !plain_decimal(&text) || significant_digits(&text) > EXACT_DIGITS {
        return None;
    }
    let number: f64 = text.parse().ok()?;
    let back: Money = number.to_string().parse().ok()?;
    (back == *value).then_some(number)
}

/// `-?[0-9]+(\.[0-9]+)?`, and not a negative zero (`-0`, which the service has sent and a
/// spreadsheet would show as `0`).
fn plain_decimal(text: &str) -> bool {
    if text.starts_with('-') && significant_digits(text) == 0 {
        return false;
    }
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "1"));
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(int) && all_digits(frac)
}

/// Digits from the first non-zero one to the last non-zero one (`0.00120` has 2; `1000` has 1).
fn significant_digits(text: &str) -> usize {
    let digits: Vec<u8> = text.bytes().filter(u8::is_ascii_digit).collect();
    let first = digits.iter().position(|d| *d != b'0');
    let last = digits.iter().rposition(|d| *d != b'0');
    match (first, last) {
        (Some(first), Some(last)) => last - first + 1,
        _ => 0,
    }
}

/// Whether a spreadsheet would run this text as a formula.
pub(crate) fn formula_like(text: &str) -> bool {
    text.starts_with([
        '=', '+', '-', '@', '\t', '\r', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}',
    ])
}

/// Text from outside for a CSV meant for spreadsheets: formula-like text gets a leading `'`.
pub(crate) fn inert(text: &str) -> String {
    if formula_like(text) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// A value that must stay text in a spreadsheet's CSV reading (an id, money it cannot hold):
/// `="19041920726336"`, the form Microsoft documents for text a CSV import would otherwise
/// turn into a number (KB Q66033), quotes inside doubled as a formula's string needs. A
/// formula's string holds at most 255 characters and no line break: anything longer, or
/// with a control character, gets a leading `'` instead, which keeps it text (shown with the
/// mark) — never a number a spreadsheet would round, whatever its characters (`5E+4`,
/// `1.2345678901234567E+5` and `-0` included).
pub(crate) fn as_text(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    if text.chars().count() <= 255 && !text.chars().any(char::is_control) {
        format!("=\"{}\"", text.replace('"', "\"\""))
    } else {
        format!("'{text}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(text: &str) -> Money {
        text.parse().unwrap()
    }

    /// Every value of up to 15 significant digits that the test generates converts exactly:
    /// whole numbers, the largest 15-digit ones, fractions of every scale, both signs.
    #[test]
    fn up_to_fifteen_digits_round_trip_exactly() {
        let mut checked = 0;
        for digits in [
            "1",
            "7",
            "123456789012345",
            "999999999999999",
            "100000000000001",
        ] {
            for point in 0..=digits.len() {
                for sign in ["", "-"] {
                    let (int, frac) = digits.split_at(digits.len() - point);
                    let text = match (int, frac) {
                        ("", f) => format!("{sign}0.{f}"),
                        (i, "") => format!("{sign}{i}"),
                        (i, f) => format!("{sign}{i}.{f}"),
                    };
                    let value = m(&text);
                    let number = exact_number(&value).unwrap_or_else(|| panic!("{text}"));
                    assert_eq!(
                        number.to_string().parse::<Money>().unwrap(),
                        value,
                        "{text}"
                    );
                    checked += 1;
                }
            }
        }
        // Real amounts: whole won, negative changes, a half won, ten quintillion minus one
        // is beyond; 10^18 has one significant digit and is exact.
        for text in [
            "0",
            "10130.5",
            "-120",
            "50000",
            "1000000000000000000",
            "0.000001",
        ] {
            assert!(exact_number(&m(text)).is_some(), "{text}");
        }
        assert!(checked > 100);
    }

    #[test]
    fn longer_or_unusual_values_stay_text() {
        for text in [
            "196.00000000001592",
            "1234567890123456",
            "9999999999999999999",
            "0.1234567890123456",
        ] {
            assert_eq!(exact_number(&m(text)), None, "{text}");
        }
        // What the service sent in another form than plain digits stays text, as sent.
        for sent in ["5E+4", "1.4210854715202004e-14", "-0"] {
            let value: Money = serde_json::from_str(sent).unwrap();
            assert_eq!(exact_number(&value), None, "{sent}");
            assert_eq!(plain(&value), sent);
        }
        assert!(!plain_decimal("5E+4"));
        assert!(!plain_decimal("1.4210854715202004e-14"));
        assert!(!plain_decimal("1."));
        assert!(plain_decimal("-0.5"));
        assert!(!plain_decimal("-0"));
        assert_eq!(significant_digits("0.00120"), 2);
        assert_eq!(significant_digits("-1000"), 1);
        assert_eq!(significant_digits("0"), 0);
    }

    #[test]
    fn formulas_are_made_inert_and_ids_kept_text() {
        for hostile in ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "＝1+1"] {
            assert_eq!(inert(hostile), format!("'{hostile}"));
        }
        assert_eq!(inert("충전 10,000원"), "충전 10,000원");
        assert_eq!(as_text("19041920726336"), "=\"19041920726336\"");
        // Every value that must stay text does, whatever its characters.
        assert_eq!(
            as_text("1.2345678901234567E+5"),
            "=\"1.2345678901234567E+5\""
        );
        assert_eq!(as_text("-0"), "=\"-0\"");
        assert_eq!(as_text("=HYPERLINK(\"x\")"), "=\"=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(as_text("a\"b"), "=\"a\"\"b\"");
        assert_eq!(as_text(""), "");
        let long = "1".repeat(300);
        assert_eq!(as_text(&long), format!("'{long}"));
        assert_eq!(as_text("a\nb"), "'a\nb");
    }
}
