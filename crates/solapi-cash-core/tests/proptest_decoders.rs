//! Properties of everything that reads the network: the three response readers, the error
//! body, `Money` and `Timestamp`. Arbitrary input never panics and always ends in a value or a
//! typed error; valid values round-trip exactly. Seeds are fixed so that every run checks the
//! same cases; `PROPTEST_CASES` raises the count.

use http::Response;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use solapi_cash_core::endpoint::{Balance, Endpoint, History, Recharge};
use solapi_cash_core::{Error, ErrorKind};
use solapi_cash_types::{
    ApiErrorBody, BalanceResponse, DateBound, HistoryEntry, HistoryType, Money, RechargeMethod,
    RechargeRequest, RechargeResponse, ServiceMethod, Timestamp,
};
use time::OffsetDateTime;

fn read_balance(r: &Response<Vec<u8>>) -> Result<BalanceResponse, Error> {
    Balance::new().read(r)
}

fn read_recharge(r: &Response<Vec<u8>>) -> Result<RechargeResponse, Error> {
    Recharge::new(RechargeRequest::new(1, "card")).read(r)
}

fn read_history(r: &Response<Vec<u8>>) -> Result<Vec<HistoryEntry>, Error> {
    History::default().read(r)
}

fn config() -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(512),
        rng_seed: RngSeed::Fixed(0xdec0_de75),
        failure_persistence: None,
        ..Config::default()
    }
}

fn response(status: u16, body: Vec<u8>) -> Response<Vec<u8>> {
    Response::builder()
        .status(status)
        .body(body)
        .expect("a valid status")
}

/// A failed read says what it is: a non-2xx is never a decoding failure of the success
/// body, a 2xx failure always is, and the message can be printed.
fn check_failure(status: u16, error: &Error) {
    let success = (200..300).contains(&status);
    assert_eq!(
        error.kind() == ErrorKind::Decode,
        success,
        "{status}: {error}"
    );
    assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
    assert!(!error.to_string().is_empty());
    assert!(!format!("{error:?}").is_empty());
}

fn read_all(status: u16, body: &[u8]) {
    let r = response(status, body.to_vec());
    if let Err(e) = read_balance(&r) {
        check_failure(status, &e);
    }
    if let Err(e) = read_recharge(&r) {
        check_failure(status, &e);
    }
    if let Err(e) = read_history(&r) {
        check_failure(status, &e);
    }
}

/// Any JSON value, with the numbers money decoding finds hardest.
fn json_value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("0".to_owned()),
        Just("-0.0".to_owned()),
        Just("1e400".to_owned()),
        Just("-1E-400".to_owned()),
        Just("123456789012345678901234567890".to_owned()),
        Just("0.1000000000000000000001".to_owned()),
        "-?[0-9]{1,22}(\\.[0-9]{1,22})?([eE][+-]?[0-9]{1,3})?",
        "\"[ -~]{0,12}\"",
        Just("\"2019-08-06T06:16:06.000Z\"".to_owned()),
        Just("\"RECHARGE\"".to_owned()),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4)
                .prop_map(|v| format!("[{}]", v.join(","))),
            proptest::collection::vec((field_name(), inner), 0..4).prop_map(|v| {
                let fields: Vec<String> = v.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
                format!("{{{}}}", fields.join(","))
            }),
        ]
    })
}

/// The fields of every model, and a few others.
fn field_name() -> impl Strategy<Value = &'static str> {
    proptest::sample::select(vec![
        "balance",
        "point",
        "accountId",
        "balanceAmount",
        "pointAmount",
        "oldBalance",
        "newBalance",
        "oldPoint",
        "newPoint",
        "type",
        "dateCreated",
        "historyId",
        "lowBalanceAlert",
        "balances",
        "errorCode",
        "errorMessage",
        "mfa",
        "transactionId",
        "unknown",
    ])
}

/// An object with the model's fields, each of any JSON type, or an array of such objects.
fn model_like() -> impl Strategy<Value = String> {
    fn object() -> impl Strategy<Value = String> {
        proptest::collection::vec((field_name(), json_value()), 0..14).prop_map(|v| {
            let fields: Vec<String> = v.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
            format!("{{{}}}", fields.join(","))
        })
    }
    prop_oneof![
        object(),
        proptest::collection::vec(object(), 0..4).prop_map(|v| format!("[{}]", v.join(","))),
    ]
}

fn money() -> impl Strategy<Value = Money> {
    (
        -999_999_999_999_999_999i128..=999_999_999_999_999_999,
        0u32..=6,
    )
        .prop_map(|(m, s)| Money::from_parts(m, s).expect("in range"))
}

fn instant() -> impl Strategy<Value = OffsetDateTime> {
    (0i64..=253_402_300_799, 0u32..1_000).prop_map(|(s, ms)| {
        OffsetDateTime::from_unix_timestamp(s).expect("in range")
            + time::Duration::milliseconds(i64::from(ms))
    })
}

fn text() -> impl Strategy<Value = String> {
    "\\PC{0,16}"
}

fn history_type() -> impl Strategy<Value = HistoryType> {
    prop_oneof![
        proptest::sample::select(HistoryType::known().to_vec()).prop_map(HistoryType::from),
        "[A-Z_]{1,12}".prop_map(HistoryType::from),
    ]
}

