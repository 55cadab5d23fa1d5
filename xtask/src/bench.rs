//! `cargo xtask bench [--quick]`: end-to-end throughput, per-request overhead, start-up and
//! memory of the CLI and both client libraries, each beside a plain-HTTP baseline measured
//! in the same run, printed as one Markdown table (see `docs/benchmarks.md`).
//!
//! Nothing here passes or fails on speed: the run fails only if a program fails. Every
//! measured program is a child process of a release build, timed by the kernel (`wait4`).
//!
//! - [`child`]: running and measuring one child process.
//! - [`emulator`]: the emulator with generated data, as a child process.
//! - [`roles`]: the programs besides the CLI and the examples (emulator, baselines,
//!   per-request loops, the breakdown); they run in the release xtask binary, selected by
//!   [`ROLE_ENV`].
//! - [`network`]: exports over a slower network, beside the Python peer and the floor.
//! - [`rate_limit`]: exports through a proxy enforcing the live service's measured limit.
//! - [`report`]: the figures and their table.

#[cfg(unix)]
mod child;
#[cfg(unix)]
mod emulator;
#[cfg(unix)]
mod ledger;
#[cfg(unix)]
mod network;
#[cfg(unix)]
mod rate_limit;
#[cfg(unix)]
mod report;
#[cfg(unix)]
mod roles;

/// How much `cargo xtask bench` measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Everything, with 100,000 and 1,000,000 entries.
    Full,
    /// Everything, with 100,000 entries only and one round over the slower network.
    Quick,
    /// Only the exports over a slower network.
    Network,
    /// Only the exports under the measured rate limit (through a limiting proxy).
    RateLimit,
    /// Only the local ledger (1,000,000 entries; 100,000 with `quick`).
    Ledger {
        /// 100,000 entries instead of 1,000,000.
        quick: bool,
    },
}

/// Environment variable that makes `xtask bench` run one measured role instead of the
/// benchmark (set only by the benchmark itself, for its child processes).
pub const ROLE_ENV: &str = "SOLAPI_BENCH_ROLE";

#[cfg(not(unix))]
pub fn run(_scope: Scope) -> Result<(), String> {
    Err("bench: measuring child processes needs wait4 (Linux or macOS)".into())
}

#[cfg(unix)]
pub use imp::run;

#[cfg(unix)]
pub(crate) const BASELINE_EXPORT: &str = "baseline: plain HTTP, bodies unparsed";
#[cfg(unix)]
pub(crate) const CLI_EXPORT: &str = "`solapi-cash history --all --output ndjson`";
#[cfg(unix)]
pub(crate) const CLI_EXPORT_ONE: &str =
    "`solapi-cash history --all --output ndjson --concurrency 1`";

#[cfg(unix)]
pub(crate) const BLOCKING_BALANCE: &str = "blocking client `balance()`";
#[cfg(unix)]
pub(crate) const ASYNC_BALANCE: &str = "async client `balance()`";

#[cfg(unix)]
pub(crate) mod imp {
    use std::path::{Path, PathBuf};
    use std::process::Command;
    use std::time::{Duration, Instant};

    use super::Scope;
    use super::child::{Finished, Stdout, Usage, measure};
    use super::emulator::RunningEmulator;
    use super::report::{Breakdown, Export, Report, Requests, Startup};
    use super::roles::{IN_FLIGHT_ENV, REQUESTS_ENV};
    use super::{
        ASYNC_BALANCE, BASELINE_EXPORT, BLOCKING_BALANCE, CLI_EXPORT, CLI_EXPORT_ONE, ROLE_ENV,
    };
    use crate::process;

    /// History sizes: the two, or the first only with `--quick`.
    const SIZES: [u64; 2] = [100_000, 1_000_000];
    /// Sequential balance calls per client.
    const SEQUENTIAL: u64 = 2_000;
    /// Concurrent balance calls, and how many at once.
    const CONCURRENT: u64 = 10_000;
    const IN_FLIGHT: u64 = 64;
    /// `solapi-cash --version` runs (the median is reported).
    const STARTUP_RUNS: usize = 21;

