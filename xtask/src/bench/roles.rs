//! The programs the benchmark measures that are not the CLI or the example binaries: the
//! emulator with generated data, the plain-HTTP baselines, the per-request loops through
//! each client and the export breakdown. They run in child processes of a release build of
//! xtask (see [`super::ROLE_ENV`]), so that each one is measured like the CLI: its own
//! process, its own CPU time and peak memory, optimised code.
//!
//! Roles that time themselves print `name=value` lines on standard output; the figures
//! exclude process start-up and the first request (which opens the connection).

use std::io::{BufRead, BufWriter, Read, Write};
use std::time::{Duration, Instant};

use solapi_auth::Credentials;
use solapi_cash_core::__private::{HistoryPager, PageOutcome};
use solapi_cash_core::Concurrency;
use solapi_cash_core::endpoint::{Endpoint, History};
use solapi_cash_core::transport::{ExportStep, Ticket};
use solapi_cash_types::{HistoryEntry, HistoryPage, HistoryQuery};

/// Page size of every export, the clients' default.
pub const PAGE_SIZE: u64 = 1000;
/// Environment variable: entries the emulator generates.
pub const ENTRIES_ENV: &str = "SOLAPI_BENCH_ENTRIES";
/// Environment variable: requests a per-request role sends.
pub const REQUESTS_ENV: &str = "SOLAPI_BENCH_REQUESTS";
/// Environment variable: requests in flight at once for the concurrent roles.
pub const IN_FLIGHT_ENV: &str = "SOLAPI_BENCH_IN_FLIGHT";
/// Environment variable: entries per page for the Python peer.
pub const PAGE_SIZE_ENV: &str = "SOLAPI_BENCH_PAGE_SIZE";
/// Environment variable: milliseconds the emulator waits before answering each API request
/// (standing for a network round trip); unset or 0 for none.
pub const LATENCY_ENV: &str = "SOLAPI_BENCH_LATENCY_MS";
/// Line the emulator role prints once it serves.
pub const READY: &str = "READY";

/// Runs one role in this process.
pub fn run(role: &str) -> Result<(), String> {
    match role {
        "emulator" => emulator(number(ENTRIES_ENV)?),
        "export-baseline" => export_baseline(),
        "balance-baseline" => balance_baseline(number(REQUESTS_ENV)?),
        "balance-blocking" => balance_blocking(number(REQUESTS_ENV)?),
        "balance-async" => balance_async(number(REQUESTS_ENV)?),
        "concurrent-async" => concurrent(
            Concurrent::Client,
            number(REQUESTS_ENV)?,
            number(IN_FLIGHT_ENV)?,
        ),
        "concurrent-baseline" => concurrent(
            Concurrent::Baseline,
            number(REQUESTS_ENV)?,
            number(IN_FLIGHT_ENV)?,
        ),
        "breakdown" => breakdown(),
        other => Err(format!("unknown bench role `{other}`")),
    }
}

fn number(name: &str) -> Result<u64, String> {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| format!("{name} must be set to a number"))
}

fn env(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("{name} must be set"))
}

fn credentials() -> Result<Credentials, String> {
    Credentials::from_env().map_err(|e| e.to_string())
}

fn base_url() -> Result<String, String> {
    env("SOLAPI_BASE_URL")
}

/// Prints one figure for the parent.
fn report(name: &str, value: impl std::fmt::Display) {
    println!("{name}={value}");
}

