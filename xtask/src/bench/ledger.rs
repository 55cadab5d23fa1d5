//! `cargo xtask bench --ledger [--quick]`: the local ledger (issue 24) against the network.
//!
//! - The first import of the history (`solapi-cash sync` into a new file) beside the same
//!   export to `/dev/null` (`history --all -o ndjson`): the ratio, and the file's size per
//!   entry.
//! - A sync after k new entries: the requests it sent, beside the bound
//!   ⌈k / page⌉ + 2 + the lookback's pages (with the default lookback of 40 days and with
//!   none).
//! - A month's summary and a month's export from the ledger, beside the same from the
//!   network.
//!
//! - The same import beside the same export under the service's measured rate limit (20
//!   reads per 5 s, *measured by a third party*), through the rate-limiting proxy of
//!   `--rate-limit`: against the live service this is the ratio users see. Always
//!   [`RATE_LIMITED_ENTRIES`] entries: 1,000,000 would take over four minutes a run.
//!
//! Every figure is a child process of the release build, timed by the kernel; the best of
//! the rounds counts (a shared machine can only slow a run down).

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use solapi_cash_ledger::{Ledger, Order};
use solapi_cash_types::{DateBound, HistoryQuery};

use solapi_cash_conformance::RateLimitProxy;

use super::child::{Stdout, measure};
use super::emulator::RunningEmulator;
use super::imp::against;

/// Entries a page, the CLI's default.
const PAGE: u64 = 1000;

/// Entries of the import and export under the rate limit (100 pages of 1000: 25 s a run).
pub const RATE_LIMITED_ENTRIES: u64 = 100_000;

fn cli(bin: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(bin);
    c.args(args);
    c
}

/// The fastest of `rounds` runs: its wall time and captured output.
fn best(
    name: &str,
    rounds: usize,
    emulator: &RunningEmulator,
    mut make: impl FnMut() -> Command,
    mut before: impl FnMut(),
) -> Result<(Duration, String), String> {
    let mut best: Option<(Duration, String)> = None;
    for round in 0..rounds {
        before();
        eprintln!("==> ledger: {name} (round {})", round + 1);
        let finished = measure(name, &mut against(make(), emulator), Stdout::Capture)?;
        if best
            .as_ref()
            .is_none_or(|(wall, _)| finished.usage.wall < *wall)
        {
            best = Some((finished.usage.wall, finished.stdout));
        }
    }
    best.ok_or_else(|| format!("{name}: no run"))
}

fn secs(d: Duration) -> String {
    format!("{}.{:03} s", d.as_secs(), d.subsec_millis())
}

/// `a / b` with two decimals, in integers (no floats in this workspace).
fn ratio(a: Duration, b: Duration) -> String {
    let b = b.as_micros().max(1);
    let hundredths = a.as_micros() * 100 / b;
    format!("{}.{:02}x", hundredths / 100, hundredths % 100)
}

