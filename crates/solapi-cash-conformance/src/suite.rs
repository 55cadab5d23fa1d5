//! The behaviours every client must have, each a function generic over [`CashClient`].
//! Each starts its own emulator, so they run in parallel and in any order. The names say
//! what is checked; [`behaviour_suite!`](crate::behaviour_suite) turns each into a test.
#![allow(missing_docs)]

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use solapi_auth::Credentials;
use solapi_cash_core::{ErrorKind, Operation, Outcome, Recharged, Reconciliation};
use solapi_cash_emulator::{
    AccountStatus, EmulatorConfig, FaultAction, FaultSpec, KeySpec, Role, Route,
};
use solapi_cash_types::{HistoryQuery, HistoryType, MfaData, Money, RechargeRequest, won};

use crate::adapters::CashClient;
use crate::fixture::Fixture;

mod bank_account;
mod concurrent;
mod engine;
mod inputs;
mod money_out;
mod ranges;
mod receipt;
mod recharge_history;
mod settings;
mod withdrawals;

pub use bank_account::*;
pub use concurrent::*;
pub use engine::*;
pub use inputs::*;
pub use money_out::*;
pub use ranges::*;
pub use receipt::*;
pub use recharge_history::*;
pub use settings::*;
pub use withdrawals::*;

fn won(n: i64) -> Money {
    Money::from_i64(n)
}

pub fn balance_is_exact<C: CashClient>() {
    let f = Fixture::new();
    f.admin
        .set_balance(&f.account_id, "10130.5".parse().unwrap(), won(300), None)
        .unwrap();
    let balance = f.client::<C>().balance().unwrap();
    assert_eq!(balance.balance.unwrap().to_string(), "10130.5");
    assert_eq!(balance.point, Some(won(300)));
}

pub fn bearer_tokens_read<C: CashClient>() {
    let f = Fixture::new();
    let token = f
        .admin
        .create_token(&f.account_id, &["cash:read"], Role::Member)
        .unwrap();
    let mut settings = f.settings();
    settings.credentials = Credentials::bearer(token);
    let client = C::connect(&settings).unwrap();
    assert_eq!(client.balance().unwrap().balance, Some(won(10_000)));
    let err = client
        .recharge(&RechargeRequest::new(won!(1000), f.payment_id.clone()))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PermissionDenied, "{err}");
    assert_eq!(err.outcome(), Outcome::NotApplied);
}

pub fn recharge_moves_the_balance_and_writes_history<C: CashClient>() {
    let f = Fixture::new();
    let client = f.client::<C>();
    let receipt = client
        .recharge(&RechargeRequest::new(won!(5000), f.payment_id.clone()))
        .unwrap();
    assert_eq!(
        (receipt.old_balance, receipt.new_balance),
        (won(10_000), won(15_000))
    );
    assert_eq!(receipt.kind, HistoryType::Recharge);
    assert_eq!(f.balance(), won(15_000));
    let page = client.history(&HistoryQuery::default()).unwrap();
    assert_eq!(page[0].history_id, receipt.history_id);
    assert_eq!(page[0].balance_amount, won(5000));
}

pub fn second_factor_round_trip<C: CashClient>() {
    let f = Fixture::with(EmulatorConfig::default().rate_limit(None), 0, true);
    let client = f.client::<C>();
    let request = RechargeRequest::new(won!(20_000), f.payment_id.clone());
    let challenge = client.recharge(&request).unwrap_err();
    assert_eq!(challenge.kind(), ErrorKind::MfaRequired, "{challenge}");
    assert_eq!(challenge.outcome(), Outcome::NotApplied);
    let transaction = challenge
        .mfa_transaction_id()
        .expect("transaction id")
        .to_owned();
    assert_eq!(
        f.balance(),
        won(0),
        "nothing is charged before the second factor"
    );
    let mail = f
        .admin
        .last_mail(&f.account_id)
        .expect("a code was emailed");
    assert_eq!(mail.transaction_id, transaction);
    let receipt = client
        .recharge_with_mfa(&request, &MfaData::email(&transaction, &mail.code))
        .unwrap();
    assert_eq!(receipt.new_balance, won(20_000));
    assert_eq!(f.balance(), won(20_000));
}

