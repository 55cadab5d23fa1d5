//! The pager against a scripted server: exactness while entries arrive, silent caps, the end,
//! and which fetches it hands out when.

use solapi_cash_types::HistoryType;
use solapi_cash_types::money::Money;
use time::macros::datetime;

use super::*;

fn entry(n: u64) -> HistoryEntry {
    let at = datetime!(2024-01-01 00:00 UTC) + time::Duration::seconds(n as i64);
    crate::test_entries::entry(
        HistoryType::Manual,
        Money::from_i64(1),
        at,
        format!("{n:024x}"),
    )
}

/// A server over `ids` (oldest first), answering newest first within the query's dates,
/// capping pages at `cap`.
fn serve(ids: &[u64], query: &HistoryQuery, cap: u64) -> Vec<HistoryEntry> {
    let start = query.start_date().map(DateBound::start_instant);
    let end = query.end_date().map(DateBound::end_instant);
    let visible: Vec<u64> = ids
        .iter()
        .rev()
        .copied()
        .filter(|&n| end.is_none_or(|end| entry(n).date_created.datetime() <= end))
        .filter(|&n| start.is_none_or(|start| entry(n).date_created.datetime() >= start))
        .collect();
    let offset = query.offset().unwrap_or(0) as usize;
    let limit = query.limit().unwrap_or(20).min(cap) as usize;
    visible
        .iter()
        .skip(offset)
        .take(limit)
        .map(|&n| entry(n))
        .collect()
}

fn number(e: &HistoryEntry) -> u64 {
    u64::from_str_radix(&e.history_id, 16).unwrap()
}

/// Runs `pager` to its end against a server over `ids`: each fetch is answered when it is
/// handed out, then `grow_by` entries arrive. Returns the entries (or the error) and the
/// fetches made.
fn run(
    mut pager: HistoryPager,
    ids: &mut Vec<u64>,
    cap: u64,
    grow_by: u64,
) -> (Result<Vec<u64>, Error>, u64) {
    let mut out = Vec::new();
    let mut requests = 0;
    loop {
        match pager.step() {
            ExportStep::Entry(e) => out.push(number(&e)),
            ExportStep::Fetch(request) => {
                requests += 1;
                let page = serve(ids, request.query(), cap);
                // Entries keep arriving while the export runs.
                for _ in 0..grow_by {
                    let next = ids.last().map_or(0, |n| n + 1);
                    ids.push(next);
                }
                pager.deliver(request.ticket(), Ok(page));
            }
            ExportStep::Await(ticket) => panic!("{ticket:?} was delivered when it was handed out"),
            ExportStep::Failed(error) => return (Err(error), requests),
            ExportStep::Finished => return (Ok(out), requests),
        }
    }
}

fn export(ids: &mut Vec<u64>, page_size: u64, cap: u64, grow_by: u64) -> (Vec<u64>, u64) {
    let pager = HistoryPager::new(HistoryQuery::default(), page_size, 10_000);
    let (result, requests) = run(pager, ids, cap, grow_by);
    (result.unwrap(), requests)
}

#[test]
fn exports_everything_once_while_entries_are_added() {
    let mut ids: Vec<u64> = (0..1000).collect();
    let (got, _) = export(&mut ids, 100, u64::MAX, 7);
    let expected: Vec<u64> = (0..1000).rev().collect();
    assert_eq!(got, expected);
}

#[test]
fn a_silent_cap_does_not_end_the_export_early() {
    let mut ids: Vec<u64> = (0..1000).collect();
    let (got, requests) = export(&mut ids, 500, 128, 0);
    assert_eq!(got.len(), 1000);
    // 8 capped pages; once the cap is known the last short page ends it.
    assert_eq!(requests, 8);
}

#[test]
fn stops_on_an_empty_page_and_on_an_exact_multiple() {
    let mut ids: Vec<u64> = (0..300).collect();
    let (got, requests) = export(&mut ids, 100, u64::MAX, 0);
    assert_eq!((got.len(), requests), (300, 4));
    let mut ids = Vec::new();
    assert_eq!(export(&mut ids, 100, u64::MAX, 0), (vec![], 1));
}

