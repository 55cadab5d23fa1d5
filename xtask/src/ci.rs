//! `cargo xtask ci`: every check CI runs, in order, stopping at the first failure.

use crate::process::{cargo, output, run};

pub fn run_all() -> Result<(), String> {
    run("formatting", &mut cargo(&["fmt", "--all", "--check"]))?;
    run(
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
    run("tests", &mut cargo(&["test", "--workspace"]))?;
    run(
        "documentation",
        cargo(&["doc", "--workspace", "--no-deps"]).env("RUSTDOCFLAGS", "-D warnings"),
    )?;
    crate::docs::run(crate::docs::Mode::Check)?;
    dependency_rules()
}

pub fn run() -> Result<(), String> {
    run_all()?;
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
            &["tokio ", "reqwest ", "ureq ", "clap "][..],
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
