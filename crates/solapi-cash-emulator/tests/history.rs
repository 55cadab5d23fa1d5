//! History over real HTTP: defaults, order, paging, every filter alone and combined
//! (checked against the whole ledger read through the admin API), dates, the page cap
//! and invalid queries.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Harness, assert_chain, expect_error};
use solapi_cash_emulator::EmulatorConfig;
use solapi_cash_types::{HistoryEntry, HistoryType, Money, RechargeMethod, ServiceMethod};
use time::OffsetDateTime;

fn filled(config: EmulatorConfig, n: u64) -> Harness {
    let h = Harness::start(config);
    h.admin.generate_entries(&h.account_id, n, 11).unwrap();
    h
}

fn ids(entries: &[HistoryEntry]) -> Vec<String> {
    entries.iter().map(|e| e.history_id.clone()).collect()
}

/// Every entry, newest first, straight from the ledger.
fn all_newest_first(h: &Harness) -> Vec<HistoryEntry> {
    let mut all = h.admin.history(&h.account_id).unwrap();
    all.reverse();
    all
}

#[test]
fn defaults_order_and_paging() {
    let h = filled(EmulatorConfig::default().rate_limit(None).mfa(false), 300);
    let all = all_newest_first(&h);
    assert_eq!(all.len(), 301);

    let first = h.history("");
    assert_eq!(
        ids(&first),
        ids(&all[..20]),
        "default offset 0, limit 20, newest first"
    );
    let raw = h.get("/cash/v1/balance/history").text().unwrap();
    assert!(raw.trim_start().starts_with('['), "a bare JSON array");

    let page = h.history("offset=37&limit=50");
    assert_eq!(ids(&page), ids(&all[37..87]));
    assert_eq!(h.history("offset=290&limit=50").len(), 11);
    assert!(h.history("offset=301").is_empty());
    assert!(h.history("offset=18446744073709551615").is_empty());
    assert_eq!(h.history("limit=1000").len(), 301);

    // Walking pages of 7 yields every entry once, in order, chained.
    let mut walked = Vec::new();
    loop {
        let page = h.history(&format!("offset={}&limit=7", walked.len()));
        if page.is_empty() {
            break;
        }
        walked.extend(page);
    }
    assert_eq!(ids(&walked), ids(&all));
    let mut oldest_first = walked;
    oldest_first.reverse();
    assert_chain(&oldest_first);
    let mut unique = ids(&oldest_first);
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 301);
}

fn check(h: &Harness, all: &[HistoryEntry], query: &str, keep: impl Fn(&HistoryEntry) -> bool) {
    let expected: Vec<&HistoryEntry> = all.iter().filter(|e| keep(e)).collect();
    // A filter matching nothing would prove nothing (except the deliberate unknown type).
    assert_eq!(expected.is_empty(), query.contains("UNKNOWN"), "{query}");
    let got = h.history(&format!("{query}&limit=10000"));
    assert_eq!(
        ids(&got),
        expected
            .iter()
            .map(|e| e.history_id.clone())
            .collect::<Vec<_>>(),
        "{query}"
    );
    // Paging applies to the filtered view.
    let got = h.history(&format!("{query}&offset=3&limit=4"));
    let expected: Vec<String> = expected
        .iter()
        .skip(3)
        .take(4)
        .map(|e| e.history_id.clone())
        .collect();
    assert_eq!(ids(&got), expected, "{query} paged");
}

fn iso(t: OffsetDateTime) -> String {
    solapi_cash_types::Timestamp::from_datetime(t)
        .as_str()
        .to_owned()
}

