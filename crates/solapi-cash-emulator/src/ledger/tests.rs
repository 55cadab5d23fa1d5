//! Unit tests of the ledger: chaining, message charges, pages and filters.

use solapi_cash_types::{HistoryType, Money, RechargeMethod};

use super::query::{DEFAULT_LIMIT, Filter};
use super::*;

fn m(v: i64) -> Money {
    Money::from_i64(v)
}

fn ids() -> impl FnMut(i64) -> HistoryId {
    let mut seq = 0;
    move |ms| {
        seq += 1;
        HistoryId::new(ms, seq)
    }
}

fn assert_chained(ledger: &Ledger) {
    let mut balance = Money::ZERO;
    let mut point = Money::ZERO;
    let mut last_ms = i64::MIN;
    for e in ledger.entries() {
        assert_eq!(e.old_balance, balance);
        assert_eq!(e.old_point, point);
        assert_eq!(
            e.old_balance.checked_add(&e.balance_amount),
            Some(e.new_balance.clone())
        );
        assert_eq!(
            e.old_point.checked_add(&e.point_amount),
            Some(e.new_point.clone())
        );
        assert!(e.date_ms >= last_ms);
        balance = e.new_balance.clone();
        point = e.new_point.clone();
        last_ms = e.date_ms;
    }
    assert_eq!(balance, ledger.balance());
    assert_eq!(point, ledger.point());
}

#[test]
fn changes_chain_and_dates_never_decrease() {
    let mut ledger = Ledger::default();
    let mut id = ids();
    ledger
        .apply(
            Change::recharge(m(10_000), RechargeMethod::Stripe),
            5_000,
            &mut id,
        )
        .unwrap();
    // A clock moved backwards still dates the entry at the newest date.
    let e = ledger
        .apply(
            Change::new(HistoryType::Manual, m(0), m(300)),
            1_000,
            &mut id,
        )
        .unwrap();
    assert_eq!(e.date_ms, 5_000);
    let charge = ledger.message_charge(m(500), "G".to_owned()).unwrap();
    ledger.apply(charge, 6_000, &mut id).unwrap();
    assert_chained(&ledger);
    assert_eq!(ledger.balance(), m(9_800));
    assert_eq!(ledger.point(), m(0));
}

#[test]
fn message_charge_spends_points_first() {
    let mut ledger = Ledger::default();
    let mut id = ids();
    ledger
        .apply(Change::new(HistoryType::Set, m(1_000), m(300)), 0, &mut id)
        .unwrap();
    let small = ledger.message_charge(m(200), "G1".to_owned()).unwrap();
    assert_eq!((small.balance_amount, small.point_amount), (m(0), m(-200)));
    let split = ledger.message_charge(m(500), "G2".to_owned()).unwrap();
    assert_eq!(
        (split.balance_amount, split.point_amount),
        (m(-200), m(-300))
    );
    assert_eq!(split.group_id.as_deref(), Some("G2"));
    let err = ledger
        .message_charge(m(1_301), "G3".to_owned())
        .unwrap_err();
    assert!(matches!(err, LedgerError::Insufficient { .. }));
    assert!(ledger.message_charge(m(1_300), "G4".to_owned()).is_ok());
}

#[test]
fn negative_results_and_overflow_are_refused() {
    let mut ledger = Ledger::default();
    let mut id = ids();
    let err = ledger
        .apply(Change::new(HistoryType::Manual, m(-1), m(0)), 0, &mut id)
        .unwrap_err();
    assert!(matches!(
        err,
        LedgerError::Negative {
            what: "balance",
            ..
        }
    ));
    let huge: Money = "9999999999999999999".parse().unwrap();
    ledger
        .apply(Change::new(HistoryType::Manual, huge, m(0)), 0, &mut id)
        .unwrap();
    let err = ledger
        .apply(Change::new(HistoryType::Manual, m(1), m(0)), 0, &mut id)
        .unwrap_err();
    assert_eq!(err, LedgerError::Overflow);
    assert_eq!(ledger.len(), 1);
}

fn filled(n: u64, seed: u64) -> Ledger {
    let mut ledger = Ledger::default();
    generator::generate(
        &mut ledger,
        n,
        seed,
        1_700_000_000_000,
        1_710_000_000_000,
        ids(),
    )
    .unwrap();
    ledger
}

#[test]
fn generator_is_deterministic_varied_and_chained() {
    let a = filled(3_000, 7);
    let b = filled(3_000, 7);
    assert_eq!(a.len(), 3_000);
    assert_chained(&a);
    let ids_a: Vec<_> = a.entries().iter().map(|e| e.id).collect();
    let ids_b: Vec<_> = b.entries().iter().map(|e| e.id).collect();
    assert_eq!(ids_a, ids_b);
    assert_eq!(a.balance(), b.balance());
    for kind in [
        HistoryType::Recharge,
        HistoryType::Deduct,
        HistoryType::Manual,
        HistoryType::Set,
    ] {
        assert!(
            a.entries().iter().any(|e| e.kind == kind),
            "no {kind} entry"
        );
    }
    // Fractional prices appear, and both balance and point move within one entry.
    assert!(
        a.entries()
            .iter()
            .any(|e| e.balance_amount.to_i64().is_none())
    );
    assert!(
        a.entries()
            .iter()
            .any(|e| { e.balance_amount.is_positive() && e.point_amount.is_negative() })
    );
    assert_ne!(filled(100, 8).balance(), filled(100, 7).balance());
}

