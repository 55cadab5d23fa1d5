//! The `solapi-cash` command: balance, recharge and history of a SOLAPI account, as a thin
//! layer of argument parsing and output over the blocking client (`solapi-cash-blocking`).
//! It has no API logic of its own: signing, retries, paging, reconciliation and money
//! parsing all come from the libraries.
//!
//! The library side exists for the build tooling: [`command`] is the clap definition, from
//! which [`render_cli_markdown`] and [`render_man_page`] generate `docs/cli.md` and
//! `docs/man/solapi-cash.1`; [`run`] is the whole program.
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
//! - `settings`, `config_file`: where credentials and base URL come from (flags, then
//!   environment, then profile), and the private config file.
//! - `context`: what a command works with; `commands`: one file per command.
//! - `output`: the four formats, tables, CSV, colour and the pipe-safe writer;
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

use std::ffi::OsString;
use std::process::ExitCode;

use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches};

use crate::args::Cli;
use crate::context::Context;
use crate::output::{Out, Style};
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

/// `docs/man/solapi-cash.1`: the man page (roff).
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
    ]
    .into_iter()
    .filter(|id| matches.value_source(id) == Some(ValueSource::EnvVariable))
    .collect();
    let global = &cli.global;
    let msg = Messages {
        style: Style::stderr(global.color),
        verbose: global.verbose,
    };
    logging::init(global.verbose, msg.style != Style::PLAIN);
    let mut ctx = Context {
        global,
        layers: Layers {
            args: global,
            from_env,
        },
        out: Out::stdout(global.output, Style::stdout(global.color)),
        msg,
    };
    let result = commands::dispatch(&mut ctx, &cli.command)
        .and_then(|()| std::io::Write::flush(&mut ctx.out).map_err(failure::Failure::from));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            let _ = std::io::Write::flush(&mut ctx.out);
            msg.failure(&failure);
            ExitCode::from(failure.exit.code())
        }
    }
}
