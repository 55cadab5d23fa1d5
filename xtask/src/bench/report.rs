//! The figures of one `cargo xtask bench` run and the Markdown table they are printed as
//! (the same text goes into `docs/benchmarks.md`).

// Ratios and rates of timings, never money: floating point is the right tool here.
#![allow(clippy::float_arithmetic)]

use std::fmt::Write;
use std::time::Duration;

use super::child::Usage;

/// Export wall time allowed for the CLI, as a multiple of the baseline's (issue 13).
pub const CLI_EXPORT_TARGET: f64 = 1.5;
/// Per-call time allowed for the blocking client's `balance()`, as a multiple of the async
/// client's (issue 13, item 5).
pub const BLOCKING_CALL_TARGET: f64 = 1.5;
/// Peak memory allowed for the CLI export.
pub const CLI_RSS_TARGET: u64 = 30 * 1024 * 1024;
/// Peak memory difference between the small and the large export that still counts as
/// "does not grow".
pub const GROWTH_ALLOWANCE: u64 = 2 * 1024 * 1024;

/// One export of the whole history by one program.
#[derive(Debug, Clone)]
pub struct Export {
    pub entries: u64,
    pub program: &'static str,
    pub usage: Usage,
    /// CPU the emulator spent serving it.
    pub server_cpu: Option<Duration>,
}

/// A run of sequential or concurrent requests, timed by the program itself.
#[derive(Debug, Clone)]
pub struct Requests {
    pub program: &'static str,
    pub requests: u64,
    pub in_flight: u64,
    pub elapsed: Duration,
    pub p50: Option<Duration>,
    pub p99: Option<Duration>,
    pub usage: Usage,
}

/// Where an export's time goes, measured piece by piece.
#[derive(Debug, Clone, Default)]
pub struct Breakdown {
    pub entries: u64,
    pub pages: u64,
    pub fetch: Duration,
    pub sign: Duration,
    pub decode: Duration,
    pub pager: Duration,
    pub encode: Duration,
}

/// The CLI's start-up and size.
#[derive(Debug, Clone, Default)]
pub struct Startup {
    pub runs: usize,
    pub median_wall: Duration,
    pub peak_rss: u64,
    pub peak_rss_observed: bool,
    pub binary_size: u64,
    pub stripped_size: Option<u64>,
}

/// Everything one run measured.
#[derive(Debug, Default)]
pub struct Report {
    pub machine: String,
    pub command: String,
    pub generated: Vec<(u64, Duration)>,
    pub exports: Vec<Export>,
    pub sequential: Vec<Requests>,
    pub concurrent: Vec<Requests>,
    pub breakdown: Option<Breakdown>,
    pub network: Option<super::network::Network>,
    /// Exports under the measured rate limit (the full run only).
    pub rate_limit: Vec<super::rate_limit::Run>,
    pub startup: Startup,
    pub total: Duration,
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(1e-9)
}

fn per_second(count: u64, d: Duration) -> String {
    let rate = count as f64 / d.as_secs_f64().max(1e-9);
    if rate >= 1e6 {
        format!("{:.2} M/s", rate / 1e6)
    } else {
        format!("{:.0} k/s", rate / 1e3)
    }
}

fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 {
        format!("{s:.2} s")
    } else if s >= 1e-3 {
        format!("{:.1} ms", s * 1e3)
    } else {
        format!("{:.1} µs", s * 1e6)
    }
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

fn share(part: Duration, whole: Duration) -> String {
    format!("{:.0} %", 100.0 * ratio(part, whole))
}

fn per_item(d: Duration, count: u64) -> String {
    secs(Duration::from_secs_f64(
        d.as_secs_f64() / count.max(1) as f64,
    ))
}

/// Peak memory, marked `≤` when it is only `wait4`'s upper bound (see `child`).
fn peak(bytes: u64, observed: bool) -> String {
    if observed {
        mib(bytes)
    } else {
        format!("≤ {}", mib(bytes))
    }
}

