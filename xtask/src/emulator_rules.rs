//! The emulator's library is usable without its binary's dependencies: with
//! `default-features = false` (as the workspace depends on it), no clap and no
//! tracing-subscriber.

use crate::process::{cargo, output};

pub fn check() -> Result<(), String> {
    eprintln!("\n==> emulator library without its binary's dependencies");
    let tree = output(
        "cargo tree",
        &mut cargo(&[
            "tree",
            "--package",
            "solapi-cash-emulator",
            "--no-default-features",
            "--edges",
            "normal",
            "--prefix",
            "none",
        ]),
    )?;
    for name in ["clap ", "tracing-subscriber "] {
        if tree.lines().any(|line| line.starts_with(name)) {
            return Err(format!(
                "solapi-cash-emulator without its `cli` feature must not depend on {}",
                name.trim()
            ));
        }
    }
    eprintln!("solapi-cash-emulator (no default features): neither clap nor tracing-subscriber");
    Ok(())
}
