//! `exporter`: the balance as Prometheus metrics, a thin layer over `solapi-cash-exporter`:
//! one target per profile (its settings, its client, its ledger), a warning when listening
//! beyond this machine, read failures on standard error, and a clean end on SIGTERM or
//! SIGINT (exit 0, after the requests being answered; `crate::interrupt::service`).

use std::time::Duration;

use solapi_cash_exporter::{Event, Exporter, Schedule, ServiceSource, Target};

use crate::context::Context;
use crate::exit::Exit;
use crate::failure::Failure;
use crate::ledger_args::DbArg;
use crate::prompt;
use crate::report::Messages;
use crate::settings::{Layers, Needs, ReadFile, Settings};
use crate::watch_args::ExporterArgs;

pub(crate) fn run(ctx: &mut Context<'_>, args: &ExporterArgs) -> Result<(), Failure> {
    if args.profiles.len() > 1 && args.db.db.is_some() {
        return Err(Failure::usage(
            "--db names one ledger, and several profiles are watched: each profile reads its \
             own default ledger",
        )
        .hint("leave out --db, or watch one profile"));
    }
    let schedule = Schedule::new(Duration::from_secs(args.refresh));
    let mut targets = Vec::new();
    let names: Vec<Option<&String>> = if args.profiles.is_empty() {
        vec![None]
    } else {
        args.profiles.iter().map(Some).collect()
    };
    for name in names {
        let settings = profile_settings(ctx, name)?;
        let client = ctx.client(&settings)?;
        let ledger = if args.no_ledger {
            None
        } else {
            let db = DbArg {
                db: args.db.db.clone(),
            };
            // Read whenever the file exists (a later `sync` may create it); nothing is
            // created, and without a home directory there is no default ledger.
            crate::ledger_path::path(&db, &settings).ok()
        };
        let profile = settings.profile.value.clone();
        let msg = ctx.msg;
        let label = profile.clone();
        targets.push(
            Target::new(
                profile,
                Box::new(ServiceSource::new(client, ledger)),
                schedule,
            )
            .with_log(move |event| log(&msg, &label, event)),
        );
    }
    if !args.listen.ip().is_loopback() {
        ctx.msg.warn(&format!(
            "listening on {} reaches beyond this machine: anyone who can connect reads the \
             balances; allow only the Prometheus server (firewall) or listen on 127.0.0.1",
            args.listen
        ));
    }
    let exporter = Exporter::bind(args.listen, targets).map_err(|e| {
        let failure = Failure::new(
            Exit::Other,
            format!("cannot listen on {}: {e}", args.listen),
        );
        if e.kind() == std::io::ErrorKind::AddrInUse {
            failure.hint(
                "another program (another exporter?) listens on that port: stop it, or choose \
                 another with --listen 127.0.0.1:PORT",
            )
        } else {
            failure
        }
    })?;
    // SIGTERM, SIGINT (and SIGHUP) stop the serving loop; a second one ends at once.
    // In force before the line that says it serves: a signal from then on stops it cleanly.
    let stopper = exporter.stopper();
    let _service = crate::interrupt::service(move || stopper.stop());
    ctx.msg.note(&format!(
        "serving http://{}/metrics (a read of each account at most every {} s)",
        exporter.local_addr(),
        args.refresh
    ));
    exporter.serve();
    ctx.msg.note("stopped");
    Ok(())
}

/// The settings of the profile `name` (`None`: the one selected as for any command).
fn profile_settings(ctx: &Context<'_>, name: Option<&String>) -> Result<Settings, Failure> {
    let Some(name) = name else {
        return ctx.settings();
    };
    let mut global = ctx.global.clone();
    global.profile = Some(name.clone());
    let layers = Layers {
        args: &global,
        from_env: ctx
            .layers
            .from_env
            .iter()
            .copied()
            .filter(|id| *id != "profile")
            .collect(),
    };
    Settings::resolve(&layers, ReadFile::IfNeeded, Needs::default(), || {
        prompt::read_secret("API secret")
    })
}

fn log(msg: &Messages, profile: &str, event: &Event<'_>) {
    match event {
        Event::Failed(e) => msg.warn(&format!(
            "profile {profile}: reading the balance failed ({}): {}; serving the last values \
             with solapi_cash_up 0",
            e.kind, e.message
        )),
        Event::LedgerFailed(e) => msg.warn(&format!(
            "profile {profile}: {}; serving the balance without the ledger's figures",
            e.message
        )),
        Event::Recovered => msg.note(&format!("profile {profile}: the balance reads again")),
        _ => {}
    }
}