/// The expected outcomes of a recharge are values: a challenge for the second factor (nothing
/// charged), the receipt once the code is given, and an unknown outcome — a 2xx without a
/// readable receipt — with the attempt to reconcile, never an error to dig them out of.
pub fn recharge_outcomes_are_values<C: CashClient>() {
    let f = Fixture::with(EmulatorConfig::default().rate_limit(None), 0, true);
    let client = f.client::<C>();
    let request = RechargeRequest::new(won!(20_000), f.payment_id.clone());
    let Ok(Recharged::NeedsCode(challenge)) = client.try_recharge(&request) else {
        panic!("a challenge for the second factor");
    };
    assert_eq!(challenge.request(), &request);
    assert_eq!(f.balance(), won(0), "nothing is charged before the code");
    let mail = f
        .admin
        .last_mail(&f.account_id)
        .expect("a code was emailed");
    assert_eq!(mail.transaction_id, challenge.transaction_id());
    let code = format!(" {}\n", mail.code);
    match client.recharge_with_code(&challenge, &code) {
        Ok(Recharged::Done(receipt)) => assert_eq!(receipt.new_balance, won(20_000)),
        other => panic!("the receipt, not {other:?}"),
    }
    assert_eq!(f.balance(), won(20_000));

    let f = Fixture::new();
    let proxy =
        crate::hostile::server::HostileServer::start(crate::hostile::server::Script::Forward {
            upstream: f.emulator.addr(),
            method: "POST".into(),
            path: "/cash/v1/balance".into(),
            body: b"oops".to_vec(),
        });
    let mut settings = f.settings();
    settings.base_url = proxy.base_url();
    let client = C::connect(&settings).expect("client");
    let request = RechargeRequest::new(won!(700), f.payment_id.clone());
    let Ok(Recharged::Unknown(unknown)) = client.try_recharge(&request) else {
        panic!("an unknown outcome");
    };
    assert!(unknown.error().may_have_been_applied(), "{unknown}");
    let answer = client
        .reconcile(unknown.attempt())
        .expect("the lookup runs");
    let newest = f.admin.history(&f.account_id).unwrap().pop().unwrap();
    assert_eq!(answer.applied(), Some(&newest), "{answer:?}");
}

/// A raw request (an endpoint the SDK does not model yet) is signed and sent like a declared
/// one, and follows the same retry and money rules: a read is retried, a write is never sent
/// again once it may have reached the server unless the caller declares it repeatable, and
/// its error says so.
pub fn raw_requests_follow_the_declared_rules<C: CashClient>() {
    use solapi_cash_core::endpoint::Raw;

    let f = Fixture::new();
    let client = f.client::<C>();
    // A declared route answers as its endpoint does, with the endpoint's facts.
    let balance = client
        .send(Raw::get("/cash/v1/balance"))
        .expect("signed and accepted");
    assert_eq!(balance.body["balance"], serde_json::json!(10_000));
    // A write to a declared route the SDK models: the emulator applies it.
    let switched = client
        .send(Raw::put(
            "/cash/v1/balance/alert/switch",
            serde_json::json!({"enabled": true}),
        ))
        .expect("the switch");
    assert_eq!(switched.body["enabled"], serde_json::json!(true));
    // An unknown route: the service's 404, as a typed error naming the route.
    let missing = client
        .send(Raw::get("/cash/v1/nothing-here").query("a", "b c"))
        .expect_err("no such route");
    assert_eq!(missing.kind(), ErrorKind::NotFound, "{missing}");
    assert_eq!(missing.raw_route(), Some("GET /cash/v1/nothing-here"));
    assert!(!missing.may_have_been_applied());

    // A server that closes every connection without answering.
    let server =
        crate::hostile::server::HostileServer::start(crate::hostile::server::Script::Close);
    let mut settings = f.settings();
    settings.base_url = server.base_url();
    let client = C::connect(&settings).expect("client");
    let write = Raw::post("/cash/v1/not-modelled", serde_json::json!({"amount": 1000}));
    let e = client.send(write).expect_err("no answer");
    assert_eq!((e.kind(), e.attempts()), (ErrorKind::Network, 1), "{e}");
    assert!(e.may_have_been_applied(), "{e}");
    assert!(e.to_string().contains("may have been applied"), "{e}");
    assert_eq!(server.connections(), 1, "a raw write is never sent twice");
    let read = client
        .send(Raw::get("/cash/v1/not-modelled"))
        .expect_err("no answer");
    assert!(
        read.attempts() > 1 && !read.may_have_been_applied(),
        "{read}"
    );
    let before = server.connections();
    let declared = Raw::put("/cash/v1/not-modelled", serde_json::json!({"on": true})).repeatable();
    let e = client.send(declared).expect_err("no answer");
    assert!(e.attempts() > 1 && e.may_have_been_applied(), "{e}");
    assert_eq!(server.connections() - before, u64::from(e.attempts()));
    // A raw request to a declared route that moves money keeps its rules: never repeated.
    let before = server.connections();
    let recharge = Raw::post(
        "/cash/v1/balance",
        serde_json::json!({"amount": 1000, "paymentId": f.payment_id}),
    )
    .repeatable();
    let e = client.send(recharge).expect_err("no answer");
    assert_eq!(
        (e.operation(), e.attempts()),
        (Some(Operation::Recharge), 1),
        "{e}"
    );
    assert_eq!(server.connections() - before, 1);
}

