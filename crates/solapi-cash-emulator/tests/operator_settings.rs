//! Auto-recharge and cards over raw HTTP (reqwest on 127.0.0.1, no SDK): every bad body a
//! client could send anyway is refused with its status and code, good ones change the
//! account, and a card's number and CVC are never answered, kept or saved.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Harness, auth_for, expect_error, hex, json};
use reqwest::Method;
use reqwest::blocking::Response;
use serde_json::{Value, json};
use solapi_cash_emulator::{Emulator, EmulatorConfig, StateFile};

/// A Visa test number (not a real card) and a CVC that appears nowhere else.
const NUMBER: &str = "4111111111111111";
const CVC: &str = "739";

fn send(h: &Harness, method: Method, path: &str, body: &str) -> Response {
    h.client
        .request(method, h.url(path))
        .header("Authorization", h.auth())
        .header("Content-Type", "application/json")
        .body(body.to_owned())
        .send()
        .unwrap()
}

fn put(h: &Harness, path: &str, body: &Value) -> Response {
    send(h, Method::PUT, path, &body.to_string())
}

/// The expiry of a card valid for three more years on the emulator's clock: (`YY`, `MM`).
fn future(h: &Harness) -> (u32, u32) {
    let today = h.admin.now().date();
    (
        u32::try_from(today.year() % 100 + 3).unwrap(),
        u32::from(u8::from(today.month())),
    )
}

#[test]
fn auto_recharge_settings_refuse_each_bad_body_with_the_services_code() {
    let h = Harness::without_mfa();
    let id = h.payment_id.as_str();
    for (body, status, code) in [
        (
            json!({"paymentIds": [], "minimumCash": 1000, "rechargeTo": 50000}),
            400,
            "ValidationError",
        ),
        (
            json!({"paymentIds": [id, id], "minimumCash": 1000, "rechargeTo": 50000}),
            400,
            "ValidationError",
        ),
        (
            json!({"paymentIds": [id], "minimumCash": 199, "rechargeTo": 50000}),
            400,
            "ValidationError",
        ),
        (
            json!({"paymentIds": [id], "minimumCash": -500, "rechargeTo": 50000}),
            400,
            "ValidationError",
        ),
        (
            json!({"paymentIds": [id], "minimumCash": 1000.5, "rechargeTo": 50000}),
            400,
            "ValidationError",
        ),
        (
            json!({"paymentIds": [id], "minimumCash": 1000, "rechargeTo": 9999}),
            400,
            "ValidationError",
        ),
        (
            json!({"paymentIds": [id], "minimumCash": "1000", "rechargeTo": 50000}),
            400,
            "ValidationError",
        ),
        (
            json!({"paymentIds": id, "minimumCash": 1000, "rechargeTo": 50000}),
            400,
            "ValidationError",
        ),
        (
            json!({"paymentIds": [id], "minimumCash": 1000}),
            400,
            "ValidationError",
        ),
        (
            json!({"paymentIds": [id], "minimumCash": 1000, "rechargeTo": 50000, "x": 1}),
            400,
            "ValidationError",
        ),
        (
            json!({"paymentIds": [""], "minimumCash": 1000, "rechargeTo": 50000}),
            400,
            "ValidationError",
        ),
        (
            json!({"paymentIds": ["999"], "minimumCash": 1000, "rechargeTo": 50000}),
            400,
            "InvalidPaymentId",
        ),
        (json!([1]), 400, "ValidationError"),
    ] {
        let e = expect_error(put(&h, "/cash/v1/payment", &body), status, code);
        assert!(!e.error_message.is_empty(), "{body}");
    }
    // Nothing changed.
    let balance = json(h.get("/cash/v1/balance"));
    assert_eq!(
        (
            balance["minimumCash"].clone(),
            balance["rechargeTo"].clone()
        ),
        (json!(10000), json!(50000))
    );

    let good = json!({"paymentIds": [id], "minimumCash": 200, "rechargeTo": 10000});
    let answer = json(put(&h, "/cash/v1/payment", &good));
    assert_eq!(answer, good, "the documented answer echoes the settings");
    let balance = json(h.get("/cash/v1/balance"));
    assert_eq!(
        (
            balance["minimumCash"].clone(),
            balance["rechargeTo"].clone()
        ),
        (json!(200), json!(10000))
    );
    let cards = json(h.get("/cash/v1/payment"));
    assert_eq!(cards["payments"][0]["autoRecharge"], 1);
}

