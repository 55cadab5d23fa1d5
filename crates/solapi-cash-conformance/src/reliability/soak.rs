//! The emulator under 16 concurrent clients (8 blocking, 8 async) of mixed recharges and
//! reads, with random faults: no error the faults do not explain, the ledger invariants
//! intact, every acknowledged recharge present, every unknown one settled by reconciliation.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use solapi_cash_core::{Error, ErrorKind, Jitter, MoneyAttempt, Reconciliation, RetryPolicy};
use solapi_cash_emulator::{FaultAction, FaultSpec, Route};
use solapi_cash_types::{HistoryQuery, HistoryType, Money, RechargeRequest, Won};

use super::figures::report;
use super::ledger::assert_ledger_consistent;
use super::rng::SplitMix64;
use crate::adapters::{Async, Blocking, CashClient, Settings};
use crate::fixture::Fixture;

/// Concurrent clients; half of each kind.
pub const CLIENTS: usize = 16;

/// The soak's length: 30 s, or `SOLAPI_SOAK_SECS` seconds.
pub fn duration_from_env() -> Duration {
    let secs = std::env::var("SOLAPI_SOAK_SECS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(30);
    Duration::from_secs(secs)
}

/// The faults of the soak, in order; each hits about 1% of all API requests.
/// Each with the error kind it can cause (`None`: it must cause none).
fn faults() -> Vec<(Option<ErrorKind>, FaultSpec)> {
    let spec = |action, seed| {
        FaultSpec::new(Route::Any, action)
            .times(u32::MAX)
            .random(10_000, seed)
    };
    vec![
        (Some(ErrorKind::Server), spec(FaultAction::error(503), 21)),
        (
            Some(ErrorKind::RateLimited),
            spec(
                FaultAction::Error {
                    status: 429,
                    body: None,
                    retry_after: Some(0),
                },
                22,
            ),
        ),
        (
            Some(ErrorKind::Network),
            spec(FaultAction::DropBeforeHandling, 23),
        ),
        (
            Some(ErrorKind::Network),
            spec(FaultAction::DropAfterCommit, 24),
        ),
        // Slow answers explain no error: they must not cause any.
        (None, spec(FaultAction::Delay { ms: 20 }, 25)),
    ]
}

/// What one client did.
#[derive(Debug, Default)]
struct Outcomes {
    operations: BTreeMap<&'static str, u64>,
    errors: BTreeMap<String, u64>,
    unexplained: Vec<String>,
    acknowledged: Vec<(Money, String)>,
    unknown: Vec<MoneyAttempt>,
    not_applied: Vec<Money>,
}

impl Outcomes {
    fn failed(&mut self, operation: &'static str, error: &Error) {
        *self
            .errors
            .entry(kind_name(Some(error.kind())))
            .or_insert(0) += 1;
        let explained = matches!(
            error.kind(),
            ErrorKind::Server | ErrorKind::RateLimited | ErrorKind::Network
        );
        if !explained {
            self.unexplained.push(format!("{operation}: {error}"));
        }
    }
}

fn kind_name(kind: Option<ErrorKind>) -> String {
    kind.map_or_else(|| "none".to_owned(), |k| format!("{k:?}"))
}

fn settings(f: &Fixture) -> Settings {
    let mut settings = f.settings();
    settings.retry = RetryPolicy::default()
        .with_max_attempts(6)
        .with_base_delay(Duration::from_millis(1))
        .with_max_delay(Duration::from_millis(20))
        .with_max_retry_after(Duration::from_secs(1))
        .with_jitter(Jitter::Full);
    settings.timeout = Duration::from_secs(20);
    settings
}

fn worker<C: CashClient>(
    settings: &Settings,
    payment_id: &str,
    next_amount: &AtomicI64,
    seed: u64,
    until: Instant,
) -> Outcomes {
    let client = C::connect(settings).expect("client");
    // The server's clock read first, as the CLI does before a recharge, so that an attempt
    // reconciled by another client carries a measured start (a read may fail under the
    // faults; such a worker's first lost recharge is then ambiguous, and said so below).
    let _ = client.balance();
    let mut rng = SplitMix64::new(seed);
    let mut out = Outcomes::default();
    while Instant::now() < until {
        match rng.below(10) {
            0..=3 => {
                *out.operations.entry("recharge").or_insert(0) += 1;
                let amount = Won::try_from(next_amount.fetch_add(1, Ordering::SeqCst))
                    .expect("a positive amount");
                match client.recharge(&RechargeRequest::new(amount, payment_id)) {
                    Ok(receipt) => {
                        assert_eq!(receipt.balance_amount, amount);
                        assert_eq!(
                            receipt.old_balance.checked_add(amount),
                            Some(receipt.new_balance)
                        );
                        out.acknowledged.push((amount.into(), receipt.history_id));
                    }
                    Err(error) => {
                        out.failed("recharge", &error);
                        match error.money_attempt() {
                            Some(attempt) => out.unknown.push(attempt.clone()),
                            None => out.not_applied.push(amount.into()),
                        }
                    }
                }
            }
            4..=6 => {
                *out.operations.entry("balance").or_insert(0) += 1;
                match client.balance() {
                    Ok(b) => assert!(!b.balance.is_some_and(|m| m.is_negative())),
                    Err(error) => out.failed("balance", &error),
                }
            }
            _ => {
                *out.operations.entry("history").or_insert(0) += 1;
                let query = HistoryQuery::builder()
                    .offset(rng.below(2_000))
                    .limit(20)
                    .build()
                    .expect("query");
                match client.history(&query) {
                    Ok(page) => {
                        assert!(page.len() <= 20);
                        assert!(
                            page.windows(2)
                                .all(|w| w[0].date_created >= w[1].date_created),
                            "newest first"
                        );
                    }
                    Err(error) => out.failed("history", &error),
                }
            }
        }
    }
    out
}

/// Runs the soak for `duration` and checks everything (see the module).
pub fn soak(duration: Duration) {
    let f = Fixture::new();
    let initial = f.balance();
    let faults = faults();
    for (_, spec) in &faults {
        f.admin.inject_fault(spec.clone());
    }
    let settings = Arc::new(settings(&f));
    let next_amount = Arc::new(AtomicI64::new(100));
    let until = Instant::now() + duration;
    let workers: Vec<_> = (0..CLIENTS)
        .map(|i| {
            let (settings, next_amount, payment_id) = (
                Arc::clone(&settings),
                Arc::clone(&next_amount),
                f.payment_id.clone(),
            );
            let seed = 0x50A4 + i as u64;
            std::thread::spawn(move || {
                if i % 2 == 0 {
                    (
                        "Blocking",
                        worker::<Blocking>(&settings, &payment_id, &next_amount, seed, until),
                    )
                } else {
                    (
                        "Async",
                        worker::<Async>(&settings, &payment_id, &next_amount, seed, until),
                    )
                }
            })
        })
        .collect();
    let results: Vec<(&str, Outcomes)> = workers
        .into_iter()
        .map(|w| w.join().expect("a client thread panicked"))
        .collect();

    // Faults hit, by the error kind they may explain.
    let pending = f.admin.pending_faults();
    assert_eq!(pending.len(), faults.len(), "no fault ran out");
    let mut hits: BTreeMap<String, u64> = BTreeMap::new();
    for ((kind, _), left) in faults.iter().zip(&pending) {
        *hits.entry(kind_name(*kind)).or_insert(0) += u64::from(u32::MAX - left.times);
    }
    f.admin.clear_faults();

    let mut errors: BTreeMap<String, u64> = BTreeMap::new();
    let mut operations: BTreeMap<String, u64> = BTreeMap::new();
    let mut acknowledged: HashMap<Money, String> = HashMap::new();
    let mut unknown = Vec::new();
    let mut not_applied = Vec::new();
    for (client, out) in results {
        assert!(
            out.unexplained.is_empty(),
            "{client}: {:?}",
            out.unexplained
        );
        for (kind, n) in out.errors {
            *errors.entry(kind).or_insert(0) += n;
        }
        for (op, n) in out.operations {
            *operations.entry(format!("{client}_{op}")).or_insert(0) += n;
        }
        for (amount, id) in out.acknowledged {
            assert!(acknowledged.insert(amount, id).is_none());
        }
        unknown.extend(out.unknown);
        not_applied.extend(out.not_applied);
    }
    for (kind, n) in &errors {
        let explained_by = hits.get(kind).copied().unwrap_or(0);
        assert!(
            *n <= explained_by,
            "{n} errors of kind {kind}, but only {explained_by} faults that cause them"
        );
    }

    let entries = assert_ledger_consistent(&f.admin, &f.account_id);
    let recharges: HashMap<Money, &solapi_cash_types::HistoryEntry> = entries
        .iter()
        .filter(|e| e.kind == HistoryType::Recharge)
        .map(|e| (e.balance_amount.clone(), e))
        .collect();
    for (amount, id) in &acknowledged {
        let entry = recharges
            .get(amount)
            .expect("an acknowledged recharge is in the ledger");
        assert_eq!(&entry.history_id, id);
    }
    for amount in &not_applied {
        assert!(
            !recharges.contains_key(amount),
            "a recharge reported as not applied was applied: {amount}"
        );
    }
    let checker = f.client::<Blocking>();
    let mut applied = 0u64;
    let mut unmeasured_ambiguous = 0u64;
    for attempt in &unknown {
        match checker.reconcile(attempt).expect("reconciliation runs") {
            Reconciliation::Applied { entry, .. } => {
                applied += 1;
                assert_eq!(&entry.balance_amount, attempt.amount());
                assert!(!acknowledged.contains_key(attempt.amount()));
            }
            Reconciliation::NotFoundYet { .. } => {
                assert!(!recharges.contains_key(attempt.amount()));
            }
            // A start read from this machine's clock proves nothing, nor does an attempt whose
            // read of the matching entries before it failed (a fault): its own entry is then
            // the only candidate, and ambiguous.
            Reconciliation::Ambiguous { candidates, .. }
                if (!attempt.start_measured() || attempt.prior_unreadable())
                    && candidates.len() == 1
                    && recharges.get(attempt.amount()).copied() == candidates.first() =>
            {
                unmeasured_ambiguous += 1;
                applied += 1;
            }
            other => panic!("amounts are unique, yet {other:?}"),
        }
    }
    assert_eq!(
        recharges.len() as u64,
        acknowledged.len() as u64 + applied,
        "every recharge in the ledger was acknowledged or found by reconciliation (proven, or \
         the only candidate of an unmeasured start)"
    );
    let mut total = initial;
    for e in recharges.values() {
        total = total.checked_add(&e.balance_amount).expect("in range");
    }
    assert_eq!(
        f.balance(),
        total,
        "the balance is the sum of the recharges, each once"
    );

    let ops: u64 = operations.values().sum();
    let mut figures: Vec<(String, u64)> = vec![
        ("seconds".into(), duration.as_secs()),
        ("clients".into(), CLIENTS as u64),
        ("operations".into(), ops),
        ("faults_injected".into(), hits.values().sum()),
        ("errors".into(), errors.values().sum()),
        ("acknowledged_recharges".into(), acknowledged.len() as u64),
        ("unknown_recharges".into(), unknown.len() as u64),
        ("not_applied_recharges".into(), not_applied.len() as u64),
        ("reconciled_applied".into(), applied - unmeasured_ambiguous),
        (
            "reconciled_ambiguous_unmeasured_start".into(),
            unmeasured_ambiguous,
        ),
        ("ledger_entries".into(), entries.len() as u64),
    ];
    figures.extend(operations);
    figures.extend(hits.iter().map(|(k, n)| (format!("faults_{k}"), *n)));
    figures.extend(errors.iter().map(|(k, n)| (format!("errors_{k}"), *n)));
    let borrowed: Vec<(&str, u64)> = figures.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    report("soak", "Blocking+Async", &borrowed);
    assert!(ops > 0 && !acknowledged.is_empty());
}
