//! Exports exact for every way a range can be given, while entries arrive (issue 11,
//! finding 4: an end date covering now exported 8,000 duplicates in 25,929 rows).

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use solapi_cash_types::{DateBound, HistoryEntry, HistoryQuery, RechargeRequest, won};
use time::Duration;

use crate::adapters::CashClient;
use crate::fixture::Fixture;
use crate::reliability::figures::{client_name, report};

/// Recharges by other clients keep landing while the export runs; they stop when dropped.
struct Writers {
    done: Arc<AtomicBool>,
    acknowledged: Arc<AtomicU64>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl Writers {
    fn start<C: CashClient>(f: &Fixture, n: usize) -> Writers {
        let done = Arc::new(AtomicBool::new(false));
        let acknowledged = Arc::new(AtomicU64::new(0));
        let threads = (0..n)
            .map(|_| {
                let (done, acknowledged) = (Arc::clone(&done), Arc::clone(&acknowledged));
                let (writer, payment_id) = (f.client::<C>(), f.payment_id.clone());
                std::thread::spawn(move || {
                    while !done.load(Ordering::Relaxed) {
                        writer
                            .recharge(&RechargeRequest::new(won!(10), payment_id.clone()))
                            .expect("a writer's recharge");
                        acknowledged.fetch_add(1, Ordering::Relaxed);
                        // A steady trickle, not a flood: the ledger stays small.
                        std::thread::sleep(std::time::Duration::from_millis(2));
                    }
                })
            })
            .collect();
        Writers {
            done,
            acknowledged,
            threads,
        }
    }

    /// Waits until another recharge has landed.
    fn one_more(&self) {
        let seen = self.acknowledged.load(Ordering::Relaxed);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while self.acknowledged.load(Ordering::Relaxed) == seen {
            assert!(std::time::Instant::now() < deadline, "the writers stopped");
            std::thread::yield_now();
        }
    }

    fn stop(mut self) -> u64 {
        self.done.store(true, Ordering::Relaxed);
        for thread in self.threads.drain(..) {
            thread.join().expect("a writer");
        }
        self.acknowledged.load(Ordering::Relaxed)
    }
}

fn within(e: &HistoryEntry, query: &HistoryQuery) -> bool {
    let at = e.date_created.datetime();
    query.start_date().is_none_or(|s| at >= s.start_instant())
        && query.end_date().is_none_or(|end| at <= end.end_instant())
}

/// Every way a range can be given — none, a start, an end in the future, an end that covers
/// now (today, or the instant now), both, and the CLI's relative forms (`--since 7d --until
/// now`: computed instants) — in pages of 1000, 20 and 5, each export while two other
/// clients recharge: every entry that existed when the export began is exported once, and
/// nothing else.
pub fn exports_are_exact_for_every_way_a_range_can_be_given<C: CashClient>() {
    let f = Fixture::new();
    f.admin.generate_entries(&f.account_id, 2_000, 13).unwrap();
    let now = f.admin.now();
    let instant = DateBound::DateTime;
    let query = |start: Option<DateBound>, end: Option<DateBound>| {
        let mut builder = HistoryQuery::builder();
        if let Some(start) = start {
            builder = builder.start_date(start);
        }
        if let Some(end) = end {
            builder = builder.end_date(end);
        }
        builder.build().unwrap()
    };
    let at = |d: Duration| instant(now + d);
    let ranges: Vec<(&str, HistoryQuery)> = vec![
        ("none", query(None, None)),
        ("start", query(Some(at(-Duration::days(60))), None)),
        (
            "end in the future",
            query(None, Some(at(Duration::hours(1)))),
        ),
        ("end today", query(None, Some(DateBound::Date(now.date())))),
        (
            "both",
            query(Some(at(-Duration::days(90))), Some(at(Duration::days(1)))),
        ),
        (
            "relative: --since 7d --until now",
            query(Some(at(-Duration::days(7))), Some(relative_now(&f))),
        ),
    ];
    let (mut exports, mut rows, mut duplicates, mut recharges) = (0u64, 0u64, 0u64, 0u64);
    for page_size in [1000, 20, 5] {
        let mut settings = f.settings();
        settings.page_size = page_size;
        let exporter = C::connect(&settings).unwrap();
        for (name, query) in &ranges {
            let mut entries = exporter.history_all(query.clone());
            // The first page is the moment whose entries the export must return.
            let first = entries.next().map(|e| e.unwrap().history_id);
            let mut expected: Vec<String> = f
                .admin
                .history(&f.account_id)
                .unwrap()
                .into_iter()
                .filter(|e| within(e, query))
                .map(|e| e.history_id)
                .collect();
            expected.reverse();
            let writers = Writers::start::<C>(&f, 2);
            let mut exported: Vec<String> = first.into_iter().collect();
            for entry in entries {
                exported.push(entry.unwrap().history_id);
                // Recharges land between the pages.
                if (exported.len() as u64).is_multiple_of(page_size) {
                    writers.one_more();
                }
            }
            recharges += writers.stop();
            exports += 1;
            rows += exported.len() as u64;
            let unique: HashSet<&String> = exported.iter().collect();
            duplicates += (exported.len() - unique.len()) as u64;
            assert_eq!(
                exported.len(),
                unique.len(),
                "{name}, pages of {page_size}: duplicated rows"
            );
            assert!(
                exported == expected,
                "{name}, pages of {page_size}: {} rows exported, {} expected",
                exported.len(),
                expected.len()
            );
        }
    }
    report(
        "exports_are_exact_for_every_way_a_range_can_be_given",
        client_name::<C>(),
        &[
            ("exports", exports),
            ("rows", rows),
            ("duplicated_rows", duplicates),
            ("recharges_during_exports", recharges),
        ],
    );
}

/// `--until now` as the CLI computes it: the server's time as a client knows it.
fn relative_now(f: &Fixture) -> DateBound {
    let client = f.client::<crate::Blocking>();
    client.balance().unwrap();
    DateBound::DateTime(client.server_now())
}
