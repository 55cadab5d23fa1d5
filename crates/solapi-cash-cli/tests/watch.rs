//! Issue 25: `exporter` over real HTTP against the emulator (values, a scrape storm counted
//! in the emulator's request log, a port in use, SIGTERM), `check` for each exit status, and
//! the forecast in `balance` and `check` from a synced ledger. No wall-clock assertions:
//! requests are counted, and waits are for lines the exporter prints.

#![allow(clippy::unwrap_used)]

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};

use common::Fixture;
use solapi_cash_emulator::{AccountSpec, EmulatorConfig};
use solapi_cash_types::Money;

fn fixture() -> Fixture {
    Fixture::with(
        EmulatorConfig::default().rate_limit(None),
        AccountSpec::new()
            .mfa(false)
            .balance("9000.5".parse().unwrap())
            .point(Money::from_i64(1000)),
    )
}

/// A running `solapi-cash exporter`, its address read from its "serving" line.
struct Exporter {
    child: Child,
    url: String,
    stderr_before: Vec<String>,
    stderr_after: std::sync::Mutex<std::sync::mpsc::Receiver<String>>,
}

impl Exporter {
    fn start(f: &Fixture, args: &[&str]) -> Exporter {
        Exporter::spawn(f.cmd_std(), args)
    }

    /// `cmd exporter --refresh 3600 ARGS`.
    fn spawn(mut cmd: std::process::Command, args: &[&str]) -> Exporter {
        let mut child = cmd
            .args(["exporter", "--refresh", "3600"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let mut before = Vec::new();
        let url = loop {
            let line = lines
                .next()
                .expect("the exporter ended before serving")
                .unwrap();
            if let Some(rest) = line.strip_prefix("serving ") {
                break rest.split("/metrics").next().unwrap().to_owned();
            }
            before.push(line);
        };
        // Keep draining standard error so that the exporter never blocks on it; the lines
        // go to `stderr_after`.
        let (send, lines_after) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                let _ = send.send(line);
            }
        });
        Exporter {
            child,
            url,
            stderr_before: before,
            stderr_after: std::sync::Mutex::new(lines_after),
        }
    }

    /// Waits for a line of standard error that contains `text` (at most a minute: a missing
    /// line fails the test; nothing is timed).
    fn wait_for_line(&self, text: &str) -> String {
        loop {
            let line = self
                .stderr_after
                .lock()
                .unwrap()
                .recv_timeout(std::time::Duration::from_secs(60))
                .unwrap_or_else(|_| panic!("no line with {text:?}"));
            if line.contains(text) {
                return line;
            }
        }
    }

    fn get(&self, path: &str) -> (u16, String) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let mut response = agent.get(&format!("{}{path}", self.url)).call().unwrap();
        let status = response.status().as_u16();
        (status, response.body_mut().read_to_string().unwrap())
    }

    /// SIGTERM, and the exit code.
    fn terminate(&mut self) -> Option<i32> {
        let pid = self.child.id().to_string();
        let killed = std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap();
        assert!(killed.success());
        self.child.wait().unwrap().code()
    }
}

/// A test that fails before `terminate` leaves no exporter behind.
impl Drop for Exporter {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn sample<'a>(text: &'a str, series: &str) -> Option<&'a str> {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
}

fn balance_reads(f: &Fixture) -> usize {
    f.admin()
        .request_log()
        .iter()
        .filter(|r| r.path == "/cash/v1/balance")
        .count()
}

#[cfg(unix)]
#[test]
fn the_exporter_serves_the_emulators_balance_through_a_scrape_storm_and_stops_on_sigterm() {
    let f = fixture();
    let db = f.home.path().join("none.sqlite3");
    let mut exporter = Exporter::start(
        &f,
        &["--listen", "127.0.0.1:0", "--db", db.to_str().unwrap()],
    );
    let (status, text) = exporter.get("/metrics");
    assert_eq!(status, 200);
    let s = |series: &str| sample(&text, series).unwrap_or_else(|| panic!("{series}\n{text}"));
    assert_eq!(s(r#"solapi_cash_up{profile="default"}"#), "1");
    assert_eq!(
        s(r#"solapi_cash_balance_krw{profile="default"}"#)
            .parse::<Money>()
            .unwrap(),
        f.balance()
    );
    assert_eq!(s(r#"solapi_cash_point_krw{profile="default"}"#), "1000");
    let info = format!(
        r#"solapi_cash_account_info{{account="{}",profile="default"}}"#,
        f.account_id
    );
    assert_eq!(s(&info), "1");
    assert!(!db.exists(), "the exporter creates no ledger");
    // A storm: 1,000 scrapes as fast as four threads go, one read in all.
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                for _ in 0..250 {
                    assert_eq!(exporter.get("/metrics").0, 200);
                }
            });
        }
    });
    assert_eq!(
        balance_reads(&f),
        1,
        "1,001 scrapes, one read of the balance"
    );
    assert_eq!(exporter.get("/health"), (200, "ok\n".to_owned()));
    assert!(
        exporter
            .stderr_before
            .iter()
            .all(|l| !l.contains("warning"))
    );
    assert_eq!(exporter.terminate(), Some(0), "SIGTERM ends it cleanly");
}

