//! `history` and `history summary` against the emulator: every format, filters, `--all`,
//! exact values, and a closed pipe.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::process::Stdio;

use common::{Fixture, csv_records, kst_text};
use solapi_cash_types::{HistoryEntry, HistoryType, Money};

/// The account's history, newest first (as the API lists it).
fn newest_first(f: &Fixture) -> Vec<HistoryEntry> {
    let mut all = f.admin().history(&f.account_id).unwrap();
    all.reverse();
    all
}

#[test]
fn one_page_in_every_format_carries_the_exact_values() {
    let f = Fixture::new();
    f.entries(40);
    // A fractional amount and a memo that needs CSV quoting.
    f.admin()
        .adjust(
            &f.account_id,
            "10130.5".parse().unwrap(),
            Money::ZERO,
            Some("a, \"quoted\"\nmemo"),
        )
        .unwrap();
    let expected: Vec<_> = newest_first(&f).into_iter().take(25).collect();

    let json = f.run(f.cmd().args(["history", "--limit", "25", "-o", "json"]));
    json.code(0);
    let from_json: Vec<HistoryEntry> = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(from_json, expected);
    assert!(
        json.stdout.contains("\"newBalance\":"),
        "the API's field names"
    );
    assert!(json.stdout.contains("10130.5"), "exact digits, not a float");

    let ndjson = f.run(f.cmd().args(["history", "--limit", "25", "-o", "ndjson"]));
    ndjson.code(0);
    let from_ndjson: Vec<HistoryEntry> = ndjson
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(from_ndjson, expected);

    let csv = f.run(f.cmd().args(["history", "--limit", "25", "-o", "csv"]));
    csv.code(0);
    let records = csv_records(&csv.stdout);
    assert_eq!(records.len(), expected.len());
    for (record, entry) in records.iter().zip(&expected) {
        // Every column is the JSON field of the same name, as text (numbers compared as
        // exact amounts: the raw JSON text, never through a float).
        let json = serde_json::to_string(entry).unwrap();
        let raw: BTreeMap<String, Box<serde_json::value::RawValue>> =
            serde_json::from_str(&json).unwrap();
        // One column per field, and `extra` for fields the CLI does not know (the emulator
        // sends none).
        assert_eq!(
            record.len(),
            raw.len() + 1,
            "one column per field, and extra"
        );
        assert_eq!(record["extra"], "");
        // The date is Korean time, named in the header (Seoul is UTC+9 all year).
        assert_eq!(
            record["dateCreated (Asia/Seoul)"],
            kst_text(entry.date_created.datetime())
        );
        for (name, text) in record {
            if name == "dateCreated (Asia/Seoul)" || name == "extra" {
                continue;
            }
            let field = raw[name].get();
            if field == "null" {
                assert_eq!(text, "", "{name}");
            } else if field.starts_with('"') {
                assert_eq!(
                    *text,
                    serde_json::from_str::<String>(field).unwrap(),
                    "{name}"
                );
            } else {
                assert_eq!(
                    text.parse::<Money>().unwrap(),
                    field.parse::<Money>().unwrap(),
                    "{name}"
                );
            }
        }
        assert_eq!(money_of(record, "balanceAmount"), entry.balance_amount);
        assert_eq!(money_of(record, "newBalance"), entry.new_balance);
        assert_eq!(record["memo"], entry.memo.clone().unwrap_or_default());
    }

    let table = f.run(f.cmd().args(["history", "--limit", "25"]));
    table.code(0);
    let lines: Vec<_> = table.stdout.lines().collect();
    assert_eq!(lines.len(), 26, "a header and 25 rows");
    assert!(lines[0].starts_with("date (Asia/Seoul)"), "{}", lines[0]);
    assert!(
        lines[1].contains("+10,130.5"),
        "thousands separators and sign: {}",
        lines[1]
    );
    // The memo's line break is shown, not obeyed (tests/reliability_terminal_text.rs).
    assert!(lines[1].contains(r#"a, "quoted"\nmemo"#), "{}", lines[1]);
    let id_column = lines[0].find("history id").unwrap();
    for (line, entry) in lines[1..].iter().zip(&expected) {
        assert_eq!(&line[id_column..], entry.history_id, "aligned columns");
    }
    assert!(
        !table.stdout.contains('\x1b'),
        "no colour when not on a terminal"
    );
}

fn money_of(record: &std::collections::HashMap<String, String>, name: &str) -> Money {
    record[name].parse().unwrap()
}

#[test]
fn all_streams_every_entry_once_in_constant_pages() {
    let f = Fixture::new();
    f.entries(2500);
    let expected = newest_first(&f);
    let run = f.run(
        f.cmd()
            .args(["history", "--all", "--page-size", "300", "-o", "ndjson"]),
    );
    run.code(0);
    let ids: Vec<_> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<HistoryEntry>(l).unwrap().history_id)
        .collect();
    let expected_ids: Vec<_> = expected.iter().map(|e| e.history_id.clone()).collect();
    assert_eq!(ids, expected_ids);
    assert_eq!(
        run.stderr, "",
        "no progress line when standard error is not a terminal"
    );
    let pages = f
        .admin()
        .request_log()
        .iter()
        .filter(|r| r.path.starts_with("/cash/v1/balance/history"))
        .count();
    assert!(pages >= 9, "fetched page by page ({pages} requests)");

    let json = f.run(f.cmd().args(["history", "--all", "-o", "json"]));
    let all: Vec<HistoryEntry> = serde_json::from_str(&json.code(0).stdout).unwrap();
    assert_eq!(all, expected);
    // One page at a time, a fixed number, or adaptive: the same entries, the same bytes.
    for n in ["1", "5", "auto"] {
        let same = f.run(f.cmd().args([
            "history",
            "--all",
            "--page-size",
            "300",
            "-o",
            "ndjson",
            "--concurrency",
            n,
        ]));
        assert_eq!(same.code(0).stdout, run.stdout, "--concurrency {n}");
    }
    let csv = f.run(
        f.cmd()
            .args(["history", "--all", "-o", "csv", "--offset", "2000"]),
    );
    assert_eq!(
        csv_records(&csv.code(0).stdout).len(),
        expected.len() - 2000
    );
}

#[test]
fn filters_reach_the_api_and_bad_values_never_do() {
    let f = Fixture::new();
    f.entries(300);
    let all = newest_first(&f);
    let run = f.run(
        f.cmd()
            .args(["history", "--all", "--type", "recharge", "-o", "ndjson"]),
    );
    let recharges: Vec<HistoryEntry> = run
        .code(0)
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!recharges.is_empty());
    assert_eq!(
        recharges.len(),
        all.iter()
            .filter(|e| e.kind == HistoryType::Recharge)
            .count()
    );

    let newest = all[0].date_created.datetime();
    let day = newest.date().to_string();
    let run = f.run(f.cmd().args([
        "history", "--all", "--since", &day, "--until", &day, "-o", "ndjson", "--tz", "UTC",
    ]));
    let same_day = run.code(0).stdout.lines().count();
    assert_eq!(
        same_day,
        all.iter()
            .filter(|e| e.date_created.datetime().date() == newest.date())
            .count()
    );

    let run = f.run(f.cmd().args([
        "history",
        "--balance-deduct",
        "--limit",
        "5",
        "-o",
        "ndjson",
    ]));
    for line in run.code(0).stdout.lines() {
        let e: HistoryEntry = serde_json::from_str(line).unwrap();
        assert!(e.balance_amount.is_negative());
    }
    let log = f.admin().request_log();
    let last = &log.last().unwrap().path;
    assert!(
        last.contains("balanceDeduct=true") && last.contains("limit=5"),
        "{last}"
    );

    let before = f.requests();
    for bad in [
        &["history", "--type", " "][..],
        &["history", "--since", "2024-02-30"],
        &["history", "--since", "6mo"],
        &["history", "--month", "2025-13"],
        &["history", "--month", "2025-06", "--since", "2025-06-01"],
        &["history", "--this-month", "--last-month"],
        &["history", "--since", "2024-05-02", "--until", "2024-05-01"],
        &["history", "--limit", "0"],
        &["history", "--limit", "-1"],
        &["history", "--offset", "x"],
        &["history", "--all", "--limit", "5"],
        &["history", "--page-size", "5"],
        &["history", "--all", "--concurrency", "0"],
        &["history", "--all", "--concurrency", "33"],
        &["history", "--all", "--concurrency", "many"],
        &["history", "--concurrency", "4"],
        &["history", "--balance-recharge=maybe"],
        &["history", "--recharge-method", ""],
        &["history", "--balance-amount", "ten"],
        &["history", "summary", "--by", "week"],
    ] {
        let run = f.run(f.cmd().args(bad));
        run.code(2);
        assert!(run.stderr.starts_with("error:"), "{bad:?}: {}", run.stderr);
        assert_eq!(run.stdout, "");
    }
    assert_eq!(f.requests(), before, "nothing was sent");
}

