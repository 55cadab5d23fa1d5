//! `docs/cli.md` and the man page, generated from the clap definition so that they cannot
//! drift from `--help`. This module holds what both read from an argument.

#[cfg(feature = "man")]
pub(crate) mod man;
pub(crate) mod markdown;

use clap::{Arg, Command};

/// Visits every command, depth first, with its path of names below the root.
pub(crate) fn walk<'a>(
    cmd: &'a Command,
    path: &mut Vec<&'a str>,
    visit: &mut dyn FnMut(&[&str], &Command),
) {
    visit(path, cmd);
    for sub in cmd.get_subcommands() {
        if sub.is_hide_set() || sub.get_name() == "help" {
            continue;
        }
        path.push(sub.get_name());
        walk(sub, path, visit);
        path.pop();
    }
}

/// Whether an argument is documented (clap's own help and version are not).
pub(crate) fn documented(arg: &Arg) -> bool {
    !arg.is_hide_set() && !matches!(arg.get_id().as_str(), "help" | "version")
}

/// Whether an argument takes a value.
fn takes_value(arg: &Arg) -> bool {
    arg.get_num_args().is_some_and(|n| n.takes_values())
}

/// How an argument is written: `-o, --output <FORMAT>`, `--balance-recharge[=<BOOL>]`.
pub(crate) fn syntax(arg: &Arg) -> String {
    if arg.is_positional() {
        return value_names(arg);
    }
    let mut syntax = String::new();
    if let Some(short) = arg.get_short() {
        syntax.push_str(&format!("-{short}, "));
    }
    if let Some(long) = arg.get_long() {
        syntax.push_str(&format!("--{long}"));
    }
    if takes_value(arg) {
        if arg.get_num_args().is_some_and(|n| n.min_values() == 0) {
            syntax.push_str(&format!("[={}]", value_names(arg)));
        } else {
            syntax.push_str(&format!(" {}", value_names(arg)));
        }
    }
    syntax
}

fn value_names(arg: &Arg) -> String {
    match arg.get_value_names() {
        Some(names) => names
            .iter()
            .map(|n| format!("<{n}>"))
            .collect::<Vec<_>>()
            .join(" "),
        None => format!("<{}>", arg.get_id().as_str().to_uppercase()),
    }
}

/// The help of an argument, as one sentence-ended line, followed by its aliases, values,
/// default and environment variable. `code` formats a literal (backticks in Markdown).
pub(crate) fn description(arg: &Arg, code: &dyn Fn(&str) -> String) -> String {
    let mut text = arg
        .get_long_help()
        .or(arg.get_help())
        .map(|h| h.to_string().replace('\n', " "))
        .unwrap_or_default();
    if !text.ends_with('.') {
        text.push('.');
    }
    let aliases = arg.get_visible_aliases().unwrap_or_default();
    if !aliases.is_empty() {
        let list: Vec<_> = aliases.iter().map(|a| code(&format!("--{a}"))).collect();
        text.push_str(&format!(" Alias: {}.", list.join(", ")));
    }
    let is_bool = arg
        .get_value_names()
        .is_some_and(|n| n.iter().any(|n| n.as_str() == "BOOL"));
    let values: Vec<_> = arg
        .get_possible_values()
        .into_iter()
        .filter(|v| !v.is_hide_set())
        .collect();
    if !values.is_empty() && !is_bool {
        let list: Vec<_> = values
            .iter()
            .map(|v| match v.get_help() {
                Some(help) => format!("{} ({help})", code(v.get_name())),
                None => code(v.get_name()),
            })
            .collect();
        text.push_str(&format!(" Values: {}.", list.join(", ")));
    }
    let defaults: Vec<_> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy())
        .collect();
    if takes_value(arg) && !defaults.is_empty() {
        text.push_str(&format!(" Default: {}.", code(&defaults.join(","))));
    }
    if let Some(env) = arg.get_env() {
        text.push_str(&format!(" Environment: {}.", code(&env.to_string_lossy())));
    }
    text
}

/// The first line of a command's short help.
pub(crate) fn first_line(cmd: &Command) -> String {
    cmd.get_about()
        .map(|a| a.to_string().lines().next().unwrap_or_default().to_owned())
        .unwrap_or_default()
}

/// The arguments a command documents itself (not the global ones), grouped by heading in
/// order of appearance.
pub(crate) fn own_args(cmd: &Command) -> Vec<(String, Vec<&Arg>)> {
    let mut groups: Vec<(String, Vec<&Arg>)> = Vec::new();
    for arg in cmd
        .get_arguments()
        .filter(|a| documented(a) && !a.is_global_set())
    {
        let heading = arg
            .get_help_heading()
            .unwrap_or(if arg.is_positional() {
                "Arguments"
            } else {
                "Options"
            })
            .to_owned();
        match groups.iter_mut().find(|(h, _)| *h == heading) {
            Some((_, args)) => args.push(arg),
            None => groups.push((heading, vec![arg])),
        }
    }
    groups
}
