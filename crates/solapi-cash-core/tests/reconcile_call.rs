//! `ReconcileCall` driven by a scripted transport with an injected clock (issue 20; issue 19,
//! point 5): the readings of an attempt's start come from the server's `Date` and the
//! monotonic time the test moves, so every window and verdict is determined. The same
//! scenarios over real HTTP against the emulator are in `crates/solapi-cash-conformance`
//! (`reliability/attribution.rs`).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http::Response;
use solapi_cash_core::endpoint::{Balance, Recharge};
use solapi_cash_core::transport::{Action, Machine, TransportError, TransportErrorKind};
use solapi_cash_core::{
    ClientBuilder, Credentials, Engine, Error, ErrorKind, Jitter, MoneyAttempt, Outcome,
    Reconciliation, RetryPolicy, Tuning, format_http_date,
};
use solapi_cash_types::{RechargeRequest, won};
use time::OffsetDateTime;
use time::macros::datetime;

/// The server's clock when the test begins (a whole second, as a `Date` carries).
const SERVER: OffsetDateTime = datetime!(2024-05-01 12:00:00 UTC);

/// A clock the test moves: this machine's wall clock stands 20 minutes ahead of the server's
/// (it must never matter), monotonic time advances when told or when the machine sleeps.
#[derive(Debug, Clone, Default)]
struct ManualClock(Arc<Mutex<Duration>>);

impl ManualClock {
    fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
}

impl solapi_cash_core::Clock for ManualClock {
    fn now(&self) -> OffsetDateTime {
        datetime!(2024-05-01 12:20 UTC)
    }
    fn monotonic(&self) -> Duration {
        *self.0.lock().unwrap()
    }
}

fn engine(clock: &ManualClock) -> Arc<Engine> {
    ClientBuilder::new()
        .base_url("http://127.0.0.1:9")
        .credentials(Credentials::api_key("KEY", "reconcile-call-test-secret"))
        .retry(
            RetryPolicy::default()
                .with_max_attempts(3)
                .with_jitter(Jitter::None)
                .with_base_delay(Duration::from_millis(10)),
        )
        .clock(clock.clone())
        .build()
        .unwrap()
}

type Answer = Result<Response<Vec<u8>>, TransportError>;

/// An answer whose `Date` is the server's `date`.
fn answer(status: u16, body: &str, date: OffsetDateTime) -> Answer {
    Ok(Response::builder()
        .status(status)
        .header("date", format_http_date(date))
        .body(body.as_bytes().to_vec())
        .unwrap())
}

/// A history page of recharges of `amount`: `(id, dateCreated)`, newest first.
fn page(amount: i64, entries: &[(&str, OffsetDateTime)]) -> String {
    let entries: Vec<String> = entries
        .iter()
        .map(|(id, at)| {
            format!(
                r#"{{"balanceAmount":{amount},"pointAmount":0,"accountId":"a","oldBalance":0,
                "newBalance":{amount},"oldPoint":0,"newPoint":0,"type":"RECHARGE",
                "dateCreated":"{}","historyId":"{id}"}}"#,
                solapi_cash_types::Timestamp::from_datetime(*at)
            )
        })
        .collect();
    format!("[{}]", entries.join(","))
}

/// Drives `machine` against scripted answers; each answer arrives `latency` after its
/// request, and sleeps pass on the clock.
fn drive<M: Machine>(
    clock: &ManualClock,
    mut machine: M,
    answers: Vec<Answer>,
    latency: Duration,
) -> Result<M::Output, Error> {
    let mut answers: VecDeque<Answer> = answers.into();
    loop {
        match machine.next_action() {
            Action::Send(_) => {
                clock.advance(latency);
                let answer = answers.pop_front().expect("more requests than scripted");
                machine.receive(answer);
            }
            Action::Sleep(wait) => clock.advance(wait),
            Action::Done(result) => {
                assert!(answers.is_empty(), "{} answers left", answers.len());
                return result;
            }
        }
    }
}

