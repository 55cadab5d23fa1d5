//! `solapi-cash` against servers that misbehave on purpose (the conformance suite's
//! scripted server): HTML error pages, empty, truncated, non-UTF-8 and mistyped bodies, an
//! endless body, a byte-a-second server, redirects and dropped connections. Every run ends
//! with the documented exit code and one clear `error:` line (a recharge that may have
//! reached the server, a 2xx without a readable receipt included: exit 6, "could not check
//! yet", since the same server answers the history), never a panic, and prints neither the
//! secret nor a signature — at every verbosity.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Fixture, Run};
use solapi_cash_conformance::hostile::server::{HostileServer, Script, json, response};

const VERBOSITIES: [&[&str]; 4] = [&[], &["-v"], &["-vv"], &["-vvv"]];
const KEY: &str = "NCHOSTILEKEY0001";
const SECRET: &str = "hostile-secret-for-the-cli-4b1d";

/// Exit codes, from `src/exit.rs` and docs/cli.md.
const API: i32 = 3;
const NETWORK: i32 = 5;
const RECHARGE_UNKNOWN: i32 = 6;

struct Case {
    name: &'static str,
    script: Script,
    /// Exit code and message of a read (`balance`, `history`).
    read: (i32, &'static str),
    /// Exit code of a recharge.
    recharge: i32,
    /// Only the quiet run: the case is slow or heavy.
    once: bool,
    /// `--timeout`, in seconds.
    timeout: &'static str,
}

fn cases() -> Vec<Case> {
    let html = b"<html><body><h1>502 Bad Gateway</h1></body></html>";
    let mut invalid_utf8 = br#"{"balance":1,"point":0,"accountId":""#.to_vec();
    invalid_utf8.extend_from_slice(&[0xff, 0xfe, b'"', b'}']);
    let mut cut = json(
        200,
        r#"{"balance":1,"point":0,"accountId":"19041920726336"}"#,
    );
    cut.truncate(cut.len() - 20);
    let case = |name, script, read, recharge| Case {
        name,
        script,
        read,
        recharge,
        once: false,
        timeout: "1",
    };
    vec![
        case(
            "HTML 502",
            Script::Raw(response(502, &[("Content-Type", "text/html")], html)),
            (API, "server error"),
            RECHARGE_UNKNOWN,
        ),
        case(
            "HTML 200",
            Script::Raw(response(200, &[("Content-Type", "text/html")], html)),
            (NETWORK, "unreadable response"),
            RECHARGE_UNKNOWN,
        ),
        case(
            "HTML 404",
            Script::Raw(response(404, &[("Content-Type", "text/html")], b"<h1>no</h1>")),
            (API, "not found"),
            API,
        ),
        case(
            "empty 200",
            Script::Raw(response(200, &[], b"")),
            (NETWORK, "unreadable response"),
            RECHARGE_UNKNOWN,
        ),
        case(
            "truncated JSON",
            Script::Raw(json(200, r#"{"balance": 10130.5, "poi"#)),
            (NETWORK, "unreadable response"),
            RECHARGE_UNKNOWN,
        ),
        case(
            "cut short of Content-Length",
            Script::Raw(cut),
            (NETWORK, "connection failed"),
            RECHARGE_UNKNOWN,
        ),
        case(
            "invalid UTF-8",
            Script::Raw(response(200, &[], &invalid_utf8)),
            (NETWORK, "unreadable response"),
            RECHARGE_UNKNOWN,
        ),
        case(
            "nulls and strings for numbers",
            Script::Raw(json(200, r#"{"balance":null,"point":"zero"}"#)),
            (NETWORK, "unreadable response"),
            RECHARGE_UNKNOWN,
        ),
        case(
            "307 to another host",
            Script::Raw(response(
                307,
                &[("Location", "http://127.0.0.1:9/cash/v1/balance")],
                b"",
            )),
            (API, "unexpected response status"),
            RECHARGE_UNKNOWN,
        ),
        case(
            "closed without an answer",
            Script::Close,
            (NETWORK, "connection failed"),
            RECHARGE_UNKNOWN,
        ),
        Case {
            name: "512 MiB body",
            script: Script::Stream {
                head: b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 536870912\r\n\r\n".to_vec(),
                total: 512 << 20,
            },
            read: (NETWORK, "unreadable response"),
            recharge: RECHARGE_UNKNOWN,
            once: true,
            // Reading up to the 32 MiB bound must not be cut short by the timeout.
            timeout: "60",
        },
        Case {
            name: "a byte a second",
            script: Script::Trickle {
                head: Vec::new(),
                bytes: json(200, r#"{"balance":1,"point":0}"#),
                every: std::time::Duration::from_secs(1),
            },
            read: (NETWORK, "timed out"),
            recharge: RECHARGE_UNKNOWN,
            once: true,
            timeout: "1",
        },
    ]
}

fn run_against(f: &Fixture, server: &HostileServer, timeout: &str, args: &[&str]) -> Run {
    let run = f.run(
        f.against(&server.base_url(), (KEY, SECRET), timeout)
            .args(args),
    );
    assert_ne!(run.code, 101, "a panic: {}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    for request in server.received() {
        let authorization = request.header("authorization").unwrap_or_default();
        let signature = authorization
            .rsplit("signature=")
            .next()
            .unwrap_or_default();
        assert!(signature.len() >= 32, "{authorization}");
        assert!(
            !run.stdout.contains(signature) && !run.stderr.contains(signature),
            "a signature was printed:\n{}\n{}",
            run.stdout,
            run.stderr
        );
    }
    run
}

#[test]
fn hostile_servers_end_in_the_documented_exit_codes() {
    let mut f = Fixture::new();
    f.extra_secrets.push(SECRET.to_owned());
    let mut runs = 0u64;
    for case in cases() {
        let server = HostileServer::start(case.script);
        let verbosities: &[&[&str]] = if case.once {
            &VERBOSITIES[..1]
        } else {
            &VERBOSITIES
        };
        for verbosity in verbosities {
            let (code, message) = case.read;
            for command in [&["balance"][..], &["history"][..]] {
                let run = run_against(&f, &server, case.timeout, &[command, verbosity].concat());
                run.code(code);
                let line = run.error_line();
                assert!(line.contains(message), "{}: {line}", case.name);
                runs += 1;
            }
            let run = run_against(
                &f,
                &server,
                case.timeout,
                &[
                    &[
                        "recharge",
                        "--yes",
                        "--amount",
                        "1000",
                        "--payment-id",
                        "card-1",
                    ][..],
                    verbosity,
                ]
                .concat(),
            );
            run.code(case.recharge);
            run.error_line();
            if case.recharge == RECHARGE_UNKNOWN {
                // The same server answers the history lookup: it cannot be read, so the
                // outcome stays unknown — "could not check yet", never "not found".
                run.stderr_has("could not check yet whether the recharge was applied");
                run.stderr_has("recharge status --amount 1000 --since");
                assert!(
                    !run.stderr.contains("not found"),
                    "{}: {}",
                    case.name,
                    run.stderr
                );
            }
            runs += 1;
        }
    }
    eprintln!("FIGURES cli.hostile_servers [solapi-cash]: runs={runs}");
}

#[test]
fn redirects_carry_nothing_to_the_other_host() {
    let mut f = Fixture::new();
    f.extra_secrets.push(SECRET.to_owned());
    let witness = HostileServer::start(Script::Raw(json(200, r#"{"balance":1,"point":0}"#)));
    let location = format!("{}/cash/v1/balance", witness.base_url());
    let server = HostileServer::start(Script::Raw(response(
        307,
        &[("Location", location.as_str())],
        b"",
    )));
    run_against(&f, &server, "5", &["balance"]).code(API);
    run_against(
        &f,
        &server,
        "5",
        &[
            "recharge",
            "--yes",
            "--amount",
            "1000",
            "--payment-id",
            "card-1",
        ],
    )
    .code(RECHARGE_UNKNOWN);
    assert!(!server.received().is_empty());
    assert_eq!(witness.connections(), 0, "nothing followed the redirect");
}
