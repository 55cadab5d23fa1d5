//! The pager against a scripted server, with virtual time and no threads: every completion
//! order of the fetches in flight, entries inserted inside the range between out-of-order
//! reads, silent caps (from the start or appearing mid-export), the end, failures, the window,
//! `Retry-After`, pinning, and the invariants after every step.

use std::time::Duration;

use proptest::prelude::*;
use solapi_cash_types::HistoryType;
use solapi_cash_types::models::HistoryEntry;
use solapi_cash_types::money::Money;
use time::OffsetDateTime;
use time::macros::datetime;

use super::*;

const T0: OffsetDateTime = datetime!(2024-01-01 00:00 UTC);

/// Entry `id`, dated `ms` milliseconds after `T0`.
fn entry(id: u64, ms: i64) -> HistoryEntry {
    crate::test_entries::entry(
        HistoryType::Manual,
        Money::from_i64(1),
        T0 + time::Duration::milliseconds(ms),
        format!("{id:024x}"),
    )
}

fn number(e: &HistoryEntry) -> u64 {
    u64::from_str_radix(&e.history_id, 16).unwrap_or(u64::MAX)
}

/// The service, as the pager sees it: entries in storage order (oldest first, dates never
/// decreasing), answered newest first within the query's dates, `cap` at most per page.
#[derive(Debug, Clone)]
struct Server {
    /// (id, milliseconds after T0), oldest first.
    list: Vec<(u64, i64)>,
    cap: u64,
    next_id: u64,
    requests: Vec<HistoryQuery>,
    /// Whether `endDate` excludes its own instant (the service's documentation does not say).
    exclusive_end: bool,
}

impl Server {
    /// `n` entries one second apart, ids 0..n.
    fn new(n: u64, cap: u64) -> Server {
        Server {
            list: (0..n).map(|i| (i, i as i64 * 1000)).collect(),
            cap,
            next_id: n,
            requests: Vec::new(),
            exclusive_end: false,
        }
    }

    fn serve(&mut self, query: &HistoryQuery) -> Vec<HistoryEntry> {
        self.requests.push(query.clone());
        let end = query.end_date().map(DateBound::end_instant);
        let start = query.start_date().map(DateBound::start_instant);
        let offset = query.offset().unwrap_or(0) as usize;
        let limit = query.limit().unwrap_or(20).min(self.cap) as usize;
        let exclusive = self.exclusive_end;
        self.list
            .iter()
            .rev()
            .map(|&(id, secs)| entry(id, secs))
            .filter(|e| {
                end.is_none_or(|end| {
                    let at = e.date_created.datetime();
                    if exclusive { at < end } else { at <= end }
                })
            })
            .filter(|e| start.is_none_or(|start| e.date_created.datetime() >= start))
            .skip(offset)
            .take(limit)
            .collect()
    }

    /// A new entry at the head (after the pinned end: outside the range).
    fn append(&mut self) {
        let ms = self.list.last().map_or(0, |&(_, ms)| ms + 1000);
        self.list.push((self.next_id, ms));
        self.next_id += 1;
    }

    /// A new entry dated `ms`, the newest of that millisecond (inside the range when `ms` is
    /// at or before the pinned end: every later offset shifts by one).
    fn insert_at(&mut self, ms: i64) -> u64 {
        let at = self.list.partition_point(|&(_, m)| m <= ms);
        let id = self.next_id;
        self.list.insert(at, (id, ms));
        self.next_id += 1;
        id
    }

    /// The ids newest first, as the list stands.
    fn newest_first(&self) -> Vec<u64> {
        self.list.iter().rev().map(|&(id, _)| id).collect()
    }
}

/// The pager's next step, which must be a fetch.
fn next_fetch(p: &mut HistoryPager) -> PageRequest {
    match p.step(Duration::ZERO) {
        ExportStep::Fetch(fetch) => fetch,
        other => panic!("expected a fetch, got {other:?}"),
    }
}

/// Answers `fetch` with `entries`.
fn answer(p: &mut HistoryPager, fetch: &PageRequest, entries: Vec<HistoryEntry>) {
    p.deliver(
        fetch.ticket(),
        PageOutcome::new(Ok(HistoryPage::from_entries(entries))),
        Duration::ZERO,
    );
}

/// A small deterministic generator, for completion orders and insertions.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

/// What happens between two completions.
#[derive(Debug, Clone, Copy)]
enum Writes {
    None,
    /// New entries at the head (outside the pinned range).
    Appends,
    /// New entries inside the pinned range, backdated to instants no other entry has: one
    /// before a completion in `rate` on average.
    Inside {
        rate: usize,
    },
    /// New entries inside the pinned range in the same millisecond as an entry already
    /// there (the pinned end's, or any other): fewer than a page of them in all, the bound
    /// within which a shift can be told from the ids alone.
    Ties {
        budget: usize,
    },
}

/// How one run went.
#[derive(Debug)]
struct Run {
    out: Vec<u64>,
    error: Option<Error>,
    /// The ids visible in the range when the first page was served, newest first.
    visible_at_start: Vec<u64>,
    inserted: Vec<u64>,
    most_in_flight: usize,
    steps: Vec<String>,
}

