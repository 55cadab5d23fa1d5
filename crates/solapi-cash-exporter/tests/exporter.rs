//! The exporter over real HTTP on 127.0.0.1 against the emulator: values, caching under a
//! scrape storm (counted in the emulator's request log, never timed), `up 0` with the last
//! values kept, errors by kind, a port in use, a clean stop.

#![allow(clippy::unwrap_used)]

use std::time::Duration;

use solapi_cash_blocking::{Client, Credentials, RetryPolicy};
use solapi_cash_emulator::{
    AccountSpec, Emulator, EmulatorConfig, FaultAction, FaultSpec, KeySpec, Route,
};
use solapi_cash_exporter::{Exporter, Schedule, ServiceSource, Stopper, Target};
use solapi_cash_types::Money;

struct Running {
    emulator: Option<Emulator>,
    url: String,
    stopper: Stopper,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stopper.stop();
        if let Some(t) = self.thread.take() {
            t.join().unwrap();
        }
    }
}

impl Running {
    fn emulator(&self) -> &Emulator {
        self.emulator.as_ref().unwrap()
    }

    fn scrape(&self) -> String {
        get(&format!("{}/metrics", self.url)).1
    }

    fn balance_reads(&self) -> usize {
        self.emulator()
            .admin()
            .request_log()
            .iter()
            .filter(|r| r.path.starts_with("/cash/v1/balance") && !r.path.contains("history"))
            .count()
    }
}

fn get(url: &str) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent.get(url).call().unwrap();
    let status = response.status().as_u16();
    (status, response.body_mut().read_to_string().unwrap())
}

/// An exporter of one account (balance 9000.5, point 1000) reading at most every `refresh`.
fn start(refresh: Duration) -> Running {
    start_with(refresh, |secret| secret)
}

/// [`start`], with the secret the exporter uses made by `secret` from the right one.
fn start_with(refresh: Duration, secret: impl FnOnce(String) -> String) -> Running {
    let emulator = Emulator::start(EmulatorConfig::default().rate_limit(None)).unwrap();
    let admin = emulator.admin();
    let account = admin
        .create_account(
            AccountSpec::new()
                .mfa(false)
                .balance("9000.5".parse().unwrap())
                .point(Money::from_i64(1000)),
        )
        .unwrap()
        .account_id;
    let (key, right) = admin.create_api_key(&account, KeySpec::default()).unwrap();
    let secret = secret(right.expose_secret().to_owned());
    let client = Client::builder()
        .base_url(emulator.base_url())
        .credentials(Credentials::api_key(key, secret))
        .retry(RetryPolicy::default().with_max_attempts(1))
        // A 429 is a failed read here, not a wait.
        .max_rate_limit_wait(Duration::ZERO)
        .build()
        .unwrap();
    let target = Target::new(
        "default",
        Box::new(ServiceSource::new(client, None)),
        Schedule::new(refresh),
    );
    let exporter = Exporter::bind("127.0.0.1:0".parse().unwrap(), vec![target]).unwrap();
    let url = format!("http://{}", exporter.local_addr());
    let stopper = exporter.stopper();
    let thread = std::thread::spawn(move || exporter.serve());
    Running {
        emulator: Some(emulator),
        url,
        stopper,
        thread: Some(thread),
    }
}

/// The value of the sample `name{labels}`.
fn sample<'a>(text: &'a str, series: &str) -> Option<&'a str> {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
}

