//! Properties of the history query: the builder refuses what it must and never panics, what
//! it builds encodes to a query string that the server-side parser reads back to the same
//! query, and the parser never panics on any text. Seeds are fixed; `PROPTEST_CASES` raises
//! the count.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use solapi_cash_types::{
    DateBound, HistoryQuery, HistoryType, Money, PaymentQuery, QueryError, RechargeMethod,
    ServiceMethod,
};
use time::{Date, OffsetDateTime, UtcOffset};

fn config() -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(512),
        rng_seed: RngSeed::Fixed(0x0e41_7a9b),
        failure_persistence: None,
        ..Config::default()
    }
}

/// Days and instants the query can carry: years 1 to 9999, milliseconds, offsets in whole
/// minutes (what the wire format writes).
fn date_bound() -> impl Strategy<Value = DateBound> {
    let day = (1i32..=9999, 1u16..=366).prop_map(|(y, d)| {
        Date::from_ordinal_date(
            y,
            d.min(if time::util::is_leap_year(y) {
                366
            } else {
                365
            }),
        )
        .expect("a valid day")
    });
    let instant = (
        -62_135_596_800i64..=253_402_300_799,
        0i64..1000,
        -(23 * 60 + 59)..=(23i32 * 60 + 59),
    )
        .prop_filter_map("representable", |(s, ms, minutes)| {
            let offset = UtcOffset::from_whole_seconds(minutes * 60).ok()?;
            let at =
                OffsetDateTime::from_unix_timestamp(s).ok()? + time::Duration::milliseconds(ms);
            let local = at.to_offset(offset);
            (1..=9999).contains(&local.year()).then_some(local)
        });
    prop_oneof![
        day.prop_map(DateBound::Date),
        instant.prop_map(DateBound::DateTime)
    ]
}

fn money() -> impl Strategy<Value = Money> {
    (
        -999_999_999_999_999_999i128..=999_999_999_999_999_999,
        0u32..=8,
    )
        .prop_map(|(m, s)| Money::from_parts(m, s).expect("in range"))
}

/// Text users put in filters: anything printable, with the characters a query string treats
/// specially. Never empty: an empty value is not a filter.
fn value_text() -> impl Strategy<Value = String> {
    prop_oneof!["\\PC{1,12}", "[ +&=%#?/:;,]{1,6}", "[A-Z_]{1,10}"]
}

#[derive(Debug, Clone)]
struct Fields {
    offset: Option<u64>,
    limit: Option<u64>,
    start: Option<DateBound>,
    end: Option<DateBound>,
    kind: Option<String>,
    group_id: Option<String>,
    recharge_method: Option<String>,
    service_method: Option<String>,
    balance_amount: Option<Money>,
    flags: [Option<bool>; 4],
}

fn fields() -> impl Strategy<Value = Fields> {
    use proptest::option::of;
    (
        (
            of(any::<u64>()),
            of(1u64..=u64::MAX),
            of(date_bound()),
            of(date_bound()),
        ),
        (
            of(value_text()),
            of(value_text()),
            of(value_text()),
            of(value_text()),
        ),
        (
            of(money()),
            [
                of(any::<bool>()),
                of(any::<bool>()),
                of(any::<bool>()),
                of(any::<bool>()),
            ],
        ),
    )
        .prop_map(
            |(
                (offset, limit, start, end),
                (kind, group_id, recharge_method, service_method),
                (balance_amount, flags),
            )| Fields {
                offset,
                limit,
                start,
                end,
                kind,
                group_id,
                recharge_method,
                service_method,
                balance_amount,
                flags,
            },
        )
}

