//! Reads under random faults: a whole-history export returns exactly the entries of a clean
//! export, and no retry ever reuses a signature.

use std::collections::{BTreeMap, HashSet};
use std::time::Duration;

use solapi_cash_core::{Jitter, Operation, RetryPolicy};
use solapi_cash_emulator::{Admin, EmulatorConfig, FaultAction, FaultSpec, LoggedRequest, Route};
use solapi_cash_types::{HistoryEntry, HistoryQuery};

use super::figures::{client_name, report};
use crate::adapters::CashClient;
use crate::fixture::Fixture;

/// Generated entries exported (200 pages of 50).
const ENTRIES: u64 = 10_000;
const PAGE: u64 = 50;

/// Retries generous enough that a page fails only if ten attempts in a row are faulted
/// (0.2^10 ≈ 10^-7 per page), waits short and deterministic.
fn patient() -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(10)
        .with_base_delay(Duration::from_millis(1))
        .with_max_delay(Duration::from_millis(20))
        .with_max_retry_after(Duration::from_secs(5))
        .with_jitter(Jitter::None)
}

/// A random fault on `route`, hitting each request with probability `per_million` (and at
/// most `times` requests), seeded.
fn random(route: Route, action: FaultAction, per_million: u32, times: u32, seed: u64) -> FaultSpec {
    FaultSpec::new(route, action)
        .times(times)
        .random(per_million, seed)
}

/// About 20% of requests fail (503, 500, 429 with `Retry-After` 0 or 1 s, connection reset
/// before or after handling, one answer slower than the client's timeout) and 4% more are
/// slowed down. Faults are tried in order, each with its own seeded generator; the rare ones
/// come first so that they are not shadowed.
fn mixed_faults(route: Route, timeout: Duration) -> Vec<FaultSpec> {
    let beyond = u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX) + 200;
    let forever = u32::MAX;
    let too_many = |retry_after| FaultAction::Error {
        status: 429,
        body: None,
        retry_after: Some(retry_after),
    };
    vec![
        random(route, FaultAction::Delay { ms: beyond }, 20_000, 1, 7),
        random(route, too_many(1), 20_000, 1, 4),
        random(route, FaultAction::error(503), 60_000, forever, 1),
        random(route, FaultAction::error(500), 20_000, forever, 2),
        random(route, too_many(0), 50_000, forever, 3),
        random(route, FaultAction::DropBeforeHandling, 60_000, forever, 5),
        random(route, FaultAction::DropAfterCommit, 30_000, forever, 6),
        random(route, FaultAction::Delay { ms: 15 }, 40_000, forever, 8),
    ]
}

/// Requests of `operation` (any query).
fn requests(
    log: &[LoggedRequest],
    operation: Operation,
) -> impl Iterator<Item = &LoggedRequest> + '_ {
    log.iter().filter(move |r| {
        let path = r.path.split('?').next().unwrap_or_default();
        Operation::matching(&r.method, path) == Some(operation)
    })
}

/// Counts of the injected faults that hit `requests`, by kind.
fn fault_counts<'a>(requests: impl Iterator<Item = &'a LoggedRequest>) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for r in requests {
        if let Some(fault) = &r.fault {
            *counts.entry(fault.clone()).or_insert(0) += 1;
        }
    }
    counts
}

/// Every logged request carried its own signature: the masked header keeps `date` and
/// `salt`, which are unique per signing, and the emulator never answered
/// `DuplicatedSignature` (its replay store would have caught a reused one).
pub fn assert_no_signature_reused(log: &[LoggedRequest]) {
    let mut seen = HashSet::new();
    for r in log {
        let authorization = r
            .headers
            .iter()
            .find(|(n, _)| n == "authorization")
            .map(|(_, v)| v.clone())
            .expect("every request is signed");
        assert!(
            seen.insert(authorization.clone()),
            "a signature was sent twice: {authorization}"
        );
        assert_ne!(r.status, Some(403), "{r:?}");
    }
}

fn export<C: CashClient>(client: &C) -> Vec<HistoryEntry> {
    client
        .history_all(HistoryQuery::default())
        .collect::<Result<_, _>>()
        .expect("the export completes")
}

fn faults_total(counts: &BTreeMap<String, u64>) -> u64 {
    counts.values().sum()
}

fn failures(counts: &BTreeMap<String, u64>) -> u64 {
    counts
        .iter()
        .filter(|(label, _)| *label != "delay 15 ms")
        .map(|(_, n)| n)
        .sum()
}

fn install(admin: &Admin, faults: Vec<FaultSpec>) {
    for spec in faults {
        admin.inject_fault(spec);
    }
}

