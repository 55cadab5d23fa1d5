//! The emulator under load: a child process (the `emulator` role of the release xtask)
//! holding one account with the generated entries, stopped by closing its standard input.

use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::Duration;

use super::ROLE_ENV;
use super::child::cpu_so_far;
use super::roles::{ENTRIES_ENV, LATENCY_ENV, read_announcement};

/// A running emulator. Dropping it stops it.
pub struct RunningEmulator {
    child: Child,
    stdin: Option<ChildStdin>,
    /// `SOLAPI_BASE_URL`, `SOLAPI_API_KEY`, `SOLAPI_API_SECRET` for the clients.
    pub env: Vec<(String, String)>,
    /// How long generating the entries took.
    pub generated_in: Duration,
}

impl RunningEmulator {
    /// Starts the emulator with `entries` generated entries and waits until it serves.
    pub fn start(xtask: &Path, entries: u64) -> Result<RunningEmulator, String> {
        RunningEmulator::start_with_latency(xtask, entries, 0)
    }

    /// The same, answering every API request after `latency_ms` milliseconds.
    pub fn start_with_latency(
        xtask: &Path,
        entries: u64,
        latency_ms: u64,
    ) -> Result<RunningEmulator, String> {
        let mut child = Command::new(xtask)
            .arg("bench")
            .env(ROLE_ENV, "emulator")
            .env(ENTRIES_ENV, entries.to_string())
            .env(LATENCY_ENV, latency_ms.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("emulator: cannot start: {e}"))?;
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().ok_or("emulator: no stdout")?;
        let mut emulator = RunningEmulator {
            child,
            stdin,
            env: Vec::new(),
            generated_in: Duration::ZERO,
        };
        for (name, value) in read_announcement(stdout)? {
            if name == "generate_ns" {
                emulator.generated_in = Duration::from_nanos(value.parse().unwrap_or(0));
            } else {
                emulator.env.push((name, value));
            }
        }
        Ok(emulator)
    }

    /// Its `SOLAPI_BASE_URL`.
    pub fn base_url(&self) -> Result<String, String> {
        self.env
            .iter()
            .find(|(k, _)| k == "SOLAPI_BASE_URL")
            .map(|(_, v)| v.clone())
            .ok_or_else(|| "emulator: no SOLAPI_BASE_URL".to_owned())
    }

    /// CPU time the emulator has used so far (Linux), to attribute server time to each
    /// measurement.
    pub fn cpu(&self) -> Option<Duration> {
        cpu_so_far(self.child.id())
    }
}

impl Drop for RunningEmulator {
    fn drop(&mut self) {
        // End of input is the stop signal; then reap it.
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}
