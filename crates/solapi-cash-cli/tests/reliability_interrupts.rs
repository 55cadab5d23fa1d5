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

use std::fs::File;
use std::io::{Read, Write};
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::Fixture;
use rustix::termios::{LocalModes, tcgetattr};
use solapi_cash_emulator::{FaultAction, FaultSpec, Route};
use solapi_cash_types::Money;

const SIGINT: i32 = 2;
const SIGTERM: i32 = 15;

/// A pseudo-terminal: the test keeps the master and its own handle on the slave.
struct Pty {
    master: File,
    slave: File,
    screen: Arc<Mutex<Vec<u8>>>,
}

impl Pty {
    fn open() -> Pty {
        use rustix::fs::{Mode, OFlags};
        use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
        let master =
            openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC).unwrap();
        grantpt(&master).unwrap();
        unlockpt(&master).unwrap();
        let name = ptsname(&master, Vec::new()).unwrap();
        let slave = rustix::fs::open(
            name.as_c_str(),
            OFlags::RDWR | OFlags::NOCTTY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .unwrap();
        let master = File::from(master);
        let screen = Arc::new(Mutex::new(Vec::new()));
        let mut reader = master.try_clone().unwrap();
        let sink = Arc::clone(&screen);
        // Reads what the program writes to the terminal (until the test ends).
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Pty {
            master,
            slave: File::from(slave),
            screen,
        }
    }

    /// Runs the binary with the fixture's environment, this terminal as its standard streams
    /// and controlling terminal.
    fn spawn(&self, f: &Fixture, args: &[&str]) -> Child {
        let bare = f.bare_std();
        let mut cmd = Command::new("setsid");
        cmd.arg("-c")
            .arg(env!("CARGO_BIN_EXE_solapi-cash"))
            .args(args);
        for (name, value) in bare.get_envs() {
            match value {
                Some(value) => cmd.env(name, value),
                None => cmd.env_remove(name),
            };
        }
        cmd.stdin(Stdio::from(self.slave.try_clone().unwrap()))
            .stdout(Stdio::from(self.slave.try_clone().unwrap()))
            .stderr(Stdio::from(self.slave.try_clone().unwrap()));
        cmd.spawn().unwrap()
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.screen.lock().unwrap()).into_owned()
    }

    fn wait_for_text(&self, text: &str) {
        wait_until(&format!("{text:?} on the terminal"), || {
            self.screen().contains(text)
        });
        let _ = self.screen();
    }

    fn modes(&self) -> LocalModes {
        tcgetattr(&self.slave).unwrap().local_modes
    }

    fn type_keys(&self, keys: &[u8]) {
        (&self.master).write_all(keys).unwrap();
    }
}

fn wait_until(what: &str, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn wait(child: &mut Child) -> ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("the program did not end");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

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
        let status = wait(&mut child);
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
    let status = wait(&mut child);
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
        let child = f
            .cmd_std()
            .args(["recharge", "--yes", "--amount", amount, "--payment-id"])
            .arg(&f.payment_id)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The fault is taken when the request arrives: from then on it is on its way.
        wait_until("the recharge to reach the emulator", || {
            f.admin().pending_faults().is_empty()
        });
        kill(&child, signal);
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(6), "{signal}: {stderr}");
        assert!(
            stderr.contains("interrupted") && stderr.contains("may have been applied"),
            "{signal}: {stderr}"
        );
        assert!(
            stderr.contains(&format!("--balance-amount {amount}")),
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
    }
    eprintln!(
        "FIGURES cli.interrupts.recharge [solapi-cash]: interrupted={committed} exit_6={committed} committed_afterwards={committed}"
    );
}
