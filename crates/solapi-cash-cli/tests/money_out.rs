//! `transfer` and `withdraw --amount` against the emulator: success, a lost answer settled
//! from the history (applied and not found yet, sent once), the refusals with the service's
//! code, and no terminal without --yes.

#![allow(clippy::unwrap_used)]

mod common;

use common::Fixture;
use solapi_cash_core::Operation;
use solapi_cash_emulator::demo::DEMO_ACCOUNT_ID;
use solapi_cash_emulator::{AccountSpec, FaultAction, FaultSpec, Route};
use solapi_cash_types::{HistoryType, Money};

/// The words of a command line.
fn words(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| (*w).to_owned()).collect()
}

/// How many requests of `operation` the emulator received.
fn posts(f: &Fixture, operation: Operation) -> usize {
    f.requests_of(operation)
}

fn transfer(to: &str, amount: &str) -> Vec<String> {
    words(&["transfer", "--to", to, "--amount", amount, "--yes"])
}

#[test]
fn a_transfer_moves_the_money_and_prints_what_moved_where() {
    let (f, other) = Fixture::with_second_account();
    let run = f.run(f.cmd().args(transfer(&other, "2500")).args(["-o", "json"]));
    let printed: serde_json::Value = serde_json::from_str(&run.code(0).stdout).unwrap();
    assert_eq!(printed["result"], "Success");
    assert_eq!(printed["targetAccountId"], other.as_str());
    assert_eq!(printed["amount"], 2500);
    assert_eq!(f.balance(), Money::from_i64(7_500));
    let to = f.admin().account_state(&other).unwrap();
    assert_eq!(to.balance, Money::from_i64(2_600));
    let table = f.run(f.cmd().args(transfer(&other, "1000")));
    assert!(table.code(0).stdout.contains("Success"), "{}", table.stdout);
}

#[test]
fn a_lost_transfer_is_settled_from_the_history_and_never_sent_again() {
    let (f, other) = Fixture::with_second_account();
    f.admin().inject_fault(FaultSpec::new(
        Route::Only(Operation::Transfer),
        FaultAction::DropAfterCommit,
    ));
    let run = f.run(f.cmd().args(transfer(&other, "1234")).args(["-o", "json"]));
    run.code(0)
        .stderr_has("the transfer's answer was lost")
        .stderr_has("the transfer was applied");
    let printed: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let entry = f.admin().history(&f.account_id).unwrap().pop().unwrap();
    assert_eq!(entry.kind, HistoryType::Transfer);
    assert_eq!(printed["historyId"], entry.history_id.as_str());
    assert_eq!(printed["balanceAmount"], -1234);
    assert_eq!(posts(&f, Operation::Transfer), 1, "never sent twice");

    f.admin().clear_request_log();
    f.admin().inject_fault(FaultSpec::new(
        Route::Only(Operation::Transfer),
        FaultAction::DropBeforeHandling,
    ));
    let run = f.run(f.cmd().args(transfer(&other, "4321")));
    run.code(6)
        .stderr_has("not found as of")
        .stderr_has("do not transfer again yet")
        .stderr_has("history --type transfer --balance-amount -4321 --since");
    assert_eq!(posts(&f, Operation::Transfer), 1, "never sent twice");
    assert_eq!(f.balance(), Money::from_i64(10_000 - 1_234));
}

#[test]
fn transfer_refusals_name_the_service_code_and_move_nothing() {
    let (f, other) = Fixture::with_second_account();
    let run = f.run(f.cmd().args(transfer(&other, "10001")));
    run.code(3)
        .stderr_has("refused: the balance is too low")
        .stderr_has("Forbidden")
        .stderr_has("보유하신 금액이 부족합니다.")
        .stderr_has("nothing was moved");
    assert!(!run.stderr.contains("payment failed"), "{}", run.stderr);
    let run = f.run(f.cmd().args(transfer(&f.account_id, "1")));
    run.code(3)
        .stderr_has("ValidationError")
        .stderr_has("own account");
    let run = f.run(f.cmd().args(transfer("999999999", "1")));
    run.code(3).stderr_has("ResourceNotFound");
    assert_eq!(posts(&f, Operation::Transfer), 3);
    f.admin().clear_request_log();
    for amount in ["0", "1.5", "-5", "1e3", ""] {
        let run = f.run(f.cmd().args(transfer(&other, amount)));
        assert!(!run.code(2).stderr.contains("charged"), "{}", run.stderr);
    }
    f.run(f.cmd().args(transfer("a b", "5")))
        .code(2)
        .stderr_has("letters and digits");
    // Without a terminal and without --yes: refused before anything is sent.
    f.run(f.cmd().args(["transfer", "--to", &other, "--amount", "5"]))
        .code(2)
        .stderr_has("--yes");
    f.assert_nothing_sent();
    assert_eq!(f.balance(), Money::from_i64(10_000));
}

