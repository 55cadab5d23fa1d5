//! Issue 14, items 2–4 and 6: statements people open in Excel (xlsx read back with calamine,
//! CSV with a byte-order mark, ids kept text, formulas made inert), files written whole or not
//! at all, tables aligned with Korean memos, and field selection.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::{Fixture, csv_records, kst_text, mode, parse_csv, wall_clock};
use solapi_cash_conformance::hostile::server::{HostileServer, Script, json};
use solapi_cash_emulator::{FaultAction, FaultSpec, Route, demo};
use solapi_cash_types::{HistoryEntry, Money};
use unicode_width::UnicodeWidthStr;

fn money(text: &str) -> Money {
    text.parse().unwrap()
}

/// The demo history, read back from the xlsx export: every row, every amount exact (the
/// number cells' values printed as the shortest decimal that reads back as them), every date
/// the Korean wall-clock time of the entry, ids as text.
#[test]
fn an_xlsx_export_of_the_demo_history_reads_back_exactly() {
    let f = Fixture::demo();
    let mut entries = f.admin().history(demo::DEMO_ACCOUNT_ID).unwrap();
    entries.reverse();
    let path = f.home.path().join("history.xlsx");
    let run = f.run(
        f.demo_cmd()
            .args(["history", "--all", "-o", "xlsx", "--output-file"])
            .arg(&path),
    );
    assert_eq!(run.code(0).stdout, "", "the workbook goes to the file");

    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let sheet = book.worksheet_range("history").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(
        rows.len(),
        entries.len() + 1,
        "a header and one row per entry"
    );
    let header: Vec<String> = rows[0].iter().map(ToString::to_string).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (amount, balance, date, account, id) = (
        col("balanceAmount"),
        col("newBalance"),
        col("dateCreated (Asia/Seoul)"),
        col("accountId"),
        col("historyId"),
    );
    let mut fractional = 0;
    for (row, entry) in rows[1..].iter().zip(&entries) {
        let number = |cell: &Data| match cell {
            Data::Float(v) => money(&v.to_string()),
            Data::Int(v) => Money::from_i64(*v),
            other => panic!("not a number cell: {other:?}"),
        };
        assert_eq!(number(&row[amount]), entry.balance_amount);
        assert_eq!(number(&row[balance]), entry.new_balance);
        if entry.balance_amount.scale() > 0 {
            fractional += 1;
        }
        let Data::DateTime(at) = &row[date] else {
            panic!("not a date cell: {:?}", row[date]);
        };
        let (y, mo, d, h, mi, s, ms) = at.to_ymd_hms_milli();
        assert_eq!(
            wall_clock(i32::from(y), mo, d, (h, mi, s, ms)),
            kst_text(entry.date_created.datetime()),
            "{}",
            entry.date_created
        );
        assert_eq!(row[account], Data::String(entry.account_id.clone()));
        assert_eq!(row[id], Data::String(entry.history_id.clone()));
    }
    assert!(fractional > 0, "fractional amounts were checked too");
    assert_eq!(run.stderr, "", "nothing had to be kept as text");

    // The summary's totals are on their own sheet.
    let path = f.home.path().join("summary.xlsx");
    f.run(
        f.demo_cmd()
            .args([
                "history",
                "summary",
                "--by",
                "month",
                "-o",
                "xlsx",
                "--output-file",
            ])
            .arg(&path),
    )
    .code(0);
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), ["periods", "totals"]);
    let totals = book.worksheet_range("totals").unwrap();
    let all = totals
        .rows()
        .find(|r| r[0] == Data::String("ALL".into()))
        .unwrap();
    let net = entries.iter().fold(Money::ZERO, |s, e| {
        s.checked_add(&e.balance_amount).unwrap()
    });
    assert_eq!(all[1], Data::Float(entries.len() as f64));
    let Data::Float(total) = all[2] else {
        panic!("{:?}", all[2])
    };
    assert_eq!(money(&total.to_string()), net);
}