    /// Release binaries the benchmark runs.
    struct Binaries {
        cli: PathBuf,
        blocking_export: PathBuf,
        async_export: PathBuf,
        xtask: PathBuf,
    }

    /// One export program: how to run it against an emulator.
    struct Program {
        name: &'static str,
        command: fn(&Binaries) -> Command,
    }

    const EXPORTS: [Program; 5] = [
        Program {
            name: BASELINE_EXPORT,
            command: |b| role(&b.xtask, "export-baseline"),
        },
        Program {
            name: CLI_EXPORT,
            command: |b| {
                let mut c = Command::new(&b.cli);
                c.args(["history", "--all", "--output", "ndjson"]);
                c
            },
        },
        Program {
            name: CLI_EXPORT_ONE,
            command: |b| {
                let mut c = Command::new(&b.cli);
                c.args([
                    "history",
                    "--all",
                    "--output",
                    "ndjson",
                    "--concurrency",
                    "1",
                ]);
                c
            },
        },
        Program {
            name: "blocking library (`blocking_export` example)",
            command: |b| Command::new(&b.blocking_export),
        },
        Program {
            name: "async library (`async_export` example)",
            command: |b| Command::new(&b.async_export),
        },
    ];

    fn role(xtask: &Path, name: &str) -> Command {
        let mut c = Command::new(xtask);
        c.arg("bench").env(ROLE_ENV, name);
        c
    }

    pub fn run(scope: Scope) -> Result<(), String> {
        if let Ok(role) = std::env::var(ROLE_ENV) {
            return super::roles::run(&role);
        }
        let started = Instant::now();
        let bins = build()?;
        if let Scope::Ledger { quick } = scope {
            let entries = if quick { SIZES[0] } else { SIZES[1] };
            let dir = target_dir()?.join("bench-ledger");
            std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
            let mut rows = super::ledger::run(&bins.cli, &bins.xtask, entries, &dir)?;
            rows.push_str(&super::ledger::rate_limited(&bins.cli, &bins.xtask, &dir)?);
            println!(
                "Machine: {}\nCommand: cargo xtask bench --ledger{}\n\n| what | time | beside | ratio | note |\n|---|---|---|---|---|\n{rows}\ntotal {:?}",
                machine(),
                if quick { " --quick" } else { "" },
                started.elapsed()
            );
            return Ok(());
        }
        if scope == Scope::RateLimit {
            let runs = super::rate_limit::run(&bins.cli, &bins.xtask, &target_dir()?, against)?;
            let mut out = String::new();
            super::rate_limit::render(&runs, &mut out);
            println!(
                "Machine: {}\nCommand: cargo xtask bench --rate-limit\n\n{out}total {:?}",
                machine(),
                started.elapsed()
            );
            return Ok(());
        }
        let sizes: &[u64] = match scope {
            Scope::Full => &SIZES,
            Scope::Quick => &SIZES[..1],
            Scope::Network | Scope::RateLimit | Scope::Ledger { .. } => &[],
        };
        let mut report = Report {
            machine: machine(),
            command: match scope {
                Scope::Full => "cargo xtask bench",
                Scope::Quick => "cargo xtask bench --quick",
                Scope::Network | Scope::RateLimit | Scope::Ledger { .. } => {
                    "cargo xtask bench --network"
                }
            }
            .into(),
            ..Report::default()
        };
        for (i, &entries) in sizes.iter().enumerate() {
            eprintln!("\n==> emulator with {entries} generated entries");
            let emulator = RunningEmulator::start(&bins.xtask, entries)?;
            report.generated.push((entries, emulator.generated_in));
            exports(&bins, &emulator, entries, &mut report)?;
            if i == 0 {
                per_request(&bins, &emulator, &mut report)?;
                report.breakdown = Some(breakdown(&bins, &emulator)?);
            }
        }
        report.network = Some(super::network::run(
            &bins.cli,
            &bins.xtask,
            &target_dir()?,
            if scope == Scope::Quick { 1 } else { 3 },
            against,
        )?);
        if scope == Scope::Full {
            report.rate_limit =
                super::rate_limit::run(&bins.cli, &bins.xtask, &target_dir()?, against)?;
        }
        if scope != Scope::Network {
            report.startup = startup(&bins)?;
        }
        report.total = started.elapsed();
        println!("{}", report.render());
        Ok(())
    }

