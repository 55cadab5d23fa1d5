//! Issue 14, item 1: Korean time. Entries placed on both sides of midnight KST at a month's
//! end (through the emulator's clock) are counted in their Korean month and day, date-only
//! bounds mean Korean days, and the zone comes from --tz, SOLAPI_TZ or the profile.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;

use common::{Fixture, csv_records, raw_object};
use solapi_cash_types::{HistoryEntry, Money};
use time::macros::datetime;

/// Five entries around the ends of May and June 2025, half a second from midnight in Seoul
/// (15:00 UTC); the months they fall in, in Korea and in UTC.
fn month_ends(f: &Fixture) -> Vec<(HistoryEntry, &'static str, &'static str)> {
    [
        (
            datetime!(2025-05-31 14:59:59.500 UTC),
            1,
            "2025-05",
            "2025-05",
        ),
        (
            datetime!(2025-05-31 15:00:00.500 UTC),
            2,
            "2025-06",
            "2025-05",
        ),
        (
            datetime!(2025-06-30 14:59:59.500 UTC),
            4,
            "2025-06",
            "2025-06",
        ),
        (
            datetime!(2025-06-30 15:00:00.500 UTC),
            8,
            "2025-07",
            "2025-06",
        ),
        // The example: 22:40 UTC on June 30th is 07:40 on July 1st in Korea.
        (datetime!(2025-06-30 22:40:00 UTC), 16, "2025-07", "2025-06"),
    ]
    .into_iter()
    .map(|(at, won, kst, utc)| (f.entry_at(at, won, 0), kst, utc))
    .collect()
}

/// `period → (count, balanceChange)` of a `summary -o json`.
fn months(stdout: &str) -> BTreeMap<String, (u64, Money)> {
    let report = raw_object(stdout);
    let periods: Vec<BTreeMap<String, Box<serde_json::value::RawValue>>> =
        serde_json::from_str(report["periods"].get()).unwrap();
    assert!(report["timeZone"].get().starts_with('"'));
    periods
        .iter()
        .map(|p| {
            (
                serde_json::from_str::<String>(p["period"].get()).unwrap(),
                (
                    p["count"].get().parse().unwrap(),
                    p["balanceChange"].get().parse().unwrap(),
                ),
            )
        })
        .collect()
}

fn expected(
    entries: &[(HistoryEntry, &str, &str)],
    korean: bool,
) -> BTreeMap<String, (u64, Money)> {
    let mut map: BTreeMap<String, (u64, Money)> = BTreeMap::new();
    for (e, kst, utc) in entries {
        let slot = map
            .entry((if korean { *kst } else { *utc }).to_owned())
            .or_insert((0, Money::ZERO));
        slot.0 += 1;
        slot.1 = slot.1.checked_add(&e.balance_amount).unwrap();
    }
    map
}

#[test]
fn summary_months_are_korean_months_by_default_and_utc_when_asked() {
    let f = Fixture::new();
    let entries = month_ends(&f);
    for args in [&[][..], &["--tz", "Asia/Seoul"]] {
        let run = f.run(
            f.cmd()
                .args(["history", "summary", "--by", "month", "-o", "json"])
                .args(args),
        );
        assert_eq!(
            months(&run.code(0).stdout),
            expected(&entries, true),
            "{args:?}"
        );
    }
    let run = f.run(f.cmd().args([
        "history", "summary", "--by", "month", "-o", "json", "--tz", "UTC",
    ]));
    assert_eq!(months(&run.code(0).stdout), expected(&entries, false));

    // Days too: 07:40 KST on July 1st is July 1st, in the table and its header.
    let run = f.run(
        f.cmd()
            .args(["history", "summary", "--since", "2025-07-01"]),
    );
    let table = &run.code(0).stdout;
    assert!(table.starts_with("period (Asia/Seoul)"), "{table}");
    let day = table.lines().nth(1).unwrap();
    assert!(
        day.starts_with("2025-07-01 ") && day.contains("MANUAL"),
        "{table}"
    );
    assert!(!table.contains("2025-06-30"), "{table}");
}

