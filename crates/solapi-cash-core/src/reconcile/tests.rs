use super::*;
use solapi_cash_types::HistoryType;
use solapi_cash_types::models::RechargeRequest;
use solapi_cash_types::money::Money;
use solapi_cash_types::won;
use time::macros::datetime;

const START: OffsetDateTime = datetime!(2024-05-01 12:00 UTC);

fn recharge(amount: i64, at: OffsetDateTime, id: &str) -> HistoryEntry {
    crate::test_entries::entry(
        HistoryType::Recharge,
        Money::from_i64(amount),
        at,
        id.into(),
    )
}

fn reconciler() -> Reconciler {
    let attempt = MoneyAttempt::new(RechargeRequest::new(won!(5000), "card"), START);
    Reconciler::new(&attempt).unwrap()
}

/// A page that arrived `after` the attempt's start, with the start measured exactly and the
/// server's clock read at `now`, at the monotonic reading `monotonic`.
fn seen(now: OffsetDateTime, monotonic: StdDuration) -> Observation {
    Observation::new(START, now, true, monotonic)
}

fn s(n: i64) -> Duration {
    Duration::seconds(n)
}

/// Delivers `page` and returns what comes next.
fn deliver(r: &mut Reconciler, page: Vec<HistoryEntry>, observed: Observation) -> ReconcileStep {
    assert!(
        matches!(r.step(), ReconcileStep::Fetch(_)),
        "a page was asked for"
    );
    r.deliver(page, observed);
    r.step()
}

/// One whole look: `page`, then (a short page is not the end) the empty page after it.
fn look(r: &mut Reconciler, page: Vec<HistoryEntry>, observed: Observation) -> ReconcileStep {
    match deliver(r, page, observed) {
        ReconcileStep::Fetch(_) => {
            r.deliver(vec![], observed);
            r.step()
        }
        other => other,
    }
}

fn done(step: ReconcileStep) -> Reconciliation {
    match step {
        ReconcileStep::Done(answer) => answer,
        other => panic!("not done: {other:?}"),
    }
}

#[test]
fn one_entry_since_the_attempt_began_is_its_entry() {
    let mut r = reconciler();
    match r.step() {
        ReconcileStep::Fetch(query) => assert_eq!(
            query.to_query_string(),
            "offset=0&limit=100&type=RECHARGE&balanceAmount=5000"
        ),
        other => panic!("{other:?}"),
    }
    let page = vec![
        recharge(5000, START + Duration::milliseconds(40), "new"),
        recharge(5000, START - Duration::hours(1), "old"),
    ];
    let answer = done(look(&mut r, page, seen(START + s(2), StdDuration::ZERO)));
    assert_eq!(answer.applied().map(|e| e.history_id.as_str()), Some("new"));
    let window = answer.window();
    assert_eq!(
        (window.attempt_start(), window.from(), window.as_of()),
        (START, START - RECONCILE_MARGIN, START + s(2))
    );
    assert_eq!(
        window.earlier_from(),
        START - RECONCILE_MARGIN - EARLIER_LOOKBACK
    );
    assert_eq!((window.looks(), window.measured()), (1, true));
}

#[test]
fn nothing_found_is_not_found_yet_with_the_recharges_just_before() {
    let mut r = reconciler();
    let page = vec![
        // Just before the window: reported, not counted.
        recharge(5000, START - s(5), "just-before"),
        recharge(5000, START - Duration::minutes(4), "minutes-before"),
        // Before the report's reach: ends the look.
        recharge(5000, START - Duration::minutes(30), "long-before"),
    ];
    match done(look(&mut r, page, seen(START + s(1), StdDuration::ZERO))) {
        Reconciliation::NotFoundYet { window, earlier } => {
            let ids: Vec<_> = earlier.iter().map(|e| e.history_id.as_str()).collect();
            assert_eq!(ids, ["just-before", "minutes-before"]);
            assert_eq!(window.as_of(), START + s(1));
        }
        other => panic!("{other:?}"),
    }
    let mut r = reconciler();
    let answer = done(look(&mut r, vec![], seen(START, StdDuration::ZERO)));
    assert!(
        matches!(&answer, Reconciliation::NotFoundYet { earlier, .. } if earlier.is_empty()),
        "{answer:?}"
    );
    assert!(answer.to_string().contains("not found yet"), "{answer}");
}

