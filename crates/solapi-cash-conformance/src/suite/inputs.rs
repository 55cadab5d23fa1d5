//! Input refused before anything is sent (issue 11, findings 6 and 8), and a recharge whose
//! 2xx answer cannot be read (issue 10, item 4).

use solapi_auth::Credentials;
use solapi_cash_core::{ErrorKind, Outcome};
use solapi_cash_types::{RechargeRequest, Won};

use std::time::Duration;

use crate::adapters::CashClient;
use crate::fixture::Fixture;
use crate::hostile::cases::settings_for;
use crate::hostile::server::{HostileServer, Script};

use super::won;

/// Finding 8: an API key or token that cannot be sent as a header — non-ASCII, a control
/// character, 128 KiB — is invalid input naming it, and nothing reaches the server. (Before:
/// the blocking client reported "connection failed" — for a recharge "outcome unknown" —
/// without sending anything; the async client sent the raw bytes and got a 401.)
pub fn unsendable_credentials_are_refused_before_sending<C: CashClient>() {
    let f = Fixture::new();
    let huge = "A".repeat(128 * 1024);
    for (credentials, says) in [
        (
            Credentials::api_key("키-NCSAYU7Y", "secret"),
            "invalid API key",
        ),
        (
            Credentials::api_key("KEY\nX: 1", "secret"),
            "invalid API key",
        ),
        (
            Credentials::api_key(huge.clone(), "secret"),
            "invalid API key",
        ),
        (Credentials::bearer("토큰"), "invalid access token"),
        (Credentials::bearer(huge), "invalid access token"),
    ] {
        let mut settings = f.settings();
        settings.credentials = credentials;
        let Err(err) = C::connect(&settings) else {
            panic!("{says}: accepted when the client was built");
        };
        assert_eq!(
            (err.kind(), err.outcome(), err.attempts()),
            (ErrorKind::InvalidInput, Outcome::NotApplied, 0),
            "{err}"
        );
        assert!(err.to_string().contains(says), "{err}");
    }
    assert!(f.admin.request_log().is_empty(), "nothing was sent");
}

/// Finding 6: ports out of range or not numbers were accepted, and requests went to port 80.
pub fn base_urls_with_impossible_ports_are_refused<C: CashClient>() {
    let f = Fixture::new();
    for url in [
        "http://127.0.0.1:99999",
        "http://127.0.0.1:65536",
        "http://127.0.0.1:-1",
        "http://127.0.0.1:80a",
    ] {
        let mut settings = f.settings();
        settings.base_url = url.to_owned();
        let Err(err) = C::connect(&settings) else {
            panic!("{url} accepted");
        };
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{url}: {err}");
        assert!(
            err.to_string()
                .contains("the port must be a number from 1 to 65535"),
            "{url}: {err}"
        );
    }
}

/// Issue 10, item 4, and issue 20: the service committed the recharge (the emulator behind
/// a forwarding server) and the answer reaching the client is a 2xx whose body is no receipt
/// — the 2018 page's `{}`, one cut short, a proxy's `oops`. A 2xx is evidence, not proof:
/// the outcome is unknown, and reconciliation finds the entry, the only one after the
/// attempt began.
pub fn a_2xx_recharge_without_a_readable_receipt_is_unknown_until_reconciled<C: CashClient>() {
    for (i, body) in [&b"{}"[..], b"", b"{\"accountId\":", b"oops"]
        .into_iter()
        .enumerate()
    {
        let f = Fixture::new();
        let proxy = HostileServer::start(Script::Forward {
            upstream: f.emulator.addr(),
            method: "POST".into(),
            path: "/cash/v1/balance".into(),
            body: body.to_vec(),
        });
        let mut settings = f.settings();
        settings.base_url = proxy.base_url();
        let client = C::connect(&settings).expect("client");
        let amount = Won::try_from(700 + i64::try_from(i).unwrap_or(0)).expect("an amount");
        let err = client
            .recharge(&RechargeRequest::new(amount, f.payment_id.clone()))
            .expect_err("no receipt");
        crate::reliability::attribution::assert_2xx_without_a_receipt_is_unknown(&err);
        assert_eq!(
            f.balance(),
            amount.to_money().checked_add(10_000).expect("in range"),
            "committed once"
        );
        let answer = client
            .reconcile(err.money_attempt().expect("reconcilable"))
            .expect("the lookup runs");
        let newest = f.admin.history(&f.account_id).unwrap().pop().unwrap();
        assert_eq!(answer.applied(), Some(&newest), "{answer:?}");
    }
}

/// The status line said 200 and then the body failed — the connection closed before the
/// declared length, or the rest came too slowly: the outcome is unknown as well (the status
/// is kept in the error), and the recharge is never sent again.
pub fn a_2xx_recharge_whose_body_failed_is_unknown<C: CashClient>() {
    let head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 300\r\n\r\n";
    let mut cut_short = head.to_vec();
    cut_short.extend_from_slice(br#"{"accountId":"a","oldBal"#);
    for (script, kind) in [
        (Script::Raw(cut_short), ErrorKind::Network),
        (
            Script::Trickle {
                head: head.to_vec(),
                bytes: br#"{"accountId":"a"}"#.to_vec(),
                every: Duration::from_millis(400),
            },
            ErrorKind::Timeout,
        ),
    ] {
        let server = HostileServer::start(script);
        let client = C::connect(&settings_for(&server, Duration::from_secs(1))).expect("client");
        let err = client
            .recharge(&RechargeRequest::new(won!(700), "card"))
            .expect_err("no receipt");
        assert_eq!(
            (err.kind(), err.outcome(), err.status().map(|s| s.as_u16())),
            (kind, Outcome::Unknown, Some(200)),
            "{err}"
        );
        let attempt = err.money_attempt().expect("an attempt");
        // The read of the matching entries before the recharge got the same broken answer:
        // nothing is ruled out, so no entry could prove the recharge.
        assert!(attempt.prior_unreadable(), "{attempt:?}");
        let posts = server
            .received()
            .iter()
            .filter(|r| r.method == "POST")
            .count();
        assert_eq!(posts, 1, "never sent again");
    }
}
