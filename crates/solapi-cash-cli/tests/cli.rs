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
        (
            &["recharge", "status", "--help"],
            "recharge-status-help.txt",
        ),
        (&["history", "--help"], "history-help.txt"),
        (&["history", "summary", "-h"], "summary-help-short.txt"),
        (&["config", "--help"], "config-help.txt"),
        (&["payment", "list", "--help"], "payment-list-help.txt"),
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
        solapi_cash_emulator::EmulatorConfig::default().rate_limit(None),
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

/// no-color.org: "command-line arguments should override NO_COLOR"; the CLICOLOR spec:
/// CLICOLOR_FORCE (not 0) colours even when not writing to a terminal, CLICOLOR=0 does not.
#[test]
fn an_explicit_color_beats_the_environment_which_auto_follows() {
    let f = Fixture::new();
    f.entries(10);
    let coloured = |run: &common::Run| run.stdout.contains("\x1b[");
    let plain = f.run(f.cmd().args(["history"]));
    assert!(!coloured(plain.code(0)), "not a terminal: no colour");
    let always = f.run(f.cmd().args(["history", "--color", "always"]));
    assert!(coloured(always.code(0)));
    for (name, value) in [("NO_COLOR", "1"), ("TERM", "dumb"), ("CLICOLOR", "0")] {
        // The flag wins...
        let run = f.run(
            f.cmd()
                .env(name, value)
                .args(["history", "--color", "always"]),
        );
        assert!(coloured(run.code(0)), "{name}: --color always");
        let run = f.run(f.cmd().env(name, value).args([
            "--color",
            "always",
            "--profile",
            "x",
            "balance",
        ]));
        assert!(run.code(2).stderr.contains("\x1b["), "{name}: messages too");
        // ...and auto follows the environment.
        let run = f.run(
            f.cmd()
                .env(name, value)
                .env("CLICOLOR_FORCE", "1")
                .args(["history"]),
        );
        // NO_COLOR beats CLICOLOR_FORCE, which beats CLICOLOR=0 and TERM=dumb.
        assert_eq!(
            coloured(run.code(0)),
            name != "NO_COLOR",
            "{name} with CLICOLOR_FORCE"
        );
    }
    let forced = f.run(f.cmd().env("CLICOLOR_FORCE", "1").args(["history"]));
    assert!(
        coloured(forced.code(0)),
        "CLICOLOR_FORCE without a terminal"
    );
    let zero = f.run(f.cmd().env("CLICOLOR_FORCE", "0").args(["history"]));
    assert!(!coloured(zero.code(0)), "CLICOLOR_FORCE=0 forces nothing");
    let off = f.run(
        f.cmd()
            .env("CLICOLOR_FORCE", "1")
            .args(["history", "--color", "never"]),
    );
    assert!(!coloured(off.code(0)), "--color never beats CLICOLOR_FORCE");
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
    assert_eq!(strip(&always.stdout), plain.stdout);
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
