//! The `solapi-cash-emulator` binary: one command starts it, it prints its address and
//! the demo credentials on stdout, logs second-factor codes on stderr, and honours its flags.

#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStderr, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use solapi_auth::{Credentials, Salt};
use solapi_cash_types::HistoryEntry;

struct Running {
    child: Child,
    vars: Vec<(String, String)>,
}

impl Running {
    fn start(args: &[&str], want: usize) -> Running {
        let mut child = Command::new(env!("CARGO_BIN_EXE_solapi-cash-emulator"))
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut vars = Vec::new();
        for line in BufReader::new(stdout).lines().take(want) {
            let line = line.unwrap();
            let (name, value) = line.split_once('=').unwrap();
            vars.push((name.to_owned(), value.to_owned()));
        }
        Running { child, vars }
    }

    fn var(&self, name: &str) -> &str {
        &self.vars.iter().find(|(n, _)| n == name).unwrap().1
    }

    fn demo_auth(&self) -> String {
        let creds = Credentials::api_key(self.var("SOLAPI_API_KEY"), self.var("SOLAPI_API_SECRET"));
        creds
            .authorization_at(time::OffsetDateTime::now_utc(), &Salt::random().unwrap())
            .header_value()
            .to_owned()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Lines of stderr, read on a thread so the test can wait with a bound.
fn stderr_lines(stderr: ChildStderr) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

#[test]
fn demo_prints_credentials_and_serves_them() {
    let mut running = Running::start(&["--demo"], 5);
    let names: Vec<&str> = running.vars.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "SOLAPI_BASE_URL",
            "SOLAPI_API_KEY",
            "SOLAPI_API_SECRET",
            "SOLAPI_PAYMENT_ID",
            "SOLAPI_ACCOUNT_ID"
        ]
    );
    let base = running.var("SOLAPI_BASE_URL").to_owned();
    assert!(base.starts_with("http://127.0.0.1:"));
    let client = reqwest::blocking::Client::new();
    let history: Vec<HistoryEntry> = client
        .get(format!("{base}/cash/v1/balance/history?limit=1000"))
        .header("Authorization", running.demo_auth())
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(history.len(), 1000);

