//! What every CLI test needs: an emulator with an account, a key and cards, a private
//! config directory, and a way to run the real binary that checks, on every run, that no
//! secret ever reaches standard output or standard error.

#![allow(dead_code, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Output;

use solapi_cash_emulator::{AccountSpec, Emulator, EmulatorConfig, KeySpec};

pub mod masked;
#[cfg(target_os = "linux")]
pub mod pty;
use solapi_cash_types::Money;

pub struct Fixture {
    pub emulator: Emulator,
    pub account_id: String,
    pub api_key: String,
    pub api_secret: String,
    pub payment_id: String,
    pub declined_payment_id: String,
    /// Also checked for on every run.
    pub extra_secrets: Vec<String>,
    pub home: tempfile::TempDir,
}

impl Fixture {
    /// A fixture on the demo data (its own account besides the demo's); commands with the
    /// demo account's key come from [`Fixture::demo_cmd`].
    pub fn demo() -> Fixture {
        Fixture::with(
            EmulatorConfig::default().rate_limit(None).demo(true),
            AccountSpec::new().mfa(false),
        )
    }

    /// [`Fixture::cmd`] with the demo account's key and secret.
    pub fn demo_cmd(&self) -> assert_cmd::Command {
        let mut cmd = self.cmd();
        cmd.env("SOLAPI_API_KEY", solapi_cash_emulator::demo::DEMO_API_KEY)
            .env(
                "SOLAPI_API_SECRET",
                solapi_cash_emulator::demo::DEMO_API_SECRET,
            );
        cmd
    }

    /// An emulator and an account with `balance`, second factor off.
    pub fn new() -> Fixture {
        Fixture::with(
            EmulatorConfig::default().rate_limit(None),
            AccountSpec::new().mfa(false),
        )
    }

    pub fn with(config: EmulatorConfig, account: AccountSpec) -> Fixture {
        let emulator = Emulator::start(config).unwrap();
        let admin = emulator.admin();
        let account_id = admin.create_account(account).unwrap().account_id;
        let (api_key, secret) = admin
            .create_api_key(&account_id, KeySpec::default())
            .unwrap();
        let payment_id = admin.add_payment_method(&account_id, false).unwrap();
        let declined_payment_id = admin.add_payment_method(&account_id, true).unwrap();
        Fixture {
            emulator,
            account_id,
            api_key,
            api_secret: secret.expose_secret().to_owned(),
            payment_id,
            declined_payment_id,
            extra_secrets: Vec::new(),
            home: tempfile::tempdir().unwrap(),
        }
    }

    /// An account that needs the second factor, after a recharge of `amount` without it
    /// (exit 7): the fixture (its code among the secrets checked) and the code's email.
    pub fn mfa_challenge(amount: &str) -> (Fixture, solapi_cash_emulator::MfaMail) {
        let mut f = Fixture::with(
            EmulatorConfig::default().rate_limit(None),
            AccountSpec::new(),
        );
        f.run(f.cmd().args(f.recharge(amount))).code(7);
        let mail = f.admin().last_mail(&f.account_id).unwrap();
        f.extra_secrets.push(mail.code.clone());
        (f, mail)
    }

    pub fn admin(&self) -> solapi_cash_emulator::Admin {
        self.emulator.admin()
    }

    /// Adds `n` entries of every kind to the account.
    pub fn entries(&self, n: u64) {
        self.admin()
            .generate_entries(&self.account_id, n, 7)
            .unwrap();
    }

    /// Syncs the ledger at `db` to the end and checks it against the service: every entry
    /// once, in the service's order, none flagged missing, the audit clean and the sync
    /// finished.
    pub fn sync_and_check_complete(&self, db: &str) {
        use solapi_cash_ledger::{Ledger, Order};
        self.run(self.cmd().args(["sync", "--db", db])).code(0);
        let ledger = Ledger::open(db).unwrap();
        let stored: Vec<String> = ledger
            .entries(
                &solapi_cash_types::HistoryQuery::default(),
                Order::OldestFirst,
            )
            .unwrap()
            .into_iter()
            .map(|e| e.history_id)
            .collect();
        let server: Vec<String> = self
            .admin()
            .history(&self.account_id)
            .unwrap()
            .into_iter()
            .map(|e| e.history_id)
            .collect();
        assert_eq!(stored.len(), server.len(), "duplicates or missing entries");
        assert_eq!(stored, server, "every entry once, in the service's order");
        assert_eq!(ledger.len().unwrap(), server.len() as u64);
        assert!(ledger.missing().unwrap().is_empty());
        let audit = ledger.audit(None).unwrap();
        assert!(audit.is_clean() && !audit.sync_unfinished, "{audit:?}");
    }