#[test]
fn several_candidates_are_ambiguous() {
    let mut r = reconciler();
    let page = vec![
        recharge(5000, START + s(2), "a"),
        recharge(5000, START + s(1), "b"),
        recharge(5000, START - s(1), "within-the-margin"),
    ];
    match done(look(&mut r, page, seen(START + s(3), StdDuration::ZERO))) {
        Reconciliation::Ambiguous { candidates, .. } => assert_eq!(candidates.len(), 3),
        other => panic!("{other:?}"),
    }
}

#[test]
fn recharges_known_to_be_earlier_are_not_candidates() {
    // This client's own recharge of the same amount, 50 ms before the attempt.
    let earlier = recharge(5000, START - Duration::milliseconds(50), "mine");
    let known = HashSet::from(["mine".to_owned()]);
    let mut r = reconciler().excluding(known);
    let answer = done(look(
        &mut r,
        vec![earlier.clone()],
        seen(START, StdDuration::ZERO),
    ));
    assert!(
        matches!(&answer, Reconciliation::NotFoundYet { earlier, .. } if earlier.is_empty()),
        "{answer:?}"
    );
    // Without that knowledge it may be the attempt's (it lies in the margin before the
    // start) or another process's made just before: a candidate that proves nothing.
    let mut r = reconciler();
    let answer = done(look(
        &mut r,
        vec![earlier.clone()],
        seen(START, StdDuration::ZERO),
    ));
    assert_eq!(ids(&answer), ["mine"], "{answer:?}");
}

#[test]
fn pages_on_until_an_older_entry_or_an_empty_page_and_counts_shifted_entries_once() {
    let mut r = reconciler();
    let page: Vec<_> = (0..100)
        .map(|i| recharge(1, START + s(200 - i), &format!("other-{i}")))
        .collect();
    assert_eq!(
        deliver(&mut r, page, seen(START + s(300), StdDuration::ZERO)),
        ReconcileStep::Fetch(reconciler_query(100))
    );
    // A short page is not the end (a server may cap pages silently); a new entry shifted
    // the last one of the page before into this one.
    let shifted = vec![
        recharge(5000, START + s(1), "it"),
        recharge(5000, START + s(1), "it"),
    ];
    assert_eq!(
        deliver(&mut r, shifted, seen(START + s(300), StdDuration::ZERO)),
        ReconcileStep::Fetch(reconciler_query(102))
    );
    let answer = done(look(
        &mut r,
        vec![],
        seen(START + s(300), StdDuration::ZERO),
    ));
    assert_eq!(answer.applied().map(|e| e.history_id.as_str()), Some("it"));
}

fn reconciler_query(offset: u64) -> HistoryQuery {
    HistoryQuery::builder()
        .kind(HistoryType::Recharge)
        .balance_amount(Money::from_i64(5000))
        .limit(PAGE)
        .build()
        .unwrap()
        .with_offset(offset)
}

