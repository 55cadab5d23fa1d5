//! Throughput of history pages: generates a ledger of 1,000,000 entries, then fetches
//! pages of 1000 over HTTP and prints entries served per second.
//!
//! ```sh
//! cargo run --release -p solapi-cash-emulator --example serve_bench [ENTRIES] [PAGES] [CLIENTS]
//! ```
//!
//! The client only reads the bytes (no JSON parsing), so the figure is the emulator's.

#![allow(clippy::unwrap_used, clippy::float_arithmetic)]

use std::time::Instant;

use solapi_auth::Credentials;
use solapi_cash_emulator::{AccountSpec, Emulator, EmulatorConfig, KeySpec};

fn arg(i: usize, default: u64) -> u64 {
    std::env::args()
        .nth(i)
        .and_then(|a| a.parse().ok())
        .unwrap_or(default)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let entries = arg(1, 1_000_000);
    let pages = arg(2, 2_000);
    let clients = arg(3, 2);
    let limit: u64 = 1_000;

    let emulator = Emulator::start(EmulatorConfig::default().rate_limit(None).mfa(false))?;
    let admin = emulator.admin();
    let account = admin.create_account(AccountSpec::new())?;
    let (key, secret) = admin.create_api_key(&account.account_id, KeySpec::default())?;

    let started = Instant::now();
    admin.generate_entries(&account.account_id, entries, 1)?;
    let generated = started.elapsed();
    println!(
        "generated {entries} entries in {:.2} s ({:.0} entries/s)",
        generated.as_secs_f64(),
        entries as f64 / generated.as_secs_f64()
    );

    let credentials = Credentials::api_key(key, secret);
    let base = emulator.base_url();
    let started = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|c| {
            let credentials = credentials.clone();
            let base = base.clone();
            std::thread::spawn(move || -> Result<(u64, u64), String> {
                let client = reqwest::blocking::Client::new();
                let (mut served, mut bytes) = (0u64, 0u64);
                let mut p = c;
                while p < pages {
                    // Spread over the whole ledger: unfiltered pages cost O(limit).
                    let offset = (p * 7_919 * limit) % entries.saturating_sub(limit).max(1);
                    let auth = credentials
                        .authorization(time::Duration::ZERO)
                        .map_err(|e| e.to_string())?;
                    let body = client
                        .get(format!(
                            "{base}/cash/v1/balance/history?offset={offset}&limit={limit}"
                        ))
                        .header("Authorization", auth.header_value())
                        .send()
                        .and_then(|r| r.error_for_status())
                        .and_then(|r| r.bytes())
                        .map_err(|e| e.to_string())?;
                    // Entries are objects; each has exactly one "historyId".
                    let text = std::str::from_utf8(&body).map_err(|e| e.to_string())?;
                    served += text.matches("\"historyId\"").count() as u64;
                    bytes += body.len() as u64;
                    p += clients;
                }
                Ok((served, bytes))
            })
        })
        .collect();
    let (mut served, mut bytes) = (0u64, 0u64);
    for w in workers {
        let (s, b) = w.join().map_err(|_| "worker panicked")??;
        served += s;
        bytes += b;
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "served {pages} pages of {limit} ({served} entries, {:.1} MB) with {clients} clients in {elapsed:.2} s",
        bytes as f64 / 1e6
    );
    println!(
        "=> {:.0} entries/s, {:.0} pages/s",
        served as f64 / elapsed,
        pages as f64 / elapsed
    );
    Ok(())
}
