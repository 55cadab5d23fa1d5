//! A recharge that was applied but whose output cannot be written (`--output-file /dev/full`)
//! says that the money moved, over real HTTP against the emulator: with its answer, and with
//! the answer lost and the history proving it. "writing the output", exit 1, alone read as a
//! failed call, and a script would have recharged again.

#![allow(clippy::unwrap_used)]

mod common;

use common::Fixture;
use solapi_cash_emulator::{FaultAction, FaultSpec, Route};

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
