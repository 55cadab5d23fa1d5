//! Properties of everything that reads the network: the four response readers, the error
//! body, `Money` and `Timestamp`. Arbitrary input never panics and always
//! ends in a value or a typed error; valid values round-trip exactly — number texts byte for
//! byte, unknown fields and descriptive fields of unexpected types included. Seeds are fixed
//! so that every run checks the same cases; `PROPTEST_CASES` raises the count.

use http::Response;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use solapi_cash_core::endpoint::{Balance, Endpoint, History, Payments, Recharge};
use solapi_cash_core::{Error, ErrorKind};
use solapi_cash_types::{
    ApiErrorBody, BalanceResponse, DateBound, Flag, HistoryEntry, HistoryType, LowBalanceAlert,
    Money, PaymentList, RechargeMethod, RechargeRequest, RechargeResponse, ServiceMethod,
    Timestamp, won,
};
use time::OffsetDateTime;

fn read_balance(r: &Response<Vec<u8>>) -> Result<BalanceResponse, Error> {
    Balance::new().read(r)
}

fn read_recharge(r: &Response<Vec<u8>>) -> Result<RechargeResponse, Error> {
    Recharge::new(RechargeRequest::new(won!(1), "card")).read(r)
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
    if let Err(e) = Payments::new().read(&r) {
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
        "groupId",
        "memo",
        "rechargeMethod",
        "autoRecharge",
        "balanceOnly",
        "minimumCash",
        "payments",
        "_id",
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
    prop_oneof![
        3 => (
            -999_999_999_999_999_999i128..=999_999_999_999_999_999,
            0u32..=6,
        )
            .prop_map(|(m, s)| Money::from_parts(m, s).expect("in range")),
        // Beyond an i128 mantissa or 38 fractional digits, and sent in exponent form.
        1 => json_number().prop_filter_map("within the digit limit", |text| {
            serde_json::from_str::<Money>(&text).ok()
        }),
    ]
}

/// Any JSON number text: up to 45 digits on each side, exponents up to 1999 (past the digit
/// limit at the top).
fn json_number() -> impl Strategy<Value = String> {
    "-?(0|[1-9][0-9]{0,44})(\\.[0-9]{1,45})?([eE][+-]?([0-9]{1,3}|1[0-9]{3}))?"
}

/// The exact plain decimal of a JSON number text, computed on its characters alone (moving the
/// point and trimming zeros), independently of `Money`: trailing fractional zeros removed,
/// `-` only below zero.
fn plain_oracle(text: &str) -> String {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text),
    };
    let (number, exp) = match rest.find(['e', 'E']) {
        Some(i) => (
            &rest[..i],
            rest[i + 1..].parse::<i64>().expect("an exponent"),
        ),
        None => (rest, 0),
    };
    let (int, frac) = number.split_once('.').unwrap_or((number, ""));
    let digits: String = format!("{int}{frac}");
    // The point sits after `point` digits (may be negative or past the end).
    let point = i64::try_from(int.len()).expect("small") + exp;
    let digits_len = i64::try_from(digits.len()).expect("small");
    let (int_part, frac_part) = if point <= 0 {
        (
            "0".to_owned(),
            format!(
                "{}{digits}",
                "0".repeat(usize::try_from(-point).expect("small"))
            ),
        )
    } else if point >= digits_len {
        (
            format!(
                "{digits}{}",
                "0".repeat(usize::try_from(point - digits_len).expect("small"))
            ),
            String::new(),
        )
    } else {
        let at = usize::try_from(point).expect("small");
        (digits[..at].to_owned(), digits[at..].to_owned())
    };
    let int_part = int_part.trim_start_matches('0');
    let int_part = if int_part.is_empty() { "0" } else { int_part };
    let frac_part = frac_part.trim_end_matches('0');
    let zero = int_part == "0" && frac_part.is_empty();
    let sign = if negative && !zero { "-" } else { "" };
    if frac_part.is_empty() {
        format!("{sign}{int_part}")
    } else {
        format!("{sign}{int_part}.{frac_part}")
    }
}

/// Any valid JSON value (as a service could send), with spacing inside containers and every
/// number form.
fn valid_json() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("false".to_owned()),
        json_number(),
        text().prop_map(|t| serde_json::to_string(&t).expect("a string")),
    ];
    leaf.prop_recursive(3, 16, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..3)
                .prop_map(|v| format!("[{}]", v.join(", "))),
            proptest::collection::vec(("[a-z]{1,5}", inner), 0..3).prop_map(|v| {
                let fields: Vec<String> = v.iter().map(|(k, v)| format!("\"{k}\": {v}")).collect();
                format!("{{{}}}", fields.join(","))
            }),
        ]
    })
}

/// Unknown fields as a service might add them: new keys with any JSON value.
fn unknown_fields() -> impl Strategy<Value = Vec<(String, String)>> {
    proptest::collection::vec(("x[A-Za-z]{0,8}", valid_json()), 0..3)
}

