//! The planner against a scripted history: a list of entries, newest first, that tests
//! change between pages.

use std::collections::BTreeSet;

use super::*;

/// One entry of the scripted history.
#[derive(Debug, Clone)]
struct E {
    id: String,
    ms: i64,
}

/// A history, kept oldest first like a server's storage.
struct Server {
    entries: Vec<E>,
    next: u64,
    requests: u64,
}

impl Server {
    fn new(n: usize, ms_step: i64) -> Server {
        let mut s = Server {
            entries: Vec::new(),
            next: 0,
            requests: 0,
        };
        for i in 0..n {
            s.append(i as i64 * ms_step);
        }
        s
    }

    fn append(&mut self, ms: i64) -> String {
        let id = format!("{:024x}", self.next);
        self.next += 1;
        self.entries.push(E { id: id.clone(), ms });
        id
    }

    /// A late entry: dated `ms`, the newest of that millisecond.
    fn insert_late(&mut self, ms: i64) -> String {
        let at = self.entries.partition_point(|e| e.ms <= ms);
        let id = format!("{:024x}", self.next);
        self.next += 1;
        self.entries.insert(at, E { id: id.clone(), ms });
        id
    }

    fn page(&mut self, f: &Fetch) -> Vec<E> {
        self.requests += 1;
        let end = f.end.as_ref().map_or(i64::MAX, |p| p.ms);
        self.entries
            .iter()
            .rev()
            .filter(|e| e.ms <= end)
            .skip(f.offset as usize)
            .take(f.limit as usize)
            .cloned()
            .collect()
    }
}

/// Runs one pass against `server`, `between` changing it before each page; returns the ids
/// written, in order.
fn run(
    server: &mut Server,
    stored: &mut BTreeSet<String>,
    mut planner: Planner,
    mut between: impl FnMut(&mut Server, u64),
) -> Result<Vec<String>, PlanError> {
    let mut written = Vec::new();
    for page_no in 0.. {
        between(server, page_no);
        let page = server.page(&planner.fetch());
        let seen: Vec<Seen<'_>> = page
            .iter()
            .map(|e| Seen {
                id: &e.id,
                date: "d",
                date_ms: e.ms,
                stored: stored.contains(&e.id),
            })
            .collect();
        let verdict = planner.receive(&seen)?;
        if verdict.next == Next::Restart {
            continue;
        }
        for e in &page[verdict.skip..] {
            stored.insert(e.id.clone());
            written.push(e.id.clone());
        }
        if verdict.next == Next::Finish {
            break;
        }
    }
    Ok(written)
}

/// An import in pages of 10, `between` changing the history before each page.
fn import_in_tens(
    server: &mut Server,
    stored: &mut BTreeSet<String>,
    between: impl FnMut(&mut Server, u64),
) -> Result<Vec<String>, PlanError> {
    run(
        server,
        stored,
        Planner::new(Cursor::start(1, true, 0), 10),
        between,
    )
}

/// [`run`] with nothing changing between pages.
fn quiet(server: &mut Server, stored: &mut BTreeSet<String>, planner: Planner) -> Vec<String> {
    run(server, stored, planner, |_, _| {}).unwrap()
}

fn ids(server: &Server) -> BTreeSet<String> {
    server.entries.iter().map(|e| e.id.clone()).collect()
}

#[test]
fn an_import_reads_everything_once() {
    for n in [0, 1, 9, 10, 11, 99, 250] {
        let mut server = Server::new(n, 1);
        let mut stored = BTreeSet::new();
        let written = quiet(
            &mut server,
            &mut stored,
            Planner::new(Cursor::start(1, true, 0), 10),
        );
        assert_eq!(written.len(), n, "n={n}");
        assert_eq!(stored, ids(&server));
    }
}

#[test]
fn entries_created_during_an_import_wait_for_the_next_pass() {
    let mut server = Server::new(100, 1);
    let mut stored = BTreeSet::new();
    import_in_tens(&mut server, &mut stored, |s, page| {
        if page > 0 {
            s.append(1_000);
        }
    })
    .unwrap();
    assert_eq!(stored.len(), 100);
    let requests = server.requests;
    let written = quiet(
        &mut server,
        &mut stored,
        Planner::new(Cursor::start(2, false, 0), 10),
    );
    assert_eq!(stored, ids(&server));
    assert!(!written.is_empty());
    // 11 new entries in pages of 10 (9 new a page after the first): two pages of new ones,
    // one that holds only stored entries.
    assert!(server.requests - requests <= 11u64.div_ceil(10) + 2);
}