    pub fn config_dir(&self) -> PathBuf {
        self.home.path().join("xdg")
    }

    pub fn config_file(&self) -> PathBuf {
        self.config_dir().join("solapi-cash").join("config.toml")
    }

    /// The binary with a clean environment: no SOLAPI_* variables, a private XDG config
    /// directory, no colour variables, and no credentials.
    pub fn bare_std(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_solapi-cash"));
        for (name, _) in std::env::vars_os() {
            let name = name.to_string_lossy().into_owned();
            let colour =
                ["NO_COLOR", "TERM", "CLICOLOR", "CLICOLOR_FORCE"].contains(&name.as_str());
            if name.starts_with("SOLAPI_") || colour {
                cmd.env_remove(&name);
            }
        }
        cmd.env("XDG_CONFIG_HOME", self.config_dir())
            .env("HOME", self.home.path())
            .env("COLUMNS", "100")
            .env_remove("RUST_LOG");
        cmd
    }

    /// [`Fixture::bare_std`] plus the emulator's URL, key and secret in the environment.
    pub fn cmd_std(&self) -> std::process::Command {
        let mut cmd = self.bare_std();
        cmd.env("SOLAPI_BASE_URL", self.emulator.base_url())
            .env("SOLAPI_API_KEY", &self.api_key)
            .env("SOLAPI_API_SECRET", &self.api_secret);
        cmd
    }

