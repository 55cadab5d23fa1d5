//! `cargo xtask docs [--check]`: the CLI reference and man page, generated from the clap
//! definition so that they cannot drift from the binary.

use std::fs;

use crate::process::root;

/// Write the files, or check that they are up to date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
}

pub fn run(mode: Mode) -> Result<(), String> {
    let files: [(&str, Vec<u8>); 2] = [
        (
            "docs/cli.md",
            solapi_cash_cli::render_cli_markdown().into_bytes(),
        ),
        ("docs/man/solapi-cash.1", solapi_cash_cli::render_man_page()),
    ];
    let mut stale = Vec::new();
    for (path, content) in files {
        let full = root().join(path);
        match mode {
            Mode::Write => {
                if let Some(dir) = full.parent() {
                    fs::create_dir_all(dir).map_err(|e| format!("{path}: {e}"))?;
                }
                fs::write(&full, content).map_err(|e| format!("{path}: {e}"))?;
                eprintln!("wrote {path}");
            }
            Mode::Check => {
                if fs::read(&full).ok().as_deref() != Some(content.as_slice()) {
                    stale.push(path);
                }
            }
        }
    }
    if stale.is_empty() {
        if mode == Mode::Check {
            eprintln!("\n==> generated docs are up to date");
        }
        Ok(())
    } else {
        Err(format!(
            "out of date: {} (run `cargo xtask docs` and commit)",
            stale.join(", ")
        ))
    }
}