#[cfg(unix)]
#[test]
fn the_exporter_warns_beyond_loopback_and_refuses_a_port_in_use() {
    let f = fixture();
    let mut exporter = Exporter::start(&f, &["--listen", "0.0.0.0:0", "--no-ledger"]);
    assert!(
        exporter
            .stderr_before
            .iter()
            .any(|l| l.contains("warning:") && l.contains("beyond this machine")),
        "{:?}",
        exporter.stderr_before
    );
    assert_eq!(exporter.terminate(), Some(0));

    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let run = f.run(f.cmd().args(["exporter", "--no-ledger", "--listen", &addr]));
    run.code(1);
    assert!(
        run.stderr.contains(&format!("cannot listen on {addr}")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("another exporter?"), "{}", run.stderr);
    assert_eq!(balance_reads(&f), 0, "nothing was read");
}

#[test]
fn check_exits_0_1_2_with_a_status_line_and_perfdata() {
    let f = fixture();
    // balance + point = 10000.5
    for (w, c, code, word) in [
        ("10000.5", "5000", 0, "OK"),
        ("10000.6", "5000", 1, "WARNING"),
        ("20000", "10000.6:", 2, "CRITICAL"),
    ] {
        let run = f.run(f.cmd().args(["check", "-w", w, "-c", c]));
        run.code(code);
        let line = run.stdout.trim_end();
        assert!(!line.contains('\n'), "one line: {line}");
        assert!(
            line.starts_with(&format!(
                "SOLAPI CASH {word} - balance + point 10,000.5 won"
            )),
            "{line}"
        );
        let c = c.trim_end_matches(':');
        assert!(
            line.ends_with(&format!(
                "| left=10000.5;{w}:;{c}:;; balance=9000.5;;;; point=1000;;;;"
            )),
            "{line}"
        );
        assert_eq!(run.stderr, "", "nothing but the status line");
    }
    let run = f.run(f.cmd().args(["check", "-c", "9000.6", "--cash-only"]));
    run.code(2);
    assert!(
        run.stdout.starts_with(
            "SOLAPI CASH CRITICAL - balance 9,000.5 won, below the critical 9,000.6 won"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn check_is_unknown_when_the_balance_cannot_be_read() {
    let f = fixture();
    let wrong = f.run(
        f.cmd()
            .env(
                "SOLAPI_API_SECRET",
                "wrong-secret-of-the-right-length-000000",
            )
            .args(["check", "-w", "1"]),
    );
    wrong.code(3);
    assert!(
        wrong.stdout.starts_with("SOLAPI CASH UNKNOWN - "),
        "{}",
        wrong.stdout
    );
    let down = f.run(f.cmd().env("SOLAPI_BASE_URL", "http://127.0.0.1:9").args([
        "--retries",
        "0",
        "check",
        "-w",
        "1",
    ]));
    down.code(3);
    assert!(
        down.stdout.starts_with("SOLAPI CASH UNKNOWN - "),
        "{}",
        down.stdout
    );
    // Bad arguments: UNKNOWN too (the plugin convention), with the parser's reason.
    let bad = f.run(f.cmd().args(["check", "-w", "lots"]));
    bad.code(3);
    assert!(
        bad.stdout
            .starts_with("SOLAPI CASH UNKNOWN - invalid value 'lots'"),
        "{}",
        bad.stdout
    );
    let bad = f.run(f.cmd().args(["--profile", "x", "check", "--no-such-flag"]));
    bad.code(3);
    // Other commands keep their exit code 2 for usage errors.
    f.run(f.cmd().args(["balance", "--no-such-flag"])).code(2);
    // Days thresholds without a ledger: UNKNOWN, saying what to do.
    let db = f.home.path().join("none.sqlite3");
    let none = f.run(
        f.cmd()
            .args(["check", "--days-warning", "3", "--db", db.to_str().unwrap()]),
    );
    none.code(3);
    assert!(none.stdout.contains("solapi-cash sync"), "{}", none.stdout);
}

#[test]
fn the_forecast_from_a_synced_ledger_in_balance_and_check() {
    // The account and its charges two days and one day ago (the emulator dates entries after
    // the newest one, so the account is made in the past too).
    let now = time::OffsetDateTime::now_utc();
    let emulator =
        solapi_cash_emulator::Emulator::start(EmulatorConfig::default().rate_limit(None)).unwrap();
    let admin = emulator.admin();
    admin.set_clock_offset(-time::Duration::days(3));
    let account_id = admin
        .create_account(
            AccountSpec::new()
                .mfa(false)
                .balance(Money::from_i64(100_000)),
        )
        .unwrap()
        .account_id;
    let (api_key, secret) = admin
        .create_api_key(&account_id, solapi_cash_emulator::KeySpec::default())
        .unwrap();
    admin.set_clock_offset(time::Duration::ZERO);
    let f = Fixture {
        emulator,
        account_id,
        api_key,
        api_secret: secret.expose_secret().to_owned(),
        payment_id: String::new(),
        declined_payment_id: String::new(),
        extra_secrets: Vec::new(),
        home: tempfile::tempdir().unwrap(),
    };
    f.charge_at(now - time::Duration::days(2), 3000);
    f.charge_at(now - time::Duration::days(1), 4000);
    let db = f.home.path().join("cash.sqlite3");
    let db = db.to_str().unwrap();
    f.run(f.cmd().args(["sync", "--db", db])).code(0);
    // The ledger starts with the account, three days ago: 7,000 over three days is 2,333.33…
    // a day, and 93,000 last 39.86 days.
    let json = f.run(f.cmd().args(["balance", "-o", "json", "--db", db]));
    json.code(0);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["balance"], 93000);
    assert_eq!(v["forecast"]["state"], "days", "{v}");
    assert_eq!(v["forecast"]["daysLeft"], 39, "{v}");
    assert_eq!(v["forecast"]["perDay"], 2333.33);
    assert_eq!(v["forecast"]["spent"], 7000);
    assert_eq!(v["forecast"]["spentTotal"], 7000);
    let table = f.run(f.cmd().args(["balance", "--db", db]));
    assert!(
        table
            .stdout
            .contains("days left: 39 days at the recent rate"),
        "{}",
        table.stdout
    );
    let check = |days_w: &str, days_c: &str| {
        f.run(f.cmd().args([
            "check",
            "-w",
            "1000",
            "--days-warning",
            days_w,
            "--days-critical",
            days_c,
            "--db",
            db,
        ]))
    };
    let ok = check("39", "10");
    ok.code(0);
    assert!(
        ok.stdout.contains("; 39 days at the recent rate |"),
        "{}",
        ok.stdout
    );
    assert!(
        ok.stdout.trim_end().ends_with(" days_left=39;39:;10:;0;"),
        "{}",
        ok.stdout
    );
    check("40", "10").code(1);
    check("50", "40").code(2);
    // The exporter reads the same ledger: the spent counter and the forecast.
    #[cfg(unix)]
    {
        let mut exporter = Exporter::start(&f, &["--listen", "127.0.0.1:0", "--db", db]);
        let text = exporter.get("/metrics").1;
        let s = |series: &str| sample(&text, series).unwrap_or_else(|| panic!("{series}\n{text}"));
        for (series, value) in [
            (r#"solapi_cash_spent_krw_total{profile="default"}"#, "7000"),
            (
                r#"solapi_cash_forecast_state{profile="default",state="days"}"#,
                "1",
            ),
            (
                r#"solapi_cash_forecast_state{profile="default",state="autoRecharge"}"#,
                "0",
            ),
        ] {
            assert_eq!(s(series), value, "{series}");
        }
        let secs: u64 = s(r#"solapi_cash_forecast_left_seconds{profile="default"}"#)
            .parse()
            .unwrap();
        assert_eq!(secs / 86_400, 39);
        assert_eq!(exporter.terminate(), Some(0));
    }
    // Without a ledger, balance's JSON is the API's answer alone.
    let plain = f.run(
        f.cmd()
            .args(["balance", "-o", "json", "--db", "/nonexistent/x.sqlite3"]),
    );
    let v: serde_json::Value = serde_json::from_str(&plain.stdout).unwrap();
    assert!(v.get("forecast").is_none());
}

/// Stores credentials and the emulator's URL in `profile`.
fn store(f: &Fixture, profile: &str, key: &str, secret: &str) {
    let url = f.emulator.base_url();
    for (field, value) in [("api-key", key), ("base-url", url.as_str())] {
        f.run(
            f.bare()
                .args(["--profile", profile, "config", "set", field, value]),
        )
        .code(0);
    }
    f.run(
        f.bare()
            .args(["--profile", profile, "config", "set", "api-secret"])
            .write_stdin(format!("{secret}\n")),
    )
    .code(0);
}

#[cfg(unix)]
#[test]
fn one_exporter_watches_several_profiles_as_labels() {
    let f = fixture();
    let admin = f.admin();
    let other = admin
        .create_account(AccountSpec::new().mfa(false).balance(Money::from_i64(500)))
        .unwrap()
        .account_id;
    let (key, secret) = admin
        .create_api_key(&other, solapi_cash_emulator::KeySpec::default())
        .unwrap();
    store(&f, "shop", &f.api_key, &f.api_secret);
    store(&f, "ads", &key, secret.expose_secret());
    let mut exporter = Exporter::spawn(
        f.bare_std(),
        &[
            "--listen",
            "127.0.0.1:0",
            "--profiles",
            "shop,ads",
            "--no-ledger",
        ],
    );
    for _ in 0..100 {
        assert_eq!(exporter.get("/metrics").0, 200);
    }
    let text = exporter.get("/metrics").1;
    for (series, value) in [
        (r#"solapi_cash_balance_krw{profile="shop"}"#, "9000.5"),
        (r#"solapi_cash_balance_krw{profile="ads"}"#, "500"),
        (r#"solapi_cash_up{profile="ads"}"#, "1"),
        (r#"solapi_cash_reads_total{profile="shop"}"#, "1"),
    ] {
        assert_eq!(sample(&text, series), Some(value), "{series}\n{text}");
    }
    assert_eq!(balance_reads(&f), 2, "one read per account");
    assert_eq!(exporter.terminate(), Some(0));
    // One account's ledger is not another's forecast.
    let db = f.home.path().join("shop.sqlite3");
    let db = db.to_str().unwrap();
    f.run(f.bare().args(["--profile", "shop", "sync", "--db", db]))
        .code(0);
    let wrong = f.run(f.bare().args(["--profile", "ads", "balance", "--db", db]));
    wrong.code(1);
    assert!(wrong.stderr.contains("holds account"), "{}", wrong.stderr);
    let check = f.run(f.bare().args(["--profile", "ads", "check", "--db", db]));
    check.code(3);
    assert!(check.stdout.contains("holds account"), "{}", check.stdout);
}

#[cfg(unix)]
#[test]
fn the_exporter_logs_a_failed_read_and_serves_up_0() {
    let f = fixture();
    let mut cmd = f.cmd_std();
    // Nothing listens there: every read fails to connect.
    cmd.env("SOLAPI_BASE_URL", "http://127.0.0.1:9")
        .args(["--retries", "0"]);
    let mut exporter = Exporter::spawn(cmd, &["--listen", "127.0.0.1:0", "--no-ledger"]);
    let text = exporter.get("/metrics").1;
    assert_eq!(
        sample(&text, r#"solapi_cash_up{profile="default"}"#),
        Some("0")
    );
    assert_eq!(
        sample(
            &text,
            r#"solapi_cash_read_errors_total{profile="default",kind="connect"}"#
        ),
        Some("1")
    );
    assert!(
        !text.contains("solapi_cash_balance_krw{"),
        "never a made-up balance\n{text}"
    );
    let line = exporter.wait_for_line("reading the balance failed");
    assert!(
        line.starts_with("warning: profile default: reading the balance failed (connect)"),
        "{line}"
    );
    assert_eq!(exporter.terminate(), Some(0));
}