    /// [`Fixture::bare_std`], for assert_cmd.
    pub fn bare(&self) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::from_std(self.bare_std());
        // An empty standard input unless a test writes one: nothing may wait for a person.
        cmd.timeout(std::time::Duration::from_secs(30))
            .write_stdin("");
        cmd
    }

    /// [`Fixture::cmd_std`], for assert_cmd.
    pub fn cmd(&self) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::from_std(self.cmd_std());
        cmd.timeout(std::time::Duration::from_secs(30))
            .write_stdin("");
        cmd
    }

    /// Runs a command and checks that no secret was printed.
    pub fn run(&self, cmd: &mut assert_cmd::Command) -> Run {
        let output = cmd.output().unwrap();
        let run = Run::from(output);
        for secret in std::iter::once(&self.api_secret).chain(&self.extra_secrets) {
            assert!(
                !run.stdout.contains(secret.as_str()) && !run.stderr.contains(secret.as_str()),
                "a secret was printed\nstdout: {}\nstderr: {}",
                run.stdout,
                run.stderr
            );
        }
        run
    }

    /// `recharge --yes --amount AMOUNT --payment-id <the fixture's card>`.
    pub fn recharge(&self, amount: &str) -> Vec<String> {
        [
            "recharge",
            "--yes",
            "--amount",
            amount,
            "--payment-id",
            &self.payment_id,
        ]
        .map(str::to_owned)
        .to_vec()
    }

    /// The account's balance, from the emulator.
    pub fn balance(&self) -> Money {
        self.admin()
            .account_state(&self.account_id)
            .unwrap()
            .balance
    }

    /// [`Fixture::new`] with 10,000 won, and a second account (100 won) of its emulator to
    /// transfer to.
    pub fn with_second_account() -> (Fixture, String) {
        let f = Fixture::new();
        f.admin()
            .set_balance(&f.account_id, Money::from_i64(10_000), Money::ZERO, None)
            .unwrap();
        let other = f
            .admin()
            .create_account(AccountSpec::new().balance(Money::from_i64(100)))
            .unwrap()
            .account_id;
        (f, other)
    }

    /// Adds a manual entry changing balance and point at `at`: the emulator's clock is moved
    /// there for it and back (the CLI's signatures are checked against that clock).
    pub fn entry_at(
        &self,
        at: time::OffsetDateTime,
        balance: i64,
        point: i64,
    ) -> solapi_cash_types::HistoryEntry {
        let admin = self.admin();
        admin.set_clock_offset(at - time::OffsetDateTime::now_utc());
        let entry = admin.adjust(
            &self.account_id,
            Money::from_i64(balance),
            Money::from_i64(point),
            None,
        );
        admin.set_clock_offset(time::Duration::ZERO);
        entry.unwrap()
    }

    /// Charges a message of `amount` won at `at` (a `DEDUCT` entry, the point spent first):
    /// the emulator's clock is moved there for it and back.
    pub fn charge_at(
        &self,
        at: time::OffsetDateTime,
        amount: i64,
    ) -> solapi_cash_types::HistoryEntry {
        let admin = self.admin();
        admin.set_clock_offset(at - time::OffsetDateTime::now_utc());
        let entry = admin.charge_message(&self.account_id, Money::from_i64(amount), None);
        admin.set_clock_offset(time::Duration::ZERO);
        entry.unwrap()
    }

    /// Runs `script` in bash, in `dir`, with [`Fixture::cmd_std`]'s environment and `$0` the
    /// binary (for redirections and process substitutions).
    pub fn shell(&self, script: &str, dir: &Path) -> Output {
        let like = self.cmd_std();
        let mut bash = std::process::Command::new("bash");
        bash.args(["-c", script, env!("CARGO_BIN_EXE_solapi-cash")])
            .current_dir(dir)
            .stdin(std::process::Stdio::null());
        for (name, value) in like.get_envs() {
            match value {
                Some(value) => bash.env(name, value),
                None => bash.env_remove(name),
            };
        }
        bash.output().unwrap()
    }

    /// How many API requests the emulator received.
    pub fn requests(&self) -> usize {
        self.admin().request_log().len()
    }

    /// The requests the emulator received as `METHOD path?query`, oldest first.
    pub fn sent(&self) -> Vec<String> {
        self.admin()
            .request_log()
            .iter()
            .map(|r| format!("{} {}", r.method, r.path))
            .collect()
    }

    /// Asserts that the emulator received no request at all.
    #[track_caller]
    pub fn assert_nothing_sent(&self) {
        assert_eq!(self.sent(), Vec::<String>::new(), "nothing may be sent");
    }

    /// How many recharges (the API's one POST) the emulator received.
    pub fn recharges_sent(&self) -> usize {
        self.admin()
            .request_log()
            .iter()
            .filter(|r| r.method == "POST")
            .count()
    }

    /// How many requests of `operation` the emulator received.
    pub fn requests_of(&self, operation: solapi_cash_core::Operation) -> usize {
        self.admin()
            .request_log()
            .iter()
            .filter(|r| {
                solapi_cash_core::Operation::matching(&r.method, &r.path) == Some(operation)
            })
            .count()
    }

    /// The binary against another server than the emulator (a hostile one, a corpus body)
    /// with these credentials, no retries and `timeout` seconds per attempt.
    pub fn against(
        &self,
        base_url: &str,
        (key, secret): (&str, &str),
        timeout: &str,
    ) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::from_std(self.bare_std());
        cmd.timeout(std::time::Duration::from_secs(60))
            .write_stdin("")
            .env("SOLAPI_BASE_URL", base_url)
            .env("SOLAPI_API_KEY", key)
            .env("SOLAPI_API_SECRET", secret)
            .args(["--retries", "0", "--timeout", timeout]);
        cmd
    }
}

/// `2025-06-30T22:40:00.000Z`: an instant as the API writes it (UTC, milliseconds).
pub fn api_time(at: time::OffsetDateTime) -> String {
    at.to_offset(time::UtcOffset::UTC)
        .format(time::macros::format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
        ))
        .unwrap()
}

/// The arguments of the `solapi-cash recharge status …` command a message names (between
/// backticks), without the program's name.
pub fn named_status_command(stderr: &str) -> Vec<String> {
    let start = stderr
        .find("`solapi-cash recharge status ")
        .unwrap_or_else(|| panic!("no recharge status command named in:\n{stderr}"));
    let rest = &stderr[start + 1..];
    let command = &rest[..rest.find('`').unwrap()];
    command
        .split_whitespace()
        .skip(1)
        .map(str::to_owned)
        .collect()
}

