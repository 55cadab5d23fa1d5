//! State files: an emulator set up from JSON serves it over HTTP, refuses a bad file with
//! the place and the problem, and saves its state so that a new emulator picks up where
//! the old one stopped.

#![allow(clippy::unwrap_used)]

mod common;

use common::{auth_for, hex};
use serde_json::{Value, json};
use solapi_auth::Credentials;
use solapi_cash_emulator::{Emulator, EmulatorConfig, StateFile, demo};
use solapi_cash_types::HistoryEntry;

const ACCOUNT: &str = "24019999000001";
const KEY: &str = "NCSTATEFILEKEY01";
const SECRET: &str = "STATEFILESECRET0123456789ABCDEFG";
const TOKEN: &str = "state-file-token-0123456789";

/// An account with a key, a token, two cards and three entries in the API's own form (the
/// second and third without ids or old/new values: the emulator computes them).
fn document() -> Value {
    json!({
        "version": 1,
        "accounts": [{
            "accountId": ACCOUNT,
            "mfa": false,
            "apiKeys": [{"apiKey": KEY, "apiSecret": SECRET}],
            "tokens": [{"accessToken": TOKEN, "scopes": ["cash:read"], "role": "MEMBER",
                        "expiresAt": "2999-01-01T00:00:00.000Z"}],
            "paymentMethods": [
                {"paymentId": "4855688201067874001572284631928", "description": "h",
                 "expDate": "2019/01", "dateCreated": "2019-10-28T00:00:00.000Z"},
                {"paymentId": "4855688201067874001572284631929", "decline": true, "autoRecharge": 1}
            ],
            "entries": [
                {"balanceAmount": 10130.5, "pointAmount": 0, "groupId": null, "memo": null,
                 "rechargeMethod": "STRIPE", "serviceMethod": null, "chargedMethod": null,
                 "paymentMethod": null, "accountId": ACCOUNT, "oldBalance": 0,
                 "newBalance": 10130.5, "oldPoint": 0, "newPoint": 0, "type": "RECHARGE",
                 "dateCreated": "2019-08-06T05:55:18.123Z", "historyId": "5d491966384bbe6e51a2ceb6"},
                {"type": "MANUAL", "pointAmount": 300, "memo": "event",
                 "dateCreated": "2019-08-07T00:00:00Z"},
                {"type": "DEDUCT", "balanceAmount": -30.5, "pointAmount": -300,
                 "serviceMethod": "MT", "groupId": "G4V20190807000000H3PTASXMNJG2JIO",
                 "dateCreated": "2019-08-07T00:00:00.000Z"}
            ]
        }]
    })
}

fn start(doc: &Value, config: EmulatorConfig) -> Emulator {
    let file = StateFile::from_json(&doc.to_string()).unwrap();
    Emulator::start(config.state(file)).unwrap()
}

fn signed(emulator: &Emulator) -> String {
    auth_for(&Credentials::api_key(KEY, SECRET), emulator.admin().now())
}

fn get(emulator: &Emulator, path: &str, authorization: &str) -> reqwest::blocking::Response {
    reqwest::blocking::Client::new()
        .get(format!("{}{path}", emulator.base_url()))
        .header("Authorization", authorization)
        .send()
        .unwrap()
}