/// Money a spreadsheet cannot hold exactly is text, exactly as sent, with a warning; text that
/// looks like a formula stays text.
#[test]
fn unholdable_money_and_formulas_stay_text() {
    let f = Fixture::new();
    let admin = f.admin();
    admin
        .adjust(
            &f.account_id,
            money("196.00000000001592"),
            Money::ZERO,
            Some("=HYPERLINK(\"http://evil\",\"x\")"),
        )
        .unwrap();
    let path = f.home.path().join("odd.xlsx");
    let run = f.run(
        f.cmd()
            .args(["history", "-o", "xlsx", "--output-file"])
            .arg(&path),
    );
    run.code(0).stderr_has("written as text, exactly as sent");
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let sheet = book.worksheet_range("history").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(rows[1][0], Data::String("196.00000000001592".into()));
    assert_eq!(
        rows[1][3],
        Data::String("=HYPERLINK(\"http://evil\",\"x\")".into())
    );

    // CSV for spreadsheets: the same value as ="…" text, the formula behind a quote; for
    // programs: the bytes as sent.
    let path = f.home.path().join("odd.csv");
    csv_file(&f, &path, &[]);
    let text = std::fs::read_to_string(&path).unwrap();
    let records = csv_records(text.strip_prefix('\u{feff}').unwrap());
    assert_eq!(records[0]["balanceAmount"], "=\"196.00000000001592\"");
    assert_eq!(records[0]["memo"], "'=HYPERLINK(\"http://evil\",\"x\")");
    assert_eq!(records[0]["accountId"], format!("=\"{}\"", f.account_id));
    let run = f.run(f.cmd().args(["history", "-o", "csv"]));
    let records = csv_records(&run.code(0).stdout);
    assert_eq!(records[0]["balanceAmount"], "196.00000000001592");
    assert_eq!(records[0]["memo"], "=HYPERLINK(\"http://evil\",\"x\")");
    assert_eq!(records[0]["accountId"], f.account_id);
}

/// Issue 21: a value the service sent with an exponent went into spreadsheet CSV as a bare
/// number (Excel rounds `1.2345678901234567E+5` to 15 digits) while the warning said it was
/// written as text. It is `="…"` text now, whatever its characters.
#[test]
fn money_sent_with_an_exponent_stays_text_in_spreadsheet_csv() {
    let mut f = Fixture::new();
    f.extra_secrets.push("exponent-secret-5a1".to_owned());
    let page = r#"[{"balanceAmount": 0, "pointAmount": 1.2345678901234567E+5,
        "accountId": "19041920726336", "oldBalance": 10130.5, "newBalance": 10130.5,
        "oldPoint": 0, "newPoint": 1.2345678901234567E+5, "type": "MANUAL",
        "dateCreated": "2019-08-06T06:16:06.000Z", "historyId": "5d491966384bbe6e51a2ceb6"}]"#;
    let server = HostileServer::start(Script::Raw(json(200, page)));
    let key = ("NCEXPONENTKEY001", "exponent-secret-5a1");
    let run = f.run(
        f.against(&server.base_url(), key, "10")
            .args(["history", "-o", "csv", "--bom"]),
    );
    run.code(0).stderr_has("written as text, exactly as sent");
    let records = csv_records(run.stdout.strip_prefix('\u{feff}').unwrap());
    assert_eq!(records[0]["pointAmount"], "=\"1.2345678901234567E+5\"");
    assert_eq!(records[0]["newPoint"], "=\"1.2345678901234567E+5\"");
    assert_eq!(
        records[0]["oldBalance"], "10130.5",
        "a number a spreadsheet holds"
    );
}

/// `history -o csv --output-file PATH` with `extra` flags, which must succeed.
fn csv_file(f: &Fixture, path: &Path, extra: &[&str]) {
    let mut cmd = f.cmd();
    cmd.args(["history", "-o", "csv"])
        .args(extra)
        .arg("--output-file")
        .arg(path);
    f.run(&mut cmd).code(0);
}

