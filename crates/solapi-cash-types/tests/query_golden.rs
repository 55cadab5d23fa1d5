//! The history query, every parameter filled, against a string computed independently.
//!
//! The expected string was produced by Python's standard library, not by this crate:
//!
//! ```text
//! python3 -c 'from urllib.parse import quote
//! pairs=[("offset","40"),("limit","1000"),("startDate","2024-05-01T09:00:00.000+09:00"),
//!   ("endDate","2024-05-31"),("type","충전 환불"),("groupId","G4V+20240501 a&b=c/é"),
//!   ("rechargeMethod","ACCOUNT-TRANSFER"),("serviceMethod","MT"),("balanceAmount","-10130.5"),
//!   ("balanceRecharge","true"),("balanceDeduct","false"),("pointRecharge","true"),("pointDeduct","false")]
//! print("&".join(f"{k}={quote(v, safe=chr(0))}" for k,v in pairs))'
//! ```

use solapi_cash_types::{
    HistoryQuery, HistoryType, Money, PaymentQuery, QueryError, RechargeMethod, ServiceMethod,
};
use time::macros::{date, datetime};

const GOLDEN: &str = "offset=40&limit=1000&startDate=2024-05-01T09%3A00%3A00.000%2B09%3A00&endDate=2024-05-31&type=%EC%B6%A9%EC%A0%84%20%ED%99%98%EB%B6%88&groupId=G4V%2B20240501%20a%26b%3Dc%2F%C3%A9&rechargeMethod=ACCOUNT-TRANSFER&serviceMethod=MT&balanceAmount=-10130.5&balanceRecharge=true&balanceDeduct=false&pointRecharge=true&pointDeduct=false";

fn full_query() -> HistoryQuery {
    HistoryQuery::builder()
        .offset(40)
        .limit(1000)
        .start_date(datetime!(2024-05-01 09:00 +09:00))
        .end_date(date!(2024 - 05 - 31))
        .kind("충전 환불")
        .group_id("G4V+20240501 a&b=c/é")
        .recharge_method(RechargeMethod::AccountTransfer)
        .service_method(ServiceMethod::Mt)
        .balance_amount("-10130.5".parse::<Money>().unwrap())
        .balance_recharge(true)
        .balance_deduct(false)
        .point_recharge(true)
        .point_deduct(false)
        .build()
        .unwrap()
}

#[test]
fn every_parameter_encodes_to_the_golden_string() {
    assert_eq!(full_query().to_query_string(), GOLDEN);
}

#[test]
fn the_golden_string_parses_back_to_the_same_query() {
    assert_eq!(HistoryQuery::parse(GOLDEN).unwrap(), full_query());
}

#[test]
fn an_empty_query_sends_nothing() {
    assert_eq!(
        HistoryQuery::builder().build().unwrap().to_query_string(),
        ""
    );
    assert_eq!(HistoryQuery::parse("").unwrap(), HistoryQuery::default());
}

#[test]
fn validation_names_the_parameter() {
    let cases: Vec<(Result<HistoryQuery, QueryError>, &str)> = vec![
        (HistoryQuery::builder().limit(0).build(), "limit"),
        (
            HistoryQuery::builder().maybe_limit(Some(0u64)).build(),
            "limit",
        ),
        (
            HistoryQuery::builder()
                .start_date(date!(2024 - 06 - 01))
                .end_date(date!(2024 - 05 - 31))
                .build(),
            "startDate",
        ),
    ];
    for (result, parameter) in cases {
        let err = result.unwrap_err();
        assert_eq!(err.parameter(), parameter, "{err}");
        assert!(err.to_string().contains(&format!("`{parameter}`")));
    }
    for (result, parameter) in [
        (HistoryQuery::builder().group_id("").build(), "groupId"),
        (HistoryQuery::builder().kind("").build(), "type"),
        (
            HistoryQuery::builder().recharge_method("").build(),
            "rechargeMethod",
        ),
        (
            HistoryQuery::builder().service_method("").build(),
            "serviceMethod",
        ),
    ] {
        assert_eq!(result.unwrap_err().parameter(), parameter);
    }
    // A day includes all of itself: start and end on the same day is a valid range.
    assert!(
        HistoryQuery::builder()
            .start_date(datetime!(2024-05-31 23:00 UTC))
            .end_date(date!(2024 - 05 - 31))
            .build()
            .is_ok()
    );
}

#[test]
fn server_side_parsing_rejects_bad_values_by_name() {
    for (query, parameter) in [
        ("limit=abc", "limit"),
        ("limit=0", "limit"),
        ("offset=-1", "offset"),
        ("offset=1.5", "offset"),
        ("startDate=yesterday", "startDate"),
        ("endDate=2024-02-30", "endDate"),
        ("balanceRecharge=yes", "balanceRecharge"),
        ("pointDeduct=", "pointDeduct"),
        ("balanceAmount=ten", "balanceAmount"),
        ("limit=1&limit=2", "limit"),
        ("startDate=2024-02-02&endDate=2024-02-01", "startDate"),
    ] {
        assert_eq!(
            HistoryQuery::parse(query).unwrap_err().parameter(),
            parameter,
            "{query}"
        );
    }
    // '+' is a space to the server; unknown parameters are ignored.
    let q = HistoryQuery::parse("groupId=a+b&page=3&type=MANUAL").unwrap();
    assert_eq!(q.group_id(), Some("a b"));
    assert_eq!(q.kind(), Some(&HistoryType::Manual));
}

#[test]
fn maybe_setters_set_or_unset() {
    let none: Option<&str> = None;
    let q = HistoryQuery::builder()
        .group_id("g")
        .maybe_group_id(none)
        .maybe_limit(Some(7u64))
        .maybe_start_date(Some(date!(2024 - 05 - 01)))
        .build()
        .unwrap();
    assert_eq!(q.to_query_string(), "limit=7&startDate=2024-05-01");
}

#[test]
fn the_payment_query_encodes_parses_and_validates() {
    let q = PaymentQuery::builder().offset(20).limit(5).build().unwrap();
    assert_eq!(q.to_query_string(), "offset=20&limit=5");
    assert_eq!(PaymentQuery::parse("limit=5&offset=20&x=1").unwrap(), q);
    assert_eq!(
        PaymentQuery::builder().build().unwrap().to_query_string(),
        ""
    );
    for (text, parameter) in [
        ("limit=0", "limit"),
        ("limit=-1", "limit"),
        ("offset=1&offset=2", "offset"),
        ("offset=", "offset"),
        ("limit=ten", "limit"),
    ] {
        assert_eq!(
            PaymentQuery::parse(text).unwrap_err().parameter(),
            parameter,
            "{text}"
        );
    }
}
