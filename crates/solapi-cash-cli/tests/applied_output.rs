//! A recharge that was applied but whose output cannot be written (`--output-file /dev/full`)
//! says that the money moved, over real HTTP against the emulator: with its answer, and with
//! the answer lost and the history proving it. "writing the output", exit 1, alone read as a
//! failed call, and a script would have recharged again.

#![allow(clippy::unwrap_used)]

mod common;

use common::Fixture;
use solapi_cash_emulator::demo::DEMO_ACCOUNT_ID;
use solapi_cash_emulator::{FaultAction, FaultSpec, Route};
use solapi_cash_types::Money;

fn recharge_to_full_device(f: &Fixture, format: &str) -> common::Run {
    let mut args = f.recharge("5000");
    args.extend(["-o", format, "--output-file", "/dev/full"].map(str::to_owned));
    f.run(f.cmd().args(&args))
}

#[test]
fn an_applied_recharge_whose_output_fails_says_the_money_moved() {
    if !std::path::Path::new("/dev/full").exists() {
        return;
    }
    let f = Fixture::new();
    let run = recharge_to_full_device(&f, "table");
    run.code(1)
        .stderr_has("the recharge was applied (history entry ")
        .stderr_has("do not recharge again");

    let run = recharge_to_full_device(&f, "json");
    let last = run.code(1).stderr.lines().last().unwrap_or_default();
    let error: serde_json::Value = serde_json::from_str(last).unwrap();
    assert_eq!(error["outcome"], "applied", "{error}");
    assert_eq!(f.recharges_sent(), 2, "each sent once");
    assert_eq!(f.balance().to_string(), "10000", "both were applied");
}

#[test]
fn a_recharge_proved_by_the_history_whose_output_fails_says_the_money_moved() {
    if !std::path::Path::new("/dev/full").exists() {
        return;
    }
    let f = Fixture::new();
    f.admin().inject_fault(FaultSpec::new(
        Route::Recharge,
        FaultAction::DropAfterCommit,
    ));
    let run = recharge_to_full_device(&f, "table");
    run.code(1)
        .stderr_has("the recharge was applied (history entry ")
        .stderr_has("do not recharge again");
    assert_eq!(f.recharges_sent(), 1);
}

/// A transfer and a withdrawal that moved money say so when their output cannot be written,
/// in every format (the table, and json's error line with `outcome: applied`), each sent once.
#[test]
fn an_applied_transfer_or_withdrawal_whose_output_fails_says_the_money_moved() {
    if !std::path::Path::new("/dev/full").exists() {
        return;
    }
    let (f, other) = Fixture::with_second_account();
    for format in ["table", "json"] {
        let run = f.run(f.cmd().args([
            "transfer",
            "--to",
            &other,
            "--amount",
            "1000",
            "--yes",
            "-o",
            format,
            "--output-file",
            "/dev/full",
        ]));
        run.code(1)
            .stderr_has("the transfer was applied")
            .stderr_has("do not transfer again");
    }
    assert_eq!(
        f.balance().to_string(),
        "8000",
        "both transfers moved, once each"
    );

    let demo = Fixture::demo();
    demo.admin().set_mfa(DEMO_ACCOUNT_ID, false).unwrap();
    demo.admin()
        .set_balance(DEMO_ACCOUNT_ID, Money::from_i64(100_000), Money::ZERO, None)
        .unwrap();
    let run = demo.run(demo.demo_cmd().args([
        "withdraw",
        "--amount",
        "20000",
        "--yes",
        "-o",
        "json",
        "--output-file",
        "/dev/full",
    ]));
    let last = run.code(1).stderr.lines().last().unwrap_or_default();
    let error: serde_json::Value = serde_json::from_str(last).unwrap();
    assert_eq!(error["outcome"], "applied", "{error}");
    assert!(
        error.to_string().contains("the withdrawal was applied"),
        "{error}"
    );
}
