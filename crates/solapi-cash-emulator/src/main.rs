//! `solapi-cash-emulator`: runs the emulator until SIGINT or SIGTERM.
//!
//! Prints `SOLAPI_BASE_URL=...` (and with `--demo` the demo credentials) to stdout, one
//! `NAME=value` per line, then an empty line, then logs to stderr (the second-factor codes
//! always), without colours unless stderr is a terminal.

use std::io::{IsTerminal, Write};
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgAction, Parser};
use solapi_cash_emulator::{Emulator, EmulatorConfig, StateFile, demo};
use tracing_subscriber::EnvFilter;

/// A local emulator of the SOLAPI Cash API (recharge, balance, history, payment methods).
#[derive(Debug, Parser)]
#[command(name = "solapi-cash-emulator", version, about)]
struct Args {
    /// Address to listen on (an IP address; 0.0.0.0 or :: for every interface). Beyond
    /// loopback, anyone who can reach it can use the keys it holds.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    host: IpAddr,
    /// TCP port (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Load accounts, keys, tokens, payment methods and ledger entries from this JSON file
    /// (schema in docs/emulator.md); a reset returns to it.
    #[arg(long, value_name = "FILE")]
    state: Option<PathBuf>,
    /// On shutdown (SIGINT, SIGTERM), write the state to this file (mode 0600: it holds
    /// secrets); `--state` reads it back. Its folder is checked at start (exit 2 when it
    /// cannot take the file)
    #[arg(long, value_name = "FILE")]
    save_state: Option<PathBuf>,
    /// Create the demo account, API key, secret, card, bank account, two withdrawals and 3000
    /// history entries.
    #[arg(long)]
    demo: bool,
    /// Largest history page served; a larger `limit` is capped silently.
    #[arg(long, value_name = "N")]
    max_limit: Option<u64>,
    /// No write needs the second factor (recharges, transfers, withdrawals, alert, auto-recharge
    /// toggle, cards, bank account).
    #[arg(long)]
    no_mfa: bool,
    /// Add N generated entries to the demo account (implies --demo).
    #[arg(long, value_name = "N", default_value_t = 0)]
    generate: u64,
    /// Run the emulator's clock this many seconds ahead (negative: behind).
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 0,
        allow_negative_numbers = true
    )]
    clock_offset: i64,
    /// Delay every API request by MS milliseconds before answering, to stand for a
    /// network round trip (requests in flight wait side by side; at most 600000).
    #[arg(
        long,
        value_name = "MS",
        default_value_t = 0,
        value_parser = clap::value_parser!(u64).range(0..=600_000)
    )]
    latency: u64,
    /// The rate limit per credential: READS/WRITES/SECONDS, or off. The default, 20/100/5,
    /// is the live service's as measured by a third party (5 requests a window without
    /// credentials); answers carry x-ratelimit-* headers, and a request over it is answered
    /// 429 TooManyRequests
    #[arg(
        long,
        value_name = "READS/WRITES/SECONDS|off",
        default_value = "20/100/5"
    )]
    rate_limit: solapi_cash_emulator::rate_limit::RateLimitSetting,
    /// Authentication failures as measured on the live service by a third party (observed:
    /// 401 Unauthorized, 400 InvalidApiKey, ValidationError, InvalidToken) or as SOLAPI
    /// documents them (documented: 403s)
    #[arg(long, value_name = "observed|documented", default_value = "observed")]
    auth_errors: solapi_cash_emulator::AuthErrors,
    /// More logging on stderr (-v: info, -vv: debug, including every request).
    #[arg(short, long, action = ArgAction::Count)]
    verbose: u8,
}

