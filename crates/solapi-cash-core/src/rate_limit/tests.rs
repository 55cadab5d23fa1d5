use std::sync::Mutex;

use http::HeaderValue;
use time::macros::datetime;

use super::*;

/// A clock the test moves by hand.
#[derive(Debug, Default)]
struct Manual(Mutex<Duration>);

impl Manual {
    fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
}

impl Clock for Manual {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::UNIX_EPOCH
    }
    fn monotonic(&self) -> Duration {
        *self.0.lock().unwrap()
    }
}

const NOW: OffsetDateTime = datetime!(2026-10-06 12:00:00 UTC);
const MS: fn(u64) -> Duration = Duration::from_millis;
const S: fn(u64) -> Duration = Duration::from_secs;

fn headers(limit: &str, remaining: &str, reset: &str) -> RateHeaders {
    let mut map = HeaderMap::new();
    for (name, value) in [
        ("x-ratelimit-limit", limit),
        ("x-ratelimit-remaining", remaining),
        ("x-ratelimit-reset", reset),
    ] {
        if !value.is_empty() {
            map.insert(name, HeaderValue::from_str(value).unwrap());
        }
    }
    RateHeaders::read(&map, NOW)
}

#[test]
fn reset_is_seconds_from_now_below_a_billion_and_a_unix_time_above() {
    let unix = NOW.unix_timestamp();
    let cases: Vec<(String, Option<Duration>)> = vec![
        ("3".into(), Some(S(3))),
        ("0".into(), Some(S(0))),
        ("2.5".into(), Some(MS(2500))),
        (" 4 ".into(), Some(S(4))),
        ((unix + 5).to_string(), Some(S(5))),
        (((unix + 5) * 1000 + 250).to_string(), Some(MS(5250))),
        // a Unix time already past: the window is over
        ((unix - 10).to_string(), Some(S(0))),
        // absurd, negative, not numbers: ignored
        ("99999999999".into(), None),
        ("3601".into(), None),
        ("-3".into(), None),
        ("soon".into(), None),
        ("1e3".into(), None),
        ("".into(), None),
        ("NaN".into(), None),
        ("3.".into(), Some(S(3))),
        (".5".into(), None),
        ("123456789012345678901234567890".into(), None),
    ];
    for (value, expected) in cases {
        assert_eq!(parse_reset(&value, NOW), expected, "{value:?}");
    }
}

#[test]
fn contradictions_and_nonsense_are_clamped_or_ignored() {
    assert_eq!(
        headers("20", "50", "3"),
        RateHeaders {
            limit: Some(20),
            remaining: Some(20),
            reset: Some(S(3))
        },
        "remaining above the limit is clamped to it"
    );
    assert_eq!(
        headers("0", "0", "x"),
        RateHeaders {
            remaining: Some(0),
            ..RateHeaders::default()
        }
    );
    assert_eq!(headers("-1", "ten", "99999999999"), RateHeaders::default());
    assert_eq!(headers("", "", ""), RateHeaders::default());
}

fn budget() -> (Arc<Manual>, RateBudget) {
    let clock = Arc::new(Manual::default());
    let budget = RateBudget::new(clock.clone());
    (clock, budget)
}

#[test]
fn nothing_is_held_back_until_the_service_says_its_limit() {
    let (_, budget) = budget();
    for _ in 0..100 {
        assert_eq!(budget.acquire(Class::Read), None);
    }
    budget.observe(Class::Read, RateHeaders::default(), false);
    assert_eq!(budget.acquire(Class::Read), None);
}

#[test]
fn a_spent_budget_waits_for_the_end_of_the_window_then_has_the_whole_limit() {
    let (clock, budget) = budget();
    assert_eq!(budget.acquire(Class::Read), None);
    clock.advance(MS(30));
    // The first answer: 20 a window, 19 left, the window ends in 5 s.
    budget.observe(Class::Read, headers("20", "19", "5"), false);
    for _ in 0..19 {
        assert_eq!(budget.acquire(Class::Read), None);
    }
    assert_eq!(budget.acquire(Class::Read), Some(S(5)));
    // Writes are counted apart.
    assert_eq!(budget.acquire(Class::Write), None);
    clock.advance(S(2));
    assert_eq!(budget.acquire(Class::Read), Some(S(3)));
    clock.advance(S(3));
    for _ in 0..20 {
        assert_eq!(budget.acquire(Class::Read), None);
    }
    // No answer yet in the new window: its end is guessed from the longest window seen.
    assert_eq!(budget.acquire(Class::Read), Some(S(5)));
    // An answer tells the real end, replacing the guess.
    clock.advance(MS(30));
    budget.observe(Class::Read, headers("20", "0", "4.9"), false);
    assert_eq!(budget.acquire(Class::Read), Some(MS(4900)));
}

#[test]
fn answers_of_one_window_keep_the_earliest_end_and_the_lowest_remaining() {
    let (clock, budget) = budget();
    budget.observe(Class::Read, headers("20", "19", "5"), false);
    clock.advance(MS(500));
    // Whole seconds rounded up: 4.5 s left is "5", a later bound than the first.
    budget.observe(Class::Read, headers("20", "18", "5"), false);
    assert_eq!(budget.until_reset(Class::Read), Some(MS(4500)));
    // Another client of the key spent most of the window.
    budget.observe(Class::Read, headers("20", "2", "4"), false);
    assert_eq!(budget.until_reset(Class::Read), Some(S(4)));
    assert_eq!(budget.acquire(Class::Read), None);
    assert_eq!(budget.acquire(Class::Read), None);
    assert_eq!(budget.acquire(Class::Read), Some(S(4)));
}

#[test]
fn a_429_empties_the_budget_until_the_reset_it_gives() {
    let (clock, budget) = budget();
    budget.observe(Class::Read, headers("20", "10", "2"), false);
    clock.advance(MS(100));
    budget.observe(Class::Read, headers("20", "0", "3"), true);
    assert_eq!(budget.until_reset(Class::Read), Some(S(3)));
    assert_eq!(budget.acquire(Class::Read), Some(S(3)));
    // A 429 with no headers at all: nothing to wait for from the budget.
    let (_, bare) = self::budget();
    bare.observe(Class::Read, RateHeaders::default(), true);
    assert_eq!(bare.acquire(Class::Read), None);
}

#[test]
fn a_spent_budget_with_no_known_end_asks_again_shortly() {
    let (_, budget) = budget();
    budget.observe(Class::Read, headers("2", "0", ""), false);
    assert_eq!(budget.acquire(Class::Read), Some(FALLBACK_WAIT));
}

#[test]
fn clients_of_one_credential_share_one_budget_keyed_by_a_digest() {
    let key = Credentials::api_key("NCSAYU7YDBXYORXC", "secret");
    let other = Credentials::api_key("NCSAYU7YDBXYORXD", "secret");
    let a = RateBudget::shared(&key, "http://127.0.0.1:1/");
    let b = RateBudget::shared(&key, "http://127.0.0.1:1/");
    let c = RateBudget::shared(&other, "http://127.0.0.1:1/");
    let d = RateBudget::shared(&key, "http://127.0.0.1:2/");
    assert!(Arc::ptr_eq(&a, &b));
    assert!(!Arc::ptr_eq(&a, &c));
    assert!(!Arc::ptr_eq(&a, &d));
    assert!(!format!("{a:?}").contains("NCSAYU7YDBXYORXC"));
}
