//! Recharges whose answer is lost: never charged twice, never reported as failed when they
//! were applied, and reconciliation tells exactly which ones happened.

use std::time::{Duration, Instant};

use solapi_cash_core::{ErrorKind, Operation, Reconciliation};
use solapi_cash_emulator::{Admin, FaultAction, FaultSpec, LoggedRequest, Route};
use solapi_cash_types::{RechargeRequest, Won};

use super::figures::{client_name, report};
use super::ledger::assert_ledger_consistent;
use super::rng::SplitMix64;
use crate::adapters::CashClient;
use crate::fixture::Fixture;

/// Recharges tried.
const ROUNDS: u64 = 100;

/// The timeout of the recharging client: short, so that "slower than the timeout" is cheap.
const SHORT_TIMEOUT: Duration = Duration::from_millis(200);

/// How much later than the client's timeout a slow answer comes.
const LATE_BY: Duration = Duration::from_millis(200);

/// Where a recharge's round trip breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FaultPoint {
    /// Nowhere (the control group).
    None,
    /// The emulator commits, then closes the connection without a byte of answer.
    DropAfterCommit,
    /// The emulator closes the connection before handling the request.
    DropBeforeHandling,
    /// The emulator answers a 5xx without handling the request.
    ServerError(u16),
    /// The emulator handles the request after the client has given up.
    SlowerThanTimeout,
}

impl FaultPoint {
    /// Lost answers after a commit are the point: they are the most frequent.
    fn draw(rng: &mut SplitMix64) -> FaultPoint {
        match rng.below(10) {
            0 | 1 => FaultPoint::None,
            2..=5 => FaultPoint::DropAfterCommit,
            6 => FaultPoint::DropBeforeHandling,
            7 | 8 => FaultPoint::ServerError([500, 502, 503][rng.below(3) as usize]),
            _ => FaultPoint::SlowerThanTimeout,
        }
    }

    fn action(self) -> Option<FaultAction> {
        match self {
            FaultPoint::None => None,
            FaultPoint::DropAfterCommit => Some(FaultAction::DropAfterCommit),
            FaultPoint::DropBeforeHandling => Some(FaultAction::DropBeforeHandling),
            FaultPoint::ServerError(status) => Some(FaultAction::error(status)),
            FaultPoint::SlowerThanTimeout => Some(FaultAction::Delay {
                ms: u64::try_from((SHORT_TIMEOUT + LATE_BY).as_millis()).unwrap_or(u64::MAX),
            }),
        }
    }

    fn name(self) -> &'static str {
        match self {
            FaultPoint::None => "none",
            FaultPoint::DropAfterCommit => "drop_after_commit",
            FaultPoint::DropBeforeHandling => "drop_before_handling",
            FaultPoint::ServerError(_) => "server_error",
            FaultPoint::SlowerThanTimeout => "slower_than_timeout",
        }
    }
}