/// A recharge of `amount` whose answer is lost, sent by `engine` after it read the balance
/// (a `Date` of [`SERVER`] arriving at the start of the clock): the attempt begins 300 ms
/// later on the monotonic clock, so its start reads `SERVER + 300 ms`. The read of the
/// matching entries before it finds none.
fn lost_recharge(clock: &ManualClock, engine: &Arc<Engine>, amount: i64) -> MoneyAttempt {
    let balance = answer(200, r#"{"balance":0,"point":0}"#, SERVER);
    drive(
        clock,
        engine.call(Balance::new()),
        vec![balance],
        Duration::ZERO,
    )
    .unwrap();
    clock.advance(Duration::from_millis(300));
    // No `Date`: the server's clock stays as the balance read it.
    let none = Ok(Response::builder()
        .status(200)
        .body(b"[]".to_vec())
        .unwrap());
    let attempt = lost_after(clock, engine, amount, none);
    assert_eq!(
        (attempt.started_at(), attempt.start_measured()),
        (SERVER + time::Duration::milliseconds(300), true)
    );
    attempt
}

/// A recharge of `amount` sent by `engine` now: the read of the matching entries before it
/// answered with `prior` (at once), the recharge's own answer lost 50 ms after it was sent.
fn lost_after(
    clock: &ManualClock,
    engine: &Arc<Engine>,
    amount: i64,
    prior: Answer,
) -> MoneyAttempt {
    let request = RechargeRequest::new(
        solapi_cash_types::Won::try_from(amount).expect("an amount"),
        "card",
    );
    let mut call = engine.call(Recharge::new(request));
    // The read's pages (a short page is not the end: the server may cap pages silently), then
    // the recharge, whose answer is lost.
    let mut pages = vec![prior, answer(200, "[]", SERVER)].into_iter();
    loop {
        let Action::Send(sent) = call.next_action() else {
            panic!("no wait expected")
        };
        if sent.method() == http::Method::GET {
            let query = sent.uri().query().unwrap_or_default();
            assert!(query.ends_with(&format!("&type=RECHARGE&balanceAmount={amount}")));
            call.receive(pages.next().expect("two pages at most"));
        } else {
            clock.advance(Duration::from_millis(50));
            call.receive(Err(TransportError::new(
                TransportErrorKind::Network,
                "reset",
            )));
            break;
        }
    }
    let err = drive(clock, call, vec![], Duration::ZERO).unwrap_err();
    err.money_attempt().unwrap().clone()
}

/// The reviewer's case, on an injected clock: the same recharge twice in a row. The first
/// one's entry was written at `SERVER + 200 ms`; the second is sent at `SERVER + 300 ms`, but
/// the only `Date` it has says `SERVER` (whole seconds), so its start reads 300 ms early and
/// the first one's entry lies after it. The second's answer is lost and it never arrived.
/// The entry read before it was sent is left out: "not found yet", never "applied" with the
/// first one's entry.
#[test]
fn an_earlier_calls_entry_in_the_same_second_is_never_the_attempts() {
    let clock = ManualClock::default();
    let engine = engine(&clock);
    clock.advance(Duration::from_millis(300));
    let first = ("5d491966384bbe6e51a2ce01", SERVER + ms(200));
    let prior = answer(200, &page(5000, &[first]), SERVER);
    let attempt = lost_after(&clock, &engine, 5000, prior);
    assert_eq!(attempt.started_at(), SERVER, "the start reads 300 ms early");
    assert_eq!(
        attempt
            .prior_entries()
            .map(|ids| ids.iter().cloned().collect::<Vec<_>>()),
        Some(vec![first.0.to_owned()])
    );
    let look = SERVER; // 370 ms past it: a `Date` has whole seconds
    let answers = vec![
        answer(200, &page(5000, &[first]), look),
        answer(200, "[]", look),
    ];
    let found = drive(&clock, engine.reconcile(&attempt), answers, ms20()).unwrap();
    assert!(
        matches!(found, Reconciliation::NotFoundYet { .. }),
        "{found:?}"
    );
    // Another process given only the start (and not the entries read before) cannot rule
    // the first one's entry out: docs/errors.md says so.
    let bare = MoneyAttempt::for_amount(attempt.amount().clone(), attempt.started_at());
    let answers = vec![
        answer(200, &page(5000, &[first]), look),
        answer(200, "[]", look),
    ];
    let found = drive(&clock, engine.reconcile(&bare), answers, ms20()).unwrap();
    assert!(found.applied().is_some(), "{found:?}");
}

/// The same, when the attempt was applied after all: its entry is the only one not read
/// before it was sent, so it is proved.
#[test]
fn the_attempts_own_entry_after_an_earlier_one_is_applied() {
    let clock = ManualClock::default();
    let engine = engine(&clock);
    clock.advance(Duration::from_millis(300));
    let first = ("5d491966384bbe6e51a2ce01", SERVER + ms(200));
    let second = ("5d491966384bbe6e51a2ce02", SERVER + ms(330));
    let prior = answer(200, &page(5000, &[first]), SERVER);
    let attempt = lost_after(&clock, &engine, 5000, prior);
    let look = SERVER; // 370 ms past it: a `Date` has whole seconds
    let answers = vec![
        answer(200, &page(5000, &[second, first]), look),
        answer(200, "[]", look),
    ];
    let answer = drive(&clock, engine.reconcile(&attempt), answers, ms20()).unwrap();
    assert_eq!(
        answer.applied().map(|e| e.history_id.as_str()),
        Some(second.0),
        "{answer:?}"
    );
}

/// When the read before the call fails, nothing can be ruled out: the only entry after the
/// start is a candidate, never a proof.
#[test]
fn without_the_read_before_the_call_no_entry_proves_it() {
    let clock = ManualClock::default();
    let engine = engine(&clock);
    clock.advance(Duration::from_millis(300));
    let refused = answer(
        403,
        r#"{"errorCode":"Forbidden","errorMessage":"no history for this key"}"#,
        SERVER,
    );
    let attempt = lost_after(&clock, &engine, 5000, refused);
    assert!(attempt.prior_unreadable() && attempt.prior_entries().is_none());
    let first = ("5d491966384bbe6e51a2ce01", SERVER + ms(200));
    let look = SERVER; // 370 ms past it: a `Date` has whole seconds
    let answers = vec![
        answer(200, &page(5000, &[first]), look),
        answer(200, "[]", look),
    ];
    let answer = drive(&clock, engine.reconcile(&attempt), answers, ms20()).unwrap();
    match &answer {
        Reconciliation::Ambiguous { candidates, .. } => assert_eq!(candidates.len(), 1),
        other => panic!("{other:?}"),
    }
    assert!(
        answer.to_string().contains("may be an earlier call's"),
        "{answer}"
    );
}

/// Issue 20, finding 1, on an injected clock: process B's recharge of the same amount lies
/// 800 ms before this attempt's start; this attempt never arrived. Ambiguous, naming B's
/// entry — never "applied" with it.
#[test]
fn another_process_recharge_just_before_the_start_is_ambiguous() {
    let clock = ManualClock::default();
    let engine = engine(&clock);
    let attempt = lost_recharge(&clock, &engine, 41_234);
    let start = attempt.started_at();
    let b = start - time::Duration::milliseconds(800);
    let look = SERVER + time::Duration::seconds(1);
    let answers = vec![
        answer(200, &page(41_234, &[("5d491966384bbe6e51a2ceb6", b)]), look),
        answer(200, "[]", look),
    ];
    let reconcile = engine
        .reconcile(&attempt)
        .wait_up_to(Duration::from_secs(60));
    let answer = drive(&clock, reconcile, answers, Duration::from_millis(20)).unwrap();
    match &answer {
        Reconciliation::Ambiguous {
            candidates, window, ..
        } => {
            assert_eq!(candidates.len(), 1);
            assert_eq!(candidates[0].history_id, "5d491966384bbe6e51a2ceb6");
            // The look's Date (12:00:01, arriving 70 ms after the attempt began) reads the
            // start at 12:00:00.930, later than the reported 12:00:00.300: both are early
            // (a Date is truncated to the second), so the latest bounds the start more
            // tightly and is where a proof would have to begin; the earliest less the margin
            // is where the window begins.
            assert_eq!(window.attempt_start(), SERVER + ms(930));
            assert_eq!(window.from(), start - Tuning::DEFAULT.reconcile_margin());
            assert_eq!(
                window.looks(),
                1,
                "an ambiguous answer ends the wait at once"
            );
        }
        other => panic!("{other:?}"),
    }
    // Asked afterwards, the engine reads the start from its latest `Date`, which arrived
    // 20 ms later with the same second (the look's second page): a little earlier, as early
    // readings go.
    assert_eq!(engine.attempt_start(&attempt), SERVER + ms(910));
}

fn ms(n: i64) -> time::Duration {
    time::Duration::milliseconds(n)
}

/// The attempt's own entry, the only candidate and after every reading of the start: its.
#[test]
fn the_only_candidate_after_the_start_is_the_attempts() {
    let clock = ManualClock::default();
    let engine = engine(&clock);
    let attempt = lost_recharge(&clock, &engine, 5000);
    let look = SERVER + time::Duration::seconds(1);
    let it = SERVER + ms(950);
    let answers = vec![
        answer(200, &page(5000, &[("5d491966384bbe6e51a2ceb7", it)]), look),
        answer(200, "[]", look),
    ];
    let answer = drive(&clock, engine.reconcile(&attempt), answers, ms20()).unwrap();
    assert_eq!(
        answer.applied().map(|e| e.history_id.as_str()),
        Some("5d491966384bbe6e51a2ceb7"),
        "{answer:?}"
    );
}

fn ms20() -> Duration {
    Duration::from_millis(20)
}

/// The server's clock stepped 10 s forward between the report and the look: the look reads
/// the start 10 s later than the report did. The attempt's entry, dated before the step, is
/// still found — a candidate — but no longer proves it: an entry between the two readings
/// may as well have been written before the attempt began (had the step come before it).
#[test]
fn a_clock_step_between_two_readings_leaves_the_entry_a_candidate() {
    let clock = ManualClock::default();
    let engine = engine(&clock);
    let attempt = lost_recharge(&clock, &engine, 5000);
    let stepped = SERVER + time::Duration::seconds(11);
    let it = SERVER + ms(350);
    let answers = vec![
        answer(
            200,
            &page(5000, &[("5d491966384bbe6e51a2ceb7", it)]),
            stepped,
        ),
        answer(200, "[]", stepped),
    ];
    let answer = drive(&clock, engine.reconcile(&attempt), answers, ms20()).unwrap();
    match &answer {
        Reconciliation::Ambiguous {
            candidates, window, ..
        } => {
            assert_eq!(candidates.len(), 1);
            assert_eq!(
                window.from(),
                attempt.started_at() - Tuning::DEFAULT.reconcile_margin()
            );
            assert_eq!(window.attempt_start(), SERVER + ms(10_930));
        }
        other => panic!("{other:?}"),
    }
}

/// Issue 19, point 5: a look that failed — rate limited after the client's retries, a 5xx,
/// a broken connection — is an error ("could not check yet"), never "not found yet"; also
/// when an earlier look had found nothing.
#[test]
fn a_look_that_failed_is_an_error_never_not_found() {
    let late = SERVER + time::Duration::seconds(1);
    let failing = |kind: ErrorKind| -> Answer {
        match kind {
            // Rate limited past the client's patience: a window longer than
            // `max_rate_limit_wait` (a 429 within it is waited out, not counted).
            ErrorKind::RateLimited => Ok(Response::builder()
                .status(429)
                .header("date", format_http_date(late))
                .header("x-ratelimit-reset", "61")
                .body(br#"{"errorCode":"TooManyRequests","message":"slow down"}"#.to_vec())
                .unwrap()),
            ErrorKind::Server => answer(503, "", late),
            _ => Err(TransportError::new(TransportErrorKind::Network, "reset")),
        }
    };
    for kind in [
        ErrorKind::RateLimited,
        ErrorKind::Server,
        ErrorKind::Network,
    ] {
        for wait in [false, true] {
            let clock = ManualClock::default();
            let engine = engine(&clock);
            let attempt = lost_recharge(&clock, &engine, 5000);
            let mut script = Vec::new();
            let reconcile = if wait {
                // A first look that finds nothing, then the failing one.
                script.push(answer(200, "[]", late));
                engine
                    .reconcile(&attempt)
                    .wait_up_to(Duration::from_secs(60))
            } else {
                engine.reconcile(&attempt)
            };
            // Every attempt of the read fails (3, the policy's maximum; one 429 ends it).
            let attempts = if kind == ErrorKind::RateLimited { 1 } else { 3 };
            script.extend((0..attempts).map(|_| failing(kind)));
            let err = drive(&clock, reconcile, script, ms20()).unwrap_err();
            assert_eq!(err.kind(), kind, "{err}");
            assert_eq!(err.outcome(), Outcome::NotApplied, "a read: {err}");
        }
    }
}

/// A server that never sends `Date`: this machine's clock stands in for its clock (here 20
/// minutes off). The window reaches the unmeasured margin before the start, and only an
/// entry that far after it could prove the attempt: one within it is a candidate.
#[test]
fn without_a_date_the_margin_is_wide_on_both_sides() {
    let clock = ManualClock::default();
    let engine = engine(&clock);
    let no_date = |body: &str| -> Answer {
        Ok(Response::builder()
            .status(200)
            .body(body.as_bytes().to_vec())
            .unwrap())
    };
    let lost = Err(TransportError::new(TransportErrorKind::Network, "reset"));
    let request = RechargeRequest::new(won!(5000), "card");
    // The read of the matching entries before the recharge (none), then the recharge.
    let err = drive(
        &clock,
        engine.call(Recharge::new(request)),
        vec![no_date("[]"), lost],
        ms20(),
    )
    .unwrap_err();
    let attempt = err.money_attempt().unwrap().clone();
    // This machine's clock (12:20, standing still in this test) less the 20 ms since the
    // call began.
    let local = datetime!(2024-05-01 12:20 UTC) - ms(20);
    assert_eq!(
        (attempt.started_at(), attempt.start_measured()),
        (local, false)
    );
    assert_eq!(
        engine.attempt_start(&attempt),
        local + Tuning::DEFAULT.unmeasured_margin()
    );
    let near = local + time::Duration::seconds(5);
    let answers = vec![
        no_date(&page(5000, &[("5d491966384bbe6e51a2ceb7", near)])),
        no_date("[]"),
    ];
    let answer = drive(&clock, engine.reconcile(&attempt), answers, ms20()).unwrap();
    assert!(
        matches!(&answer, Reconciliation::Ambiguous { candidates, .. } if candidates.len() == 1),
        "{answer:?}"
    );
    let window = answer.window();
    assert!(!window.measured());
    // Read again at the look, 40 ms after the call began.
    let read = local - ms(20);
    assert_eq!(
        (window.from(), window.attempt_start()),
        (
            read - Tuning::DEFAULT.unmeasured_margin(),
            read + Tuning::DEFAULT.unmeasured_margin()
        )
    );
}
