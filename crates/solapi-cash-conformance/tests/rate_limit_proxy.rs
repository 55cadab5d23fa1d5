//! An export through a rate-limiting proxy (issue 19, point 4): the limit is the proxy's,
//! not the emulator's (which is off), so the client paces itself from headers it did not
//! write. Correctness only: the export is exact, and at most the first window's guess costs
//! a 429. How long it takes is measured by `cargo xtask bench --rate-limit`, never here.

use std::collections::HashSet;
use std::time::Duration;

use solapi_cash_blocking::HistoryQuery;
use solapi_cash_conformance::{
    Blocking, CashClient, Fixture, ProxyLimit, RateLimitProxy, Settings,
};

const ENTRIES: u64 = 20_000;

#[test]
fn an_export_through_a_rate_limiting_proxy_is_exact_with_at_most_one_429() {
    // The emulator's own limit is off (`Fixture::new`): the proxy's is the only one.
    let f = Fixture::new();
    f.admin
        .generate_entries(&f.account_id, ENTRIES, 19)
        .expect("entries");
    let expected: HashSet<String> = f.ledger_ids().into_iter().collect();
    assert!(expected.len() as u64 >= ENTRIES);

    // 21 reads (20 pages and the empty one) against 20 per second: one window's wait.
    let proxy = RateLimitProxy::start(
        &f.emulator.base_url(),
        ProxyLimit {
            reads: 20,
            window: Duration::from_secs(1),
            latency: Duration::ZERO,
        },
    )
    .expect("proxy");
    let client = Blocking::connect(&Settings {
        base_url: proxy.base_url(),
        ..f.settings()
    })
    .expect("client");
    let mut ids = Vec::new();
    for entry in client.history_all(HistoryQuery::default()) {
        ids.push(entry.expect("entry").history_id);
    }
    let distinct: HashSet<String> = ids.iter().cloned().collect();
    assert_eq!(ids.len(), expected.len(), "every entry once");
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
}