pub fn second_factor_wrong_and_reused_codes<C: CashClient>() {
    let f = Fixture::with(EmulatorConfig::default().rate_limit(None), 0, true);
    let client = f.client::<C>();
    let request = RechargeRequest::new(won!(1000), f.payment_id.clone());
    let transaction = client
        .recharge(&request)
        .unwrap_err()
        .mfa_transaction_id()
        .unwrap()
        .to_owned();
    let code = f.admin.last_mail(&f.account_id).unwrap().code;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let err = client
        .recharge_with_mfa(&request, &MfaData::email(&transaction, wrong))
        .unwrap_err();
    assert_eq!(
        (err.kind(), err.outcome()),
        (ErrorKind::MfaRejected, Outcome::NotApplied),
        "{err}"
    );
    client
        .recharge_with_mfa(&request, &MfaData::email(&transaction, &code))
        .unwrap();
    let err = client
        .recharge_with_mfa(&request, &MfaData::email(&transaction, &code))
        .unwrap_err();
    assert_eq!(
        err.kind(),
        ErrorKind::MfaRejected,
        "a code is single use: {err}"
    );
    assert_eq!(f.balance(), won(1000), "charged exactly once");
}

pub fn every_error_kind<C: CashClient>() {
    let f = Fixture::new();
    let client = f.client::<C>();
    let with = |credentials: Credentials| {
        let mut settings = f.settings();
        settings.credentials = credentials;
        C::connect(&settings).unwrap()
    };
    let recharge =
        |c: &C, payment_id: &str| c.recharge(&RechargeRequest::new(won!(1000), payment_id));

    let err = recharge(&client, "no-such-card").unwrap_err();
    assert_eq!(
        (err.kind(), err.api_code()),
        (ErrorKind::Validation, Some("InvalidPaymentId"))
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));

    let declined = f.admin.add_payment_method(&f.account_id, true).unwrap();
    let err = recharge(&client, &declined).unwrap_err();
    assert_eq!(
        (err.kind(), err.outcome()),
        (ErrorKind::Payment, Outcome::NotApplied),
        "{err}"
    );

    let Credentials::ApiKey { api_key, .. } = &f.credentials else {
        unreachable!()
    };
    let err = with(Credentials::api_key(api_key.clone(), "wrong-secret"))
        .balance()
        .unwrap_err();
    assert_eq!(
        (err.kind(), err.api_code()),
        (ErrorKind::Authentication, Some("SignatureDoesNotMatch"))
    );
    // The emulator answers as the live service was measured (a third party's measurement):
    // a malformed key is 400 ValidationError, an unknown one 400 InvalidApiKey.
    let err = with(Credentials::api_key("NOSUCHKEY", "x"))
        .balance()
        .unwrap_err();
    assert_eq!(
        (err.kind(), err.api_code(), err.may_have_been_applied()),
        (ErrorKind::Authentication, Some("ValidationError"), false)
    );
    let err = with(Credentials::api_key("NCSNOSUCHKEY0000", "x"))
        .balance()
        .unwrap_err();
    assert_eq!(
        (err.kind(), err.api_code()),
        (ErrorKind::Authentication, Some("InvalidApiKey"))
    );
    let err = with(Credentials::bearer("not-a-token"))
        .balance()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Authentication);

    let (key, secret) = f
        .admin
        .create_api_key(&f.account_id, KeySpec::read_only())
        .unwrap();
    let read_only = with(Credentials::api_key(key, secret));
    assert!(read_only.balance().is_ok());
    let err = recharge(&read_only, &f.payment_id).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PermissionDenied, "{err}");

    let (key, secret) = f
        .admin
        .create_api_key(&f.account_id, KeySpec::default().role(Role::Developer))
        .unwrap();
    let err = recharge(&with(Credentials::api_key(key, secret)), &f.payment_id).unwrap_err();
    assert_eq!(
        (err.kind(), err.api_code()),
        (ErrorKind::PermissionDenied, Some("Forbidden"))
    );

    f.admin
        .set_account_status(&f.account_id, AccountStatus::Inactive)
        .unwrap();
    let err = client.balance().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PermissionDenied);
    f.admin
        .set_account_status(&f.account_id, AccountStatus::Active)
        .unwrap();

    let q = HistoryQuery::builder().limit(5).build().unwrap();
    f.admin.inject_fault(FaultSpec::new(
        Route::History,
        FaultAction::Error {
            status: 404,
            body: Some(r#"{"errorCode":"ResourceNotFound","errorMessage":"gone"}"#.into()),
            retry_after: None,
        },
    ));
    assert_eq!(client.history(&q).unwrap_err().kind(), ErrorKind::NotFound);
    f.admin.inject_fault(FaultSpec::new(
        Route::Balance,
        FaultAction::Error {
            status: 200,
            body: Some("<html>proxy says hi</html>".into()),
            retry_after: None,
        },
    ));
    let err = client.balance().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
    assert!(err.body_prefix().unwrap().contains("proxy says hi"));
    // Every error says the whole story in one line.
    assert_eq!(f.balance(), won(10_000), "no failed call moved money");
}