/// Korean memos: a byte-order mark when asked (and for files), none on standard output, and
/// the UTF-8 text itself unchanged.
#[test]
fn csv_with_korean_memos_starts_with_a_bom_when_asked() {
    let f = Fixture::new();
    for memo in ["문자 발송 비용", "충전"] {
        f.admin()
            .adjust(
                &f.account_id,
                Money::from_i64(1000),
                Money::ZERO,
                Some(memo),
            )
            .unwrap();
    }
    let plain = f.run(f.cmd().args(["history", "-o", "csv"]));
    assert!(plain.code(0).stdout.starts_with("balanceAmount,"));
    let bom = f.run(f.cmd().args(["history", "-o", "csv", "--bom"]));
    let text = bom.code(0).stdout.strip_prefix('\u{feff}').expect("a BOM");
    assert_eq!(csv_records(text)[0]["memo"], "충전");
    let path = f.home.path().join("korean.csv");
    csv_file(&f, &path, &[]);
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        bytes.starts_with(&[0xef, 0xbb, 0xbf]),
        "files get it by default"
    );
    csv_file(&f, &path, &["--no-bom"]);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("balanceAmount,"));
    assert_eq!(parse_csv(&text).len(), 3);
}

/// A failed export (the emulator fails the third page) leaves neither the file nor a
/// temporary one; a completed one has the mode the umask gives (checked under two umasks).
#[test]
fn an_output_file_appears_only_when_complete_with_the_umasks_mode() {
    let f = Fixture::new();
    f.entries(500);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.ndjson");
    let admin = f.admin();
    admin.inject_fault(FaultSpec::new(Route::History, FaultAction::Delay { ms: 0 }).times(2));
    admin.inject_fault(FaultSpec::new(Route::History, FaultAction::error(500)).times(50));
    // Without retries, so that the fault ends the export.
    let export = |extra: &[&str]| {
        let mut cmd = f.cmd();
        cmd.args(["--retries", "0", "history", "--all", "-o", "ndjson"])
            .args(extra)
            .arg("--output-file")
            .arg(&path);
        f.run(&mut cmd)
    };
    let run = export(&["--page-size", "100"]);
    run.code(3);
    admin.clear_faults();
    let pages = admin
        .request_log()
        .iter()
        .filter(|r| r.path.starts_with("/cash/v1/balance/history"))
        .count();
    assert!(pages >= 3, "it failed mid-export ({pages} requests)");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "nothing left behind: {left:?}");

    // An old file stays as it was until a new one is complete.
    std::fs::write(&path, "old\n").unwrap();
    admin.inject_fault(FaultSpec::new(Route::History, FaultAction::error(500)).times(50));
    export(&[]).code(3);
    admin.clear_faults();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "old\n");

    for (umask, expected) in [("022", 0o644), ("077", 0o600)] {
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
            .arg(env!("CARGO_BIN_EXE_solapi-cash"))
            .args(["history", "--all", "-o", "ndjson", "--output-file"])
            .arg(&path)
            .envs(
                f.cmd_std()
                    .get_envs()
                    .filter_map(|(k, v)| v.map(|v| (k, v))),
            )
            .status()
            .unwrap();
        assert!(status.success());
        assert_eq!(mode(&path), expected, "umask {umask}");
        let lines = std::fs::read_to_string(&path).unwrap().lines().count();
        assert_eq!(lines, 500);
    }
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, [Path::new("export.ndjson").as_os_str()]);
}

