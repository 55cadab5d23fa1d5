//! `cargo xtask ci`: every check CI runs, in order, stopping at the first failure.

use crate::process::{cargo, output, run as step};

pub fn run() -> Result<(), String> {
    step("formatting", &mut cargo(&["fmt", "--all", "--check"]))?;
    step(
        "lints",
        &mut cargo(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    step("tests", &mut cargo(&["test", "--workspace"]))?;
    step(
        "documentation",
        cargo(&["doc", "--workspace", "--no-deps"]).env("RUSTDOCFLAGS", "-D warnings"),
    )?;
    crate::docs::run(crate::docs::Mode::Check)?;
    crate::public_api::run(crate::public_api::Mode::Check)?;
    dependency_rules()?;
    crate::emulator_rules::check()?;
    crate::package::run()?;
    eprintln!("\nci: all checks passed");
    Ok(())
}

/// Rules of the design card that a careless dependency bump could break.
fn dependency_rules() -> Result<(), String> {
    eprintln!("\n==> dependency rules");
    let tree = |package: &str| {
        output(
            "cargo tree",
            &mut cargo(&[
                "tree",
                "--package",
                package,
                "--edges",
                "normal",
                "--prefix",
                "none",
            ]),
        )
    };
    let forbidden = [
        (
            "solapi-cash-types",
            &["tokio ", "reqwest ", "ureq ", "hyper ", "clap ", "http "][..],
        ),
        (
            "solapi-cash-core",
            &["tokio ", "reqwest ", "ureq ", "hyper ", "clap "][..],
        ),
        (
            "solapi-auth",
            &["tokio ", "reqwest ", "ureq ", "clap ", "serde_json "][..],
        ),
        (
            "solapi-cash-blocking",
            &["tokio ", "async-std ", "smol ", "openssl-sys "][..],
        ),
        ("solapi-cash-async", &["openssl-sys ", "native-tls "][..]),
        // The exporter is blocking like the CLI it serves: no async runtime, no second HTTP
        // client, no argument parser.
        (
            "solapi-cash-exporter",
            &["tokio ", "reqwest ", "hyper ", "clap "][..],
        ),
        // The man page renderer is for `cargo xtask docs` (feature `man`), not the binary.
        ("solapi-cash-cli", &["clap_mangen "][..]),
    ];
    for (package, crates) in forbidden {
        let tree = tree(package)?;
        for name in crates {
            if tree.lines().any(|line| line.starts_with(name)) {
                return Err(format!("{package} must not depend on {}", name.trim()));
            }
        }
        eprintln!("{package}: none of {}", crates.join(", "));
    }
    Ok(())
}
