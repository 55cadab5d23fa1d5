//! Finding 8 of issue 11: interrupts at the two moments where ending at once was wrong.
//!
//! - At the hidden secret prompt, Ctrl-C (or SIGTERM) left the terminal without echo. The
//!   prompt runs here on a real pseudo-terminal that is the program's controlling terminal
//!   (`setsid -c`), Ctrl-C is typed into it, and the terminal's mode is read afterwards.
//! - During a recharge, SIGINT/SIGTERM ended the program silently (130/143) although the
//!   recharge may have been applied. The recharge is held by the emulator (a delay fault),
//!   the signal arrives while it is on its way, and the emulator commits it afterwards: the
//!   program must have said that it may have been applied, how to check, and exited 6.

#![allow(clippy::unwrap_used)]
#![cfg(target_os = "linux")]

mod common;

use std::os::unix::process::ExitStatusExt;
use std::process::{Child, Command, Stdio};

use common::pty::{Pty, wait_until};
use common::{Fixture, named_status_command};
use rustix::termios::LocalModes;
use solapi_cash_emulator::{FaultAction, FaultSpec, Route};
use solapi_cash_types::Money;

const SIGINT: i32 = 2;
const SIGTERM: i32 = 15;

fn kill(child: &Child, signal: &str) {
    let status = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

const TERMINAL: LocalModes = LocalModes::ECHO
    .union(LocalModes::ICANON)
    .union(LocalModes::ISIG);

/// Starts `config set api-secret` at the prompt and waits until its input is hidden.
fn at_the_prompt(f: &Fixture, pty: &Pty) -> Child {
    assert!(pty.modes().contains(TERMINAL), "a fresh terminal echoes");
    let child = pty.spawn(f, &["config", "set", "api-secret"]);
    pty.wait_for_text("api_secret: ");
    wait_until("the echo to go off", || {
        !pty.modes().contains(LocalModes::ECHO)
    });
    child
}

#[test]
fn interrupts_at_the_hidden_prompt_restore_the_terminal() {
    for (name, signal) in [("Ctrl-C", SIGINT), ("SIGTERM", SIGTERM)] {
        let f = Fixture::new();
        let pty = Pty::open();
        let mut child = at_the_prompt(&f, &pty);
        if signal == SIGINT {
            pty.type_keys(b"half-typed\x03");
        } else {
            kill(&child, "-TERM");
        }
        let status = pty.wait(&mut child);
        assert_eq!(
            status.signal(),
            Some(signal),
            "{name}: ends by it, as before"
        );
        assert!(
            pty.modes().contains(TERMINAL),
            "{name}: echo, line editing and Ctrl-C are back: {:?}",
            pty.modes()
        );
        assert!(!pty.screen().contains("half-typed"), "never echoed");
        assert!(!f.config_file().exists(), "nothing saved");
    }
}

#[test]
fn a_secret_typed_at_the_terminal_is_read_without_echo() {
    let f = Fixture::new();
    let pty = Pty::open();
    let mut child = at_the_prompt(&f, &pty);
    pty.type_keys(b"typed-secret-4f2a\r");
    let status = pty.wait(&mut child);
    assert_eq!(status.code(), Some(0), "{}", pty.screen());
    assert!(pty.modes().contains(TERMINAL));
    pty.wait_for_text("saved api_secret");
    assert!(
        !pty.screen().contains("typed-secret-4f2a"),
        "{}",
        pty.screen()
    );
    let file = std::fs::read_to_string(f.config_file()).unwrap();
    assert!(
        file.contains("api_secret = \"typed-secret-4f2a\""),
        "{file}"
    );
}

/// Starts `solapi-cash ARGS` and sends it `signal` once every fault injected has taken its
/// request (the last one holds the call that moves money: from then on it is on its way).
fn interrupted(f: &Fixture, args: &[&str], signal: &str) -> std::process::Output {
    let child = f
        .cmd_std()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_until("the call to reach the emulator", || {
        f.admin().pending_faults().is_empty()
    });
    kill(&child, signal);
    child.wait_with_output().unwrap()
}

/// `recharge --yes --amount AMOUNT`, interrupted by `signal` on its way.
fn interrupted_recharge(f: &Fixture, amount: &str, signal: &str) -> std::process::Output {
    let args = ["recharge", "--yes", "--amount", amount, "--payment-id"];
    interrupted(f, &[&args[..], &[f.payment_id.as_str()]].concat(), signal)
}

#[test]
fn an_interrupted_recharge_says_it_may_have_been_applied() {
    let f = Fixture::new();
    let mut expected = Money::ZERO;
    let mut committed = 0;
    for (signal, amount) in [("-INT", "7000"), ("-TERM", "8000")] {
        f.admin().inject_fault(FaultSpec::new(
            Route::Recharge,
            FaultAction::Delay { ms: 3000 },
        ));
        let out = interrupted_recharge(&f, amount, signal);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(6), "{signal}: {stderr}");
        assert!(
            stderr.contains("interrupted") && stderr.contains("may have been applied"),
            "{signal}: {stderr}"
        );
        assert!(
            stderr.contains(&format!("recharge status --amount {amount} --since")),
            "{signal}: how to check: {stderr}"
        );
        assert_eq!(out.stdout, b"");
        // And it was: the emulator commits it once the delay is over.
        expected = expected
            .checked_add(&amount.parse::<Money>().unwrap())
            .unwrap();
        wait_until("the emulator to commit the recharge", || {
            f.balance() == expected
        });
        committed += 1;
        // The command named finds it.
        let status = f.run(
            f.cmd()
                .args(named_status_command(&stderr))
                .args(["-o", "json"]),
        );
        let entry = f.admin().history(&f.account_id).unwrap().pop().unwrap();
        let receipt: serde_json::Value = serde_json::from_str(&status.code(0).stdout).unwrap();
        assert_eq!(receipt["historyId"], entry.history_id.as_str(), "{signal}");
    }
    eprintln!(
        "FIGURES cli.interrupts.recharge [solapi-cash]: interrupted={committed} exit_6={committed} committed_afterwards={committed}"
    );
}

