//! `solapi-cash bank-account add | remove` over real HTTP against the emulator (issue 23,
//! point 3): registered and shown masked, removed (`{"n": 1}`, then `0`), bad input refused
//! before anything is sent, a lost answer settled by reading back without sending again, an
//! error that may have been applied settled the same way, and the second factor. Every run's
//! output is checked by the fixture for the number (`extra_secrets`).

#![allow(clippy::unwrap_used)]

mod common;

use common::Fixture;
use solapi_cash_emulator::{AccountSpec, EmulatorConfig, FaultAction, FaultSpec, Operation, Route};

const TYPED: &str = "110-234-567890";
const DIGITS: &str = "110234567890";

fn fixture() -> Fixture {
    let mut f = Fixture::new();
    f.extra_secrets.push(DIGITS.to_owned());
    f.extra_secrets.push(TYPED.to_owned());
    f
}

fn add(f: &Fixture, extra: &[&str]) -> common::Run {
    f.run(
        f.cmd()
            .args(["bank-account", "add", "--bank", "088", "--holder", "홍길동"])
            .args(extra)
            .write_stdin(format!("{TYPED}\n")),
    )
}

fn posts(f: &Fixture, method: &str) -> usize {
    f.sent()
        .iter()
        .filter(|s| s.starts_with(method) && s.contains("/cash/v1/bank/accounts"))
        .count()
}

#[test]
fn added_shown_masked_and_removed() {
    let f = fixture();
    let run = add(&f, &["--yes"]);
    let out = &run.code(0).stdout;
    assert!(out.contains("********7890") && out.contains("088"), "{out}");
    let json = add(&f, &["--yes", "-o", "json"]);
    let answer: serde_json::Value = serde_json::from_str(&json.code(0).stdout).unwrap();
    assert_eq!(answer["accountNumber"], "********7890");
    assert_eq!(answer["success"], true);

    let shown = f.run(f.cmd().args(["bank-account", "show", "-o", "json"]));
    let shown: serde_json::Value = serde_json::from_str(&shown.code(0).stdout).unwrap();
    assert_eq!(shown["accountNumber"], "********7890");
    assert_eq!(shown["holderName"], "홍길동");

    let removed = f.run(
        f.cmd()
            .args(["bank-account", "remove", "--yes", "-o", "json"]),
    );
    let removed: serde_json::Value = serde_json::from_str(&removed.code(0).stdout).unwrap();
    assert_eq!(removed["n"], 1);
    let none = f.run(f.cmd().args(["bank-account", "show"]));
    assert!(none.code(0).stdout.contains("no bank account"));
    let again = f.run(f.cmd().args(["bank-account", "remove", "--yes"]));
    again.code(0).stderr_has("n = 0");
}

#[test]
fn bad_input_and_no_confirmation_send_nothing() {
    let f = fixture();
    let long = "김".repeat(51);
    for (bank, holder, number) in [
        ("088", "홍길동", "110-234-56789O"),
        ("088", "홍길동", "12345"),
        ("8", "홍길동", TYPED),
        ("088", long.as_str(), TYPED),
    ] {
        let run = f.run(
            f.cmd()
                .args([
                    "bank-account",
                    "add",
                    "--bank",
                    bank,
                    "--holder",
                    holder,
                    "--yes",
                ])
                .write_stdin(format!("{number}\n")),
        );
        run.code(2).stderr_has("nothing was sent");
        assert!(!run.stderr.contains("56789"), "{}", run.stderr);
    }
    // Without a terminal and without --yes: refused, nothing sent.
    add(&f, &[]).code(2);
    f.run(f.cmd().args(["bank-account", "remove"])).code(2);
    // The number is never an argument: one given is refused by the parser (whose message
    // repeats the stray argument, the user's own text, so the fixture's check is left out).
    f.cmd()
        .args([
            "bank-account",
            "add",
            "--bank",
            "088",
            "--holder",
            "Lee",
            DIGITS,
            "--yes",
        ])
        .assert()
        .code(2);
    f.assert_nothing_sent();
}

#[test]
fn a_lost_answer_is_settled_by_reading_back_without_sending_again() {
    let f = fixture();
    f.admin().inject_fault(
        FaultSpec::new(
            Route::Only(Operation::AddBankAccount),
            FaultAction::DropAfterCommit,
        )
        .times(1),
    );
    add(&f, &["--yes"]).code(0).stderr_has("it was applied");
    assert_eq!(posts(&f, "POST"), 1, "sent once: {:?}", f.sent());

    f.admin().inject_fault(
        FaultSpec::new(
            Route::Only(Operation::RemoveBankAccount),
            FaultAction::DropAfterCommit,
        )
        .times(1),
    );
    f.run(f.cmd().args(["bank-account", "remove", "--yes"]))
        .code(0)
        .stderr_has("it was applied");
    assert_eq!(posts(&f, "DELETE"), 1, "sent once: {:?}", f.sent());

    // A 500 may have been applied: read back, not there: unknown (exit 6), nothing resent.
    f.admin().inject_fault(
        FaultSpec::new(
            Route::Only(Operation::AddBankAccount),
            FaultAction::error(500),
        )
        .times(1),
    );
    add(&f, &["--yes"])
        .code(6)
        .stderr_has("nothing more was sent");
    assert_eq!(posts(&f, "POST"), 2, "sent once more: {:?}", f.sent());
}

/// An account that needs the second factor, every run checked for the number.
fn with_second_factor() -> Fixture {
    let mut f = Fixture::with(
        EmulatorConfig::default().rate_limit(None),
        AccountSpec::new(),
    );
    f.extra_secrets.push(DIGITS.to_owned());
    f
}

#[test]
fn both_writes_need_the_second_factor_when_it_is_on() {
    let f = with_second_factor();
    let run = add(&f, &["--yes", "-o", "json"]);
    run.code(7).stderr_has("--mfa-transaction");
    let mail = f.admin().last_mail(&f.account_id).unwrap();
    let answered = add(
        &f,
        &[
            "--yes",
            "--mfa-transaction",
            &mail.transaction_id,
            "--mfa-code",
            &mail.code,
        ],
    );
    answered.code(0);
    let shown = f.run(f.cmd().args(["bank-account", "show"]));
    assert!(shown.code(0).stdout.contains("********7890"));

    let remove = ["bank-account", "remove", "--yes"];
    f.run(f.cmd().args(remove)).code(7);
    let mail = f.admin().last_mail(&f.account_id).unwrap();
    f.run(f.cmd().args(remove).args([
        "--mfa-transaction",
        &mail.transaction_id,
        "--mfa-code",
        &mail.code,
    ]))
    .code(0);
}

#[test]
fn a_wrong_code_says_to_repeat_this_command_not_a_recharge() {
    let f = with_second_factor();
    add(&f, &["--yes"]).code(7);
    let mail = f.admin().last_mail(&f.account_id).unwrap();
    let wrong = if mail.code == "000000" {
        "111111"
    } else {
        "000000"
    };
    let run = add(
        &f,
        &[
            "--yes",
            "--mfa-transaction",
            &mail.transaction_id,
            "--mfa-code",
            wrong,
        ],
    );
    run.code(4)
        .stderr_has("repeat the same command with the right code");
    assert!(!run.stderr.contains("recharge"), "{}", run.stderr);
}
