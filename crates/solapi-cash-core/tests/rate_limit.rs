//! The service's rate limit as `Call` meets it (issue 19): a 429 waits for what the server
//! said without using up the attempts, a recharge answered 429 is sent again, a spent
//! budget waits for its window before sending, and nonsense headers never hang the call.
//! Every engine here has a clock of its own (so a budget of its own): nothing is timed.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http::{Request, Response};
use solapi_auth::Credentials;
use solapi_cash_core::endpoint::{Balance, Endpoint, Recharge};
use solapi_cash_core::transport::{Action, Call, Machine, TransportError};
use solapi_cash_core::{
    ClientBuilder, Clock, Engine, Error, ErrorKind, Jitter, Outcome, RetryPolicy,
};
use solapi_cash_types::{RechargeRequest, won};
use time::OffsetDateTime;

/// A clock that moves only when the call sleeps.
#[derive(Debug, Clone, Default)]
struct Manual(Arc<Mutex<Duration>>);

impl Clock for Manual {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::UNIX_EPOCH + *self.0.lock().unwrap() + time::Duration::days(20_000)
    }
    fn monotonic(&self) -> Duration {
        *self.0.lock().unwrap()
    }
}

fn engine(clock: &Manual, retry: RetryPolicy) -> Arc<Engine> {
    ClientBuilder::<Arc<Engine>>::new()
        .base_url("http://127.0.0.1:9")
        .credentials(Credentials::api_key(
            "RATELIMITTESTKEY",
            "rate-limit-test-secret",
        ))
        .retry(retry.with_jitter(Jitter::None).with_base_delay(MS(10)))
        .clock(clock.clone())
        .build()
        .unwrap()
}

const MS: fn(u64) -> Duration = Duration::from_millis;
const S: fn(u64) -> Duration = Duration::from_secs;

type Answer = Result<Response<Vec<u8>>, TransportError>;

fn answer(code: u16, headers: &[(&str, &str)], body: &str) -> Answer {
    let mut response = Response::builder().status(code);
    for (name, value) in headers {
        response = response.header(*name, *value);
    }
    Ok(response.body(body.as_bytes().to_vec()).unwrap())
}

const TOO_MANY: &str = r#"{"errorCode":"TooManyRequests","message":"Too many requests"}"#;
const BALANCE: &str = r#"{"balance": 1000, "point": 0}"#;
const RECHARGED: &str = r#"{"accountId":"a","oldBalance":0,"newBalance":500,"oldPoint":0,"newPoint":0,
    "balanceAmount":500,"pointAmount":0,"type":"RECHARGE","historyId":"5d491966384bbe6e51a2ceb6"}"#;

/// The result of a call, the requests it sent and the waits it asked for.
type Driven<T> = (Result<T, Error>, Vec<Request<Vec<u8>>>, Vec<Duration>);

/// Runs a call against scripted answers, the clock moving by each sleep.
fn drive<E: Endpoint>(
    clock: &Manual,
    mut call: Call<E>,
    answers: Vec<Answer>,
) -> Driven<E::Output> {
    let mut answers: VecDeque<Answer> = answers.into();
    let (mut sent, mut waits) = (Vec::new(), Vec::new());
    let moves_money = call.endpoint().moved_money().is_some();
    loop {
        match call.next_action() {
            // A call that moves money first reads the matching entries (tests/reconcile_call.rs):
            // none here, and that read is left out of the requests returned.
            Action::Send(request) if moves_money && request.method() == http::Method::GET => {
                call.receive(Ok(http::Response::builder()
                    .status(200)
                    .body(b"[]".to_vec())
                    .unwrap()));
            }
            Action::Send(request) => {
                sent.push(request);
                call.receive(answers.pop_front().expect("more requests than scripted"));
            }
            Action::Sleep(wait) => {
                *clock.0.lock().unwrap() += wait;
                waits.push(wait);
            }
            Action::Done(result) => return (result, sent, waits),
        }
    }
}

#[test]
fn a_429_waits_for_the_reset_and_does_not_use_up_the_attempts() {
    let clock = Manual::default();
    let engine = engine(&clock, RetryPolicy::default());
    let limited = || {
        answer(
            429,
            &[
                ("x-ratelimit-limit", "20"),
                ("x-ratelimit-remaining", "0"),
                ("x-ratelimit-reset", "3"),
            ],
            TOO_MANY,
        )
    };
    // Six 429s: more than the four attempts, all waited out.
    let mut answers: Vec<Answer> = (0..6).map(|_| limited()).collect();
    answers.push(answer(200, &[], BALANCE));
    let (result, sent, waits) = drive(&clock, engine.call(Balance::new()), answers);
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(sent.len(), 7);
    assert_eq!(waits, vec![S(3); 6]);
}

