//! `solapi-cash bank-account show` over real HTTP (issue 23, point 3): the emulator's demo
//! account (masked as the service masks it), an account without one (`{}`), and a server that
//! sends the number whole: only its last four digits in every format, never the number.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Fixture, masked, parse_csv};

#[test]
fn the_demo_account_is_shown_masked_and_none_says_so() {
    let f = Fixture::demo();
    let shown = f.run(f.demo_cmd().args(["bank-account", "show"]));
    let out = &shown.code(0).stdout;
    assert!(out.contains("******7890") && out.contains("012"), "{out}");

    let none = f.run(f.cmd().args(["bank-account", "show"]));
    assert!(
        none.code(0).stdout.contains("no bank account"),
        "{}",
        none.stdout
    );
}

#[test]
fn a_number_sent_whole_shows_only_its_last_four_digits_in_every_format() {
    let f = masked::fixture();
    let body = format!(
        r#"{{"accountNumber":"{}","bankCode":"088","holderName":"Kim","verified":true}}"#,
        masked::NUMBER
    );
    for (format, out) in masked::outputs(&f, &body, &["bank-account", "show"]) {
        assert!(out.contains(masked::MASKED), "{format}: {out}");
        assert!(
            out.contains("verified"),
            "{format}: the unknown field is kept: {out}"
        );
        if format == "csv" {
            let rows = parse_csv(&out);
            assert!(rows[0].iter().any(|h| h == "accountNumber"), "{rows:?}");
        }
    }
}

#[test]
fn a_number_sent_as_a_json_number_is_masked_too() {
    // `accountNumber` is read only as a string: a number lands among the kept fields, which
    // were printed as sent.
    let f = masked::fixture();
    let body = format!(
        r#"{{"accountNumber":{},"bankCode":"088","holderName":"Kim"}}"#,
        masked::NUMBER
    );
    for (format, out) in masked::outputs(&f, &body, &["bank-account", "show"]) {
        assert!(out.contains(masked::MASKED), "{format}: {out}");
    }
}
