//! The ledger against the emulator over HTTP: import, incremental syncs, the lookback,
//! revisions, missing entries, the audit, and the errors that leave data untouched.

mod common;

use std::time::Duration;

use common::Fixture;
use solapi_cash_ledger::{Finding, Ledger, LedgerError, Order, SyncOptions};
use solapi_cash_types::{HistoryQuery, Money};

fn options(page: u64, lookback_days: u32) -> SyncOptions {
    SyncOptions::default()
        .page_size(page)
        .lookback_days(lookback_days)
        .lock_wait(Duration::ZERO)
}

fn stored_ids(ledger: &Ledger) -> Vec<String> {
    ledger
        .entries(&HistoryQuery::default(), Order::NewestFirst)
        .expect("entries")
        .into_iter()
        .map(|e| e.history_id)
        .collect()
}

#[test]
fn the_first_sync_imports_everything_and_later_ones_only_what_is_new() {
    let f = Fixture::new(2_500);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cash.sqlite3");
    let mut ledger = Ledger::open(&path).unwrap();
    let report = ledger.sync(&f.client, &options(100, 0)).unwrap();
    assert!(report.imported);
    assert_eq!(report.added, 2_500);
    assert_eq!(
        stored_ids(&ledger),
        f.ids(),
        "the service's order, every entry once"
    );
    // Stored as sent: the texts decode to the service's entries.
    let server = f.admin.history(&f.account).unwrap();
    let mut stored = ledger
        .entries(&HistoryQuery::default(), Order::OldestFirst)
        .unwrap();
    assert_eq!(stored, server);
    let audit = ledger.audit(Some(&f.client.balance().unwrap())).unwrap();
    assert!(audit.is_clean(), "{:?}", audit.findings);
    assert_eq!(audit.entries, 2_500);

    // Nothing new: one page that holds only stored entries.
    let report = ledger.sync(&f.client, &options(100, 0)).unwrap();
    assert_eq!((report.added, report.requests), (0, 1));

    // k new entries: at most ⌈k / page⌉ + 2 requests without a lookback.
    for k in [1u64, 99, 250] {
        for _ in 0..k {
            f.admin
                .charge_message(&f.account, Money::from_i64(13), None)
                .unwrap();
        }
        let report = ledger.sync(&f.client, &options(100, 0)).unwrap();
        assert_eq!(report.added, k);
        assert!(
            report.requests <= k.div_ceil(100) + 2,
            "{} requests for {k} new entries",
            report.requests
        );
    }
    stored = ledger
        .entries(&HistoryQuery::default(), Order::OldestFirst)
        .unwrap();
    assert_eq!(stored, f.admin.history(&f.account).unwrap());
    let audit = ledger.audit(Some(&f.client.balance().unwrap())).unwrap();
    assert!(audit.is_clean(), "{:?}", audit.findings);
}

#[test]
fn late_entries_revisions_and_vanished_entries_are_kept_and_reported() {
    let f = Fixture::new(1_000);
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(dir.path().join("l.sqlite3")).unwrap();
    ledger.sync(&f.client, &options(100, 40)).unwrap();
    let server = f.admin.history(&f.account).unwrap();
    let newest = server.last().unwrap().date_created.datetime();

    // A late entry dated ten days back: inside the lookback.
    let late = f
        .admin
        .insert_late_entry(&f.account, newest - time::Duration::days(10), Some("late"))
        .unwrap();
    // An entry corrected in place, and one the service lost (a gap in the chain), both
    // inside the lookback.
    let recent: Vec<_> = server
        .iter()
        .rev()
        .filter(|e| !e.balance_amount.is_zero())
        .take(5)
        .collect();
    f.admin
        .revise_entry(&f.account, &recent[1].history_id, Some("corrected"))
        .unwrap();
    f.admin
        .remove_entry(&f.account, &recent[3].history_id)
        .unwrap();

    let dry = ledger
        .sync(&f.client, &options(100, 40).dry_run(true))
        .unwrap();
    assert_eq!(dry.added, 1);
    assert_eq!(dry.revised.len(), 1);
    assert_eq!(ledger.len().unwrap(), 1_000, "a dry run writes nothing");

    let report = ledger.sync(&f.client, &options(100, 40)).unwrap();
    assert_eq!(report.added, 1, "the late entry");
    assert_eq!(
        report.revised,
        vec![(recent[1].history_id.clone(), 1)],
        "the corrected entry"
    );
    assert_eq!(report.flagged_missing, 1, "the lost entry");
    assert!(stored_ids(&ledger).contains(&late.history_id));
    assert_eq!(
        ledger.missing().unwrap(),
        vec![recent[3].history_id.clone()]
    );
    assert_eq!(ledger.len().unwrap(), 1_001, "flagged, never deleted");
    let old = ledger.revisions(&recent[1].history_id).unwrap();
    assert_eq!(old.len(), 1);
    assert!(!old[0].1.contains("corrected"));

    // The listing matches the service's again; the audit reports the gap and its size.
    assert_eq!(stored_ids(&ledger), f.ids());
    let audit = ledger.audit(Some(&f.client.balance().unwrap())).unwrap();
    assert_eq!(audit.missing, 1);
    assert_eq!(audit.revised, 1);
    let gaps: Vec<_> = audit
        .findings
        .iter()
        .filter_map(|finding| match finding {
            Finding::Gap { balance, point, .. } => Some((balance.clone(), point.clone())),
            _ => None,
        })
        .collect();
    // Its size is what the lost entry moved.
    let lost = &recent[3];
    let size = (lost.balance_amount.clone(), lost.point_amount.clone());
    assert_eq!(gaps, vec![size], "{:?}", audit.findings);

    // A sync without a lookback would not have seen them: nothing more to find now.
    let report = ledger.sync(&f.client, &options(100, 0)).unwrap();
    assert_eq!((report.added, report.revised.len()), (0, 0));
}