/// The outcome of a run.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        }
    }
}

impl Run {
    /// Asserts the exit code, showing the output if it differs.
    #[track_caller]
    pub fn code(&self, expected: i32) -> &Run {
        assert_eq!(
            self.code, expected,
            "exit code\nstdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        self
    }

    /// Asserts that standard error contains `text`.
    #[track_caller]
    pub fn stderr_has(&self, text: &str) -> &Run {
        assert!(
            self.stderr.contains(text),
            "stderr lacks {text:?}:\n{}",
            self.stderr
        );
        self
    }

    /// The single `error:` line.
    pub fn error_line(&self) -> &str {
        let errors: Vec<_> = self
            .stderr
            .lines()
            .filter(|l| l.starts_with("error:"))
            .collect();
        assert_eq!(errors.len(), 1, "one error line expected:\n{}", self.stderr);
        errors[0]
    }
}

/// A small RFC 4180 reader for the tests: quoted fields, doubled quotes, embedded newlines.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(
        field.is_empty() && row.is_empty(),
        "the CSV ends with a newline"
    );
    rows
}

/// CSV rows as maps from the header's names.
pub fn csv_records(text: &str) -> Vec<std::collections::HashMap<String, String>> {
    let rows = parse_csv(text);
    let (header, rows) = rows.split_first().expect("a header row");
    rows.iter()
        .map(|r| {
            assert_eq!(r.len(), header.len());
            header.iter().cloned().zip(r.iter().cloned()).collect()
        })
        .collect()
}

/// The instant in Korean time, by the `time` crate's fixed +09:00 (Seoul has kept it since
/// 1988, without daylight saving): an oracle independent of the CLI's zone database.
pub fn kst(at: time::OffsetDateTime) -> time::OffsetDateTime {
    at.to_offset(time::macros::offset!(+9))
}

/// `2025-07-01 07:40:00.000`: the instant in Korean time ([`kst`]).
pub fn kst_text(at: time::OffsetDateTime) -> String {
    let kst = kst(at);
    wall_clock(
        kst.year(),
        u8::from(kst.month()),
        kst.day(),
        (kst.hour(), kst.minute(), kst.second(), kst.millisecond()),
    )
}

/// `2025-07-01 07:40:00.000`.
pub fn wall_clock(year: i32, month: u8, day: u8, (h, m, s, ms): (u8, u8, u8, u16)) -> String {
    format!("{year:04}-{month:02}-{day:02} {h:02}:{m:02}:{s:02}.{ms:03}")
}

/// A JSON object's members, each as its exact JSON text.
pub fn raw_object(
    text: &str,
) -> std::collections::BTreeMap<String, Box<serde_json::value::RawValue>> {
    serde_json::from_str(text).unwrap()
}

/// File mode bits.
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Where the emulator's traces go, when a test captures them (`capture_traces`).
#[derive(Clone, Default)]
pub struct Captured(pub std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    /// Every trace of this process, TRACE included, from now on (once per test binary).
    pub fn traces() -> Captured {
        let captured = Captured::default();
        let writer = captured.clone();
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .init();
        captured
    }

    /// What was captured.
    pub fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

impl Fixture {
    /// What the emulator kept after a test's runs, to search for a secret: its state as
    /// `--save-state` writes it (which must hold `kept`, the part of the secret it may keep),
    /// its request log and its traces (`captured`, which must not be empty).
    pub fn kept_texts(&self, captured: &Captured, kept: &str) -> Vec<(String, String)> {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("state.json");
        self.admin().save_state(&state).unwrap();
        let saved = std::fs::read_to_string(&state).unwrap();
        assert!(saved.contains(kept), "saved, by {kept}");
        let logs = captured.text();
        assert!(!logs.is_empty(), "the emulator's traces were captured");
        vec![
            ("saved state".into(), saved),
            (
                "request log".into(),
                serde_json::to_string(&self.admin().request_log()).unwrap(),
            ),
            ("emulator traces".into(), logs),
        ]
    }
}
