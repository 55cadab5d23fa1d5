//! The answers in the forms the service documents: number flags on the balance, the
//! 32-character group ids, 403 for every authentication failure.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Harness, expect_error, json, money};
use serde_json::Value;
use solapi_cash_emulator::{EmulatorConfig, demo};

#[test]
fn balance_flags_and_deposit_are_numbers() {
    let h = Harness::without_mfa();
    let body = json(h.get("/cash/v1/balance"));
    // As in the documented sample and the Node SDK's schema (`Schema.Number` for each).
    for field in ["autoRecharge", "balanceOnly"] {
        assert_eq!(body[field], Value::from(0), "{field}: {body}");
    }
    for field in ["deposit", "minimumCash", "rechargeTo", "rechargeTryCount"] {
        assert!(body[field].is_number(), "{field}: {body}");
    }
    assert_eq!(body["balance"], Value::from(1000));
    assert_eq!(body["point"], Value::from(0));
    assert_eq!(body["accountId"], Value::from(h.account_id.clone()));
    // The Node SDK's schema: strings for the threshold and the current balance (never
    // null), numbers in `balances`, a boolean `enabled`.
    let alert = &body["lowBalanceAlert"];
    assert_eq!(alert["currentBalance"], Value::from("1000"));
    assert!(alert["notificationBalance"].is_string(), "{alert}");
    assert!(alert["balances"][0].is_number(), "{alert}");
    assert!(alert["channels"][0].is_string(), "{alert}");
    assert!(alert["enabled"].is_boolean(), "{alert}");
}

fn is_group_id(id: &str) -> bool {
    id.len() == 32
        && id.starts_with("G4V")
        && id[3..17].bytes().all(|b| b.is_ascii_digit())
        && id[17..]
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

#[test]
fn group_ids_have_the_documented_32_character_form() {
    // The documented example, checked by the same rule.
    assert!(is_group_id("G4V20180307105937H3PTASXMNJG2JIO"));

    let h = Harness::start(
        EmulatorConfig::default()
            .rate_limit(None)
            .mfa(false)
            .demo(true),
    );
    let ymd = |d: time::Date| format!("{:04}{:02}{:02}", d.year(), u8::from(d.month()), d.day());
    let before = ymd(h.admin.now().date());
    let charged = h
        .admin
        .charge_message(&h.account_id, money(10), None)
        .unwrap();
    let after = ymd(h.admin.now().date());
    let id = charged.group_id.unwrap();
    assert!(is_group_id(&id), "{id}");
    // Dated by the emulator's clock (a midnight may pass during the call).
    assert!([before, after].contains(&id[3..11].to_owned()), "{id}");

    let generated: Vec<String> = h
        .admin
        .history(demo::DEMO_ACCOUNT_ID)
        .unwrap()
        .into_iter()
        .filter_map(|e| e.group_id)
        .collect();
    assert!(generated.len() > 100, "{}", generated.len());
    for id in &generated {
        assert!(is_group_id(id), "{id}");
    }
}

#[test]
fn no_authentication_failure_is_a_401() {
    let h = Harness::documented();
    let missing = h.client.get(h.url("/cash/v1/balance")).send().unwrap();
    expect_error(missing, 403, "Forbidden");
    let body = format!(r#"{{"amount":100,"paymentId":"{}"}}"#, h.payment_id);
    for (header, code) in [
        ("Basic dXNlcjpwYXNzd29yZA==", "Forbidden"),
        ("Bearer no-such-token", "InvalidAccessToken"),
        ("HMAC-SHA256 apiKey=K", "Forbidden"),
    ] {
        expect_error(h.get_with("/cash/v1/balance", header), 403, code);
        expect_error(h.get_with("/cash/v1/balance/history", header), 403, code);
        expect_error(h.recharge_with(header, &body, None), 403, code);
    }
}
