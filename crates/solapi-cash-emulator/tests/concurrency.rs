//! Ledger invariants under concurrent load over real HTTP: 8 threads × 500 recharges, mixed
//! with message charges and readers. Nothing is lost: the final balance is the start plus
//! every acknowledged recharge minus every charge, each acknowledged recharge has its
//! entry, and the chain is unbroken.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::HashSet;
use std::sync::Arc;

use common::{Harness, assert_chain, money};
use solapi_cash_types::{HistoryType, Money, RechargeResponse};

const THREADS: usize = 8;
const PER_THREAD: usize = 500;
const CHARGES: usize = 200;

#[test]
fn concurrent_recharges_lose_nothing() {
    let h = Arc::new(Harness::without_mfa());
    let start = h.admin.account_state(&h.account_id).unwrap().balance;

    let writers: Vec<_> = (0..THREADS)
        .map(|t| {
            let h = Arc::clone(&h);
            std::thread::spawn(move || {
                let client = reqwest::blocking::Client::new();
                let mut acks = Vec::with_capacity(PER_THREAD);
                for i in 0..PER_THREAD {
                    // Distinct amounts, some fractional, so sums would show a lost update.
                    let amount = format!("{}.{}", 1 + t * 1_000 + i, i % 10);
                    let body = format!(r#"{{"amount":{amount},"paymentId":"{}"}}"#, h.payment_id);
                    let response = client
                        .post(h.url("/cash/v1/balance"))
                        .header("Authorization", h.auth())
                        .header("Content-Type", "application/json")
                        .body(body)
                        .send()
                        .unwrap();
                    assert_eq!(response.status(), 200);
                    let ack: RechargeResponse = response.json().unwrap();
                    assert_eq!(ack.balance_amount, amount.parse::<Money>().unwrap());
                    acks.push(ack);
                }
                acks
            })
        })
        .collect();
    // Message charges and readers at the same time, through the admin API and HTTP.
    let charger = {
        let h = Arc::clone(&h);
        std::thread::spawn(move || {
            for _ in 0..CHARGES {
                h.admin
                    .charge_message(&h.account_id, money(3), Some("G4VCONCURRENT"))
                    .unwrap();
            }
        })
    };
    let reader = {
        let h = Arc::clone(&h);
        std::thread::spawn(move || {
            for _ in 0..50 {
                let page = h.history("limit=100");
                let mut oldest_first = page;
                oldest_first.reverse();
                assert_chain(&oldest_first);
            }
        })
    };

    let acks: Vec<RechargeResponse> = writers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    charger.join().unwrap();
    reader.join().unwrap();
    assert_eq!(acks.len(), THREADS * PER_THREAD);

    let recharged = acks
        .iter()
        .try_fold(Money::ZERO, |sum, a| sum.checked_add(&a.balance_amount))
        .unwrap();
    let charged = Money::from_i64(3 * i64::try_from(CHARGES).unwrap());
    let expected = start
        .checked_add(&recharged)
        .and_then(|m| m.checked_sub(&charged))
        .unwrap();
    let state = h.admin.account_state(&h.account_id).unwrap();
    assert_eq!(state.balance, expected);

    let history = h.admin.history(&h.account_id).unwrap();
    assert_eq!(history.len(), 1 + THREADS * PER_THREAD + CHARGES);
    assert_chain(&history);
    assert_eq!(history.last().unwrap().new_balance, expected);

    // Every acknowledged recharge has its own entry, with the values it acknowledged.
    let by_id: std::collections::HashMap<&str, _> =
        history.iter().map(|e| (e.history_id.as_str(), e)).collect();
    assert_eq!(by_id.len(), history.len(), "history ids are unique");
    let mut seen = HashSet::new();
    for ack in &acks {
        let entry = by_id[ack.history_id.as_str()];
        assert!(seen.insert(&ack.history_id));
        assert_eq!(entry.kind, HistoryType::Recharge);
        assert_eq!(entry.old_balance, ack.old_balance);
        assert_eq!(entry.new_balance, ack.new_balance);
        assert_eq!(entry.balance_amount, ack.balance_amount);
    }
    // The API's view agrees with the admin's.
    let newest = &h.history("limit=1")[0];
    assert_eq!(newest.history_id, history.last().unwrap().history_id);
}