    // The second factor is on: the code shows up on stderr as it is "emailed".
    let stderr = stderr_lines(running.child.stderr.take().unwrap());
    let body = format!(
        r#"{{"amount":1000,"paymentId":"{}"}}"#,
        running.var("SOLAPI_PAYMENT_ID")
    );
    let response = client
        .post(format!("{base}/cash/v1/balance"))
        .header("Authorization", running.demo_auth())
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .unwrap();
    assert_eq!(response.status(), 403);
    let outbox: serde_json::Value = client
        .get(format!("{base}/_emulator/outbox"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let code = outbox[0]["code"].as_str().unwrap().to_owned();
    let found = std::iter::from_fn(|| stderr.recv_timeout(Duration::from_secs(20)).ok())
        .any(|line| line.contains(&code) && line.contains("MFA"));
    assert!(found, "the MFA code {code} was not logged");
}

#[test]
fn flags_are_honoured() {
    let running = Running::start(
        &[
            "--generate",
            "40",
            "--max-limit",
            "7",
            "--no-mfa",
            "--clock-offset",
            "-7200",
        ],
        5,
    );
    let base = running.var("SOLAPI_BASE_URL");
    let client = reqwest::blocking::Client::new();
    // The clock runs two hours behind: a signature dated now is refused...
    let response = client
        .get(format!("{base}/cash/v1/balance/history?limit=100"))
        .header("Authorization", running.demo_auth())
        .send()
        .unwrap();
    assert_eq!(response.status(), 403);
    let creds = Credentials::api_key(
        running.var("SOLAPI_API_KEY"),
        running.var("SOLAPI_API_SECRET"),
    );
    let behind = time::OffsetDateTime::now_utc() - time::Duration::hours(2);
    let auth = creds.authorization_at(behind, &Salt::random().unwrap());
    // ...one dated by the emulator's clock passes, and pages are capped at 7.
    let page: Vec<HistoryEntry> = client
        .get(format!("{base}/cash/v1/balance/history?limit=100"))
        .header("Authorization", auth.header_value())
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(page.len(), 7);
    let accounts: serde_json::Value = client
        .get(format!("{base}/_emulator/accounts"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(accounts[0]["historyLen"], 3040, "demo entries + --generate");
    assert_eq!(accounts[0]["mfa"], false);
}

#[test]
fn plain_start_prints_only_the_address() {
    let mut running = Running::start(&[], 1);
    assert_eq!(running.vars.len(), 1);
    let base = running.var("SOLAPI_BASE_URL").to_owned();
    let accounts: serde_json::Value = reqwest::blocking::get(format!("{base}/_emulator/accounts"))
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(accounts, serde_json::json!([]));
    // A busy port is a clean error.
    let port = base.rsplit(':').next().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_solapi-cash-emulator"))
        .args(["--port", port])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot start"));
    let _ = running.child.kill();
}

#[test]
fn latency_flag_delays_every_api_answer() {
    let running = Running::start(&["--demo", "--no-mfa", "--latency", "250"], 5);
    let base = running.var("SOLAPI_BASE_URL");
    let client = reqwest::blocking::Client::new();
    let latency: serde_json::Value = client
        .get(format!("{base}/_emulator/latency"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(latency, serde_json::json!({"ms": 250}));
    let response = client
        .get(format!("{base}/cash/v1/balance"))
        .header("Authorization", running.demo_auth())
        .send()
        .unwrap();
    assert_eq!(response.status(), 200);
    let log: serde_json::Value = client
        .get(format!("{base}/_emulator/requests"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let at = |field: &str| {
        time::OffsetDateTime::parse(
            log[0][field].as_str().unwrap(),
            &time::format_description::well_known::Rfc3339,
        )
        .unwrap()
    };
    assert!(at("answeredAt") - at("receivedAt") >= time::Duration::milliseconds(250));

    // Out of range is refused by the flag parser.
    let output = Command::new(env!("CARGO_BIN_EXE_solapi-cash-emulator"))
        .args(["--latency", "600001"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("--latency"));
}

#[test]
fn beyond_loopback_it_warns_and_prints_a_reachable_address() {
    let mut running = Running::start(&["--host", "0.0.0.0", "-v"], 1);
    let base = running.var("SOLAPI_BASE_URL").to_owned();
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    let stderr = stderr_lines(running.child.stderr.take().unwrap());
    let warning = std::iter::from_fn(|| stderr.recv_timeout(Duration::from_secs(20)).ok())
        .find(|line| line.contains("warning"))
        .unwrap();
    assert!(
        warning.contains("0.0.0.0:") && warning.contains("beyond loopback"),
        "{warning}"
    );
    // Reachable on loopback; the admin API still answers.
    let accounts: serde_json::Value = reqwest::blocking::get(format!("{base}/_emulator/accounts"))
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(accounts, serde_json::json!([]));

    // On loopback, no warning.
    let mut quiet = Running::start(&["--host", "127.0.0.1"], 1);
    let _ = quiet.child.kill();
    let _ = quiet.child.wait();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut quiet.child.stderr.take().unwrap(), &mut rest).unwrap();
    assert!(!rest.contains("warning"), "{rest}");
}

#[test]
fn redirected_stderr_has_no_colour_codes() {
    let mut running = Running::start(&["--demo", "-vv"], 5);
    let stderr = stderr_lines(running.child.stderr.take().unwrap());
    let base = running.var("SOLAPI_BASE_URL").to_owned();
    let status = reqwest::blocking::Client::new()
        .get(format!("{base}/cash/v1/balance"))
        .header("Authorization", running.demo_auth())
        .send()
        .unwrap()
        .status();
    assert_eq!(status, 200);
    // -vv logs every request: everything up to that line (the tracing output, which would
    // carry the colour codes).
    let mut lines = Vec::new();
    while let Ok(line) = stderr.recv_timeout(Duration::from_secs(20)) {
        let done = line.contains("/cash/v1/balance");
        lines.push(line);
        if done {
            break;
        }
    }
    assert!(
        lines.last().unwrap().contains("/cash/v1/balance"),
        "{lines:?}"
    );
    for line in &lines {
        assert!(
            !line.contains('\u{1b}'),
            "a colour code on redirected stderr: {line:?}"
        );
    }
}

#[test]
fn a_bad_state_file_is_a_clear_error() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("binary-state-file");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.json");
    std::fs::write(
        &path,
        r#"{"accounts": [{"accountId": "1", "entries": [{"type": "SET"}]}]}"#,
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_solapi-cash-emulator"))
        .arg("--state")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        output.stdout.is_empty(),
        "nothing on stdout: it did not start"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot load the state file"), "{stderr}");
    assert!(stderr.contains(&path.display().to_string()), "{stderr}");
    assert!(
        stderr.contains("accounts[0].entries[0]") && stderr.contains("dateCreated"),
        "{stderr}"
    );
}

/// Issue 21: `--save-state` into a folder that does not exist was reported only at shutdown,
/// when that run's ledger was lost. It is refused at start, before anything is served.
#[test]
fn save_state_into_a_missing_folder_is_refused_at_start() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("binary-save-state");
    std::fs::create_dir_all(&dir).unwrap();
    for (path, says) in [
        (dir.join("missing/state.json"), "does not exist"),
        (dir.clone(), "it is a folder"),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_solapi-cash-emulator"))
            .arg("--save-state")
            .arg(&path)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        assert!(
            output.stdout.is_empty(),
            "nothing on stdout: it did not start"
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(&format!("--save-state {}", path.display())) && stderr.contains(says),
            "{stderr}"
        );
    }
    // A folder that exists is fine, and the check leaves nothing in it.
    let ok = Running::start(
        &["--save-state", dir.join("state.json").to_str().unwrap()],
        1,
    );
    assert!(ok.var("SOLAPI_BASE_URL").starts_with("http://127.0.0.1:"));
    drop(ok);
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        left.iter().all(|n| !n.to_string_lossy().contains("check")),
        "{left:?}"
    );
}

/// Issue 21, point 1: the README's one line that starts the emulator and loads its variables
/// into a shell works as written, in bash (the demo's "what next" prints the same line).
#[test]
fn the_readmes_one_line_loads_the_variables_into_a_shell() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    let line = readme
        .lines()
        .find(|l| l.starts_with("exec 3< <(solapi-cash-emulator --demo)"))
        .expect("the README shows the line");
    let demo = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../xtask/src/demo.rs"
    ))
    .unwrap();
    assert!(
        demo.contains(&line.replace('"', "\\\"")),
        "the demo prints the same line"
    );
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_solapi-cash-emulator"))
        .parent()
        .unwrap()
        .to_owned();
    let script = format!(
        "{line}\nprintf '%s\\n' \"$SOLAPI_BASE_URL\" \"$SOLAPI_API_KEY\" \"$SOLAPI_PAYMENT_ID\"\nkill $!"
    );
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = Command::new("bash")
        .args(["-c", &script])
        .env("PATH", path)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .unwrap();
    assert!(output.status.success());
    let out = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("http://127.0.0.1:"), "{out}");
    assert_eq!(lines[1], solapi_cash_emulator::demo::DEMO_API_KEY);
    assert_eq!(lines[2], solapi_cash_emulator::demo::DEMO_PAYMENT_ID);
}
