//! Property tests (seeded, thousands of cases) of what users type, through the real clap
//! definition (`solapi_cash_cli::command()`): arbitrary text never panics the date and amount
//! parsers and is refused with a clap error, and valid values round-trip exactly. The CLI
//! crate has no proptest dependency, so a small seeded generator draws the cases; every run
//! checks the same ones.

#![allow(clippy::unwrap_used)]

use solapi_cash_types::{DateBound, Money, Won};
use time::{Date, Duration, UtcOffset};

const CASES: u64 = 3_000;

/// SplitMix64: reproducible cases without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
    /// Text near the parsers' grammar: digits, signs, separators, units, words, and the odd
    /// non-ASCII or control character.
    fn text(&mut self) -> String {
        let pieces = [
            "0",
            "1",
            "9",
            "12",
            "2024",
            "-",
            "+",
            ".",
            ":",
            "T",
            "Z",
            "e",
            "E",
            "d",
            "h",
            "w",
            "m",
            " ",
            "\t",
            "now",
            "today",
            "yesterday",
            "NOW",
            "2024-05-01",
            "T09:30:00",
            "+09:00",
            "+0900",
            ".500",
            "99999",
            "100000",
            "1e400",
            ",",
            "_",
            "é",
            "\u{0}",
            "\u{202e}",
            "٣",
            "ｄ",
            "∞",
            "NaN",
        ];
        let n = self.below(8);
        (0..n).map(|_| self.pick(&pieces)).collect()
    }
}

fn parse(args: &[&str]) -> Result<clap::ArgMatches, clap::Error> {
    let mut argv = vec!["solapi-cash"];
    argv.extend_from_slice(args);
    solapi_cash_cli::command().try_get_matches_from(argv)
}

/// Whether `--since TEXT` is accepted. What an accepted bound means (the instant it is
/// placed at in a zone) is checked by the unit tests of `dates.rs`.
fn since(text: &str) -> Result<(), clap::Error> {
    parse(&["history", "--since", text]).map(|_| ())
}

fn amount(text: &str) -> Result<Won, clap::Error> {
    let m = parse(&["recharge", "--amount", text, "--payment-id", "card"])?;
    let recharge = m.subcommand_matches("recharge").unwrap();
    Ok(*recharge.get_one::<Won>("amount").unwrap())
}

/// What `recharge --amount` accepts, written independently: ASCII digits (spaces around
/// them trimmed) for 1 to 2^53 - 1 won.
fn whole_won(text: &str) -> Option<u64> {
    let digits = text.trim();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value: u128 = digits.trim_start_matches('0').parse().unwrap_or(0);
    (1..(1u128 << 53)).contains(&value).then_some(value as u64)
}

fn balance_amount(text: &str) -> Result<Money, clap::Error> {
    let m = parse(&["history", "--balance-amount", text])?;
    let history = m.subcommand_matches("history").unwrap();
    Ok(history.get_one::<Money>("balance_amount").unwrap().clone())
}

fn random_bound(rng: &mut Rng) -> DateBound {
    let year = 1 + rng.below(9999) as i32;
    let day = 1 + rng.below(365) as u16;
    let date = Date::from_ordinal_date(year, day).unwrap();
    if rng.below(2) == 0 {
        return DateBound::Date(date);
    }
    let seconds = rng.below(86_400) as i64;
    let millis = rng.below(1000) as i64;
    let minutes = rng.below(2 * 23 * 60 + 1) as i32 - 23 * 60;
    let offset = UtcOffset::from_whole_seconds(minutes * 60).unwrap();
    let at = date.midnight().assume_offset(offset)
        + Duration::seconds(seconds)
        + Duration::milliseconds(millis);
    if (1..=9999).contains(&at.year()) {
        DateBound::DateTime(at)
    } else {
        DateBound::Date(date)
    }
}

fn random_money(rng: &mut Rng) -> Money {
    let mantissa = i128::from(rng.next() % 1_000_000_000_000_000_000) - 500_000_000_000_000_000;
    Money::from_parts(mantissa, rng.below(7) as u32).unwrap()
}

#[test]
fn dates_never_panic_and_the_apis_own_forms_are_accepted() {
    let mut rng = Rng(0xda7e_5eed);
    let mut accepted = 0;
    for _ in 0..CASES {
        let text = rng.text();
        match since(&text) {
            Ok(_) => accepted += 1,
            Err(e) => assert!(!e.to_string().is_empty()),
        }
        // Every bound as the API writes it is accepted.
        let bound = random_bound(&mut rng);
        assert!(since(&bound.to_string()).is_ok(), "{bound}");
    }
    // Ages: accepted up to 99,999 units, refused beyond.
    for _ in 0..200 {
        let n = rng.below(120_000) as i64;
        let unit = ["h", "d", "w"][rng.below(3) as usize];
        let parsed = since(&format!("{n}{unit}"));
        assert_eq!(parsed.is_ok(), n <= 99_999, "{n}{unit}");
    }
    eprintln!(
        "FIGURES cli.input_parsers.dates [solapi-cash]: random_texts={CASES} accepted={accepted} round_trips={CASES} ages=200"
    );
}

#[test]
fn amounts_never_panic_and_round_trip() {
    let mut rng = Rng(0xa3_0a7e);
    let mut accepted = 0;
    for _ in 0..CASES {
        let text = rng.text();
        // A charge is whole won; --balance-amount reads amounts exactly as the library does,
        // after trimming, within its range (below 10^19, at most 18 fractional digits).
        let reference = text.trim().parse::<Money>().ok().filter(|m| m.fits(19, 18));
        match amount(&text) {
            Ok(won) => {
                accepted += 1;
                assert_eq!(Some(won.get()), whole_won(&text), "{text:?}");
            }
            Err(_) => assert_eq!(whole_won(&text), None, "{text:?}"),
        }
        match balance_amount(&text) {
            Ok(m) => assert_eq!(Some(m), reference, "{text:?}"),
            // A value starting with `-` is taken as an option there: that is clap's rule.
            Err(_) => assert!(reference.is_none() || text.starts_with('-'), "{text:?}"),
        }
        let m = random_money(&mut rng);
        let printed = m.to_string();
        match amount(&printed) {
            Ok(back) => assert_eq!(back, m, "{printed}"),
            Err(_) => assert_eq!(whole_won(&printed), None, "{printed}"),
        }
        if !printed.starts_with('-') {
            assert_eq!(balance_amount(&printed).unwrap(), m);
        }
    }
    eprintln!(
        "FIGURES cli.input_parsers.amounts [solapi-cash]: random_texts={CASES} accepted={accepted} round_trips={CASES}"
    );
}
