//! The `solapi-cash` command: balance, recharge, history, payment methods and the operator's
//! settings (low-balance alert, auto-recharge) of a SOLAPI account, as a thin layer of argument parsing and output over the blocking client
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
//! - `args`: the clap definition (`operator_args`: the operator's settings and the writes of
//!   `payment`); `values`, `dates`: checking what users type;
//!   `help_text`: the long help shared with the docs; `docs`: Markdown and man page.
//! - `settings`, `config_file`: where credentials, base URL, time zone and payment method come
//!   from (flags, then environment, then profile), and the private config file; `zone`: the
//!   time zone of dates (`--tz`, default Asia/Seoul).
//! - `context`: what a command works with; `commands`: one file per command.
//! - `output`: the five formats (table, json, ndjson, csv, xlsx), field selection, colour,
//!   the writer that is pipe-safe and writes whole lines (`lines`), and where
//!   `--output-file` writes (`place`: a regular file put in place only when complete, through
//!   a temporary file that nothing leaves behind; anything else written through);
//!   `progress`: the progress line; `prompt`: terminal questions; `interrupt`: Ctrl-C at a
//!   hidden prompt, during a recharge, and at a line boundary of standard output.
//! - `commands`: besides one file per command, `history_rows` (the API's and the statement
//!   layout), `spill` (oldest first), `balance_words` (the settings in words), `confirm`
//!   (every write's confirmation and `--yes`), `card_entry` (`payment add` and `remove`).
//! - `failure`, `api_error`, `exit`, `report`: one line, a hint, `-v` detail, exit codes; with
//!   `--output json` a failure is one JSON object.
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
mod ledger_args;
mod ledger_path;
mod logging;
mod operator_args;
mod output;
mod progress;
mod prompt;
mod report;
mod settings;
mod values;
mod watch_args;
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
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let matches = match ignore_blank_env(command()).try_get_matches_from(&args) {
        Ok(matches) => matches,
        Err(error) if error.exit_code() != 0 && is_check(&args) => {
            // `check` speaks the monitoring-plugin convention, usage errors included.
            return commands::check_usage_error(&error.render().to_string());
        }
        Err(error) if error.exit_code() != 0 && json_asked(&args) => {
            // A script that asked for JSON gets its usage error as JSON too.
            let text = error.render().to_string();
            let first = text.lines().next().unwrap_or_default();
            let failure = failure::Failure::usage(first.strip_prefix("error: ").unwrap_or(first))
                .hint("see --help");
            messages(&args, true).failure(&failure);
            return ExitCode::from(failure.exit.code());
        }
        Err(error) => {
            // Help and version go to standard output with 0; usage errors to standard error
            // with 2.
            let plain = error.render().to_string();
            match usage_as_typed(&plain, &args) {
                Some(text) => eprint!("{text}"),
                None => {
                    let _ = error.print();
                }
            }
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
        json: matches!(global.output, args::Format::Json | args::Format::Ndjson),
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
    if out.csv_to_file {
        msg.note(
            "note: this CSV goes to a file in the form for programs (no byte-order mark, ids as \
             plain digits): Korean Excel shows its Hangul as mojibake and rounds long ids; for \
             Excel add --bom (or use --output-file PATH), and --no-bom keeps this form without \
             this note",
        );
    }
    let mut ctx = Context {
        global,
        layers: Layers {
            args: global,
            from_env,
        },
        out,
        msg,
    };
    let result = commands::dispatch(&mut ctx, &cli.command).and_then(|()| {
        // A call that moves money and ended well was applied: an output that cannot be put in
        // place (a full disk shows at the last flush) must not read as a failed call.
        ctx.out
            .commit()
            .map_err(|failure| match commands::moved_by(&cli.command) {
                Some(moved) => moved.output_not_placed(failure),
                None => failure,
            })
    });
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

/// clap's usage line of an error lists the arguments it found, and the ones the environment
/// gave count (`--api-key <KEY> --api-secret <SECRET> --base-url <URL>` after a conflict
/// between `--limit` and `--all`, as if they were required): the error's text with those
/// left out of it, or `None` when there is nothing to leave out.
fn usage_as_typed(text: &str, args: &[OsString]) -> Option<String> {
    let mut cmd = command();
    cmd.build();
    let mut from_env = Vec::new();
    docs::walk(&cmd, &mut Vec::new(), &mut |_, c| {
        for arg in c.get_arguments().filter(|a| a.get_env().is_some()) {
            if let (Some(long), Some(names)) = (arg.get_long(), arg.get_value_names()) {
                let names: Vec<String> = names.iter().map(|n| format!("<{n}>")).collect();
                from_env.push((long.to_owned(), format!(" --{long} {}", names.join(" "))));
            }
        }
    });
    let typed = |long: &str| {
        args.iter()
            .filter_map(|a| a.to_str())
            .any(|a| a == format!("--{long}") || a.starts_with(&format!("--{long}=")))
    };
    let mut changed = false;
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            if !line.starts_with("Usage: ") {
                return line.to_owned();
            }
            let mut line = line.to_owned();
            for (long, token) in &from_env {
                if !typed(long) && line.contains(token.as_str()) {
                    line = line.replace(token.as_str(), "");
                    changed = true;
                }
            }
            line
        })
        .collect();
    changed.then(|| lines.join("\n") + "\n")
}

