//! `solapi-cash bank-account show` over real HTTP (issue 23, point 3): the emulator's demo
//! account (masked as the service masks it), an account without one (`{}`), and a server that
//! sends the number whole: only its last four digits in every format, never the number.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Fixture, parse_csv};
use solapi_cash_conformance::hostile::server::{HostileServer, Script, json};

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
    const NUMBER: &str = "110234567890";
    let mut f = Fixture::new();
    f.extra_secrets.push(NUMBER.to_owned());
    f.extra_secrets.push("1102345".to_owned());
    let body = format!(
        r#"{{"accountNumber":"{NUMBER}","bankCode":"088","holderName":"Kim","verified":true}}"#
    );
    let server = HostileServer::start(Script::Raw(json(200, &body)));
    for format in ["table", "json", "ndjson", "csv"] {
        // `run` asserts that no extra secret (the number, or most of it) is printed.
        let run = f.run(
            f.against(
                &server.base_url(),
                ("NCBANKKEY0000001", "bank-secret-x"),
                "10",
            )
            .args(["bank-account", "show", "-o", format]),
        );
        let out = &run.code(0).stdout;
        assert!(out.contains("********7890"), "{format}: {out}");
        assert!(
            out.contains("verified"),
            "{format}: the unknown field is kept: {out}"
        );
    }
    let csv = f.run(
        f.against(
            &server.base_url(),
            ("NCBANKKEY0000001", "bank-secret-x"),
            "10",
        )
        .args(["bank-account", "show", "-o", "csv"]),
    );
    let rows = parse_csv(&csv.code(0).stdout);
    assert!(rows[0].iter().any(|h| h == "accountNumber"), "{rows:?}");
}

#[test]
fn a_number_sent_as_a_json_number_is_masked_too() {
    // `accountNumber` is read only as a string: a number lands among the kept fields, which
    // were printed as sent.
    const NUMBER: &str = "110234567890";
    let mut f = Fixture::new();
    f.extra_secrets.push(NUMBER.to_owned());
    f.extra_secrets.push("1102345".to_owned());
    let body = format!(r#"{{"accountNumber":{NUMBER},"bankCode":"088","holderName":"Kim"}}"#);
    let server = HostileServer::start(Script::Raw(json(200, &body)));
    for format in ["table", "json", "ndjson", "csv"] {
        // `run` asserts that no extra secret (the number, or most of it) is printed.
        let run = f.run(
            f.against(
                &server.base_url(),
                ("NCBANKKEY0000001", "bank-secret-x"),
                "10",
            )
            .args(["bank-account", "show", "-o", format]),
        );
        let out = &run.code(0).stdout;
        assert!(out.contains("********7890"), "{format}: {out}");
    }
}
