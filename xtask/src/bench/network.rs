//! Exports over a slower network (issue 13, item 4): 20,000 entries with every request
//! answered after 20 ms and 50 ms, in pages of 1000 and of 100, by the CLI and by the peer an
//! integrator would write instead (`xtask/bench/peer_requests.py`, Python `requests`), beside
//! a "floor": the requests an export needs times the latency, divided by the requests in
//! flight at once.
//!
//! The latency is the emulator's (see [`super::roles::LATENCY_ENV`]); the programs run on the
//! same machine, so the floor is what a perfect client would take, CPU aside.

// Ratios of timings, never money.
#![allow(clippy::float_arithmetic)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use super::child::{Stdout, Usage, measure};
use super::emulator::RunningEmulator;

/// Entries of every export in this section.
pub const ENTRIES: u64 = 20_000;
/// Milliseconds added to every request.
const LATENCIES_MS: [u64; 2] = [20, 50];
/// Entries asked per request.
const PAGE_SIZES: [u64; 2] = [1000, 100];
/// Requests in flight at once that the second floor row assumes for pages of `page_size`:
/// the cap of the CLI's adaptive window (8 pages of 100, 4 of 1000).
pub fn default_concurrency(page_size: u64) -> u64 {
    u64::from(solapi_cash_core::Concurrency::adaptive().max(page_size))
}

/// The Python peer's label.
pub const PYTHON_PEER: &str = "Python `requests`, sequential (`xtask/bench/peer_requests.py`)";

/// A CLI configuration measured here: its label, the requests it keeps in flight (for its
/// floor), and its arguments beyond `history --all --output ndjson --page-size N`.
struct CliVariant {
    label: &'static str,
    /// `None`: the adaptive window's cap for the page size.
    in_flight: Option<u64>,
    args: &'static [&'static str],
}

/// The CLI one page at a time, and at its default (adaptive); the targets
/// are measured on the default.
const CLI_VARIANTS: [CliVariant; 2] = [
    CliVariant {
        label: "`solapi-cash history --all --concurrency 1`",
        in_flight: Some(1),
        args: &["--concurrency", "1"],
    },
    CliVariant {
        label: "`solapi-cash history --all` (default: adaptive, up to 8 pages of 100 or 4 of 1000 in flight)",
        in_flight: None,
        args: &[],
    },
];

/// The variant the targets are measured on.
const CLI_DEFAULT: usize = 1;

/// One measured export.
#[derive(Debug, Clone)]
pub struct Run {
    /// The emulator's added latency.
    pub latency_ms: u64,
    /// Entries asked per request.
    pub page_size: u64,
    /// The program's label.
    pub program: &'static str,
    /// Requests it keeps in flight, for its floor.
    pub in_flight: u64,
    /// Its fastest run.
    pub usage: Usage,
}

/// Everything this section measured, or why the peer was left out.
#[derive(Debug, Default)]
pub struct Network {
    /// The fastest run of each program in each configuration.
    pub runs: Vec<Run>,
    /// Why the Python peer was not measured, if it was not.
    pub peer_skipped: Option<String>,
}

/// Requests an export of `entries` in pages of `page_size` makes: the full pages, the last
/// partial one, and the empty page that proves the end (a short page only ends an export
/// once the server's page cap is known).
pub fn requests(entries: u64, page_size: u64) -> u64 {
    entries / page_size + 1 + u64::from(!entries.is_multiple_of(page_size))
}

/// The floor: `requests × latency / in_flight`.
pub fn floor(latency_ms: u64, page_size: u64, in_flight: u64) -> Duration {
    let waves = requests(ENTRIES, page_size) as f64 / in_flight.max(1) as f64;
    Duration::from_secs_f64(waves * latency_ms as f64 / 1e3)
}

/// The Python peer, ready to run: the interpreter and a `PYTHONPATH` holding the pinned
/// `requests`.
pub(super) struct Peer {
    pub(super) python: String,
    pub(super) site: PathBuf,
    pub(super) script: PathBuf,
}