/// `name":N` from a JSON line.
fn json_number(text: &str, name: &str) -> Option<u64> {
    let at = text.find(&format!("\"{name}\":"))? + name.len() + 3;
    text[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .ok()
}

/// Appends `n` generated entries through the emulator's admin API.
fn add_entries(emulator: &RunningEmulator, n: u64, seed: u64) -> Result<(), String> {
    let base = emulator.base_url()?;
    let accounts: serde_json::Value = ureq::get(format!("{base}/_emulator/accounts"))
        .call()
        .map_err(|e| e.to_string())?
        .body_mut()
        .read_json()
        .map_err(|e| e.to_string())?;
    let account = accounts
        .as_array()
        .and_then(|a| a.first())
        .and_then(|a| a.get("accountId").or_else(|| a.get("account_id")))
        .and_then(|v| v.as_str())
        .ok_or_else(|| format!("emulator: no account in {accounts}"))?
        .to_owned();
    ureq::post(format!("{base}/_emulator/accounts/{account}/entries"))
        .send_json(serde_json::json!({"kind": "generate", "count": n, "seed": seed}))
        .map_err(|e| e.to_string())?;
    Ok(())
}

/// Runs the ledger benchmark with `entries` generated entries; the Markdown rows.
pub fn run(cli_bin: &Path, xtask: &Path, entries: u64, dir: &Path) -> Result<String, String> {
    let emulator = RunningEmulator::start(xtask, entries)?;
    let db = dir.join("bench-ledger.sqlite3");
    let db_text = db.display().to_string();
    let remove = || {
        for suffix in ["", "-wal", "-shm", ".lock"] {
            let _ = std::fs::remove_file(format!("{db_text}{suffix}"));
        }
    };
    let rounds = if entries > 100_000 { 2 } else { 3 };
    let mut out = String::new();
    let mut row = |cells: &[String]| {
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    };

    // The first import beside the export to /dev/null, interleaved.
    let mut export = Duration::MAX;
    let mut import = Duration::MAX;
    for round in 0..rounds {
        eprintln!(
            "==> ledger: export {entries} to /dev/null (round {})",
            round + 1
        );
        let e = measure(
            "export",
            &mut against(
                cli(cli_bin, &["history", "--all", "-o", "ndjson"]),
                &emulator,
            ),
            Stdout::Null,
        )?;
        export = export.min(e.usage.wall);
        remove();
        eprintln!(
            "==> ledger: first import of {entries} (round {})",
            round + 1
        );
        let i = measure(
            "import",
            &mut against(
                cli(cli_bin, &["sync", "--db", &db_text, "-o", "json"]),
                &emulator,
            ),
            Stdout::Capture,
        )?;
        if json_number(&i.stdout, "added") != Some(entries) {
            return Err(format!("import: not {entries} entries: {}", i.stdout));
        }
        import = import.min(i.usage.wall);
    }
    let size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
    row(&[
        format!("first import of {entries} entries (`sync`)"),
        secs(import),
        format!("export to /dev/null {}", secs(export)),
        ratio(import, export),
        format!("{} bytes a entry", size / entries.max(1)),
    ]);

    // A sync after k new entries: requests beside the bound.
    let ledger = Ledger::open_existing(&db).map_err(|e| e.to_string())?;
    let newest = ledger
        .entries(
            &HistoryQuery::default().with_limit(std::num::NonZeroU64::MIN),
            Order::NewestFirst,
        )
        .map_err(|e| e.to_string())?
        .pop()
        .ok_or("ledger: empty")?;
    drop(ledger);
    for (k, lookback) in [(1u64, 0u32), (2_500, 0), (1, 40), (2_500, 40)] {
        add_entries(&emulator, k, 100 + k)?;
        let window_start = newest.date_created.datetime() - time::Duration::days(lookback.into());
        let ledger = Ledger::open_existing(&db).map_err(|e| e.to_string())?;
        let query = HistoryQuery::default()
            .with_start_date(DateBound::DateTime(window_start))
            .map_err(|e| e.to_string())?;
        let window = if lookback == 0 {
            0
        } else {
            ledger
                .for_each_sent(&query, Order::NewestFirst, |_| {
                    Ok::<_, solapi_cash_ledger::LedgerError>(true)
                })
                .map_err(|e| e.to_string())?
        };
        drop(ledger);
        let lookback_text = lookback.to_string();
        let (wall, stdout) = best(
            &format!("sync after {k}"),
            1,
            &emulator,
            || {
                cli(
                    cli_bin,
                    &[
                        "sync",
                        "--db",
                        &db_text,
                        "-o",
                        "json",
                        "--lookback",
                        &lookback_text,
                    ],
                )
            },
            || {},
        )?;
        let requests = json_number(&stdout, "requests").unwrap_or(0);
        let added = json_number(&stdout, "added").unwrap_or(0);
        let bound = k.div_ceil(PAGE) + 2 + window.div_ceil(PAGE);
        row(&[
            format!(
                "sync after {k} new entries, lookback {lookback} days ({window} entries in it)"
            ),
            secs(wall),
            format!("{requests} requests ({added} added)"),
            format!("bound {bound}"),
            String::new(),
        ]);
    }

    // A month from the ledger and from the network.
    let month_start = newest.date_created.datetime() - time::Duration::days(60);
    let month = format!(
        "{:04}-{:02}",
        month_start.year(),
        u8::from(month_start.month())
    );
    let ledger_summary = [
        "ledger", "summary", "--db", &db_text, "--month", &month, "-o", "json",
    ];
    let net_summary = ["history", "summary", "--month", &month, "-o", "json"];
    let ledger_export = [
        "ledger", "history", "--db", &db_text, "--month", &month, "-o", "ndjson",
    ];
    let net_export = ["history", "--all", "--month", &month, "-o", "ndjson"];
    for (what, local, net) in [
        ("summary", &ledger_summary[..], &net_summary[..]),
        ("export (ndjson)", &ledger_export[..], &net_export[..]),
    ] {
        let (l, l_out) = best(
            &format!("ledger {what}"),
            rounds,
            &emulator,
            || cli(cli_bin, local),
            || {},
        )?;
        let (n, n_out) = best(
            &format!("network {what}"),
            rounds,
            &emulator,
            || cli(cli_bin, net),
            || {},
        )?;
        if what.starts_with("export") && l_out != n_out {
            return Err(format!("ledger {what} differs from the network's"));
        }
        row(&[
            format!("month {month} {what} from the ledger"),
            secs(l),
            format!("network {}", secs(n)),
            ratio(l, n),
            format!("{} lines", l_out.lines().count()),
        ]);
    }
    remove();
    Ok(out)
}

/// The first import beside the export to /dev/null, each through a fresh rate-limiting
/// proxy (the live service's measured limit): the Markdown row.
pub fn rate_limited(cli_bin: &Path, xtask: &Path, dir: &Path) -> Result<String, String> {
    let entries = RATE_LIMITED_ENTRIES;
    let emulator = RunningEmulator::start(xtask, entries)?;
    let upstream = emulator.base_url()?;
    let db = dir.join("bench-ledger-limited.sqlite3");
    let db_text = db.display().to_string();
    for suffix in ["", "-wal", "-shm", ".lock"] {
        let _ = std::fs::remove_file(format!("{db_text}{suffix}"));
    }
    let through_proxy = |name: &str, args: &[&str], stdout| {
        eprintln!("==> ledger under the rate limit: {name} of {entries}");
        let proxy = RateLimitProxy::start(&upstream, super::rate_limit::LIMIT)
            .map_err(|e| format!("rate-limit proxy: {e}"))?;
        let mut command = against(cli(cli_bin, args), &emulator);
        command.env("SOLAPI_BASE_URL", proxy.base_url());
        let finished = measure(name, &mut command, stdout)?;
        let counts = (proxy.requests(), proxy.too_many());
        proxy.stop();
        Ok::<_, String>((finished, counts))
    };
    let (export, (export_requests, export_429)) = through_proxy(
        "export",
        &["history", "--all", "-o", "ndjson"],
        Stdout::Null,
    )?;
    let (import, (import_requests, import_429)) = through_proxy(
        "import",
        &["sync", "--db", &db_text, "-o", "json"],
        Stdout::Capture,
    )?;
    if json_number(&import.stdout, "added") != Some(entries) {
        return Err(format!("import: not {entries} entries: {}", import.stdout));
    }
    for suffix in ["", "-wal", "-shm", ".lock"] {
        let _ = std::fs::remove_file(format!("{db_text}{suffix}"));
    }
    Ok(format!(
        "| first import of {entries} entries (`sync`) under the measured rate limit \
         (20 reads / 5 s, proxy) | {} | export to /dev/null {} | {} | {import_requests} and \
         {export_requests} requests, {import_429} and {export_429} 429s |\n",
        secs(import.usage.wall),
        secs(export.usage.wall),
        ratio(import.usage.wall, export.usage.wall),
    ))
}
