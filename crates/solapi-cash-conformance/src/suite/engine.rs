//! Behaviours of the engine-level API of both clients: the generic `send`, the payment
//! methods, what a dropped export stops, and an HTTP stack handed in by the caller.

use std::time::{Duration, Instant};

use solapi_cash_core::endpoint::{Balance, History, Payments, Recharge};
use solapi_cash_core::{ErrorKind, Operation};
use solapi_cash_emulator::{FaultAction, FaultSpec, Route};
use solapi_cash_types::{HistoryQuery, RechargeRequest};

use crate::adapters::{CashClient, OWN_STACK_HEADER};
use crate::fixture::Fixture;
use crate::hostile::cases::settings_for;
use crate::hostile::server::{HostileServer, Script, json, response};

use super::won;

pub fn send_runs_any_endpoint<C: CashClient>() {
    let f = Fixture::new();
    let client = f.client::<C>();
    assert_eq!(
        client.send(Balance::new()).unwrap(),
        client.balance().unwrap()
    );
    let receipt = client
        .send(Recharge::new(RechargeRequest::new(
            won!(700),
            f.payment_id.clone(),
        )))
        .unwrap();
    assert_eq!(receipt.new_balance, won(10_700));
    let page = client
        .send(History::new(
            HistoryQuery::builder().limit(1).build().unwrap(),
        ))
        .unwrap();
    assert_eq!(page[0].history_id, receipt.history_id);
    // Each went where its operation says, and nowhere else (the recharge read the matching
    // history entries before it was sent: the second history request).
    let counts =
        [Operation::Balance, Operation::Recharge, Operation::History].map(|op| f.requests_to(op));
    assert_eq!(counts, [2, 1, 2]);
    assert_eq!(f.admin.request_log().len(), 5);
}

/// The documented answer of `GET /cash/v1/payment` (quoted in `shared/spec/cash-api.md`,
/// "Payment methods", from SOLAPI's documentation), served over HTTP.
pub fn payment_methods_are_read_as_documented<C: CashClient>() {
    let documented = r#"{"payments":[{"autoRecharge":0,"expDate":"2019/01",
        "_id":"5d46a3b1b7ce9e3a2f0e1c01","description":"[VISA] 4321-****-****-1234"}]}"#;
    let server = HostileServer::start(Script::Raw(json(200, documented)));
    let client = C::connect(&settings_for(&server, Duration::from_secs(5))).unwrap();
    let page = client
        .payments(&Payments::new().offset(1).limit(2))
        .unwrap();
    assert_eq!(page.payments.len(), 1);
    assert_eq!(page.payments[0].id, "5d46a3b1b7ce9e3a2f0e1c01");
    assert_eq!(
        page.payments[0].description.as_deref(),
        Some("[VISA] 4321-****-****-1234")
    );
    let auto_recharge = page.payments[0].auto_recharge.as_ref();
    assert_eq!(auto_recharge.and_then(|f| f.is_on()), Some(false));
    assert_eq!(client.send(Payments::new()).unwrap(), page);
    let received = server.received();
    let targets: Vec<(&str, &str)> = received
        .iter()
        .map(|r| (r.method.as_str(), r.target.as_str()))
        .collect();
    assert_eq!(
        targets,
        [
            ("GET", "/cash/v1/payment?offset=1&limit=2"),
            ("GET", "/cash/v1/payment")
        ]
    );
    assert!(
        received.iter().all(|r| r
            .header("authorization")
            .is_some_and(|a| a.starts_with("HMAC-SHA256 "))),
        "signed like every call"
    );
    let server = HostileServer::start(Script::Raw(json(
        403,
        r#"{"errorCode":"Forbidden","errorMessage":"cash:read"}"#,
    )));
    let err = C::connect(&settings_for(&server, Duration::from_secs(5)))
        .unwrap()
        .payments(&Payments::new())
        .unwrap_err();
    assert_eq!(
        (err.kind(), err.operation()),
        (ErrorKind::PermissionDenied, Some(Operation::Payments))
    );
}