#[test]
fn every_filter_alone_and_combined() {
    let h = filled(EmulatorConfig::default().rate_limit(None).mfa(false), 2_000);
    let all = all_newest_first(&h);
    let group = all.iter().find_map(|e| e.group_id.clone()).unwrap();
    let amount = all
        .iter()
        .find(|e| e.kind == HistoryType::Deduct)
        .unwrap()
        .balance_amount
        .clone();
    let mid = all[1_000].date_created.datetime();
    let late = all[300].date_created.datetime();
    let pos = |m: &Money| m.is_positive();
    let neg = |m: &Money| m.is_negative();

    check(&h, &all, "type=RECHARGE", |e| {
        e.kind == HistoryType::Recharge
    });
    check(&h, &all, "type=DEDUCT", |e| e.kind == HistoryType::Deduct);
    check(&h, &all, "type=MANUAL", |e| e.kind == HistoryType::Manual);
    check(&h, &all, "type=SET", |e| e.kind == HistoryType::Set);
    check(&h, &all, "type=UNKNOWN", |_| false);
    check(&h, &all, &format!("groupId={group}"), |e| {
        e.group_id.as_deref() == Some(&group)
    });
    check(&h, &all, "rechargeMethod=STRIPE", |e| {
        e.recharge_method == Some(RechargeMethod::Stripe)
    });
    check(&h, &all, "rechargeMethod=ACCOUNT-TRANSFER", |e| {
        e.recharge_method == Some(RechargeMethod::AccountTransfer)
    });
    check(&h, &all, "serviceMethod=MT", |e| {
        e.service_method == Some(ServiceMethod::Mt)
    });
    check(&h, &all, &format!("balanceAmount={amount}"), |e| {
        e.balance_amount == amount
    });
    check(&h, &all, "balanceRecharge=true", |e| pos(&e.balance_amount));
    check(&h, &all, "balanceRecharge=false", |e| {
        !pos(&e.balance_amount)
    });
    check(&h, &all, "balanceDeduct=true", |e| neg(&e.balance_amount));
    check(&h, &all, "balanceDeduct=false", |e| !neg(&e.balance_amount));
    check(&h, &all, "pointRecharge=true", |e| pos(&e.point_amount));
    check(&h, &all, "pointRecharge=false", |e| !pos(&e.point_amount));
    check(&h, &all, "pointDeduct=true", |e| neg(&e.point_amount));
    check(&h, &all, "pointDeduct=false", |e| !neg(&e.point_amount));
    check(&h, &all, &format!("startDate={}", iso(mid)), |e| {
        e.date_created.datetime() >= mid
    });
    check(&h, &all, &format!("endDate={}", iso(late)), |e| {
        e.date_created.datetime() <= late
    });
    check(
        &h,
        &all,
        &format!(
            "startDate={}&endDate={}&type=DEDUCT&pointDeduct=true",
            iso(mid),
            iso(late)
        ),
        |e| {
            let t = e.date_created.datetime();
            t >= mid && t <= late && e.kind == HistoryType::Deduct && neg(&e.point_amount)
        },
    );
    check(
        &h,
        &all,
        "type=MANUAL&balanceRecharge=true&pointDeduct=true",
        |e| e.kind == HistoryType::Manual && pos(&e.balance_amount) && neg(&e.point_amount),
    );
    check(
        &h,
        &all,
        "serviceMethod=MT&balanceDeduct=true&pointDeduct=false",
        |e| {
            e.service_method == Some(ServiceMethod::Mt)
                && neg(&e.balance_amount)
                && !neg(&e.point_amount)
        },
    );
    check(
        &h,
        &all,
        "rechargeMethod=STRIPE&type=RECHARGE&balanceRecharge=true",
        |e| e.recharge_method == Some(RechargeMethod::Stripe) && e.kind == HistoryType::Recharge,
    );
}

#[test]
fn date_forms() {
    let h = Harness::start(
        EmulatorConfig::default()
            .rate_limit(None)
            .mfa(false)
            .demo(true),
    );
    // The demo account: its entries span 2025-01-01 to 2025-06-30.
    let demo = solapi_auth::Credentials::api_key(
        solapi_cash_emulator::demo::DEMO_API_KEY,
        solapi_cash_emulator::demo::DEMO_API_SECRET,
    );
    let get = |query: &str| -> Vec<HistoryEntry> {
        let response = h.get_with(
            &format!("/cash/v1/balance/history?{query}&limit=100000"),
            &common::auth_for(&demo, h.admin.now()),
        );
        assert_eq!(response.status(), 200, "{query}");
        response.json().unwrap()
    };
    let march = get("startDate=2025-03-01&endDate=2025-03-31");
    assert!(!march.is_empty());
    assert!(
        march
            .iter()
            .all(|e| e.date_created.as_str().starts_with("2025-03-"))
    );
    let whole = get("");
    let in_march = whole
        .iter()
        .filter(|e| e.date_created.as_str().starts_with("2025-03-"))
        .count();
    assert_eq!(
        march.len(),
        in_march,
        "date-only endDate covers the whole day"
    );
    // Offsets are honoured: 09:00 in Seoul on March 1st is midnight UTC.
    let seoul = get("startDate=2025-03-01T09:00:00%2B09:00&endDate=2025-03-31T23:59:59.999Z");
    assert_eq!(ids(&seoul), ids(&march));
    let compact = get("startDate=2025-03-01T09:00:00%2B0900&endDate=2025-03-31");
    assert_eq!(ids(&compact), ids(&march));
    assert!(get("startDate=2030-01-01").is_empty());
}

#[test]
fn max_limit_caps_silently() {
    let h = filled(
        EmulatorConfig::default()
            .rate_limit(None)
            .mfa(false)
            .max_limit(25),
        100,
    );
    assert_eq!(h.history("limit=1000").len(), 25);
    assert_eq!(h.history("limit=10").len(), 10);
    assert_eq!(h.history("").len(), 20);
    let all = all_newest_first(&h);
    assert_eq!(ids(&h.history("offset=25&limit=500")), ids(&all[25..50]));
}

#[test]
fn invalid_queries_name_the_parameter() {
    let h = Harness::without_mfa();
    for (query, parameter) in [
        ("limit=abc", "limit"),
        ("limit=0", "limit"),
        ("limit=-3", "limit"),
        ("offset=-1", "offset"),
        ("offset=x", "offset"),
        ("startDate=yesterday", "startDate"),
        ("endDate=2024-13-01", "endDate"),
        ("startDate=2024-05-02&endDate=2024-05-01", "startDate"),
        ("balanceRecharge=yes", "balanceRecharge"),
        ("balanceDeduct=1", "balanceDeduct"),
        ("pointRecharge=TRUE1", "pointRecharge"),
        ("pointDeduct=", "pointDeduct"),
        ("balanceAmount=lots", "balanceAmount"),
    ] {
        let body = expect_error(
            h.get(&format!("/cash/v1/balance/history?{query}")),
            400,
            "ValidationError",
        );
        assert!(
            body.error_message.contains(parameter),
            "{query}: {}",
            body.error_message
        );
    }
}
