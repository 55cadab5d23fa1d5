//! Exports against the live service's measured limit (issue 19, point 4): 20,000 entries
//! through a rate-limiting proxy ([`solapi_cash_conformance::RateLimitProxy`], 20 reads per
//! 5 s per key, 30 ms a request) in front of the emulator (its own limit off), in pages of
//! 100 and of 1000, by the CLI at its default concurrency, beside the floor the limit sets.
//!
//! The floor: a read beyond a window can only go once the next window opens, so the export
//! takes at least `⌈(requests − reads) ÷ reads⌉` whole windows, plus the round trips of the
//! last window in waves of the CLI's in-flight cap. The proxy runs in this process (a thread
//! per connection); only the CLI is measured.

// Ratios of timings, never money.
#![allow(clippy::float_arithmetic)]

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use solapi_cash_conformance::{ProxyLimit, RateLimitProxy};

use super::child::{Stdout, Usage, measure};
use super::emulator::RunningEmulator;
use super::network::{ENTRIES, PYTHON_PEER, default_concurrency, requests};

/// The limit measured by a third party on the live service (segevsh/w6w-apps,
/// `apps/solapi/README.md`, 2026-10): 20 reads per 5 s per key.
pub(super) const LIMIT: ProxyLimit = ProxyLimit {
    reads: 20,
    window: Duration::from_secs(5),
    latency: Duration::from_millis(30),
};
/// Entries asked per request.
const PAGE_SIZES: [u64; 2] = [1000, 100];
/// The program measured.
const CLI: &str = "`solapi-cash history --all` (default: adaptive)";

/// One measured export.
#[derive(Debug, Clone)]
pub struct Run {
    /// Entries asked per request.
    pub page_size: u64,
    /// Requests the proxy received, refused ones included.
    pub requests: u64,
    /// Requests it answered 429.
    pub too_many: u64,
    /// The CLI's run.
    pub usage: Usage,
    /// The Python peer's run through a fresh proxy of the same limit, or why it was left out.
    pub peer: Result<PeerRun, String>,
}

/// How the Python peer (`xtask/bench/peer_requests.py`: sequential, `raise_for_status`, as
/// SOLAPI's material shows it) fared under the limit: it knows nothing of 429, so it is
/// reported as it ends, not measured against the floor.
#[derive(Debug, Clone)]
pub struct PeerRun {
    /// Entries it wrote before it ended.
    pub exported: u64,
    /// Requests the proxy received from it.
    pub requests: u64,
    /// Requests it was answered 429.
    pub too_many: u64,
    /// Whether it exited successfully.
    pub succeeded: bool,
    /// From spawn to exit.
    pub wall: Duration,
}

/// The floor for an export of `entries` in pages of `page_size` under `limit`, with
/// `in_flight` requests at once: the windows it must wait for, then the last window's
/// round trips.
pub fn floor(entries: u64, page_size: u64, limit: ProxyLimit, in_flight: u64) -> Duration {
    let total = requests(entries, page_size);
    let reads = u64::from(limit.reads.max(1));
    let beyond = total.saturating_sub(reads);
    let windows = beyond.div_ceil(reads);
    let last = if windows == 0 {
        total
    } else {
        beyond - (windows - 1) * reads
    };
    let waves = last.div_ceil(in_flight.max(1));
    limit.window * u32::try_from(windows).unwrap_or(u32::MAX)
        + limit.latency * u32::try_from(waves).unwrap_or(u32::MAX)
}

/// Measures both page sizes once each (pages of 100 take about 50 s), a fresh proxy each
/// (so that each export starts with a fresh window).
pub fn run(
    cli: &Path,
    xtask: &Path,
    target: &Path,
    against: impl Fn(Command, &RunningEmulator) -> Command,
) -> Result<Vec<Run>, String> {
    eprintln!("\n==> emulator with {ENTRIES} entries behind a proxy: 20 reads / 5 s, 30 ms");
    let emulator = RunningEmulator::start(xtask, ENTRIES)?;
    let upstream = emulator.base_url()?;
    let peer = super::network::peer(target);
    let mut runs = Vec::new();
    for page_size in PAGE_SIZES {
        eprintln!("==> rate limit, pages of {page_size}: {CLI}");
        let proxy = RateLimitProxy::start(&upstream, LIMIT)
            .map_err(|e| format!("rate-limit proxy: {e}"))?;
        let mut command = Command::new(cli);
        command
            .args(["history", "--all", "--output", "ndjson", "--page-size"])
            .arg(page_size.to_string());
        let mut command = against(command, &emulator);
        command.env("SOLAPI_BASE_URL", proxy.base_url());
        let finished = measure(CLI, &mut command, Stdout::Capture)?;
        let lines = finished.stdout.lines().count() as u64;
        if lines != ENTRIES {
            return Err(format!(
                "{CLI} through the proxy, pages of {page_size}: {lines} entries, not {ENTRIES}: {}",
                finished.stderr.trim()
            ));
        }
        let (requests, too_many) = (proxy.requests(), proxy.too_many());
        proxy.stop();
        let peer = match &peer {
            Ok(peer) => run_peer(peer, &upstream, page_size, &against, &emulator),
            Err(why) => Err(why.clone()),
        };
        runs.push(Run {
            page_size,
            requests,
            too_many,
            usage: finished.usage,
            peer,
        });
    }
    Ok(runs)
}

