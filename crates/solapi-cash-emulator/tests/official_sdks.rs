//! The outside oracle: SOLAPI's official SDKs, unchanged but for the base URL, against the
//! emulator over real HTTP. The Python SDK (`solapi` 5.0.3 from PyPI) and the Node SDK
//! (`solapi` 6.0.1 from npm) each read the balance and see a wrong secret fail with the
//! SDK's own error type; the Python SDK's request function also reads history and the
//! payment methods, and recharges. The SDKs are installed on first use from the pinned lock files in
//! `tests/official_sdks/` (see `install.rs`); if they cannot be, these tests fail.
//!
//! The scripts report what each SDK returned or raised; the assertions here compare it
//! with the emulator's ledger. Both run with `TZ=Asia/Seoul`, as the SDKs' Korean users do,
//! so their signatures carry `+09:00` dates.

#![allow(clippy::unwrap_used)]

#[path = "official_sdks/install.rs"]
mod install;

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use solapi_cash_emulator::{AccountSpec, Admin, Emulator, EmulatorConfig, KeySpec};
use solapi_cash_types::Money;

/// An emulator with one account holding 10130.5 won, an owner key, a card that works and a
/// card that is declined.
struct Setup {
    emulator: Emulator,
    admin: Admin,
    account_id: String,
    env: Vec<(&'static str, String)>,
}

fn setup() -> Setup {
    let emulator = Emulator::start(EmulatorConfig::default().mfa(false)).unwrap();
    let admin = emulator.admin();
    let account = admin
        .create_account(AccountSpec::new().balance("10130.5".parse::<Money>().unwrap()))
        .unwrap();
    let id = account.account_id;
    admin
        .charge_message(&id, Money::from_i64(130), None)
        .unwrap();
    let (api_key, secret) = admin.create_api_key(&id, KeySpec::default()).unwrap();
    let card = admin.add_payment_method(&id, false).unwrap();
    let declined = admin.add_payment_method(&id, true).unwrap();
    let env = vec![
        ("SOLAPI_BASE_URL", emulator.base_url()),
        ("SOLAPI_API_KEY", api_key),
        ("SOLAPI_API_SECRET", secret.expose_secret().to_owned()),
        ("SOLAPI_PAYMENT_ID", card),
        ("SOLAPI_DECLINED_PAYMENT_ID", declined),
    ];
    Setup {
        emulator,
        admin,
        account_id: id,
        env,
    }
}

/// Runs one script and returns its report.
fn run(setup: &Setup, mut command: Command) -> Value {
    let output = command
        .envs(setup.env.iter().map(|(k, v)| (k, v.as_str())))
        .env("TZ", "Asia/Seoul")
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env("no_proxy", "127.0.0.1,localhost")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{command:?} failed ({}):\n{stdout}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("the script's report is not JSON ({e}): {stdout}"))
}

fn script(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/official_sdks")
        .join(name)
}

/// `value` printed as JSON, for exact comparisons of numbers as the SDK wrote them.
fn text(value: &Value) -> String {
    value.to_string()
}

