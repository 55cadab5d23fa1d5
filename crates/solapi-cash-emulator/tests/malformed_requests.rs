//! Malformed requests over raw TCP: bad JSON, huge and deeply nested bodies, bad query
//! values, and forged or malformed `Authorization` headers in every variant. Each gets the
//! right JSON error (status, `errorCode`, a message naming the problem and echoing no
//! secret), changes nothing, and the emulator keeps serving everyone else — also while
//! garbage arrives concurrently.

#![allow(clippy::unwrap_used)]

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use common::{Harness, auth_for, hand_signed, hex};
use solapi_auth::{Credentials, Secret};
use solapi_cash_types::ApiErrorBody;

/// A response read off the wire.
struct Answer {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Answer {
    /// Asserts a JSON error body with `status` and `code`, and returns it.
    fn error(&self, status: u16, code: &str, what: &str) -> ApiErrorBody {
        let text = String::from_utf8_lossy(&self.body);
        assert_eq!(self.status, status, "{what}: {}\n{text}", self.head);
        assert!(
            self.head
                .to_ascii_lowercase()
                .contains("content-type: application/json"),
            "{what}: {}",
            self.head
        );
        let body: ApiErrorBody = serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{what}: not a JSON error ({e}): {text}"));
        assert_eq!(body.error_code, code, "{what}: {text}");
        assert!(!body.error_message.is_empty(), "{what}");
        body
    }
}

/// Sends raw bytes (the connection closes after one answer) and reads the answer.
fn raw(addr: SocketAddr, request: &[u8]) -> Answer {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    // The server may answer and close before reading everything (413): ignore write errors.
    let _ = stream.write_all(request);
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(bytes.len());
    let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = bytes.get(split + 4..).unwrap_or_default().to_vec();
    Answer { status, head, body }
}

/// A request with these headers (raw bytes, so anything can be sent) and body.
fn request(method: &str, target: &str, headers: &[(&str, &[u8])], body: &[u8]) -> Vec<u8> {
    let mut out = format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n")
        .into_bytes();
    for (name, value) in headers {
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    out.extend_from_slice(body);
    out
}

fn recharge_raw(h: &Harness, body: &[u8]) -> Answer {
    let auth = h.auth();
    raw(
        h.emulator.addr(),
        &request(
            "POST",
            "/cash/v1/balance",
            &[
                ("Authorization", auth.as_bytes()),
                ("Content-Type", b"application/json"),
            ],
            body,
        ),
    )
}

fn history_raw(h: &Harness, query: &str) -> Answer {
    let auth = h.auth();
    raw(
        h.emulator.addr(),
        &request(
            "GET",
            &format!("/cash/v1/balance/history?{query}"),
            &[("Authorization", auth.as_bytes())],
            b"",
        ),
    )
}

/// The emulator still answers a valid request, and the ledger did not move.
fn still_serving(h: &Harness, entries: usize) {
    assert_eq!(h.get("/cash/v1/balance").status(), 200);
    assert_eq!(h.admin.history_len(&h.account_id).unwrap(), entries);
}

#[test]
fn bad_json_bodies_are_400_and_change_nothing() {
    let h = Harness::without_mfa();
    let entries = h.admin.history_len(&h.account_id).unwrap();
    let p = h.payment_id.clone();
    let mut bodies: Vec<Vec<u8>> = [
        format!(r#"{{"amount":100,"paymentId":"{p}""#),
        format!(r#"{{"amount":100,"paymentId":"{p}"}}}}"#),
        format!(r#"{{"amount":100,"paymentId":"{p}",}}"#),
        format!(r#"{{"amount":NaN,"paymentId":"{p}"}}"#),
        format!(r#"{{"amount":Infinity,"paymentId":"{p}"}}"#),
        format!(r#"{{"amount":0x10,"paymentId":"{p}"}}"#),
        format!(r#"{{"amount":1_000,"paymentId":"{p}"}}"#),
        format!(r#"{{"amount":.5,"paymentId":"{p}"}}"#),
        format!(r#"{{"amount":5.,"paymentId":"{p}"}}"#),
        format!(r#"{{"amount":+5,"paymentId":"{p}"}}"#),
        format!(r#"{{"amount":-0,"paymentId":"{p}"}}"#),
        format!(r#"{{"amount":{{"value":100}},"paymentId":"{p}"}}"#),
        format!(r#"{{"amount":[100],"paymentId":"{p}"}}"#),
        format!(r#"{{"amount":100,"amount":200,"paymentId":"{p}"}}"#),
        format!(r#"{{"amount":100,"paymentId":"{p}" /* comment */}}"#),
        format!("\u{feff}{{\"amount\":100,\"paymentId\":\"{p}\"}}"),
        r#"{"amount":100,"paymentId":"\ud800"}"#.to_owned(),
        r#"{"amount":100,"paymentId":null}"#.to_owned(),
        format!(r#"{{"amount":1{},"paymentId":"{p}"}}"#, "0".repeat(60_000)),
        format!(
            r#"{{"amount":0.{}1,"paymentId":"{p}"}}"#,
            "0".repeat(60_000)
        ),
        "\"just a string\"".to_owned(),
        "true".to_owned(),
        " ".to_owned(),
    ]
    .into_iter()
    .map(String::into_bytes)
    .collect();
    let mut invalid_utf8 = format!(r#"{{"amount":100,"paymentId":"{p}"#).into_bytes();
    invalid_utf8.extend_from_slice(&[0xff, 0xfe, b'"', b'}']);
    bodies.push(invalid_utf8);
    bodies.push(vec![0u8; 1000]);
    for body in &bodies {
        let what = String::from_utf8_lossy(&body[..body.len().min(60)]).into_owned();
        recharge_raw(&h, body).error(400, "ValidationError", &what);
    }
    // Well-formed, but no such card.
    for payment_id in [r"\u0000", r"x\\y", &"p".repeat(60_000)] {
        let body = format!(r#"{{"amount":100,"paymentId":"{payment_id}"}}"#);
        recharge_raw(&h, body.as_bytes()).error(400, "InvalidPaymentId", payment_id);
    }
    still_serving(&h, entries);
    eprintln!(
        "FIGURES malformed_requests.bad_json_bodies [emulator]: bodies={}",
        bodies.len() + 3
    );
}

#[test]
fn huge_and_deeply_nested_bodies() {
    let h = Harness::without_mfa();
    let entries = h.admin.history_len(&h.account_id).unwrap();
    let p = h.payment_id.clone();
    let nested = |open: &str, close: &str, depth: usize| (open.repeat(depth), close.repeat(depth));
    // Nested deeper than any JSON parser's recursion limit, where the amount should be.
    for (open, close) in [nested("[", "]", 30_000), nested(r#"{"a":"#, "}", 10_000)] {
        let body = format!(r#"{{"amount":{open}1{close},"paymentId":"{p}"}}"#);
        assert!(body.len() < 64 * 1024);
        let e = recharge_raw(&h, body.as_bytes()).error(400, "ValidationError", "nested amount");
        assert!(e.error_message.contains("amount"), "{}", e.error_message);
    }
    // The same depth in a field the API ignores is skipped without recursion: the recharge
    // is valid and is applied once.
    for (open, close) in [nested("[", "]", 30_000), nested(r#"{"a":"#, "}", 10_000)] {
        let body = format!(r#"{{"amount":100,"paymentId":"{p}","extra":{open}1{close}}}"#);
        let answer = recharge_raw(&h, body.as_bytes());
        assert_eq!(
            answer.status,
            200,
            "{}",
            String::from_utf8_lossy(&answer.body)
        );
    }
    // Bigger than the 64 KiB cap: refused by Content-Length, without reading it all.
    let huge = vec![b'['; 10 << 20];
    recharge_raw(&h, &huge).error(413, "PayloadTooLarge", "10 MiB");
    still_serving(&h, entries + 2);
}

#[test]
fn bad_query_values_name_the_parameter() {
    let h = Harness::without_mfa();
    let bad = [
        ("limit=-1", "limit"),
        ("limit=abc", "limit"),
        ("limit=0", "limit"),
        ("limit=1.5", "limit"),
        ("limit=", "limit"),
        ("limit=18446744073709551616", "limit"),
        ("limit=%ZZ", "limit"),
        ("limit=%FF", "limit"),
        ("limit=1&limit=2", "limit"),
        ("offset=-5", "offset"),
        ("offset=1e3", "offset"),
        ("offset=+1", "offset"),
        ("startDate=2024-13-01", "startDate"),
        ("startDate=yesterday", "startDate"),
        ("startDate=2024-02-30", "startDate"),
        ("endDate=2024-05-01T25:00:00Z", "endDate"),
        ("startDate=2024-05-02&endDate=2024-05-01", "startDate"),
        ("balanceAmount=abc", "balanceAmount"),
        ("balanceAmount=1e400", "balanceAmount"),
        ("balanceRecharge=yes", "balanceRecharge"),
        ("balanceDeduct=1", "balanceDeduct"),
        ("pointRecharge=TRUE", "pointRecharge"),
        ("pointDeduct=", "pointDeduct"),
        ("type=", "type"),
        ("groupId=", "groupId"),
    ];
    for (query, parameter) in bad {
        let e = history_raw(&h, query).error(400, "ValidationError", query);
        assert!(
            e.error_message.contains(parameter),
            "{query}: {}",
            e.error_message
        );
    }
    let too_many: Vec<String> = (0..100).map(|i| format!("x{i}=1")).collect();
    history_raw(&h, &too_many.join("&")).error(400, "ValidationError", "100 parameters");

    // Unknown parameters and values of open enums are not errors.
    for fine in [
        "unknown=1",
        "type=NOT_A_TYPE",
        "groupId=%FF%FE",
        "limit=18446744073709551615&offset=18446744073709551615",
        "&&&",
        "=",
    ] {
        let answer = history_raw(&h, fine);
        assert_eq!(
            answer.status,
            200,
            "{fine}: {}",
            String::from_utf8_lossy(&answer.body)
        );
        let _: Vec<serde_json::Value> = serde_json::from_slice(&answer.body).unwrap();
    }
    eprintln!(
        "FIGURES malformed_requests.bad_query_values [emulator]: refused={} accepted=6",
        bad.len() + 1
    );
}

/// Every way an `Authorization` header can be wrong, with the answer it must get.
fn forged_headers(h: &Harness) -> Vec<(String, Vec<u8>, u16, &'static str)> {
    let now = h.admin.now();
    let good = h.auth();
    let key = h.api_key.as_str();
    let date = solapi_auth::format_date(now);
    let salt = hex(32);
    let sig = |secret: &Secret, date: &str, salt: &str| {
        hand_signed(
            "HMAC-SHA256",
            ["apiKey", "date", "salt", "signature"],
            key,
            secret,
            date,
            salt,
        )
    };
    let fields = |f: &[(&str, &str)]| {
        let parts: Vec<String> = f.iter().map(|(n, v)| format!("{n}={v}")).collect();
        format!("HMAC-SHA256 {}", parts.join(", "))
    };
    let signature = hex(64);
    let all = [
        ("apiKey", key),
        ("date", date.as_str()),
        ("salt", salt.as_str()),
        ("signature", signature.as_str()),
    ];
    let without = |skip: &str| {
        fields(
            &all.iter()
                .copied()
                .filter(|(n, _)| *n != skip)
                .collect::<Vec<_>>(),
        )
    };
    let unauthorized =
        |name: &str, value: String| (name.to_owned(), value.into_bytes(), 403, "Forbidden");
    let mut cases = vec![
        unauthorized("empty", String::new()),
        unauthorized("blank", "   ".into()),
        unauthorized("scheme only", "HMAC-SHA256".into()),
        unauthorized(
            "unknown algorithm",
            good.replacen("HMAC-SHA256", "HMAC-SHA1", 1),
        ),
        unauthorized("basic", "Basic dXNlcjpwYXNzd29yZA==".into()),
        unauthorized("bearer without token", "Bearer".into()),
        unauthorized("bearer with spaces", "Bearer abc def".into()),
        (
            "unknown bearer".into(),
            b"Bearer s3cr3t-token-value".to_vec(),
            403,
            "InvalidAccessToken",
        ),
        unauthorized("bare token", "s3cr3t-token-value".into()),
        unauthorized("no apiKey", without("apiKey")),
        unauthorized("no date", without("date")),
        unauthorized("no salt", without("salt")),
        unauthorized("no signature", without("signature")),
        unauthorized(
            "empty values",
            fields(&[
                ("apiKey", ""),
                ("date", ""),
                ("salt", ""),
                ("signature", ""),
            ]),
        ),
        unauthorized("field twice", format!("{good}, salt={salt}")),
        unauthorized("unknown field", format!("{good}, s3cr3t-token-value=1")),
        unauthorized("empty field", format!("{good},,")),
        unauthorized("field without =", format!("{good}, s3cr3t-token-value")),
        unauthorized(
            "date not a date",
            fields(&[
                ("apiKey", key),
                ("date", "yesterday"),
                ("salt", &salt),
                ("signature", &signature),
            ]),
        ),
        unauthorized(
            "signature not hex",
            fields(&[
                ("apiKey", key),
                ("date", &date),
                ("salt", &salt),
                ("signature", &"zz".repeat(32)),
            ]),
        ),
        unauthorized(
            "signature too short",
            fields(&[
                ("apiKey", key),
                ("date", &date),
                ("salt", &salt),
                ("signature", "abcd"),
            ]),
        ),
        unauthorized(
            "over-long",
            fields(&[
                ("apiKey", key),
                ("date", &date),
                ("salt", &"s".repeat(5000)),
                ("signature", &signature),
            ]),
        ),
        unauthorized("over-long token", format!("Bearer {}", "t".repeat(10_000))),
        (
            "signature of another secret".into(),
            sig(&Secret::new("not-the-secret"), &date, &salt).into_bytes(),
            403,
            "SignatureDoesNotMatch",
        ),
        (
            "forged signature".into(),
            fields(&all).into_bytes(),
            403,
            "SignatureDoesNotMatch",
        ),
        (
            "unknown key".into(),
            auth_for(
                &Credentials::api_key("NCUNKNOWNKEY0000", h.secret.clone()),
                now,
            )
            .into_bytes(),
            403,
            "InvalidAPIKey",
        ),
        (
            "an hour ahead".into(),
            sig(
                &h.secret,
                &solapi_auth::format_date(now + time::Duration::hours(1)),
                &salt,
            )
            .into_bytes(),
            403,
            "RequestTimeTooSkewed",
        ),
        (
            "a day behind".into(),
            sig(
                &h.secret,
                &solapi_auth::format_date(now - time::Duration::days(1)),
                &salt,
            )
            .into_bytes(),
            403,
            "RequestTimeTooSkewed",
        ),
    ];
    let mut non_ascii = good.clone().into_bytes();
    non_ascii.extend_from_slice(&[0xff, 0xfe]);
    cases.push(("non-ASCII bytes".into(), non_ascii, 403, "Forbidden"));
    cases
}

#[test]
fn forged_and_malformed_authorization_headers() {
    let h = Harness::documented();
    let entries = h.admin.history_len(&h.account_id).unwrap();
    let p = h.payment_id.clone();
    let body = format!(r#"{{"amount":100,"paymentId":"{p}"}}"#);
    let mut tried = 0;
    for (name, header, status, code) in forged_headers(&h) {
        for (method, path, body) in [
            ("GET", "/cash/v1/balance", ""),
            ("GET", "/cash/v1/balance/history", ""),
            ("POST", "/cash/v1/balance", body.as_str()),
        ] {
            let answer = raw(
                h.emulator.addr(),
                &request(
                    method,
                    path,
                    &[
                        ("Authorization", header.as_slice()),
                        ("Content-Type", b"application/json"),
                    ],
                    body.as_bytes(),
                ),
            );
            let e = answer.error(status, code, &format!("{name} on {method} {path}"));
            assert!(
                !e.error_message.contains("s3cr3t-token-value"),
                "{name}: {}",
                e.error_message
            );
            tried += 1;
        }
    }
    // Two headers, even two valid ones.
    let answer = raw(
        h.emulator.addr(),
        &request(
            "GET",
            "/cash/v1/balance",
            &[
                ("Authorization", h.auth().as_bytes()),
                ("Authorization", h.auth().as_bytes()),
            ],
            b"",
        ),
    );
    answer.error(403, "Forbidden", "two headers");
    // A replayed valid header: the first passes, the copy is refused.
    let once = h.auth();
    assert_eq!(h.get_with("/cash/v1/balance", &once).status(), 200);
    let answer = raw(
        h.emulator.addr(),
        &request(
            "GET",
            "/cash/v1/balance",
            &[("Authorization", once.as_bytes())],
            b"",
        ),
    );
    answer.error(403, "DuplicatedSignature", "replay");
    still_serving(&h, entries);
    eprintln!(
        "FIGURES malformed_requests.forged_authorization [emulator]: requests={}",
        tried + 3
    );
}

/// Junk a client (or an attacker) can send on a connection.
fn garbage() -> Vec<Vec<u8>> {
    vec![
        b"GARBAGE\r\n\r\n".to_vec(),
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03".to_vec(),
        b"GET / HTTP/9.9\r\n\r\n".to_vec(),
        b"GET /cash/v1/balance HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n".to_vec(),
        format!(
            "GET /cash/v1/balance HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
            "a".repeat(500_000)
        )
        .into_bytes(),
        b"POST /cash/v1/balance HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n".to_vec(),
        b"POST /cash/v1/balance HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"
            .to_vec(),
        b"GET /cash/v1/balance HTTP/1.1\r\nHost: x\r\n".to_vec(),
        Vec::new(),
        (0u8..=255).cycle().take(4096).collect(),
    ]
}

#[test]
fn keeps_serving_while_garbage_arrives() {
    let h = Arc::new(Harness::without_mfa());
    let stop = Arc::new(AtomicBool::new(false));
    let served = Arc::new(AtomicU64::new(0));
    let reader = {
        let (h, stop, served) = (Arc::clone(&h), Arc::clone(&stop), Arc::clone(&served));
        std::thread::spawn(move || {
            while !stop.load(Ordering::SeqCst) {
                assert_eq!(h.get("/cash/v1/balance").status(), 200);
                served.fetch_add(1, Ordering::SeqCst);
            }
        })
    };
    let mut sent = 0u64;
    for _ in 0..5 {
        for junk in garbage() {
            let mut stream = TcpStream::connect(h.emulator.addr()).unwrap();
            stream
                .set_read_timeout(Some(Duration::from_secs(5)))
                .unwrap();
            let _ = stream.write_all(&junk);
            let _ = stream.shutdown(std::net::Shutdown::Write);
            let mut answer = Vec::new();
            let _ = stream.read_to_end(&mut answer);
            // Whatever hyper makes of it: an HTTP answer or a closed connection, never a hang.
            assert!(
                answer.is_empty() || answer.starts_with(b"HTTP/1."),
                "{junk:?}"
            );
            sent += 1;
        }
    }
    // Let the reader finish at least one request after the last junk.
    let before = served.load(Ordering::SeqCst);
    while served.load(Ordering::SeqCst) == before {
        std::thread::yield_now();
    }
    stop.store(true, Ordering::SeqCst);
    reader.join().unwrap();
    assert_eq!(h.get("/cash/v1/balance").status(), 200);
    eprintln!(
        "FIGURES malformed_requests.garbage [emulator]: junk_connections={sent} valid_requests_served={}",
        served.load(Ordering::SeqCst)
    );
}
