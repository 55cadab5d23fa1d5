//! The reviewer's case of a false "applied" (money): the same command twice in a row, the
//! second answered `502` with an HTML page by something in front of the service and never
//! applied. It used to say "the answer was lost (HTTP 502) but the … was applied … history
//! entry <the first one's>", exit 0. Each run is a process of its own, so nothing it
//! remembers helps: the entries of the same type and amount read before the call was sent
//! are never its entry. Now: exit 6, "not found yet", never the first's entry; a third,
//! applied with its answer lost, is applied with its own entry (exit 0).
//!
//! Deterministic: the emulator's clock is moved an hour back after the first command, so
//! that the first's entry lies after any start the second can read from the server's `Date`
//! (what happens within the second a `Date` truncates), whatever the timing.

#![allow(clippy::unwrap_used)]

mod common;

use common::Fixture;
use solapi_cash_core::Operation;
use solapi_cash_emulator::demo::DEMO_ACCOUNT_ID;
use solapi_cash_emulator::{FaultAction, FaultSpec, Route};
use solapi_cash_types::Money;

/// How many requests of `operation` the emulator received.
fn posts(f: &Fixture, operation: Operation) -> usize {
    f.requests_of(operation)
}

/// Runs `args` (with `cmd`) three times on `account`: applied; behind a 502 page (exit 6,
/// never the first's entry); applied with its answer lost (exit 0, its own entry).
fn twice_in_a_row(
    f: &Fixture,
    cmd: impl Fn() -> assert_cmd::Command,
    (op, account, args): (Operation, &str, &[String]),
) {
    f.run(cmd().args(args)).code(0);
    let first = f.admin().history(account).unwrap().pop().unwrap();
    let admin = f.admin();
    let offset = admin.clock_offset();
    admin.set_clock_offset(offset - time::Duration::hours(1));
    admin.clear_request_log();
    admin.inject_fault(FaultSpec::new(
        Route::Only(op),
        FaultAction::Error {
            status: 502,
            body: Some("<html><body>502 Bad Gateway</body></html>".into()),
            retry_after: None,
        },
    ));
    let second = f.run(cmd().args(args));
    second.code(6).stderr_has("not found as of");
    assert!(
        !second.stderr.contains(&first.history_id) && !second.stderr.contains("was applied"),
        "{op}: {}",
        second.stderr
    );
    assert_eq!(posts(f, op), 1, "{op}: never sent twice");
    admin.clear_request_log();
    admin.inject_fault(FaultSpec::new(
        Route::Only(op),
        FaultAction::DropAfterCommit,
    ));
    let third = f.run(cmd().args(args).args(["-o", "json"]));
    third.code(0).stderr_has("was applied");
    let newest = f.admin().history(account).unwrap().pop().unwrap();
    assert_ne!(newest.history_id, first.history_id);
    assert!(
        third.stdout.contains(&newest.history_id),
        "{op}: {}",
        third.stdout
    );
    assert_eq!(posts(f, op), 1, "{op}: never sent twice");
    admin.set_clock_offset(offset);
}

fn words(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| (*w).to_owned()).collect()
}

#[test]
fn a_recharge_twice_in_a_row_is_never_applied_with_the_first_ones_entry() {
    let f = Fixture::new();
    let args = f.recharge("3000");
    twice_in_a_row(&f, || f.cmd(), (Operation::Recharge, &f.account_id, &args));
    assert_eq!(
        f.balance(),
        Money::from_i64(6_000),
        "the first and the third"
    );
}

#[test]
fn a_transfer_twice_in_a_row_is_never_applied_with_the_first_ones_entry() {
    let (f, other) = Fixture::with_second_account();
    let args = words(&["transfer", "--to", &other, "--amount", "1000", "--yes"]);
    twice_in_a_row(&f, || f.cmd(), (Operation::Transfer, &f.account_id, &args));
    assert_eq!(
        f.balance(),
        Money::from_i64(8_000),
        "the first and the third"
    );
}

#[test]
fn a_withdrawal_twice_in_a_row_is_never_applied_with_the_first_ones_entry() {
    let f = Fixture::demo();
    f.admin().set_mfa(DEMO_ACCOUNT_ID, false).unwrap();
    f.admin()
        .set_balance(DEMO_ACCOUNT_ID, Money::from_i64(100_000), Money::ZERO, None)
        .unwrap();
    let args = words(&["withdraw", "--amount", "10000", "--yes"]);
    twice_in_a_row(
        &f,
        || f.demo_cmd(),
        (Operation::Withdraw, DEMO_ACCOUNT_ID, &args),
    );
    let balance = f.admin().account_state(DEMO_ACCOUNT_ID).unwrap().balance;
    assert_eq!(balance, Money::from_i64(80_000), "the first and the third");
}