#[test]
fn summary_totals_are_exact_in_every_format() {
    let f = Fixture::new();
    f.entries(400);
    f.admin()
        .adjust(
            &f.account_id,
            "0.1".parse().unwrap(),
            "0.2".parse().unwrap(),
            None,
        )
        .unwrap();
    let all = newest_first(&f);
    // Korean months, computed with a fixed +09:00 (Seoul has no daylight saving).
    let mut by_month: BTreeMap<(String, String), (u64, Money, Money)> = BTreeMap::new();
    for e in &all {
        let at = e
            .date_created
            .datetime()
            .to_offset(time::macros::offset!(+9));
        let key = (
            format!("{:04}-{:02}", at.year(), u8::from(at.month())),
            e.kind.to_string(),
        );
        let slot = by_month.entry(key).or_insert((0, Money::ZERO, Money::ZERO));
        slot.0 += 1;
        slot.1 = slot.1.checked_add(&e.balance_amount).unwrap();
        slot.2 = slot.2.checked_add(&e.point_amount).unwrap();
    }
    type Raw = BTreeMap<String, Box<serde_json::value::RawValue>>;

    let run = f.run(
        f.cmd()
            .args(["history", "summary", "--by", "month", "-o", "json"]),
    );
    let report: BTreeMap<String, serde_json::Value> =
        serde_json::from_str(&run.code(0).stdout).unwrap();
    assert_eq!(report["timeZone"], "Asia/Seoul");
    let raw: BTreeMap<String, Box<serde_json::value::RawValue>> =
        serde_json::from_str(&run.stdout).unwrap();
    let periods: Vec<Raw> = serde_json::from_str(raw["periods"].get()).unwrap();
    let totals: Vec<Raw> = serde_json::from_str(raw["totals"].get()).unwrap();
    let csv = f.run(
        f.cmd()
            .args(["history", "summary", "--by", "month", "-o", "csv"]),
    );
    let records = csv_records(&csv.code(0).stdout);
    assert_eq!(periods.len(), records.len(), "csv: the periods alone");
    assert_eq!(periods.len(), by_month.len());
    for (row, record) in periods.iter().zip(&records) {
        let text = |name: &str| serde_json::from_str::<String>(row[name].get()).unwrap();
        let (period, kind) = (&text("period"), &text("type"));
        assert_eq!(&record["period (Asia/Seoul)"], period);
        assert_eq!(&record["type"], kind);
        let balance: Money = record["balanceChange"].parse().unwrap();
        let json_balance: Money = row["balanceChange"].get().parse().unwrap();
        assert_eq!(record["count"], row["count"].get());
        let (count, b, p) = &by_month[&(period.clone(), kind.clone())];
        assert_eq!(record["count"], count.to_string());
        assert_eq!(&balance, b, "{period} {kind}");
        assert_eq!(&json_balance, b);
        assert_eq!(&record["pointChange"].parse::<Money>().unwrap(), p);
    }

    // The totals, on their own.
    let csv = f.run(
        f.cmd()
            .args(["history", "summary", "--totals", "-o", "csv"]),
    );
    let records = csv_records(&csv.code(0).stdout);
    assert_eq!(records.len(), totals.len());
    let grand = records.last().unwrap();
    assert_eq!(grand["type"], "ALL");
    assert_eq!(grand["count"], all.len().to_string());
    let net = all.iter().fold(Money::ZERO, |s, e| {
        s.checked_add(&e.balance_amount).unwrap()
    });
    assert_eq!(grand["balanceChange"].parse::<Money>().unwrap(), net);
    assert_eq!(net, f.balance(), "the ledger starts at zero");
    assert!(
        records
            .iter()
            .all(|r| !r.contains_key("period (Asia/Seoul)"))
    );

    let table = f.run(f.cmd().args(["history", "summary", "--type", "RECHARGE"]));
    let text = &table.code(0).stdout;
    assert!(text.starts_with("period (Asia/Seoul)"), "{text}");
    let (periods, rest) = text.split_once("\n\n").unwrap();
    assert!(periods.lines().skip(1).all(|l| l.contains("RECHARGE")));
    assert!(rest.starts_with("total of type"), "{rest}");
    assert!(rest.contains("average daily spend"), "{rest}");
}

