//! What each client does against a server that misbehaves: every case ends in a typed error
//! with a clear one-line message, the right outcome for a recharge, and no panic.
#![allow(missing_docs)]

use std::error::Error as _;
use std::time::Duration;

use solapi_auth::Credentials;
use solapi_cash_core::{Error, ErrorKind, Jitter, Outcome, RetryPolicy};
use solapi_cash_types::{HistoryQuery, RechargeRequest, won};

use super::server::{HostileServer, Script, json, response};
use crate::adapters::{CashClient, Settings};
use crate::reliability::figures::{client_name, report};

/// The API key every hostile test signs with.
pub const KEY: &str = "NCHOSTILEKEY0001";
/// The API secret every hostile test signs with: it must appear in no output.
pub const SECRET: &str = "hostile-secret-7d41c9b2e8";

/// A valid history entry, with `field` replaced by `value` (raw JSON) when given.
pub fn entry_with(field: Option<(&str, &str)>) -> String {
    let mut fields = vec![
        ("balanceAmount", "10000"),
        ("pointAmount", "0"),
        ("accountId", "\"19041920726336\""),
        ("oldBalance", "10130.5"),
        ("newBalance", "20130.5"),
        ("oldPoint", "0"),
        ("newPoint", "0"),
        ("type", "\"RECHARGE\""),
        ("dateCreated", "\"2019-08-06T06:16:06.000Z\""),
        ("historyId", "\"5d491966384bbe6e51a2ceb6\""),
    ];
    if let Some((name, value)) = field {
        for f in &mut fields {
            if f.0 == name {
                f.1 = value;
            }
        }
    }
    let body: Vec<String> = fields.iter().map(|(n, v)| format!("\"{n}\":{v}")).collect();
    format!("{{{}}}", body.join(","))
}

/// Settings for a client of `server`: the known secret, two attempts, a short timeout.
pub fn settings_for(server: &HostileServer, timeout: Duration) -> Settings {
    Settings {
        base_url: server.base_url(),
        credentials: Credentials::api_key(KEY, SECRET),
        retry: RetryPolicy::default()
            .with_max_attempts(2)
            .with_base_delay(Duration::from_millis(1))
            .with_max_delay(Duration::from_millis(5))
            .with_max_retry_after(Duration::from_secs(1))
            .with_jitter(Jitter::None),
        timeout,
        page_size: 100,
        concurrency: None,
    }
}

fn client<C: CashClient>(server: &HostileServer) -> C {
    C::connect(&settings_for(server, Duration::from_secs(5))).expect("client")
}

fn recharge_request() -> RechargeRequest {
    RechargeRequest::new(won!(5_000), "card-1")
}

/// Every `Authorization` value the server received: none may appear in an error.
fn authorizations(server: &HostileServer) -> Vec<String> {
    server
        .received()
        .iter()
        .filter_map(|r| r.header("authorization").map(str::to_owned))
        .collect()
}

/// The error, its `Debug` and every cause in its chain, as text.
pub fn all_text(error: &Error) -> String {
    let mut text = format!("{error}\n{error:?}");
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(&format!("\n{cause}\n{cause:?}"));
        source = cause.source();
    }
    text
}

