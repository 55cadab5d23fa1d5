//! `-vv` tracing of the client's requests to standard error.
//!
//! Only this project's crates are traced: their events carry operation, status, attempt and
//! timing, never credentials. The HTTP stack's own logging (which could print headers) is
//! never enabled.

use tracing::field::{Field, Visit};
use tracing::{Event, Subscriber};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

/// The target of the library's long rate-limit waits.
const RATE_LIMIT_TARGET: &str = "solapi_cash::rate_limit";

/// Installs the subscriber for `-vv` (debug) and `-vvv` (trace); without them, only the
/// library's announcements of long waits for the service's rate limit, as a note on stderr
/// ("note: the service's rate limit: waiting 3 s"), so that a pause is never silent.
pub(crate) fn init(verbose: u8, color: bool) {
    if verbose < 2 {
        let subscriber = tracing_subscriber::registry()
            .with(WaitNotes.with_filter(EnvFilter::new(format!("{RATE_LIMIT_TARGET}=info"))));
        let _ = tracing::subscriber::set_global_default(subscriber);
        return;
    }
    let level = if verbose >= 3 { "trace" } else { "debug" };
    let directives = [
        "solapi_cash_types",
        "solapi_cash_core",
        "solapi_cash_blocking",
        "solapi_auth",
        "solapi_cash_cli",
        RATE_LIMIT_TARGET,
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

/// Prints each rate-limit announcement's message as a note.
struct WaitNotes;

impl<S: Subscriber> Layer<S> for WaitNotes {
    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        if event.metadata().target() != RATE_LIMIT_TARGET {
            return;
        }
        let mut message = Message(String::new());
        event.record(&mut message);
        if !message.0.is_empty() {
            eprintln!("note: {}", message.0);
        }
    }
}

struct Message(String);

impl Visit for Message {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            self.0 = format!("{value:?}");
        }
    }
}
