//! The second factor on the writes the declaration marks `second_factor` besides the
//! recharge (over real HTTP, MFA on): the low-balance alert's settings and adding a card are
//! challenged, a wrong code is refused, the right code passes once, and a challenge redeems
//! only the request it was issued for.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Harness, expect_error, json, wrong_code};
use reqwest::Method;
use reqwest::blocking::Response;
use solapi_cash_emulator::EmulatorConfig;
use solapi_cash_types::MfaData;

fn send(h: &Harness, method: Method, path: &str, body: &str, mfa: Option<&MfaData>) -> Response {
    let mut request = h
        .client
        .request(method, h.url(path))
        .header("Authorization", h.auth())
        .header("Content-Type", "application/json")
        .body(body.to_owned());
    if let Some(mfa) = mfa {
        request = request.header(MfaData::HEADER, mfa.to_header_value());
    }
    request.send().unwrap()
}

/// Challenge, wrong code, the right code, then the same code again.
fn round_trip(h: &Harness, method: Method, path: &str, body: &str) -> Response {
    let e = expect_error(
        send(h, method.clone(), path, body, None),
        403,
        "MFARequired",
    );
    let tx = e.mfa.unwrap().transaction_id;
    let mail = h.admin.last_mail(&h.account_id).unwrap();
    assert_eq!(mail.transaction_id, tx);
    let bad = MfaData::email(tx.clone(), wrong_code(&mail.code));
    expect_error(
        send(h, method.clone(), path, body, Some(&bad)),
        403,
        "InvalidMFAToken",
    );
    let good = MfaData::email(tx, mail.code);
    let answer = send(h, method.clone(), path, body, Some(&good));
    assert_eq!(answer.status(), 200);
    expect_error(
        send(h, method, path, body, Some(&good)),
        403,
        "InvalidMFATransaction",
    );
    answer
}

#[test]
fn the_alert_settings_need_the_second_factor() {
    let h = Harness::start(EmulatorConfig::default().rate_limit(None));
    let body = r#"{"balances":[5000],"channels":["EMAIL"]}"#;
    round_trip(&h, Method::PUT, "/cash/v1/balance/alert", body);
    let alert = json(h.get("/cash/v1/balance/alert"));
    assert_eq!(alert["lowBalanceAlert"]["balances"][0], 5000, "{alert}");

    // A code redeems only the request it was issued for: another body, another operation.
    let e = expect_error(
        send(&h, Method::PUT, "/cash/v1/balance/alert", body, None),
        403,
        "MFARequired",
    );
    let mail = h.admin.last_mail(&h.account_id).unwrap();
    let code = MfaData::email(e.mfa.unwrap().transaction_id, mail.code);
    let other = r#"{"balances":[9000],"channels":["EMAIL"]}"#;
    expect_error(
        send(
            &h,
            Method::PUT,
            "/cash/v1/balance/alert",
            other,
            Some(&code),
        ),
        403,
        "InvalidMFATransaction",
    );
    expect_error(
        send(&h, Method::PUT, "/cash/v1/recharge", "{}", Some(&code)),
        403,
        "InvalidMFATransaction",
    );
    let answer = send(&h, Method::PUT, "/cash/v1/balance/alert", body, Some(&code));
    assert_eq!(answer.status(), 200);
}

#[test]
fn adding_a_card_needs_the_second_factor() {
    let h = Harness::start(EmulatorConfig::default().rate_limit(None));
    let year = h.admin.now().date().year() % 100 + 3;
    let body = format!(
        r#"{{"cardNumber":"4111111111111111","cvc":"123","expYear":"{year:02}","expMonth":"01"}}"#
    );
    let before = json(h.get("/cash/v1/payment"));
    let answer = json(round_trip(&h, Method::POST, "/cash/v1/payment", &body));
    let id = answer["paymentId"].as_str().unwrap().to_owned();
    let after = json(h.get("/cash/v1/payment"));
    assert!(after.to_string().contains(&id), "{after}");
    assert_ne!(before, after);
}