/// Adds `fields` (raw JSON) to the object `json`.
fn with_fields(json: &str, fields: &[(String, String)]) -> String {
    let mut out = json.trim_end_matches('}').to_owned();
    for (key, value) in fields {
        out.push_str(&format!(",\"{key}\":{value}"));
    }
    out.push('}');
    out
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
            )| {
                HistoryEntry::builder(history_id, account_id, kind, at)
                    .balance_amount(balance_amount)
                    .point_amount(point_amount)
                    .old_balance(old_balance)
                    .new_balance(new_balance)
                    .old_point(old_point)
                    .new_point(new_point)
                    .maybe_group_id(group_id)
                    .maybe_memo(memo)
                    .maybe_recharge_method(recharge_method)
                    .maybe_service_method(service_method)
                    .maybe_charged_method(charged_method)
                    .maybe_payment_method(payment_method)
                    .build()
            },
        )
}

/// An entry as the service would write it, with unknown fields added.
fn entry_json() -> impl Strategy<Value = String> {
    (entry(), unknown_fields()).prop_map(|(entry, fields)| {
        with_fields(&serde_json::to_string(&entry).expect("serializes"), &fields)
    })
}

fn flag() -> impl Strategy<Value = Flag> {
    prop_oneof![
        any::<bool>().prop_map(Flag::from_bool),
        (0i64..4).prop_map(Flag::from),
        money().prop_map(Flag::from_number),
    ]
}

