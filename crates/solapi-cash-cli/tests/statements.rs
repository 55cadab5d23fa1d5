//! Issue 21, points 3 and 4: no silent partial listings, and the accountants' forms — whole
//! months of the time zone, minutes, oldest first in every format, the statement layout,
//! one money format per xlsx column, typed summary cells, and a note when CSV for programs
//! goes to a file through the shell. The real binary against the emulator; expected values
//! are computed here with the `time` crate's fixed +09:00 and the emulator's own ledger.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::{Fixture, csv_records, parse_csv};
use time::macros::{datetime, offset};
use time::{Duration, OffsetDateTime};

/// The query strings of the history requests the emulator received since `from`.
fn history_queries(f: &Fixture, from: usize) -> Vec<String> {
    f.admin().request_log()[from..]
        .iter()
        .filter(|r| r.path.starts_with("/cash/v1/balance/history"))
        .map(|r| r.path.split_once('?').map_or("", |(_, q)| q).to_owned())
        .collect()
}

/// The value of `name` in a query string.
fn param(query: &str, name: &str) -> Option<String> {
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
        .map(|v| v.replace("%3A", ":"))
}

/// `2025-05-31T15:00:00.000Z`.
fn api(at: OffsetDateTime) -> String {
    common::api_time(at)
}

/// The first instant of the month of `day` in Korea (fixed +09:00), and of the month after.
fn kst_month(year: i32, month: u8) -> (OffsetDateTime, OffsetDateTime) {
    let first = |y: i32, m: u8| {
        time::Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), 1)
            .unwrap()
            .midnight()
            .assume_offset(offset!(+9))
    };
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    (first(year, month), first(ny, nm))
}

#[test]
fn months_and_minutes_are_placed_in_the_zone() {
    let f = Fixture::new();
    let n = f.requests();
    f.run(f.cmd().args(["history", "--month", "2025-06"]))
        .code(0);
    let (start, next) = kst_month(2025, 6);
    let q = &history_queries(&f, n)[0];
    assert_eq!(param(q, "startDate").unwrap(), api(start));
    assert_eq!(
        param(q, "endDate").unwrap(),
        api(next - Duration::MILLISECOND)
    );
    // In UTC the month is UTC's.
    let n = f.requests();
    f.run(
        f.cmd()
            .args(["--tz", "UTC", "history", "--month", "2025-06"]),
    )
    .code(0);
    let q = &history_queries(&f, n)[0];
    assert_eq!(param(q, "startDate").unwrap(), "2025-06-01T00:00:00.000Z");

    // This month and the last, from today in Korea (read before and after the run, in case
    // a month ended in between).
    for (flag, back) in [("--this-month", 0), ("--last-month", 1)] {
        let expected = |now: OffsetDateTime| {
            let today = now.to_offset(offset!(+9)).date();
            let (mut y, mut m) = (today.year(), u8::from(today.month()));
            for _ in 0..back {
                (y, m) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
            }
            api(kst_month(y, m).0)
        };
        let before = expected(OffsetDateTime::now_utc());
        let n = f.requests();
        f.run(f.cmd().args(["history", flag])).code(0);
        let after = expected(OffsetDateTime::now_utc());
        let start = param(&history_queries(&f, n)[0], "startDate").unwrap();
        assert!(start == before || start == after, "{flag}: {start}");
    }

    // Ten minutes before now.
    let before = OffsetDateTime::now_utc() - Duration::minutes(10);
    let n = f.requests();
    f.run(f.cmd().args(["history", "--since", "10m"])).code(0);
    let after = OffsetDateTime::now_utc() - Duration::minutes(10);
    let start = param(&history_queries(&f, n)[0], "startDate").unwrap();
    let start =
        OffsetDateTime::parse(&start, &time::format_description::well_known::Rfc3339).unwrap();
    assert!(
        before - Duration::SECOND <= start && start <= after,
        "{start}"
    );

    // A reversed range is refused in the user's terms: the values typed, the zone, its times.
    let run = f.run(
        f.cmd()
            .args(["history", "--since", "2025-07-01", "--until", "2025-06-30"]),
    );
    run.code(2);
    assert_eq!(
        run.error_line(),
        "error: --since 2025-07-01 is after --until 2025-06-30: in Asia/Seoul the range would \
         start at 2025-07-01 00:00:00.000 and end at 2025-06-30 23:59:59.999"
    );
}

