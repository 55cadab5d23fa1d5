//! `withdraw --amount` against the emulator: the withdrawal with the documented fee, a lost
//! answer settled from the history (sent once), the refusals with the service's code, and no
//! terminal without --yes.

#![allow(clippy::unwrap_used)]

mod common;

use common::Fixture;
use solapi_cash_core::Operation;
use solapi_cash_emulator::demo::DEMO_ACCOUNT_ID;
use solapi_cash_emulator::{FaultAction, FaultSpec, Route};
use solapi_cash_types::{HistoryType, Money};

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
    ["withdraw", "--amount", amount, "--yes"]
        .map(str::to_owned)
        .to_vec()
}

fn posts(f: &Fixture) -> usize {
    f.admin()
        .request_log()
        .iter()
        .filter(|r| Operation::matching(&r.method, &r.path) == Some(Operation::Withdraw))
        .count()
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
fn a_lost_answer_is_settled_from_the_history_and_never_sent_again() {
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
    assert_eq!(posts(&f), 1, "never sent twice");

    f.admin().clear_request_log();
    f.admin().inject_fault(FaultSpec::new(
        Route::Only(Operation::Withdraw),
        FaultAction::DropBeforeHandling,
    ));
    f.run(f.demo_cmd().args(withdraw("23456")))
        .code(6)
        .stderr_has("do not withdraw again yet")
        .stderr_has("history --type withdraw --balance-amount -23456 --since");
    assert_eq!(posts(&f), 1, "never sent twice");
    assert_eq!(demo_balance(&f), Money::from_i64(100_000 - 12_345));
}

#[test]
fn refusals_name_the_service_code_and_move_nothing() {
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