/// The demo data (its account has a bank account), second factor off, 100,000 won.
fn demo() -> Fixture {
    let f = Fixture::demo();
    f.admin().set_mfa(DEMO_ACCOUNT_ID, false).unwrap();
    f.admin()
        .set_balance(DEMO_ACCOUNT_ID, Money::from_i64(100_000), Money::ZERO, None)
        .unwrap();
    f
}

fn withdraw(amount: &str) -> Vec<String> {
    words(&["withdraw", "--amount", amount, "--yes"])
}

fn demo_balance(f: &Fixture) -> Money {
    f.admin().account_state(DEMO_ACCOUNT_ID).unwrap().balance
}

#[test]
fn a_withdrawal_prints_the_documented_body() {
    let f = demo();
    let run = f.run(f.demo_cmd().args(withdraw("20000")).args(["-o", "json"]));
    let w: serde_json::Value = serde_json::from_str(&run.code(0).stdout).unwrap();
    assert_eq!(w["status"], "PENDING");
    assert_eq!(
        (&w["amount"], &w["fee"], &w["totalAmount"]),
        (&18_500.into(), &1_500.into(), &20_000.into())
    );
    assert_eq!(w["accountNumber"], "******7890");
    assert_eq!(demo_balance(&f), Money::from_i64(80_000));
    let listed = f.run(f.demo_cmd().args(["withdraw", "list", "-o", "json"]));
    assert!(
        listed
            .code(0)
            .stdout
            .contains(w["withdrawId"].as_str().unwrap())
    );
}

#[test]
fn a_lost_withdrawal_is_settled_from_the_history_and_never_sent_again() {
    let f = demo();
    f.admin().inject_fault(FaultSpec::new(
        Route::Only(Operation::Withdraw),
        FaultAction::DropAfterCommit,
    ));
    let run = f.run(f.demo_cmd().args(withdraw("12345")).args(["-o", "json"]));
    run.code(0)
        .stderr_has("the withdrawal's answer was lost")
        .stderr_has("the withdrawal was applied");
    let printed: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(printed["type"], HistoryType::Withdraw.as_str());
    assert_eq!(printed["balanceAmount"], -12_345);
    assert_eq!(posts(&f, Operation::Withdraw), 1, "never sent twice");

    f.admin().clear_request_log();
    f.admin().inject_fault(FaultSpec::new(
        Route::Only(Operation::Withdraw),
        FaultAction::DropBeforeHandling,
    ));
    f.run(f.demo_cmd().args(withdraw("23456")))
        .code(6)
        .stderr_has("do not withdraw again yet")
        .stderr_has("history --type withdraw --balance-amount -23456 --since");
    assert_eq!(posts(&f, Operation::Withdraw), 1, "never sent twice");
    assert_eq!(demo_balance(&f), Money::from_i64(100_000 - 12_345));
}

#[test]
fn withdrawal_refusals_name_the_service_code_and_move_nothing() {
    let f = demo();
    f.run(f.demo_cmd().args(withdraw("100001")))
        .code(3)
        .stderr_has("Forbidden")
        .stderr_has("보유하신 금액이 부족합니다.")
        .stderr_has("nothing was moved");
    // The fixture's own account has no bank account.
    f.run(f.cmd().args(withdraw("5000")))
        .code(3)
        .stderr_has("ResourceNotFound")
        .stderr_has("no bank account is registered");
    f.admin().clear_request_log();
    for amount in ["0", "1.5", "-5", "1e3", "500"] {
        f.run(f.demo_cmd().args(withdraw(amount))).code(2);
    }
    f.run(f.demo_cmd().args(["withdraw", "--amount", "5000"]))
        .code(2)
        .stderr_has("--yes");
    f.assert_nothing_sent();
    assert_eq!(demo_balance(&f), Money::from_i64(100_000));
}

#[test]
fn a_transfer_behind_the_second_factor_is_answered_with_flags() {
    let mut f = Fixture::with(
        solapi_cash_emulator::EmulatorConfig::default().rate_limit(None),
        AccountSpec::new().balance(Money::from_i64(10_000)),
    );
    let other = f
        .admin()
        .create_account(AccountSpec::new())
        .unwrap()
        .account_id;
    let first = f.run(f.cmd().args(transfer(&other, "3000")).args(["-o", "json"]));
    first
        .code(7)
        .stderr_has("the transfer needs the second factor")
        .stderr_has("nothing was moved");
    let mail = f.admin().last_mail(&f.account_id).unwrap();
    f.extra_secrets.push(mail.code.clone());
    assert_eq!(f.balance(), Money::from_i64(10_000));
    let answered = f.run(f.cmd().args(transfer(&other, "3000")).args([
        "--mfa-transaction",
        &mail.transaction_id,
        "--mfa-code",
        &mail.code,
    ]));
    answered.code(0);
    assert_eq!(f.balance(), Money::from_i64(7_000));
    assert_eq!(
        posts(&f, Operation::Transfer),
        2,
        "the challenge, then the answer"
    );
}
