//! `check`: the balance (and the days left) as a monitoring plugin — the Nagios / Icinga /
//! monitoring-plugins convention: one status line on standard output,
//! `SOLAPI CASH <STATUS> - <text> | <perfdata>`, and the exit code 0 OK, 1 WARNING,
//! 2 CRITICAL, 3 UNKNOWN (not the CLI's own table: a monitoring system reads these four).
//! Thresholds alert *below* a value: the plugin range `N:` ("outside N..∞"), which the
//! perfdata writes as such.

use std::io::Write;

use solapi_cash_types::Money;

use crate::api_error;
use crate::commands::{balance, watch_ledger};
use crate::context::Context;
use crate::exit::Exit;
use crate::failure::Failure;
use crate::output::grouped;
use crate::watch_args::CheckArgs;

/// A plugin's status, worst last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Status {
    Ok,
    Warning,
    Critical,
    Unknown,
}

impl Status {
    fn word(self) -> &'static str {
        match self {
            Status::Ok => "OK",
            Status::Warning => "WARNING",
            Status::Critical => "CRITICAL",
            Status::Unknown => "UNKNOWN",
        }
    }

    /// The exit of the plugin's code: the CLI's exits of the same numbers (only the number
    /// reaches the monitoring system).
    fn exit(self) -> Exit {
        match self {
            Status::Ok => Exit::Ok,
            Status::Warning => Exit::Other,
            Status::Critical => Exit::Usage,
            Status::Unknown => Exit::Api,
        }
    }
}

pub(crate) fn run(ctx: &mut Context<'_>, args: &CheckArgs) -> Result<(), Failure> {
    let (status, text) = match evaluate(ctx, args) {
        Ok(verdict) => verdict,
        Err(failure) => (Status::Unknown, failure.message),
    };
    writeln!(ctx.out, "SOLAPI CASH {} - {text}", status.word())?;
    if status == Status::Ok {
        return Ok(());
    }
    let mut failure = Failure::new(status.exit(), text);
    // The status line said it all: nothing more on standard error.
    failure.quiet = true;
    Err(failure)
}

/// A usage error of `check` found by the parser (clap's rendered text): UNKNOWN, as the
/// plugin convention wants for invalid arguments, with clap's first line.
pub(crate) fn usage_error(rendered: &str) -> std::process::ExitCode {
    let first = rendered.lines().next().unwrap_or_default();
    let reason = first.strip_prefix("error: ").unwrap_or(first);
    println!("SOLAPI CASH UNKNOWN - {}", crate::output::visible(reason));
    std::process::ExitCode::from(Status::Unknown.exit().code())
}

/// `value` against "alert below" thresholds.
fn judge<T: PartialOrd>(value: &T, warning: Option<&T>, critical: Option<&T>) -> Status {
    if critical.is_some_and(|c| value < c) {
        Status::Critical
    } else if warning.is_some_and(|w| value < w) {
        Status::Warning
    } else {
        Status::Ok
    }
}

/// A perfdata threshold: `N:` (alert below N), or nothing.
fn range(threshold: Option<String>) -> String {
    threshold.map(|t| format!("{t}:")).unwrap_or_default()
}

fn evaluate(ctx: &mut Context<'_>, args: &CheckArgs) -> Result<(Status, String), Failure> {
    let settings = ctx.settings()?;
    let client = ctx.client(&settings)?;
    let answer = client
        .balance()
        .map_err(|e| api_error::failure(&e, &settings, Some(&client)))?;
    let left = balance::spendable(&ctx.msg, &answer, args.cash_only)?;
    let figures = watch_ledger::figures(&args.db, &settings, &answer)?;
    let days_asked = args.days_warning.is_some() || args.days_critical.is_some();
    if days_asked && figures.is_none() {
        return Err(Failure::usage(
            "--days-warning and --days-critical need the account's ledger, and there is none: \
             run `solapi-cash sync` (regularly, from cron) or give its path with --db",
        ));
    }
    let what = if args.cash_only {
        "balance"
    } else {
        "balance + point"
    };
    let mut status = judge(&left, args.warning.as_ref(), args.critical.as_ref());
    let mut text = format!("{what} {} won", grouped(&left));
    match status {
        Status::Critical => text.push_str(&format!(
            ", below the critical {} won",
            grouped(args.critical.as_ref().unwrap_or(&Money::ZERO))
        )),
        Status::Warning => text.push_str(&format!(
            ", below the warning {} won",
            grouped(args.warning.as_ref().unwrap_or(&Money::ZERO))
        )),
        _ => {}
    }
    let text_money = |m: &Money| m.normalized().json_text().into_owned();
    let mut perfdata = vec![format!(
        "left={};{};{};;",
        text_money(&left),
        range(args.warning.as_ref().map(text_money)),
        range(args.critical.as_ref().map(text_money)),
    )];
    for (label, value) in [("balance", &answer.balance), ("point", &answer.point)] {
        if let Some(value) = value {
            perfdata.push(format!("{label}={};;;;", text_money(value)));
        }
    }
    if let Some(figures) = &figures {
        let days_left = &figures.forecast.days_left;
        text.push_str("; ");
        text.push_str(&days_left.describe());
        if let Some(days) = days_left.days() {
            let by_days = judge(
                &days,
                args.days_warning.as_ref(),
                args.days_critical.as_ref(),
            );
            match by_days {
                Status::Critical => text.push_str(", fewer than --days-critical"),
                Status::Warning => text.push_str(", fewer than --days-warning"),
                _ => {}
            }
            status = status.max(by_days);
            perfdata.push(format!(
                "days_left={days};{};{};0;",
                range(args.days_warning.map(|d| d.to_string())),
                range(args.days_critical.map(|d| d.to_string())),
            ));
        }
    }
    Ok((status, format!("{text} | {}", perfdata.join(" "))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn below_the_thresholds_and_the_worst_wins() {
        let (w, c) = (Money::from_i64(5000), Money::from_i64(1000));
        let j = |v: i64| judge(&Money::from_i64(v), Some(&w), Some(&c));
        assert_eq!(
            [j(5000), j(4999), j(1000), j(999)],
            [
                Status::Ok,
                Status::Warning,
                Status::Warning,
                Status::Critical
            ]
        );
        assert_eq!(judge(&3u64, None, None), Status::Ok);
        assert_eq!(Status::Warning.max(Status::Critical), Status::Critical);
        let codes = [
            Status::Ok,
            Status::Warning,
            Status::Critical,
            Status::Unknown,
        ]
        .map(|s| s.exit().code());
        assert_eq!(codes, [0, 1, 2, 3], "the plugin convention's codes");
    }
}