pub fn connection_refused_is_not_applied_and_retried<C: CashClient>() {
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let f = Fixture::new();
    let mut settings = f.settings();
    settings.base_url = format!("http://127.0.0.1:{port}");
    let client = C::connect(&settings).unwrap();
    let err = client
        .recharge(&RechargeRequest::new(won!(1000), "card"))
        .unwrap_err();
    assert_eq!(
        (err.kind(), err.outcome()),
        (ErrorKind::Connect, Outcome::NotApplied),
        "{err}"
    );
    assert_eq!(
        err.attempts(),
        settings.retry.max_attempts(),
        "never sent, so retried even for a recharge"
    );
    assert!(err.to_string().contains("[not applied]"), "{err}");
}

pub fn reads_retry_transient_failures<C: CashClient>() {
    let f = Fixture::new();
    let client = f.client::<C>();
    f.admin
        .inject_fault(FaultSpec::new(Route::Balance, FaultAction::error(503)));
    f.admin.inject_fault(FaultSpec::new(
        Route::Balance,
        FaultAction::DropBeforeHandling,
    ));
    f.admin
        .inject_fault(FaultSpec::new(Route::Balance, FaultAction::error(500)));
    assert_eq!(client.balance().unwrap().balance, Some(won(10_000)));
    let log = f.admin.request_log();
    let authorizations: HashSet<String> = log
        .iter()
        .filter(|r| Operation::matching(&r.method, &r.path) == Some(Operation::Balance))
        .map(|r| format!("{:?}", r.headers))
        .collect();
    assert_eq!(f.requests_to(Operation::Balance), 4);
    assert_eq!(authorizations.len(), 4, "every attempt is signed afresh");
    assert!(
        log.iter().all(|r| r.status != Some(403)),
        "no DuplicatedSignature"
    );
}