fn balance() -> impl Strategy<Value = BalanceResponse> {
    (
        (proptest::option::of(money()), proptest::option::of(money())),
        (
            proptest::option::of(money()),
            proptest::option::of(any::<u32>()),
            proptest::option::of(flag()),
            proptest::option::of(flag()),
        ),
        (proptest::option::of(text()), proptest::option::of(money())),
        proptest::option::of((
            proptest::option::of(text()),
            proptest::option::of(proptest::collection::vec(money(), 0..3)),
            proptest::option::of(any::<bool>()),
        )),
    )
        .prop_map(
            |((balance, point), (minimum, tries, auto, only), (account, deposit), alert)| {
                let mut b = BalanceResponse::new(0, 0);
                b.balance = balance;
                b.point = point;
                b.minimum_cash = minimum.clone();
                b.recharge_to = minimum;
                b.recharge_try_count = tries;
                b.auto_recharge = auto;
                b.balance_only = only;
                b.account_id = account;
                b.deposit = deposit;
                b.low_balance_alert = alert.map(|(current, balances, enabled)| {
                    let mut a = LowBalanceAlert::new();
                    a.current_balance = current;
                    a.balances = balances;
                    a.enabled = enabled;
                    a
                });
                b
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
    fn pages_with_unknown_fields_are_written_back_byte_for_byte(
        entries in proptest::collection::vec(entry_json(), 0..5),
    ) {
        let body = format!("[{}]", entries.join(","));
        let read = read_history(&response(200, body.clone().into_bytes()))
            .expect("a valid page reads");
        prop_assert_eq!(serde_json::to_string(&read).expect("serializes"), body);
    }

    #[test]
    fn descriptive_fields_of_any_type_never_fail_the_page(
        entry in entry(),
        values in proptest::collection::vec(valid_json(), 6),
    ) {
        let mut entry = entry;
        entry.group_id = None;
        entry.memo = None;
        entry.recharge_method = None;
        entry.service_method = None;
        entry.charged_method = None;
        entry.payment_method = None;
        let mut json = serde_json::to_string(&entry).expect("serializes");
        let keys = ["groupId", "memo", "rechargeMethod", "serviceMethod", "chargedMethod", "paymentMethod"];
        for (key, value) in keys.iter().zip(&values) {
            json = json.replacen(&format!("\"{key}\":null"), &format!("\"{key}\":{value}"), 1);
        }
        let read = read_history(&response(200, format!("[{json}]").into_bytes()))
            .expect("descriptive fields never fail a page");
        let read = &read[0];
        prop_assert_eq!(&read.new_balance, &entry.new_balance);
        for (key, value) in keys.iter().zip(&values) {
            let is_string = value.starts_with('"');
            let is_null = value == "null";
            prop_assert_eq!(read.extra.get(key).is_some(), !is_string && !is_null, "{} = {}", key, value);
            if let Some(raw) = read.extra.get(key) {
                prop_assert_eq!(raw.get(), value.as_str());
            }
        }
        prop_assert_eq!(serde_json::to_string(read).expect("serializes"), json);
    }

    #[test]
    fn balances_and_receipts_round_trip(
        b in balance(),
        fields in unknown_fields(),
        entry in entry(),
    ) {
        let body = serde_json::to_vec(&b).expect("serializes");
        prop_assert_eq!(read_balance(&response(200, body)).expect("reads"), b.clone());
        let text = with_fields(&serde_json::to_string(&b).expect("serializes"), &fields);
        let read = read_balance(&response(200, text.clone().into_bytes())).expect("reads");
        prop_assert_eq!(serde_json::to_string(&read).expect("serializes"), text);
        let r = RechargeResponse::from(entry);
        let body = serde_json::to_vec(&r).expect("serializes");
        prop_assert_eq!(read_recharge(&response(200, body)).expect("reads"), r);
    }

    #[test]
    fn number_texts_decode_exactly_and_serialize_as_sent(text in json_number()) {
        match serde_json::from_str::<Money>(&text) {
            Ok(m) => {
                prop_assert_eq!(serde_json::to_string(&m).expect("serializes"), text.clone());
                prop_assert_eq!(m.normalized().to_string(), plain_oracle(&text));
                prop_assert_eq!(m.to_string().parse::<Money>().expect("own output parses"), m.clone());
                // In an entry, through the reader, the text survives too.
                let body = format!(
                    "[{{\"balanceAmount\":{text},\"pointAmount\":0,\"groupId\":null,\"memo\":null,\
                     \"rechargeMethod\":null,\"serviceMethod\":null,\"chargedMethod\":null,\
                     \"paymentMethod\":null,\"accountId\":\"a\",\"oldBalance\":0,\
                     \"newBalance\":{text},\"oldPoint\":0,\"newPoint\":0,\"type\":\"X\",\
                     \"dateCreated\":\"2024-01-01T00:00:00.000Z\",\"historyId\":\"h\"}}]"
                );
                let page = read_history(&response(200, body.clone().into_bytes())).expect("reads");
                prop_assert_eq!(&page[0].new_balance, &m);
                prop_assert_eq!(serde_json::to_string(&page).expect("serializes"), body);
            }
            Err(e) => {
                // Only the documented bound refuses a JSON number: with at most 90 digits, only
                // an exponent beyond a thousand can need more than 1100 written out.
                let exponent = text
                    .split(['e', 'E'])
                    .nth(1)
                    .and_then(|e| e.parse::<i64>().ok())
                    .unwrap_or(0);
                prop_assert!(exponent.abs() > 1000, "{}: {}", text, e);
                prop_assert!(e.to_string().contains("1100 digits"), "{}", e);
            }
        }
    }

    #[test]
    fn sums_are_exact(a in money(), b in money()) {
        let Some(sum) = a.checked_add(&b) else {
            // Refused only when the sum would need more digits than the limit.
            let widths = |m: &Money| {
                let text = m.to_string();
                let (int, frac) = text.trim_start_matches('-').split_once('.').map_or(
                    (text.trim_start_matches('-').len(), 0),
                    |(i, f)| (i.len(), f.len()),
                );
                (int, frac)
            };
            let ((ia, fa), (ib, fb)) = (widths(&a), widths(&b));
            prop_assert!(ia.max(ib) + 1 + fa.max(fb) > 1100, "{:?} + {:?}", a, b);
            return Ok(());
        };
        prop_assert_eq!(sum.checked_sub(&b).expect("and subtract"), a.clone());
        prop_assert_eq!(b.checked_add(&a), Some(sum.clone()));
        prop_assert_eq!(sum.cmp(&a), b.cmp(&Money::ZERO));
    }

    #[test]
    fn payment_lists_round_trip_with_unknown_fields(
        ids in proptest::collection::vec("[0-9]{1,31}", 0..4),
        flags in proptest::collection::vec(proptest::option::of(flag()), 4),
        fields in unknown_fields(),
    ) {
        let items: Vec<String> = ids
            .iter()
            .zip(&flags)
            .map(|(id, flag)| match flag {
                Some(f) => format!(
                    "{{\"_id\":\"{id}\",\"autoRecharge\":{}}}",
                    serde_json::to_string(f).expect("serializes")
                ),
                None => format!("{{\"_id\":\"{id}\"}}"),
            })
            .collect();
        let body = with_fields(&format!("{{\"payments\":[{}]}}", items.join(",")), &fields);
        let list: PaymentList = serde_json::from_str(&body).expect("a list decodes");
        prop_assert_eq!(list.payments.len(), ids.len());
        prop_assert_eq!(serde_json::to_string(&list).expect("serializes"), body);
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
            prop_assert_eq!(m.to_string().parse::<Money>().expect("own output parses"), m.clone());
        }
    }

    #[test]
    fn number_like_text_parses_exactly_or_is_refused(
        s in "[+-]?[0-9]{0,30}(\\.[0-9]{0,30})?([eE][+-]?[0-9]{0,6})?",
    ) {
        match s.parse::<Money>() {
            Ok(m) => {
                let printed = m.to_string();
                prop_assert_eq!(printed.parse::<Money>().expect("own output parses"), m.clone());
                let json: Money = serde_json::from_str(&printed).expect("JSON reads it");
                prop_assert_eq!(json, m);
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    #[test]
    fn money_round_trips_through_text_and_json(m in money(), n in any::<i64>()) {
        prop_assert_eq!(m.to_string().parse::<Money>().expect("parses"), m.clone());
        let json = serde_json::to_string(&m).expect("serializes");
        prop_assert_eq!(json.clone(), m.json_text().into_owned());
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
