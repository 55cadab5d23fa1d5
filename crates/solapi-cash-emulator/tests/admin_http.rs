//! The HTTP admin API under `/_emulator/`, and the request log's masking of secrets.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Harness, expect_error};
use serde_json::{Value, json};
use solapi_auth::Credentials;
use solapi_cash_emulator::{EmulatorConfig, demo};
use solapi_cash_types::{HistoryEntry, MfaData, Money};

fn call(h: &Harness, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let mut request = h.client.request(method.parse().unwrap(), h.url(path));
    if let Some(body) = body {
        request = request
            .header("Content-Type", "application/json")
            .body(body.to_string());
    }
    let response = request.send().unwrap();
    let status = response.status().as_u16();
    assert!(response.headers().contains_key("date"));
    (status, response.json().unwrap())
}

#[test]
fn accounts_keys_tokens_cards_entries() {
    let h = Harness::without_mfa();
    let (status, account) = call(
        &h,
        "POST",
        "/_emulator/accounts",
        Some(json!({"accountId": "ACC1", "balance": 500, "point": 20.5, "mfa": false})),
    );
    assert_eq!(status, 201);
    assert_eq!(account["accountId"], "ACC1");
    assert_eq!(account["point"], 20.5);
    assert_eq!(account["historyLen"], 1);
    let (status, body) = call(
        &h,
        "POST",
        "/_emulator/accounts",
        Some(json!({"accountId": "ACC1"})),
    );
    assert_eq!(
        (status, body["errorCode"].as_str()),
        (409, Some("Conflict"))
    );
    let (status, generated) = call(&h, "POST", "/_emulator/accounts", None);
    assert_eq!(status, 201);
    assert_eq!(generated["accountId"].as_str().unwrap().len(), 14);

    let (status, key) = call(&h, "POST", "/_emulator/accounts/ACC1/keys", Some(json!({})));
    assert_eq!(status, 201);
    let (status, card) = call(&h, "POST", "/_emulator/accounts/ACC1/payment-methods", None);
    assert_eq!(status, 201);
    let (_, declining) = call(
        &h,
        "POST",
        "/_emulator/accounts/ACC1/payment-methods",
        Some(json!({"decline": true})),
    );
    assert_eq!(declining["decline"], true);

    // The key works against the API.
    let creds = Credentials::api_key(
        key["apiKey"].as_str().unwrap(),
        key["apiSecret"].as_str().unwrap(),
    );
    let body = format!(
        r#"{{"amount":100,"paymentId":"{}"}}"#,
        card["paymentId"].as_str().unwrap()
    );
    let response = h.recharge_with(&common::auth_for(&creds, h.admin.now()), &body, None);
    assert_eq!(response.status(), 200);

    let (status, token) = call(
        &h,
        "POST",
        "/_emulator/accounts/ACC1/tokens",
        Some(json!({"scopes": ["cash:read"], "role": "MEMBER"})),
    );
    assert_eq!(status, 201);
    assert_eq!(token["expiresIn"], 86_400);
    let bearer = format!("Bearer {}", token["accessToken"].as_str().unwrap());
    assert_eq!(h.get_with("/cash/v1/balance", &bearer).status(), 200);

    let entry = |body: Value| call(&h, "POST", "/_emulator/accounts/ACC1/entries", Some(body));
    let (status, charge) = entry(json!({"kind": "charge", "amount": 30, "groupId": "G1"}));
    assert_eq!(status, 201);
    assert_eq!(charge["type"], "DEDUCT");
    assert_eq!(
        (
            charge["pointAmount"].clone(),
            charge["balanceAmount"].clone()
        ),
        (json!(-20.5), json!(-9.5))
    );
    assert_eq!(charge["groupId"], "G1");
    let (_, manual) = entry(json!({"kind": "manual", "balanceAmount": -100, "memo": "fix"}));
    assert_eq!(
        (manual["type"].as_str(), manual["memo"].as_str()),
        (Some("MANUAL"), Some("fix"))
    );
    let (_, set) = entry(json!({"kind": "set", "balance": 7, "point": 3}));
    assert_eq!(
        (set["type"].as_str(), set["newBalance"].clone()),
        (Some("SET"), json!(7))
    );
    let (status, e) = entry(json!({"kind": "charge", "amount": 11}));
    assert_eq!(
        (status, e["errorCode"].as_str()),
        (402, Some("BalanceInsufficient"))
    );
    let (status, e) = entry(json!({"kind": "manual", "pointAmount": -4}));
    assert_eq!(
        (status, e["errorCode"].as_str()),
        (400, Some("ValidationError"))
    );
    let (status, generated) = entry(json!({"kind": "generate", "count": 500, "seed": 1}));
    assert_eq!(status, 201);
    assert_eq!(generated["historyLen"], 505);
    let (status, late) = entry(json!({
        "kind": "late", "dateCreated": "2020-01-02T03:04:05.678Z", "memo": "late"
    }));
    assert_eq!(status, 201);
    assert_eq!(
        (
            late["type"].as_str(),
            late["dateCreated"].as_str(),
            late["balanceAmount"].clone()
        ),
        (Some("MANUAL"), Some("2020-01-02T03:04:05.678Z"), json!(0))
    );
    let (status, e) = entry(json!({"kind": "teleport"}));
    assert_eq!(
        (status, e["errorCode"].as_str()),
        (400, Some("ValidationError"))
    );

    let history = h.admin.history("ACC1").unwrap();
    common::assert_chain(&history);

    let (status, updated) = call(
        &h,
        "PATCH",
        "/_emulator/accounts/ACC1",
        Some(json!({"status": "INACTIVE", "mfa": true})),
    );
    assert_eq!(status, 200);
    assert_eq!(
        (updated["status"].as_str(), updated["mfa"].as_bool()),
        (Some("INACTIVE"), Some(true))
    );
    expect_error(h.get_with("/cash/v1/balance", &bearer), 403, "Forbidden");

    let (status, list) = call(&h, "GET", "/_emulator/accounts", None);
    assert_eq!(status, 200);
    assert_eq!(list.as_array().unwrap().len(), 3);
    let (status, e) = call(&h, "GET", "/_emulator/accounts/NOPE", None);
    assert_eq!(
        (status, e["errorCode"].as_str()),
        (404, Some("ResourceNotFound"))
    );
    let (status, e) = call(&h, "POST", "/_emulator/accounts/NOPE/keys", None);
    assert_eq!(
        (status, e["errorCode"].as_str()),
        (404, Some("ResourceNotFound"))
    );
}

