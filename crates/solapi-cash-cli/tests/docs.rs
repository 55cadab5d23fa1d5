//! `docs/cli.md` and `docs/man/solapi-cash.1` must be what the clap definition generates.
//! `UPDATE_SNAPSHOTS=1 cargo test -p solapi-cash-cli --test docs` rewrites them (as does
//! `cargo xtask docs`).

use std::path::PathBuf;

fn docs_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs")
}

fn check(path: PathBuf, generated: &[u8]) {
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().expect("a parent"))
            .expect("create the docs directory");
        std::fs::write(&path, generated).expect("write the generated file");
        return;
    }
    let current = std::fs::read(&path).unwrap_or_default();
    assert!(
        current == generated,
        "{} is stale: run `cargo xtask docs` (or UPDATE_SNAPSHOTS=1 cargo test -p solapi-cash-cli --test docs)",
        path.display()
    );
}

#[test]
fn cli_md_is_up_to_date() {
    check(
        docs_dir().join("cli.md"),
        solapi_cash_cli::render_cli_markdown().as_bytes(),
    );
}

/// The renderer is behind the `man` feature (kept out of the installed binary); `cargo test
/// --workspace` turns it on through xtask.
#[cfg(feature = "man")]
#[test]
fn man_page_is_up_to_date() {
    check(
        docs_dir().join("man/solapi-cash.1"),
        &solapi_cash_cli::render_man_page(),
    );
}

#[test]
fn the_markdown_documents_every_command_and_flag() {
    let md = solapi_cash_cli::render_cli_markdown();
    let mut command = solapi_cash_cli::command();
    command.build();
    fn visit(cmd: &clap::Command, path: &str, md: &str) {
        for arg in cmd.get_arguments() {
            if arg.is_hide_set() || matches!(arg.get_id().as_str(), "help" | "version") {
                continue;
            }
            if let Some(long) = arg.get_long() {
                let documented = md
                    .lines()
                    .any(|l| l.starts_with("- `") && l.contains(&format!("--{long}")));
                assert!(documented, "--{long} of `{path}` is missing");
            }
        }
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let path = format!("{path} {}", sub.get_name());
            assert!(md.contains(&format!("## `{path}`")), "`{path}` is missing");
            visit(sub, &path, md);
        }
    }
    visit(&command, "solapi-cash", &md);
    for code in 0..=8 {
        assert!(
            md.contains(&format!("\n| {code} |")),
            "exit code {code} is missing"
        );
    }
}
