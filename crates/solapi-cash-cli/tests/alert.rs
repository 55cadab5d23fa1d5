//! `solapi-cash alert show | set | on | off` over real HTTP against the emulator (issue 22,
//! point 5): every format of `show`, a write only with a confirmation or --yes, bad input
//! refused before any request, `on`/`off` sending nothing when the alert is so already.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Fixture, parse_csv};
use solapi_cash_types::models::AlertInfo;

fn alert(f: &Fixture) -> serde_json::Value {
    let run = f.run(f.cmd().args(["alert", "show", "-o", "json"]));
    serde_json::from_str(&run.code(0).stdout).unwrap()
}

#[test]
fn alert_show_in_every_format() {
    let f = Fixture::new();
    let table = f.run(f.cmd().args(["alert", "show"]));
    assert!(
        table.code(0).stdout.starts_with("low-balance alert: "),
        "{}",
        table.stdout
    );

    let json = f.run(f.cmd().args(["alert", "show", "-o", "json"]));
    let info: AlertInfo = serde_json::from_str(&json.code(0).stdout).unwrap();
    assert_eq!(info.id.as_deref(), Some(f.account_id.as_str()));
    assert!(info.low_balance_alert.is_some());

    let ndjson = f.run(f.cmd().args(["alert", "show", "-o", "ndjson"]));
    assert_eq!(ndjson.code(0).stdout.lines().count(), 1);

    let csv = f.run(f.cmd().args(["alert", "show", "-o", "csv"]));
    let rows = parse_csv(&csv.code(0).stdout);
    assert_eq!(rows.len(), 2, "{}", csv.stdout);
    assert_eq!(rows[0][0], "lowBalanceAlert.enabled");
    assert!(rows[0].contains(&"lowBalanceAlert.balances".to_owned()));
    assert_eq!(f.sent(), vec!["GET /cash/v1/balance/alert"; 4]);
}

#[test]
fn alert_set_with_yes_sends_the_settings_and_shows_them() {
    let f = Fixture::new();
    let run = f.run(f.cmd().args([
        "alert",
        "set",
        "--at",
        "5000",
        "--at",
        "1000",
        "--channel",
        "SMS,EMAIL",
        "--yes",
    ]));
    run.code(0).stderr_has("were set");
    assert!(
        run.stdout.contains("at 5,000, 1,000 won, by SMS, EMAIL"),
        "{}",
        run.stdout
    );
    assert_eq!(
        f.sent(),
        ["PUT /cash/v1/balance/alert", "GET /cash/v1/balance/alert"],
        "with --yes nothing is read before the write"
    );
    let now = alert(&f);
    assert_eq!(
        now["lowBalanceAlert"]["balances"],
        serde_json::json!([5000, 1000])
    );
    assert_eq!(
        now["lowBalanceAlert"]["channels"],
        serde_json::json!(["SMS", "EMAIL"])
    );
}

#[test]
fn every_write_without_a_terminal_needs_yes() {
    let f = Fixture::new();
    for args in [
        &["alert", "set", "--at", "5000", "--channel", "SMS"][..],
        &["alert", "on"][..],
        &["alert", "off"][..],
    ] {
        let run = f.run(f.cmd().args(args));
        run.code(2)
            .stderr_has("no terminal to confirm")
            .stderr_has("nothing was changed")
            .stderr_has("--yes");
    }
    f.assert_nothing_sent();
}

#[test]
fn bad_thresholds_and_channels_are_refused_before_anything_is_sent() {
    let f = Fixture::new();
    let at = |values: &[&str]| {
        let mut args = vec!["alert", "set", "--yes", "--channel", "SMS"];
        for v in values {
            args.extend(["--at", v]);
        }
        args.into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    for (args, said) in [
        (at(&["-500"]), "at least 200"),
        (at(&["1000.5"]), "whole won"),
        (at(&["199"]), "at least 200"),
        (at(&["1000", "2000", "3000", "4000"]), "at most 3"),
        (at(&["1000", "1000"]), "twice"),
        (at(&["abc"]), "not an amount"),
    ] {
        let run = f.run(f.cmd().args(&args));
        run.code(2).stderr_has(said);
    }
    for channels in ["sms", "SMS,SMS"] {
        let run = f.run(f.cmd().args([
            "alert",
            "set",
            "--yes",
            "--at",
            "1000",
            "--channel",
            channels,
        ]));
        run.code(2).stderr_has("nothing was sent");
    }
    f.assert_nothing_sent();
}

#[test]
fn alert_on_and_off_switch_only_when_needed() {
    let f = Fixture::new();
    let enabled = |f: &Fixture| alert(f)["lowBalanceAlert"]["enabled"].as_bool();
    let start = enabled(&f).unwrap();
    let (first, second) = if start { ("off", "on") } else { ("on", "off") };

    let run = f.run(f.cmd().args(["alert", first, "--yes"]));
    run.code(0).stderr_has(&format!("was turned {first}"));
    assert_eq!(enabled(&f), Some(!start));
    let switches = |f: &Fixture| {
        f.sent()
            .iter()
            .filter(|r| *r == "PUT /cash/v1/balance/alert/switch")
            .count()
    };
    assert_eq!(switches(&f), 1);

    // Already so: read, nothing sent.
    let run = f.run(f.cmd().args(["alert", first, "--yes"]));
    run.code(0)
        .stderr_has("already")
        .stderr_has("nothing was sent");
    assert_eq!(switches(&f), 1);

    let run = f.run(f.cmd().args(["alert", second, "--yes", "-o", "json"]));
    let shown: serde_json::Value = serde_json::from_str(&run.code(0).stdout).unwrap();
    assert_eq!(shown["lowBalanceAlert"]["enabled"].as_bool(), Some(start));
    assert_eq!(switches(&f), 2);
}

/// On a terminal every write asks, saying what will change; anything but yes changes
/// nothing (exit 1).
#[cfg(target_os = "linux")]
#[test]
fn on_a_terminal_the_alert_is_changed_only_when_confirmed() {
    use common::pty::Pty;
    let f = Fixture::new();
    let set = ["alert", "set", "--at", "7000", "--channel", "SMS"];

    let pty = Pty::open();
    let mut child = pty.spawn_like(&f.cmd_std(), &set);
    pty.wait_for_text("[y/N]");
    assert!(
        pty.screen()
            .contains("Set the low-balance alert to 7,000 won, by SMS (now "),
        "{}",
        pty.screen()
    );
    pty.type_keys(b"n\r");
    assert_eq!(pty.wait(&mut child).code(), Some(1), "{}", pty.screen());
    assert!(pty.screen().contains("cancelled: nothing was changed"));
    assert!(
        !f.sent().iter().any(|r| r.starts_with("PUT")),
        "nothing written"
    );

    let pty = Pty::open();
    let mut child = pty.spawn_like(&f.cmd_std(), &set);
    pty.wait_for_text("[y/N]");
    pty.type_keys(b"y\r");
    assert_eq!(pty.wait(&mut child).code(), Some(0), "{}", pty.screen());
    assert_eq!(
        alert(&f)["lowBalanceAlert"]["balances"],
        serde_json::json!([7000])
    );
}