/// Waits until the emulator has logged `n` history requests.
fn history_requests_reach(f: &Fixture, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while f.requests_to(Operation::History) < n {
        assert!(
            Instant::now() < deadline,
            "the export never fetched {n} pages"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
}

pub fn a_dropped_export_stops_fetching<C: CashClient>() {
    let f = Fixture::new();
    f.admin.generate_entries(&f.account_id, 30, 3).unwrap();
    let mut settings = f.settings();
    settings.page_size = 10;
    // One fetch at a time: with more, the third page's first request, sent before the drop
    // but logged by the emulator after it, was counted as one sent after the drop.
    settings.concurrency = Some(1);
    // Retries far apart, so that the drop falls between two attempts even on a machine whose
    // cores are busy: the test thread has five seconds, not a few hundred milliseconds, to get
    // from seeing the second request to the drop (300 ms was once not enough under load, and a
    // retry already on its way was counted as one sent after the drop).
    settings.retry = settings
        .retry
        .with_base_delay(Duration::from_secs(5))
        .with_max_delay(Duration::from_secs(5));
    // The first page passes; the next one's fetch meets 503s and keeps retrying.
    f.admin
        .inject_fault(FaultSpec::new(Route::History, FaultAction::Delay { ms: 0 }));
    f.admin
        .inject_fault(FaultSpec::new(Route::History, FaultAction::error(503)).times(100));
    let client = C::connect(&settings).unwrap();
    let mut entries = client.history_all(HistoryQuery::default());
    entries.next().unwrap().unwrap();
    // The second page's first attempt was answered 503; its retry waits 5 s.
    history_requests_reach(&f, 2);
    drop(entries);
    let at_drop = f.requests_to(Operation::History);
    // Longer than the retry's pause: a fetch nobody stopped would have tried again by then.
    // (A bound on the wait, not a measurement: the assertion counts requests.)
    std::thread::sleep(Duration::from_secs(6));
    assert_eq!(
        f.requests_to(Operation::History),
        at_drop,
        "no attempt after the export was dropped"
    );
}

pub fn a_handed_in_http_stack_is_used_and_still_bounded<C: CashClient>() {
    let f = Fixture::new();
    let mut settings = f.settings();
    settings.timeout = Duration::from_millis(500);
    let client = C::connect_with_own_stack(&settings).unwrap();
    // Used: its header reaches the server. Statuses stay answers: a 503 is retried.
    f.admin
        .inject_fault(FaultSpec::new(Route::Balance, FaultAction::error(503)));
    assert_eq!(client.balance().unwrap().balance, Some(won(10_000)));
    let log = f.admin.request_log();
    assert_eq!(f.requests_to(Operation::Balance), 2);
    assert!(
        log.iter().all(|r| r
            .headers
            .iter()
            .any(|(n, v)| n == OWN_STACK_HEADER && v == "1")),
        "{log:?}"
    );
    // The attempt's timeout holds on a stack that has none (the answer would come in 3 s).
    settings.retry = settings.retry.with_max_attempts(1);
    let client = C::connect_with_own_stack(&settings).unwrap();
    f.admin.inject_fault(FaultSpec::new(
        Route::Balance,
        FaultAction::Delay { ms: 3_000 },
    ));
    assert_eq!(client.balance().unwrap_err().kind(), ErrorKind::Timeout);

    // Redirects: never followed with the signature, a recharge never silently re-sent.
    let witness = HostileServer::start(Script::Raw(json(200, r#"{"balance":999999,"point":0}"#)));
    for status in [302u16, 307] {
        let location = format!("{}/cash/v1/balance", witness.base_url());
        let server = HostileServer::start(Script::Raw(response(
            status,
            &[("Location", &location)],
            b"",
        )));
        let c = C::connect_with_own_stack(&settings_for(&server, Duration::from_secs(5))).unwrap();
        let err = c.balance().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnexpectedStatus, "{err}");
        let posts_before = witness
            .received()
            .iter()
            .filter(|r| r.method == "POST")
            .count();
        let err = c
            .recharge(&RechargeRequest::new(won!(5_000), "card-1"))
            .unwrap_err();
        assert_eq!(
            (err.kind(), err.attempts()),
            (ErrorKind::UnexpectedStatus, 1),
            "{err}"
        );
        let posts = witness
            .received()
            .iter()
            .filter(|r| r.method == "POST")
            .count();
        if posts > posts_before {
            assert!(
                err.may_have_been_applied(),
                "re-sent elsewhere by the stack, so it may have been applied: {err}"
            );
        }
    }
    assert!(
        witness
            .received()
            .iter()
            .all(|r| r.header("authorization").is_none()),
        "the signature never reached the other host"
    );
}
