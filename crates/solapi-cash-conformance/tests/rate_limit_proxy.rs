//! An export through a rate-limiting proxy (issue 19, point 4): the limit is the proxy's,
//! not the emulator's (which is off), so the client paces itself from headers it did not
//! write. Correctness only: the export is exact, and at most the first window's guess costs
//! a 429. How long it takes is measured by `cargo xtask bench --rate-limit`, never here.

use std::collections::HashSet;
use std::time::Duration;

use solapi_cash_blocking::{Client, Credentials, HistoryQuery};
use solapi_cash_conformance::{ProxyLimit, RateLimitProxy};
use solapi_cash_emulator::{AccountSpec, Emulator, EmulatorConfig, KeySpec};

const ENTRIES: u64 = 20_000;

#[test]
fn an_export_through_a_rate_limiting_proxy_is_exact_with_at_most_one_429() {
    let emulator =
        Emulator::start(EmulatorConfig::default().rate_limit(None).mfa(false)).expect("emulator");
    let admin = emulator.admin();
    let account = admin.create_account(AccountSpec::new()).expect("account");
    let (key, secret) = admin
        .create_api_key(&account.account_id, KeySpec::default())
        .expect("key");
    admin
        .generate_entries(&account.account_id, ENTRIES, 19)
        .expect("entries");
    let direct = Client::builder()
        .base_url(emulator.base_url())
        .credentials(Credentials::api_key(key.clone(), secret.clone()))
        .page_size(1000)
        .build()
        .expect("client");
    let expected: HashSet<String> = direct
        .history_all(HistoryQuery::default())
        .map(|e| e.expect("entry").history_id)
        .collect();
    assert_eq!(expected.len() as u64, ENTRIES);

    // 21 reads (20 pages and the empty one) against 20 per second: one window's wait.
    let proxy = RateLimitProxy::start(
        &emulator.base_url(),
        ProxyLimit {
            reads: 20,
            window: Duration::from_secs(1),
            latency: Duration::ZERO,
        },
    )
    .expect("proxy");
    let client = Client::builder()
        .base_url(proxy.base_url())
        .credentials(Credentials::api_key(key, secret))
        .page_size(1000)
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client");
    let mut ids = Vec::new();
    for entry in client.history_all(HistoryQuery::default()) {
        ids.push(entry.expect("entry").history_id);
    }
    let distinct: HashSet<String> = ids.iter().cloned().collect();
    assert_eq!(ids.len() as u64, ENTRIES, "every entry once");
    assert_eq!(distinct, expected, "the same entries as the emulator's");
    eprintln!(
        "{} requests, {} answered 429",
        proxy.requests(),
        proxy.too_many()
    );
    assert!(
        proxy.requests() > 20,
        "the export crossed a window: {} requests",
        proxy.requests()
    );
    assert!(
        proxy.too_many() <= 1,
        "{} answers 429; at most the first window's may be",
        proxy.too_many()
    );
    proxy.stop();
    emulator.stop();
}
