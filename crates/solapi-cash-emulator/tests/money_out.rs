//! Transfers and withdrawals at the wire: the documented refusals of each bad amount (400
//! `ValidationError` "금액은 양의 정수만 입력 가능합니다.", 403 `Forbidden` "보유하신 금액이
//! 부족합니다."), the target refused when it is the caller's own or unknown, a second account
//! made through the admin API to transfer to, and a withdrawal's life cycle (PENDING, then
//! COMPLETED or REJECTED with the money back) through the admin API.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Harness, expect_error, json, money};
use serde_json::Value;
use solapi_cash_emulator::{EmulatorConfig, demo};
use solapi_cash_types::{HistoryType, WithdrawStatus};

fn post(h: &Harness, path: &str, auth: &str, body: &str) -> reqwest::blocking::Response {
    h.post_json(path, Some(auth), body)
}

fn admin(h: &Harness, path: &str, body: &str) -> (u16, Value) {
    let response = h.post_json(path, None, body);
    (response.status().as_u16(), response.json().unwrap())
}

/// A fresh signature of the demo account's key.
fn demo_auth(h: &Harness) -> String {
    let key = solapi_auth::Credentials::api_key(
        demo::DEMO_API_KEY,
        solapi_auth::Secret::new(demo::DEMO_API_SECRET),
    );
    common::auth_for(&key, h.admin.now())
}

#[test]
fn transfers_are_refused_as_documented_and_move_money_once_accepted() {
    let h = Harness::without_mfa();
    let (status, other) = admin(&h, "/_emulator/accounts", r#"{"balance": 0}"#);
    assert_eq!(status, 201, "a second account through the admin API");
    let other = other["accountId"].as_str().unwrap().to_owned();
    let to = |amount: &str, target: &str| {
        format!(r#"{{"targetAccountId":"{target}","amount":{amount}}}"#)
    };
    for amount in ["0", "1.5", "-1", "\"100\"", "1e3", "null"] {
        let e = expect_error(
            post(&h, "/cash/v1/transfer", &h.auth(), &to(amount, &other)),
            400,
            "ValidationError",
        );
        assert!(
            e.error_message
                .starts_with("금액은 양의 정수만 입력 가능합니다."),
            "{amount}: {}",
            e.error_message
        );
    }
    let e = expect_error(
        post(&h, "/cash/v1/transfer", &h.auth(), &to("999999", &other)),
        403,
        "Forbidden",
    );
    assert!(e.error_message.starts_with("보유하신 금액이 부족합니다."));
    expect_error(
        post(&h, "/cash/v1/transfer", &h.auth(), &to("1", &h.account_id)),
        400,
        "ValidationError",
    );
    expect_error(
        post(&h, "/cash/v1/transfer", &h.auth(), &to("1", "12345")),
        404,
        "ResourceNotFound",
    );
    let before = h.admin.account_state(&h.account_id).unwrap().balance;

    let ok = post(&h, "/cash/v1/transfer", &h.auth(), &to("700", &other));
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.text().unwrap(), r#""Success""#);
    let after = h.admin.account_state(&h.account_id).unwrap().balance;
    assert_eq!(before.checked_sub(&after), Some(money(700)));
    let received = h.admin.history(&other).unwrap().pop().unwrap();
    assert_eq!(received.kind, HistoryType::Transfer);
    assert_eq!(received.balance_amount, money(700));
    assert_eq!(
        received.memo.as_deref(),
        Some(&*format!("transfer from {}", h.account_id))
    );
}

#[test]
fn a_withdrawal_is_pending_then_completed_or_rejected_and_refunded() {
    let h = Harness::start(EmulatorConfig::default().rate_limit(None).demo(true));
    let id = demo::DEMO_ACCOUNT_ID;
    h.admin.set_mfa(id, false).unwrap();
    h.admin
        .set_balance(id, money(50_000), money(0), None)
        .unwrap();
    let auth = demo_auth(&h);
    let first = json(post(&h, "/cash/v1/withdraw", &auth, r#"{"amount":20000}"#));
    assert_eq!(first["status"], "PENDING");
    assert_eq!(
        (&first["amount"], &first["fee"]),
        (&18_500.into(), &1_500.into())
    );
    let entry = h.admin.history(id).unwrap().pop().unwrap();
    assert_eq!(
        (entry.kind, entry.balance_amount),
        (HistoryType::Withdraw, money(-20_000))
    );

    let path = |w: &Value| {
        format!(
            "/_emulator/accounts/{id}/withdrawals/{}",
            w["withdrawId"].as_str().unwrap()
        )
    };
    let (status, paid) = admin(&h, &path(&first), r#"{"status":"COMPLETED"}"#);
    assert_eq!((status, &paid["status"]), (200, &Value::from("COMPLETED")));
    assert!(paid["transactionDate"].is_string());
    let (status, _) = admin(&h, &path(&first), r#"{"status":"REJECTED"}"#);
    assert_eq!(status, 400, "settled once");

    let auth = demo_auth(&h);
    let second = json(post(&h, "/cash/v1/withdraw", &auth, r#"{"amount":10000}"#));
    assert_eq!(h.admin.account_state(id).unwrap().balance, money(20_000));
    let settled = h
        .admin
        .settle_withdrawal(
            id,
            second["withdrawId"].as_str().unwrap(),
            WithdrawStatus::Rejected,
        )
        .unwrap();
    assert_eq!(settled.status, Some(WithdrawStatus::Rejected));
    assert_eq!(
        h.admin.account_state(id).unwrap().balance,
        money(30_000),
        "refunded"
    );

    let auth = demo_auth(&h);
    let e = expect_error(
        post(&h, "/cash/v1/withdraw", &auth, r#"{"amount":30001}"#),
        403,
        "Forbidden",
    );
    assert!(e.error_message.starts_with("보유하신 금액이 부족합니다."));
    // The harness's own account has no bank account.
    let e = expect_error(
        post(&h, "/cash/v1/withdraw", &h.auth(), r#"{"amount":5000}"#),
        404,
        "ResourceNotFound",
    );
    assert!(
        e.error_message.contains("no bank account"),
        "{}",
        e.error_message
    );
}