pub fn retries_stop_at_the_limit<C: CashClient>() {
    let f = Fixture::new();
    f.admin
        .inject_fault(FaultSpec::new(Route::History, FaultAction::error(503)).times(10));
    let err = f
        .client::<C>()
        .history(&HistoryQuery::default())
        .unwrap_err();
    assert_eq!((err.kind(), err.attempts()), (ErrorKind::Server, 4));
    assert_eq!(f.requests_to(Operation::History), 4);
}

pub fn retry_after_is_honoured<C: CashClient>() {
    let f = Fixture::new();
    f.admin.inject_fault(FaultSpec::new(
        Route::Balance,
        FaultAction::Error {
            status: 429,
            body: None,
            retry_after: Some(1),
        },
    ));
    let started = std::time::Instant::now();
    f.client::<C>().balance().unwrap();
    // A floor, not a timing assertion: the client may not come back before the server said.
    assert!(started.elapsed() >= Duration::from_secs(1));
    // A Retry-After beyond the policy's limit stops instead of waiting.
    f.admin.inject_fault(FaultSpec::new(
        Route::Balance,
        FaultAction::Error {
            status: 429,
            body: None,
            retry_after: Some(3600),
        },
    ));
    let err = f.client::<C>().balance().unwrap_err();
    assert_eq!((err.kind(), err.attempts()), (ErrorKind::RateLimited, 1));
}

pub fn recharge_is_never_retried_under_any_fault<C: CashClient>() {
    // (fault, whether the emulator commits the recharge)
    let faults = [
        (FaultAction::error(500), false),
        (FaultAction::error(502), false),
        (FaultAction::error(503), false),
        (FaultAction::DropBeforeHandling, false),
        (FaultAction::DropAfterCommit, true),
        // Slower than the client's timeout: the emulator still commits after the client gave up.
        (FaultAction::Delay { ms: 800 }, true),
    ];
    for (action, committed) in faults {
        let f = Fixture::new();
        let mut settings = f.settings();
        settings.timeout = Duration::from_millis(300);
        f.admin
            .inject_fault(FaultSpec::new(Route::Recharge, action.clone()));
        let err = C::connect(&settings)
            .unwrap()
            .recharge(&RechargeRequest::new(won!(700), f.payment_id.clone()))
            .unwrap_err();
        if let FaultAction::Delay { ms } = action {
            assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
            std::thread::sleep(Duration::from_millis(ms + 300));
        }
        assert_eq!(
            f.requests_to(Operation::Recharge),
            1,
            "{action:?}: sent once"
        );
        let expected = if committed { won(10_700) } else { won(10_000) };
        assert_eq!(f.balance(), expected, "{action:?}");
        if committed {
            assert!(
                err.may_have_been_applied(),
                "{action:?}: never reported as failed: {err}"
            );
        }
        if err.may_have_been_applied() {
            assert!(err.money_attempt().is_some());
        }
    }
}

/// A recharge answered 429 was refused before processing (RFC 6585, and the service's own
/// error body): it is sent again after the wait, and charged once.
pub fn a_recharge_answered_429_is_sent_again_and_charged_once<C: CashClient>() {
    let f = Fixture::new();
    f.admin.inject_fault(FaultSpec::new(
        Route::Recharge,
        FaultAction::Error {
            status: 429,
            body: None,
            retry_after: Some(0),
        },
    ));
    f.client::<C>()
        .recharge(&RechargeRequest::new(won!(700), f.payment_id.clone()))
        .unwrap();
    assert_eq!(f.requests_to(Operation::Recharge), 2);
    assert_eq!(f.balance(), won(10_700));
}