    /// Builds the measured programs in release mode, xtask included (for the roles).
    fn build() -> Result<Binaries, String> {
        process::run(
            "build the measured programs (release)",
            &mut process::cargo(&[
                "build",
                "--release",
                "-p",
                "solapi-cash-cli",
                "-p",
                "solapi-cash-blocking",
                "-p",
                "solapi-cash-async",
                "-p",
                "xtask",
                "--bin",
                "solapi-cash",
                "--bin",
                "xtask",
                "--example",
                "blocking_export",
                "--example",
                "async_export",
            ]),
        )?;
        let release = target_dir()?.join("release");
        let bins = Binaries {
            cli: release.join("solapi-cash"),
            blocking_export: release.join("examples/blocking_export"),
            async_export: release.join("examples/async_export"),
            xtask: release.join("xtask"),
        };
        for path in [
            &bins.cli,
            &bins.blocking_export,
            &bins.async_export,
            &bins.xtask,
        ] {
            if !path.is_file() {
                return Err(format!("bench: {} was not built", path.display()));
            }
        }
        Ok(bins)
    }

    fn target_dir() -> Result<PathBuf, String> {
        let text = process::output(
            "cargo metadata",
            &mut process::cargo(&["metadata", "--format-version", "1", "--no-deps"]),
        )?;
        let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        json["target_directory"]
            .as_str()
            .map(PathBuf::from)
            .ok_or_else(|| "cargo metadata: no target_directory".into())
    }

    /// A command for a client of `emulator`: its address and credentials in the
    /// environment, and nothing else that could change how the client authenticates.
    pub(super) fn against(mut command: Command, emulator: &RunningEmulator) -> Command {
        command
            .env_remove("SOLAPI_ACCESS_TOKEN")
            .env_remove("SOLAPI_PROFILE")
            .envs(emulator.env.iter().map(|(k, v)| (k, v)));
        command
    }

    /// Exports the whole history with each program, baseline first, in interleaved rounds;
    /// the fastest run of each program counts (the machine may be shared, and a run can
    /// only be slowed down by others, never sped up). Fewer rounds for the large data set,
    /// to stay within the time budget.
    fn exports(
        bins: &Binaries,
        emulator: &RunningEmulator,
        entries: u64,
        report: &mut Report,
    ) -> Result<(), String> {
        let rounds = if entries <= SIZES[0] { 5 } else { 2 };
        let mut best: Vec<Option<Export>> = vec![None; EXPORTS.len()];
        for round in 0..rounds {
            for (program, best) in EXPORTS.iter().zip(best.iter_mut()) {
                eprintln!(
                    "==> export {entries}: {} (round {})",
                    program.name,
                    round + 1
                );
                let server_before = emulator.cpu();
                let finished = measure(
                    program.name,
                    &mut against((program.command)(bins), emulator),
                    Stdout::Null,
                )?;
                check_export(program.name, entries, &finished)?;
                let server_cpu = match (server_before, emulator.cpu()) {
                    (Some(before), Some(after)) => Some(after.saturating_sub(before)),
                    _ => None,
                };
                let export = Export {
                    entries,
                    program: program.name,
                    usage: finished.usage,
                    server_cpu,
                };
                if best
                    .as_ref()
                    .is_none_or(|b| export.usage.wall < b.usage.wall)
                {
                    *best = Some(export);
                }
            }
        }
        report.exports.extend(best.into_iter().flatten());
        Ok(())
    }