/// Whether the command line runs `check` (as far as a parse that ignores errors tells).
fn is_check(args: &[OsString]) -> bool {
    command()
        .ignore_errors(true)
        .try_get_matches_from(args)
        .is_ok_and(|m| m.subcommand_name() == Some("check"))
}

/// Whether the command line asks for `--output json` or `ndjson` (read from the words
/// themselves, for the errors clap finds before the flags are known).
fn json_asked(args: &[OsString]) -> bool {
    let words: Vec<&str> = args.iter().skip(1).filter_map(|a| a.to_str()).collect();
    let json = |v: &str| matches!(v, "json" | "ndjson");
    words.iter().enumerate().any(|(i, w)| {
        let next = words.get(i + 1).copied().unwrap_or_default();
        ((*w == "-o" || *w == "--output") && json(next))
            || w.strip_prefix("--output=").is_some_and(json)
            || w.strip_prefix("-o")
                .is_some_and(|v| json(v.trim_start_matches('=')))
    })
}

/// Messages for a failure found before the flags are known.
fn messages(args: &[OsString], json: bool) -> Messages {
    let never = args.iter().any(|a| a == "--color=never");
    Messages {
        style: Style::stderr(if never {
            args::ColorChoice::Never
        } else {
            args::ColorChoice::Auto
        }),
        verbose: 0,
        json,
    }
}

/// The command with every environment variable that is set but empty taken as unset, as
/// the help says (`SOLAPI_TZ=` no longer fails `--tz`'s check): such an argument forgets its
/// variable for this run.
fn ignore_blank_env(mut cmd: clap::Command) -> clap::Command {
    let blank: Vec<clap::Id> = cmd
        .get_arguments()
        .filter(|a| {
            a.get_env()
                .and_then(std::env::var_os)
                .is_some_and(|value| value.is_empty())
        })
        .map(|a| a.get_id().clone())
        .collect();
    for id in blank {
        cmd = cmd.mut_arg(id, |a| a.env(None::<&str>));
    }
    let subcommands: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in subcommands {
        cmd = cmd.mut_subcommand(name, ignore_blank_env);
    }
    cmd
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
    if ctx.out.more_decimals > 0 {
        ctx.msg.warn(&format!(
            "{} amount(s) have more than two decimals: each cell holds its amount exactly, but \
             the won format ({}) shows two; widen the format to see them",
            ctx.out.more_decimals,
            output::xlsx::MONEY_FORMAT
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
