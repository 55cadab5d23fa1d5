//! The packaging checks of `cargo xtask ci`: every published crate packages and builds the
//! way crates.io would receive it, its package holds only what it should, and the command
//! installs from its package.

use std::collections::BTreeSet;
use std::path::Path;

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
    let crates = published()?;
    forget_earlier_packages(&crates)?;
    // `--allow-dirty` so that a developer can run ci before committing; the contents check
    // below refuses any packaged file git does not track, which is what a dirty tree could
    // smuggle in.
    let target = root().join("target").join("publish-check");
    step(
        "publish dry run (every published crate packaged and built alone)",
        cargo(&[
            "publish",
            "--dry-run",
            "--workspace",
            "--allow-dirty",
            "--target-dir",
        ])
        .arg(&target),
    )?;
    eprintln!("\n==> package contents");
    for Published { name, dir, .. } in &crates {
        let listed = output(
            "cargo package --list",
            &mut cargo(&["package", "--list", "--allow-dirty", "-p", name]),
        )?;
        let tracked = tracked_below(dir)?;
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
    install_from_packages(&crates)
}

/// Installs `solapi-cash` from its `.crate` file, as `cargo install --locked solapi-cash-cli`
/// would from crates.io, and runs it. Until the crates are published, their dependencies on
/// each other are served from their own `.crate` files too (a `[patch.crates-io]` per crate).
/// A debug build: what is checked is the package, not the optimiser.
fn install_from_packages(crates: &[Published]) -> Result<(), String> {
    eprintln!("\n==> install solapi-cash from its package");
    let mut package = cargo(&["package", "--allow-dirty", "--no-verify"]);
    for c in crates {
        package.args(["-p", &c.name]);
    }
    output("cargo package", &mut package)?;
    // Outside the workspace, or cargo would take the unpacked crates for its members.
    let scratch = std::env::temp_dir().join(format!("solapi-cash-install-{}", std::process::id()));
    let result = install_in(&scratch, crates);
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

fn install_in(scratch: &Path, crates: &[Published]) -> Result<(), String> {
    let sources = scratch.join("src");
    std::fs::create_dir_all(&sources).map_err(|e| format!("{}: {e}", sources.display()))?;
    let packages = root().join("target").join("package");
    for c in crates {
        let file = packages.join(format!("{}-{}.crate", c.name, c.version));
        let mut tar = std::process::Command::new("tar");
        tar.arg("xzf").arg(&file).arg("-C").arg(&sources);
        output("tar", &mut tar)?;
    }
    let cli = crates
        .iter()
        .find(|c| c.name == "solapi-cash-cli")
        .ok_or("solapi-cash-cli is not among the published crates")?;
    let bin_root = scratch.join("root");
    let mut install = cargo(&["install", "--locked", "--debug", "--quiet"]);
    install
        .arg("--path")
        .arg(sources.join(format!("{}-{}", cli.name, cli.version)))
        .arg("--root")
        .arg(&bin_root)
        .arg("--target-dir")
        .arg(root().join("target").join("install-check"));
    for c in crates.iter().filter(|c| c.name != cli.name) {
        let path = sources.join(format!("{}-{}", c.name, c.version));
        install.arg("--config").arg(format!(
            "patch.crates-io.{}.path={:?}",
            c.name,
            path.display().to_string()
        ));
    }
    output("cargo install", &mut install)?;
    let binary = bin_root.join("bin").join("solapi-cash");
    let version = output(
        "solapi-cash --version",
        std::process::Command::new(&binary).arg("--version"),
    )?;
    let expected = format!("solapi-cash {}", cli.version);
    if version.trim() != expected {
        return Err(format!(
            "the installed solapi-cash says {:?}, expected {expected:?}",
            version.trim()
        ));
    }
    eprintln!("installed from its package: {expected}");
    Ok(())
}

/// Removes what earlier runs left of our own packages and their builds. `cargo publish --workspace` serves the
/// packages to each other from a local registry under `target/package`, and cargo extracts
/// them into `$CARGO_HOME/registry/src/<that registry>/` — where an extraction of the same
/// name and version from an earlier run is reused as it is, stale (rust-lang/cargo#14789
/// and its follow-ups; the known workaround is to clear both). Only our own crates, and only
/// outside crates.io's folders, are touched: they have never been on crates.io.
fn forget_earlier_packages(crates: &[Published]) -> Result<(), String> {
    let remove = |path: &Path| match std::fs::remove_dir_all(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(format!("{}: {e}", path.display())),
    };
    remove(&root().join("target").join("package"))?;
    // Cargo never re-checks a registry crate's sources, so a build of an earlier package of
    // the same version would be reused: the dry run builds in a directory of its own.
    remove(&root().join("target").join("publish-check"))?;
    let home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")));
    let Some(home) = home else { return Ok(()) };
    let Ok(registries) = std::fs::read_dir(home.join("registry").join("src")) else {
        return Ok(());
    };
    for registry in registries.flatten() {
        if registry
            .file_name()
            .to_string_lossy()
            .starts_with("index.crates.io")
        {
            continue;
        }
        for c in crates {
            remove(&registry.path().join(format!("{}-{}", c.name, c.version)))?;
        }
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

/// A crate that may be published.
struct Published {
    name: String,
    version: String,
    /// Relative to the root, with a trailing `/`.
    dir: String,
}

/// Every crate that may be published.
fn published() -> Result<Vec<Published>, String> {
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
        let version = package["version"].as_str().unwrap_or_default().to_owned();
        let manifest = std::path::Path::new(package["manifest_path"].as_str().unwrap_or_default());
        let dir = manifest
            .parent()
            .and_then(|d| d.strip_prefix(&root).ok())
            .map(|d| format!("{}/", d.display()))
            .ok_or_else(|| format!("{name}: manifest outside the workspace"))?;
        crates.push(Published { name, version, dir });
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