fn entry() -> impl Strategy<Value = HistoryEntry> {
    (
        (money(), money(), money(), money(), money(), money()),
        (
            proptest::option::of(text()),
            proptest::option::of(text()),
            proptest::option::of("[A-Z]{1,8}".prop_map(RechargeMethod::from)),
            proptest::option::of("[A-Z]{1,8}".prop_map(ServiceMethod::from)),
            proptest::option::of(text()),
            proptest::option::of(text()),
        ),
        (text(), history_type(), instant(), text()),
    )
        .prop_map(
            |(
                (balance_amount, point_amount, old_balance, new_balance, old_point, new_point),
                (group_id, memo, recharge_method, service_method, charged_method, payment_method),
                (account_id, kind, at, history_id),
            )| HistoryEntry {
                balance_amount,
                point_amount,
                group_id,
                memo,
                recharge_method,
                service_method,
                charged_method,
                payment_method,
                account_id,
                old_balance,
                new_balance,
                old_point,
                new_point,
                kind,
                date_created: Timestamp::from_datetime(at),
                history_id,
            },
        )
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn readers_never_panic_on_any_bytes(
        status in 100u16..600,
        body in proptest::collection::vec(any::<u8>(), 0..600),
    ) {
        read_all(status, &body);
    }

    #[test]
    fn readers_never_panic_on_json_of_the_wrong_shape(
        status in prop_oneof![Just(200u16), Just(400u16), Just(403u16), Just(500u16), 100u16..600],
        body in model_like(),
    ) {
        read_all(status, body.as_bytes());
    }

    #[test]
    fn history_pages_round_trip(entries in proptest::collection::vec(entry(), 0..6)) {
        let body = serde_json::to_vec(&entries).expect("serializes");
        let read = read_history(&response(200, body)).expect("a valid page reads");
        prop_assert_eq!(read, entries);
    }

    #[test]
    fn balances_and_receipts_round_trip(
        balance in money(),
        point in money(),
        entry in entry(),
    ) {
        let b = BalanceResponse {
            balance,
            point,
            account_id: Some(entry.account_id.clone()),
            minimum_cash: None,
            recharge_to: Some(balance),
            recharge_try_count: None,
            auto_recharge: None,
            deposit: None,
            balance_only: None,
            low_balance_alert: None,
        };
        let body = serde_json::to_vec(&b).expect("serializes");
        prop_assert_eq!(read_balance(&response(200, body)).expect("reads"), b);
        let r = RechargeResponse {
            account_id: entry.account_id,
            old_balance: entry.old_balance,
            new_balance: entry.new_balance,
            old_point: entry.old_point,
            new_point: entry.new_point,
            balance_amount: entry.balance_amount,
            point_amount: entry.point_amount,
            kind: entry.kind,
            history_id: entry.history_id,
        };
        let body = serde_json::to_vec(&r).expect("serializes");
        prop_assert_eq!(read_recharge(&response(200, body)).expect("reads"), r);
    }

    #[test]
    fn error_bodies_round_trip(
        status in prop_oneof![400u16..500, 500u16..600],
        code in "[A-Za-z]{1,24}",
        message in text(),
    ) {
        let body = serde_json::to_vec(&ApiErrorBody::new(code.clone(), message.clone()))
            .expect("serializes");
        let e = read_recharge(&response(status, body)).unwrap_err();
        prop_assert_eq!(e.api_code(), Some(code.as_str()));
        prop_assert_eq!(e.api_message(), Some(message.as_str()));
        prop_assert!(e.to_string().contains(&code));
    }

    #[test]
    fn money_parsing_never_panics(s in "\\PC{0,40}") {
        if let Ok(m) = s.parse::<Money>() {
            prop_assert_eq!(m.to_string().parse::<Money>().expect("own output parses"), m);
        }
    }

    #[test]
    fn number_like_text_parses_exactly_or_is_refused(
        s in "[+-]?[0-9]{0,30}(\\.[0-9]{0,30})?([eE][+-]?[0-9]{0,6})?",
    ) {
        match s.parse::<Money>() {
            Ok(m) => {
                let printed = m.to_string();
                prop_assert_eq!(printed.parse::<Money>().expect("own output parses"), m);
                let json: Money = serde_json::from_str(&printed).expect("JSON reads it");
                prop_assert_eq!(json, m);
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    #[test]
    fn money_round_trips_through_text_and_json(m in money(), n in any::<i64>()) {
        prop_assert_eq!(m.to_string().parse::<Money>().expect("parses"), m);
        let json = serde_json::to_string(&m).expect("serializes");
        prop_assert_eq!(json.clone(), m.to_string());
        prop_assert_eq!(serde_json::from_str::<Money>(&json).expect("reads"), m);
        prop_assert_eq!(Money::from_i64(n).to_string(), n.to_string());
    }

    #[test]
    fn dates_never_panic_and_round_trip(s in "\\PC{0,40}", at in instant()) {
        let _ = Timestamp::parse(&s);
        let _ = s.parse::<DateBound>();
        let t = Timestamp::from_datetime(at);
        prop_assert_eq!(Timestamp::parse(t.as_str()).expect("own output parses"), t.clone());
        prop_assert_eq!(t.datetime(), at);
    }
}