/// The emulator with one account holding `entries` generated entries, answering every API
/// request after [`LATENCY_ENV`] milliseconds; serves until its standard input closes (so it
/// never outlives the benchmark, even one that is killed).
fn emulator(entries: u64) -> Result<(), String> {
    use solapi_cash_emulator::{AccountSpec, Emulator, EmulatorConfig, KeySpec};

    // The emulator's own latency stands for the network: each request waits on its own
    // task, so requests in flight together wait together, as over a network.
    let latency = std::env::var(LATENCY_ENV)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0);
    let emulator = Emulator::start(
        EmulatorConfig::default()
            .rate_limit(None)
            .mfa(false)
            .latency(Duration::from_millis(latency)),
    )
    .map_err(|e| format!("emulator: {e}"))?;
    let admin = emulator.admin();
    let account = admin
        .create_account(AccountSpec::new())
        .map_err(|e| e.to_string())?;
    let (key, secret) = admin
        .create_api_key(&account.account_id, KeySpec::default())
        .map_err(|e| e.to_string())?;
    let started = Instant::now();
    admin
        .generate_entries(&account.account_id, entries, 1)
        .map_err(|e| e.to_string())?;
    let generated = started.elapsed();
    let mut out = std::io::stdout().lock();
    let lines = [
        format!("SOLAPI_BASE_URL={}", emulator.base_url()),
        format!("SOLAPI_API_KEY={key}"),
        format!("SOLAPI_API_SECRET={}", secret.expose_secret()),
        format!("generate_ns={}", generated.as_nanos()),
        READY.to_owned(),
    ];
    for line in lines {
        writeln!(out, "{line}").map_err(|e| e.to_string())?;
    }
    out.flush().map_err(|e| e.to_string())?;
    drop(out);
    // Block until the parent closes our standard input.
    let mut sink = Vec::new();
    let _ = std::io::stdin().lock().read_to_end(&mut sink);
    emulator.stop();
    Ok(())
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .max_redirects(0)
        .build()
        .into()
}

/// GET `url` signed like the clients sign, body read unparsed into `body`.
fn get_signed(
    agent: &ureq::Agent,
    credentials: &Credentials,
    url: &str,
    body: &mut Vec<u8>,
) -> Result<(), String> {
    let auth = credentials
        .authorization(solapi_auth::time::Duration::ZERO)
        .map_err(|e| e.to_string())?;
    let mut response = agent
        .get(url)
        .header("Authorization", auth.header_value())
        .call()
        .map_err(|e| format!("GET {url}: {e}"))?;
    body.clear();
    response
        .body_mut()
        .as_reader()
        .read_to_end(body)
        .map_err(|e| format!("GET {url}: {e}"))?;
    Ok(())
}

/// The pages an export fetches, as plain HTTP: the first page, then the same range pinned
/// to the newest entry's date (the clients' pager pins a millisecond later; the emulator reads
/// `endDate` inclusively, so the pages are the same), until an empty page. Calls
/// `page` with each body.
fn fetch_pages(mut page: impl FnMut(&[u8]) -> Result<(), String>) -> Result<u64, String> {
    let base = base_url()?;
    let credentials = credentials()?;
    let agent = agent();
    let mut body = Vec::new();
    let mut end_date = String::new();
    let mut offset = 0u64;
    let mut pages = 0u64;
    loop {
        let url =
            format!("{base}/cash/v1/balance/history?offset={offset}&limit={PAGE_SIZE}{end_date}");
        get_signed(&agent, &credentials, &url, &mut body)?;
        pages += 1;
        if body.trim_ascii() == b"[]" {
            return Ok(pages);
        }
        if end_date.is_empty() {
            // Newest first: the first date is the newest. Found by search, not parsed.
            end_date = format!("&endDate={}", first_date(&body)?.replace(':', "%3A"));
        }
        page(&body)?;
        offset += PAGE_SIZE;
    }
}

fn first_date(body: &[u8]) -> Result<String, String> {
    const KEY: &[u8] = b"\"dateCreated\":\"";
    let start = body
        .windows(KEY.len())
        .position(|w| w == KEY)
        .ok_or("history page without dateCreated")?
        + KEY.len();
    let len = body[start..]
        .iter()
        .position(|&b| b == b'"')
        .ok_or("unterminated dateCreated")?;
    Ok(String::from_utf8_lossy(&body[start..start + len]).into_owned())
}

/// A history page read as the clients read it.
fn read_history(
    response: &http::Response<Vec<u8>>,
) -> Result<Vec<HistoryEntry>, solapi_cash_core::Error> {
    History::default().read(response)
}

/// The pager fed the pages of a sequential fetch, in order: the pages it asks for are the
/// ones `fetch_pages` brings (one in flight, as `fetch_pages` fetches).
struct Feed {
    pager: HistoryPager,
    waiting: Option<Ticket>,
}

impl Feed {
    fn new(pager: HistoryPager) -> Feed {
        Feed {
            pager,
            waiting: None,
        }
    }