/// With this machine's clock 20 minutes ahead of the server's, the first request (the read
/// of the server's clock before the recharge) is refused as skewed and sent again;
/// interrupted while the recharge is held, the command named must carry the server's time
/// (learned from those answers), or it would look for the recharge in the server's future.
#[test]
fn an_interrupted_recharge_under_a_skewed_clock_names_the_servers_time() {
    let f = Fixture::with(
        solapi_cash_emulator::EmulatorConfig::default()
            .rate_limit(None)
            .clock_offset(time::Duration::seconds(-1200)),
        solapi_cash_emulator::AccountSpec::new().mfa(false),
    );
    // The recharge is held, then committed.
    f.admin().inject_fault(FaultSpec::new(
        Route::Recharge,
        FaultAction::Delay { ms: 3000 },
    ));
    let out = interrupted_recharge(&f, "9000", "-INT");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(6), "{stderr}");
    wait_until("the emulator to commit the recharge", || {
        f.balance() == Money::from_i64(9000)
    });
    let status = f.run(f.cmd().args(named_status_command(&stderr)));
    status.code(0).stderr_has("the recharge was applied");
}

/// A transfer interrupted on its way is reported as a recharge is: it may have been applied,
/// exit 6, and the command named looks for its entry (`TRANSFER`, −amount) in the history.
#[test]
fn an_interrupted_transfer_says_it_may_have_been_applied() {
    let (f, other) = Fixture::with_second_account();
    f.admin().inject_fault(FaultSpec::new(
        Route::Only(solapi_cash_core::Operation::Transfer),
        FaultAction::Delay { ms: 3000 },
    ));
    let args = ["transfer", "--yes", "--amount", "2500", "--to", &other];
    let out = interrupted(&f, &args, "-INT");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(6), "{stderr}");
    assert!(
        stderr.contains("interrupted while the transfer of 2,500 won was on its way")
            && stderr.contains("may have been applied")
            && stderr.contains("history --type transfer --balance-amount -2500 --since"),
        "{stderr}"
    );
    wait_until("the emulator to commit the transfer", || {
        f.balance() == Money::from_i64(7_500)
    });
}