/// A full export while about 20% of requests fail returns exactly the entries, in the same
/// order and with the same fields, as a clean export (the default, adaptive concurrency).
pub fn export_is_exact_under_random_faults<C: CashClient>() {
    exact_under_random_faults::<C>(
        "export_is_exact_under_random_faults",
        EmulatorConfig::default().rate_limit(None),
        None,
    );
}

/// The same with 8 pages in flight and every request answered after 10 ms, so that faulted
/// fetches overlap and complete out of order.
pub fn export_is_exact_under_random_faults_with_8_in_flight<C: CashClient>() {
    exact_under_random_faults::<C>(
        "export_is_exact_under_random_faults_with_8_in_flight",
        EmulatorConfig::default()
            .rate_limit(None)
            .latency(Duration::from_millis(10)),
        Some(8),
    );
}

fn exact_under_random_faults<C: CashClient>(
    name: &str,
    config: EmulatorConfig,
    concurrency: Option<u32>,
) {
    let f = Fixture::with(config, 10_000, false);
    f.admin
        .generate_entries(&f.account_id, ENTRIES, 2024)
        .expect("entries");
    let mut settings = f.settings();
    settings.page_size = PAGE;
    settings.retry = patient();
    settings.timeout = Duration::from_secs(1);
    settings.concurrency = concurrency;
    let client = C::connect(&settings).expect("client");

    let clean = export(&client);
    assert_eq!(
        clean.len(),
        f.admin.history_len(&f.account_id).expect("account"),
        "the clean export is complete"
    );
    let clean_requests = requests(&f.admin.request_log(), Operation::History).count() as u64;
    f.admin.clear_request_log();

    install(&f.admin, mixed_faults(Route::History, settings.timeout));
    let faulted = export(&client);
    f.admin.clear_faults();
    assert_eq!(faulted.len(), clean.len());
    assert!(
        faulted == clean,
        "the faulted export differs from the clean one"
    );

    let log = f.admin.request_log();
    let sent = requests(&log, Operation::History).count() as u64;
    let counts = fault_counts(requests(&log, Operation::History));
    // Bounded below so that the test cannot pass without faults: at least 10% failed.
    assert!(
        failures(&counts) * 10 >= sent,
        "{counts:?} of {sent} requests"
    );
    assert_no_signature_reused(&log);
    let mut figures = vec![
        ("entries", clean.len() as u64),
        ("clean_requests", clean_requests),
        ("requests", sent),
        ("faults", faults_total(&counts)),
        ("failures", failures(&counts)),
    ];
    let labels: Vec<(String, u64)> = counts.into_iter().collect();
    let named: Vec<(String, u64)> = labels
        .iter()
        .map(|(l, n)| (l.replace(' ', "_"), *n))
        .collect();
    figures.extend(named.iter().map(|(l, n)| (l.as_str(), *n)));
    report(name, client_name::<C>(), &figures);
}

/// Hundreds of reads with half the requests failing: every attempt is signed afresh (the
/// emulator's replay store would answer `DuplicatedSignature` to a reused signature).
pub fn retries_never_reuse_a_signature<C: CashClient>() {
    let f = Fixture::new();
    let mut settings = f.settings();
    settings.retry = patient().with_max_attempts(30);
    let client = C::connect(&settings).expect("client");
    let forever = u32::MAX;
    install(
        &f.admin,
        vec![
            random(
                Route::Balance,
                FaultAction::error(503),
                200_000,
                forever,
                11,
            ),
            random(
                Route::Balance,
                FaultAction::DropBeforeHandling,
                200_000,
                forever,
                12,
            ),
            random(
                Route::Balance,
                FaultAction::DropAfterCommit,
                200_000,
                forever,
                13,
            ),
        ],
    );
    let calls = 200u64;
    for _ in 0..calls {
        assert_eq!(
            client
                .balance()
                .expect("a read survives transient failures")
                .balance,
            Some(solapi_cash_types::Money::from_i64(10_000))
        );
    }
    let log = f.admin.request_log();
    let sent = requests(&log, Operation::Balance).count() as u64;
    let counts = fault_counts(requests(&log, Operation::Balance));
    assert!(
        sent > calls,
        "retries happened: {sent} requests for {calls} calls"
    );
    assert_eq!(sent - faults_total(&counts), calls, "one success per call");
    assert_no_signature_reused(&log);
    report(
        "retries_never_reuse_a_signature",
        client_name::<C>(),
        &[
            ("calls", calls),
            ("requests", sent),
            ("faults", faults_total(&counts)),
            ("distinct_signatures", sent),
        ],
    );
}
