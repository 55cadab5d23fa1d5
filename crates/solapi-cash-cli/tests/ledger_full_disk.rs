//! `solapi-cash sync` on a full disk: a clear error, exit code 1 (a local I/O failure), the
//! ledger's existing entries untouched and its audit clean, and the next sync, once there is
//! room again, completes with every entry once and nothing missing.
//!
//! The disk is made full for the sync's process alone: it runs under `sh` with
//! `ulimit -f` (`RLIMIT_FSIZE`) and `SIGXFSZ` ignored (`trap '' XFSZ`, which survives
//! `exec`), so the write that would grow a file past the limit fails with `EFBIG` inside
//! SQLite's own write path, mid-transaction — the path a full disk's `ENOSPC` takes. SQLite's
//! `max_page_count` would have been simpler, but it refuses in the pager before any system
//! call fails, so it would not test what happens when the disk itself says no.
#![cfg(unix)]

mod common;

use common::{Fixture, Run};
use solapi_cash_ledger::{Ledger, Order};
use solapi_cash_types::{HistoryQuery, Money};

/// The file size limit in 512-byte blocks (`sh` is POSIX: `ulimit -f` counts 512 bytes):
/// 256 KiB, less than a page of 1000 entries needs in the write-ahead log.
const LIMIT_BLOCKS: &str = "512";

/// `sync` with files limited to [`LIMIT_BLOCKS`].
fn sync_on_full_disk(f: &Fixture, db: &str, page_size: &str) -> Run {
    let sync = f.cmd_std();
    let mut cmd = assert_cmd::Command::new("sh");
    cmd.args(["-c", "trap '' XFSZ; ulimit -f \"$0\"; shift; exec \"$@\""])
        .arg(LIMIT_BLOCKS)
        .arg("--")
        .arg(sync.get_program())
        .args(["sync", "--db", db, "--page-size", page_size]);
    for (name, value) in sync.get_envs() {
        match value {
            Some(value) => cmd.env(name, value),
            None => cmd.env_remove(name),
        };
    }
    cmd.timeout(std::time::Duration::from_secs(60))
        .write_stdin("");
    f.run(&mut cmd)
}

/// Every stored entry's text, oldest first.
fn texts(db: &str) -> Vec<String> {
    let ledger = Ledger::open_existing(db).unwrap();
    let mut out = Vec::new();
    ledger
        .for_each_sent(&HistoryQuery::default(), Order::OldestFirst, |sent| {
            out.push(sent.to_owned());
            Ok::<_, solapi_cash_ledger::LedgerError>(true)
        })
        .unwrap();
    out
}

#[test]
fn a_full_disk_stops_the_sync_clearly_and_leaves_the_ledger_whole() {
    let f = Fixture::new();
    f.entries(1_000);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("l.sqlite3").display().to_string();
    f.run(f.cmd().args(["sync", "--db", &db])).code(0);
    let before = texts(&db);
    assert!(before.len() >= 1_000);

    // 3,000 new entries: a page of 1000 does not fit under the limit.
    let admin = f.admin();
    for _ in 0..3_000 {
        admin
            .charge_message(&f.account_id, Money::from_i64(1), None)
            .unwrap();
    }
    let run = sync_on_full_disk(&f, &db, "1000");
    run.code(1)
        .stderr_has("could not be written")
        .stderr_has("the disk may be full");

    // Nothing of the failed page was written; the entries before it are as they were.
    assert_eq!(texts(&db), before, "the existing entries were changed");
    let ledger = Ledger::open(&db).unwrap();
    let audit = ledger.audit(None).unwrap();
    assert!(audit.is_clean(), "{audit:?}");
    drop(ledger);

    // Smaller pages: some are committed before the disk fills; they stay.
    let run = sync_on_full_disk(&f, &db, "100");
    run.code(1).stderr_has("could not be written");
    let partial = texts(&db);
    assert!(
        before.iter().all(|text| partial.contains(text)),
        "an entry stored before was changed or lost"
    );
    assert!(partial.len() > before.len(), "no page was committed");

    // Room again: the next sync completes, every entry once, nothing missing.
    f.sync_and_check_complete(&db);
}