#[test]
fn a_range_of_days_is_those_korean_days() {
    let f = Fixture::new();
    let entries = month_ends(&f);
    let in_june: Vec<_> = entries
        .iter()
        .filter(|(_, kst, _)| *kst == "2025-06")
        .map(|(e, _, _)| e.history_id.clone())
        .collect();
    assert_eq!(in_june.len(), 2);
    let run = f.run(f.cmd().args([
        "history",
        "--all",
        "--since",
        "2025-06-01",
        "--until",
        "2025-06-30",
        "-o",
        "ndjson",
    ]));
    let mut ids: Vec<String> = run
        .code(0)
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<HistoryEntry>(l).unwrap().history_id)
        .collect();
    ids.reverse();
    assert_eq!(ids, in_june);
    // Sent as instants in UTC: Korean midnight is 15:00 the day before.
    let sent = f.admin().request_log().last().unwrap().path.clone();
    assert!(
        sent.contains("startDate=2025-05-31T15%3A00%3A00.000Z")
            || sent.contains("startDate=2025-05-31T15:00:00.000Z"),
        "{sent}"
    );
    assert!(sent.contains("2025-06-30T14"), "{sent}");

    // JSON keeps the API's text; CSV shows Korean time with the zone in the header.
    let run = f.run(f.cmd().args(["history", "--limit", "1", "-o", "json"]));
    assert!(
        run.code(0)
            .stdout
            .contains("\"dateCreated\": \"2025-06-30T22:40:00.000Z\"")
            || run
                .stdout
                .contains("\"dateCreated\":\"2025-06-30T22:40:00.000Z\""),
        "{}",
        run.stdout
    );
    let run = f.run(f.cmd().args(["history", "--limit", "1", "-o", "csv"]));
    let records = csv_records(&run.code(0).stdout);
    assert_eq!(
        records[0]["dateCreated (Asia/Seoul)"],
        "2025-07-01 07:40:00.000"
    );
    let run = f.run(
        f.cmd()
            .args(["history", "--limit", "1", "-o", "csv", "--tz", "+05:30"]),
    );
    let records = csv_records(&run.code(0).stdout);
    assert_eq!(
        records[0]["dateCreated (+05:30)"],
        "2025-07-01 04:10:00.000"
    );
}

#[test]
fn the_zone_comes_from_the_flag_the_environment_or_the_profile() {
    let f = Fixture::new();
    month_ends(&f);
    let header = |run: &common::Run| run.stdout.lines().next().unwrap_or_default().to_owned();
    let first_line = |cmd: &mut assert_cmd::Command| {
        header(f.run(cmd.args(["history", "--limit", "1"])).code(0))
    };
    assert!(first_line(&mut f.cmd()).starts_with("date (Asia/Seoul)"));
    assert!(first_line(f.cmd().env("SOLAPI_TZ", "UTC")).starts_with("date (UTC)"));
    assert!(
        first_line(
            f.cmd()
                .env("SOLAPI_TZ", "UTC")
                .args(["--tz", "Europe/Paris"])
        )
        .starts_with("date (Europe/Paris)")
    );

    // A profile's tz applies when neither flag nor environment names one, even with every
    // connection setting in the environment.
    f.run(f.bare().args(["config", "set", "tz", "america/new_york"]))
        .code(0);
    assert!(first_line(&mut f.cmd()).starts_with("date (America/New_York)"));
    assert!(first_line(f.cmd().env("SOLAPI_TZ", "UTC")).starts_with("date (UTC)"));
    let show = f.run(f.cmd().args(["config", "show", "-o", "csv"]));
    let rows = csv_records(&show.code(0).stdout);
    let tz = rows.iter().find(|r| r["setting"] == "tz").unwrap();
    assert_eq!(
        (tz["value"].as_str(), tz["source"].as_str()),
        ("America/New_York", "profile default")
    );

    // Nonsense is refused before any request, wherever it comes from.
    let before = f.requests();
    f.run(f.cmd().args(["--tz", "Mars/Olympus", "history"]))
        .code(2)
        .stderr_has("Asia/Seoul");
    f.run(f.cmd().env("SOLAPI_TZ", "+99:00").arg("history"))
        .code(2);
    f.run(f.bare().args(["config", "set", "tz", "nowhere"]))
        .code(2);
    assert_eq!(f.requests(), before);
}