pub fn timeouts_fire<C: CashClient>() {
    let f = Fixture::new();
    let mut settings = f.settings();
    settings.timeout = Duration::from_millis(300);
    settings.retry = settings.retry.with_max_attempts(1);
    let client = C::connect(&settings).unwrap();
    f.admin.inject_fault(FaultSpec::new(
        Route::Balance,
        FaultAction::Delay { ms: 3000 },
    ));
    let err = client.balance().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
}

pub fn skew_is_corrected_and_remembered<C: CashClient>() {
    let f = Fixture::new();
    f.admin.set_clock_offset(time::Duration::minutes(20));
    let client = f.client::<C>();
    let receipt = client
        .recharge(&RechargeRequest::new(won!(300), f.payment_id.clone()))
        .unwrap();
    assert_eq!(receipt.new_balance, won(10_300));
    let learned = client.clock_offset();
    assert!(
        (learned - time::Duration::minutes(20)).abs() < time::Duration::seconds(3),
        "{learned}"
    );
    // The read of the matching entries before the recharge was rejected and corrected: the
    // recharge itself went once, signed with the corrected clock.
    assert_eq!(
        (
            f.requests_to(Operation::History),
            f.requests_to(Operation::Recharge)
        ),
        (2, 1),
        "the read rejected once, corrected; the recharge sent once"
    );
    f.admin.clear_request_log();
    client.balance().unwrap();
    assert_eq!(
        f.requests_to(Operation::Balance),
        1,
        "later requests use the offset"
    );
}

pub fn reconciliation_answers<C: CashClient>() {
    let f = Fixture::new();
    let client = f.client::<C>();
    let request = RechargeRequest::new(won!(4321), f.payment_id.clone());

    f.admin.inject_fault(FaultSpec::new(
        Route::Recharge,
        FaultAction::DropAfterCommit,
    ));
    let err = client.recharge(&request).unwrap_err();
    let applied = client.reconcile(err.money_attempt().unwrap()).unwrap();
    let newest = f.admin.history(&f.account_id).unwrap().pop().unwrap();
    assert_eq!(applied.applied(), Some(&newest));

    // (Another amount: a recharge of the same amount finished within RECONCILE_MARGIN before
    // an attempt is, by design, a candidate.)
    let request = RechargeRequest::new(won!(1234), f.payment_id.clone());
    f.admin.inject_fault(FaultSpec::new(
        Route::Recharge,
        FaultAction::DropBeforeHandling,
    ));
    let err = client.recharge(&request).unwrap_err();
    let attempt = err.money_attempt().expect("outcome unknown").clone();
    assert!(matches!(
        client.reconcile(&attempt).unwrap(),
        Reconciliation::NotFoundYet { earlier, .. } if earlier.is_empty()
    ));

    // Two recharges of that amount by another process since the attempt began: a person
    // must decide. (This client's own acknowledged recharges would not count.)
    let other = f.client::<C>();
    other.recharge(&request).unwrap();
    other.recharge(&request).unwrap();
    match client.reconcile(&attempt).unwrap() {
        Reconciliation::Ambiguous { candidates, .. } => assert_eq!(candidates.len(), 2),
        other => panic!("{other:?}"),
    }
}

pub fn reconciliation_ignores_this_clients_earlier_recharge<C: CashClient>() {
    let f = Fixture::new();
    let client = f.client::<C>();
    let request = RechargeRequest::new(won!(5_000), f.payment_id.clone());
    let first = client.recharge(&request).unwrap();
    // The very next attempt of the same amount never reaches the ledger.
    f.admin
        .inject_fault(FaultSpec::new(Route::Recharge, FaultAction::error(502)));
    let err = client.recharge(&request).unwrap_err();
    assert_eq!(
        f.admin.history_len(&f.account_id).unwrap(),
        2,
        "opening entry + first recharge"
    );
    let answer = client.reconcile(err.money_attempt().unwrap()).unwrap();
    assert!(
        matches!(&answer, Reconciliation::NotFoundYet { earlier, .. } if earlier.is_empty()),
        "{} is the first recharge's entry: {answer:?}",
        first.history_id
    );
}

