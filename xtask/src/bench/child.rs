//! One measured child process: wall time, user and system CPU time and peak resident
//! memory.
//!
//! CPU time comes from the kernel's accounting of that one process (`wait4`), the one call
//! here that needs `unsafe`: it is the only interface that returns the resource usage of a
//! particular child (`getrusage(RUSAGE_CHILDREN)` merges all children).
//!
//! Peak memory is the child's `VmHWM` (high-water mark of its resident set) read from
//! `/proc` while it runs. `wait4`'s `ru_maxrss` cannot be used for it on Linux: it counts
//! the memory of the process image *before* `exec` — a copy of the spawning process, here
//! the ~10 MiB xtask — so every child would seem to need at least that much. Polling starts
//! after `exec` (spawn returns only then) and samples often enough to catch the plateau of
//! a streaming export; where there is no `/proc` the `wait4` figure (an upper bound) is
//! used instead.

use std::io::Read;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// What the kernel counted for one process.
#[derive(Debug, Clone, Copy, Default)]
pub struct Usage {
    /// From spawn to exit, measured by us.
    pub wall: Duration,
    /// CPU time in user mode.
    pub user: Duration,
    /// CPU time in the kernel on its behalf.
    pub sys: Duration,
    /// Largest resident set size, in bytes.
    pub peak_rss: u64,
    /// Whether `peak_rss` was observed in `/proc` (else it is `wait4`'s upper bound).
    pub peak_rss_observed: bool,
}

impl Usage {
    /// User plus system CPU time.
    pub fn cpu(&self) -> Duration {
        self.user + self.sys
    }
}

/// A finished child: its usage and what it wrote.
#[derive(Debug)]
pub struct Finished {
    pub usage: Usage,
    pub stdout: String,
    pub stderr: String,
}

/// Where the child's standard output goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stdout {
    /// `> /dev/null`, as the export measurements ask.
    Null,
    /// Captured (for roles that report their own figures).
    Capture,
}

/// Runs `command` to completion and measures it. Fails if it cannot start or does not
/// exit successfully (its standard error is then part of the message).
pub fn measure(name: &str, command: &mut Command, stdout: Stdout) -> Result<Finished, String> {
    command.stdin(Stdio::null()).stderr(Stdio::piped());
    command.stdout(match stdout {
        Stdout::Null => Stdio::null(),
        Stdout::Capture => Stdio::piped(),
    });
    let started = Instant::now();
    let mut child = command
        .spawn()
        .map_err(|e| format!("{name}: cannot start: {e}"))?;
    let poller = PeakPoller::start(child.id());
    // Drain both pipes while the child runs, so that it never blocks on a full pipe.
    let out = drain(child.stdout.take());
    let err = drain(child.stderr.take());
    let waited = wait(&child);
    let wall = started.elapsed();
    let polled_peak = poller.stop();
    let (status, mut usage) = waited.map_err(|e| format!("{name}: {e}"))?;
    usage.wall = wall;
    if let Some(peak) = polled_peak {
        usage.peak_rss = peak;
        usage.peak_rss_observed = true;
    }
    let finished = Finished {
        usage,
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
    };
    if !status.success() {
        return Err(format!(
            "{name}: failed ({status}): {}",
            finished.stderr.trim()
        ));
    }
    Ok(finished)
}

/// Samples a running child's `VmHWM` until stopped: every 0.2 ms for its first 10 ms
/// (so that even `--version` is seen), then every 2 ms.
struct PeakPoller {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: std::thread::JoinHandle<Option<u64>>,
}

impl PeakPoller {
    fn start(pid: u32) -> PeakPoller {
        use std::sync::atomic::Ordering;
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stopped = std::sync::Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let path = format!("/proc/{pid}/status");
            let started = Instant::now();
            let mut peak: Option<u64> = None;
            while !stopped.load(Ordering::Relaxed) {
                if let Some(hwm) = std::fs::read_to_string(&path)
                    .ok()
                    .as_deref()
                    .and_then(vm_hwm)
                {
                    peak = Some(peak.map_or(hwm, |p| p.max(hwm)));
                }
                let pause = if started.elapsed() < Duration::from_millis(10) {
                    Duration::from_micros(200)
                } else {
                    Duration::from_millis(2)
                };
                std::thread::sleep(pause);
            }
            peak
        });
        PeakPoller { stop, thread }
    }

    /// Stops polling (call once the child has exited) and returns the highest mark seen.
    fn stop(self) -> Option<u64> {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        self.thread.join().ok().flatten()
    }
}

/// `VmHWM:    1234 kB` in bytes.
fn vm_hwm(status: &str) -> Option<u64> {
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .strip_suffix("kB")?
        .trim()
        .parse()
        .ok()?;
    Some(kib * 1024)
}

fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut pipe) = pipe {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            text = String::from_utf8_lossy(&bytes).into_owned();
        }
        text
    })
}

/// Reaps `child` and returns its exit status and resource usage. The `Child` must not be
/// waited for again afterwards (its process is gone).
fn wait(child: &Child) -> Result<(ExitStatus, Usage), String> {
    use std::os::unix::process::ExitStatusExt;

    let (status, usage) = wait4(child.id())?;
    let time = |t: libc::timeval| {
        Duration::from_secs(u64::try_from(t.tv_sec).unwrap_or(0))
            + Duration::from_micros(u64::try_from(t.tv_usec).unwrap_or(0))
    };
    let max_rss = u64::try_from(usage.ru_maxrss).unwrap_or(0);
    // Linux counts ru_maxrss in KiB, macOS in bytes.
    let peak_rss = if cfg!(target_os = "macos") {
        max_rss
    } else {
        max_rss * 1024
    };
    Ok((
        ExitStatus::from_raw(status),
        Usage {
            wall: Duration::ZERO,
            user: time(usage.ru_utime),
            sys: time(usage.ru_stime),
            peak_rss,
            peak_rss_observed: false,
        },
    ))
}

#[allow(unsafe_code, reason = "wait4: per-child CPU time and peak memory")]
fn wait4(pid: u32) -> Result<(libc::c_int, libc::rusage), String> {
    let pid = libc::pid_t::try_from(pid).map_err(|e| format!("pid {pid}: {e}"))?;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is a C struct of integers, for which all zero bits are a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: both pointers are to live, writable locals of the types wait4 expects,
        // for the duration of the call.
        let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if reaped == pid {
            return Ok((status, usage));
        }
        let error = std::io::Error::last_os_error();
        if error.kind() != std::io::ErrorKind::Interrupted {
            return Err(format!("wait4: {error}"));
        }
    }
}

/// CPU time (user + system) a running process has used so far, from `/proc/<pid>/stat`;
/// `None` where there is no `/proc`. Used for the emulator, which runs across measurements.
pub fn cpu_so_far(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which may hold spaces) start at the last ')'.
    let rest = stat.get(stat.rfind(')')? + 2..)?;
    let fields: Vec<&str> = rest.split(' ').collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // USER_HZ is 100 on every Linux architecture Rust targets.
    Some(Duration::from_millis(ticks * 10))
}