    /// Delivers the page the pager asks for next and returns the entries it then yields.
    fn feed(&mut self, page: Vec<HistoryEntry>) -> Result<Vec<HistoryEntry>, String> {
        let now = Duration::ZERO;
        let ticket = match self.waiting.take() {
            Some(ticket) => ticket,
            None => match self.pager.step(now) {
                ExportStep::Fetch(request) => request.ticket(),
                _ => return Ok(Vec::new()),
            },
        };
        let outcome = PageOutcome::new(Ok(HistoryPage::from_entries(page)));
        self.pager.deliver(ticket, outcome, now);
        let mut fresh = Vec::new();
        loop {
            match self.pager.step(now) {
                ExportStep::Page(page) => fresh.extend(page.into_entries()),
                ExportStep::Fetch(request) => self.waiting = Some(request.ticket()),
                ExportStep::Cancel(_) => {}
                ExportStep::Await { .. } | ExportStep::Finished => return Ok(fresh),
                ExportStep::Failed(error) => return Err(error.to_string()),
            }
        }
    }
}

/// The baseline export: every page fetched and written out unparsed.
fn export_baseline() -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    let mut bytes = 0u64;
    let pages = fetch_pages(|body| {
        bytes += body.len() as u64;
        out.write_all(body).map_err(|e| e.to_string())
    })?;
    out.flush().map_err(|e| e.to_string())?;
    eprintln!("pages={pages} bytes={bytes}");
    Ok(())
}

/// Times `requests` calls of `call` after one untimed call that opens the connection.
fn time_sequential(
    requests: u64,
    mut call: impl FnMut() -> Result<(), String>,
) -> Result<(), String> {
    call()?;
    let started = Instant::now();
    for _ in 0..requests {
        call()?;
    }
    report("nanos", started.elapsed().as_nanos());
    report("requests", requests);
    Ok(())
}

fn balance_baseline(requests: u64) -> Result<(), String> {
    let url = format!("{}/cash/v1/balance", base_url()?);
    let credentials = credentials()?;
    let agent = agent();
    let mut body = Vec::new();
    time_sequential(requests, || {
        get_signed(&agent, &credentials, &url, &mut body)
    })
}

fn balance_blocking(requests: u64) -> Result<(), String> {
    let client = solapi_cash_blocking::Client::from_env().map_err(|e| e.to_string())?;
    time_sequential(requests, || {
        client.balance().map(drop).map_err(|e| e.to_string())
    })
}

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    // One thread, as the async export example uses: the other core serves.
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())
}

fn balance_async(requests: u64) -> Result<(), String> {
    let client = solapi_cash_async::Client::from_env().map_err(|e| e.to_string())?;
    runtime()?.block_on(async {
        client.balance().await.map_err(|e| e.to_string())?;
        let started = Instant::now();
        for _ in 0..requests {
            client.balance().await.map_err(|e| e.to_string())?;
        }
        report("nanos", started.elapsed().as_nanos());
        report("requests", requests);
        Ok(())
    })
}

#[derive(Clone, Copy)]
enum Concurrent {
    /// `solapi_cash_async::Client::balance`.
    Client,
    /// reqwest, signed the same way, body read unparsed.
    Baseline,
}