#[test]
fn without_mfa_the_settings_need_no_code() {
    let h = Harness::without_mfa();
    let body = r#"{"balances":[5000],"channels":["EMAIL"]}"#;
    let answer = send(&h, Method::PUT, "/cash/v1/balance/alert", body, None);
    assert_eq!(answer.status(), 200);
    // `PUT /cash/v1/payment` is not marked: never challenged.
    let h = Harness::start(EmulatorConfig::default().rate_limit(None));
    let ids = format!(
        r#"{{"paymentIds":["{}"],"minimumCash":1000,"rechargeTo":20000}}"#,
        h.payment_id
    );
    let answer = send(&h, Method::PUT, "/cash/v1/payment", &ids, None);
    assert_eq!(answer.status(), 200);
}

#[test]
fn the_bank_accounts_writes_need_the_second_factor_in_the_header_or_the_body() {
    let h = Harness::start(EmulatorConfig::default().rate_limit(None));
    let path = "/cash/v1/bank/accounts";
    let body = r#"{"accountNumber":"0235235235235235","bankCode":"01","holderName":"예금주"}"#;
    let answer = json(round_trip(&h, Method::POST, path, body));
    // Answered and kept masked (the page's sample echoes the number whole).
    assert_eq!(answer["accountNumber"], "************5235", "{answer}");
    assert_eq!(answer["success"], true, "{answer}");
    assert_eq!(json(h.get(path))["accountNumber"], "************5235");
    let removed = json(round_trip(&h, Method::DELETE, path, ""));
    assert_eq!(removed["n"], 1, "{removed}");
    assert_eq!(json(h.get(path)), serde_json::json!({}));

    // The body's `transactionId` and `authenticationCode` answer the challenge without the
    // header (inferred); the challenge is bound to the registration without them.
    let e = expect_error(send(&h, Method::POST, path, body, None), 403, "MFARequired");
    let tx = e.mfa.unwrap().transaction_id;
    let mail = h.admin.last_mail(&h.account_id).unwrap();
    let with = |code: &str, number: &str| {
        format!(
            r#"{{"accountNumber":"{number}","bankCode":"01","holderName":"예금주","transactionId":"{tx}","authenticationCode":"{code}"}}"#
        )
    };
    expect_error(
        send(
            &h,
            Method::POST,
            path,
            &with(wrong_code(&mail.code), "0235235235235235"),
            None,
        ),
        403,
        "InvalidMFAToken",
    );
    // Another number: another registration, not the one the code was sent for.
    expect_error(
        send(
            &h,
            Method::POST,
            path,
            &with(&mail.code, "0235235235235236"),
            None,
        ),
        403,
        "InvalidMFATransaction",
    );
    let answer = send(
        &h,
        Method::POST,
        path,
        &with(&mail.code, "0235235235235235"),
        None,
    );
    assert_eq!(answer.status(), 200);
    assert_eq!(json(h.get(path))["bankCode"], "01");
}

#[test]
fn a_bad_bank_account_is_refused_without_quoting_it() {
    let h = Harness::without_mfa();
    let path = "/cash/v1/bank/accounts";
    for body in [
        r#"{"accountNumber":"0235-2352-3523-523X","bankCode":"01","holderName":"Kim"}"#,
        r#"{"accountNumber":"12345","bankCode":"01","holderName":"Kim"}"#,
        r#"{"accountNumber":235235235235,"bankCode":"01","holderName":"Kim"}"#,
        r#"{"accountNumber":"0235235235235235","bankCode":"1","holderName":"Kim"}"#,
        r#"{"accountNumber":"0235235235235235","bankCode":"01"}"#,
        r#"{"accountNumber":"0235235235235235","bankCode":"01","holderName":"Kim","x":1}"#,
        r#"["0235235235235235"]"#,
    ] {
        let e = expect_error(
            send(&h, Method::POST, path, body, None),
            400,
            "ValidationError",
        );
        let message = e.error_message;
        for part in ["2352352352", "235235235235", "523X"] {
            assert!(!message.contains(part), "{body}: {message}");
        }
    }
    assert_eq!(json(h.get(path)), serde_json::json!({}));
    // Nothing registered: removing answers n = 0 (inferred).
    let removed = json(send(&h, Method::DELETE, path, "", None));
    assert_eq!(removed["n"], 0, "{removed}");
}
