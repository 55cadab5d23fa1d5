//! `solapi-cash recharge history` over real HTTP against the emulator (issue 23, point 5): a
//! page with a note naming the next key, every page with --all (the core's key pager) in
//! every format, date bounds, bad input refused before any request.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Fixture, masked, parse_csv};

/// Recharges `amount` through the CLI and answers the history id it wrote.
fn recharged(f: &Fixture, amount: &str) -> String {
    let mut args = f.recharge(amount);
    args.extend(["-o".to_owned(), "json".to_owned()]);
    let run = f.run(f.cmd().args(&args));
    let answer: serde_json::Value = serde_json::from_str(&run.code(0).stdout).unwrap();
    answer["historyId"].as_str().unwrap().to_owned()
}

#[test]
fn one_page_names_the_next_key_and_all_pages_follow_it() {
    let f = Fixture::new();
    let mut ids: Vec<String> = ["1000", "2000", "3000"]
        .iter()
        .map(|a| recharged(&f, a))
        .collect();
    ids.reverse();

    let page = f.run(
        f.cmd()
            .args(["recharge", "history", "--limit", "2", "-o", "json"]),
    );
    let sent: serde_json::Value = serde_json::from_str(&page.code(0).stdout).unwrap();
    assert_eq!(sent["data"][0]["historyId"], ids[0].as_str());
    assert_eq!(sent["data"].as_array().unwrap().len(), 2);
    let next = sent["nextKey"].as_str().unwrap().to_owned();
    page.stderr_has(&format!("--start-key {next}"));

    let rest = f.run(f.cmd().args([
        "recharge",
        "history",
        "--limit",
        "2",
        "--start-key",
        &next,
        "-o",
        "ndjson",
    ]));
    let first: serde_json::Value =
        serde_json::from_str(rest.code(0).stdout.lines().next().unwrap()).unwrap();
    assert_eq!(first["historyId"], ids[2].as_str());

    let all = f.run(
        f.cmd()
            .args(["recharge", "history", "--all", "--limit", "2", "-o", "csv"]),
    );
    let rows = parse_csv(&all.code(0).stdout);
    assert_eq!(rows[0][0], "historyId");
    let listed: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        listed[..3],
        ids.iter().map(String::as_str).collect::<Vec<_>>()[..]
    );
    let pages = f
        .sent()
        .iter()
        .filter(|s| s.starts_with("GET /cash/v1/recharge-history"))
        .count();
    assert!(pages >= 2 + 2, "{:?}", f.sent());

    let table = f.run(f.cmd().args(["recharge", "history", "--all"]));
    let text = &table.code(0).stdout;
    assert!(text.contains("+3,000") || text.contains("3,000"), "{text}");
    assert!(text.contains(&ids[0]), "{text}");
}

#[test]
fn date_bounds_select_and_bad_input_sends_nothing() {
    let f = Fixture::new();
    recharged(&f, "1000");
    // 2999-01-01 in Seoul (the default --tz) is 15:00 UTC the day before.
    let none = f.run(
        f.cmd()
            .args(["recharge", "history", "--since", "2999-01-01", "-o", "json"]),
    );
    let sent: serde_json::Value = serde_json::from_str(&none.code(0).stdout).unwrap();
    assert_eq!(sent["data"].as_array().unwrap().len(), 0);
    assert!(
        f.sent()
            .iter()
            .any(|s| s.contains("dateCreated%5Bgte%5D=2998-12-31T15%3A00%3A00.000Z")),
        "{:?}",
        f.sent()
    );

    let g = Fixture::new();
    let bad = g.run(g.cmd().args([
        "recharge",
        "history",
        "--since",
        "2025-02-01",
        "--until",
        "2025-01-01",
    ]));
    bad.code(2).stderr_has("nothing was sent");
    let bad = g.run(g.cmd().args(["recharge", "history", "--limit", "0"]));
    bad.code(2);
    g.assert_nothing_sent();
}

#[test]
fn the_page_limit_names_this_command_s_own_flags() {
    let f = Fixture::new();
    for amount in ["1000", "2000"] {
        recharged(&f, amount);
    }
    let run = f.run(f.cmd().args([
        "recharge",
        "history",
        "--all",
        "--limit",
        "1",
        "--max-pages",
        "1",
    ]));
    run.code(3)
        .stderr_has("page limit reached")
        .stderr_has("--since and --until");
    // `history`'s flags, which this command does not have.
    assert!(!run.stderr.contains("--start-date"), "{}", run.stderr);
}

#[test]
fn a_bank_account_number_in_a_recharge_keeps_only_its_last_four_digits() {
    // The answer's shape is not published: a recharge by bank transfer may name the account
    // it came from, in any field the CLI does not know.
    let f = masked::fixture();
    let body = format!(
        r#"{{"data":[{{"historyId":"h1","balanceAmount":10000,"rechargeMethod":"ACCOUNT-TRANSFER","depositorAccountNumber":"{}","dateCreated":"2025-06-20T05:30:00.000Z"}}],"nextKey":null}}"#,
        masked::NUMBER
    );
    masked::outputs(&f, &body, &["recharge", "history"]);
    masked::outputs(&f, &body, &["recharge", "history", "--all"]);
}