/// Drives `pager` against `server` to its end: fetches complete in an order chosen by `seed`
/// (each is served when it completes, so a later page can be served before an earlier one),
/// with `writes` between completions. Checks the invariants after every step.
fn drive(mut pager: HistoryPager, server: &mut Server, seed: u64, writes: Writes) -> Run {
    let mut rng = Rng(seed | 1);
    let mut now = Duration::ZERO;
    let mut in_flight: Vec<PageRequest> = Vec::new();
    let mut run = Run {
        out: Vec::new(),
        error: None,
        visible_at_start: Vec::new(),
        inserted: Vec::new(),
        most_in_flight: 0,
        steps: Vec::new(),
    };
    let mut pinned_end: Option<i64> = None;
    let mut budget = match writes {
        Writes::Ties { budget } => budget,
        _ => 0,
    };
    for _ in 0..100_000 {
        let step = pager.step(now);
        run.steps.push(match &step {
            ExportStep::Page(p) => format!("page {}", p.len()),
            ExportStep::Fetch(r) => format!("fetch {:?} {:?}", r.ticket(), r.query().offset()),
            ExportStep::Cancel(t) => format!("cancel {t:?}"),
            ExportStep::Await { at_most } => format!("await {at_most:?}"),
            ExportStep::Failed(e) => format!("failed {:?}", e.kind()),
            ExportStep::Finished => "finished".into(),
        });
        check_invariants(&pager);
        match step {
            ExportStep::Page(page) => {
                assert!(!page.is_empty(), "pages handed out are never empty");
                run.out.extend(page.entries().iter().map(number));
            }
            ExportStep::Fetch(request) => {
                in_flight.push(request);
                run.most_in_flight = run.most_in_flight.max(in_flight.len());
            }
            ExportStep::Cancel(_) => {}
            ExportStep::Await { at_most } => {
                if in_flight.is_empty() {
                    now += at_most.expect("an await with nothing in flight has a deadline");
                    continue;
                }
                let request = in_flight.swap_remove(rng.below(in_flight.len()));
                let first = server.requests.is_empty();
                match writes {
                    Writes::None => {}
                    Writes::Appends => server.append(),
                    Writes::Inside { rate } => {
                        if let Some(end) = pinned_end
                            && rng.below(rate) == 0
                        {
                            // Between two whole seconds, at an instant no other entry has.
                            let before = end / 1000 - rng.below((end / 1000) as usize + 1) as i64;
                            let ms = before * 1000 - 1 - rng.below(998) as i64;
                            if !server.list.iter().any(|&(_, m)| m == ms) {
                                run.inserted.push(server.insert_at(ms));
                            }
                        }
                    }
                    Writes::Ties { .. } => {
                        if let Some(end) = pinned_end
                            && budget > 0
                            && rng.below(4) == 0
                        {
                            budget -= 1;
                            let second = if rng.below(2) == 0 {
                                end
                            } else {
                                end - 1000 * rng.below((end / 1000) as usize + 1) as i64
                            };
                            run.inserted.push(server.insert_at(second));
                        }
                    }
                }
                let page = server.serve(request.query());
                if first {
                    run.visible_at_start = server.newest_first();
                    pinned_end = page
                        .first()
                        .map(|e| (e.date_created.datetime() - T0).whole_milliseconds() as i64);
                }
                now += Duration::from_millis(20);
                pager.deliver(
                    request.ticket(),
                    PageOutcome::new(Ok(HistoryPage::from_entries(page)))
                        .latency(Duration::from_millis(20)),
                    now,
                );
            }
            ExportStep::Failed(error) => {
                run.error = Some(error);
                assert!(matches!(
                    pager.step(now),
                    ExportStep::Finished | ExportStep::Cancel(_)
                ));
                return run;
            }
            ExportStep::Finished => return run,
        }
    }
    panic!(
        "the export did not end: {:?}",
        &run.steps[run.steps.len() - 20..]
    );
}

fn check_invariants(pager: &HistoryPager) {
    let cap = pager.window.cap() as usize;
    assert!(pager.slots.len() <= pager.window.size().max(1) as usize + 1);
    assert!(pager.window.size() as usize <= cap);
    assert!(
        pager.running.len() <= cap,
        "{} in flight, cap {cap}",
        pager.running.len()
    );
    let held: usize = pager
        .slots
        .iter()
        .filter_map(|s| s.page.as_ref().and_then(|p| p.as_ref().ok()))
        .map(HistoryPage::len)
        .sum::<usize>()
        + pager.ready.as_ref().map_or(0, HistoryPage::len);
    assert!(
        held as u64 <= (cap as u64 + 1) * pager.page_size,
        "{held} entries held"
    );
}

fn pager(page_size: u64, concurrency: Concurrency) -> HistoryPager {
    HistoryPager::new(HistoryQuery::default(), page_size, 100_000, concurrency)
}

