//! The latency knob: every API request waits before it is answered, side by side with the
//! others in flight. Concurrency is read from the request log (arrival and answer times),
//! never from wall-clock totals, which a loaded machine would make flaky.

#![allow(clippy::unwrap_used)]

mod common;

use std::sync::{Arc, Barrier};
use std::time::Duration;

use common::Harness;
use serde_json::{Value, json};
use solapi_cash_emulator::{EmulatorConfig, LoggedRequest};

/// How long a logged request waited between arrival and answer.
fn span(r: &LoggedRequest) -> time::Duration {
    r.answered_at.unwrap() - r.received_at
}

#[test]
fn requests_in_flight_wait_side_by_side() {
    // A long latency leaves a wide margin for 8 threads to get their requests in on a busy
    // machine; the assertions are about each request's wait, not about the whole's.
    let latency = Duration::from_millis(1000);
    let h = Arc::new(Harness::start(
        EmulatorConfig::default()
            .rate_limit(None)
            .mfa(false)
            .latency(latency),
    ));
    assert_eq!(h.admin.latency(), latency);
    let start = Arc::new(Barrier::new(8));
    let threads: Vec<_> = (0..8)
        .map(|i| {
            let h = Arc::clone(&h);
            let start = Arc::clone(&start);
            std::thread::spawn(move || {
                // One client per thread: a connection each, as 8 requests in flight need.
                let client = reqwest::blocking::Client::new();
                let path = if i % 2 == 0 {
                    "/cash/v1/balance"
                } else {
                    "/cash/v1/balance/history"
                };
                start.wait();
                let response = client
                    .get(h.url(path))
                    .header("Authorization", h.auth())
                    .send()
                    .unwrap();
                assert_eq!(response.status(), 200);
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let log = h.admin.request_log();
    assert_eq!(log.len(), 8);
    // Every request arrived before any was answered: the 8 were in flight at once.
    let last_arrival = log.iter().map(|r| r.received_at).max().unwrap();
    let first_answer = log.iter().filter_map(|r| r.answered_at).min().unwrap();
    assert!(
        last_arrival < first_answer,
        "last arrival {last_arrival} after the first answer {first_answer}"
    );
    // Each waited one latency, not its turn: served one after another the k-th would wait
    // k latencies (8 for the last), two at a time the last would still wait 4. Three is far
    // above what a busy machine adds to one latency of a second, and below both.
    let spans: Vec<time::Duration> = log.iter().map(span).collect();
    for s in &spans {
        assert!(*s >= latency, "a request waited only {s}: {spans:?}");
        assert!(*s < latency * 3, "a request waited {s}, in turn: {spans:?}");
    }
}

#[test]
fn the_admin_api_sets_and_reads_the_latency() {
    let h = Harness::without_mfa();
    let get = |path: &str| -> Value { h.client.get(h.url(path)).send().unwrap().json().unwrap() };
    let post = |body: Value| {
        h.client
            .post(h.url("/_emulator/latency"))
            .json(&body)
            .send()
            .unwrap()
    };
    assert_eq!(get("/_emulator/latency"), json!({"ms": 0}));
    let response = post(json!({"ms": 300}));
    assert_eq!(response.status(), 200);
    assert_eq!(response.json::<Value>().unwrap(), json!({"ms": 300}));
    assert_eq!(h.admin.latency(), Duration::from_millis(300));

    assert_eq!(h.get("/cash/v1/balance").status(), 200);
    let log = h.admin.request_log();
    assert!(
        span(&log[0]) >= time::Duration::milliseconds(300),
        "{}",
        span(&log[0])
    );
    let logged: Value = get("/_emulator/requests");
    assert!(logged[0]["answeredAt"].is_string(), "{logged}");

    for bad in [
        json!({"ms": 600_001}),
        json!({"ms": -1}),
        json!({"ms": 5, "x": 1}),
        json!({}),
    ] {
        let response = post(bad.clone());
        assert_eq!(response.status(), 400, "{bad}");
        let body: Value = response.json().unwrap();
        assert_eq!(body["errorCode"], "ValidationError", "{bad}");
    }
    assert_eq!(h.admin.latency(), Duration::from_millis(300));

    // A reset restores the configured latency (none here).
    h.admin.reset().unwrap();
    assert_eq!(get("/_emulator/latency"), json!({"ms": 0}));
}

#[test]
fn a_dropped_request_has_no_answer_time() {
    let h = Harness::without_mfa();
    h.admin.inject_fault(solapi_cash_emulator::FaultSpec::new(
        solapi_cash_emulator::Route::Balance,
        solapi_cash_emulator::FaultAction::DropBeforeHandling,
    ));
    assert!(
        h.client
            .get(h.url("/cash/v1/balance"))
            .header("Authorization", h.auth())
            .send()
            .is_err()
    );
    let log = h.admin.request_log();
    assert_eq!(log.len(), 1);
    assert!(log[0].dropped);
    assert_eq!(log[0].answered_at, None);
}
