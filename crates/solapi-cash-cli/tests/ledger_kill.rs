//! `solapi-cash sync` killed with SIGKILL at 20 random moments of an import and 20 of a
//! later sync (a child process; the moment is a number of requests the emulator has seen,
//! drawn at random, so nothing depends on timing): the ledger opens, a killed import's
//! chain is clean, and the next sync completes with every entry once, nothing missing,
//! and a clean audit.
#![cfg(unix)]

mod common;

use std::process::Stdio;

use common::Fixture;
use solapi_cash_ledger::Ledger;
use solapi_cash_types::Money;

/// A small deterministic generator (the kill points are reproducible from the seed).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

/// Starts `sync` and kills it once the emulator has seen `requests` more requests (or lets
/// it end, if it ends first). Whether it was killed.
fn sync_killed_after(f: &Fixture, db: &str, requests: usize) -> bool {
    let before = f.admin().request_log().len();
    let mut child = f
        .cmd_std()
        .args(["sync", "--db", db, "--page-size", "50", "--lookback", "3"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    loop {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        if f.admin().request_log().len() >= before + requests {
            child.kill().unwrap();
            child.wait().unwrap();
            return true;
        }
        std::thread::yield_now();
    }
}

#[test]
fn sync_killed_at_random_moments_loses_and_repeats_nothing() {
    let f = Fixture::new();
    f.entries(3_000);
    let mut rng = Lcg(0x5eed);
    let mut killed = 0;

    // An import: 3,000 entries in pages of 50 is about 61 requests.
    for round in 0..20 {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("l.sqlite3").display().to_string();
        let requests = 1 + rng.below(60) as usize;
        if sync_killed_after(&f, &db, requests) {
            killed += 1;
            let ledger = Ledger::open(&db).unwrap();
            let audit = ledger.audit(None).unwrap();
            // What a killed import committed is the newest part of the history, whole.
            assert!(audit.is_clean(), "round {round}: {audit:?}");
            // Killed again while resuming.
            let again = 1 + rng.below(20) as usize;
            sync_killed_after(&f, &db, again);
        }
        f.sync_and_check_complete(&db);
    }

    // Later syncs: new entries, a late one, killed while reading them.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("l.sqlite3").display().to_string();
    f.run(f.cmd().args(["sync", "--db", &db])).code(0);
    let admin = f.admin();
    for _ in 0..20 {
        for _ in 0..(50 + rng.below(200)) {
            admin
                .charge_message(&f.account_id, Money::from_i64(1), None)
                .unwrap();
        }
        let newest = admin
            .history(&f.account_id)
            .unwrap()
            .last()
            .unwrap()
            .date_created
            .datetime();
        admin
            .insert_late_entry(
                &f.account_id,
                newest - time::Duration::hours(20),
                Some("late"),
            )
            .unwrap();
        let requests = 1 + rng.below(8) as usize;
        if sync_killed_after(&f, &db, requests) {
            killed += 1;
            assert!(Ledger::open(&db).is_ok());
        }
        f.sync_and_check_complete(&db);
    }
    assert!(
        killed >= 20,
        "only {killed} of 40 runs were killed before they ended"
    );
}
