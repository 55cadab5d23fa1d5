//! A pseudo-terminal for the tests of what the CLI asks a person: the program runs with it as
//! its standard streams and controlling terminal, the test types into it and reads the screen.

use std::fs::File;
use std::io::{Read, Write};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rustix::termios::{LocalModes, tcgetattr};

use super::Fixture;

/// A pseudo-terminal: the test keeps the master and its own handle on the slave.
pub struct Pty {
    master: File,
    slave: File,
    screen: Arc<Mutex<Vec<u8>>>,
}

impl Pty {
    pub fn open() -> Pty {
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

    /// Runs the binary with the fixture's environment (no credentials), this terminal as its
    /// standard streams and controlling terminal.
    pub fn spawn(&self, f: &Fixture, args: &[&str]) -> Child {
        self.spawn_like(&f.bare_std(), args)
    }

    /// Runs the binary with the environment of `like` (a [`Fixture`] command), this terminal
    /// as its standard streams and controlling terminal.
    pub fn spawn_like(&self, like: &Command, args: &[&str]) -> Child {
        let mut cmd = Command::new("setsid");
        cmd.arg("-c")
            .arg(env!("CARGO_BIN_EXE_solapi-cash"))
            .args(args);
        for (name, value) in like.get_envs() {
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

    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.screen.lock().unwrap()).into_owned()
    }

    pub fn wait_for_text(&self, text: &str) {
        wait_until(&format!("{text:?} on the terminal"), || {
            self.screen().contains(text)
        });
        let _ = self.screen();
    }

    pub fn modes(&self) -> LocalModes {
        tcgetattr(&self.slave).unwrap().local_modes
    }

    pub fn type_keys(&self, keys: &[u8]) {
        (&self.master).write_all(keys).unwrap();
    }

    /// Waits for the program to end, then until everything it wrote has been read into
    /// [`screen`](Self::screen). The reader thread may still be behind when the program has
    /// ended (a busy machine), so a marker is written after its output on the terminal's
    /// program side; a terminal keeps order, so once the marker is read, so is all before it.
    pub fn wait(&self, child: &mut Child) -> ExitStatus {
        const MARKER: &[u8] = b"<<the test's end-of-output marker>>";
        let status = wait_exit(child);
        (&self.slave).write_all(MARKER).unwrap();
        wait_until("the program's output to be read", || {
            self.screen
                .lock()
                .unwrap()
                .windows(MARKER.len())
                .any(|w| w == MARKER)
        });
        let mut screen = self.screen.lock().unwrap();
        let at = screen
            .windows(MARKER.len())
            .position(|w| w == MARKER)
            .unwrap();
        screen.drain(at..at + MARKER.len());
        status
    }
}

pub fn wait_until(what: &str, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn wait_exit(child: &mut Child) -> ExitStatus {
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