fn main() -> ExitCode {
    let args = Args::parse();
    init_logging(args.verbose);

    let mut config = EmulatorConfig::default()
        .host(args.host)
        .port(args.port)
        .mfa(!args.no_mfa)
        .demo(args.demo || args.generate > 0)
        .generate(args.generate)
        .clock_offset(time::Duration::seconds(args.clock_offset))
        .latency(std::time::Duration::from_millis(args.latency))
        .rate_limit(args.rate_limit.0)
        .auth_errors(args.auth_errors);
    if let Some(max) = args.max_limit {
        config = config.max_limit(max);
    }
    // The state is saved at shutdown: a folder that cannot take it is said now, not when
    // the run's ledger would be lost.
    if let Some(path) = &args.save_state
        && let Err(e) = check_writable(path)
    {
        eprintln!(
            "solapi-cash-emulator: --save-state {}: {e}; nothing was started",
            path.display()
        );
        return ExitCode::from(2);
    }
    if let Some(path) = &args.state {
        match StateFile::load(path) {
            Ok(file) => config = config.state(file),
            Err(e) => {
                eprintln!("solapi-cash-emulator: cannot load the state file: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let shutdown = match Shutdown::listen() {
        Ok(shutdown) => shutdown,
        Err(e) => {
            eprintln!("solapi-cash-emulator: cannot listen for signals: {e}");
            return ExitCode::FAILURE;
        }
    };
    let emulator = match Emulator::start(config.clone()) {
        Ok(emulator) => emulator,
        Err(e) => {
            eprintln!("solapi-cash-emulator: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };

    let mut lines = vec![format!("SOLAPI_BASE_URL={}", emulator.base_url())];
    if config.demo {
        lines.push(format!("SOLAPI_API_KEY={}", demo::DEMO_API_KEY));
        lines.push(format!("SOLAPI_API_SECRET={}", demo::DEMO_API_SECRET));
        lines.push(format!("SOLAPI_PAYMENT_ID={}", demo::DEMO_PAYMENT_ID));
        lines.push(format!("SOLAPI_ACCOUNT_ID={}", demo::DEMO_ACCOUNT_ID));
    }
    let mut stdout = std::io::stdout().lock();
    for line in &lines {
        // A closed stdout (the reader went away) must not stop the server.
        let _ = writeln!(stdout, "{line}");
    }
    // The empty line ends the block, so a reader in any language knows it has them all.
    let _ = writeln!(stdout);
    let _ = stdout.flush();
    drop(stdout);
    if !emulator.addr().ip().is_loopback() {
        eprintln!(
            "solapi-cash-emulator: warning: listening on {}, beyond loopback: anyone who can \
             reach it can use the API with the keys it holds (the demo's are public); the admin \
             API still answers loopback clients only",
            emulator.addr()
        );
    }
    eprintln!(
        "solapi-cash-emulator listening on {} (admin API under /_emulator/, second factor {}{}); \
         stop with Ctrl-C",
        emulator.addr(),
        if config.mfa { "on" } else { "off" },
        if args.latency > 0 {
            format!(", {} ms added to every request", args.latency)
        } else {
            String::new()
        }
    );

    if let Err(e) = shutdown.wait() {
        eprintln!("solapi-cash-emulator: cannot wait for signals: {e}");
        return ExitCode::FAILURE;
    }
    let admin = emulator.admin();
    emulator.stop();
    if let Some(path) = &args.save_state {
        if let Err(e) = admin.save_state(path) {
            eprintln!(
                "solapi-cash-emulator: cannot save the state to {}: {e}",
                path.display()
            );
            return ExitCode::FAILURE;
        }
        eprintln!("solapi-cash-emulator: state saved to {}", path.display());
    }
    ExitCode::SUCCESS
}

/// Whether the state file can be written where `path` says: its folder exists, is a
/// folder, and takes a new file (one is made and removed), and `path` is not a folder.
fn check_writable(path: &std::path::Path) -> Result<(), String> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    if !dir.is_dir() {
        return Err(format!("the folder {} does not exist", dir.display()));
    }
    if path.is_dir() {
        return Err("it is a folder".to_owned());
    }
    let probe = dir.join(format!(
        ".solapi-cash-emulator-check.{}",
        std::process::id()
    ));
    std::fs::File::options()
        .write(true)
        .create_new(true)
        .open(&probe)
        .map_err(|e| format!("the folder {} cannot take a new file: {e}", dir.display()))?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

fn init_logging(verbose: u8) {
    let default = match verbose {
        0 => "warn,solapi_cash_emulator::outbox=info",
        1 => "info",
        _ => "debug,hyper=info",
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(colour_on_stderr())
        .with_target(false)
        .init();
}

/// Colours only for a person at a terminal: not when stderr is redirected, nor with
/// `NO_COLOR` set (https://no-color.org) or `TERM=dumb`.
fn colour_on_stderr() -> bool {
    std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
}

/// SIGINT and SIGTERM, listened for from the moment this is made: a signal that comes
/// right after the address is printed (a test suite stopping a quick run) is caught, not
/// fatal.
struct Shutdown {
    runtime: tokio::runtime::Runtime,
    #[cfg(unix)]
    signals: (tokio::signal::unix::Signal, tokio::signal::unix::Signal),
}

impl Shutdown {
    fn listen() -> std::io::Result<Shutdown> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let signals = runtime.block_on(async {
                Ok::<_, std::io::Error>((
                    signal(SignalKind::interrupt())?,
                    signal(SignalKind::terminate())?,
                ))
            })?;
            Ok(Shutdown { runtime, signals })
        }
        #[cfg(not(unix))]
        Ok(Shutdown { runtime })
    }

    /// Blocks until SIGINT or SIGTERM (Ctrl-C only on non-Unix systems).
    fn wait(self) -> std::io::Result<()> {
        #[cfg(unix)]
        {
            let (mut interrupt, mut terminate) = self.signals;
            self.runtime.block_on(async {
                tokio::select! {
                    _ = interrupt.recv() => {}
                    _ = terminate.recv() => {}
                }
            });
            Ok(())
        }
        #[cfg(not(unix))]
        self.runtime.block_on(tokio::signal::ctrl_c())
    }
}
