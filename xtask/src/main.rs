//! Automation for the solapi-cash workspace: `cargo xtask <task>`.
//!
//! - `ci`: formatting, lints, the whole test suite, docs, generated files and dependency
//!   rules — what CI runs.
//! - `docs [--check]`: writes (or checks) `docs/cli.md` and `docs/man/solapi-cash.1` from the
//!   CLI's clap definition.
//! - `demo`: the CLI against a local emulator with demo data, end to end.
//! - `bench [--quick | --network | --rate-limit | --ledger [--quick]]`: end-to-end
//!   throughput, latency and memory against a baseline (`--network`: only the exports over a
//!   slower network; `--rate-limit`: only the exports under the measured rate limit).
//! - `public-api [--check]`: writes (or checks) `docs/public-api/<crate>.txt`, the snapshot
//!   of each published crate's public items (also part of `ci`).
//! - `package`: the publish dry run and the package-contents check (also part of `ci`).

mod bench;
mod ci;
mod demo;
mod docs;
mod emulator_rules;
mod package;
mod process;
mod public_api;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <ci | docs [--check] | demo | bench [--quick | --network | --rate-limit | --ledger [--quick]] | public-api [--check] | package>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["ci"] => ci::run(),
        ["docs"] => docs::run(docs::Mode::Write),
        ["docs", "--check"] => docs::run(docs::Mode::Check),
        ["demo"] => demo::run(),
        ["bench"] => bench::run(bench::Scope::Full),
        ["bench", "--quick"] => bench::run(bench::Scope::Quick),
        ["bench", "--network"] => bench::run(bench::Scope::Network),
        ["bench", "--rate-limit"] => bench::run(bench::Scope::RateLimit),
        ["bench", "--ledger"] => bench::run(bench::Scope::Ledger { quick: false }),
        ["bench", "--ledger", "--quick"] => bench::run(bench::Scope::Ledger { quick: true }),
        ["package"] => package::run(),
        ["public-api"] => public_api::run(public_api::Mode::Write),
        ["public-api", "--check"] => public_api::run(public_api::Mode::Check),
        _ => Err(USAGE.into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}
