//! Issue 21, point 10: every command's `--help` ends with examples, and the messages the
//! issue quoted say what the user typed, in the user's terms: a bad base URL names its flag,
//! `https://` against a plain-HTTP server suggests `http://`, and a flag conflict's usage line
//! no longer lists the variables of the environment as if they were required. (A reversed
//! range in the zone's terms is in `statements.rs`; a `--fields` typo in `exports.rs`.)

#![allow(clippy::unwrap_used)]

mod common;

use common::Fixture;

/// Every command's path below `solapi-cash`.
fn commands() -> Vec<Vec<String>> {
    fn visit(cmd: &clap::Command, path: &mut Vec<String>, all: &mut Vec<Vec<String>>) {
        all.push(path.clone());
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            path.push(sub.get_name().to_owned());
            visit(sub, path, all);
            path.pop();
        }
    }
    let mut all = Vec::new();
    visit(&solapi_cash_cli::command(), &mut Vec::new(), &mut all);
    all
}

#[test]
fn every_commands_help_ends_with_examples() {
    let f = Fixture::new();
    let all = commands();
    assert!(all.len() > 14, "{all:?}");
    for path in all {
        let run = f.run(f.bare().args(&path).arg("--help"));
        let text = &run.code(0).stdout;
        let last = text.rsplit("\n\n").find(|s| !s.trim().is_empty()).unwrap();
        assert!(
            last.starts_with("EXAMPLES:\n  solapi-cash")
                || last.starts_with("EXAMPLES:\n  $EDITOR"),
            "{path:?}:\n{last}"
        );
        // Each example is a command line the definition accepts.
        for line in last
            .lines()
            .skip(1)
            .filter(|l| l.starts_with("  solapi-cash "))
        {
            // The words before any redirection or `||`.
            let command = [" > ", " < ", " || "]
                .iter()
                .fold(line.trim(), |l, cut| l.split(cut).next().unwrap());
            let words: Vec<&str> = command.split_whitespace().collect();
            let parsed = solapi_cash_cli::command().try_get_matches_from(&words);
            assert!(parsed.is_ok(), "{line}: {}", parsed.unwrap_err());
        }
    }
}

#[test]
fn messages_speak_the_users_terms() {
    let f = Fixture::new();
    let run = f.run(f.cmd().args(["--base-url", "ftp://x", "balance"]));
    assert_eq!(
        run.code(2).error_line(),
        "error: invalid base URL `ftp://x`: the scheme must be http or https (from flag --base-url)"
    );
    assert!(!run.stderr.contains("client setup"));

    // https:// against the emulator, which speaks plain HTTP.
    let https = f.emulator.base_url().replacen("http://", "https://", 1);
    let run = f.run(
        f.cmd()
            .args(["--base-url", &https, "--retries", "0", "balance"]),
    );
    run.code(5).stderr_has(&format!(
        "answered in plain HTTP, not TLS: if it is the emulator or another local server, use {}",
        f.emulator.base_url().trim_end_matches('/')
    ));

    // A conflict's usage line shows what was typed, not the environment's settings.
    let run = f.run(f.cmd().args(["history", "--limit", "5", "--all"]));
    run.code(2)
        .stderr_has("Usage: solapi-cash history --limit <N>\n");
    for env_only in ["--api-key", "--api-secret", "--base-url"] {
        assert!(!run.stderr.contains(env_only), "{}", run.stderr);
    }
}

/// The example lines of `path`'s `--help`, as words (those without a redirection).
fn example_lines(f: &Fixture, path: &[&str]) -> Vec<Vec<String>> {
    let run = f.run(f.bare().args(path).arg("--help"));
    let text = run.code(0).stdout.clone();
    let last = text.rsplit("\n\n").find(|s| !s.trim().is_empty()).unwrap();
    last.lines()
        .filter(|l| l.starts_with("  solapi-cash ") && !l.contains(" > "))
        .map(|l| l.split_whitespace().skip(1).map(str::to_owned).collect())
        .collect()
}

#[test]
fn the_examples_of_transfer_and_withdraw_show_run_against_the_demo() {
    use solapi_cash_emulator::{AccountSpec, demo};
    let f = Fixture::demo();
    let admin = f.admin();
    admin.set_mfa(demo::DEMO_ACCOUNT_ID, false).unwrap();

    // A transfer's example names another account than the demo's own (which the service
    // refuses as the target): an account of the agency, made here.
    let transfers = example_lines(&f, &["transfer"]);
    let script = transfers
        .iter()
        .find(|w| w.iter().any(|a| a == "--yes"))
        .unwrap();
    let to = &script[script.iter().position(|a| a == "--to").unwrap() + 1];
    assert_ne!(to, demo::DEMO_ACCOUNT_ID, "{script:?}");
    admin
        .create_account(AccountSpec::new().account_id(to.clone()))
        .unwrap();
    f.run(f.demo_cmd().args(script)).code(0);

    // `withdraw show`'s example shows one of the demo's withdrawals.
    let shows = example_lines(&f, &["withdraw"]);
    let show = shows.iter().find(|w| w[1] == "show").unwrap();
    f.run(f.demo_cmd().args(show)).code(0);
}

#[test]
fn the_overview_names_every_command_that_writes() {
    // A write is a command that takes --yes; the overview's list of writes names each.
    let f = Fixture::new();
    let text = f.run(f.bare().arg("--help")).code(0).stdout.clone();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let list = text
        .split("Every write (")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .unwrap();
    for path in commands() {
        let mut cmd = solapi_cash_cli::command();
        for name in &path {
            cmd = cmd.find_subcommand(name).unwrap().clone();
        }
        if path.is_empty() || !cmd.get_arguments().any(|a| a.get_id() == "yes") {
            continue;
        }
        assert!(
            list.contains(path[0].as_str()),
            "{path:?} writes but the overview's list does not name it: {list}"
        );
    }
}
