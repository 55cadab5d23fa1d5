//! The emulator's request log (in Rust, as JSON, and over its admin HTTP API) holds neither
//! the API secret, nor a bearer token, nor any signature, nor a second-factor code, after
//! every path of either client.

use std::io::{Read, Write};
use std::net::TcpStream;

use solapi_cash_conformance::hostile::cases::{KEY, SECRET};
use solapi_cash_conformance::hostile::leaks::{emulator_paths, signatures_in};
use solapi_cash_conformance::reliability::figures::{client_name, report};
use solapi_cash_conformance::{Async, Blocking, CashClient};

fn admin_get(addr: std::net::SocketAddr, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read");
    answer
}

fn request_log_holds_no_secrets<C: CashClient>() {
    let (f, _, mut needles) = emulator_paths::<C>();
    let log = f.admin.request_log();
    let signatures = signatures_in(&log, SECRET);
    needles.extend(&signatures);

    let debug = format!("{log:?}");
    let json = serde_json::to_string(&log).expect("the log serializes");
    let http = admin_get(f.emulator.addr(), "/_emulator/requests");
    assert!(http.starts_with("HTTP/1.1 200"), "{http}");
    for (text, source) in [
        (&debug, "the request log's Debug"),
        (&json, "the request log as JSON"),
        (&http, "GET /_emulator/requests"),
    ] {
        needles.assert_absent(text, source);
        // What the log keeps: who called, with which salt, and that a secret was there.
        assert!(text.contains(&format!("apiKey={KEY}")), "{source}");
        assert!(text.contains("signature=***"), "{source}");
        assert!(text.contains("Bearer ***"), "{source}");
        assert!(text.contains("x-mfa-data"), "{source}");
    }
    report(
        "request_log_holds_no_secrets",
        client_name::<C>(),
        &[
            ("logged_requests", log.len() as u64),
            ("signatures_searched", signatures.len() as u64),
            ("needles", needles.len() as u64),
        ],
    );
}

#[test]
fn blocking_request_log_holds_no_secrets() {
    request_log_holds_no_secrets::<Blocking>();
}

#[test]
fn async_request_log_holds_no_secrets() {
    request_log_holds_no_secrets::<Async>();
}
