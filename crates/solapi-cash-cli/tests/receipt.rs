//! `solapi-cash receipt HISTORY_ID` over real HTTP against the emulator (issue 23, point 4):
//! the receipt of a recharge in every format, every field as sent in json; an id that is not
//! a recharge refused by the service; a malformed id refused before any request.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Fixture, masked, parse_csv};
use solapi_cash_types::models::ReceiptInfo;

/// Recharges 5,000 won through the CLI and answers the history id it wrote.
fn recharged(f: &Fixture) -> String {
    let mut args = f.recharge("5000");
    args.extend(["-o".to_owned(), "json".to_owned()]);
    let run = f.run(f.cmd().args(&args));
    let answer: serde_json::Value = serde_json::from_str(&run.code(0).stdout).unwrap();
    answer["historyId"].as_str().unwrap().to_owned()
}

#[test]
fn a_recharges_receipt_in_every_format() {
    let f = Fixture::new();
    let id = recharged(&f);

    let json = f.run(f.cmd().args(["receipt", &id, "-o", "json"]));
    let receipt: ReceiptInfo = serde_json::from_str(&json.code(0).stdout).unwrap();
    assert_eq!(receipt.history_id.as_deref(), Some(id.as_str()));
    assert_eq!(receipt.account_id.as_deref(), Some(f.account_id.as_str()));
    assert_eq!(receipt.balance_amount.unwrap().to_string(), "5000");

    let table = f.run(f.cmd().args(["receipt", &id]));
    let text = &table.code(0).stdout;
    assert!(text.contains(&id), "{text}");
    assert!(text.contains("RECHARGE"), "{text}");
    assert!(text.contains("5,000"), "{text}");

    let ndjson = f.run(f.cmd().args(["receipt", &id, "-o", "ndjson"]));
    assert_eq!(ndjson.code(0).stdout.lines().count(), 1);

    let csv = f.run(f.cmd().args(["receipt", &id, "-o", "csv"]));
    let rows = parse_csv(&csv.code(0).stdout);
    assert_eq!(rows.len(), 2, "{}", csv.stdout);
    assert_eq!(rows[0][0], "historyId");
    assert_eq!(rows[1][0], id);
    let receipt_path = format!("GET /cash/v1/receipt?historyId={id}");
    assert_eq!(
        f.sent().iter().filter(|s| **s == receipt_path).count(),
        4,
        "{:?}",
        f.sent()
    );
}

#[test]
fn an_id_that_is_not_a_recharge_is_refused() {
    let f = Fixture::new();
    recharged(&f);
    let charge =
        f.admin()
            .charge_message(&f.account_id, solapi_cash_types::Money::from_i64(100), None);
    let id = charge.unwrap().history_id;
    let run = f.run(f.cmd().args(["receipt", &id]));
    run.code(3).stderr_has("not a recharge");
    let run = f.run(f.cmd().args(["receipt", "000000000000000000000000"]));
    run.code(3).stderr_has("ResourceNotFound");
}

#[test]
fn a_malformed_id_is_refused_before_sending() {
    let f = Fixture::new();
    for bad in ["a&b=c", "5db7 28da", &"a".repeat(65)] {
        let run = f.run(f.cmd().args(["receipt", bad]));
        run.code(2).stderr_has("nothing was sent");
    }
    f.assert_nothing_sent();
}

#[test]
fn a_bank_account_number_in_a_receipt_keeps_only_its_last_four_digits() {
    // The receipt's shape is not published: a recharge by bank transfer may name the account
    // it came from. Every other field is printed as sent.
    let f = masked::fixture();
    let body = format!(
        r#"{{"historyId":"h1","balanceAmount":10000,"depositorAccountNumber":"{}","supplyAmount":9091}}"#,
        masked::NUMBER
    );
    for (format, out) in masked::outputs(&f, &body, &["receipt", "h1"]) {
        assert!(
            out.contains("9091"),
            "{format}: the other fields as sent: {out}"
        );
    }
}