/// The history ids of a listing in any format, in order.
fn ids(f: &Fixture, format: &str, extra: &[&str]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(format!("out.{format}"));
    let mut cmd = f.cmd();
    cmd.args(["history", "-o", format]).args(extra);
    if format == "xlsx" {
        cmd.arg("--output-file").arg(&file);
    }
    let run = f.run(&mut cmd);
    run.code(0);
    match format {
        "json" => serde_json::from_str::<Vec<serde_json::Value>>(&run.stdout)
            .unwrap()
            .iter()
            .map(|v| v["historyId"].as_str().unwrap().to_owned())
            .collect(),
        "ndjson" => run
            .stdout
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["historyId"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect(),
        "csv" => csv_records(&run.stdout)
            .into_iter()
            .map(|r| r["historyId"].clone())
            .collect(),
        "table" => run
            .stdout
            .lines()
            .skip(1)
            .map(|l| l.split_whitespace().last().unwrap().to_owned())
            .collect(),
        _ => {
            let mut book: Xlsx<_> = open_workbook(&file).unwrap();
            let sheet = book.worksheet_range("history").unwrap();
            let header: Vec<String> = sheet
                .rows()
                .next()
                .unwrap()
                .iter()
                .map(ToString::to_string)
                .collect();
            let col = header.iter().position(|h| h == "historyId").unwrap();
            sheet.rows().skip(1).map(|r| r[col].to_string()).collect()
        }
    }
}

#[test]
fn oldest_first_in_every_format() {
    let f = Fixture::new();
    f.entries(120);
    let newest: Vec<String> = f
        .admin()
        .history(&f.account_id)
        .unwrap()
        .into_iter()
        .rev()
        .map(|e| e.history_id)
        .collect();
    let oldest: Vec<String> = newest.iter().rev().cloned().collect();
    for format in ["json", "ndjson", "csv", "table", "xlsx"] {
        let all = ["--all", "--page-size", "50", "--order", "oldest"];
        assert_eq!(ids(&f, format, &all), oldest, "{format} --all");
        assert_eq!(ids(&f, format, &all[..3]), newest, "{format} newest");
        // One page: the newest entries, oldest first.
        let page: Vec<String> = newest[..7].iter().rev().cloned().collect();
        assert_eq!(
            ids(&f, format, &["--limit", "7", "--order", "oldest"]),
            page,
            "{format}"
        );
    }
}

#[test]
fn a_full_page_says_whether_more_exist_and_a_dated_file_gets_the_whole_range() {
    let f = Fixture::new();
    f.entries(19);
    assert_eq!(f.admin().history_len(&f.account_id).unwrap(), 19);
    let run = f.run(f.cmd().args(["history"]));
    assert!(!run.code(0).stderr.contains("more"), "{}", run.stderr);
    // Exactly one full page, and nothing more: one entry past it is asked for to know.
    f.entries(1);
    let run = f.run(f.cmd().args(["history"]));
    assert!(!run.code(0).stderr.contains("more"), "{}", run.stderr);
    f.entries(5);
    let run = f.run(f.cmd().args(["history"]));
    run.code(0)
        .stderr_has("these are the newest 20 entries and more exist")
        .stderr_has("--all");
    // With --limit, nothing is said: the page is what was asked for.
    let run = f.run(f.cmd().args(["history", "--limit", "20"]));
    assert!(!run.code(0).stderr.contains("more exist"));

    // A date range to a file is the whole range.
    let f = Fixture::new();
    for day in 1..=30 {
        f.entry_at(
            datetime!(2025-06-01 03:00 UTC) + Duration::days(day - 1),
            100,
            0,
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("june.xlsx");
    f.run(
        f.cmd()
            .args([
                "history",
                "--since",
                "2025-06-01",
                "--until",
                "2025-06-30",
                "-o",
                "xlsx",
            ])
            .arg("--output-file")
            .arg(&file),
    )
    .code(0);
    let mut book: Xlsx<_> = open_workbook(&file).unwrap();
    assert_eq!(book.worksheet_range("history").unwrap().rows().count(), 31);
}

#[test]
fn the_statement_layout_is_date_first_with_korean_headers_and_labels() {
    let f = Fixture::new();
    f.entry_at(datetime!(2025-06-30 22:40 UTC), 5_000, 0);
    f.charge_at(datetime!(2025-07-01 01:00 UTC), 120);
    let run = f.run(
        f.cmd()
            .args(["history", "--layout", "statement", "-o", "csv", "--bom"]),
    );
    let text = run.code(0).stdout.trim_start_matches('\u{feff}').to_owned();
    let rows = parse_csv(&text);
    assert_eq!(
        rows[0],
        [
            "일시 (Asia/Seoul)",
            "구분",
            "금액",
            "잔액",
            "포인트",
            "포인트 잔액",
            "메모",
            "내역 ID"
        ]
    );
    assert_eq!(
        rows[1][..4],
        ["2025-07-01 10:00:00.000", "차감", "-120", "4880"]
    );
    assert_eq!(
        rows[2][..4],
        ["2025-07-01 07:40:00.000", "수동 조정", "5000", "5000"]
    );

    let table = f.run(f.cmd().args(["history", "--layout", "statement"]));
    let text = &table.code(0).stdout;
    assert!(text.starts_with("일시 (Asia/Seoul)"), "{text}");
    assert!(
        text.contains("차감") && text.contains("수동 조정"),
        "{text}"
    );

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("statement.xlsx");
    f.run(
        f.cmd()
            .args([
                "history",
                "--layout",
                "statement",
                "-o",
                "xlsx",
                "--output-file",
            ])
            .arg(&file),
    )
    .code(0);
    let mut book: Xlsx<_> = open_workbook(&file).unwrap();
    let sheet = book.worksheet_range("거래 내역").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(rows[0][1], Data::String("구분".into()));
    assert_eq!(rows[1][2], Data::Float(-120.0));

    for bad in [&["-o", "json"][..], &["-o", "csv", "--fields", "memo"]] {
        f.run(f.cmd().args(["history", "--layout", "statement"]).args(bad))
            .code(2);
    }
}

/// The number format of every cell of the workbook's first sheet, by column header:
/// read from the file's own XML (styles.xml and sheet1.xml), independently of the writer.
fn formats_by_column(file: &Path) -> BTreeMap<String, Vec<String>> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(file).unwrap()).unwrap();
    let mut read = |name: &str| {
        let mut text = String::new();
        zip.by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    };
    let styles = read("xl/styles.xml");
    let sheet = read("xl/worksheets/sheet1.xml");
    // numFmtId -> code, and the cellXfs' numFmtIds in order.
    let mut codes = BTreeMap::new();
    for fmt in styles.split("<numFmt ").skip(1) {
        let id = attr(fmt, "numFmtId").unwrap();
        let code = attr(fmt, "formatCode").unwrap().replace("&quot;", "\"");
        codes.insert(id, code);
    }
    let xfs = styles
        .split("<cellXfs")
        .nth(1)
        .unwrap()
        .split("</cellXfs>")
        .next()
        .unwrap();
    let xf_formats: Vec<String> = xfs
        .split("<xf ")
        .skip(1)
        .map(|xf| {
            let id = attr(xf, "numFmtId").unwrap_or_else(|| "0".into());
            codes.get(&id).cloned().unwrap_or(format!("builtin {id}"))
        })
        .collect();
    let mut header = Vec::new();
    let mut by_column: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (row, text) in sheet.split("<row ").skip(1).enumerate() {
        for (col, cell) in text.split("<c ").skip(1).enumerate() {
            let style = attr(cell, "s").map_or(0, |s| s.parse::<usize>().unwrap());
            if row == 0 {
                header.push(col);
                continue;
            }
            by_column
                .entry(format!("col{col}"))
                .or_default()
                .push(xf_formats[style].clone());
        }
    }
    by_column
}

fn attr(text: &str, name: &str) -> Option<String> {
    let start = text.find(&format!("{name}=\""))? + name.len() + 2;
    Some(text[start..start + text[start..].find('"')?].to_owned())
}

#[test]
fn one_money_format_per_xlsx_column_and_summary_cells_typed_by_meaning() {
    let f = Fixture::new();
    for (at, won) in [(1, 10_000), (2, 13), (3, 250)] {
        f.entry_at(datetime!(2025-06-01 03:00 UTC) + Duration::days(at), won, 0);
    }
    f.charge_at(datetime!(2025-06-05 03:00 UTC), 8);
    f.admin()
        .adjust(
            &f.account_id,
            "0.5".parse().unwrap(),
            solapi_cash_types::Money::ZERO,
            None,
        )
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("h.xlsx");
    f.run(
        f.cmd()
            .args(["history", "-o", "xlsx", "--output-file"])
            .arg(&file),
    )
    .code(0);
    let formats = formats_by_column(&file);
    // balanceAmount (first column): whole won, a fraction, negative — one format.
    let money = &formats["col0"];
    assert!(
        money.len() == 5 && money.iter().all(|f| f == "₩#,##0.00"),
        "{money:?}"
    );

    let file = dir.path().join("s.xlsx");
    let run = f.run(
        f.cmd()
            .args([
                "history",
                "summary",
                "--since",
                "2025-06-01",
                "--until",
                "2025-06-30",
            ])
            .args(["-o", "xlsx", "--totals", "--output-file"])
            .arg(&file),
    );
    run.code(0);
    let mut book: Xlsx<_> = open_workbook(&file).unwrap();
    let totals = book.worksheet_range("totals").unwrap();
    let labels: BTreeMap<String, Data> = totals
        .rows()
        .filter(|r| matches!(&r[0], Data::String(_)) && r.len() > 1)
        .map(|r| (r[0].to_string(), r[1].clone()))
        .collect();
    // Spent is what sending cost (the DEDUCT of 8), not the manual entries.
    assert_eq!(labels["spent"], Data::Float(8.0));
    assert_eq!(labels["days"], Data::Float(30.0));
    let formats = formats_by_column(&file);
    // The count column: counts; the days: a plain number, not won.
    assert!(formats["col1"].iter().any(|f| f == "#,##0"), "{formats:?}");
    assert!(
        formats["col1"].iter().any(|f| f == "#,##0.00"),
        "{formats:?}"
    );
}

#[test]
fn csv_for_programs_into_a_file_through_the_shell_says_how_to_get_the_excel_form() {
    let f = Fixture::new();
    f.entries(3);
    let dir = tempfile::tempdir().unwrap();
    let shell = |args: &str| {
        let out = f.shell(&format!("\"$0\" history -o csv {args}"), dir.path());
        assert!(out.status.success());
        String::from_utf8(out.stderr).unwrap()
    };
    assert!(shell("> out.csv").contains("for Excel add --bom"));
    assert!(!shell("--no-bom > out.csv").contains("--bom"));
    assert!(!shell("--bom > out.csv").contains("--bom"));
    assert!(!shell("| cat > out.csv").contains("--bom"));
}