/// `body` (raw JSON text, so that every number form is sent as written) to `path`: the status
/// and the answer's text.
fn post_raw(h: &Harness, path: &str, body: &str) -> (u16, String) {
    let response = h.post_json(path, None, body);
    (response.status().as_u16(), response.text().unwrap())
}

/// Issue 20, item 4: the admin API takes money in every JSON number form the service sends —
/// fractions, negative fractions, exponents — through the types crate's exact decoder (an
/// internally tagged body used to refuse `{"kind": "charge", "amount": 8.4}`: "money reached
/// this decoder as a binary float"). Each answer is decoded exactly, and the ledger's sums
/// are checked to the last digit.
#[test]
fn entries_take_money_in_every_json_number_form() {
    let h = Harness::without_mfa();
    let (status, _) = post_raw(
        &h,
        "/_emulator/accounts",
        r#"{"accountId": "ACC2", "balance": 100, "point": 0, "mfa": false}"#,
    );
    assert_eq!(status, 201);
    let money = |text: &str| text.parse::<Money>().unwrap();
    let steps = [
        (
            r#"{"kind": "charge", "amount": 8.4}"#,
            "DEDUCT",
            "-8.4",
            "91.6",
        ),
        (
            r#"{"kind": "charge", "amount": 0.5, "groupId": "G2"}"#,
            "DEDUCT",
            "-0.5",
            "91.1",
        ),
        (
            r#"{"kind": "manual", "balanceAmount": -0.1}"#,
            "MANUAL",
            "-0.1",
            "91",
        ),
        (
            r#"{"kind": "manual", "balanceAmount": 2.25, "memo": "m"}"#,
            "MANUAL",
            "2.25",
            "93.25",
        ),
        (
            r#"{"kind": "manual", "balanceAmount": 1e2}"#,
            "MANUAL",
            "100",
            "193.25",
        ),
        (
            r#"{"kind": "manual", "balanceAmount": 1e-18}"#,
            "MANUAL",
            "0.000000000000000001",
            "193.250000000000000001",
        ),
        (
            r#"{"kind": "set", "balance": 8.4, "point": 0.5}"#,
            "SET",
            "-184.850000000000000001",
            "8.4",
        ),
    ];
    for (body, kind, change, balance) in steps {
        let (status, text) = post_raw(&h, "/_emulator/accounts/ACC2/entries", body);
        assert_eq!(status, 201, "{body}: {text}");
        let entry: HistoryEntry = serde_json::from_str(&text).unwrap();
        assert_eq!(entry.kind.as_str(), kind, "{body}");
        assert_eq!(entry.balance_amount, money(change), "{body}: {text}");
        assert_eq!(entry.new_balance, money(balance), "{body}: {text}");
    }
    let state = h.admin.account_state("ACC2").unwrap();
    assert_eq!((state.balance, state.point), (money("8.4"), money("0.5")));
    // Still refused: what is not money.
    for body in [
        r#"{"kind": "charge", "amount": true}"#,
        r#"{"kind": "charge", "amount": -8.4}"#,
        r#"{"kind": "charge"}"#,
        r#"{"kind": "charge", "amount": 1, "extra": 1}"#,
        r#"{"kind": "teleport"}"#,
        r#"{"amount": 1}"#,
        r#"[1]"#,
    ] {
        let (status, text) = post_raw(&h, "/_emulator/accounts/ACC2/entries", body);
        assert_eq!(status, 400, "{body}: {text}");
        assert!(text.contains("ValidationError"), "{body}: {text}");
    }
}

