//! Recharge over real HTTP: the response, the ledger entry, the balance endpoint, card
//! declines, and the second factor (challenge, outbox, single use, expiry, wrong codes,
//! binding to the request, switches).

#![allow(clippy::unwrap_used)]

mod common;

use common::{Harness, expect_error, json, money, wrong_code};
use solapi_cash_emulator::{AccountSpec, EmulatorConfig, KeySpec};
use solapi_cash_types::{BalanceResponse, HistoryType, MfaData, RechargeMethod, RechargeResponse};
use time::Duration;

#[test]
fn recharge_writes_one_entry_and_answers_like_the_sample() {
    let h = Harness::without_mfa();
    let response = h.recharge("10000");
    assert_eq!(response.status(), 200);
    let r: RechargeResponse = response.json().unwrap();
    assert_eq!(r.account_id, h.account_id);
    assert_eq!(
        (r.old_balance, r.new_balance),
        (money(1_000), money(11_000))
    );
    assert_eq!((r.old_point, r.new_point), (money(0), money(0)));
    assert_eq!(
        (r.balance_amount, r.point_amount),
        (money(10_000), money(0))
    );
    assert_eq!(r.kind, HistoryType::Recharge);
    assert_eq!(r.history_id.len(), 24);

    let newest = &h.history("limit=1")[0];
    assert_eq!(newest.history_id, r.history_id);
    assert_eq!(newest.kind, HistoryType::Recharge);
    assert_eq!(newest.recharge_method, Some(RechargeMethod::Stripe));
    assert_eq!(newest.payment_method, None);
    assert_eq!(newest.charged_method, None);
    assert!(newest.date_created.as_str().ends_with('Z'));
    assert_eq!(
        newest.date_created.as_str().len(),
        "2018-04-01T10:00:00.000Z".len()
    );

    let balance: BalanceResponse = h.get("/cash/v1/balance").json().unwrap();
    assert_eq!(balance.balance, Some(money(11_000)));
    assert_eq!(balance.point, Some(money(0)));
    assert_eq!(balance.account_id.as_deref(), Some(h.account_id.as_str()));
}