pub(crate) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl Report {
    fn baseline_export(&self, entries: u64) -> Option<&Export> {
        self.exports
            .iter()
            .find(|e| e.entries == entries && e.program == super::BASELINE_EXPORT)
    }

    /// The whole report as Markdown.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "Machine: {}  ", self.machine);
        let _ = writeln!(out, "Command: `{}`  ", self.command);
        let generated: Vec<String> = self
            .generated
            .iter()
            .map(|(n, d)| format!("{} entries in {}", thousands(*n), secs(*d)))
            .collect();
        if generated.is_empty() {
            let _ = writeln!(out, "Whole run: {}\n", secs(self.total));
        } else {
            let _ = writeln!(
                out,
                "Emulator data generated: {}; whole run: {}\n",
                generated.join(", "),
                secs(self.total)
            );
        }
        if !self.exports.is_empty() {
            self.render_exports(&mut out);
        }
        if !self.sequential.is_empty() || !self.concurrent.is_empty() {
            self.render_requests(&mut out);
        }
        self.render_breakdown(&mut out);
        if let Some(network) = &self.network {
            network.render(&mut out);
        }
        if !self.rate_limit.is_empty() {
            super::rate_limit::render(&self.rate_limit, &mut out);
        }
        if self.startup.runs > 0 {
            self.render_startup(&mut out);
        }
        self.render_targets(&mut out);
        out
    }

    fn render_exports(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "### Export of the whole history (pages of 1000, `> /dev/null`)\n\n\
             | entries | program | wall | entries/s | CPU (user+sys) | peak RSS | emulator CPU | wall vs baseline |\n\
             |---:|---|---:|---:|---:|---:|---:|---:|"
        );
        for e in &self.exports {
            let vs = self
                .baseline_export(e.entries)
                .map(|b| format!("{:.2}x", ratio(e.usage.wall, b.usage.wall)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} |",
                thousands(e.entries),
                e.program,
                secs(e.usage.wall),
                per_second(e.entries, e.usage.wall),
                secs(e.usage.cpu()),
                peak(e.usage.peak_rss, e.usage.peak_rss_observed),
                e.server_cpu.map(secs).unwrap_or_else(|| "n/a".into()),
                vs
            );
        }
        out.push('\n');
    }

    fn render_requests(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "### Per-request overhead (`GET /cash/v1/balance`)\n\n\
             | requests | in flight | program | total | per request | requests/s | p50 | p99 | process CPU | vs baseline |\n\
             |---:|---:|---|---:|---:|---:|---:|---:|---:|---:|"
        );
        for group in [&self.sequential, &self.concurrent] {
            let baseline = group.iter().find(|r| r.program.starts_with("baseline"));
            for r in group {
                let vs = baseline
                    .map(|b| format!("{:.2}x", ratio(r.elapsed, b.elapsed)))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                    thousands(r.requests),
                    r.in_flight,
                    r.program,
                    secs(r.elapsed),
                    per_item(r.elapsed, r.requests),
                    per_second(r.requests, r.elapsed),
                    r.p50.map(secs).unwrap_or_default(),
                    r.p99.map(secs).unwrap_or_default(),
                    secs(r.usage.cpu()),
                    vs
                );
            }
        }
        out.push('\n');
    }

    fn render_breakdown(&self, out: &mut String) {
        let Some(b) = &self.breakdown else { return };
        let client = b.sign + b.decode + b.pager + b.encode;
        let whole = b.fetch + client;
        let _ = writeln!(
            out,
            "### Where an export's time goes ({} entries, {} pages, measured piece by piece in one process)\n\n\
             | piece | time | per entry | share |\n|---|---:|---:|---:|",
            thousands(b.entries),
            b.pages
        );
        for (name, d) in [
            (
                "HTTP round trips, server included (baseline fetch)",
                b.fetch,
            ),
            ("signing (one per page)", b.sign),
            ("decoding pages into `HistoryEntry` (exact money)", b.decode),
            ("pager bookkeeping (end pinning, de-duplication)", b.pager),
            ("encoding NDJSON", b.encode),
        ] {
            let _ = writeln!(
                out,
                "| {name} | {} | {} | {} |",
                secs(d),
                per_item(d, b.entries),
                share(d, whole)
            );
        }
        let _ = writeln!(
            out,
            "| client work beyond the baseline (sum of the last four) | {} | {} | {} |\n",
            secs(client),
            per_item(client, b.entries),
            share(client, whole)
        );
    }

    fn render_startup(&self, out: &mut String) {
        let s = &self.startup;
        let _ = writeln!(
            out,
            "### CLI start-up and size\n\n\
             | `solapi-cash --version` (median of {}) | peak RSS | binary | binary, stripped |\n\
             |---:|---:|---:|---:|\n| {} | {} | {} | {} |\n",
            s.runs,
            secs(s.median_wall),
            peak(s.peak_rss, s.peak_rss_observed),
            mib(s.binary_size),
            s.stripped_size.map(mib).unwrap_or_else(|| "n/a".into())
        );
    }

    fn render_targets(&self, out: &mut String) {
        let _ = writeln!(out, "### Targets\n");
        let verdict = |ok: bool| if ok { "met" } else { "NOT met" };
        let cli: Vec<&Export> = self
            .exports
            .iter()
            .filter(|e| e.program == super::CLI_EXPORT)
            .collect();
        for e in &cli {
            if let Some(b) = self.baseline_export(e.entries) {
                let r = ratio(e.usage.wall, b.usage.wall);
                let _ = writeln!(
                    out,
                    "- CLI export of {} entries within {CLI_EXPORT_TARGET}x of the baseline's wall time: {r:.2}x, {}",
                    thousands(e.entries),
                    verdict(r <= CLI_EXPORT_TARGET)
                );
            }
            let _ = writeln!(
                out,
                "- CLI export of {} entries under {}: {}, {}",
                thousands(e.entries),
                mib(CLI_RSS_TARGET),
                mib(e.usage.peak_rss),
                verdict(e.usage.peak_rss < CLI_RSS_TARGET)
            );
        }
        let blocking = self
            .sequential
            .iter()
            .find(|r| r.program == super::BLOCKING_BALANCE);
        let asynchronous = self
            .sequential
            .iter()
            .find(|r| r.program == super::ASYNC_BALANCE);
        if let (Some(b), Some(a)) = (blocking, asynchronous) {
            let r = ratio(b.elapsed, a.elapsed);
            let _ = writeln!(
                out,
                "- blocking `balance()` within {BLOCKING_CALL_TARGET}x of the async client's per call: {} against {}, {r:.2}x, {}",
                per_item(b.elapsed, b.requests),
                per_item(a.elapsed, a.requests),
                verdict(r <= BLOCKING_CALL_TARGET)
            );
        }
        if let Some(network) = &self.network {
            network.render_targets(out);
        }
        let programs: Vec<&'static str> = {
            let mut p: Vec<&'static str> = self.exports.iter().map(|e| e.program).collect();
            p.dedup();
            p.sort_unstable();
            p.dedup();
            p
        };
        for program in programs {
            let runs: Vec<&Export> = self
                .exports
                .iter()
                .filter(|e| e.program == program)
                .collect();
            if let (Some(small), Some(large)) = (runs.first(), runs.last())
                && large.entries > small.entries
            {
                // "Does not grow": by less than 2 MiB for ten times the entries. Anything
                // kept per entry, even 3 bytes, would add more than that; less is allocator
                // and thread noise, not growth with the history.
                let grows = large.usage.peak_rss > small.usage.peak_rss + GROWTH_ALLOWANCE;
                let _ = writeln!(
                    out,
                    "- peak memory of {program} does not grow from {} to {} entries (less than {} more): {} → {}, {}",
                    thousands(small.entries),
                    thousands(large.entries),
                    mib(GROWTH_ALLOWANCE),
                    mib(small.usage.peak_rss),
                    mib(large.usage.peak_rss),
                    verdict(!grows)
                );
            }
        }
    }
}