/// Through the `maybe_` setters: each optional input goes in as it is, no `if let`.
fn build(f: &Fields) -> Result<HistoryQuery, QueryError> {
    let [a, c, d, e] = f.flags;
    HistoryQuery::builder()
        .maybe_offset(f.offset)
        .maybe_limit(f.limit)
        .maybe_start_date(f.start)
        .maybe_end_date(f.end)
        .maybe_kind(f.kind.as_deref().map(HistoryType::from))
        .maybe_group_id(f.group_id.clone())
        .maybe_recharge_method(f.recharge_method.as_deref().map(RechargeMethod::from))
        .maybe_service_method(f.service_method.as_deref().map(ServiceMethod::from))
        .maybe_balance_amount(f.balance_amount.clone())
        .maybe_balance_recharge(a)
        .maybe_balance_deduct(c)
        .maybe_point_recharge(d)
        .maybe_point_deduct(e)
        .build()
}

/// Query-like text: the parser's own vocabulary, shuffled, so that its deep paths are reached.
fn query_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        proptest::sample::select(vec![
            "offset",
            "limit",
            "startDate",
            "endDate",
            "type",
            "groupId",
            "rechargeMethod",
            "serviceMethod",
            "balanceAmount",
            "balanceRecharge",
            "balanceDeduct",
            "pointRecharge",
            "pointDeduct",
            "=",
            "&",
            "+",
            "%",
            "%2",
            "%ZZ",
            "%FF",
            "%C3%A9",
            "-1",
            "0",
            "18446744073709551616",
            "1e3",
            "true",
            "TRUE",
            "2024-05-01",
            "2024-02-30",
            "2024-05-01T09:30:00.000Z",
            "2024-05-01T09:30:00+0900",
            "9999-12-31",
        ])
        .prop_map(str::to_owned),
        "[ -~]{0,8}",
        "\\PC{0,4}",
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn built_queries_round_trip_through_the_query_string(f in fields()) {
        match build(&f) {
            Ok(query) => {
                let text = query.to_query_string();
                let parsed = HistoryQuery::parse(&text);
                prop_assert_eq!(parsed.as_ref(), Ok(&query), "{}", text);
                let names: Vec<&str> = query.pairs().iter().map(|(n, _)| *n).collect();
                let sent: Vec<&str> = text
                    .split('&')
                    .filter(|p| !p.is_empty())
                    .filter_map(|p| p.split('=').next())
                    .collect();
                prop_assert_eq!(names, sent);
            }
            Err(e) => {
                // The only rule random fields can break: the range runs backwards.
                let (start, end) = (f.start.expect("a start"), f.end.expect("an end"));
                prop_assert!(start.start_instant() > end.end_instant());
                prop_assert_eq!(e.parameter(), "startDate");
            }
        }
    }

    #[test]
    fn builder_never_panics_and_names_what_it_refuses(offset in any::<u64>(), limit in any::<u64>()) {
        match HistoryQuery::builder().offset(offset).limit(limit).build() {
            Ok(q) => {
                prop_assert!(limit >= 1);
                prop_assert_eq!(q.offset(), Some(offset));
                prop_assert_eq!(q.limit(), Some(limit));
            }
            Err(e) => {
                prop_assert_eq!(limit, 0);
                prop_assert_eq!(e.parameter(), "limit");
                prop_assert!(!e.to_string().is_empty());
            }
        }
        let payment = PaymentQuery::builder().offset(offset).limit(limit).build();
        prop_assert_eq!(payment.is_ok(), limit >= 1);
        if let Ok(q) = payment {
            prop_assert_eq!(PaymentQuery::parse(&q.to_query_string()), Ok(q));
        }
    }

    #[test]
    fn parser_never_panics_on_any_text(s in any::<String>()) {
        let _ = HistoryQuery::parse(&s);
        let _ = PaymentQuery::parse(&s);
    }

    #[test]
    fn parser_never_panics_on_query_like_text(s in query_like()) {
        if let Ok(q) = HistoryQuery::parse(&s) {
            // Whatever it accepts, it can write back and read again.
            let again = HistoryQuery::parse(&q.to_query_string());
            prop_assert_eq!(again.as_ref(), Ok(&q));
        }
    }
}
