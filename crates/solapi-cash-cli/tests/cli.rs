//! The command line itself: `--help` snapshots, `balance` in every format, completions,
//! colour rules, and machine output that never mixes with messages.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::PathBuf;

use common::{Fixture, csv_records};
use solapi_cash_types::{BalanceResponse, Money};

/// Compares with `tests/snapshots/<name>`; `UPDATE_SNAPSHOTS=1` rewrites it.
fn snapshot(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        expected == actual,
        "{} differs (UPDATE_SNAPSHOTS=1 rewrites it):\n{actual}",
        path.display()
    );
}

#[test]
fn help_snapshots() {
    let f = Fixture::new();
    for (args, name) in [
        (&["--help"][..], "help.txt"),
        (&["-h"], "help-short.txt"),
        (&["recharge", "--help"], "recharge-help.txt"),
        (&["history", "--help"], "history-help.txt"),
        (&["history", "summary", "-h"], "summary-help-short.txt"),
        (&["config", "--help"], "config-help.txt"),
    ] {
        let run = f.run(f.bare().args(args));
        run.code(0);
        assert_eq!(run.stderr, "");
        snapshot(name, &run.stdout);
    }
    // Secrets in the environment are never shown by --help.
    let run = f.run(f.cmd().arg("--help"));
    assert!(!run.code(0).stdout.contains(&f.api_key));
}

#[test]
fn balance_in_every_format_parses_back_to_the_same_values() {
    let f = Fixture::with(
        solapi_cash_emulator::EmulatorConfig::default(),
        solapi_cash_emulator::AccountSpec::new()
            .mfa(false)
            .balance("1234567.25".parse().unwrap())
            .point(Money::from_i64(300)),
    );
    let state = f.admin().account_state(&f.account_id).unwrap();

    let json = f.run(f.cmd().args(["balance", "-o", "json"]));
    let b: BalanceResponse = serde_json::from_str(&json.code(0).stdout).unwrap();
    assert_eq!(
        (&b.balance, &b.point),
        (&Some(state.balance), &Some(state.point))
    );
    assert_eq!(b.account_id.as_deref(), Some(f.account_id.as_str()));

    let ndjson = f.run(f.cmd().args(["balance", "-o", "ndjson"]));
    assert_eq!(ndjson.code(0).stdout.lines().count(), 1);
    let again: BalanceResponse = serde_json::from_str(&ndjson.stdout).unwrap();
    assert_eq!(again, b);

    let csv = f.run(f.cmd().args(["balance", "-o", "csv"]));
    let rows = csv_records(&csv.code(0).stdout);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["balance"], "1234567.25");
    assert_eq!(rows[0]["point"].parse::<Money>().unwrap(), b.point.unwrap());
    assert_eq!(rows[0]["accountId"], f.account_id);

    let table = f.run(f.cmd().args(["balance"]));
    let text = &table.code(0).stdout;
    let line = text.lines().find(|l| l.starts_with("balance")).unwrap();
    assert!(line.ends_with("1,234,567.25"), "{line}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("point") && l.ends_with(" 300"))
    );
}

#[test]
fn completions_for_every_shell() {
    let f = Fixture::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = f.run(f.bare().args(["completions", shell]));
        assert!(run.code(0).stdout.contains("solapi-cash"), "{shell}");
        assert!(run.stdout.contains("balance-recharge"), "{shell}");
    }
    f.run(f.bare().args(["completions", "tcsh"])).code(2);
}

#[test]
fn colour_only_when_asked_and_never_with_no_color_or_a_dumb_terminal() {
    let f = Fixture::new();
    f.entries(10);
    let plain = f.run(f.cmd().args(["history"]));
    assert!(
        !plain.code(0).stdout.contains('\x1b'),
        "not a terminal: no colour"
    );
    let coloured = f.run(f.cmd().args(["history", "--color", "always"]));
    assert!(coloured.code(0).stdout.contains("\x1b["));
    for (name, value) in [("NO_COLOR", "1"), ("TERM", "dumb")] {
        let run = f.run(
            f.cmd()
                .env(name, value)
                .args(["history", "--color", "always"]),
        );
        assert!(!run.code(0).stdout.contains('\x1b'), "{name}");
        let run = f.run(f.cmd().env(name, value).args([
            "--color",
            "always",
            "--profile",
            "x",
            "balance",
        ]));
        assert!(!run.code(2).stderr.contains('\x1b'), "{name}");
    }
    // Machine formats are never coloured.
    let csv = f.run(f.cmd().args(["history", "-o", "csv", "--color", "always"]));
    assert!(!csv.code(0).stdout.contains('\x1b'));
    // Colour codes do not change the alignment.
    let strip = |s: &str| {
        s.replace("\x1b[0m", "")
            .replace("\x1b[1m", "")
            .replace("\x1b[31m", "")
            .replace("\x1b[32m", "")
    };
    assert_eq!(strip(&coloured.stdout), plain.stdout);
}

#[test]
fn machine_output_never_mixes_with_messages() {
    let f = Fixture::new();
    f.admin().inject_fault(solapi_cash_emulator::FaultSpec::new(
        solapi_cash_emulator::Route::Recharge,
        solapi_cash_emulator::FaultAction::DropAfterCommit,
    ));
    let run = f.run(f.cmd().args([
        "recharge",
        "--yes",
        "--amount",
        "10",
        "--payment-id",
        &f.payment_id,
        "-o",
        "ndjson",
    ]));
    run.code(0).stderr_has("warning:");
    let lines: Vec<_> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 1);
    let value: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(value["balanceAmount"], 10);
}
