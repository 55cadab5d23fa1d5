//! `-vv` tracing of the client's requests to standard error.
//!
//! Only this project's crates are traced: their events carry operation, status, attempt and
//! timing, never credentials. The HTTP stack's own logging (which could print headers) is
//! never enabled.

use tracing_subscriber::EnvFilter;

/// Installs the subscriber for `-vv` (debug) and `-vvv` (trace).
pub(crate) fn init(verbose: u8, color: bool) {
    if verbose < 2 {
        return;
    }
    let level = if verbose >= 3 { "trace" } else { "debug" };
    let directives = [
        "solapi_cash_types",
        "solapi_cash_core",
        "solapi_cash_blocking",
        "solapi_auth",
        "solapi_cash_cli",
    ]
    .map(|target| format!("{target}={level}"))
    .join(",");
    let _ = tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::new(directives))
        .with_writer(std::io::stderr)
        .with_ansi(color)
        .with_target(false)
        .try_init();
}