#[test]
fn a_scrape_shows_the_emulators_balance() {
    let run = start(Duration::from_secs(3600));
    let text = run.scrape();
    let s = |series: &str| sample(&text, series).unwrap_or_else(|| panic!("{series}\n{text}"));
    assert_eq!(s(r#"solapi_cash_up{profile="default"}"#), "1");
    assert_eq!(s(r#"solapi_cash_balance_krw{profile="default"}"#), "9000.5");
    assert_eq!(s(r#"solapi_cash_point_krw{profile="default"}"#), "1000");
    assert_eq!(s(r#"solapi_cash_reads_total{profile="default"}"#), "1");
    assert!(
        text.contains("# UNIT solapi_cash_balance_krw krw"),
        "{text}"
    );
    assert!(
        text.ends_with("# EOF\n"),
        "OpenMetrics text ends with # EOF"
    );
    // No ledger, no ledger figures; no error yet.
    assert!(!text.contains("solapi_cash_spent_krw_total"));
    assert!(!text.contains("solapi_cash_read_errors_total{"));
    let (status, body) = get(&format!("{}/health", run.url));
    assert_eq!((status, body.as_str()), (200, "ok\n"));
    assert_eq!(get(&format!("{}/nothing", run.url)).0, 404);
}

#[test]
fn a_scrape_storm_costs_one_read_per_refresh() {
    let run = start(Duration::from_secs(3600));
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                for _ in 0..250 {
                    let text = run.scrape();
                    assert!(text.contains("solapi_cash_balance_krw"), "{text}");
                }
            });
        }
    });
    assert_eq!(run.balance_reads(), 1, "1,000 scrapes, one read");
    let text = run.scrape();
    assert_eq!(
        sample(&text, r#"solapi_cash_reads_total{profile="default"}"#),
        Some("1")
    );
}

#[test]
fn a_failed_read_keeps_the_last_values_with_up_0() {
    // A refresh of zero: every scrape reads, so each one below is one read.
    let mut run = start(Duration::ZERO);
    let first = run.scrape();
    assert_eq!(
        sample(&first, r#"solapi_cash_up{profile="default"}"#),
        Some("1")
    );
    // Rate limited.
    run.emulator()
        .admin()
        .inject_fault(FaultSpec::new(Route::Balance, FaultAction::error(429)));
    let limited = run.scrape();
    assert_eq!(
        sample(&limited, r#"solapi_cash_up{profile="default"}"#),
        Some("0")
    );
    assert_eq!(
        sample(
            &limited,
            r#"solapi_cash_read_errors_total{profile="default",kind="rate_limited"}"#
        ),
        Some("1"),
        "{limited}"
    );
    // The emulator stopped: nothing answers.
    run.emulator.take().unwrap().stop();
    let down = run.scrape();
    let s = |series: &str| sample(&down, series).unwrap_or_else(|| panic!("{series}\n{down}"));
    assert_eq!(s(r#"solapi_cash_up{profile="default"}"#), "0");
    assert_eq!(
        s(r#"solapi_cash_balance_krw{profile="default"}"#),
        "9000.5",
        "kept, not zero"
    );
    assert_eq!(
        s(r#"solapi_cash_read_errors_total{profile="default",kind="connect"}"#),
        "1"
    );
    assert_eq!(s(r#"solapi_cash_reads_total{profile="default"}"#), "3");
    assert!(
        s(r#"solapi_cash_last_read_age_seconds{profile="default"}"#)
            .parse::<f64>()
            .is_ok()
    );
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap();
    let err = Exporter::bind(addr, Vec::new()).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::AddrInUse);
}

#[test]
fn a_wrong_key_is_up_0_with_errors_of_kind_authentication_and_no_values() {
    let run = start_with(Duration::ZERO, |right| format!("{right}x"));
    let text = run.scrape();
    let s = |series: &str| sample(&text, series);
    assert_eq!(s(r#"solapi_cash_up{profile="default"}"#), Some("0"));
    assert_eq!(
        s(r#"solapi_cash_read_errors_total{profile="default",kind="authentication"}"#),
        Some("1"),
        "{text}"
    );
    assert!(
        !text.contains("solapi_cash_balance_krw{"),
        "no made-up balance\n{text}"
    );
    assert!(
        !text.contains("solapi_cash_last_read_age_seconds{"),
        "{text}"
    );
}
