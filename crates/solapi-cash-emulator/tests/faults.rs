//! Fault injection over real HTTP: error statuses with bodies and Retry-After, delays,
//! connections dropped before handling and after the commit, random faults, and the
//! admin API staying untouched.

#![allow(clippy::unwrap_used)]

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;

use common::{Harness, expect_error, money};
use solapi_cash_emulator::{FaultAction, FaultSpec, Route};

#[test]
fn error_status_with_default_body_and_retry_after() {
    let h = Harness::without_mfa();
    h.admin.inject_fault(
        FaultSpec::new(
            Route::Recharge,
            FaultAction::Error {
                status: 503,
                body: None,
                retry_after: Some(7),
            },
        )
        .times(2),
    );
    // Other routes are not hit.
    assert_eq!(h.get("/cash/v1/balance").status(), 200);
    for _ in 0..2 {
        let response = h.recharge("100");
        assert_eq!(response.headers()["retry-after"], "7");
        assert!(response.headers().contains_key("date"));
        expect_error(response, 503, "ServiceUnavailable");
    }
    assert_eq!(h.recharge("100").status(), 200);
    // Faulted requests were not handled: one recharge only.
    assert_eq!(
        h.admin.account_state(&h.account_id).unwrap().balance,
        money(1_100)
    );
    let log = h.admin.request_log();
    let faulted: Vec<_> = log.iter().filter(|r| r.fault.is_some()).collect();
    assert_eq!(faulted.len(), 2);
    assert!(faulted.iter().all(|r| r.status == Some(503) && !r.dropped));
}

#[test]
fn error_status_with_a_custom_body() {
    let h = Harness::without_mfa();
    let html = "<html><body>502 Bad Gateway</body></html>";
    h.admin.inject_fault(FaultSpec::new(
        Route::History,
        FaultAction::Error {
            status: 502,
            body: Some(html.to_owned()),
            retry_after: None,
        },
    ));
    h.admin.inject_fault(FaultSpec::new(
        Route::History,
        FaultAction::Error {
            status: 429,
            body: Some(r#"{"errorCode":"TooManyRequests","errorMessage":"slow down"}"#.to_owned()),
            retry_after: Some(1),
        },
    ));
    let response = h.get("/cash/v1/balance/history");
    assert_eq!(response.status(), 502);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert_eq!(response.text().unwrap(), html);
    let response = h.get("/cash/v1/balance/history");
    assert_eq!(response.headers()["retry-after"], "1");
    expect_error(response, 429, "TooManyRequests");
    assert_eq!(h.get("/cash/v1/balance/history").status(), 200);
}

#[test]
fn delay_then_normal_handling() {
    let h = Harness::without_mfa();
    h.admin.inject_fault(FaultSpec::new(
        Route::Balance,
        FaultAction::Delay { ms: 3_000 },
    ));
    // A client with a short timeout gives up...
    let impatient = reqwest::blocking::Client::builder()
        .timeout(std::time::Duration::from_millis(200))
        .build()
        .unwrap();
    let result = impatient
        .get(h.url("/cash/v1/balance"))
        .header("Authorization", h.auth())
        .send();
    assert!(result.unwrap_err().is_timeout());
    // ...and a delayed request is otherwise handled normally.
    h.admin.inject_fault(FaultSpec::new(
        Route::Balance,
        FaultAction::Delay { ms: 50 },
    ));
    assert_eq!(h.get("/cash/v1/balance").status(), 200);
    assert!(h.admin.pending_faults().is_empty());
}

#[test]
fn drop_before_handling_loses_the_request() {
    let h = Harness::without_mfa();
    h.admin.inject_fault(FaultSpec::new(
        Route::Recharge,
        FaultAction::DropBeforeHandling,
    ));
    let body = format!(r#"{{"amount":100,"paymentId":"{}"}}"#, h.payment_id);
    let result = h
        .client
        .post(h.url("/cash/v1/balance"))
        .header("Authorization", h.auth())
        .header("Content-Type", "application/json")
        .body(body)
        .send();
    let error = result.unwrap_err();
    assert!(!error.is_timeout() && error.status().is_none(), "{error:?}");
    assert_eq!(
        h.admin.history_len(&h.account_id).unwrap(),
        1,
        "not handled"
    );
    let last = h.admin.request_log().pop().unwrap();
    assert!(last.dropped && last.status.is_none());
}

#[test]
fn drop_after_commit_loses_only_the_response() {
    let h = Harness::without_mfa();
    h.admin.inject_fault(FaultSpec::new(
        Route::Recharge,
        FaultAction::DropAfterCommit,
    ));
    let error = h
        .client
        .post(h.url("/cash/v1/balance"))
        .header("Authorization", h.auth())
        .header("Content-Type", "application/json")
        .body(format!(
            r#"{{"amount":100,"paymentId":"{}"}}"#,
            h.payment_id
        ))
        .send()
        .unwrap_err();
    assert!(!error.is_timeout() && error.status().is_none(), "{error:?}");
    // The recharge happened.
    let state = h.admin.account_state(&h.account_id).unwrap();
    assert_eq!(state.balance, money(1_100));
    assert_eq!(state.history_len, 2);
    let last = h.admin.request_log().pop().unwrap();
    assert!(last.dropped);
    assert_eq!(last.status, Some(200));
}

/// Sends a raw request and returns every byte the server wrote before closing.
fn raw_exchange(h: &Harness, path: &str) -> Vec<u8> {
    let mut stream = TcpStream::connect(h.emulator.addr()).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .unwrap();
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: x\r\nAuthorization: {}\r\n\r\n",
        h.auth()
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = Vec::new();
    // A reset connection may end the read with an error instead of EOF; both mean closed.
    let _ = stream.read_to_end(&mut answer);
    answer
}

#[test]
fn dropped_connections_write_no_byte() {
    let h = Harness::without_mfa();
    h.admin.inject_fault(FaultSpec::new(
        Route::History,
        FaultAction::DropBeforeHandling,
    ));
    assert!(raw_exchange(&h, "/cash/v1/balance/history").is_empty());
    h.admin
        .inject_fault(FaultSpec::new(Route::Any, FaultAction::DropAfterCommit));
    assert!(raw_exchange(&h, "/cash/v1/balance").is_empty());
    // Without a fault the same exchange gets an answer (keep-alive: read the head only).
    let mut stream = TcpStream::connect(h.emulator.addr()).unwrap();
    let request = format!(
        "GET /cash/v1/balance HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: {}\r\n\r\n",
        h.auth()
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[test]
fn random_faults_are_seeded() {
    let run = || {
        let h = Harness::without_mfa();
        h.admin.inject_fault(
            FaultSpec::new(Route::Balance, FaultAction::error(500))
                .times(u32::MAX)
                .random(400_000, 99),
        );
        (0..40)
            .map(|_| h.get("/cash/v1/balance").status().as_u16())
            .collect::<Vec<_>>()
    };
    let first = run();
    assert_eq!(first, run());
    assert!(first.contains(&500) && first.contains(&200), "{first:?}");
}

#[test]
fn admin_api_is_never_faulted() {
    let h = Harness::without_mfa();
    h.admin
        .inject_fault(FaultSpec::new(Route::Any, FaultAction::DropBeforeHandling).times(5));
    let response = h.client.get(h.url("/_emulator/outbox")).send().unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(h.admin.pending_faults()[0].times, 5);
    // Unknown paths are not API routes either.
    expect_error(h.get("/elsewhere"), 404, "ResourceNotFound");
    assert_eq!(h.admin.pending_faults()[0].times, 5);
}