/// Asserts a clear, typed, secret-free error: `kind`, a message that starts with the
/// operation and contains `fragments`, the recharge outcome said in words, and neither the
/// secret nor any signature the server saw.
pub fn assert_clear(
    error: &Error,
    server: &HostileServer,
    operation: &str,
    kind: ErrorKind,
    fragments: &[&str],
) {
    let message = error.to_string();
    assert_eq!(error.kind(), kind, "{message}");
    assert!(message.starts_with(&format!("{operation}: ")), "{message}");
    assert!(!message.contains('\n'), "one line: {message}");
    // Printed link by link, the chain says each thing once.
    let mut said = vec![message.clone()];
    let mut cause = error.source();
    while let Some(link) = cause {
        let text = link.to_string();
        assert!(
            !said.iter().any(|s| s.contains(&text)),
            "`{text}` is said twice in the chain {said:?}"
        );
        said.push(text);
        cause = link.source();
    }
    for fragment in fragments {
        assert!(
            message.contains(fragment),
            "`{fragment}` missing in: {message}"
        );
    }
    if operation == "recharge" {
        let said = match error.outcome() {
            Outcome::NotApplied => "[not applied]",
            Outcome::Unknown => "[outcome unknown",
            other => panic!("an outcome the suite does not know: {other:?}"),
        };
        assert!(message.contains(said), "{message}");
        assert_eq!(
            error.money_attempt().is_some(),
            error.may_have_been_applied(),
            "{message}"
        );
    }
    let text = all_text(error);
    assert!(!text.contains(SECRET), "the secret leaked: {text}");
    for authorization in authorizations(server) {
        let signature = authorization
            .rsplit("signature=")
            .next()
            .unwrap_or_default();
        assert!(!signature.is_empty());
        assert!(!text.contains(signature), "a signature leaked: {text}");
    }
}

/// Answers every request with `bytes`.
fn serving(bytes: Vec<u8>) -> HostileServer {
    HostileServer::start(Script::Raw(bytes))
}

pub fn html_error_pages<C: CashClient>() {
    let page = b"<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>";
    let server = serving(response(502, &[("Content-Type", "text/html")], page));
    let c = client::<C>(&server);
    let e = c.balance().unwrap_err();
    assert_clear(
        &e,
        &server,
        "balance",
        ErrorKind::Server,
        &["HTTP 502", "Bad Gateway"],
    );
    assert_eq!(e.attempts(), 2, "a read is retried");
    assert!(e.body_prefix().is_some_and(|p| p.starts_with("<html>")));
    let e = c.recharge(&recharge_request()).unwrap_err();
    assert_clear(&e, &server, "recharge", ErrorKind::Server, &["HTTP 502"]);
    assert_eq!(
        (e.outcome(), e.attempts()),
        (Outcome::Unknown, 1),
        "a 5xx recharge may have been applied and is never repeated"
    );

    let server = serving(response(200, &[("Content-Type", "text/html")], page));
    let c = client::<C>(&server);
    let e = c.balance().unwrap_err();
    assert_clear(
        &e,
        &server,
        "balance",
        ErrorKind::Decode,
        &["HTTP 200", "body starts"],
    );
    let e = c.recharge(&recharge_request()).unwrap_err();
    assert_clear(&e, &server, "recharge", ErrorKind::Decode, &["HTTP 200"]);
    assert_eq!(
        e.outcome(),
        Outcome::Unknown,
        "a 2xx page is evidence, not proof: a proxy may have answered it"
    );

    let server = serving(response(
        404,
        &[("Content-Type", "text/html")],
        b"<h1>nope</h1>",
    ));
    let e = client::<C>(&server)
        .recharge(&recharge_request())
        .unwrap_err();
    assert_clear(&e, &server, "recharge", ErrorKind::NotFound, &["HTTP 404"]);
    assert_eq!(e.outcome(), Outcome::NotApplied);
}

pub fn empty_bodies<C: CashClient>() {
    let server = serving(response(200, &[], b""));
    let c = client::<C>(&server);
    let e = c.balance().unwrap_err();
    assert_clear(
        &e,
        &server,
        "balance",
        ErrorKind::Decode,
        &["the body is empty"],
    );
    let e = c.history(&HistoryQuery::default()).unwrap_err();
    assert_clear(
        &e,
        &server,
        "history",
        ErrorKind::Decode,
        &["the body is empty"],
    );
    let e = c.recharge(&recharge_request()).unwrap_err();
    assert_clear(&e, &server, "recharge", ErrorKind::Decode, &["empty"]);
    assert_eq!(
        e.outcome(),
        Outcome::Unknown,
        "answered 200: evidence, not proof"
    );

    let server = serving(response(400, &[], b""));
    let e = client::<C>(&server)
        .recharge(&recharge_request())
        .unwrap_err();
    assert_clear(
        &e,
        &server,
        "recharge",
        ErrorKind::Validation,
        &["HTTP 400", "not the API's JSON error"],
    );
    assert_eq!(e.outcome(), Outcome::NotApplied);

    let server = serving(response(503, &[], b""));
    let e = client::<C>(&server).balance().unwrap_err();
    assert_clear(&e, &server, "balance", ErrorKind::Server, &["HTTP 503"]);
}