#[test]
fn python_sdk_reads_balance_and_history_recharges_and_refuses_a_wrong_secret() {
    let sdks = install::sdks();
    let setup = setup();
    let stored = setup.admin.history(&setup.account_id).unwrap();
    let mut command = Command::new(install::python());
    command
        .arg(script("python_sdk.py"))
        .env("PYTHONPATH", &sdks.python_path);
    let report = run(&setup, command);
    assert_eq!(report["sdk"], "5.0.3", "{report}");

    // The SDK's model: `balance` and `point` as floats (10130.5 - 130 = 10000.5).
    let balance = &report["balance"]["returned"];
    assert_eq!(balance["type"], "GetBalanceResponse", "{report}");
    assert_eq!(text(&balance["balance"]), "10000.5", "{report}");
    assert_eq!(text(&balance["point"]), "0.0", "{report}");

    // A 4xx raises a plain Exception(errorCode, errorMessage): the SDK's error type.
    let wrong = &report["wrong_secret"];
    assert_eq!(wrong["raised"], "Exception", "{report}");
    assert_eq!(wrong["args"][0], "SignatureDoesNotMatch", "{report}");
    assert!(
        wrong["args"][1]
            .as_str()
            .unwrap()
            .starts_with("생성한 Signature가 일치하지 않음"),
        "{report}"
    );
    // The emulator's default: the live service's answer to an unknown key as measured by a
    // third party (400 InvalidApiKey), not the documented 403.
    assert_eq!(
        report["unknown_key"]["args"][0], "InvalidApiKey",
        "{report}"
    );
    assert_eq!(
        report["history_wrong_secret"]["args"][0], "SignatureDoesNotMatch",
        "{report}"
    );

    // History through the SDK's own request function: the newest entries, as stored.
    let history = report["history"]["returned"].as_array().unwrap();
    assert_eq!(history.len(), stored.len().min(5), "{report}");
    let newest = stored.last().unwrap();
    assert_eq!(history[0]["historyId"], newest.history_id.as_str());
    assert_eq!(history[0]["type"], "DEDUCT");
    assert_eq!(history[0]["groupId"].as_str().unwrap().len(), 32);

    // The payment methods, as registered.
    let cards = report["payments"]["returned"]["payments"]
        .as_array()
        .unwrap();
    let registered = setup.admin.account_state(&setup.account_id).unwrap();
    let ids: Vec<&str> = cards.iter().map(|c| c["_id"].as_str().unwrap()).collect();
    let expected: Vec<&str> = registered
        .payment_methods
        .iter()
        .map(|p| p.payment_id.as_str())
        .collect();
    assert_eq!(ids, expected, "{report}");
    assert_eq!(cards[0]["autoRecharge"], 0, "{report}");

    // The recharge was applied once, and its receipt is the entry it wrote.
    let receipt = &report["recharge"]["returned"];
    assert_eq!(receipt["type"], "RECHARGE", "{report}");
    assert_eq!(text(&receipt["newBalance"]), "11000.5", "{report}");
    let after = setup.admin.account_state(&setup.account_id).unwrap();
    assert_eq!(after.balance.to_string(), "11000.5");
    let entries = setup.admin.history(&setup.account_id).unwrap();
    assert_eq!(entries.len(), stored.len() + 1);
    assert_eq!(
        receipt["historyId"],
        entries.last().unwrap().history_id.as_str()
    );

    // The declined card: 402, raised as Exception("BalanceInsufficient", ...), nothing charged.
    let declined = &report["declined"];
    assert_eq!(declined["args"][0], "BalanceInsufficient", "{report}");
    assert!(
        declined["args"][1]
            .as_str()
            .unwrap()
            .starts_with("보유 잔액이 부족합니다."),
        "{report}"
    );

    // Every request the SDK made carried its own date form: local time with an offset.
    let log = setup.admin.request_log();
    assert_eq!(log.len(), 8, "{log:?}");
    for request in &log {
        let auth = &request
            .headers
            .iter()
            .find(|(n, _)| n == "authorization")
            .unwrap()
            .1;
        assert!(auth.starts_with("HMAC-SHA256 ApiKey="), "{auth}");
        assert!(auth.contains("+09:00, salt="), "{auth}");
    }
    drop(setup.emulator);
}

#[test]
fn node_sdk_reads_the_balance_and_refuses_a_wrong_secret() {
    let sdks = install::sdks();
    let setup = setup();
    let mut command = Command::new("node");
    command
        .arg(script("node_sdk.js"))
        .env("NODE_PATH", &sdks.node_modules);
    let report = run(&setup, command);
    assert_eq!(report["sdk"], "6.0.1", "{report}");

    // `getBalance` validates the answer against the SDK's schema (synced with the live
    // server): it resolves only if every field has the service's type.
    let balance = &report["balance"]["returned"];
    assert_eq!(text(&balance["balance"]), "10000.5", "{report}");
    assert_eq!(text(&balance["point"]), "0", "{report}");
    assert_eq!(balance["autoRecharge"], 0, "{report}");
    assert_eq!(balance["balanceOnly"], 0, "{report}");
    assert_eq!(balance["accountId"], setup.account_id.as_str(), "{report}");
    assert_eq!(balance["lowBalanceAlert"]["currentBalance"], "10000.5");

    // A 4xx is the SDK's ClientError with the code, message and status.
    let wrong = &report["wrong_secret"];
    assert_eq!(wrong["threw"], "ClientError", "{report}");
    assert_eq!(wrong["errorCode"], "SignatureDoesNotMatch", "{report}");
    assert_eq!(wrong["httpStatus"], 403, "{report}");
    let unknown = &report["unknown_key"];
    assert_eq!(
        (
            &unknown["threw"],
            &unknown["errorCode"],
            &unknown["httpStatus"]
        ),
        (
            &Value::from("ClientError"),
            &Value::from("InvalidApiKey"),
            &Value::from(400)
        ),
        "{report}"
    );

    // Only the base URL changed: the SDK asked for the service's own path.
    assert_eq!(
        report["requests"],
        Value::from(vec!["GET /cash/v1/balance"; 3]),
        "{report}"
    );
    let log = setup.admin.request_log();
    assert_eq!(log.len(), 3, "{log:?}");
    assert!(log.iter().all(|r| r.path == "/cash/v1/balance"));
    drop(setup.emulator);
}