#[test]
fn the_toggle_flips_and_needs_a_card_to_switch_on() {
    let h = Harness::without_mfa();
    // The documented `{}` and no body at all are both a toggle.
    let on = json(send(&h, Method::PUT, "/cash/v1/recharge", "{}"));
    assert_eq!(on, json!({"autoRecharge": true}));
    let off = h
        .client
        .put(h.url("/cash/v1/recharge"))
        .header("Authorization", h.auth())
        .send()
        .unwrap();
    assert_eq!(json(off), json!({"autoRecharge": false}));
    assert_eq!(json(h.get("/cash/v1/balance"))["autoRecharge"], 0);

    // Without a card it cannot be switched on.
    let body = json!({"paymentId": h.payment_id});
    json(send(
        &h,
        Method::DELETE,
        "/cash/v1/payment",
        &body.to_string(),
    ));
    expect_error(
        send(&h, Method::PUT, "/cash/v1/recharge", "{}"),
        400,
        "ValidationError",
    );
}

#[test]
fn card_registrations_refuse_each_bad_body_without_repeating_the_secrets() {
    let h = Harness::without_mfa();
    let (yy, mm) = future(&h);
    let card = |number: Value, cvc: Value, year: Value, month: Value| json!({"cardNumber": number, "cvc": cvc, "expYear": year, "expMonth": month});
    let today = h.admin.now().date();
    let past_month = if u8::from(today.month()) == 1 {
        12
    } else {
        u32::from(u8::from(today.month())) - 1
    };
    let past_year = if u8::from(today.month()) == 1 {
        today.year() % 100 - 1
    } else {
        today.year() % 100
    };
    for (body, word) in [
        (
            card(
                json!("4111 1111 1111 111O"),
                json!(CVC),
                json!(yy),
                json!(mm),
            ),
            "digits only",
        ),
        (
            card(json!("3782 822463 10005"), json!(CVC), json!(yy), json!(mm)),
            "only Visa",
        ),
        (
            card(
                json!("4111 1111 1111 1112"),
                json!(CVC),
                json!(yy),
                json!(mm),
            ),
            "check digit",
        ),
        (
            card(
                json!("4111 1111 1111 111"),
                json!(CVC),
                json!(yy),
                json!(mm),
            ),
            "digits, not 15",
        ),
        (
            card(
                json!(4111111111111111_u64),
                json!(CVC),
                json!(yy),
                json!(mm),
            ),
            "must be a string",
        ),
        (
            card(json!(NUMBER), json!("7391"), json!(yy), json!(mm)),
            "3 digits",
        ),
        (
            card(json!(NUMBER), json!(739), json!(yy), json!(mm)),
            "must be a string",
        ),
        (
            card(json!(NUMBER), json!(CVC), json!(yy), json!(13)),
            "month must be 1 to 12",
        ),
        (
            card(json!(NUMBER), json!(CVC), json!("2x"), json!(mm)),
            "whole number",
        ),
        (
            card(
                json!(NUMBER),
                json!(CVC),
                json!(past_year),
                json!(past_month),
            ),
            "expired",
        ),
        (
            json!({"cardNumber": NUMBER, "cvc": CVC, "expYear": yy}),
            "expMonth",
        ),
        (
            json!({"cardNumber": NUMBER, "cvc": CVC, "expYear": yy, "expMonth": mm, "pin": "1"}),
            "pin",
        ),
        (
            json!({"cardNumber": NUMBER, "cvc": CVC, "expYear": yy, "expMonth": mm, "description": 5}),
            "description",
        ),
    ] {
        let text = body.to_string();
        let e = expect_error(
            send(&h, Method::POST, "/cash/v1/payment", &text),
            400,
            "ValidationError",
        );
        assert!(
            e.error_message.contains(word),
            "{text}: {}",
            e.error_message
        );
        assert!(
            !e.error_message.contains("1111111") && !e.error_message.contains(CVC),
            "{}",
            e.error_message
        );
    }
    // Not a JSON body at all.
    expect_error(
        send(&h, Method::POST, "/cash/v1/payment", "cardNumber=4111"),
        400,
        "ValidationError",
    );
    assert_eq!(
        h.admin
            .account_state(&h.account_id)
            .unwrap()
            .payment_methods
            .len(),
        1
    );
}

#[test]
fn removals_refuse_bad_and_unknown_ids() {
    let h = Harness::without_mfa();
    for (body, status, code) in [
        (json!({"paymentId": ""}), 400, "ValidationError"),
        (json!({"paymentId": "12 34"}), 400, "ValidationError"),
        (json!({"paymentId": 123}), 400, "ValidationError"),
        (json!({}), 400, "ValidationError"),
        (json!({"paymentId": "1234567890"}), 400, "InvalidPaymentId"),
    ] {
        expect_error(
            send(&h, Method::DELETE, "/cash/v1/payment", &body.to_string()),
            status,
            code,
        );
    }
    let body = json!({"paymentId": h.payment_id}).to_string();
    let answer = json(send(&h, Method::DELETE, "/cash/v1/payment", &body));
    assert_eq!(
        answer,
        json!({"paymentId": h.payment_id, "message": "성공적으로 삭제되었습니다."})
    );
    expect_error(
        send(&h, Method::DELETE, "/cash/v1/payment", &body),
        400,
        "InvalidPaymentId",
    );
}