#[test]
fn a_server_that_never_ends_hits_the_page_cap() {
    let mut pager = HistoryPager::new(HistoryQuery::default(), 10, 5);
    let mut n = 0;
    let err = loop {
        match pager.step() {
            ExportStep::Fetch(request) => {
                let page: Vec<HistoryEntry> = (0..10)
                    .map(|_| {
                        n += 1;
                        entry(n)
                    })
                    .collect();
                pager.deliver(request.ticket(), Ok(page));
            }
            ExportStep::Entry(_) => {}
            ExportStep::Failed(e) => break e,
            other => panic!("not finished before the cap: {other:?}"),
        }
    };
    assert_eq!(err.kind(), ErrorKind::PageLimit);
    assert!(matches!(pager.step(), ExportStep::Finished));
}

#[test]
fn a_server_repeating_itself_is_an_error() {
    let mut pager = HistoryPager::new(HistoryQuery::default(), 10, 100);
    let page = || (0..10).map(entry).collect::<Vec<_>>();
    let mut fresh = Vec::new();
    let err = loop {
        match pager.step() {
            ExportStep::Fetch(request) => pager.deliver(request.ticket(), Ok(page())),
            ExportStep::Entry(e) => fresh.push(e),
            ExportStep::Failed(e) => break e,
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(fresh.len(), 10);
    assert_eq!(err.kind(), ErrorKind::Decode);
}

#[test]
fn a_failed_fetch_ends_the_export_with_its_error() {
    let mut pager = HistoryPager::new(HistoryQuery::default(), 2, 100);
    let ExportStep::Fetch(first) = pager.step() else {
        panic!("the first page is fetched first");
    };
    let error = Error::new(Operation::History, ErrorKind::Server, Outcome::NotApplied);
    pager.deliver(first.ticket(), Err(error));
    assert!(matches!(pager.step(), ExportStep::Failed(e) if e.kind() == ErrorKind::Server));
    assert!(matches!(pager.step(), ExportStep::Finished));
}

#[test]
fn the_next_page_is_fetched_before_the_current_one_is_consumed_once_the_end_is_pinned() {
    let mut pager = HistoryPager::new(HistoryQuery::default(), 2, 100);
    let ExportStep::Fetch(first) = pager.step() else {
        panic!("the first page is fetched first");
    };
    assert_eq!(first.query().offset(), Some(0));
    // Nothing more until the first page has pinned the range.
    assert!(matches!(pager.step(), ExportStep::Await(t) if t == first.ticket()));
    pager.deliver(first.ticket(), Ok(vec![entry(9), entry(8)]));
    let ExportStep::Fetch(second) = pager.step() else {
        panic!("the second page is fetched before the first is yielded");
    };
    assert_eq!(second.query().offset(), Some(2));
    assert_eq!(
        second.query().end_date(),
        Some(&DateBound::DateTime(entry(9).date_created.datetime()))
    );
    assert!(matches!(pager.step(), ExportStep::Entry(e) if number(&e) == 9));
    assert!(matches!(pager.step(), ExportStep::Entry(e) if number(&e) == 8));
    // One page travels at a time: the pager waits for it.
    assert!(matches!(pager.step(), ExportStep::Await(t) if t == second.ticket()));
    assert_eq!(pager.window(), PREFETCH_WINDOW);
}

/// Issue 11, finding 4: an end given by the caller that lies in the future or covers now
/// was not pinned, and entries arriving during the export were exported twice.
#[test]
fn a_given_end_is_pinned_to_the_newest_entry_when_that_is_earlier() {
    let second_query = |given: &HistoryQuery, first_page: Vec<HistoryEntry>| {
        let mut pager = HistoryPager::new(given.clone(), 2, 100);
        let ExportStep::Fetch(first) = pager.step() else {
            panic!()
        };
        pager.deliver(first.ticket(), Ok(first_page));
        let ExportStep::Fetch(second) = pager.step() else {
            panic!()
        };
        second.query().clone()
    };
    let newest = DateBound::DateTime(entry(9).date_created.datetime());
    for end in [
        DateBound::DateTime(datetime!(2030-01-01 00:00 UTC)),
        // A day covering the entries: its end instant is later than the newest entry.
        DateBound::Date(time::macros::date!(2024 - 01 - 01)),
        DateBound::DateTime(entry(9).date_created.datetime() + time::Duration::milliseconds(1)),
    ] {
        let given = HistoryQuery::builder().end_date(end).build().unwrap();
        let query = second_query(&given, vec![entry(9), entry(8)]);
        assert_eq!(query.end_date(), Some(&newest), "{end}");
    }
    // A server that ignored an earlier end: the caller's end stays.
    let end = DateBound::DateTime(entry(5).date_created.datetime());
    let given = HistoryQuery::builder().end_date(end).build().unwrap();
    assert_eq!(
        second_query(&given, vec![entry(9), entry(8)]).end_date(),
        Some(&end)
    );
}

#[test]
fn exact_while_entries_arrive_for_every_way_a_range_can_be_given() {
    let at = |n: u64| entry(n).date_created.datetime();
    let far = datetime!(2030-01-01 00:00 UTC);
    let ranges: Vec<(&str, HistoryQuery)> = vec![
        ("none", HistoryQuery::default()),
        (
            "start",
            HistoryQuery::builder().start_date(at(100)).build().unwrap(),
        ),
        (
            "end in the future",
            HistoryQuery::builder().end_date(far).build().unwrap(),
        ),
        (
            "both, end in the future",
            HistoryQuery::builder()
                .start_date(at(100))
                .end_date(far)
                .build()
                .unwrap(),
        ),
    ];
    for (name, query) in ranges {
        let start = query.start_date().map(DateBound::start_instant);
        let mut ids: Vec<u64> = (0..1000).collect();
        let expected: Vec<u64> = ids
            .iter()
            .rev()
            .copied()
            .filter(|&n| start.is_none_or(|s| at(n) >= s))
            .collect();
        for page_size in [5, 20, 1000] {
            let mut ids = ids.clone();
            let pager = HistoryPager::new(query.clone(), page_size, 10_000);
            let (result, _) = run(pager, &mut ids, 1000, 7);
            assert_eq!(result.unwrap(), expected, "{name}, pages of {page_size}");
        }
        ids.clear();
    }
}

#[test]
fn a_wider_window_delivers_in_order_and_refetches_wrong_predictions() {
    // The shape that concurrent exports use: several pages outstanding, answered out of
    // order, at offsets predicted before a silent cap (4) is known.
    let ids: Vec<u64> = (0..37).collect();
    let mut pager = HistoryPager::new(HistoryQuery::default(), 10, 1000);
    pager.window = 3;
    let mut out = Vec::new();
    let mut outstanding: Vec<PageRequest> = Vec::new();
    let mut most_outstanding = 0;
    loop {
        match pager.step() {
            ExportStep::Entry(e) => out.push(number(&e)),
            ExportStep::Fetch(request) => {
                outstanding.push(request);
                most_outstanding = most_outstanding.max(pager.outstanding.len());
            }
            ExportStep::Await(ticket) => {
                // Answer the newest first: deliveries in any order.
                while let Some(request) = outstanding.pop() {
                    let page = serve(&ids, request.query(), 4);
                    pager.deliver(request.ticket(), Ok(page));
                }
                assert!(
                    !pager
                        .outstanding
                        .iter()
                        .any(|o| o.ticket == ticket && o.result.is_none())
                );
            }
            ExportStep::Failed(e) => panic!("{e}"),
            ExportStep::Finished => break,
        }
    }
    let expected: Vec<u64> = (0..37).rev().collect();
    assert_eq!(out, expected);
    assert_eq!(most_outstanding, 3);
}
