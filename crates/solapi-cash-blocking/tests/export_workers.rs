//! The worker threads of a blocking export: as many as its window at most, and gone soon
//! after the iterator is dropped (each ends after the request it is in, if any). Linux only:
//! the threads are counted by name in `/proc/self/task`.
#![cfg(target_os = "linux")]

use std::time::{Duration, Instant};

use solapi_cash_blocking::{Client, Credentials, HistoryQuery};
use solapi_cash_emulator::{AccountSpec, Emulator, EmulatorConfig, KeySpec};

/// Threads of this process named like the export's workers (names are cut at 15 bytes).
fn workers() -> usize {
    std::fs::read_dir("/proc/self/task")
        .expect("/proc")
        .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("comm")).ok())
        .filter(|name| name.trim_end() == "solapi-cash-pag")
        .count()
}

#[test]
fn the_workers_are_the_window_at_most_and_end_with_the_export() {
    let emulator = Emulator::start(
        EmulatorConfig::default()
            .rate_limit(None)
            .rate_limit(None)
            .mfa(false)
            .latency(Duration::from_millis(50)),
    )
    .expect("emulator");
    let admin = emulator.admin();
    let account = admin.create_account(AccountSpec::new()).expect("account");
    let (key, secret) = admin
        .create_api_key(&account.account_id, KeySpec::default())
        .expect("key");
    admin
        .generate_entries(&account.account_id, 5_000, 1)
        .expect("entries");
    let client = Client::builder()
        .base_url(emulator.base_url())
        .credentials(Credentials::api_key(key, secret))
        .page_size(100)
        .export_concurrency(6)
        .timeout(Duration::from_secs(2))
        .build()
        .expect("client");
    assert_eq!(workers(), 0);
    let mut entries = client.history_all(HistoryQuery::default());
    let mut most = 0;
    for entry in entries.by_ref().take(2_000) {
        entry.expect("entry");
        most = most.max(workers());
    }
    assert!(
        (2..=6).contains(&most),
        "{most} workers for 6 pages in flight"
    );
    drop(entries);
    // Each ends after its request (50 ms here), well within the timeout.
    let deadline = Instant::now() + Duration::from_secs(2);
    while workers() > 0 {
        assert!(Instant::now() < deadline, "{} workers left", workers());
        std::thread::sleep(Duration::from_millis(10));
    }
    emulator.stop();
}
