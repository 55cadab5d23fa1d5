//! `solapi-cash withdraw list` and `withdraw show` over real HTTP against the emulator's demo
//! account (issue 23, point 2): a page naming the next key, every page with --all in every
//! format, the filters, one by id, the bank account's number only as the service masked it,
//! and bad input refused before any request.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Fixture, masked, parse_csv};
use solapi_cash_emulator::demo;

const OLDER: &str = demo::DEMO_WITHDRAW_IDS[0];
const NEWER: &str = demo::DEMO_WITHDRAW_IDS[1];

#[test]
fn withdrawals_are_listed_a_page_or_all_in_every_format() {
    let f = Fixture::demo();
    let page = f.run(
        f.demo_cmd()
            .args(["withdraw", "list", "--limit", "1", "-o", "json"]),
    );
    let sent: serde_json::Value = serde_json::from_str(&page.code(0).stdout).unwrap();
    assert_eq!(sent["data"][0]["withdrawId"], NEWER);
    assert_eq!(sent["data"][0]["totalAmount"], 10_000);
    assert_eq!(sent["data"][0]["accountNumber"], "******7890");
    assert_eq!(sent["nextKey"], NEWER);
    page.stderr_has(&format!("--start-key {NEWER}"));

    let all = f.run(
        f.demo_cmd()
            .args(["withdraw", "list", "--all", "--limit", "1", "-o", "csv"]),
    );
    let rows = parse_csv(&all.code(0).stdout);
    assert_eq!(rows[0][0], "withdrawId");
    let ids: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(ids, [NEWER, OLDER]);

    let ndjson = f.run(
        f.demo_cmd()
            .args(["withdraw", "list", "--all", "-o", "ndjson"]),
    );
    assert_eq!(ndjson.code(0).stdout.lines().count(), 2);

    let table = f.run(
        f.demo_cmd()
            .args(["withdraw", "list", "--status", "PENDING"]),
    );
    let out = &table.code(0).stdout;
    assert!(out.contains(NEWER) && !out.contains(OLDER), "{out}");
    assert!(
        out.contains("******7890") && out.contains("PENDING"),
        "{out}"
    );

    let since =
        f.run(
            f.demo_cmd()
                .args(["withdraw", "list", "--since", "2025-06-01", "-o", "ndjson"]),
        );
    let lines: Vec<&str> = since.code(0).stdout.lines().collect();
    assert_eq!(lines.len(), 1);
    assert!(lines[0].contains(NEWER));

    // The fixture's own account has none.
    let none = f.run(f.cmd().args(["withdraw", "list"]));
    none.code(0).stderr_has("no withdrawals");
}

#[test]
fn one_withdrawal_is_shown_by_its_id_and_an_unknown_one_is_an_error() {
    let f = Fixture::demo();
    let shown = f.run(f.demo_cmd().args(["withdraw", "show", OLDER]));
    let out = &shown.code(0).stdout;
    assert!(out.contains(OLDER) && out.contains("COMPLETED"), "{out}");
    assert!(
        out.contains("******7890") && out.contains("demo withdrawal"),
        "{out}"
    );
    let json = f.run(f.demo_cmd().args(["withdraw", "show", OLDER, "-o", "json"]));
    let sent: serde_json::Value = serde_json::from_str(&json.code(0).stdout).unwrap();
    assert_eq!(sent["fee"], 1_000);

    f.run(
        f.demo_cmd()
            .args(["withdraw", "show", "2960263173653180598136622655999"]),
    )
    .code(3)
    .stderr_has("no withdrawal");
}

#[test]
fn bad_input_is_refused_before_sending() {
    let f = Fixture::new();
    f.run(f.cmd().args(["withdraw", "list", "--limit", "0"]))
        .code(2);
    f.run(f.cmd().args([
        "withdraw",
        "list",
        "--since",
        "2025-06-02",
        "--until",
        "2025-06-01",
    ]))
    .code(2);
    f.run(f.cmd().args(["withdraw", "show", " "])).code(2);
    f.assert_nothing_sent();
}

#[test]
fn a_bank_account_number_sent_whole_is_listed_and_shown_masked() {
    let f = masked::fixture();
    let number = masked::NUMBER;
    let body = format!(
        r#"{{"data":[{{"withdrawId":"w1","status":"PENDING","amount":9000,"fee":1000,"totalAmount":10000,"bankCode":"004","accountNumber":"{number}","holderName":"Kim","dateCreated":"2025-06-20T05:30:00.000Z","bankAccountNumber":{number}}}],"nextKey":null}}"#
    );
    masked::outputs(&f, &body, &["withdraw", "list"]);
    masked::outputs(&f, &body, &["withdraw", "show", "w1"]);
}

#[test]
fn an_unreadable_answer_does_not_quote_the_bank_account_number() {
    // The error quotes the start of the body: the number in it is masked.
    let f = masked::fixture();
    let body = format!(r#"{{"data":"nope","accountNumber":"{}"}}"#, masked::NUMBER);
    let run = masked::run(&f, &body, &["withdraw", "list"]);
    run.code(5).stderr_has(masked::MASKED);
}

#[test]
fn a_malformed_withdrawal_id_is_refused_before_sending() {
    let f = Fixture::new();
    let long = "1".repeat(65);
    for id in [
        "abc def",
        "a&status=COMPLETED",
        "x\u{1b}[31my",
        long.as_str(),
    ] {
        let run = f.run(f.cmd().args(["withdraw", "show", id]));
        run.code(2).stderr_has("nothing was sent");
        assert!(!run.stderr.contains('\u{1b}'), "{}", run.stderr);
    }
    f.assert_nothing_sent();
    // A well-formed id the account lacks is the service's answer: not found.
    f.run(
        f.cmd()
            .args(["withdraw", "show", "2960263173653180598136622655002"]),
    )
    .code(3);
}

#[test]
fn a_withdrawal_answered_with_the_number_whole_prints_it_masked() {
    // The answer of `withdraw --amount` (createwithdraw.md's shape) with the number whole:
    // masked in every format, as `withdraw show` masks it.
    let f = masked::fixture();
    let body = format!(
        r#"{{"withdrawId":"w1","status":"PENDING","amount":18500,"fee":1500,"totalAmount":20000,"bankCode":"004","accountNumber":"{}","holderName":"Kim","dateCreated":"2025-06-20T05:30:00.000Z","balance":100000,"point":0}}"#,
        masked::NUMBER
    );
    masked::outputs(&f, &body, &["withdraw", "--amount", "20000", "--yes"]);
}

#[test]
fn a_status_is_read_in_any_case_and_an_unknown_one_is_noted() {
    let f = Fixture::demo();
    let run = f.run(
        f.demo_cmd()
            .args(["withdraw", "list", "--status", "pending", "-o", "json"]),
    );
    let sent: serde_json::Value = serde_json::from_str(&run.code(0).stdout).unwrap();
    assert_eq!(
        sent["data"][0]["withdrawId"], NEWER,
        "the demo's pending one"
    );
    assert!(!run.stderr.contains("note:"), "{}", run.stderr);
    assert!(
        f.sent().iter().any(|r| r.contains("status=PENDING")),
        "sent in the API's spelling: {:?}",
        f.sent()
    );

    let run = f.run(f.demo_cmd().args(["withdraw", "list", "--status", "bogus"]));
    run.code(0)
        .stderr_has("note: --status bogus is not one of the documented values")
        .stderr_has("PENDING");
}
