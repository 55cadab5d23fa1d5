//! The packaging checks of `cargo xtask ci`: every published crate packages and builds the
//! way crates.io would receive it, and its package holds only what it should.

use std::collections::BTreeSet;

use crate::process::{cargo, output, root, run as step};

/// Files cargo writes into every package itself.
const GENERATED: [&str; 4] = [
    "Cargo.toml",
    "Cargo.toml.orig",
    "Cargo.lock",
    ".cargo_vcs_info.json",
];

/// What a package may hold: these files, and anything tracked below these folders.
const ALLOWED_FILES: [&str; 5] = [
    "README.md",
    "LICENSE-MIT",
    "LICENSE-APACHE",
    "CHANGELOG.md",
    "build.rs",
];
const ALLOWED_DIRS: [&str; 4] = ["src/", "tests/", "benches/", "examples/"];

/// What every package must hold: its front page and its licences.
const REQUIRED: [&str; 3] = ["README.md", "LICENSE-MIT", "LICENSE-APACHE"];

pub fn run() -> Result<(), String> {
    // `--allow-dirty` so that a developer can run ci before committing; the contents check
    // below refuses any packaged file git does not track, which is what a dirty tree could
    // smuggle in.
    step(
        "publish dry run (every published crate packaged and built alone)",
        &mut cargo(&["publish", "--dry-run", "--workspace", "--allow-dirty"]),
    )?;
    eprintln!("\n==> package contents");
    for (name, dir) in published()? {
        let listed = output(
            "cargo package --list",
            &mut cargo(&["package", "--list", "--allow-dirty", "-p", &name]),
        )?;
        let tracked = tracked_below(&dir)?;
        let files: Vec<&str> = listed
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let stray: Vec<&str> = files
            .iter()
            .copied()
            .filter(|f| !allowed(f, &tracked))
            .collect();
        if !stray.is_empty() {
            return Err(format!(
                "{name}: the package holds files it should not: {}",
                stray.join(", ")
            ));
        }
        let missing: Vec<&str> = REQUIRED
            .iter()
            .copied()
            .filter(|r| !files.contains(r))
            .collect();
        if !missing.is_empty() {
            return Err(format!("{name}: the package lacks {}", missing.join(", ")));
        }
        eprintln!("{name}: {} files, none stray", files.len());
    }
    Ok(())
}

fn allowed(file: &str, tracked: &BTreeSet<String>) -> bool {
    if GENERATED.contains(&file) {
        return true;
    }
    let shape = ALLOWED_FILES.contains(&file) || ALLOWED_DIRS.iter().any(|d| file.starts_with(d));
    shape && tracked.contains(file)
}

/// The name and directory (relative to the root, with a trailing `/`) of every crate that
/// may be published.
fn published() -> Result<Vec<(String, String)>, String> {
    let metadata = output(
        "cargo metadata",
        &mut cargo(&["metadata", "--format-version", "1", "--no-deps"]),
    )?;
    let metadata: serde_json::Value =
        serde_json::from_str(&metadata).map_err(|e| format!("cargo metadata: {e}"))?;
    let root = root();
    let mut crates = Vec::new();
    for package in metadata["packages"].as_array().into_iter().flatten() {
        // `publish = false` is an empty list of registries.
        if package["publish"].as_array().is_some_and(Vec::is_empty) {
            continue;
        }
        let name = package["name"].as_str().unwrap_or_default().to_owned();
        let manifest = std::path::Path::new(package["manifest_path"].as_str().unwrap_or_default());
        let dir = manifest
            .parent()
            .and_then(|d| d.strip_prefix(&root).ok())
            .map(|d| format!("{}/", d.display()))
            .ok_or_else(|| format!("{name}: manifest outside the workspace"))?;
        crates.push((name, dir));
    }
    Ok(crates)
}

/// The files git tracks below `dir`, relative to it.
fn tracked_below(dir: &str) -> Result<BTreeSet<String>, String> {
    let mut git = std::process::Command::new("git");
    git.args(["ls-files", "--", dir]).current_dir(root());
    let listed = output("git ls-files", &mut git)?;
    Ok(listed
        .lines()
        .filter_map(|l| l.strip_prefix(dir))
        .map(str::to_owned)
        .collect())
}