/// The reference: every entry newest first, filtered, then offset and limit.
fn naive<'a>(ledger: &'a Ledger, req: &PageRequest) -> Vec<&'a Entry> {
    ledger
        .entries()
        .iter()
        .rev()
        .filter(|e| req.start_ms.is_none_or(|s| e.date_ms >= s))
        .filter(|e| req.end_ms.is_none_or(|end| e.date_ms <= end))
        .filter(|e| req.filter.matches(e))
        .skip(usize::try_from(req.offset).unwrap())
        .take(usize::try_from(req.limit).unwrap())
        .collect()
}

fn page_ids(entries: &[&Entry]) -> Vec<HistoryId> {
    entries.iter().map(|e| e.id).collect()
}

#[test]
fn pages_match_the_reference_for_every_filter() {
    let ledger = filled(2_000, 3);
    let mid = ledger.entries()[700].date_ms;
    let late = ledger.entries()[1_500].date_ms;
    let group = ledger
        .entries()
        .iter()
        .find_map(|e| e.group_id.clone())
        .unwrap();
    let amount = ledger.entries()[100].balance_amount.clone();
    let filters = vec![
        Filter::default(),
        Filter {
            kind: Some(HistoryType::Recharge),
            ..Filter::default()
        },
        Filter {
            kind: Some(HistoryType::Other("NOPE".into())),
            ..Filter::default()
        },
        Filter {
            group_id: Some(group.to_string()),
            ..Filter::default()
        },
        Filter {
            recharge_method: Some(RechargeMethod::AccountTransfer),
            ..Filter::default()
        },
        Filter {
            service_method: Some(solapi_cash_types::ServiceMethod::Mt),
            ..Filter::default()
        },
        Filter {
            balance_amount: Some(amount),
            ..Filter::default()
        },
        Filter {
            balance_recharge: Some(true),
            ..Filter::default()
        },
        Filter {
            balance_recharge: Some(false),
            ..Filter::default()
        },
        Filter {
            balance_deduct: Some(true),
            ..Filter::default()
        },
        Filter {
            point_recharge: Some(true),
            ..Filter::default()
        },
        Filter {
            point_deduct: Some(true),
            point_recharge: Some(false),
            ..Filter::default()
        },
        Filter {
            kind: Some(HistoryType::Manual),
            balance_recharge: Some(true),
            point_deduct: Some(true),
            ..Filter::default()
        },
    ];
    let ranges = [
        (None, None),
        (Some(mid), None),
        (None, Some(late)),
        (Some(mid), Some(late)),
    ];
    for filter in &filters {
        for &(start_ms, end_ms) in &ranges {
            for (offset, limit) in [
                (0, DEFAULT_LIMIT),
                (5, 7),
                (0, 5_000),
                (1_990, 50),
                (9_999, 1),
            ] {
                let req = PageRequest {
                    offset,
                    limit,
                    start_ms,
                    end_ms,
                    filter: filter.clone(),
                };
                assert_eq!(
                    page_ids(&ledger.page(&req)),
                    page_ids(&naive(&ledger, &req)),
                    "{req:?}"
                );
            }
        }
    }
}

#[test]
fn empty_and_inverted_ranges() {
    let ledger = filled(50, 1);
    let req = PageRequest {
        offset: 0,
        limit: 10,
        start_ms: Some(i64::MAX),
        end_ms: None,
        filter: Filter::default(),
    };
    assert!(ledger.page(&req).is_empty());
    let inverted = PageRequest {
        start_ms: Some(1_710_000_000_000),
        end_ms: Some(1_700_000_000_000),
        ..req
    };
    assert!(ledger.page(&inverted).is_empty());
    assert!(
        Ledger::default()
            .page(&PageRequest {
                start_ms: None,
                ..inverted
            })
            .is_empty()
    );
}

#[test]
fn absurd_generation_is_refused_before_allocating() {
    let mut ledger = Ledger::default();
    let err = generator::generate(&mut ledger, u64::MAX, 1, 0, 1, ids()).unwrap_err();
    assert!(matches!(err, LedgerError::TooMany { .. }));
    assert_eq!(ledger.len(), 0);
}

#[test]
fn a_late_entry_goes_among_its_date_and_keeps_the_chain() {
    let mut ledger = Ledger::default();
    let mut next = ids();
    for (ms, amount) in [(1_000, 500), (2_000, -120), (2_000, -30), (3_000, 1000)] {
        let change = Change::new(HistoryType::Manual, m(amount), Money::ZERO);
        ledger.apply(change, ms, &mut next).expect("applied");
    }
    // Newest of the millisecond 2000: after both entries of that date, before 3000.
    let late = ledger
        .insert_late(2_000, Some("late".into()), &mut next)
        .clone();
    let dates: Vec<i64> = ledger.entries().iter().map(|e| e.date_ms).collect();
    assert_eq!(dates, [1_000, 2_000, 2_000, 2_000, 3_000]);
    assert_eq!(ledger.entries()[3].id, late.id);
    assert_eq!(late.old_balance, m(350));
    assert_eq!(late.new_balance, m(350));
    // Before every entry, and on an empty ledger.
    ledger.insert_late(10, None, &mut next);
    assert_eq!(ledger.entries()[0].date_ms, 10);
    assert_eq!(ledger.balance(), m(1350));
    assert_chained(&ledger);
    let mut empty = Ledger::default();
    empty.insert_late(5, None, &mut next);
    assert_chained(&empty);
}
