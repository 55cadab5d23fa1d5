//! The API secret, bearer tokens and signatures appear in no error (`Display`, `Debug`, the
//! whole source chain) of either client, for every error kind, and in the `Debug` of no
//! public type.

use std::sync::Arc;

use solapi_auth::{Credentials, ParsedAuthorization, Secret, Verifier, parse_authorization};
use solapi_cash_conformance::hostile::cases::{KEY, SECRET, all_text};
use solapi_cash_conformance::hostile::leaks::{
    Needles, TOKEN, emulator_paths, every_error_kind, signatures_in,
};
use solapi_cash_conformance::reliability::figures::{client_name, report};
use solapi_cash_conformance::{Async, Blocking, CashClient, Fixture};
use solapi_cash_core::endpoint::Recharge;
use solapi_cash_core::transport::{Action, Machine};
use solapi_cash_core::{ClientBuilder, Engine};
use solapi_cash_emulator::KeySpec;
use solapi_cash_types::{HistoryQuery, MfaData, RechargeRequest, won};

fn errors_hold_no_secrets<C: CashClient + std::fmt::Debug>() {
    let (errors, needles) = every_error_kind::<C>();
    let (fixture, more_errors, mut emulator_needles) = emulator_paths::<C>();
    emulator_needles.extend(&signatures_in(&fixture.admin.request_log(), SECRET));
    let mut all = needles;
    all.extend(&emulator_needles);
    let mut checked = 0u64;
    for error in errors.iter().chain(&more_errors) {
        all.assert_absent(
            &all_text(error),
            &format!("an error of kind {:?}", error.kind()),
        );
        checked += 1;
    }
    report(
        "errors_hold_no_secrets",
        client_name::<C>(),
        &[("errors", checked), ("needles", all.len() as u64)],
    );
}

#[test]
fn blocking_errors_hold_no_secrets() {
    errors_hold_no_secrets::<Blocking>();
}

#[test]
fn async_errors_hold_no_secrets() {
    errors_hold_no_secrets::<Async>();
}

#[test]
fn debug_of_public_types_holds_no_secrets() {
    let f = Fixture::new();
    f.admin
        .insert_api_key(&f.account_id, KEY, Secret::new(SECRET), KeySpec::default())
        .expect("key");
    let key = Credentials::api_key(KEY, SECRET);
    let bearer = Credentials::bearer(TOKEN);
    let mut texts: Vec<(String, String)> = Vec::new();
    let mut add = |name: &str, text: String| texts.push((name.to_owned(), text));

    add(
        "Secret",
        format!("{:?} {}", Secret::new(SECRET), Secret::new(SECRET)),
    );
    add("Credentials", format!("{key:?} {bearer:?}"));
    for credentials in [&key, &bearer] {
        let authorization = credentials
            .authorization(time::Duration::ZERO)
            .expect("sign");
        add("Authorization", format!("{authorization:?}"));
        let parsed = parse_authorization(authorization.header_value()).expect("parse");
        add("ParsedAuthorization", format!("{parsed:?}"));
        if let ParsedAuthorization::Bearer(token) = &parsed {
            add("BearerToken", format!("{token:?}"));
        }
        if let ParsedAuthorization::Hmac(hmac) = &parsed {
            let verifier = Verifier::new();
            verifier
                .verify(
                    hmac,
                    Some(&Secret::new(SECRET)),
                    time::OffsetDateTime::now_utc(),
                )
                .expect("verify");
            add("Verifier", format!("{verifier:?}"));
        }
    }

    for credentials in [&key, &bearer] {
        let builder = solapi_cash_blocking::Client::builder()
            .base_url(f.emulator.base_url())
            .credentials(credentials.clone());
        add("ClientBuilder", format!("{builder:?}"));
        let blocking = builder.build().expect("client");
        add("blocking::Client", format!("{blocking:?}"));
        add("ClientConfig", format!("{:?}", blocking.engine().config()));
        add("Engine", format!("{:?}", blocking.engine()));
        add(
            "blocking::HistoryIter",
            format!("{:?}", blocking.history_all(HistoryQuery::default())),
        );
        let asynchronous = solapi_cash_async::Client::builder()
            .base_url(f.emulator.base_url())
            .credentials(credentials.clone())
            .build()
            .expect("client");
        add("async::Client", format!("{asynchronous:?}"));

        let engine: Arc<Engine> = ClientBuilder::new()
            .base_url(f.emulator.base_url())
            .credentials(credentials.clone())
            .build()
            .expect("engine");
        let recharge = Recharge::new(RechargeRequest::new(won!(1_000), f.payment_id.clone()))
            .with_mfa(MfaData::email("tx", "123456"));
        let mut call = engine.call(recharge);
        let Action::Send(request) = call.next_action() else {
            panic!("a recharge starts by sending");
        };
        add("Call", format!("{call:?}"));
        // The signed request itself: the Authorization header is marked sensitive.
        add("http::Request", format!("{request:?}"));

        let mut settings = f.settings();
        settings.credentials = credentials.clone();
        add("Settings", format!("{settings:?}"));
        add(
            "Blocking",
            format!("{:?}", Blocking::connect(&settings).expect("client")),
        );
        add(
            "Async",
            format!("{:?}", Async::connect(&settings).expect("client")),
        );
    }
    let mfa = format!("{:?}", MfaData::email("tx", "987654"));
    assert!(!mfa.contains("987654"), "the code leaked: {mfa}");
    Blocking::connect(&{
        let mut s = f.settings();
        s.credentials = key.clone();
        s
    })
    .expect("client")
    .balance()
    .expect("balance");
    add("Emulator", format!("{:?}", f.emulator));
    add("Admin", format!("{:?}", f.admin));
    add("LoggedRequest", format!("{:?}", f.admin.request_log()));
    add(
        "AccountInfo",
        format!("{:?}", f.admin.account_state(&f.account_id)),
    );

    let mut needles = Needles::known();
    needles.extend(&signatures_in(&f.admin.request_log(), SECRET));
    for (name, text) in &texts {
        needles.assert_absent(text, &format!("the Debug of {name}"));
    }
    // The checks can fail: the API key (not a secret) is shown where it helps.
    assert!(texts.iter().any(|(_, t)| t.contains(KEY)));
    report(
        "debug_of_public_types_holds_no_secrets",
        "both",
        &[
            ("texts", texts.len() as u64),
            ("needles", needles.len() as u64),
        ],
    );
}