pub fn truncated_json<C: CashClient>() {
    let server = serving(json(200, r#"{"balance": 10130.5, "poi"#));
    let c = client::<C>(&server);
    let e = c.balance().unwrap_err();
    assert_clear(
        &e,
        &server,
        "balance",
        ErrorKind::Decode,
        &["EOF", "body starts"],
    );
    let e = c.recharge(&recharge_request()).unwrap_err();
    assert_clear(&e, &server, "recharge", ErrorKind::Decode, &["EOF"]);
    assert_eq!(
        e.outcome(),
        Outcome::Unknown,
        "answered 200: evidence, not proof"
    );

    let page = format!("[{},{}", entry_with(None), &entry_with(None)[..40]);
    let server = serving(json(200, &page));
    let e = client::<C>(&server)
        .history(&HistoryQuery::default())
        .unwrap_err();
    assert_clear(
        &e,
        &server,
        "history",
        ErrorKind::Decode,
        &["EOF", "at `[1]"],
    );
    assert!(e.json_path().is_some_and(|p| p.starts_with("[1]")), "{e}");

    // The connection closes before the promised length: the answer is incomplete.
    let mut cut = json(200, &entry_with(None));
    let keep = cut.len() - 30;
    cut.truncate(keep);
    let server = serving(cut);
    let c = client::<C>(&server);
    let e = c.balance().unwrap_err();
    assert_clear(
        &e,
        &server,
        "balance",
        ErrorKind::Network,
        &["connection failed"],
    );
    let e = c.recharge(&recharge_request()).unwrap_err();
    assert_clear(&e, &server, "recharge", ErrorKind::Network, &[]);
    assert_eq!(
        e.outcome(),
        Outcome::Unknown,
        "answered 200: evidence, not proof"
    );
}

pub fn invalid_utf8<C: CashClient>() {
    let mut body = br#"{"balance": 1, "point": 0, "accountId": ""#.to_vec();
    body.extend_from_slice(&[0xff, 0xfe, 0xc3, 0x28]);
    body.extend_from_slice(br#""}"#);
    let server = serving(response(
        200,
        &[("Content-Type", "application/json")],
        &body,
    ));
    let c = client::<C>(&server);
    let e = c.balance().unwrap_err();
    assert_clear(
        &e,
        &server,
        "balance",
        ErrorKind::Decode,
        &["invalid unicode", "\u{fffd}"],
    );
    assert_eq!(e.json_path(), Some("accountId"));

    let mut error_body = br#"{"errorCode":"ValidationError","errorMessage":""#.to_vec();
    error_body.extend_from_slice(&[0xc0, 0xaf]);
    error_body.extend_from_slice(br#""}"#);
    let server = serving(response(
        400,
        &[("Content-Type", "application/json")],
        &error_body,
    ));
    let e = client::<C>(&server)
        .recharge(&recharge_request())
        .unwrap_err();
    assert_clear(
        &e,
        &server,
        "recharge",
        ErrorKind::Validation,
        &["HTTP 400", "body starts"],
    );
}

pub fn wrong_types_and_nulls<C: CashClient>() {
    let balance_cases = [
        (r#"{"balance":"lots","point":0}"#, Some("balance")),
        // `null` and a missing `balance` or `point` are documented forms now (docs/models.md).
        (r#"{"balance":[1],"point":0}"#, Some("balance")),
        (r#"{"balance":1,"point":true}"#, Some("point")),
        (r#"{"balance":1e999999999,"point":0}"#, Some("balance")),
        (r#"{"balance":{"amount":1},"point":0}"#, Some("balance")),
        (r#"{"points":0}"#, None),
        ("[]", None),
        ("null", None),
        ("42", None),
    ];
    let mut tried = 0u64;
    for (body, path) in balance_cases {
        let server = serving(json(200, body));
        let e = client::<C>(&server).balance().unwrap_err();
        assert_clear(
            &e,
            &server,
            "balance",
            ErrorKind::Decode,
            &["unreadable response"],
        );
        assert_eq!(e.json_path(), path, "{body}: {e}");
        if let Some(path) = path {
            assert!(e.to_string().contains(&format!("at `{path}`")), "{e}");
        }
        tried += 1;
    }
    let history_cases = [
        ("balanceAmount", "null"),
        ("newBalance", "\"20,130.5\""),
        ("dateCreated", "\"yesterday\""),
        ("dateCreated", "1565072166000"),
        ("historyId", "null"),
        ("type", "7"),
    ];
    for (field, value) in history_cases {
        let page = format!(
            "[{},{}]",
            entry_with(None),
            entry_with(Some((field, value)))
        );
        let server = serving(json(200, &page));
        let e = client::<C>(&server)
            .history(&HistoryQuery::default())
            .unwrap_err();
        assert_clear(&e, &server, "history", ErrorKind::Decode, &[]);
        assert_eq!(e.json_path(), Some(format!("[1].{field}").as_str()), "{e}");
        tried += 1;
    }
    let receipt = r#"{"accountId":"a","oldBalance":"x","newBalance":1,"oldPoint":0,"newPoint":0,"balanceAmount":1,"pointAmount":0,"type":"RECHARGE","historyId":"h"}"#;
    let server = serving(json(200, receipt));
    let e = client::<C>(&server)
        .recharge(&recharge_request())
        .unwrap_err();
    assert_clear(&e, &server, "recharge", ErrorKind::Decode, &["oldBalance"]);
    assert_eq!(
        e.outcome(),
        Outcome::Unknown,
        "answered 200: evidence, not proof"
    );

    let server = serving(json(400, r#"{"errorCode":5,"errorMessage":null}"#));
    let e = client::<C>(&server)
        .recharge(&recharge_request())
        .unwrap_err();
    assert_clear(
        &e,
        &server,
        "recharge",
        ErrorKind::Validation,
        &["HTTP 400", "not the API's JSON error"],
    );
    report(
        "wrong_types_and_nulls",
        client_name::<C>(),
        &[("bodies", tried + 2)],
    );
}

/// Offered size of the endless bodies: far beyond the clients' 32 MiB bound.
const HUGE: u64 = 512 << 20;
/// The clients' default bound.
const BOUND: u64 = 32 << 20;

pub fn huge_bodies_are_bounded<C: CashClient>() {
    let declared = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {HUGE}\r\nConnection: close\r\n\r\n"
    );
    let undeclared =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n".to_owned();
    let mut written = Vec::new();
    for head in [declared, undeclared] {
        let server = HostileServer::start(Script::Stream {
            head: head.into_bytes(),
            total: HUGE,
        });
        // A long timeout: reading up to the bound must not be cut short by it.
        let c = C::connect(&settings_for(&server, Duration::from_secs(60))).expect("client");
        let e = c.history(&HistoryQuery::default()).unwrap_err();
        assert_clear(
            &e,
            &server,
            "history",
            ErrorKind::Decode,
            &["unreadable response"],
        );
        assert_eq!(e.attempts(), 1, "a body too large is not fetched again");
        let e = c.recharge(&recharge_request()).unwrap_err();
        assert_clear(&e, &server, "recharge", ErrorKind::Decode, &[]);
        assert_eq!(
            e.outcome(),
            Outcome::Unknown,
            "answered 200: evidence, not proof"
        );
        drop(c);
        let sent = server.body_bytes_written();
        drop(server);
        // The client stopped reading near its bound: what the server managed to write is the
        // bound plus what the sockets buffer, for three requests (the history; the
        // recharge's read of the matching entries before it, and the recharge) — far from
        // the offer.
        assert!(sent < 3 * (BOUND + (16 << 20)), "{sent} bytes were read");
        written.push(sent);
    }
    report(
        "huge_bodies_are_bounded",
        client_name::<C>(),
        &[
            ("offered_bytes_per_request", HUGE),
            ("written_with_length", written[0]),
            ("written_without_length", written[1]),
        ],
    );
}

pub fn slow_servers_time_out<C: CashClient>() {
    // One byte a second from the status line on.
    let server = HostileServer::start(Script::Trickle {
        head: Vec::new(),
        bytes: json(200, r#"{"balance":1,"point":0}"#),
        every: Duration::from_secs(1),
    });
    let mut settings = settings_for(&server, Duration::from_millis(1500));
    settings.retry = settings.retry.with_max_attempts(1);
    let e = C::connect(&settings)
        .expect("client")
        .balance()
        .unwrap_err();
    assert_clear(&e, &server, "balance", ErrorKind::Timeout, &["timed out"]);

    // The headers at once, then the body a byte a second.
    let server = HostileServer::start(Script::Trickle {
        head: b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n".to_vec(),
        bytes: vec![b' '; 100],
        every: Duration::from_secs(1),
    });
    let mut settings = settings_for(&server, Duration::from_millis(1500));
    settings.retry = settings.retry.with_max_attempts(1);
    let e = C::connect(&settings)
        .expect("client")
        .recharge(&recharge_request())
        .unwrap_err();
    assert_clear(&e, &server, "recharge", ErrorKind::Timeout, &["timed out"]);
    assert_eq!(
        e.outcome(),
        Outcome::Unknown,
        "answered 200: evidence, not proof"
    );
}

pub fn redirects_are_not_followed<C: CashClient>() {
    let witness = serving(json(200, r#"{"balance":999999,"point":0}"#));
    for status in [301u16, 302, 303, 307, 308] {
        let location = format!("{}/cash/v1/balance", witness.base_url());
        let server = serving(response(status, &[("Location", &location)], b""));
        let c = client::<C>(&server);
        let e = c.balance().unwrap_err();
        let code = format!("HTTP {status}");
        assert_clear(
            &e,
            &server,
            "balance",
            ErrorKind::UnexpectedStatus,
            &[&code],
        );
        assert_eq!(e.status().map(|s| s.as_u16()), Some(status));
        let e = c.recharge(&recharge_request()).unwrap_err();
        assert_clear(
            &e,
            &server,
            "recharge",
            ErrorKind::UnexpectedStatus,
            &[&code],
        );
        assert_eq!(e.attempts(), 1);
        assert!(
            server
                .received()
                .iter()
                .all(|r| r.header("authorization").is_some()),
            "the client did sign its requests to the configured host"
        );
    }
    assert_eq!(witness.connections(), 0, "no request followed a redirect");
    assert!(witness.received().is_empty());
}

pub fn connections_closed_without_answer<C: CashClient>() {
    let server = HostileServer::start(Script::Close);
    let c = client::<C>(&server);
    let e = c.balance().unwrap_err();
    assert_clear(
        &e,
        &server,
        "balance",
        ErrorKind::Network,
        &["connection failed"],
    );
    assert_eq!(e.attempts(), 2);
    let e = c.recharge(&recharge_request()).unwrap_err();
    assert_clear(
        &e,
        &server,
        "recharge",
        ErrorKind::Network,
        &["outcome unknown"],
    );
    assert_eq!(
        e.attempts(),
        1,
        "a recharge that may have arrived is not repeated"
    );

    let server = serving(b"SSH-2.0-OpenSSH_9.6\r\n\r\nnot http at all".to_vec());
    let e = client::<C>(&server).balance().unwrap_err();
    assert_clear(&e, &server, "balance", ErrorKind::Network, &[]);
}