#[test]
fn a_registered_card_keeps_only_its_brand_last_four_and_expiry_through_a_saved_state() {
    let h = Harness::without_mfa();
    let (yy, mm) = future(&h);
    // The page's sample sends the month as a string; spaces in the number are removed.
    let body = json!({"cardNumber": "4111 1111 1111 1111", "cvc": CVC, "expYear": yy, "expMonth": format!("{mm:02}")});
    let answer = json(send(
        &h,
        Method::POST,
        "/cash/v1/payment",
        &body.to_string(),
    ));
    let id = answer["paymentId"].as_str().unwrap().to_owned();
    assert_eq!(
        answer["description"],
        format!("[VISA] 1111 {mm:02}/{yy:02}")
    );
    assert_eq!(answer["expDate"], format!("20{yy:02}/{mm:02}"));
    let keys: Vec<&str> = answer
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["description", "expDate", "paymentId"],
        "the documented order"
    );
    // A second card, ranked first for auto-recharge, and auto-recharge on.
    let settings =
        json!({"paymentIds": [id, h.payment_id], "minimumCash": 3000, "rechargeTo": 30000});
    json(put(&h, "/cash/v1/payment", &settings));
    json(send(&h, Method::PUT, "/cash/v1/recharge", "{}"));

    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cards-{}", hex(12)));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("state.json");
    h.admin.save_state(&path).unwrap();
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(
        !saved.contains("1111 1111") && !saved.contains("111111111111"),
        "{saved}"
    );
    assert!(!saved.contains(CVC), "the CVC is never kept");
    assert!(saved.contains(&format!("[VISA] 1111 {mm:02}/{yy:02}")));

    // A new emulator from the file: the cards in their order, the settings, the switch.
    let second = Emulator::start(
        EmulatorConfig::default()
            .rate_limit(None)
            .mfa(false)
            .state(StateFile::load(&path).unwrap()),
    )
    .unwrap();
    let card = second
        .admin()
        .account_state(&h.account_id)
        .unwrap()
        .payment_methods
        .into_iter()
        .find(|p| p.payment_id == id)
        .unwrap();
    assert_eq!(card.auto_recharge, 1);
    assert_eq!(card.exp_date, format!("20{yy:02}/{mm:02}"));
    let account = second.admin().account_state(&h.account_id).unwrap();
    let old = account
        .payment_methods
        .iter()
        .find(|p| p.payment_id == h.payment_id)
        .unwrap();
    assert_eq!(old.auto_recharge, 2);
    let balance = h
        .client
        .get(format!("{}/cash/v1/balance", second.base_url()))
        .header(
            "Authorization",
            auth_for(&h.credentials(), second.admin().now()),
        )
        .send()
        .unwrap();
    let balance = json(balance);
    assert_eq!(
        (
            &balance["minimumCash"],
            &balance["rechargeTo"],
            &balance["autoRecharge"]
        ),
        (&json!(3000), &json!(30000), &json!(1))
    );
    second.stop();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn alert_bodies_are_read_by_the_models_rules() {
    let h = Harness::without_mfa();
    for body in [
        json!({"balances": [], "channels": ["SMS"]}),
        json!({"balances": [199], "channels": ["SMS"]}),
        json!({"balances": [1000, 2000, 3000, 4000], "channels": ["SMS"]}),
        json!({"balances": [1000.5], "channels": ["SMS"]}),
        json!({"balances": [1000, 1000], "channels": ["SMS"]}),
        json!({"balances": [1000], "channels": []}),
        json!({"balances": [1000], "channels": ["SMS"], "x": 1}),
        json!({"balances": [1000]}),
    ] {
        expect_error(
            put(&h, "/cash/v1/balance/alert", &body),
            400,
            "ValidationError",
        );
    }
    for body in [
        json!({}),
        json!({"enabled": "yes"}),
        json!({"enabled": true, "x": 1}),
    ] {
        expect_error(
            put(&h, "/cash/v1/balance/alert/switch", &body),
            400,
            "ValidationError",
        );
    }
    json(put(
        &h,
        "/cash/v1/balance/alert",
        &json!({"balances": [200], "channels": ["SMS"]}),
    ));
    let answer = json(put(
        &h,
        "/cash/v1/balance/alert/switch",
        &json!({"enabled": true}),
    ));
    assert_eq!(answer["enabled"], true);
}