/// Runs the Python peer through a fresh proxy; its failure is a result, not an error.
fn run_peer(
    peer: &super::network::Peer,
    upstream: &str,
    page_size: u64,
    against: &impl Fn(Command, &RunningEmulator) -> Command,
    emulator: &RunningEmulator,
) -> Result<PeerRun, String> {
    eprintln!("==> rate limit, pages of {page_size}: {PYTHON_PEER}");
    let proxy =
        RateLimitProxy::start(upstream, LIMIT).map_err(|e| format!("rate-limit proxy: {e}"))?;
    let mut command = Command::new(&peer.python);
    command
        .arg(&peer.script)
        .env("PYTHONPATH", &peer.site)
        .env(super::roles::PAGE_SIZE_ENV, page_size.to_string());
    let mut command = against(command, emulator);
    command
        .env("SOLAPI_BASE_URL", proxy.base_url())
        .stdin(std::process::Stdio::null());
    let started = std::time::Instant::now();
    let output = command
        .output()
        .map_err(|e| format!("{PYTHON_PEER}: cannot start: {e}"))?;
    let wall = started.elapsed();
    let run = PeerRun {
        exported: output
            .stdout
            .split(|b| *b == b'\n')
            .filter(|l| !l.is_empty())
            .count() as u64,
        requests: proxy.requests(),
        too_many: proxy.too_many(),
        succeeded: output.status.success(),
        wall,
    };
    proxy.stop();
    Ok(run)
}

/// A run's floor and its wall time's ratio to it.
fn vs_floor(r: &Run) -> (Duration, f64) {
    let floor = floor(
        ENTRIES,
        r.page_size,
        LIMIT,
        default_concurrency(r.page_size),
    );
    let ratio = r.usage.wall.as_secs_f64() / floor.as_secs_f64().max(1e-9);
    (floor, ratio)
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

/// The section's table and its targets, as Markdown.
pub fn render(runs: &[Run], out: &mut String) {
    let _ = writeln!(
        out,
        "### Export under the measured rate limit ({} entries through a proxy: {} reads / {} s per key, {} ms a request, `> /dev/null`)\n\n\
         | page size | requests planned | requests sent | floor | wall | vs floor | 429s |\n\
         |---:|---:|---:|---:|---:|---:|---:|",
        super::report::thousands(ENTRIES),
        LIMIT.reads,
        LIMIT.window.as_secs(),
        LIMIT.latency.as_millis()
    );
    for r in runs {
        let (floor, vs) = vs_floor(r);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {vs:.2}x | {} |",
            r.page_size,
            requests(ENTRIES, r.page_size),
            r.requests,
            secs(floor),
            secs(r.usage.wall),
            r.too_many
        );
    }
    out.push('\n');
    let _ = writeln!(
        out,
        "{PYTHON_PEER} through the same proxy (it does not wait on 429: it ends at the first one):\n\n\
         | page size | requests sent | 429s | entries written | wall | ended |\n\
         |---:|---:|---:|---:|---:|---|"
    );
    for r in runs {
        match &r.peer {
            Ok(p) => {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} of {} | {} | {} |",
                    r.page_size,
                    p.requests,
                    p.too_many,
                    p.exported,
                    ENTRIES,
                    secs(p.wall),
                    if p.succeeded {
                        "exit 0"
                    } else {
                        "failed (non-zero exit)"
                    }
                );
            }
            Err(why) => {
                let _ = writeln!(out, "| {} | left out: {why} | | | | |", r.page_size);
            }
        }
    }
    out.push('\n');
    let verdict = |ok: bool| if ok { "met" } else { "NOT met" };
    for r in runs {
        let (_, vs) = vs_floor(r);
        let _ = writeln!(
            out,
            "- pages of {}: within 1.10x of the floor: {vs:.2}x, {}; at most one 429: {}, {}",
            r.page_size,
            verdict(vs <= 1.10),
            r.too_many,
            verdict(r.too_many <= 1)
        );
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_floor_counts_whole_windows_then_the_last_round_trips() {
        // 21 requests: 1 beyond the first window, one window, one round trip.
        assert_eq!(
            floor(20_000, 1000, LIMIT, 4),
            Duration::from_secs(5) + Duration::from_millis(30)
        );
        // 201 requests: 181 beyond, 10 windows, the last with 1 request.
        assert_eq!(
            floor(20_000, 100, LIMIT, 8),
            Duration::from_secs(50) + Duration::from_millis(30)
        );
        // Within the first window: its round trips only.
        assert_eq!(floor(1_000, 100, LIMIT, 8), Duration::from_millis(2 * 30));
    }
}
