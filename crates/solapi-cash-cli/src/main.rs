//! `solapi-cash`: see the library's documentation and `docs/cli.md`.

fn main() -> std::process::ExitCode {
    solapi_cash_cli::run(std::env::args_os())
}