#[test]
fn fractional_amounts_stay_exact() {
    let h = Harness::without_mfa();
    let r: RechargeResponse = h.recharge("0.1").json().unwrap();
    assert_eq!(r.new_balance.to_string(), "1000.1");
    let r: RechargeResponse = h.recharge("0.2").json().unwrap();
    assert_eq!(r.new_balance.to_string(), "1000.3");
    let text = h.get("/cash/v1/balance").text().unwrap();
    assert!(text.contains(r#""balance":1000.3"#), "{text}");
}

#[test]
fn declined_card_and_unknown_payment_id() {
    let h = Harness::without_mfa();
    let declining = h.admin.add_payment_method(&h.account_id, true).unwrap();
    let body = format!(r#"{{"amount":100,"paymentId":"{declining}"}}"#);
    // As documented: 402 `BalanceInsufficient` "보유 잔액이 부족합니다." for a refused
    // card, 400 `InvalidPaymentId` "paymentId 가 유효하지 않습니다." for an unknown one.
    let e = expect_error(
        h.recharge_with(&h.auth(), &body, None),
        402,
        "BalanceInsufficient",
    );
    assert!(
        e.error_message.starts_with("보유 잔액이 부족합니다."),
        "{}",
        e.error_message
    );
    let body = r#"{"amount":100,"paymentId":"no-such-card"}"#;
    let e = expect_error(
        h.recharge_with(&h.auth(), body, None),
        400,
        "InvalidPaymentId",
    );
    assert!(
        e.error_message
            .starts_with("paymentId 가 유효하지 않습니다."),
        "{}",
        e.error_message
    );
    // Another account's card is not this account's payment method.
    let other = h.admin.create_account(AccountSpec::new()).unwrap();
    let their_card = h
        .admin
        .add_payment_method(&other.account_id, false)
        .unwrap();
    let body = format!(r#"{{"amount":100,"paymentId":"{their_card}"}}"#);
    expect_error(
        h.recharge_with(&h.auth(), &body, None),
        400,
        "InvalidPaymentId",
    );
    assert_eq!(h.admin.history_len(&h.account_id).unwrap(), 1);
}

fn challenge(h: &Harness, body: &str) -> String {
    let error = expect_error(h.recharge_with(&h.auth(), body, None), 403, "MFARequired");
    let tx = error.mfa.unwrap().transaction_id;
    assert_eq!(tx.len(), 24);
    assert!(tx.bytes().all(|b| b.is_ascii_hexdigit()));
    tx
}

#[test]
fn second_factor_flow() {
    let h = Harness::start(EmulatorConfig::default().rate_limit(None));
    let body = format!(r#"{{"amount":5000,"paymentId":"{}"}}"#, h.payment_id);
    let tx = challenge(&h, &body);
    assert_eq!(
        h.admin.history_len(&h.account_id).unwrap(),
        1,
        "nothing charged yet"
    );

    let mail = h.admin.last_mail(&h.account_id).unwrap();
    assert_eq!(mail.transaction_id, tx);
    assert_eq!(mail.code.len(), 6);
    assert!(mail.code.bytes().all(|b| b.is_ascii_digit()));
    assert_eq!(mail.expires_at - mail.sent_at, Duration::minutes(5));

    let bad = MfaData::email(tx.clone(), wrong_code(&mail.code));
    expect_error(
        h.recharge_with(&h.auth(), &body, Some(&bad)),
        403,
        "InvalidMFAToken",
    );

    let good = MfaData::email(tx.clone(), mail.code.clone());
    let response = h.recharge_with(&h.auth(), &body, Some(&good));
    assert_eq!(response.status(), 200);
    assert_eq!(
        h.admin.account_state(&h.account_id).unwrap().balance,
        money(6_000)
    );

    // Single use.
    expect_error(
        h.recharge_with(&h.auth(), &body, Some(&good)),
        403,
        "InvalidMFATransaction",
    );
    let unknown = MfaData::email("0".repeat(24), "123456");
    expect_error(
        h.recharge_with(&h.auth(), &body, Some(&unknown)),
        403,
        "InvalidMFATransaction",
    );
}

#[test]
fn second_factor_expiry_tries_and_binding() {
    let h = Harness::start(EmulatorConfig::default().rate_limit(None));
    let body = format!(r#"{{"amount":5000,"paymentId":"{}"}}"#, h.payment_id);

    // Expired after 5 minutes of emulator time.
    let tx = challenge(&h, &body);
    let code = h.admin.last_mail(&h.account_id).unwrap().code;
    h.admin.set_clock_offset(Duration::minutes(6));
    let data = MfaData::email(tx, code);
    expect_error(
        h.recharge_with(&h.auth(), &body, Some(&data)),
        403,
        "InvalidMFATransaction",
    );
    h.admin.set_clock_offset(Duration::ZERO);

    // Five wrong codes drop the transaction.
    let tx = challenge(&h, &body);
    let code = h.admin.last_mail(&h.account_id).unwrap().code;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        let bad = MfaData::email(tx.clone(), wrong);
        expect_error(
            h.recharge_with(&h.auth(), &body, Some(&bad)),
            403,
            "InvalidMFAToken",
        );
    }
    let good = MfaData::email(tx, code);
    expect_error(
        h.recharge_with(&h.auth(), &body, Some(&good)),
        403,
        "InvalidMFATransaction",
    );

    // Bound to amount and paymentId.
    let tx = challenge(&h, &body);
    let code = h.admin.last_mail(&h.account_id).unwrap().code;
    let data = MfaData::email(tx, code);
    let other_amount = format!(r#"{{"amount":5001,"paymentId":"{}"}}"#, h.payment_id);
    expect_error(
        h.recharge_with(&h.auth(), &other_amount, Some(&data)),
        403,
        "InvalidMFATransaction",
    );

    // Bound to the account: another account cannot use it.
    let other = h.admin.create_account(AccountSpec::new()).unwrap();
    let (key, secret) = h
        .admin
        .create_api_key(&other.account_id, KeySpec::default())
        .unwrap();
    let their_card = h
        .admin
        .add_payment_method(&other.account_id, false)
        .unwrap();
    let creds = solapi_auth::Credentials::api_key(key, secret);
    let their_body = format!(r#"{{"amount":5000,"paymentId":"{their_card}"}}"#);
    expect_error(
        h.recharge_with(
            &common::auth_for(&creds, h.admin.now()),
            &their_body,
            Some(&data),
        ),
        403,
        "InvalidMFATransaction",
    );
    // The rightful request still passes.
    assert_eq!(h.recharge_with(&h.auth(), &body, Some(&data)).status(), 200);

    // A malformed header is a validation error naming it.
    let response = h
        .client
        .post(h.url("/cash/v1/balance"))
        .header("Authorization", h.auth())
        .header("Content-Type", "application/json")
        .header("x-mfa-data", "not json")
        .body(body.clone())
        .send()
        .unwrap();
    let e = expect_error(response, 400, "ValidationError");
    assert!(e.error_message.contains("x-mfa-data"));
}

#[test]
fn second_factor_switches() {
    // Per account.
    let h = Harness::start(EmulatorConfig::default().rate_limit(None));
    h.admin.set_mfa(&h.account_id, false).unwrap();
    assert_eq!(h.recharge("100").status(), 200);
    h.admin.set_mfa(&h.account_id, true).unwrap();
    expect_error(h.recharge("100"), 403, "MFARequired");
    // Emulator-wide flag, and an account turning it back on.
    let h = Harness::without_mfa();
    assert_eq!(h.recharge("100").status(), 200);
    assert!(h.admin.outbox().is_empty());
    h.admin.set_mfa(&h.account_id, true).unwrap();
    expect_error(h.recharge("100"), 403, "MFARequired");
    assert_eq!(h.admin.outbox().len(), 1);
}

#[test]
fn reads_do_not_need_the_second_factor() {
    let h = Harness::start(EmulatorConfig::default().rate_limit(None));
    assert_eq!(json(h.get("/cash/v1/balance"))["balance"], 1000);
    assert_eq!(h.history("").len(), 1);
    assert!(h.admin.outbox().is_empty());
}
