//! `GET /cash/v1/payment` over real HTTP: the documented shape, paging, authorization and
//! faults, and registering cards through the admin API.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Harness, expect_error, json};
use serde_json::{Value, json};
use solapi_cash_emulator::{
    AccountSpec, AccountStatus, EmulatorConfig, FaultAction, FaultSpec, KeySpec, PaymentMethodSpec,
    Route, demo,
};

fn payments(h: &Harness, query: &str) -> Vec<Value> {
    let body = json(h.get(&format!("/cash/v1/payment{query}")));
    let object = body.as_object().unwrap();
    assert_eq!(object.len(), 1, "only `payments`: {body}");
    body["payments"].as_array().unwrap().clone()
}

#[test]
fn lists_the_accounts_cards_in_the_documented_shape() {
    let h = Harness::without_mfa();
    let card = h
        .admin
        .register_payment_method(
            &h.account_id,
            PaymentMethodSpec::new()
                .payment_id("9876543210987654321")
                .description("[MASTERCARD] 5678 06/26")
                .exp_date("2026/06")
                .auto_recharge(1),
        )
        .unwrap();
    // Another account's card is not listed.
    let other = h.admin.create_account(AccountSpec::new()).unwrap();
    h.admin
        .add_payment_method(&other.account_id, false)
        .unwrap();

    let text = h.get("/cash/v1/payment").text().unwrap();
    let list: Value = serde_json::from_str(&text).unwrap();
    let items = list["payments"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{text}");
    // The harness's card first (registration order), with the defaults.
    assert_eq!(items[0]["_id"], h.payment_id.as_str());
    assert_eq!(items[0]["autoRecharge"], 0);
    let last4 = &h.payment_id[h.payment_id.len() - 4..];
    let description = items[0]["description"].as_str().unwrap();
    assert!(
        description.starts_with(&format!("[VISA] {last4} 12/")),
        "{description}"
    );
    // The registered one exactly, in the documented field order.
    let created = solapi_cash_types::Timestamp::from_datetime(card.date_created);
    let expected = format!(
        r#"{{"_id":"9876543210987654321","description":"[MASTERCARD] 5678 06/26","autoRecharge":1,"expDate":"2026/06","dateCreated":"{0}","dateUpdated":"{0}"}}"#,
        created.as_str()
    );
    assert!(text.contains(&expected), "{text}\nlacks {expected}");
    // A declining card is not told apart in the list: `decline` is the emulator's.
    assert!(!text.contains("decline"), "{text}");
}

#[test]
fn offset_and_limit_page_the_list() {
    let h = Harness::without_mfa();
    for i in 0..24 {
        h.admin
            .register_payment_method(
                &h.account_id,
                PaymentMethodSpec::new().payment_id(format!("{:019}", 1000 + i)),
            )
            .unwrap();
    }
    let ids = |items: Vec<Value>| -> Vec<String> {
        items
            .iter()
            .map(|p| p["_id"].as_str().unwrap().to_owned())
            .collect()
    };
    let all = ids(payments(&h, "?limit=100"));
    assert_eq!(all.len(), 25);
    assert_eq!(ids(payments(&h, "")), all[..20], "20 by default");
    assert_eq!(ids(payments(&h, "?offset=20")), all[20..]);
    assert_eq!(ids(payments(&h, "?offset=3&limit=2")), all[3..5]);
    assert!(payments(&h, "?offset=25").is_empty());
    assert_eq!(ids(payments(&h, "?accountId=whatever&limit=1")), all[..1]);
    for query in [
        "?limit=0",
        "?limit=-1",
        "?limit=x",
        "?offset=1.5",
        "?limit=1&limit=2",
    ] {
        expect_error(
            h.get(&format!("/cash/v1/payment{query}")),
            400,
            "ValidationError",
        );
    }
}

#[test]
fn needs_cash_read_and_an_active_account_like_the_other_reads() {
    let h = Harness::documented();
    let missing = h.client.get(h.url("/cash/v1/payment")).send().unwrap();
    expect_error(missing, 403, "Forbidden");

    let (key, secret) = h
        .admin
        .create_api_key(&h.account_id, KeySpec::read_only())
        .unwrap();
    let read_only = common::auth_for(
        &solapi_auth::Credentials::api_key(key, secret),
        h.admin.now(),
    );
    assert_eq!(h.get_with("/cash/v1/payment", &read_only).status(), 200);

    let token = h
        .admin
        .create_token(
            &h.account_id,
            &["cash:write"],
            solapi_cash_emulator::Role::Owner,
        )
        .unwrap();
    expect_error(
        h.get_with(
            "/cash/v1/payment",
            &format!("Bearer {}", token.expose_secret()),
        ),
        403,
        "Unauthorized",
    );

    h.admin
        .set_account_status(&h.account_id, AccountStatus::Inactive)
        .unwrap();
    expect_error(h.get("/cash/v1/payment"), 403, "Forbidden");
}

#[test]
fn faults_hit_the_payment_route() {
    let h = Harness::without_mfa();
    h.admin
        .inject_fault(FaultSpec::new(Route::Payments, FaultAction::error(503)));
    h.admin
        .inject_fault(FaultSpec::new(Route::Any, FaultAction::error(500)));
    expect_error(h.get("/cash/v1/payment"), 503, "ServiceUnavailable");
    // The balance is not the payment route; `Any` covers both.
    expect_error(h.get("/cash/v1/balance"), 500, "InternalError");
    assert_eq!(h.get("/cash/v1/payment").status(), 200);
    let log = h.admin.request_log();
    assert_eq!(log[0].fault.as_deref(), Some("error 503"));
}

#[test]
fn the_admin_api_registers_cards_with_every_field() {
    let h = Harness::without_mfa();
    let url = h.url(&format!(
        "/_emulator/accounts/{}/payment-methods",
        h.account_id
    ));
    let response = h
        .client
        .post(&url)
        .json(&json!({
            "paymentId": "1234567890123456789",
            "description": "[VISA] 1234 12/25",
            "expDate": "2025/12",
            "autoRecharge": 2,
            "decline": true
        }))
        .send()
        .unwrap();
    assert_eq!(response.status(), 201);
    let card: Value = response.json().unwrap();
    assert_eq!(card["paymentId"], "1234567890123456789");
    assert_eq!(
        (&card["decline"], &card["autoRecharge"]),
        (&json!(true), &json!(2))
    );
    assert!(
        card["dateCreated"].as_str().unwrap().ends_with('Z'),
        "{card}"
    );
    // The declining card is refused on a recharge, as the list does not say.
    let body = r#"{"amount":100,"paymentId":"1234567890123456789"}"#;
    expect_error(
        h.recharge_with(&h.auth(), body, None),
        402,
        "BalanceInsufficient",
    );

    for bad in [
        json!({"expDate": "2025-12"}),
        json!({"expDate": "2025/13"}),
        json!({"paymentId": " "}),
        json!({"autoRecharge": -1}),
        json!({"colour": "blue"}),
    ] {
        let response = h.client.post(&url).json(&bad).send().unwrap();
        assert_eq!(response.status(), 400, "{bad}");
    }
    let state = h.admin.account_state(&h.account_id).unwrap();
    assert_eq!(state.payment_methods.len(), 2);
}

#[test]
fn the_demo_cards_are_the_same_on_every_start() {
    let h = Harness::start(
        EmulatorConfig::default()
            .rate_limit(None)
            .mfa(false)
            .demo(true),
    );
    let auth = common::auth_for(
        &solapi_auth::Credentials::api_key(demo::DEMO_API_KEY, demo::DEMO_API_SECRET),
        h.admin.now(),
    );
    let list: Value = json(h.get_with("/cash/v1/payment", &auth));
    assert_eq!(
        list,
        json!({"payments": [
            {"_id": demo::DEMO_PAYMENT_ID, "description": "[VISA] 8686 12/29", "autoRecharge": 1,
             "expDate": "2029/12", "dateCreated": "2024-12-01T09:00:00.000Z",
             "dateUpdated": "2024-12-01T09:00:00.000Z"},
            {"_id": demo::DEMO_DECLINED_PAYMENT_ID, "description": "[MASTERCARD] 8687 06/27",
             "autoRecharge": 0, "expDate": "2027/06", "dateCreated": "2024-12-01T09:00:00.000Z",
             "dateUpdated": "2024-12-01T09:00:00.000Z"}
        ]})
    );
}