#[test]
fn a_closed_pipe_ends_quietly_with_success() {
    let f = Fixture::new();
    f.entries(3000);
    let mut child = f
        .cmd_std()
        .args(["history", "--all", "--page-size", "100"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .stdin(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 200];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    let served = f.admin().request_log().len();
    assert!(
        served < 30,
        "stopped fetching when the reader left ({served} pages)"
    );
}

#[test]
fn an_empty_range_is_said_so_on_stderr_only() {
    let f = Fixture::new();
    let run = f.run(f.cmd().args(["history"]));
    run.code(0).stderr_has("no entries");
    assert_eq!(run.stdout, "");
    assert_eq!(
        f.run(f.cmd().args(["history", "-o", "json"]))
            .code(0)
            .stdout,
        "[]\n"
    );
    assert_eq!(
        f.run(f.cmd().args(["history", "-o", "csv"]))
            .code(0)
            .stdout
            .lines()
            .count(),
        1,
        "just the header"
    );
}

/// Finding 8 of issue 11: `--until now` was cut to the whole second, so an entry of the
/// current second was left out. The entry is written early in a second (by the emulator's
/// clock, which is this machine's) and the listing starts well before the second ends.
#[test]
fn until_now_keeps_the_entries_of_the_current_second() {
    let f = Fixture::new();
    let admin = f.admin();
    for round in 0..3 {
        while !(50..400).contains(&admin.now().millisecond()) {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let entry = admin
            .adjust(&f.account_id, Money::from_i64(round + 1), Money::ZERO, None)
            .unwrap();
        let run = f.run(f.cmd().args(["history", "--until", "now", "-o", "ndjson"]));
        let ids: Vec<String> = run
            .code(0)
            .stdout
            .lines()
            .map(|l| serde_json::from_str::<HistoryEntry>(l).unwrap().history_id)
            .collect();
        assert!(
            ids.contains(&entry.history_id),
            "round {round}: the entry of {} is missing",
            entry.date_created.as_str()
        );
        let log = admin.request_log();
        let sent = &log.last().unwrap().path;
        assert!(
            !sent.contains(".000Z"),
            "now keeps its milliseconds: {sent}"
        );
    }
}

/// Issue 10, item 8: the service's sets of types and methods are open, like the models'
/// enums. A value this version does not know reaches the API as given, with a note; a
/// documented one is still read in any case and sent in the API's spelling, without one.
#[test]
fn open_filters_pass_unknown_values_through_with_a_note() {
    let f = Fixture::new();
    f.entries(50);
    let last_query = |f: &Fixture| f.admin().request_log().last().unwrap().path.clone();

    for (flag, value, param) in [
        ("--type", "Refund", "type=Refund"),
        ("--recharge-method", "KAKAO-PAY", "rechargeMethod=KAKAO-PAY"),
        ("--service-method", "rcs", "serviceMethod=rcs"),
    ] {
        let run = f.run(f.cmd().args(["history", flag, value, "-o", "ndjson"]));
        run.code(0)
            .stderr_has(&format!(
                "note: {flag} {value} is not one of the documented values"
            ))
            .stderr_has("sent as given");
        assert_eq!(run.stdout, "", "the emulator knows no such entries");
        let sent = last_query(&f);
        assert!(sent.contains(param), "{flag}: {sent}");
    }

    let recharges = newest_first(&f)
        .into_iter()
        .filter(|e| e.kind == HistoryType::Recharge)
        .count();
    let run = f.run(
        f.cmd()
            .args(["history", "--all", "--type", "ReChArGe", "-o", "ndjson"]),
    );
    assert_eq!(run.code(0).stderr, "", "a documented value, no note");
    assert_eq!(run.stdout.lines().count(), recharges);
    assert!(
        last_query(&f).contains("type=RECHARGE"),
        "{}",
        last_query(&f)
    );

    let run = f.run(f.cmd().args(["history", "summary", "--type", "REFUND"]));
    run.code(0).stderr_has("note: --type REFUND");
}