#[test]
fn waits_and_looks_again_until_found_or_the_time_is_up() {
    let ms = StdDuration::from_millis;
    let mut r = reconciler().wait_up_to(StdDuration::from_secs(4));
    // Look 1 ends at t=0: nothing yet. Pauses: 0.5 s, 1 s, 2 s, then what is left of 4 s.
    let mut t = ms(0);
    let mut pauses = Vec::new();
    loop {
        match deliver(&mut r, vec![], seen(START + s(1), t)) {
            ReconcileStep::Wait(pause) => {
                pauses.push(pause);
                t += pause + ms(100);
                assert!(matches!(r.step(), ReconcileStep::Fetch(q) if q.offset() == Some(0)));
            }
            ReconcileStep::Done(answer) => {
                assert!(matches!(answer, Reconciliation::NotFoundYet { .. }));
                assert_eq!(answer.window().looks(), 5);
                break;
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(pauses, [ms(500), ms(1000), ms(2000), ms(200)]);

    // Found on the second look: applied at once.
    let mut r = reconciler().wait_up_to(StdDuration::from_secs(60));
    assert!(matches!(
        deliver(&mut r, vec![], seen(START + s(1), ms(0))),
        ReconcileStep::Wait(_)
    ));
    let late = recharge(5000, START + s(2), "late");
    let answer = done(look(&mut r, vec![late], seen(START + s(3), ms(600))));
    assert_eq!(
        answer.applied().map(|e| e.history_id.as_str()),
        Some("late")
    );
    assert_eq!(
        (answer.window().looks(), answer.window().as_of()),
        (2, START + s(3))
    );
}

#[test]
fn the_window_widens_to_the_earliest_start_and_proof_follows_the_latest() {
    let mut r = reconciler().wait_up_to(StdDuration::from_secs(10));
    let first = Observation::new(START, START + s(1), true, StdDuration::ZERO);
    assert!(matches!(
        deliver(&mut r, vec![], first),
        ReconcileStep::Wait(_)
    ));
    // The server's clock stepped 10 s forward: the second look reads the start 10 s later.
    // The entry (dated before the step) stays a candidate — the window keeps the earliest
    // reading — but proves nothing: after a step, an entry between the two readings may
    // have been written before the attempt began.
    let stepped = Observation::new(
        START + s(10),
        START + s(12),
        true,
        StdDuration::from_secs(1),
    );
    let it = recharge(5000, START + Duration::milliseconds(30), "it");
    let answer = done(look(&mut r, vec![it], stepped));
    assert_eq!(ids(&answer), ["it"], "{answer:?}");
    let window = answer.window();
    assert_eq!(
        (window.from(), window.attempt_start()),
        (START - RECONCILE_MARGIN, START + s(10))
    );
    // After the later reading, a lone entry proves the attempt.
    let mut r = reconciler();
    let after = recharge(5000, START + s(11), "after");
    let answer = done(look(&mut r, vec![after], stepped.and_start(START)));
    assert_eq!(
        answer.applied().map(|e| e.history_id.as_str()),
        Some("after")
    );
}

#[test]
fn a_step_back_widens_the_window_over_what_it_moved() {
    // Read at START when reported, 10 s earlier at the look (the clock stepped back): the
    // recharge another process made 5 s before the attempt now lies after the later reading
    // less the step; it is a candidate beside the attempt's, never taken for it.
    let back =
        Observation::new(START - s(10), START + s(1), true, StdDuration::ZERO).and_start(START);
    let other = recharge(5000, START - s(5), "other");
    let it = recharge(5000, START + Duration::milliseconds(20), "it");
    let mut r = reconciler();
    let answer = done(look(&mut r, vec![it.clone(), other.clone()], back));
    assert_eq!(ids(&answer), ["it", "other"]);
    assert_eq!(answer.window().from(), START - s(12));
    // Alone, the other process's recharge is a candidate before the start: not a proof.
    let mut r = reconciler();
    assert_eq!(ids(&done(look(&mut r, vec![other], back))), ["other"]);
    // Alone, the attempt's own entry (after the later reading) is.
    let mut r = reconciler();
    assert_eq!(
        done(look(&mut r, vec![it.clone()], back)).applied(),
        Some(&it)
    );
}

#[test]
fn an_unmeasured_clock_widens_the_margin_on_both_sides() {
    // This machine's clock stood in for the server's: it may be off either way by the margin.
    let unmeasured = Observation::new(START, START + s(40), false, StdDuration::ZERO);
    for (at, proves) in [(-20, false), (5, false), (29, false), (31, true)] {
        let mut r = reconciler();
        let entry = recharge(5000, START + s(at), "only");
        let answer = done(look(&mut r, vec![entry.clone()], unmeasured));
        assert_eq!(answer.applied().is_some(), proves, "{at} s: {answer:?}");
        assert_eq!(ids(&answer), ["only"], "{at} s: a candidate either way");
    }
    let mut r = reconciler();
    let answer = done(look(&mut r, vec![], unmeasured));
    let window = answer.window();
    assert_eq!(
        (window.from(), window.attempt_start(), window.measured()),
        (START - UNMEASURED_MARGIN, START + UNMEASURED_MARGIN, false)
    );
    // A measured reading replaces the unmeasured one (the same instant, on the server's
    // clock), however far this machine's clock was off.
    let mut r = reconciler().wait_up_to(StdDuration::from_secs(5));
    let far_off = Observation::new(
        START + Duration::minutes(20),
        START,
        false,
        StdDuration::ZERO,
    );
    assert!(matches!(
        deliver(&mut r, vec![], far_off),
        ReconcileStep::Wait(_)
    ));
    let it = recharge(5000, START + s(1), "it");
    let answer = done(look(
        &mut r,
        vec![it.clone()],
        seen(START + s(2), StdDuration::from_secs(1)),
    ));
    assert_eq!(answer.applied(), Some(&it));
    assert!(answer.window().measured());
}

#[test]
fn a_server_that_ignores_the_offset_ends_the_look_with_an_error() {
    // Every page is the same 100 recharges of another amount, all inside the window: without
    // the check, the look would ask for page after page forever.
    let mut r = reconciler();
    let page: Vec<HistoryEntry> = (0..100)
        .map(|i| recharge(7000, START + s(100 - i), &format!("{i:024x}")))
        .collect();
    let observed = seen(START + s(200), StdDuration::from_secs(1));
    let mut fetches = 0;
    let failure = loop {
        match r.step() {
            ReconcileStep::Fetch(_) => {
                fetches += 1;
                assert!(fetches < 10, "the look never ended");
                r.deliver(page.clone(), observed);
            }
            ReconcileStep::Failed { kind, detail } => break (kind, detail),
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(failure.0, ErrorKind::Decode);
    assert!(
        failure.1.contains("does not page by offset"),
        "{}",
        failure.1
    );
    // The first page, then three that brought nothing new.
    assert_eq!(fetches, 1 + MAX_STALE_PAGES as usize);
    assert!(
        matches!(r.step(), ReconcileStep::Failed { .. }),
        "it stays over"
    );
}

#[test]
fn a_look_that_never_reaches_the_attempt_stops_at_the_page_cap() {
    let mut r = reconciler();
    let observed = seen(START + s(200), StdDuration::from_secs(1));
    let mut n = 0u64;
    let failure = loop {
        match r.step() {
            ReconcileStep::Fetch(_) => {
                // Always new entries, always inside the window.
                let page = (0..100)
                    .map(|_| {
                        n += 1;
                        recharge(7000, START + s(100), &format!("{n:024x}"))
                    })
                    .collect();
                r.deliver(page, observed);
            }
            ReconcileStep::Failed { kind, .. } => break kind,
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(failure, ErrorKind::PageLimit);
    assert_eq!(n, (MAX_LOOK_PAGES + 1) * 100);
}

/// The ids an answer names: the entry when applied, the candidates when ambiguous, `[]` when
/// not found.
fn ids(answer: &Reconciliation) -> Vec<&str> {
    match answer {
        Reconciliation::Applied { entry, .. } => vec![entry.history_id.as_str()],
        Reconciliation::Ambiguous { candidates, .. } => {
            candidates.iter().map(|e| e.history_id.as_str()).collect()
        }
        _ => Vec::new(),
    }
}

/// Issue 20, finding 1: another process recharged the same amount just before this attempt,
/// which never arrived. Its entry lies in the margin before the attempt's start: a
/// candidate, never a proof — ambiguous, naming it, and saying what settles it. Waiting does
/// not change that (candidates only add up), so the answer comes at once.
#[test]
fn a_recharge_in_the_margin_before_the_start_is_ambiguous_never_applied() {
    for before_ms in [1, 800, 1999] {
        let b = recharge(41_234, START - Duration::milliseconds(before_ms), "b");
        let attempt = MoneyAttempt::new(RechargeRequest::new(won!(41_234), "card"), START);
        let mut r = Reconciler::new(&attempt)
            .unwrap()
            .wait_up_to(StdDuration::from_secs(60));
        let answer = done(look(&mut r, vec![b], seen(START + s(1), StdDuration::ZERO)));
        assert!(
            matches!(&answer, Reconciliation::Ambiguous { candidates, .. } if candidates.len() == 1),
            "{before_ms} ms before: {answer:?}"
        );
        assert_eq!(
            answer.window().looks(),
            1,
            "no waiting on an ambiguous answer"
        );
        let said = answer.to_string();
        for needle in [
            "cannot tell",
            "b at ",
            "lies before the attempt began",
            "card's statement",
        ] {
            assert!(said.contains(needle), "{needle:?} in {said}");
        }
    }
    // Beyond the margin it is not a candidate: not found yet, reported just before.
    let mut r = reconciler();
    let b = recharge(5000, START - s(3), "b");
    match done(look(
        &mut r,
        vec![b.clone()],
        seen(START + s(1), StdDuration::ZERO),
    )) {
        Reconciliation::NotFoundYet { earlier, .. } => assert_eq!(earlier, [b]),
        other => panic!("{other:?}"),
    }
}

/// Rule (b): an entry after the start proves the attempt only when no other candidate lies
/// in the window — in the margin before the start or anywhere after it.
#[test]
fn a_proof_needs_the_only_candidate() {
    let it = recharge(5000, START + Duration::milliseconds(300), "it");
    let cases = [
        (
            vec![recharge(5000, START - s(1), "margin")],
            vec!["it", "margin"],
        ),
        (
            vec![recharge(5000, START + s(30), "later")],
            vec!["later", "it"],
        ),
        (
            vec![recharge(5000, START, "same-ms")],
            vec!["it", "same-ms"],
        ),
        // Outside the window: neither a candidate nor an obstacle.
        (vec![recharge(5000, START - s(3), "older")], vec!["it"]),
        // Another type or amount: not looked at.
        (
            vec![recharge(5001, START + s(1), "other-amount")],
            vec!["it"],
        ),
    ];
    for (others, expected) in cases {
        let mut page = others;
        page.push(it.clone());
        page.sort_by(|a, b| b.date_created.cmp(&a.date_created));
        let mut r = reconciler();
        let answer = done(look(&mut r, page, seen(START + s(40), StdDuration::ZERO)));
        assert_eq!(ids(&answer), expected, "{answer:?}");
        assert_eq!(
            answer.applied().is_some(),
            expected.len() == 1,
            "{answer:?}"
        );
    }
    // An entry in the very millisecond the start falls in proves it (`dateCreated` has
    // milliseconds; the start is floored to them).
    let attempt = MoneyAttempt::new(
        RechargeRequest::new(won!(5000), "card"),
        START + Duration::microseconds(700),
    );
    let mut r = Reconciler::new(&attempt).unwrap();
    let same_ms = recharge(5000, START, "same-ms");
    let observed = Observation::new(
        START + Duration::microseconds(700),
        START + s(1),
        true,
        StdDuration::ZERO,
    );
    assert_eq!(
        done(look(&mut r, vec![same_ms.clone()], observed)).applied(),
        Some(&same_ms)
    );
}

/// The criteria are a value: a withdrawal (a later issue) is looked up by the same rule,
/// with its own type and a negative amount.
#[test]
fn any_entry_type_and_signed_amount_can_be_looked_up() {
    let withdrawal = EntryMatch::new(
        HistoryType::Other("WITHDRAW".into()),
        Money::from_i64(-3000),
    );
    let mut r = Reconciler::for_entry(withdrawal.clone()).unwrap();
    let ReconcileStep::Fetch(query) = r.step() else {
        panic!()
    };
    assert_eq!(
        query.to_query_string(),
        "offset=0&limit=100&type=WITHDRAW&balanceAmount=-3000"
    );
    let out = crate::test_entries::entry(
        HistoryType::Other("WITHDRAW".into()),
        Money::from_i64(-3000),
        START + s(1),
        "out".into(),
    );
    let refund = recharge(3000, START + s(2), "a-recharge-of-the-same-size");
    assert!(withdrawal.matches(&out) && !withdrawal.matches(&refund));
    r.deliver(
        vec![refund, out.clone()],
        seen(START + s(3), StdDuration::ZERO),
    );
    r.deliver(vec![], seen(START + s(3), StdDuration::ZERO));
    assert_eq!(done(r.step()).applied(), Some(&out));
}

/// An entry that existed before the attempt was sent is never its entry, even when it lies
/// after the attempt's (early) measured start: the same recharge run twice in a row.
#[test]
fn an_entry_read_before_the_attempt_is_left_out() {
    let first = recharge(5000, START + Duration::milliseconds(200), "first");
    let attempt = MoneyAttempt::new(RechargeRequest::new(won!(5000), "card"), START)
        .with_prior_entries(["first".to_owned()]);
    let mut r = Reconciler::new(&attempt).unwrap();
    let answer = done(look(
        &mut r,
        vec![first.clone()],
        seen(START + s(1), StdDuration::ZERO),
    ));
    assert!(
        matches!(answer, Reconciliation::NotFoundYet { .. }),
        "{answer:?}"
    );
    // Without the read, the same page proves the attempt: the limit docs/errors.md states.
    let answer = done(look(
        &mut reconciler(),
        vec![first.clone()],
        seen(START + s(1), StdDuration::ZERO),
    ));
    assert!(answer.applied().is_some(), "{answer:?}");
    // When the read failed, the entry is a candidate, never a proof.
    let unread = attempt.with_prior(Prior::Unreadable);
    let mut r = Reconciler::new(&unread).unwrap();
    let answer = done(look(
        &mut r,
        vec![first],
        seen(START + s(1), StdDuration::ZERO),
    ));
    assert!(
        matches!(answer, Reconciliation::Ambiguous { .. }),
        "{answer:?}"
    );
}

/// The read before a call: every matching entry back to the cutoff, across pages, and
/// "unreadable" for a server that repeats its page.
#[test]
fn the_read_before_a_call_collects_back_to_its_cutoff() {
    let matching = EntryMatch::recharge(&Money::from_i64(5000));
    let mut read = PriorRead::new(matching.clone()).unwrap();
    let now = START + s(1);
    let page = vec![
        recharge(5000, START + Duration::milliseconds(200), "a"),
        recharge(5000, START - s(20), "b"),
    ];
    assert_eq!(read.deliver(page, now), None, "a short page is not the end");
    assert!(read.query().to_query_string().starts_with("offset=2&"));
    let page = vec![
        recharge(5000, START - s(30), "c"),
        recharge(5000, START - s(60), "too-old"),
    ];
    let ids = ["a", "b", "c"].map(String::from).into_iter().collect();
    assert_eq!(read.deliver(page, now), Some(Prior::Read(ids)));

    let mut read = PriorRead::new(matching).unwrap();
    let page = vec![recharge(5000, START, "a")];
    assert_eq!(read.deliver(page.clone(), now), None);
    assert_eq!(read.deliver(page, now), Some(Prior::Unreadable));
}
