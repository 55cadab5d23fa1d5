//! Error answers over real HTTP: always JSON `{errorCode, errorMessage}` with the right
//! status, for unknown paths, wrong methods, bad bodies, wrong content types, oversized
//! bodies; and the `Date` header from the emulator's clock on every answer.

#![allow(clippy::unwrap_used)]

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;

use common::{Harness, expect_error};
use time::{Duration, OffsetDateTime};

#[test]
fn unknown_paths_and_wrong_methods() {
    let h = Harness::without_mfa();
    for path in [
        "/",
        "/cash/v1/balances",
        "/cash/v2/balance",
        "/cash/v1/balance/history/x",
    ] {
        let e = expect_error(h.get(path), 404, "ResourceNotFound");
        assert!(e.error_message.contains(path));
    }
    let e = expect_error(
        h.client
            .delete(h.url("/cash/v1/balance"))
            .header("Authorization", h.auth())
            .send()
            .unwrap(),
        405,
        "MethodNotAllowed",
    );
    assert!(e.error_message.contains("DELETE"));
    expect_error(
        h.client
            .post(h.url("/cash/v1/balance/history"))
            .send()
            .unwrap(),
        405,
        "MethodNotAllowed",
    );
    expect_error(
        h.client
            .put(h.url("/cash/v1/balance"))
            .body("{}")
            .send()
            .unwrap(),
        405,
        "MethodNotAllowed",
    );
}

#[test]
fn body_validation_names_the_field() {
    let h = Harness::without_mfa();
    let p = &h.payment_id;
    let cases = [
        (String::new(), "JSON object"),
        ("{".to_owned(), "not valid JSON"),
        ("[]".to_owned(), "JSON object"),
        ("null".to_owned(), "JSON object"),
        (format!(r#"{{"paymentId":"{p}"}}"#), "`amount` is required"),
        (
            format!(r#"{{"amount":null,"paymentId":"{p}"}}"#),
            "`amount`",
        ),
        (
            format!(r#"{{"amount":"100","paymentId":"{p}"}}"#),
            "`amount` must be a number",
        ),
        (
            format!(r#"{{"amount":"abc","paymentId":"{p}"}}"#),
            "`amount` must be a number",
        ),
        (
            format!(r#"{{"amount":true,"paymentId":"{p}"}}"#),
            "`amount` must be a number",
        ),
        (
            format!(r#"{{"amount":0,"paymentId":"{p}"}}"#),
            "`amount` must be greater than 0",
        ),
        (
            format!(r#"{{"amount":-10,"paymentId":"{p}"}}"#),
            "`amount` must be greater than 0",
        ),
        (
            format!(r#"{{"amount":1e40,"paymentId":"{p}"}}"#),
            "`amount`",
        ),
        (r#"{"amount":100}"#.to_owned(), "`paymentId` is required"),
        (
            r#"{"amount":100,"paymentId":7}"#.to_owned(),
            "`paymentId` must be a string",
        ),
        (
            r#"{"amount":100,"paymentId":""}"#.to_owned(),
            "`paymentId` must not be empty",
        ),
    ];
    for (body, message) in cases {
        let e = expect_error(
            h.recharge_with(&h.auth(), &body, None),
            400,
            "ValidationError",
        );
        assert!(
            e.error_message.contains(message),
            "{body}: {}",
            e.error_message
        );
    }
    // A balance overflow is a validation error too, and changes nothing.
    let body = format!(r#"{{"amount":9999999999999999999,"paymentId":"{p}"}}"#);
    expect_error(
        h.recharge_with(&h.auth(), &body, None),
        400,
        "ValidationError",
    );
    assert_eq!(h.admin.history_len(&h.account_id).unwrap(), 1);
}

#[test]
fn content_type_must_be_json() {
    let h = Harness::without_mfa();
    let body = format!(r#"{{"amount":100,"paymentId":"{}"}}"#, h.payment_id);
    for content_type in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        None,
    ] {
        let mut request = h
            .client
            .post(h.url("/cash/v1/balance"))
            .header("Authorization", h.auth())
            .body(body.clone());
        if let Some(t) = content_type {
            request = request.header("Content-Type", t);
        }
        let e = expect_error(request.send().unwrap(), 400, "ValidationError");
        assert!(e.error_message.contains("Content-Type"), "{content_type:?}");
    }
    for ok_type in ["application/json; charset=utf-8", "Application/JSON"] {
        let response = h
            .client
            .post(h.url("/cash/v1/balance"))
            .header("Authorization", h.auth())
            .header("Content-Type", ok_type)
            .body(body.clone())
            .send()
            .unwrap();
        assert_eq!(response.status(), 200, "{ok_type}");
    }
}

#[test]
fn oversized_bodies_are_413() {
    let h = Harness::without_mfa();
    let padding = "x".repeat(70 * 1024);
    let body = format!(
        r#"{{"amount":100,"paymentId":"{}","pad":"{padding}"}}"#,
        h.payment_id
    );
    expect_error(
        h.recharge_with(&h.auth(), &body, None),
        413,
        "PayloadTooLarge",
    );

    // Chunked, without Content-Length: refused while reading.
    let mut stream = TcpStream::connect(h.emulator.addr()).unwrap();
    let chunk = "y".repeat(16 * 1024);
    let mut request = format!(
        "POST /cash/v1/balance HTTP/1.1\r\nHost: x\r\nAuthorization: {}\r\n\
         Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        h.auth()
    );
    for _ in 0..5 {
        request.push_str(&format!("{:x}\r\n{chunk}\r\n", chunk.len()));
    }
    request.push_str("0\r\n\r\n");
    // The server may answer and close before reading everything: ignore write errors.
    let _ = stream.write_all(request.as_bytes());
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains(r#""errorCode":"PayloadTooLarge""#));
    assert_eq!(h.admin.history_len(&h.account_id).unwrap(), 1);
}

fn date_of(response: &reqwest::blocking::Response) -> OffsetDateTime {
    let text = response.headers()["date"].to_str().unwrap();
    OffsetDateTime::parse(text, &time::format_description::well_known::Rfc2822).unwrap()
}

#[test]
fn every_answer_has_a_date_from_the_emulator_clock() {
    let h = Harness::without_mfa();
    h.admin.set_clock_offset(Duration::hours(-3));
    let expected = OffsetDateTime::now_utc() - Duration::hours(3);
    let ok = h.get("/cash/v1/balance");
    assert_eq!(ok.status(), 200);
    let not_found = h.get("/nowhere");
    let unauthenticated = h.client.get(h.url("/cash/v1/balance")).send().unwrap();
    for response in [&ok, &not_found, &unauthenticated] {
        assert_eq!(response.headers().get_all("date").iter().count(), 1);
        let skew = date_of(response) - expected;
        assert!(skew.abs() < Duration::minutes(5), "{skew}");
    }
}