/// Installs the peer's packages on first use (pinned, wheels only, into the target
/// directory, which git ignores), or says why it cannot run.
pub(super) fn peer(target: &Path) -> Result<Peer, String> {
    let python = std::env::var("SOLAPI_BENCH_PYTHON").unwrap_or_else(|_| "python3".into());
    let bench = crate::process::root().join("xtask/bench");
    let requirements = bench.join("requirements.txt");
    let wanted = std::fs::read_to_string(&requirements)
        .map_err(|e| format!("{}: {e}", requirements.display()))?;
    let site = target.join("bench-python/site");
    let marker = site.join(".requirements.txt");
    if std::fs::read_to_string(&marker).ok().as_deref() != Some(wanted.as_str()) {
        let _ = std::fs::remove_dir_all(&site);
        crate::process::run(
            "install the Python peer's pinned packages (pip, wheels only)",
            Command::new(&python)
                .args(["-m", "pip", "install", "--no-deps", "--only-binary=:all:"])
                .args(["--disable-pip-version-check", "--no-input", "--quiet"])
                .arg("--target")
                .arg(&site)
                .arg("-r")
                .arg(&requirements),
        )?;
        std::fs::write(&marker, &wanted).map_err(|e| format!("{}: {e}", marker.display()))?;
    }
    Ok(Peer {
        python,
        site,
        script: bench.join("peer_requests.py"),
    })
}

/// Measures every row, best of `rounds` interleaved rounds each.
pub fn run(
    cli: &Path,
    xtask: &Path,
    target: &Path,
    rounds: usize,
    against: impl Fn(Command, &RunningEmulator) -> Command,
) -> Result<Network, String> {
    let mut network = Network::default();
    let peer = match peer(target) {
        Ok(peer) => Some(peer),
        Err(why) => {
            eprintln!("bench: the Python peer is left out: {why}");
            network.peer_skipped = Some(why);
            None
        }
    };
    for latency_ms in LATENCIES_MS {
        eprintln!("\n==> emulator with {ENTRIES} entries, {latency_ms} ms per request");
        let emulator = RunningEmulator::start_with_latency(xtask, ENTRIES, latency_ms)?;
        for page_size in PAGE_SIZES {
            let mut best: Vec<Option<Run>> = Vec::new();
            for round in 0..rounds {
                let mut slot = 0;
                let mut keep = |run: Run, best: &mut Vec<Option<Run>>| {
                    if best.len() <= slot {
                        best.push(None);
                    }
                    if best[slot]
                        .as_ref()
                        .is_none_or(|b| run.usage.wall < b.usage.wall)
                    {
                        best[slot] = Some(run);
                    }
                    slot += 1;
                };
                for variant in &CLI_VARIANTS {
                    eprintln!(
                        "==> {latency_ms} ms, pages of {page_size}: {} (round {})",
                        variant.label,
                        round + 1
                    );
                    let mut command = Command::new(cli);
                    command
                        .args(["history", "--all", "--output", "ndjson", "--page-size"])
                        .arg(page_size.to_string())
                        .args(variant.args);
                    let finished = measure(
                        variant.label,
                        &mut against(command, &emulator),
                        Stdout::Null,
                    )?;
                    check_cli(variant.label, &finished.stderr)?;
                    keep(
                        Run {
                            latency_ms,
                            page_size,
                            program: variant.label,
                            in_flight: variant
                                .in_flight
                                .unwrap_or_else(|| default_concurrency(page_size)),
                            usage: finished.usage,
                        },
                        &mut best,
                    );
                }
                if let Some(peer) = &peer {
                    eprintln!(
                        "==> {latency_ms} ms, pages of {page_size}: {PYTHON_PEER} (round {})",
                        round + 1
                    );
                    let mut command = Command::new(&peer.python);
                    command
                        .arg(&peer.script)
                        .env("PYTHONPATH", &peer.site)
                        .env(super::roles::PAGE_SIZE_ENV, page_size.to_string());
                    let finished =
                        measure(PYTHON_PEER, &mut against(command, &emulator), Stdout::Null)?;
                    check_exported(PYTHON_PEER, &finished.stderr)?;
                    keep(
                        Run {
                            latency_ms,
                            page_size,
                            program: PYTHON_PEER,
                            in_flight: 1,
                            usage: finished.usage,
                        },
                        &mut best,
                    );
                }
            }
            network.runs.extend(best.into_iter().flatten());
        }
    }
    Ok(network)
}

/// The CLI exits non-zero on any failure; it prints nothing on standard error otherwise.
fn check_cli(name: &str, stderr: &str) -> Result<(), String> {
    if stderr.trim().is_empty() {
        Ok(())
    } else {
        Err(format!("{name}: {}", stderr.trim()))
    }
}

/// A program that reports `exported N entries` must have exported all of them.
fn check_exported(name: &str, stderr: &str) -> Result<(), String> {
    let exported = stderr
        .trim()
        .strip_prefix("exported ")
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse::<u64>().ok());
    if exported == Some(ENTRIES) {
        Ok(())
    } else {
        Err(format!(
            "{name}: did not export {ENTRIES} entries: {}",
            stderr.trim()
        ))
    }
}

fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 {
        format!("{s:.2} s")
    } else {
        format!("{:.0} ms", s * 1e3)
    }
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(1e-9)
}

impl Network {
    fn peer_run(&self, latency_ms: u64, page_size: u64) -> Option<&Run> {
        self.runs.iter().find(|r| {
            r.latency_ms == latency_ms && r.page_size == page_size && r.program == PYTHON_PEER
        })
    }

    /// The section's table and its targets, as Markdown.
    pub fn render(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "### Export over a slower network ({} entries, every request answered after the latency, `> /dev/null`)\n\n\
             | latency | page size | requests | program | wall | CPU (user+sys) | vs Python | vs its floor |\n\
             |---:|---:|---:|---|---:|---:|---:|---:|",
            super::report::thousands(ENTRIES)
        );
        if let Some(why) = &self.peer_skipped {
            let _ = writeln!(out, "\n(The Python peer was left out: {why}.)\n");
        }
        for latency_ms in LATENCIES_MS {
            for page_size in PAGE_SIZES {
                let requests = requests(ENTRIES, page_size);
                let peer = self.peer_run(latency_ms, page_size);
                let vs_peer = |d: Duration| {
                    peer.map(|p| format!("{:.2}x", ratio(d, p.usage.wall)))
                        .unwrap_or_default()
                };
                for r in self
                    .runs
                    .iter()
                    .filter(|r| r.latency_ms == latency_ms && r.page_size == page_size)
                {
                    let floor = floor(latency_ms, page_size, r.in_flight);
                    let _ = writeln!(
                        out,
                        "| {latency_ms} ms | {page_size} | {requests} | {} | {} | {} | {} | {:.2}x |",
                        r.program,
                        secs(r.usage.wall),
                        secs(r.usage.cpu()),
                        vs_peer(r.usage.wall),
                        ratio(r.usage.wall, floor),
                    );
                }
                for in_flight in [1, default_concurrency(page_size)] {
                    let floor = floor(latency_ms, page_size, in_flight);
                    let _ = writeln!(
                        out,
                        "| {latency_ms} ms | {page_size} | {requests} | floor: {requests} × {latency_ms} ms / {in_flight} in flight | {} |  | {} |  |",
                        secs(floor),
                        vs_peer(floor),
                    );
                }
            }
        }
        out.push('\n');
    }

    /// Issue 13's targets for this section, measured on the CLI at its default concurrency.
    pub fn render_targets(&self, out: &mut String) {
        let verdict = |ok: bool| if ok { "met" } else { "NOT met" };
        let cli = |latency_ms: u64, page_size: u64| {
            self.runs.iter().find(|r| {
                r.latency_ms == latency_ms
                    && r.page_size == page_size
                    && r.program == CLI_VARIANTS[CLI_DEFAULT].label
            })
        };
        if let (Some(c), Some(p)) = (cli(50, 100), self.peer_run(50, 100)) {
            let faster = ratio(p.usage.wall, c.usage.wall);
            let _ = writeln!(
                out,
                "- 50 ms, pages of 100: the CLI at least 4x faster than the sequential Python script: {faster:.2}x ({}), {}",
                c.program,
                verdict(faster >= 4.0)
            );
        }
        if let Some(c) = cli(50, 100) {
            let in_flight = default_concurrency(100);
            let vs = ratio(c.usage.wall, floor(50, 100, in_flight));
            let _ = writeln!(
                out,
                "- 50 ms, pages of 100: the CLI within 1.3x of the floor for {in_flight} in flight: {vs:.2}x ({}), {}",
                c.program,
                verdict(vs <= 1.3)
            );
        }
        if let (Some(c), Some(p)) = (cli(20, 1000), self.peer_run(20, 1000)) {
            let r = ratio(c.usage.wall, p.usage.wall);
            let _ = writeln!(
                out,
                "- 20 ms, pages of 1000: the CLI at most 0.5x the Python script's wall time: {r:.2}x ({}), {}",
                c.program,
                verdict(r <= 0.5)
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_count_the_final_empty_page() {
        assert_eq!(requests(20_000, 1000), 21);
        assert_eq!(requests(20_000, 100), 201);
        assert_eq!(requests(20_001, 1000), 22);
        assert_eq!(requests(0, 1000), 1);
    }

    #[test]
    fn the_floor_divides_the_round_trips_by_the_requests_in_flight() {
        assert_eq!(floor(50, 100, 1), Duration::from_millis(201 * 50));
        assert_eq!(floor(20, 1000, 1), Duration::from_millis(420));
        let eight = floor(50, 100, 8).as_secs_f64();
        assert!((eight - 201.0 * 0.05 / 8.0).abs() < 1e-9);
    }
}
