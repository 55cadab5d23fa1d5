//! The operator's writes the declaration marks `second_factor` go through the recharge's
//! second-factor flow (over real HTTP against the emulator, MFA on, no terminal): exit 7 with
//! the transaction id, nothing changed, then the same command with `--mfa-transaction` and
//! `--mfa-code`; a wrong code is refused.

#![allow(clippy::unwrap_used)]

mod common;

use common::Fixture;
use solapi_cash_emulator::{AccountSpec, EmulatorConfig};

fn with_mfa() -> Fixture {
    Fixture::with(
        EmulatorConfig::default().rate_limit(None),
        AccountSpec::new(),
    )
}

/// Runs `args` without a code: exit 7, the transaction id printed; answers (transaction, code).
fn challenged(f: &Fixture, args: &[&str]) -> (String, String) {
    let run = f.run(f.cmd().args(args).args(["--yes", "-o", "json"]));
    run.code(7)
        .stderr_has("second factor")
        .stderr_has("--mfa-transaction");
    let pending: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let transaction = pending["mfaTransactionId"].as_str().unwrap().to_owned();
    let mail = f.admin().last_mail(&f.account_id).unwrap();
    assert_eq!(mail.transaction_id, transaction);
    (transaction, mail.code)
}

/// Runs `args --yes` answering `transaction` with `code`: the exit code.
fn answered(f: &Fixture, args: &[&str], transaction: &str, code: &str) -> i32 {
    let run = f.run(f.cmd().args(args).args([
        "--yes",
        "--mfa-transaction",
        transaction,
        "--mfa-code",
        code,
    ]));
    run.code
}

#[test]
fn alert_set_and_on_need_the_second_factor() {
    let mut f = with_mfa();
    let set = ["alert", "set", "--at", "7000", "--channel", "SMS"];
    let (transaction, code) = challenged(&f, &set);
    f.extra_secrets.push(code.clone());
    let shown = f.run(f.cmd().args(["alert", "show", "-o", "json"]));
    assert!(!shown.code(0).stdout.contains("7000"), "nothing changed");

    let wrong = if code == "000000" { "111111" } else { "000000" };
    assert_eq!(answered(&f, &set, &transaction, wrong), 4, "a wrong code");
    f.extra_secrets.clear();
    assert_eq!(answered(&f, &set, &transaction, &code), 0);
    let shown = f.run(f.cmd().args(["alert", "show", "-o", "json"]));
    assert!(shown.code(0).stdout.contains("7000"), "{}", shown.stdout);

    let (transaction, code) = challenged(&f, &["alert", "on"]);
    assert_eq!(answered(&f, &["alert", "on"], &transaction, &code), 0);
}

#[test]
fn auto_recharge_on_and_payment_remove_need_the_second_factor() {
    let f = with_mfa();
    let on = ["auto-recharge", "on"];
    let (transaction, code) = challenged(&f, &on);
    assert_eq!(answered(&f, &on, &transaction, &code), 0);

    let remove = ["payment", "remove", f.declined_payment_id.as_str()];
    let (transaction, code) = challenged(&f, &remove);
    assert_eq!(answered(&f, &remove, &transaction, &code), 0);
}