#[test]
fn late_entries_are_read_below_the_anchor_and_never_cost_an_entry_above_it() {
    let mut server = Server::new(200, 10);
    let originals = ids(&server);
    let mut stored = BTreeSet::new();
    let mut below = Vec::new();
    let written = import_in_tens(&mut server, &mut stored, |s, page| {
        let read_down_to = 1_990 - i64::try_from(page * 9).unwrap() * 10;
        if page > 0 && page % 3 == 1 {
            // One among the entries already read (the next pass's lookback takes it),
            // one among those still to read.
            s.insert_late(1_985);
            if read_down_to > 300 {
                below.push(s.insert_late(read_down_to - 300));
            }
        }
    })
    .unwrap();
    assert!(originals.is_subset(&stored), "an entry was lost");
    for id in &below {
        assert!(
            stored.contains(id),
            "a late entry below the anchor was missed"
        );
    }
    let unique: BTreeSet<_> = written.iter().collect();
    assert_eq!(unique.len(), written.len(), "an entry was written twice");
}

#[test]
fn a_vanished_anchor_restarts_the_pass_and_too_many_give_up() {
    let mut server = Server::new(50, 1);
    let mut stored = BTreeSet::new();
    import_in_tens(&mut server, &mut stored, |s, page| {
        if page == 2 {
            s.entries.remove(45);
        }
    })
    .unwrap();
    assert_eq!(
        stored.len(),
        50,
        "all but nothing: the removed one was read first"
    );
    assert!(ids(&server).is_subset(&stored));

    let mut server = Server::new(50, 1);
    let err = import_in_tens(&mut server, &mut BTreeSet::new(), |s, page| {
        if page % 2 == 1 {
            s.entries.pop();
        }
    })
    .unwrap_err();
    assert_eq!(err, PlanError::Unstable(MAX_RESTARTS));
}

#[test]
fn a_sync_rereads_the_lookback_and_finds_late_entries_there() {
    let mut server = Server::new(1_000, 1_000);
    let mut stored = BTreeSet::new();
    quiet(
        &mut server,
        &mut stored,
        Planner::new(Cursor::start(1, true, 0), 50),
    );
    // Dated 100 s before the newest entry: inside a lookback of 150 s, outside one of 50 s.
    let late = server.insert_late(999_000 - 100_000);
    let before = server.requests;
    quiet(
        &mut server,
        &mut stored,
        Planner::new(Cursor::start(2, false, 50_000), 50),
    );
    assert!(!stored.contains(&late), "outside the lookback");
    assert_eq!(
        server.requests - before,
        2,
        "the window and one stored page"
    );
    quiet(
        &mut server,
        &mut stored,
        Planner::new(Cursor::start(3, false, 150_000), 50),
    );
    assert!(stored.contains(&late), "inside the lookback");
}

#[test]
fn a_pass_resumed_from_any_committed_cursor_loses_and_repeats_nothing() {
    let mut full = Server::new(137, 1);
    for kill_after in 0..14 {
        let mut server = Server::new(0, 1);
        server.entries = full.entries.clone();
        let mut stored = BTreeSet::new();
        let mut planner = Planner::new(Cursor::start(1, true, 0), 10);
        let mut committed = planner.cursor().clone();
        // Pages until the kill, each committed with its cursor.
        for _ in 0..kill_after {
            let page = server.page(&planner.fetch());
            let seen: Vec<_> = page
                .iter()
                .map(|e| Seen {
                    id: &e.id,
                    date: "d",
                    date_ms: e.ms,
                    stored: false,
                })
                .collect();
            let v = planner.receive(&seen).unwrap();
            for e in &page[v.skip..] {
                assert!(stored.insert(e.id.clone()), "duplicate before the kill");
            }
            committed = planner.cursor().clone();
            if v.next == Next::Finish {
                break;
            }
        }
        let written = run(
            &mut server,
            &mut stored.clone(),
            Planner::new(committed, 10),
            |_, _| {},
        )
        .unwrap();
        for id in &written {
            assert!(stored.insert(id.clone()), "duplicate after resuming: {id}");
        }
        assert_eq!(stored, ids(&full), "kill after {kill_after} pages");
    }
    full.requests = 0;
}

#[test]
fn ties_order_passes_and_positions() {
    let a = Cursor::start(1, true, 0);
    let b = Cursor::start(2, false, 0);
    assert!(a.tie(0) > a.tie(1));
    assert!(b.tie(5_000_000) > a.tie(0));
}