    /// An export that stopped early would look fast: the examples and the baseline say
    /// how much they wrote, and the CLI exits non-zero on any failure.
    fn check_export(name: &str, entries: u64, finished: &Finished) -> Result<(), String> {
        let err = &finished.stderr;
        let ok = if let Some(rest) = err.trim().strip_prefix("exported ") {
            rest.split_whitespace().next() == Some(entries.to_string().as_str())
        } else if let Some(pages) = figure(err, "pages") {
            // Full pages plus the final empty one.
            pages == entries.div_ceil(super::roles::PAGE_SIZE) + 1
        } else {
            true
        };
        if ok {
            Ok(())
        } else {
            Err(format!(
                "{name}: did not export {entries} entries: {}",
                err.trim()
            ))
        }
    }

    /// `name=value` from a role's report (space- or line-separated).
    fn figure(text: &str, name: &str) -> Option<u64> {
        text.split_whitespace()
            .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('=')?.parse().ok())
    }

    fn nanos(text: &str, name: &str) -> Option<Duration> {
        figure(text, name).map(Duration::from_nanos)
    }

    /// Sequential and concurrent balance calls through each client and its baseline, in
    /// interleaved rounds; the fastest run of each counts.
    fn per_request(
        bins: &Binaries,
        emulator: &RunningEmulator,
        report: &mut Report,
    ) -> Result<(), String> {
        const ROUNDS: usize = 3;
        let runs = [
            (
                "balance-baseline",
                "baseline: ureq, signed, body unparsed",
                SEQUENTIAL,
                1,
            ),
            ("balance-blocking", BLOCKING_BALANCE, SEQUENTIAL, 1),
            ("balance-async", ASYNC_BALANCE, SEQUENTIAL, 1),
            (
                "concurrent-baseline",
                "baseline: reqwest, signed, body unparsed",
                CONCURRENT,
                IN_FLIGHT,
            ),
            ("concurrent-async", ASYNC_BALANCE, CONCURRENT, IN_FLIGHT),
        ];
        let mut best: Vec<Option<Requests>> = vec![None; runs.len()];
        for round in 0..ROUNDS {
            for ((name, program, requests, in_flight), best) in runs.iter().zip(best.iter_mut()) {
                eprintln!(
                    "==> {requests} requests, {in_flight} in flight: {program} (round {})",
                    round + 1
                );
                let mut command = against(role(&bins.xtask, name), emulator);
                command
                    .env(REQUESTS_ENV, requests.to_string())
                    .env(IN_FLIGHT_ENV, in_flight.to_string());
                let finished = measure(name, &mut command, Stdout::Capture)?;
                let out = &finished.stdout;
                let row = Requests {
                    program,
                    requests: *requests,
                    in_flight: *in_flight,
                    elapsed: nanos(out, "nanos").ok_or_else(|| format!("{name}: no timing"))?,
                    p50: nanos(out, "p50_ns"),
                    p99: nanos(out, "p99_ns"),
                    usage: finished.usage,
                };
                if best.as_ref().is_none_or(|b| row.elapsed < b.elapsed) {
                    *best = Some(row);
                }
            }
        }
        for row in best.into_iter().flatten() {
            if row.in_flight > 1 {
                report.concurrent.push(row);
            } else {
                report.sequential.push(row);
            }
        }
        Ok(())
    }

    /// The export's pieces, timed in one process; three runs, the fastest of each piece.
    fn breakdown(bins: &Binaries, emulator: &RunningEmulator) -> Result<Breakdown, String> {
        let mut best: Option<Breakdown> = None;
        for round in 0..3 {
            eprintln!("==> export breakdown (round {})", round + 1);
            let finished = measure(
                "breakdown",
                &mut against(role(&bins.xtask, "breakdown"), emulator),
                Stdout::Capture,
            )?;
            let out = &finished.stdout;
            let get = |name: &str| nanos(out, name).ok_or_else(|| format!("breakdown: no {name}"));
            let run = Breakdown {
                entries: figure(out, "entries").unwrap_or(0),
                pages: figure(out, "pages").unwrap_or(0),
                fetch: get("fetch_ns")?,
                sign: get("sign_ns")?,
                decode: get("decode_ns")?,
                pager: get("pager_ns")?,
                encode: get("encode_ns")?,
            };
            best = Some(match best {
                None => run,
                Some(b) => Breakdown {
                    fetch: b.fetch.min(run.fetch),
                    sign: b.sign.min(run.sign),
                    decode: b.decode.min(run.decode),
                    pager: b.pager.min(run.pager),
                    encode: b.encode.min(run.encode),
                    ..run
                },
            });
        }
        best.ok_or_else(|| "breakdown: no run".into())
    }

    fn startup(bins: &Binaries) -> Result<Startup, String> {
        eprintln!("==> CLI start-up");
        let mut runs: Vec<Usage> = Vec::with_capacity(STARTUP_RUNS);
        for _ in 0..STARTUP_RUNS {
            let mut command = Command::new(&bins.cli);
            command.arg("--version");
            runs.push(measure("solapi-cash --version", &mut command, Stdout::Capture)?.usage);
        }
        runs.sort_by_key(|u| u.wall);
        let binary_size = std::fs::metadata(&bins.cli)
            .map_err(|e| format!("{}: {e}", bins.cli.display()))?
            .len();
        Ok(Startup {
            runs: STARTUP_RUNS,
            median_wall: runs
                .get(STARTUP_RUNS / 2)
                .map(|u| u.wall)
                .unwrap_or_default(),
            peak_rss: startup_peak(&runs),
            peak_rss_observed: runs.iter().any(|u| u.peak_rss_observed),
            binary_size,
            stripped_size: stripped_size(&bins.cli),
        })
    }

    /// The median peak memory of the runs whose memory was observed; if none was (a run of
    /// a millisecond can end before the first sample), the smallest upper bound.
    fn startup_peak(runs: &[Usage]) -> u64 {
        let mut observed: Vec<u64> = runs
            .iter()
            .filter(|u| u.peak_rss_observed)
            .map(|u| u.peak_rss)
            .collect();
        observed.sort_unstable();
        match observed.get(observed.len() / 2) {
            Some(&median) => median,
            None => runs.iter().map(|u| u.peak_rss).min().unwrap_or(0),
        }
    }

    /// Size of the binary without symbols and debug line tables (the release profile keeps
    /// line tables for profiling), if `strip` is installed.
    fn stripped_size(binary: &Path) -> Option<u64> {
        let copy = std::env::temp_dir().join(format!("solapi-cash-bench-{}", std::process::id()));
        let status = Command::new("strip")
            .arg("-o")
            .arg(&copy)
            .arg(binary)
            .status()
            .ok()?;
        let size = status
            .success()
            .then(|| std::fs::metadata(&copy).ok().map(|m| m.len()))
            .flatten();
        let _ = std::fs::remove_file(&copy);
        size
    }

    /// CPU count, model and memory, as `docs/benchmarks.md` records them.
    fn machine() -> String {
        let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
        let model = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|t| {
                t.lines().find_map(|l| {
                    l.strip_prefix("model name")?
                        .split_once(':')
                        .map(|x| x.1.trim().to_owned())
                })
            })
            .unwrap_or_else(|| "unknown CPU".into());
        let memory = std::fs::read_to_string("/proc/meminfo")
            .ok()
            .and_then(|t| {
                let kib: u64 = t
                    .lines()
                    .find_map(|l| l.strip_prefix("MemTotal:"))?
                    .trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse()
                    .ok()?;
                Some(format!("{} GiB RAM", kib.div_ceil(1024 * 1024)))
            })
            .unwrap_or_default();
        format!(
            "{cpus} CPUs ({model}), {memory}, {} {}",
            std::env::consts::OS,
            std::env::consts::ARCH
        )
    }
}