#[test]
fn a_second_sync_of_the_same_ledger_stops_and_says_why() {
    let f = Fixture::new(10);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.sqlite3");
    let mut first = Ledger::open(&path).unwrap();
    let mut second = Ledger::open(&path).unwrap();
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(dir.path().join("l.sqlite3.lock"))
        .unwrap();
    fs4::FileExt::lock(&lock).unwrap();
    let err = second.sync(&f.client, &options(100, 0)).unwrap_err();
    assert!(matches!(err, LedgerError::Busy { .. }), "{err}");
    assert!(err.to_string().contains("another sync"), "{err}");
    drop(lock);
    assert_eq!(first.sync(&f.client, &options(100, 0)).unwrap().added, 10);
    assert_eq!(
        second.len().unwrap(),
        10,
        "the other handle reads what was committed"
    );
}

#[cfg(unix)]
#[test]
fn the_file_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.sqlite3");
    Ledger::open(&path).unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn a_file_that_is_not_a_ledger_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.sqlite3");
    let garbage = b"this is not a database, it is a shopping list\n".repeat(100);
    std::fs::write(&path, &garbage).unwrap();
    let err = Ledger::open(&path).unwrap_err();
    assert!(matches!(err, LedgerError::NotALedger { .. }), "{err}");
    assert!(err.to_string().contains("left untouched"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), garbage);

    // Another program's SQLite database.
    let other = dir.path().join("other.sqlite3");
    let conn = rusqlite::Connection::open(&other).unwrap();
    conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    drop(conn);
    let before = std::fs::read(&other).unwrap();
    assert!(matches!(
        Ledger::open(&other).unwrap_err(),
        LedgerError::NotALedger { .. }
    ));
    assert_eq!(std::fs::read(&other).unwrap(), before);
}

#[test]
fn a_damaged_ledger_is_a_clear_error_and_reading_it_changes_nothing() {
    let f = Fixture::new(200);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.sqlite3");
    {
        let mut ledger = Ledger::open(&path).unwrap();
        ledger.sync(&f.client, &options(100, 0)).unwrap();
    }
    // A valid header and schema page (the first page), everything after it overwritten: the
    // tables' pages are garbage, as after a disk error.
    let mut bytes = std::fs::read(&path).unwrap();
    let page: usize = 8192;
    assert!(bytes.len() > 2 * page);
    bytes[page..].fill(0x5a);
    std::fs::write(&path, &bytes).unwrap();

    let read = Ledger::open(&path).and_then(|ledger| ledger.audit(None));
    let err = read.unwrap_err();
    assert!(err.to_string().contains("malformed"), "{err}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "reading changed the file"
    );
    // A sync stops with an error too (no panic).
    if let Ok(mut ledger) = Ledger::open(&path) {
        let err = ledger.sync(&f.client, &options(100, 0)).unwrap_err();
        assert!(err.to_string().contains("malformed"), "{err}");
    }
}

#[test]
fn a_ledger_from_a_newer_schema_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.sqlite3");
    drop(Ledger::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let before = std::fs::read(&path).unwrap();
    let err = Ledger::open(&path).unwrap_err();
    assert!(
        matches!(err, LedgerError::NewerSchema { found: 99, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("upgrade"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn a_read_only_directory_is_a_clear_error_and_its_ledger_still_reads() {
    use std::os::unix::fs::PermissionsExt;
    let f = Fixture::new(50);
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("ro");
    std::fs::create_dir(&sub).unwrap();
    let path = sub.join("l.sqlite3");
    {
        let mut ledger = Ledger::open(&path).unwrap();
        ledger.sync(&f.client, &options(100, 0)).unwrap();
    }
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o555)).unwrap();
    let denied = std::fs::write(sub.join("probe"), b"x").is_err();
    if denied {
        // A new ledger cannot be created there.
        let err = Ledger::open(sub.join("new.sqlite3")).unwrap_err();
        assert!(matches!(err, LedgerError::Open { .. }), "{err}");
        // The existing one reads.
        let ledger = Ledger::open_existing(&path).unwrap();
        assert_eq!(ledger.len().unwrap(), 50);
    }
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o755)).unwrap();
}