#[test]
fn outbox_faults_clock_and_reset() {
    let h = Harness::start(EmulatorConfig::default().rate_limit(None).demo(true));
    expect_error(h.recharge("100"), 403, "MFARequired");
    let (_, outbox) = call(&h, "GET", "/_emulator/outbox", None);
    let mail = &outbox[0];
    assert_eq!(mail["accountId"], h.account_id.as_str());
    assert_eq!(mail["code"].as_str().unwrap().len(), 6);

    let (status, pending) = call(
        &h,
        "POST",
        "/_emulator/faults",
        Some(json!({"route": "balance", "times": 2, "action": {"kind": "error", "status": 500}})),
    );
    assert_eq!(status, 201);
    assert_eq!(pending[0]["times"], 2);
    expect_error(h.get("/cash/v1/balance"), 500, "InternalError");
    let (_, pending) = call(&h, "GET", "/_emulator/faults", None);
    assert_eq!(pending[0]["times"], 1);
    call(&h, "DELETE", "/_emulator/faults", None);
    assert_eq!(h.get("/cash/v1/balance").status(), 200);

    let (status, clock) = call(
        &h,
        "POST",
        "/_emulator/clock",
        Some(json!({"offsetSeconds": -3600})),
    );
    assert_eq!(status, 200);
    assert_eq!(clock["offsetMs"], -3_600_000);
    assert_eq!(h.admin.clock_offset(), time::Duration::hours(-1));
    let (status, _) = call(&h, "POST", "/_emulator/clock", Some(json!({})));
    assert_eq!(status, 400);

    let (status, _) = call(&h, "POST", "/_emulator/reset", None);
    assert_eq!(status, 200);
    assert_eq!(h.admin.clock_offset(), time::Duration::ZERO);
    assert!(h.admin.outbox().is_empty());
    assert!(h.admin.request_log().is_empty());
    // The demo data is back, the test's own account is gone.
    assert_eq!(
        h.admin.account_ids(),
        vec![demo::DEMO_ACCOUNT_ID.to_owned()]
    );
    assert_eq!(
        h.admin.history_len(demo::DEMO_ACCOUNT_ID).unwrap(),
        usize::try_from(demo::DEMO_ENTRIES).unwrap()
    );
    let (status, e) = call(&h, "POST", "/_emulator/nothing", None);
    assert_eq!(
        (status, e["errorCode"].as_str()),
        (404, Some("ResourceNotFound"))
    );
}

#[test]
fn request_log_masks_secrets() {
    let h = Harness::start(EmulatorConfig::default().rate_limit(None));
    let signed = h.auth();
    let signature = signed.rsplit_once("signature=").unwrap().1.to_owned();
    assert_eq!(h.get_with("/cash/v1/balance?x=1", &signed).status(), 200);
    let token = h
        .admin
        .create_token(
            &h.account_id,
            &["cash:read"],
            solapi_cash_emulator::Role::Owner,
        )
        .unwrap();
    h.get_with(
        "/cash/v1/balance",
        &format!("Bearer {}", token.expose_secret()),
    );
    expect_error(h.recharge("100"), 403, "MFARequired");
    let mail = h.admin.last_mail(&h.account_id).unwrap();
    let mfa = MfaData::email(mail.transaction_id.clone(), mail.code.clone());
    let body = format!(r#"{{"amount":100,"paymentId":"{}"}}"#, h.payment_id);
    assert_eq!(h.recharge_with(&h.auth(), &body, Some(&mfa)).status(), 200);

    let (status, log) = call(&h, "GET", "/_emulator/requests", None);
    assert_eq!(status, 200);
    let text = log.to_string();
    for secret in [
        signature.as_str(),
        h.secret.expose_secret(),
        token.expose_secret(),
        &format!("\"{}\"", mail.code),
    ] {
        assert!(!text.contains(secret), "log leaks {secret}");
    }
    let entries = log.as_array().unwrap();
    assert_eq!(entries.len(), 4, "admin requests are not logged");
    assert_eq!(entries[0]["path"], "/cash/v1/balance?x=1");
    assert_eq!(entries[0]["status"], 200);
    let auth_of = |i: usize| {
        entries[i]["headers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|pair| pair[0] == "authorization")
            .unwrap()[1]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let masked = auth_of(0);
    assert!(masked.starts_with(&format!("HMAC-SHA256 apiKey={}, date=", h.api_key)));
    assert!(masked.ends_with("signature=***"));
    assert_eq!(auth_of(1), "Bearer ***");
    let mfa_header = entries[3]["headers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|pair| pair[0] == "x-mfa-data")
        .unwrap()[1]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(mfa_header.contains(&mail.transaction_id) && mfa_header.contains("***"));
    // The Rust API sees the same log.
    assert_eq!(h.admin.request_log().len(), 4);
    let (_, cleared) = call(&h, "DELETE", "/_emulator/requests", None);
    assert_eq!(cleared["cleared"], true);
    assert!(h.admin.request_log().is_empty());
}