pub fn history_filters_and_pages<C: CashClient>() {
    let f = Fixture::new();
    let client = f.client::<C>();
    for amount in [won!(100), won!(200), won!(300)] {
        client
            .recharge(&RechargeRequest::new(amount, f.payment_id.clone()))
            .unwrap();
    }
    f.admin
        .charge_message(&f.account_id, won(50), Some("G4V-group"))
        .unwrap();
    let page = |q: HistoryQuery| client.history(&q).unwrap();
    let all = page(HistoryQuery::default());
    assert_eq!(all.len(), f.admin.history_len(&f.account_id).unwrap());
    assert_eq!(all[0].kind, HistoryType::Deduct);
    assert!(
        all.windows(2)
            .all(|w| w[0].date_created >= w[1].date_created),
        "newest first"
    );
    let recharges = page(
        HistoryQuery::builder()
            .kind(HistoryType::Recharge)
            .build()
            .unwrap(),
    );
    assert_eq!(recharges.len(), 3);
    let one = page(
        HistoryQuery::builder()
            .balance_amount(won(200))
            .build()
            .unwrap(),
    );
    assert_eq!(one.len(), 1);
    let group = page(
        HistoryQuery::builder()
            .group_id("G4V-group")
            .build()
            .unwrap(),
    );
    assert_eq!(group[0].kind, HistoryType::Deduct);
    let second = page(HistoryQuery::builder().offset(1).limit(2).build().unwrap());
    assert_eq!(second, all[1..3].to_vec());
}

pub fn export_is_complete_despite_a_silent_cap<C: CashClient>() {
    let f = Fixture::with(
        EmulatorConfig::default().rate_limit(None).max_limit(100),
        0,
        false,
    );
    f.admin.generate_entries(&f.account_id, 2_345, 7).unwrap();
    let exported: Vec<String> = f
        .client::<C>()
        .history_all(HistoryQuery::default())
        .map(|e| e.unwrap().history_id)
        .collect();
    assert_eq!(exported, f.ledger_ids());
}

pub fn export_is_exact_while_recharges_happen<C: CashClient>() {
    let f = Fixture::new();
    f.admin.generate_entries(&f.account_id, 12_000, 11).unwrap();
    let mut settings = f.settings();
    settings.page_size = 500;
    let exporter = C::connect(&settings).unwrap();
    let mut entries = exporter.history_all(HistoryQuery::default());
    // The export starts with its first page: that is the moment whose entries it must return.
    let first = entries.next().unwrap().unwrap().history_id;
    let mut before: Vec<String> = f
        .admin
        .history(&f.account_id)
        .unwrap()
        .into_iter()
        .map(|e| e.history_id)
        .collect();
    before.reverse();

    let writer = f.client::<C>();
    let done = Arc::new(AtomicBool::new(false));
    let acknowledged = Arc::new(AtomicU64::new(0));
    let background = {
        let (done, acknowledged, payment_id) = (
            Arc::clone(&done),
            Arc::clone(&acknowledged),
            f.payment_id.clone(),
        );
        std::thread::spawn(move || {
            for _ in 0..2_000 {
                if done.load(Ordering::Relaxed) {
                    break;
                }
                writer
                    .recharge(&RechargeRequest::new(won!(10), payment_id.clone()))
                    .unwrap();
                acknowledged.fetch_add(1, Ordering::Relaxed);
            }
        })
    };
    let mut exported = vec![first];
    for entry in entries {
        exported.push(entry.unwrap().history_id);
        // Make sure recharges land while the export is under way.
        if exported.len() % 3_000 == 0 {
            let seen = acknowledged.load(Ordering::Relaxed);
            while acknowledged.load(Ordering::Relaxed) == seen {
                std::thread::yield_now();
            }
        }
    }
    done.store(true, Ordering::Relaxed);
    background.join().unwrap();
    assert!(
        acknowledged.load(Ordering::Relaxed) >= 3,
        "recharges ran during the export"
    );
    assert!(f.admin.history_len(&f.account_id).unwrap() > before.len());
    assert_eq!(exported.len(), before.len());
    assert_eq!(
        exported, before,
        "exactly the entries that existed when the export started"
    );
}