/// Waits until the emulator has finished with the one recharge sent since the log was
/// cleared, and returns its record. The emulator finishes (and logs) every request it
/// started, also one whose client gave up: a slow recharge is committed after the timeout.
fn settled(admin: &Admin) -> LoggedRequest {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let posts: Vec<LoggedRequest> = admin
            .request_log()
            .into_iter()
            .filter(|r| Operation::matching(&r.method, &r.path) == Some(Operation::Recharge))
            .collect();
        assert!(
            posts.len() <= 1,
            "a recharge was sent more than once: {posts:?}"
        );
        if let Some(post) = posts.into_iter().next() {
            return post;
        }
        assert!(
            Instant::now() < deadline,
            "the emulator never finished the recharge"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[derive(Default)]
struct Tally {
    by_point: std::collections::BTreeMap<&'static str, u64>,
    committed: u64,
    unknown: u64,
    applied: u64,
    not_found: u64,
    acknowledged: u64,
}

/// 100 recharges, each broken at a random point (seeded): after each, the balance moved by
/// exactly the amount if and only if the emulator committed it; a committed recharge is
/// acknowledged or reported with an unknown outcome, never as failed; reconciliation answers
/// `Applied` (with the very entry) exactly when it was committed; nothing is sent twice.
pub fn lost_responses_never_charge_twice<C: CashClient>() {
    let f = Fixture::new();
    let mut settings = f.settings();
    settings.timeout = SHORT_TIMEOUT;
    let recharger = C::connect(&settings).expect("client");
    // The recharger reads the server's clock first, as the CLI does: the checker, another
    // client, reconciles with the start the recharger reported, and a start read from this
    // machine's clock could prove nothing (it would be ambiguous).
    recharger.balance().expect("a read");
    let checker = f.client::<C>();
    let mut rng = SplitMix64::new(0x10_57_2e_5b);
    let mut tally = Tally::default();
    let initial = f.balance();
    let mut expected = initial;

    for round in 0..ROUNDS {
        let point = FaultPoint::draw(&mut rng);
        *tally.by_point.entry(point.name()).or_insert(0) += 1;
        // A distinct amount per round: reconciliation's margin never sees an earlier one.
        let amount = Won::new(1_000 + round).expect("an amount");
        let request = RechargeRequest::new(amount, f.payment_id.clone());
        f.admin.clear_request_log();
        let before = f.admin.history_len(&f.account_id).expect("account");
        if let Some(action) = point.action() {
            f.admin
                .inject_fault(FaultSpec::new(Route::Recharge, action));
        }

        let result = recharger.recharge(&request);
        let record = settled(&f.admin);
        let after = f.admin.history_len(&f.account_id).expect("account");
        let committed = after - before;
        assert!(
            committed <= 1,
            "round {round} ({point:?}): charged {committed} times"
        );
        if matches!(
            point,
            FaultPoint::DropAfterCommit | FaultPoint::SlowerThanTimeout
        ) {
            assert_eq!(
                committed, 1,
                "round {round} ({point:?}): the emulator commits"
            );
        }
        if committed == 1 {
            expected = expected.checked_add(amount).expect("in range");
            tally.committed += 1;
        }
        assert_eq!(f.balance(), expected, "round {round} ({point:?})");
        let newest = f
            .admin
            .history(&f.account_id)
            .expect("account")
            .pop()
            .expect("an entry");

        match result {
            Ok(receipt) => {
                tally.acknowledged += 1;
                assert_eq!(committed, 1, "round {round}: acknowledged but not applied");
                assert_eq!(receipt.history_id, newest.history_id);
                assert_eq!(receipt.balance_amount, amount);
            }
            Err(error) => {
                if committed == 1 {
                    assert!(
                        error.may_have_been_applied(),
                        "round {round} ({point:?}, {record:?}): applied but reported as failed: {error}"
                    );
                }
                if !error.may_have_been_applied() {
                    assert_eq!(committed, 0, "round {round}: {error}");
                    assert_eq!(error.kind(), ErrorKind::Connect, "{error}");
                    continue;
                }
                tally.unknown += 1;
                let attempt = error
                    .money_attempt()
                    .expect("an unknown outcome carries the attempt");
                match checker.reconcile(attempt).expect("reconciliation runs") {
                    Reconciliation::Applied { entry, .. } => {
                        tally.applied += 1;
                        assert_eq!(committed, 1, "round {round} ({point:?}): phantom entry");
                        assert_eq!(entry.history_id, newest.history_id);
                    }
                    Reconciliation::NotFoundYet { earlier, .. } => {
                        tally.not_found += 1;
                        assert_eq!(committed, 0, "round {round} ({point:?}): missed entry");
                        assert!(earlier.is_empty(), "amounts are distinct: {earlier:?}");
                    }
                    other => panic!("round {round} ({point:?}): {other:?}"),
                }
            }
        }
    }
    let entries = assert_ledger_consistent(&f.admin, &f.account_id);
    assert_eq!(
        entries.last().map(|e| e.new_balance.clone()),
        Some(expected),
        "the ledger ends at the expected balance"
    );
    assert!(tally.committed > 0 && tally.not_found > 0 && tally.applied > 0);
    let mut figures: Vec<(&str, u64)> = vec![
        ("recharges", ROUNDS),
        ("committed", tally.committed),
        ("acknowledged", tally.acknowledged),
        ("unknown_outcome", tally.unknown),
        ("reconciled_applied", tally.applied),
        ("reconciled_not_found_yet", tally.not_found),
    ];
    figures.extend(tally.by_point.iter().map(|(k, v)| (*k, *v)));
    report(
        "lost_responses_never_charge_twice",
        client_name::<C>(),
        &figures,
    );
}
