//! `sync` and `ledger …` over HTTP against the emulator: the month's statement from the
//! ledger is byte for byte the online export, the summary the same, the audit's exit code.

mod common;

use common::Fixture;
use solapi_cash_types::Money;
use time::macros::datetime;

/// An account whose history covers the first half of 2025, with entries that share a
/// millisecond in June.
fn fixture() -> Fixture {
    let f = Fixture::new();
    let admin = f.admin();
    admin.set_clock_offset(datetime!(2025-07-10 00:00 UTC) - time::OffsetDateTime::now_utc());
    admin.generate_entries(&f.account_id, 3_000, 11).unwrap();
    admin.set_clock_offset(time::Duration::ZERO);
    for memo in ["tie a", "tie b", "tie c"] {
        admin
            .insert_late_entry(
                &f.account_id,
                datetime!(2025-06-15 03:00:00.123 UTC),
                Some(memo),
            )
            .unwrap();
    }
    f
}

fn db(f: &Fixture) -> String {
    f.home.path().join("ledger.sqlite3").display().to_string()
}

#[test]
fn a_month_from_the_ledger_is_byte_for_byte_the_online_export() {
    let f = fixture();
    let db = db(&f);
    let run = f.run(
        f.cmd()
            .args(["sync", "--db", &db, "--page-size", "300", "-o", "json"]),
    );
    run.code(0);
    assert!(run.stdout.contains("\"added\":3003"), "{}", run.stdout);

    let month = ["--since", "2025-06-01", "--until", "2025-06-30"];
    for extra in [
        &["-o", "ndjson"][..],
        &["-o", "json"],
        &["-o", "csv"],
        &["-o", "ndjson", "--order", "oldest"],
        &["-o", "csv", "--layout", "statement", "--tz", "UTC"],
        &["-o", "ndjson", "--type", "DEDUCT", "--balance-deduct"],
        &["-o", "table"],
    ] {
        let online = f.run(f.cmd().args(["history", "--all"]).args(month).args(extra));
        online.code(0);
        let offline = f.run(
            f.bare()
                .args(["ledger", "history", "--db", &db])
                .args(month)
                .args(extra),
        );
        offline.code(0);
        assert!(online.stdout.len() > 100, "{extra:?}: {}", online.stdout);
        assert_eq!(offline.stdout, online.stdout, "{extra:?}");
    }

    // The summary: the same report, the days left from the ledger's newest entry.
    let online = f.run(
        f.cmd()
            .args(["history", "summary", "--month", "2025-06", "-o", "json"]),
    );
    online.code(0);
    let offline = f.run(f.bare().args([
        "ledger", "summary", "--db", &db, "--month", "2025-06", "-o", "json",
    ]));
    offline.code(0);
    assert_eq!(offline.stdout, online.stdout);
}

#[test]
fn sync_adds_only_what_is_new_and_the_audit_reports_gaps_with_exit_9() {
    let f = fixture();
    let db = db(&f);
    f.run(f.cmd().args(["sync", "--db", &db])).code(0);
    f.run(f.cmd().args(["ledger", "audit", "--db", &db]))
        .code(0);

    f.admin()
        .charge_message(&f.account_id, Money::from_i64(20), None)
        .unwrap();
    let dry = f.run(
        f.cmd()
            .args(["sync", "--db", &db, "--dry-run", "-o", "json"]),
    );
    dry.code(0);
    assert!(dry.stdout.contains("\"added\":1"), "{}", dry.stdout);
    let run = f.run(f.cmd().args(["sync", "--db", &db, "-o", "json"]));
    assert!(run.stdout.contains("\"added\":1"), "{}", run.stdout);
    let run = f.run(f.cmd().args(["sync", "--db", &db, "-o", "json"]));
    assert!(run.stdout.contains("\"added\":0"), "{}", run.stdout);

    // The service loses an entry of the lookback window: flagged, and a gap in the chain.
    for _ in 0..2 {
        f.admin()
            .charge_message(&f.account_id, Money::from_i64(30), None)
            .unwrap();
    }
    f.run(f.cmd().args(["sync", "--db", &db])).code(0);
    let history = f.admin().history(&f.account_id).unwrap();
    let lost = history[history.len() - 2].clone();
    f.admin()
        .remove_entry(&f.account_id, &lost.history_id)
        .unwrap();
    f.run(f.cmd().args(["sync", "--db", &db]))
        .code(0)
        .stderr_has("flagged missing");
    let audit = f.run(f.cmd().args(["ledger", "audit", "--db", &db, "-o", "json"]));
    audit.code(9);
    assert!(
        audit.stdout.contains("\"kind\":\"gap\""),
        "{}",
        audit.stdout
    );
    assert!(
        audit
            .stdout
            .contains(&format!("\"balance\":\"{}\"", lost.balance_amount)),
        "{}",
        audit.stdout
    );
}

#[cfg(unix)]
#[test]
fn the_default_ledger_is_private_in_the_data_directory_one_per_key() {
    use std::os::unix::fs::PermissionsExt;
    let f = Fixture::new();
    f.entries(20);
    f.run(f.cmd().args(["sync"])).code(0);
    let path = f
        .home
        .path()
        .join(".local/share/solapi-cash")
        .join(format!("ledger-{}.sqlite3", f.api_key));
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let run = f.run(f.cmd().args(["ledger", "history", "-o", "ndjson"]));
    run.code(0);
    assert_eq!(run.stdout.lines().count(), 20);
}

#[test]
fn a_missing_ledger_is_a_clear_error() {
    let f = Fixture::new();
    let run = f.run(
        f.bare()
            .args(["ledger", "history", "--db", "/nonexistent/l.sqlite3"]),
    );
    run.code(1).stderr_has("solapi-cash sync");
}

#[cfg(target_os = "linux")]
#[test]
fn sync_shows_its_progress_on_a_terminal_only() {
    use common::pty::Pty;

    let f = Fixture::new();
    f.entries(500);
    let db = db(&f);
    let pty = Pty::open();
    let mut child = pty.spawn_like(&f.cmd_std(), &["sync", "--db", &db, "--page-size", "100"]);
    let status = pty.wait(&mut child);
    assert_eq!(status.code(), Some(0), "{}", pty.screen());
    pty.wait_for_text("fetching history: ");

    // Into a pipe: no progress line.
    f.admin()
        .charge_message(&f.account_id, Money::from_i64(20), None)
        .unwrap();
    let run = f.run(f.cmd().args(["sync", "--db", &db]));
    run.code(0);
    assert!(!run.stderr.contains("fetching history"), "{}", run.stderr);
}