#[test]
fn a_loaded_file_is_served() {
    let emulator = start(&document(), EmulatorConfig::default().rate_limit(None));
    let balance: Value = get(&emulator, "/cash/v1/balance", &signed(&emulator))
        .json()
        .unwrap();
    assert_eq!(balance["balance"].to_string(), "10100");
    assert_eq!(balance["point"], 0);

    let history: Vec<HistoryEntry> = get(&emulator, "/cash/v1/balance/history", &signed(&emulator))
        .json()
        .unwrap();
    assert_eq!(history.len(), 3);
    // Newest first; the computed values chain.
    assert_eq!(history[0].kind.as_str(), "DEDUCT");
    assert_eq!(history[0].old_point.to_string(), "300");
    assert_eq!(history[0].new_balance.to_string(), "10100");
    assert_eq!(
        history[0].group_id.as_deref(),
        Some("G4V20190807000000H3PTASXMNJG2JIO")
    );
    assert_eq!(history[1].memo.as_deref(), Some("event"));
    assert_eq!(history[1].date_created.as_str(), "2019-08-07T00:00:00.000Z");
    assert_eq!(history[2].history_id, "5d491966384bbe6e51a2ceb6");
    assert_eq!(history[2].date_created.as_str(), "2019-08-06T05:55:18.123Z");
    assert_eq!(history[2].balance_amount.to_string(), "10130.5");
    for e in &history {
        assert_eq!(e.history_id.len(), 24);
        assert_eq!(e.account_id, ACCOUNT);
    }

    let cards: Value = get(&emulator, "/cash/v1/payment", &signed(&emulator))
        .json()
        .unwrap();
    assert_eq!(
        cards["payments"][0]["_id"],
        "4855688201067874001572284631928"
    );
    assert_eq!(cards["payments"][0]["expDate"], "2019/01");
    assert_eq!(
        cards["payments"][0]["dateCreated"],
        "2019-10-28T00:00:00.000Z"
    );
    assert_eq!(cards["payments"][1]["autoRecharge"], 1);

    // The token: read scope only, valid until 2999.
    let bearer = format!("Bearer {TOKEN}");
    assert_eq!(get(&emulator, "/cash/v1/balance", &bearer).status(), 200);
    let recharge = reqwest::blocking::Client::new()
        .post(format!("{}/cash/v1/balance", emulator.base_url()))
        .header("Authorization", &bearer)
        .header("Content-Type", "application/json")
        .body(r#"{"amount":100,"paymentId":"4855688201067874001572284631928"}"#)
        .send()
        .unwrap();
    assert_eq!(recharge.status(), 403);

    // A reset returns to the file.
    let admin = emulator.admin();
    admin
        .charge_message(ACCOUNT, solapi_cash_types::Money::from_i64(100), None)
        .unwrap();
    admin.reset().unwrap();
    assert_eq!(admin.history_len(ACCOUNT).unwrap(), 3);
}

#[test]
fn an_account_without_entries_starts_with_its_balance() {
    let doc = json!({"accounts": [{"accountId": ACCOUNT, "balance": 5000, "point": 100,
        "status": "INACTIVE", "apiKeys": [{"apiKey": KEY, "apiSecret": SECRET}]}]});
    let emulator = start(&doc, EmulatorConfig::default().rate_limit(None));
    let state = emulator.admin().account_state(ACCOUNT).unwrap();
    assert_eq!(state.balance.to_string(), "5000");
    assert_eq!(state.point.to_string(), "100");
    assert_eq!(state.history_len, 1, "one SET entry");
    assert_eq!(
        get(&emulator, "/cash/v1/balance", &signed(&emulator)).status(),
        403
    );
}

#[test]
fn a_bad_file_is_refused_with_the_place_and_the_problem() {
    let with = |edit: &dyn Fn(&mut Value)| {
        let mut doc = document();
        edit(&mut doc);
        doc.to_string()
    };
    let entry = |i: usize| format!("accounts[0].entries[{i}]");
    let cases: Vec<(String, String, &str)> = vec![
        ("not json".into(), String::new(), "expected"),
        (
            with(&|d| d["version"] = json!(2)),
            "version".into(),
            "version 1",
        ),
        (
            with(&|d| d["colour"] = json!(1)),
            "colour".into(),
            "unknown field `colour`",
        ),
        (
            with(&|d| d["accounts"][0]["entries"][0]["balanceAmount"] = json!(true)),
            format!("{}.balanceAmount", entry(0)),
            "",
        ),
        (
            with(&|d| d["accounts"][0]["entries"][0]["newBalance"] = json!(10000)),
            format!("{}.newBalance", entry(0)),
            "make it 10130.5",
        ),
        (
            with(&|d| {
                d["accounts"][0]["entries"][2]["dateCreated"] = json!("2019-08-01T00:00:00Z")
            }),
            format!("{}.dateCreated", entry(2)),
            "before the previous entry",
        ),
        (
            with(&|d| d["accounts"][0]["entries"][1]["dateCreated"] = json!("yesterday")),
            format!("{}.dateCreated", entry(1)),
            "RFC 3339",
        ),
        (
            with(&|d| {
                d["accounts"][0]["entries"][1]["dateCreated"] = json!("2019-08-07T00:00:00.0001Z")
            }),
            format!("{}.dateCreated", entry(1)),
            "more precise than a millisecond",
        ),
        (
            with(&|d| d["accounts"][0]["entries"][2]["balanceAmount"] = json!(-20000)),
            entry(2),
            "negative",
        ),
        (
            with(&|d| {
                d["accounts"][0]["entries"][0]["historyId"] = json!("5D491966384BBE6E51A2CEB6")
            }),
            format!("{}.historyId", entry(0)),
            "24 lowercase hex",
        ),
        (
            with(&|d| {
                d["accounts"][0]["entries"][1]["historyId"] = json!("5d491966384bbe6e51a2ceb6")
            }),
            format!("{}.historyId", entry(1)),
            "appears twice",
        ),
        (
            with(&|d| d["accounts"][0]["entries"][0]["accountId"] = json!("other")),
            format!("{}.accountId", entry(0)),
            "own id",
        ),
        (
            with(&|d| d["accounts"][0]["entries"][0]["chargedMethod"] = json!("CARD")),
            format!("{}.chargedMethod", entry(0)),
            "must be null",
        ),
        (
            with(&|d| d["accounts"][0]["balance"] = json!(1)),
            "accounts[0].balance".into(),
            "the entries make it 10100",
        ),
        (
            with(&|d| d["accounts"][0]["paymentMethods"][1]["expDate"] = json!("2019-01")),
            "accounts[0].paymentMethods[1]".into(),
            "YYYY/MM",
        ),
        (
            with(&|d| {
                d["accounts"][0]["paymentMethods"][1]["paymentId"] =
                    json!("4855688201067874001572284631928")
            }),
            "accounts[0].paymentMethods[1].paymentId".into(),
            "appears twice",
        ),
        (
            with(&|d| d["accounts"][0]["apiKeys"][0]["apiSecret"] = json!("")),
            "accounts[0].apiKeys[0].apiSecret".into(),
            "must not be empty",
        ),
        (
            with(&|d| {
                let account = d["accounts"][0].clone();
                d["accounts"].as_array_mut().unwrap().push(account);
            }),
            "accounts[1].accountId".into(),
            "appears twice",
        ),
        (
            with(&|d| d["accounts"][0]["tokens"][0]["expiresAt"] = json!("soon")),
            "accounts[0].tokens[0].expiresAt".into(),
            "RFC 3339",
        ),
        (
            with(&|d| d["accounts"][0]["status"] = json!("PAUSED")),
            "accounts[0].status".into(),
            "unknown variant",
        ),
    ];
    for (text, location, problem) in cases {
        let e = StateFile::from_json(&text).unwrap_err();
        assert_eq!(e.location(), location, "{e}");
        assert!(e.problem().contains(problem), "{location}: {e}");
        assert!(e.to_string().contains(problem));
    }
    // Loading from a path names the file, and never echoes a secret.
    let dir = tempdir();
    let path = dir.join("state.json");
    std::fs::write(
        &path,
        with(&|d| d["accounts"][0]["apiKeys"][0]["apiKey"] = json!("")),
    )
    .unwrap();
    let e = StateFile::load(&path).unwrap_err();
    assert_eq!(e.file(), Some(path.as_path()));
    assert!(
        e.to_string().starts_with(&format!(
            "{}: at `accounts[0].apiKeys[0].apiKey`",
            path.display()
        )),
        "{e}"
    );
    assert!(!e.to_string().contains(SECRET));
    let missing = StateFile::load(dir.join("missing.json")).unwrap_err();
    assert!(missing.to_string().contains("cannot read it"), "{missing}");
    // Debug shows no secret either.
    let file = StateFile::from_json(&document().to_string()).unwrap();
    let debug = format!(
        "{file:?} {:?}",
        EmulatorConfig::default()
            .rate_limit(None)
            .state(file.clone())
    );
    assert!(!debug.contains(SECRET) && !debug.contains(TOKEN), "{debug}");
}

#[test]
fn saved_state_starts_a_new_emulator_where_the_old_one_stopped() {
    let dir = tempdir();
    let path = dir.join("saved.json");
    let first = start(
        &document(),
        EmulatorConfig::default().rate_limit(None).demo(true),
    );
    let admin = first.admin();
    admin
        .charge_message(ACCOUNT, solapi_cash_types::Money::from_i64(7), None)
        .unwrap();
    let token = admin
        .create_token(ACCOUNT, &["cash:read"], solapi_cash_emulator::Role::Owner)
        .unwrap();
    let card = admin.add_payment_method(ACCOUNT, false).unwrap();
    admin.save_state(&path).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }
    let before: Vec<Vec<HistoryEntry>> = admin
        .account_ids()
        .iter()
        .map(|id| admin.history(id).unwrap())
        .collect();
    let accounts_before = admin
        .account_ids()
        .iter()
        .map(|id| admin.account_state(id).unwrap())
        .collect::<Vec<_>>();
    first.stop();

    // The saved file reads back, alone (it holds the demo account now), accounts in id order.
    let file = StateFile::load(&path).unwrap();
    assert_eq!(file.account_ids(), [demo::DEMO_ACCOUNT_ID, ACCOUNT]);
    let second = Emulator::start(
        EmulatorConfig::default()
            .rate_limit(None)
            .state(file.clone()),
    )
    .unwrap();
    let admin = second.admin();
    let after: Vec<Vec<HistoryEntry>> = admin
        .account_ids()
        .iter()
        .map(|id| admin.history(id).unwrap())
        .collect();
    assert_eq!(after, before, "every entry, ids and dates included");
    let accounts_after = admin
        .account_ids()
        .iter()
        .map(|id| admin.account_state(id).unwrap())
        .collect::<Vec<_>>();
    assert_eq!(
        accounts_after, accounts_before,
        "balances, cards, status, mfa"
    );
    assert!(
        admin
            .account_state(ACCOUNT)
            .unwrap()
            .payment_methods
            .iter()
            .any(|p| p.payment_id == card)
    );
    // Keys and tokens too.
    assert_eq!(
        get(&second, "/cash/v1/balance", &signed(&second)).status(),
        200
    );
    let bearer = format!("Bearer {}", token.expose_secret());
    assert_eq!(get(&second, "/cash/v1/balance", &bearer).status(), 200);
    let demo_auth = auth_for(
        &Credentials::api_key(demo::DEMO_API_KEY, demo::DEMO_API_SECRET),
        admin.now(),
    );
    assert_eq!(get(&second, "/cash/v1/balance", &demo_auth).status(), 200);
    // New ids do not repeat saved ones, and new cards do not replace saved ones.
    let entry = admin
        .charge_message(ACCOUNT, solapi_cash_types::Money::from_i64(1), None)
        .unwrap();
    let ids: std::collections::HashSet<String> = admin
        .account_ids()
        .iter()
        .flat_map(|id| admin.history(id).unwrap())
        .map(|e| e.history_id)
        .collect();
    assert_eq!(ids.len(), after.iter().map(Vec::len).sum::<usize>() + 1);
    assert!(ids.contains(&entry.history_id));
    let cards_before = admin.account_state(ACCOUNT).unwrap().payment_methods.len();
    admin.add_payment_method(ACCOUNT, false).unwrap();
    assert_eq!(
        admin.account_state(ACCOUNT).unwrap().payment_methods.len(),
        cards_before + 1
    );
    second.stop();

    // With the demo data as well, the demo account is there twice: a clear error.
    let e = Emulator::start(
        EmulatorConfig::default()
            .rate_limit(None)
            .demo(true)
            .state(file),
    )
    .unwrap_err();
    assert!(e.to_string().contains(demo::DEMO_ACCOUNT_ID), "{e}");
}

/// A fresh directory under the build's temporary folder.
fn tempdir() -> std::path::PathBuf {
    let dir =
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("state-file-{}", hex(12)));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