/// Every row of a table with Korean memos has its columns at the same display positions.
#[test]
fn table_columns_line_up_with_korean_memos() {
    let f = Fixture::new();
    for (won, memo) in [
        (1000, "문자 발송"),
        (25, "x"),
        (-300, "카카오 알림톡 발송 비용 정산"),
        (7, "e\u{301}te\u{301}"),
    ] {
        f.admin()
            .adjust(&f.account_id, Money::from_i64(won), Money::ZERO, Some(memo))
            .unwrap();
    }
    let run = f.run(f.cmd().args(["history"]));
    let lines: Vec<&str> = run.code(0).stdout.lines().collect();
    assert_eq!(lines.len(), 5);
    // Where the history id column starts, in display columns: the same on every line.
    let id_column = |line: &str| {
        let cut = line.rfind("  ").unwrap() + 2;
        UnicodeWidthStr::width(&line[..cut])
    };
    let header = id_column(lines[0]);
    for line in &lines[1..] {
        assert_eq!(id_column(line), header, "{line}");
    }
    assert!(lines.iter().any(|l| l.contains("카카오 알림톡")));
}

#[test]
fn fields_pick_and_order_the_machine_formats() {
    let f = Fixture::new();
    f.entries(30);
    let mut expected: Vec<HistoryEntry> = f.admin().history(&f.account_id).unwrap();
    expected.reverse();
    let pick = ["--fields", "historyId,dateCreated,balanceAmount"];
    let csv = f.run(
        f.cmd()
            .args(["history", "--limit", "5", "-o", "csv"])
            .args(pick),
    );
    let rows = parse_csv(&csv.code(0).stdout);
    assert_eq!(
        rows[0],
        ["historyId", "dateCreated (Asia/Seoul)", "balanceAmount"]
    );
    assert_eq!(rows[1][0], expected[0].history_id);
    assert_eq!(money(&rows[1][2]), expected[0].balance_amount);

    let ndjson = f.run(
        f.cmd()
            .args(["history", "--limit", "5", "-o", "ndjson"])
            .args(pick),
    );
    let first = ndjson.code(0).stdout.lines().next().unwrap().to_owned();
    let keys: Vec<String> = first
        .trim_matches(['{', '}'])
        .split(',')
        .map(|kv| kv.split(':').next().unwrap().trim_matches('"').to_owned())
        .collect();
    assert_eq!(keys, ["historyId", "dateCreated", "balanceAmount"]);
    let value: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert_eq!(
        value["dateCreated"],
        expected[0].date_created.as_str(),
        "JSON keeps the API's text"
    );
    let json = f.run(
        f.cmd()
            .args(["history", "--limit", "5", "-o", "json", "--fields", "memo"]),
    );
    let list: Vec<serde_json::Value> = serde_json::from_str(&json.code(0).stdout).unwrap();
    assert!(list.iter().all(|v| v.as_object().unwrap().len() == 1));

    // A name that is none of the documented fields is a typo, refused with the list (issue
    // 21: it gave an empty column and exit 0), unless it is marked as a field of the
    // service's own (+NAME): then it is written where sent (empty here).
    let typo = [
        "history",
        "--limit",
        "2",
        "-o",
        "csv",
        "--fields",
        "historyId,histroyId",
    ];
    f.run(f.cmd().args(typo))
        .code(2)
        .stderr_has("unknown field `histroyId` for --fields")
        .stderr_has("balanceAmount, pointAmount, groupId")
        .stderr_has("leading +");
    let open = f.run(f.cmd().args([
        "history",
        "--limit",
        "2",
        "-o",
        "csv",
        "--fields",
        "historyId,+nope",
    ]));
    open.code(0);
    let rows = parse_csv(&open.stdout);
    assert_eq!(rows[0], ["historyId", "nope"]);
    assert_eq!(rows[1], [expected[0].history_id.as_str(), ""]);

    let before = f.requests();
    f.run(
        f.cmd()
            .args(["history", "-o", "csv", "--fields", "historyId,historyId"]),
    )
    .code(2)
    .stderr_has("names `historyId` twice");
    f.run(f.cmd().args(["history", "--fields", "memo"]))
        .code(2)
        .stderr_has("tables have their own columns");
    assert_eq!(f.requests(), before, "nothing was sent");
}