/// Every entry visible at the start is yielded exactly once, in list order; nothing else but
/// entries inserted during the export.
fn assert_exact(run: &Run, server: &Server) {
    assert!(run.error.is_none(), "{:?}", run.error);
    let mut seen = std::collections::HashSet::new();
    for id in &run.out {
        assert!(seen.insert(*id), "{id} yielded twice");
    }
    for id in &run.visible_at_start {
        assert!(seen.contains(id), "{id} was lost");
    }
    for id in &run.out {
        assert!(
            run.visible_at_start.contains(id) || run.inserted.contains(id),
            "{id} is not in the range"
        );
    }
    // In the order of the list as it ends.
    let order = server.newest_first();
    let positions: Vec<usize> = run
        .out
        .iter()
        .map(|id| order.iter().position(|o| o == id).unwrap_or(usize::MAX))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "out of order");
}

/// What was yielded before an error: each at most once, in list order, and every entry
/// visible at the start up to the last one yielded.
fn assert_exact_prefix(run: &Run, server: &Server) {
    let mut seen = std::collections::HashSet::new();
    for id in &run.out {
        assert!(seen.insert(*id), "{id} yielded twice");
    }
    let order = server.newest_first();
    let at = |id: &u64| order.iter().position(|o| o == id).unwrap_or(usize::MAX);
    let positions: Vec<usize> = run.out.iter().map(at).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "out of order");
    let reached = positions.last().copied().unwrap_or(0);
    for id in &run.visible_at_start {
        if at(id) < reached {
            assert!(seen.contains(id), "{id} was lost");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_completion_order_yields_what_the_sequential_pager_yields(
        seed in any::<u64>(),
        n in 0u64..400,
        page_size in prop::sample::select(vec![1u64, 2, 7, 10, 100]),
        fixed in prop::option::of(1u32..=8),
    ) {
        let concurrency = fixed.map_or(Concurrency::adaptive(), Concurrency::fixed);
        let mut server = Server::new(n, u64::MAX);
        let run = drive(pager(page_size, concurrency), &mut server, seed, Writes::Appends);
        // Entries appended after the first page are after the pinned end: not exported.
        prop_assert_eq!(&run.out, &run.visible_at_start);
        prop_assert!(run.out.len() as u64 >= n);
    }

    #[test]
    fn insertions_inside_the_range_lose_nothing_and_repeat_nothing(
        seed in any::<u64>(),
        pages in 1u64..12,
        page_size in prop::sample::select(vec![10u64, 25, 100]),
        concurrency in prop::sample::select(vec![Concurrency::fixed(8), Concurrency::fixed(3), Concurrency::adaptive()]),
    ) {
        // Fewer insertions between two reads than a page holds, on average: about what
        // the window's fetches see of each other. At least one full page, so that the
        // server's page size is not mistaken for a cap (a history shorter than a page,
        // growing under the probe, looks like a server capping pages at that length: then
        // a page holds fewer entries than insertions can arrive, the flood case below).
        let rate = (64 / page_size as usize).max(4);
        let n = pages * page_size + (seed % page_size);
        let mut server = Server::new(n, u64::MAX);
        let run = drive(pager(page_size, concurrency), &mut server, seed, Writes::Inside { rate });
        assert_exact(&run, &server);
    }

    #[test]
    fn a_flood_of_insertions_is_exact_or_fails_with_an_exact_prefix(
        seed in any::<u64>(),
        n in 1u64..300,
    ) {
        // More entries arrive between two reads than a page holds: pages lie wholly before
        // the last entry yielded. The export may give up (a server that only repeats itself
        // looks the same), but never loses or repeats an entry.
        let mut server = Server::new(n, u64::MAX);
        let run = drive(pager(3, Concurrency::fixed(8)), &mut server, seed, Writes::Inside { rate: 1 });
        if run.error.is_none() {
            assert_exact(&run, &server);
        } else {
            assert_exact_prefix(&run, &server);
        }
    }

    #[test]
    fn insertions_in_an_occupied_millisecond_lose_nothing_and_repeat_nothing(
        seed in any::<u64>(),
        n in 1u64..300,
        page_size in prop::sample::select(vec![3u64, 10, 25]),
    ) {
        let mut server = Server::new(n, u64::MAX);
        let writes = Writes::Ties { budget: page_size as usize - 1 };
        let run = drive(pager(page_size, Concurrency::fixed(8)), &mut server, seed, writes);
        assert_exact(&run, &server);
    }

    #[test]
    fn a_silent_cap_is_learned_whatever_the_order(
        seed in any::<u64>(),
        n in 0u64..300,
        cap in 1u64..40,
    ) {
        let mut server = Server::new(n, cap);
        let run = drive(pager(50, Concurrency::fixed(8)), &mut server, seed, Writes::None);
        let expected: Vec<u64> = (0..n).rev().collect();
        prop_assert_eq!(&run.out, &expected);
    }

    #[test]
    fn the_same_script_gives_the_same_steps(seed in any::<u64>(), n in 0u64..200) {
        let writes = Writes::Inside { rate: 3 };
        let a = drive(pager(10, Concurrency::adaptive()), &mut Server::new(n, u64::MAX), seed, writes);
        let b = drive(pager(10, Concurrency::adaptive()), &mut Server::new(n, u64::MAX), seed, writes);
        prop_assert_eq!(a.steps, b.steps);
    }
}

#[test]
fn without_the_overlap_the_same_insertions_lose_entries() {
    // The proof that the test above can fail: the same scripts, pages asked at the offsets
    // their predecessors predict, with no overlap to check them.
    let lost = (1..200u64).any(|seed| {
        let mut server = Server::new(120, u64::MAX);
        let mut p = pager(10, Concurrency::fixed(8));
        p.overlap = false;
        let run = drive(p, &mut server, seed, Writes::Inside { rate: 3 });
        run.visible_at_start.iter().any(|id| !run.out.contains(id))
    });
    assert!(lost, "no script lost an entry without the overlap");
}

#[test]
fn the_example_of_the_design_note() {
    // Pages of 4 over a b c d | e f g h | i j k l (l oldest); X arrives at the head of the
    // range between the reads of the second and the third page.
    let mut server = Server::new(12, u64::MAX);
    let mut p = pager(4, Concurrency::fixed(2));
    let first = next_fetch(&mut p);
    let page = server.serve(first.query());
    answer(&mut p, &first, page);
    let second = next_fetch(&mut p);
    let third = next_fetch(&mut p);
    // The third page is asked one entry early, and its predecessor's offset is exact.
    assert_eq!(
        (second.query().offset(), third.query().offset()),
        (Some(4), Some(7))
    );
    assert!(matches!(p.step(Duration::ZERO), ExportStep::Page(page) if page.len() == 4));
    // The third is served before X, the second after it.
    let third_page = server.serve(third.query());
    server.insert_at(11_000);
    let second_page = server.serve(second.query());
    answer(&mut p, &third, third_page);
    answer(&mut p, &second, second_page);
    let mut out = Vec::new();
    let mut refetched = Vec::new();
    loop {
        match p.step(Duration::ZERO) {
            ExportStep::Page(page) => out.extend(page.entries().iter().map(number)),
            ExportStep::Fetch(request) => {
                refetched.push(request.query().offset());
                let page = server.serve(request.query());
                answer(&mut p, &request, page);
            }
            ExportStep::Finished => break,
            other => panic!("{other:?}"),
        }
    }
    // The third page did not continue the second (g is not in it): fetched again at 8.
    assert!(refetched.contains(&Some(8)), "{refetched:?}");
    assert_eq!(p.refetches(), 1);
    assert_eq!(out, [7, 6, 5, 4, 3, 2, 1, 0]);
}

/// Runs to the end with every fetch answered as soon as it is handed out; returns the
/// entries and the requests' offsets.
fn sequential(pager: HistoryPager, server: &mut Server) -> (Result<Vec<u64>, Error>, Vec<u64>) {
    sequential_with(pager, server, |_, _| {})
}

/// [`sequential`], with `before(i, server)` run before the `i`-th fetch (from 0) is served.
fn sequential_with(
    mut pager: HistoryPager,
    server: &mut Server,
    mut before: impl FnMut(usize, &mut Server),
) -> (Result<Vec<u64>, Error>, Vec<u64>) {
    let mut out = Vec::new();
    loop {
        match pager.step(Duration::ZERO) {
            ExportStep::Page(page) => out.extend(page.entries().iter().map(number)),
            ExportStep::Fetch(request) => {
                before(server.requests.len(), server);
                let page = server.serve(request.query());
                pager.deliver(
                    request.ticket(),
                    PageOutcome::new(Ok(HistoryPage::from_entries(page))),
                    Duration::ZERO,
                );
            }
            ExportStep::Cancel(_) => {}
            ExportStep::Await { .. } => panic!("every fetch was answered when handed out"),
            ExportStep::Failed(e) => return (Err(e), offsets(server)),
            ExportStep::Finished => return (Ok(out), offsets(server)),
        }
    }
}

fn offsets(server: &Server) -> Vec<u64> {
    server
        .requests
        .iter()
        .map(|q| q.offset().unwrap_or(0))
        .collect()
}

#[test]
fn one_in_flight_makes_the_sequential_requests() {
    // 300 entries in pages of 100: three full pages, then the empty page that proves the end.
    let mut server = Server::new(300, u64::MAX);
    let (out, offsets) = sequential(pager(100, Concurrency::fixed(1)), &mut server);
    assert_eq!(out.map(|o| o.len()).ok(), Some(300));
    assert_eq!(offsets, [0, 100, 200, 300]);
    // Every request after the first has the pinned end and the page size.
    let pinned = DateBound::DateTime(T0 + time::Duration::milliseconds(299_001));
    assert!(
        server.requests[1..]
            .iter()
            .all(|q| q.end_date() == Some(&pinned))
    );
    assert!(server.requests.iter().all(|q| q.limit() == Some(100)));
    assert_eq!(server.requests[0].end_date(), None);
    // A short last page with the cap unknown: one more exact request.
    let mut server = Server::new(250, u64::MAX);
    let (_, offsets) = sequential(pager(100, Concurrency::fixed(1)), &mut server);
    assert_eq!(offsets, [0, 100, 200, 250]);
    // An empty history: one request.
    let mut server = Server::new(0, u64::MAX);
    let (out, offsets) = sequential(pager(100, Concurrency::fixed(1)), &mut server);
    assert_eq!((out.map(|o| o.len()).ok(), offsets), (Some(0), vec![0]));
}

#[test]
fn a_cap_from_the_start_is_probed_once_then_strided() {
    // Pages of 1000 asked, 100 served: one probe at 100, then strides of 100 (one early).
    let mut server = Server::new(1000, 100);
    let mut p = pager(1000, Concurrency::fixed(8));
    let (out, offsets) = sequential_with_window(&mut p, &mut server);
    assert_eq!(out.len(), 1000);
    assert_eq!(&offsets[..4], [0, 100, 200, 299]);
    assert!(
        offsets
            .iter()
            .all(|o| o % 99 == 0 || o % 100 == 0 || *o <= 1000)
    );
}

/// Answers the window's fetches in order of issue, several in flight at once.
fn sequential_with_window(p: &mut HistoryPager, server: &mut Server) -> (Vec<u64>, Vec<u64>) {
    let mut out = Vec::new();
    let mut in_flight: std::collections::VecDeque<PageRequest> = Default::default();
    loop {
        match p.step(Duration::ZERO) {
            ExportStep::Page(page) => out.extend(page.entries().iter().map(number)),
            ExportStep::Fetch(request) => in_flight.push_back(request),
            ExportStep::Cancel(_) => {}
            ExportStep::Await { .. } => {
                let request = in_flight.pop_front().expect("something in flight");
                let page = server.serve(request.query());
                answer(p, &request, page);
            }
            ExportStep::Failed(e) => panic!("{e}"),
            ExportStep::Finished => return (out, offsets(server)),
        }
    }
}

#[test]
fn a_cap_appearing_mid_export_with_eight_in_flight_costs_the_wrong_strides_only() {
    let mut server = Server::new(3000, u64::MAX);
    let mut p = pager(1000, Concurrency::fixed(8));
    // First page served in full, then the server starts capping at 100.
    let first = next_fetch(&mut p);
    let page = server.serve(first.query());
    answer(&mut p, &first, page);
    server.cap = 100;
    let mut offsets_issued = Vec::new();
    let mut cancelled = 0;
    let mut out: Vec<u64> = Vec::new();
    let mut in_flight: std::collections::VecDeque<PageRequest> = Default::default();
    loop {
        match p.step(Duration::ZERO) {
            ExportStep::Page(page) => out.extend(page.entries().iter().map(number)),
            ExportStep::Fetch(request) => {
                offsets_issued.push(request.query().offset().unwrap_or(0));
                in_flight.push_back(request);
            }
            ExportStep::Cancel(_) => cancelled += 1,
            ExportStep::Await { .. } => {
                let request = in_flight.pop_front().expect("in flight");
                let page = server.serve(request.query());
                answer(&mut p, &request, page);
            }
            ExportStep::Failed(e) => panic!("{e}"),
            ExportStep::Finished => break,
        }
    }
    assert_eq!(out, (0..3000).rev().collect::<Vec<u64>>());
    // 8 in flight at 1000 (exact), then 1999, 2998: 2 wrongly strided fetches (the window
    // was 8 but the list ends past 2998), cancelled as soon as the short page showed the cap.
    assert_eq!(&offsets_issued[..3], [1000, 1999, 2998]);
    assert!(cancelled >= 1);
    // Then a probe at 1100 and strides of 100, one entry early.
    let probe = offsets_issued
        .iter()
        .position(|&o| o == 1100)
        .expect("probed at 1100");
    assert_eq!(offsets_issued.get(probe + 1), Some(&1200));
    assert_eq!(offsets_issued.get(probe + 2), Some(&1299));
}

#[test]
fn the_end_with_pages_in_flight() {
    // 20,500 entries in pages of 1000, 8 in flight: the short page's later slots are
    // cancelled, and one exact request proves the end.
    let mut server = Server::new(20_500, u64::MAX);
    let mut p = pager(1000, Concurrency::fixed(8));
    let (out, offsets) = sequential_with_window(&mut p, &mut server);
    assert_eq!(out.len(), 20_500);
    assert_eq!(offsets.last(), Some(&20_500));
    // When the list ends right after a full page, the page after it holds only the entry it
    // overlaps, and ends the export without a probe: 2000 entries, strides of 999 after the
    // exact page at 1000, the page at 1999 holds entry 1999 alone.
    let mut server = Server::new(2000, u64::MAX);
    let mut p = pager(1000, Concurrency::fixed(2));
    let (out, offsets) = sequential_with_window(&mut p, &mut server);
    assert_eq!(out.len(), 2000);
    assert_eq!(offsets, [0, 1000, 1999]);
}

fn fail() -> Error {
    Error::new(Operation::History, ErrorKind::Server, Outcome::NotApplied)
}

#[test]
fn an_error_ends_the_export_after_every_page_before_it() {
    for failing_first in [false, true] {
        let mut server = Server::new(100, u64::MAX);
        let mut p = pager(10, Concurrency::fixed(4));
        let first = next_fetch(&mut p);
        let page = server.serve(first.query());
        answer(&mut p, &first, page);
        let mut requests = Vec::new();
        let mut out = Vec::new();
        loop {
            match p.step(Duration::ZERO) {
                ExportStep::Fetch(r) => requests.push(r),
                ExportStep::Page(page) => out.extend(page.entries().iter().map(number)),
                ExportStep::Await { .. } => break,
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(requests.len(), 4);
        // Page k = requests[1] fails; k+1 and k+2 succeed. Delivered in either order.
        let mut deliveries: Vec<(Ticket, Result<HistoryPage, Error>)> = requests
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let page = if i == 1 {
                    Err(fail())
                } else {
                    Ok(HistoryPage::from_entries(server.serve(r.query())))
                };
                (r.ticket(), page)
            })
            .collect();
        if failing_first {
            deliveries.swap(0, 1);
        } else {
            deliveries.reverse();
        }
        for (t, page) in deliveries {
            p.deliver(t, PageOutcome::new(page), Duration::ZERO);
        }
        let error = loop {
            match p.step(Duration::ZERO) {
                ExportStep::Page(page) => out.extend(page.entries().iter().map(number)),
                ExportStep::Failed(e) => break e,
                // A place freed before the failed page's turn is filled; it is cancelled with
                // the rest when the failure comes.
                ExportStep::Cancel(_) | ExportStep::Fetch(_) => {}
                other => panic!("{other:?}"),
            }
        };
        assert_eq!(error.kind(), ErrorKind::Server);
        // The first page and page k-1 (requests[0]); nothing after the failed page.
        assert_eq!(out, (80..100).rev().collect::<Vec<u64>>());
        assert!(matches!(p.step(Duration::ZERO), ExportStep::Finished));
        assert!(matches!(p.step(Duration::ZERO), ExportStep::Finished));
    }
}

#[test]
fn the_window_starts_at_one_then_doubles_per_round_trip() {
    let mut server = Server::new(10_000, u64::MAX);
    let mut p = pager(100, Concurrency::adaptive());
    let mut waves = Vec::new();
    let mut now = Duration::ZERO;
    loop {
        let mut wave = Vec::new();
        loop {
            match p.step(now) {
                ExportStep::Fetch(r) => wave.push(r),
                ExportStep::Page(_) | ExportStep::Cancel(_) => {}
                ExportStep::Await { .. } => break,
                ExportStep::Finished => break,
                ExportStep::Failed(e) => panic!("{e}"),
            }
        }
        if wave.is_empty() {
            break;
        }
        waves.push(wave.len());
        now += Duration::from_millis(20);
        for r in wave {
            let page = server.serve(r.query());
            p.deliver(
                r.ticket(),
                PageOutcome::new(Ok(HistoryPage::from_entries(page)))
                    .latency(Duration::from_millis(20)),
                now,
            );
        }
        if waves.len() == 5 {
            break;
        }
    }
    assert_eq!(waves, [1, 2, 4, 8, 8]);
}

#[test]
fn a_retry_after_holds_every_fetch_back_and_halves_the_window() {
    let mut server = Server::new(10_000, u64::MAX);
    let mut p = pager(100, Concurrency::adaptive());
    let ms = Duration::from_millis;
    let mut now = Duration::ZERO;
    // Grow to 8 in flight.
    let mut in_flight = Vec::new();
    while in_flight.len() < 8 {
        match p.step(now) {
            ExportStep::Fetch(r) => in_flight.push(r),
            ExportStep::Page(_) => {}
            ExportStep::Await { .. } => {
                now += ms(20);
                for r in std::mem::take(&mut in_flight) {
                    let page = server.serve(r.query());
                    p.deliver(
                        r.ticket(),
                        PageOutcome::new(Ok(HistoryPage::from_entries(page))).latency(ms(20)),
                        now,
                    );
                }
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(p.in_flight_allowed(), 8);
    // A fetch in flight meets a 429 with Retry-After: 2 s (its own retries hold the rest).
    p.pace().overloaded(in_flight[3].ticket().0);
    p.pace().hold_until(now + Duration::from_secs(2));
    // Nothing more is handed out before then; the pager waits with that deadline.
    for r in std::mem::take(&mut in_flight) {
        let page = server.serve(r.query());
        p.deliver(
            r.ticket(),
            PageOutcome::new(Ok(HistoryPage::from_entries(page)))
                .retried(true)
                .overloaded(true),
            now,
        );
    }
    assert_eq!(p.in_flight_allowed(), 4, "halved once for a window of 429s");
    let mut awaited = None;
    for _ in 0..100 {
        match p.step(now) {
            ExportStep::Fetch(_) => panic!("fetched before the Retry-After"),
            ExportStep::Page(_) => {}
            ExportStep::Await { at_most } => {
                awaited = at_most;
                break;
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(awaited, Some(Duration::from_secs(2)));
    now += Duration::from_secs(2);
    let mut issued = 0;
    while let ExportStep::Fetch(_) = p.step(now) {
        issued += 1;
    }
    assert_eq!(issued, 4);
}

#[test]
fn fixed_never_exceeds_n() {
    for n in [1u32, 3, 8, 32] {
        let mut server = Server::new(2000, u64::MAX);
        let run = drive(
            pager(10, Concurrency::fixed(n)),
            &mut server,
            7,
            Writes::None,
        );
        assert_eq!(run.out.len(), 2000);
        assert!(
            run.most_in_flight <= n as usize,
            "{} in flight for {n}",
            run.most_in_flight
        );
        assert!(run.most_in_flight == n as usize || n == 32);
    }
}

#[test]
fn a_server_that_never_ends_hits_the_page_cap() {
    let mut p = HistoryPager::new(HistoryQuery::default(), 10, 5, Concurrency::fixed(1));
    let mut n = 1_000_000i64;
    let error = loop {
        match p.step(Duration::ZERO) {
            ExportStep::Fetch(request) => {
                let page: Vec<HistoryEntry> = (0..10)
                    .map(|_| {
                        n -= 1;
                        entry(n as u64, n)
                    })
                    .collect();
                answer(&mut p, &request, page);
            }
            ExportStep::Page(_) | ExportStep::Cancel(_) => {}
            ExportStep::Failed(e) => break e,
            other => panic!("not finished before the cap: {other:?}"),
        }
    };
    assert_eq!(error.kind(), ErrorKind::PageLimit);
    assert_eq!(p.pages(), 5);
    assert!(matches!(p.step(Duration::ZERO), ExportStep::Finished));
}

#[test]
fn a_server_repeating_itself_is_an_error() {
    for concurrency in [Concurrency::fixed(1), Concurrency::fixed(4)] {
        let mut p = HistoryPager::new(HistoryQuery::default(), 10, 100, concurrency);
        let page = || {
            (0..10)
                .rev()
                .map(|n| entry(n, n as i64))
                .collect::<Vec<_>>()
        };
        let mut fresh = 0;
        let mut in_flight = Vec::new();
        let error = loop {
            match p.step(Duration::ZERO) {
                ExportStep::Fetch(request) => in_flight.push(request),
                ExportStep::Await { .. } => {
                    for r in in_flight.drain(..) {
                        answer(&mut p, &r, page());
                    }
                }
                ExportStep::Page(page) => fresh += page.len(),
                ExportStep::Cancel(_) => {}
                ExportStep::Failed(e) => break e,
                ExportStep::Finished => panic!("a repeating server cannot finish"),
            }
        };
        assert_eq!(fresh, 10);
        assert_eq!(error.kind(), ErrorKind::Decode);
    }
}

#[test]
fn deliveries_of_unknown_or_repeated_tickets_change_nothing() {
    let mut server = Server::new(30, u64::MAX);
    let mut p = pager(10, Concurrency::fixed(1));
    let first = next_fetch(&mut p);
    p.deliver(Ticket(99), PageOutcome::new(Err(fail())), Duration::ZERO);
    assert!(matches!(
        p.step(Duration::ZERO),
        ExportStep::Await { at_most: None }
    ));
    let page = server.serve(first.query());
    answer(&mut p, &first, page);
    p.deliver(
        first.ticket(),
        PageOutcome::new(Err(fail())),
        Duration::ZERO,
    );
    let (out, _) = sequential(p, &mut server);
    assert_eq!(out.map(|o| o.len()).ok(), Some(30));
}

#[test]
fn the_end_is_the_smaller_of_the_callers_and_the_first_pages_newest() {
    // A millisecond past the newest entry: in the range however `endDate` is read.
    let pinned = T0 + time::Duration::milliseconds(9_001);
    for (given, expected) in [
        (None, Some(DateBound::DateTime(pinned))),
        // An end that covers now is pinned too: entries created later stay out.
        (
            Some(datetime!(2030-01-01 00:00 UTC)),
            Some(DateBound::DateTime(pinned)),
        ),
        // An end before the newest entry stays the caller's.
        (
            Some(T0 + time::Duration::seconds(5)),
            Some(DateBound::DateTime(T0 + time::Duration::seconds(5))),
        ),
    ] {
        let mut builder = HistoryQuery::builder();
        if let Some(end) = given {
            builder = builder.end_date(end);
        }
        let query = builder.build().expect("valid");
        let mut server = Server::new(10, u64::MAX);
        let mut p = HistoryPager::new(query, 2, 100, Concurrency::fixed(1));
        let first = next_fetch(&mut p);
        let page = server.serve(first.query());
        answer(&mut p, &first, page);
        let second = next_fetch(&mut p);
        assert_eq!(
            second.query().end_date(),
            expected.as_ref(),
            "given {given:?}"
        );
    }
}

/// Issue 11, finding 4, for every way a date bound can be given: a given end in the future, a
/// day covering the entries, or a millisecond past the newest entry is pinned a millisecond
/// past the newest entry; an earlier end the server ignored stays the caller's.
#[test]
fn a_given_end_is_pinned_to_the_newest_entry_when_that_is_earlier() {
    let second_query = |given: &HistoryQuery| {
        let mut server = Server::new(10, u64::MAX);
        let mut p = HistoryPager::new(given.clone(), 2, 100, Concurrency::fixed(1));
        let first = next_fetch(&mut p);
        // The server ignores the caller's dates: it sends its two newest entries.
        let page = server.serve(&HistoryQuery::builder().limit(2).build().unwrap());
        answer(&mut p, &first, page);
        let second = next_fetch(&mut p);
        second.query().clone()
    };
    let pinned = T0 + time::Duration::milliseconds(9_001);
    for end in [
        DateBound::DateTime(datetime!(2030-01-01 00:00 UTC)),
        DateBound::Date(time::macros::date!(2024 - 01 - 01)),
        DateBound::DateTime(pinned),
    ] {
        let given = HistoryQuery::builder().end_date(end).build().unwrap();
        assert_eq!(
            second_query(&given).end_date(),
            Some(&DateBound::DateTime(pinned)),
            "{end}"
        );
    }
    let end = DateBound::DateTime(T0 + time::Duration::seconds(5));
    let given = HistoryQuery::builder().end_date(end).build().unwrap();
    assert_eq!(second_query(&given).end_date(), Some(&end));
}

#[test]
fn exact_while_entries_arrive_for_every_way_a_range_can_be_given() {
    let at = |secs: i64| T0 + time::Duration::seconds(secs);
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
        // What is in the range when the first page is served (one entry arrives before it).
        let expected: Vec<u64> = (0..1001u64)
            .rev()
            .filter(|&n| start.is_none_or(|s| at(n as i64) >= s))
            .collect();
        for page_size in [5, 20, 1000] {
            for concurrency in [
                Concurrency::fixed(1),
                Concurrency::adaptive(),
                Concurrency::fixed(8),
            ] {
                let mut server = Server::new(1000, u64::MAX);
                let p = HistoryPager::new(query.clone(), page_size, 10_000, concurrency);
                let run = drive(p, &mut server, 11, Writes::Appends);
                assert_eq!(
                    run.out, expected,
                    "{name}, pages of {page_size}, {concurrency:?}"
                );
            }
        }
    }
}

/// The service's documentation does not say whether `endDate` includes its own instant. Read
/// as exclusive, a range pinned at the newest entry itself would lose that entry's
/// millisecond from every later page, and the list would move up under the export: each
/// export would skip an entry at the first page boundary. Pinned a millisecond past it, the
/// export is exact under both readings, at every concurrency, with several entries in the
/// newest millisecond.
#[test]
fn exact_whether_the_end_date_is_inclusive_or_exclusive() {
    for exclusive_end in [false, true] {
        for concurrency in [
            Concurrency::fixed(1),
            Concurrency::fixed(4),
            Concurrency::adaptive(),
        ] {
            let mut server = Server::new(95, u64::MAX);
            server.exclusive_end = exclusive_end;
            // Three more entries in the newest entry's millisecond.
            let newest_ms = server.list.last().map(|&(_, ms)| ms).unwrap();
            for _ in 0..3 {
                server.insert_at(newest_ms);
            }
            let expected = server.newest_first();
            let (out, _) = sequential_with_window(&mut pager(10, concurrency), &mut server);
            assert_eq!(
                out, expected,
                "exclusive end: {exclusive_end}, {concurrency:?}"
            );
        }
    }
}

#[test]
fn a_short_history_growing_by_its_length_under_each_probe_ends_exactly() {
    // One entry, a page of 10 asked: the short first page may be a cap of 1. Before every
    // later read one entry arrives in the pinned end's millisecond, so each probe brings back
    // only the entry already yielded, as many as the short page held: a cap of 1 with one
    // arrival, or the end of the list with one arrival. Probing on at the next offset met the
    // same coincidence three times and failed ("only entries already seen"); one fetch from
    // the start shows more than one entry on a page, so the probe was the end.
    let mut server = Server::new(1, u64::MAX);
    let (out, offsets) = sequential_with(pager(10, Concurrency::fixed(8)), &mut server, |i, s| {
        if i > 0 {
            s.insert_at(0);
        }
    });
    assert_eq!(out.expect("the export ends"), [0]);
    assert_eq!(offsets, [0, 1, 0]);
}

#[test]
fn a_probe_as_long_as_the_short_page_is_rechecked_and_proves_the_cap() {
    // A server capping pages at 2; two entries arrive in the pinned end's millisecond before
    // the probe, which then brings back the 2 entries already yielded. The fetch from the
    // start brings 2 as well: the cap is real, and the export goes on after the probe.
    let mut server = Server::new(10, 2);
    let (out, offsets) = sequential_with(pager(10, Concurrency::fixed(8)), &mut server, |i, s| {
        if i == 1 {
            s.insert_at(9_000);
            s.insert_at(9_000);
        }
    });
    assert_eq!(
        out.expect("the export ends"),
        (0..10).rev().collect::<Vec<_>>()
    );
    assert_eq!(offsets[..4], [0, 2, 0, 4]);
}