#[test]
fn retry_after_wins_as_seconds_or_as_a_date() {
    let clock = Manual::default();
    let engine = engine(&clock, RetryPolicy::default());
    let date = solapi_cash_core::format_http_date(clock.now() + time::Duration::seconds(7));
    let (result, _, waits) = drive(
        &clock,
        engine.call(Balance::new()),
        vec![
            answer(
                429,
                &[("retry-after", "2"), ("x-ratelimit-reset", "9")],
                TOO_MANY,
            ),
            answer(429, &[("retry-after", &date)], TOO_MANY),
            answer(200, &[], BALANCE),
        ],
    );
    assert!(result.is_ok());
    assert_eq!(waits[0], S(2));
    // The date is measured on the server's clock (the engine's, here) from the answer.
    assert!(waits[1] >= S(4) && waits[1] <= S(7), "{:?}", waits[1]);
}

#[test]
fn a_recharge_answered_429_was_not_applied_and_is_sent_again() {
    let clock = Manual::default();
    let engine = engine(&clock, RetryPolicy::default());
    let request = RechargeRequest::new(won!(500), "card");
    let (result, sent, waits) = drive(
        &clock,
        engine.call(Recharge::new(request)),
        vec![
            answer(429, &[("retry-after", "1")], TOO_MANY),
            answer(200, &[], RECHARGED),
        ],
    );
    assert!(result.is_ok(), "{result:?}");
    assert_eq!((sent.len(), waits), (2, vec![S(1)]));
}

#[test]
fn waits_beyond_the_limit_stop_with_the_429_which_is_not_applied() {
    let clock = Manual::default();
    let engine = engine(
        &clock,
        RetryPolicy::default().with_max_rate_limit_wait(S(5)),
    );
    let request = RechargeRequest::new(won!(500), "card");
    let (result, sent, waits) = drive(
        &clock,
        engine.call(Recharge::new(request)),
        vec![
            answer(429, &[("x-ratelimit-reset", "3")], TOO_MANY),
            answer(429, &[("x-ratelimit-reset", "3")], TOO_MANY),
        ],
    );
    let err = result.unwrap_err();
    assert_eq!((sent.len(), waits), (2, vec![S(3)]));
    assert_eq!(
        (err.kind(), err.outcome()),
        (ErrorKind::RateLimited, Outcome::NotApplied)
    );
    let text = err.to_string();
    assert!(text.contains("Too many requests"), "{text}");
    assert!(text.contains("max_rate_limit_wait"), "{text}");
}

#[test]
fn the_deadline_bounds_rate_limit_waits_too() {
    let clock = Manual::default();
    let engine = engine(&clock, RetryPolicy::default().with_deadline(Some(S(10))));
    let (result, sent, waits) = drive(
        &clock,
        engine.call(Balance::new()),
        vec![answer(429, &[("retry-after", "30")], TOO_MANY)],
    );
    let err = result.unwrap_err();
    assert_eq!((sent.len(), waits.len()), (1, 0));
    assert!(err.to_string().contains("deadline"), "{err}");
}

#[test]
fn a_spent_budget_waits_for_its_window_before_sending() {
    let clock = Manual::default();
    let engine = engine(&clock, RetryPolicy::default());
    let headers = [
        ("x-ratelimit-limit", "2"),
        ("x-ratelimit-remaining", "1"),
        ("x-ratelimit-reset", "4"),
    ];
    let (result, _, waits) = drive(
        &clock,
        engine.call(Balance::new()),
        vec![answer(200, &headers, BALANCE)],
    );
    assert!(result.is_ok() && waits.is_empty());
    // The recharge's read of the matching entries before it takes the one read left in the
    // window; the recharge itself is a write, counted apart: neither waits.
    let request = RechargeRequest::new(won!(500), "card");
    let (_, _, waits) = drive(
        &clock,
        engine.call(Recharge::new(request)),
        vec![answer(200, &[], RECHARGED)],
    );
    assert!(waits.is_empty());
    // Spent: the third waits for the window's end, then goes with no 429 drawn.
    let (result, sent, waits) = drive(
        &clock,
        engine.call(Balance::new()),
        vec![answer(200, &[], BALANCE)],
    );
    assert!(result.is_ok());
    assert_eq!((sent.len(), waits), (1, vec![S(4)]));
}

#[test]
fn nonsense_headers_fall_back_to_the_bounded_backoff() {
    for reset in ["99999999999", "-3", "soon", "1e9", ""] {
        let clock = Manual::default();
        let engine = engine(&clock, RetryPolicy::default().with_max_delay(MS(40)));
        let mut answers: Vec<Answer> = (0..5)
            .map(|_| {
                answer(
                    429,
                    &[
                        ("x-ratelimit-reset", reset),
                        ("x-ratelimit-limit", "x"),
                        ("x-ratelimit-remaining", "-1"),
                        ("retry-after", "never"),
                    ],
                    "<html>slow down</html>",
                )
            })
            .collect();
        answers.push(answer(200, &[], BALANCE));
        let (result, _, waits) = drive(&clock, engine.call(Balance::new()), answers);
        assert!(result.is_ok(), "{reset}: {result:?}");
        assert_eq!(
            waits,
            vec![MS(10), MS(20), MS(40), MS(40), MS(40)],
            "{reset}"
        );
    }
}
