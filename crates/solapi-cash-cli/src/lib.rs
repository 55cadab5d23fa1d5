//! The `solapi-cash` command: balance, recharge, history and payment methods of a SOLAPI
//! account, as a thin layer of argument parsing and output over the blocking client
//! (`solapi-cash-blocking`).
//! It has no API logic of its own: signing, retries, paging, reconciliation and money
//! parsing all come from the libraries.
//!
//! The library side exists for the build tooling: [`command`] is the clap definition, from
//! which [`render_cli_markdown`] and (with the `man` feature) `render_man_page` generate
//! `docs/cli.md` and `docs/man/solapi-cash.1`; [`run`] is the whole program.
//!
//! ```
//! let md = solapi_cash_cli::render_cli_markdown();
//! assert!(md.contains("## `solapi-cash history summary`"));
//! assert!(md.contains("| 6 |"), "the exit codes are documented");
//! ```
//!
//! # Map
//! - `args`: the clap definition; `values`, `dates`: checking what users type;
//!   `help_text`: the long help shared with the docs; `docs`: Markdown and man page.
//! - `settings`, `config_file`: where credentials, base URL, time zone and payment method come
//!   from (flags, then environment, then profile), and the private config file; `zone`: the
//!   time zone of dates (`--tz`, default Asia/Seoul).
//! - `context`: what a command works with; `commands`: one file per command.
//! - `output`: the five formats (table, json, ndjson, csv, xlsx), field selection, colour,
//!   and the writer that is pipe-safe and puts `--output-file` in place only when complete;
//!   `progress`: the progress line; `prompt`: terminal questions; `interrupt`: Ctrl-C at a
//!   hidden prompt and during a recharge.
//! - `failure`, `api_error`, `exit`, `report`: one line, a hint, `-v` detail, exit codes.
//! - `logging`: `-vv` tracing.

mod api_error;
mod args;
mod commands;
mod config_file;
mod context;
mod dates;
mod docs;
mod exit;
mod failure;
mod help_text;
mod interrupt;
mod logging;
mod output;
mod progress;
mod prompt;
mod report;
mod settings;
mod values;
mod zone;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches};

use crate::args::Cli;
use crate::context::Context;
use crate::output::{Out, Style, Target};
use crate::report::Messages;
use crate::settings::Layers;

/// The clap definition of `solapi-cash`: every command, flag and help text.
pub fn command() -> clap::Command {
    Cli::command()
}

/// `docs/cli.md`: every command and flag, the settings precedence, the date forms and the
/// exit codes, in Markdown. Independent of the terminal.
pub fn render_cli_markdown() -> String {
    docs::markdown::markdown(command())
}

/// `docs/man/solapi-cash.1`: the man page (roff). Behind the `man` feature, so that the
/// installed binary does not carry the renderer; `cargo xtask docs` turns it on.
#[cfg(feature = "man")]
pub fn render_man_page() -> Vec<u8> {
    docs::man::man_page(command())
}

/// Runs `solapi-cash` with these arguments (the first is the program name) and returns its
/// exit code. Writes to standard output and standard error.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let matches = match command().try_get_matches_from(args) {
        Ok(matches) => matches,
        Err(error) => {
            // Help and version go to standard output with 0; usage errors to standard error
            // with 2.
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(2);
        }
    };
    let from_env = [
        "profile",
        "api_key",
        "api_secret",
        "access_token",
        "base_url",
        "tz",
    ]
    .into_iter()
    .filter(|id| matches.value_source(id) == Some(ValueSource::EnvVariable))
    .collect();
    let global = &cli.global;
    let msg = Messages {
        style: Style::stderr(global.color),
        verbose: global.verbose,
    };
    logging::init(global.verbose, msg.style.colors());
    let target = Target {
        file: global.output_file.as_deref(),
        bom: match (global.bom, global.no_bom) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        },
    };
    let out = match Out::open(global.output, Style::stdout(global.color), target) {
        Ok(out) => out,
        Err(failure) => {
            msg.failure(&failure);
            return ExitCode::from(failure.exit.code());
        }
    };
    let mut ctx = Context {
        global,
        layers: Layers {
            args: global,
            from_env,
        },
        out,
        msg,
    };
    let result = commands::dispatch(&mut ctx, &cli.command).and_then(|()| ctx.out.commit());
    note_spreadsheet_limits(&ctx);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            let _ = std::io::Write::flush(&mut ctx.out);
            msg.failure(&failure);
            ExitCode::from(failure.exit.code())
        }
    }
}

/// Says what a spreadsheet could not be given as it was sent.
fn note_spreadsheet_limits(ctx: &Context<'_>) {
    if ctx.out.kept_text > 0 {
        ctx.msg.warn(&format!(
            "{} amount(s) have more than 15 significant digits or were not sent as plain digits: \
             written as text, exactly as sent, since a spreadsheet number would round them",
            ctx.out.kept_text
        ));
    }
    if ctx.out.cut > 0 {
        ctx.msg.warn(&format!(
            "{} text value(s) longer than 32,767 characters were cut to a spreadsheet cell's limit",
            ctx.out.cut
        ));
    }
}

/// The README's examples, compiled and run as doctests so that the crate's front page on
/// crates.io stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
