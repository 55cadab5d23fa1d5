//! Issue 21, points 7 and 9: `balance` in words (auto-recharge and the alert on or off, with
//! their amounts and card) and `--below`'s verdict either way; for scripts, a failure with
//! `--output json` or `ndjson` is one JSON object on standard error, and the exit codes of
//! signals are documented. The real binary, against the emulator or a scripted server.

#![allow(clippy::unwrap_used)]

mod common;

use common::Fixture;
use solapi_cash_conformance::hostile::server::{HostileServer, Route, Script, json};

const KEY: &str = "NCSCRIPTSKEY0001";
const SECRET: &str = "scripts-secret-for-the-cli-91b3";

/// A server whose balance has auto-recharge on, and two cards ranked for it.
fn auto_recharge_server() -> HostileServer {
    let balance = r#"{"lowBalanceAlert": {"notificationBalance": "20000", "currentBalance": null,
        "balances": [20000, 5000], "channels": ["EMAIL", "SMS"], "enabled": true},
        "point": 1500, "minimumCash": 10000, "rechargeTo": 150000, "rechargeTryCount": 0,
        "autoRecharge": 1, "accountId": "19041920726336", "balance": 1234567.5,
        "deposit": 0, "balanceOnly": 0}"#;
    let cards = r#"{"payments": [
        {"_id": "card-second", "description": "[VISA] 2222 01/30", "autoRecharge": 2},
        {"_id": "card-first", "description": "[MASTERCARD] 1111 12/29", "autoRecharge": 1},
        {"_id": "card-unused", "description": "[VISA] 0000 01/28", "autoRecharge": 0}]}"#;
    HostileServer::start(Script::Routes(vec![
        Route::new("GET", "/cash/v1/balance", json(200, balance)),
        Route::new("GET", "/cash/v1/payment", json(200, cards)),
    ]))
}

#[test]
fn balance_says_its_settings_in_words() {
    let mut f = Fixture::new();
    f.extra_secrets.push(SECRET.to_owned());
    let server = auto_recharge_server();
    let run = f.run(
        f.against(&server.base_url(), (KEY, SECRET), "10")
            .arg("balance"),
    );
    let text = &run.code(0).stdout;
    assert!(
        text.contains(
            "auto-recharge: on: when the balance falls below 10,000 won, it is recharged to \
             150,000 won, from the card [MASTERCARD] 1111 12/29 (card-first)"
        ),
        "{text}"
    );
    assert!(
        text.contains("low-balance alert: on: at 20,000, 5,000 won, by EMAIL, SMS"),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("balance") && l.ends_with("1,234,567.5"))
    );
    // The machine formats keep the API's fields as sent.
    let json = f.run(
        f.against(&server.base_url(), (KEY, SECRET), "10")
            .args(["balance", "-o", "json"]),
    );
    let value: serde_json::Value = serde_json::from_str(&json.code(0).stdout).unwrap();
    assert_eq!(value["autoRecharge"], 1);

    // The emulator's account: auto-recharge off, the alert off.
    let run = f.run(f.cmd().arg("balance"));
    let text = &run.code(0).stdout;
    assert!(
        text.contains("auto-recharge: off (when on, when the balance falls below 10,000 won, it is recharged to 50,000 won)"),
        "{text}"
    );
    assert!(
        text.contains("low-balance alert: off (when on: at 1,000 won, by EMAIL)"),
        "{text}"
    );
}

/// The single JSON object on standard error.
fn error_object(stderr: &str) -> serde_json::Value {
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one line: {stderr}");
    let value: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    for member in [
        "kind", "exitCode", "outcome", "status", "apiCode", "message", "hint",
    ] {
        assert!(value.get(member).is_some(), "{member} in {value}");
    }
    value
}

#[test]
fn with_json_output_a_failure_is_one_json_object() {
    let f = Fixture::new();
    // A refused recharge: the API's status and code, and that nothing was charged.
    let declined = f.run(
        f.cmd()
            .args([
                "-o",
                "json",
                "recharge",
                "--yes",
                "--amount",
                "1000",
                "--payment-id",
            ])
            .arg(&f.declined_payment_id),
    );
    let object = error_object(&declined.code(3).stderr);
    assert_eq!(object["kind"], "payment");
    assert_eq!(object["exitCode"], 3);
    assert_eq!(object["status"], 402);
    assert_eq!(object["apiCode"], "BalanceInsufficient");
    assert_eq!(object["outcome"], "notApplied");
    assert!(
        object["hint"]
            .as_str()
            .unwrap()
            .contains("nothing was charged")
    );

    // No connection at all.
    for format in ["json", "ndjson"] {
        let run = f.run(
            f.bare()
                .env("SOLAPI_API_KEY", &f.api_key)
                .env("SOLAPI_API_SECRET", &f.api_secret)
                .args([
                    "--base-url",
                    "http://127.0.0.1:1",
                    "--retries",
                    "0",
                    "-o",
                    format,
                    "balance",
                ]),
        );
        let object = error_object(&run.code(5).stderr);
        assert_eq!(
            (object["kind"].as_str(), object["status"].is_null()),
            (Some("connect"), true)
        );
    }

    // A usage error found before the flags are known, and one found after.
    let run = f.run(f.cmd().args(["-o", "json", "history", "--limit", "0"]));
    let object = error_object(&run.code(2).stderr);
    assert_eq!(
        (object["kind"].as_str(), object["exitCode"].as_u64()),
        (Some("usage"), Some(2))
    );
    assert!(object["message"].as_str().unwrap().contains("--limit"));
    let run = f.run(f.cmd().args([
        "--output=ndjson",
        "history",
        "--since",
        "2025-07-01",
        "--until",
        "2025-06-01",
    ]));
    assert_eq!(error_object(&run.code(2).stderr)["kind"], "usage");

    // --below's verdict: an object either way, `below` with exit 8.
    let run = f.run(f.cmd().args(["-o", "json", "balance", "--below", "1"]));
    assert_eq!(error_object(&run.code(8).stderr)["kind"], "below");
    let run = f.run(f.cmd().args(["-o", "json", "balance", "--below", "-1"]));
    let verdict = error_object(&run.code(0).stderr);
    assert_eq!(
        (verdict["kind"].as_str(), verdict["threshold"].as_i64()),
        (Some("ok"), Some(-1))
    );

    // Without json output, the same failure is text.
    let run = f.run(f.cmd().args(["history", "--limit", "0"]));
    assert!(run.code(2).stderr.starts_with("error:"));
}

#[test]
fn signal_exit_codes_and_the_deadline_are_documented() {
    let f = Fixture::new();
    let help = f.run(f.bare().arg("--help"));
    let text = &help.code(0).stdout;
    for code in ["130  ended by Ctrl-C (SIGINT)", "143  ended by SIGTERM"] {
        assert!(text.contains(code), "{code}\n{text}");
    }
    assert!(text.contains("--deadline <SECONDS>"), "{text}");
    assert!(text.contains("[default: 60]"), "{text}");
    f.run(f.cmd().args(["--deadline", "0", "balance"])).code(2);
}