/// `requests` balance calls with `in_flight` of them outstanding at any time; reports the
/// total time and the latency percentiles.
fn concurrent(kind: Concurrent, requests: u64, in_flight: u64) -> Result<(), String> {
    use futures_util::StreamExt;

    let client = solapi_cash_async::Client::from_env().map_err(|e| e.to_string())?;
    let credentials = credentials()?;
    let url = format!("{}/cash/v1/balance", base_url()?);
    let http = reqwest::Client::new();
    let call = |started: Instant| {
        let (client, credentials, url, http) = (&client, &credentials, &url, &http);
        async move {
            match kind {
                Concurrent::Client => {
                    client.balance().await.map_err(|e| e.to_string())?;
                }
                Concurrent::Baseline => {
                    let auth = credentials
                        .authorization(solapi_auth::time::Duration::ZERO)
                        .map_err(|e| e.to_string())?;
                    let response = http
                        .get(url)
                        .header("Authorization", auth.header_value())
                        .send()
                        .await
                        .and_then(reqwest::Response::error_for_status)
                        .map_err(|e| e.to_string())?;
                    response.bytes().await.map_err(|e| e.to_string())?;
                }
            }
            Ok::<Duration, String>(started.elapsed())
        }
    };
    runtime()?.block_on(async {
        // Open the connections first, untimed.
        let warm: Vec<_> = futures_util::stream::iter(0..in_flight)
            .map(|_| call(Instant::now()))
            .buffer_unordered(usize::try_from(in_flight).unwrap_or(1))
            .collect()
            .await;
        warm.into_iter().collect::<Result<Vec<_>, _>>()?;
        let started = Instant::now();
        let latencies: Vec<Result<Duration, String>> = futures_util::stream::iter(0..requests)
            .map(|_| call(Instant::now()))
            .buffer_unordered(usize::try_from(in_flight).unwrap_or(1))
            .collect()
            .await;
        let elapsed = started.elapsed();
        let mut latencies = latencies.into_iter().collect::<Result<Vec<_>, _>>()?;
        latencies.sort_unstable();
        let at = |q: usize| latencies.get(latencies.len() * q / 100).copied();
        report("nanos", elapsed.as_nanos());
        report("requests", requests);
        report("p50_ns", at(50).unwrap_or_default().as_nanos());
        report("p99_ns", at(99).unwrap_or_default().as_nanos());
        Ok(())
    })
}

/// Where an export's time goes, measured piece by piece in one process: fetching the
/// pages (HTTP and the server), signing, decoding, the pager's bookkeeping and writing
/// NDJSON. Holds the whole history in memory, so it runs on the smaller data set only.
fn breakdown() -> Result<(), String> {
    let started = Instant::now();
    let mut bodies = Vec::new();
    let pages = fetch_pages(|body| {
        bodies.push(body.to_vec());
        Ok(())
    })?;
    report("fetch_ns", started.elapsed().as_nanos());
    report("pages", pages);

    let credentials = credentials()?;
    let started = Instant::now();
    for _ in 0..pages {
        credentials
            .authorization(solapi_auth::time::Duration::ZERO)
            .map_err(|e| e.to_string())?;
    }
    report("sign_ns", started.elapsed().as_nanos());

    let responses: Vec<http::Response<Vec<u8>>> =
        bodies.into_iter().map(http::Response::new).collect();
    let started = Instant::now();
    let mut decoded: Vec<Vec<HistoryEntry>> = Vec::with_capacity(responses.len());
    for response in &responses {
        decoded.push(read_history(response).map_err(|e| e.to_string())?);
    }
    report("decode_ns", started.elapsed().as_nanos());
    drop(responses);

    // The pager sees each page once, as in an export (ids of the previous page kept for
    // de-duplication).
    let started = Instant::now();
    let mut pager = Feed::new(HistoryPager::new(
        HistoryQuery::default(),
        PAGE_SIZE,
        u64::MAX,
        Concurrency::fixed(1),
    ));
    let mut entries: Vec<Vec<HistoryEntry>> = Vec::with_capacity(decoded.len());
    for page in decoded {
        entries.push(pager.feed(page)?);
    }
    report("pager_ns", started.elapsed().as_nanos());

    let started = Instant::now();
    let mut out = BufWriter::with_capacity(1 << 16, std::io::sink());
    let mut count = 0u64;
    for entry in entries.iter().flatten() {
        serde_json::to_writer(&mut out, entry).map_err(|e| e.to_string())?;
        out.write_all(b"\n").map_err(|e| e.to_string())?;
        count += 1;
    }
    out.flush().map_err(|e| e.to_string())?;
    report("encode_ns", started.elapsed().as_nanos());
    report("entries", count);
    Ok(())
}

/// Reads the emulator's announcement: `NAME=value` lines up to [`READY`].
pub fn read_announcement(out: impl Read) -> Result<Vec<(String, String)>, String> {
    let mut pairs = Vec::new();
    for line in std::io::BufReader::new(out).lines() {
        let line = line.map_err(|e| e.to_string())?;
        if line == READY {
            return Ok(pairs);
        }
        if let Some((name, value)) = line.split_once('=') {
            pairs.push((name.to_owned(), value.to_owned()));
        }
    }
    Err("the emulator exited before it was ready".into())
}
