//! Installs the pinned official SDKs once per build directory, into
//! `target/tmp/official-sdks/` (ignored by git), from the lock files beside this file:
//! `npm ci` from `package-lock.json`, `pip install --no-deps` from the fully pinned
//! `requirements.txt`. A finished install leaves a stamp holding the lock file it came
//! from, so a changed pin installs again and an unchanged one costs nothing.
//!
//! Any failure panics with the command and its output: the oracle never skips.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Where the SDKs are, once installed.
pub struct Sdks {
    /// `node_modules` holding `solapi` (for `NODE_PATH`).
    pub node_modules: PathBuf,
    /// The folder holding the `solapi` Python package and its dependencies (for `PYTHONPATH`).
    pub python_path: PathBuf,
}

/// The installed SDKs; installs them on first use (one test thread installs, the others
/// wait).
pub fn sdks() -> &'static Sdks {
    static SDKS: OnceLock<Sdks> = OnceLock::new();
    SDKS.get_or_init(|| {
        let here = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/official_sdks");
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("official-sdks");
        Sdks {
            node_modules: install_node(&here, &root.join("node")),
            python_path: install_python(&here, &root.join("python")),
        }
    })
}

fn install_node(here: &Path, dir: &Path) -> PathBuf {
    let lock = read(&here.join("package-lock.json"));
    if !is_current(dir, &lock) {
        fresh_dir(dir);
        for file in ["package.json", "package-lock.json"] {
            std::fs::copy(here.join(file), dir.join(file))
                .unwrap_or_else(|e| panic!("cannot copy {file} to {}: {e}", dir.display()));
        }
        // `npm ci` installs exactly the lock file; no package runs install scripts.
        run(
            "the official Node SDK (needs node 18+ and npm)",
            Command::new("npm")
                .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
                .args(["--loglevel", "error"])
                .current_dir(dir),
        );
        stamp(dir, &lock);
    }
    dir.join("node_modules")
}

fn install_python(here: &Path, dir: &Path) -> PathBuf {
    let requirements = here.join("requirements.txt");
    let pins = read(&requirements);
    if !is_current(dir, &pins) {
        fresh_dir(dir);
        let target = dir.join("site");
        // Every dependency is pinned in the file, so pip resolves nothing; wheels only, so
        // no package's build code runs.
        run(
            "the official Python SDK (needs python3 3.9+ with pip)",
            Command::new(python())
                .args(["-m", "pip", "install", "--no-deps", "--only-binary=:all:"])
                .args(["--disable-pip-version-check", "--no-input", "--quiet"])
                .arg("--target")
                .arg(&target)
                .arg("-r")
                .arg(&requirements),
        );
        stamp(dir, &pins);
    }
    dir.join("site")
}

/// The Python interpreter: `SOLAPI_ORACLE_PYTHON`, else `python3`.
pub fn python() -> String {
    std::env::var("SOLAPI_ORACLE_PYTHON").unwrap_or_else(|_| "python3".to_owned())
}

const STAMP: &str = ".installed-from";

fn is_current(dir: &Path, lock: &str) -> bool {
    std::fs::read_to_string(dir.join(STAMP)).is_ok_and(|s| s == lock)
}

fn stamp(dir: &Path, lock: &str) {
    std::fs::write(dir.join(STAMP), lock)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", dir.join(STAMP).display()));
}

fn fresh_dir(dir: &Path) {
    if dir.exists() {
        std::fs::remove_dir_all(dir)
            .unwrap_or_else(|e| panic!("cannot clear {}: {e}", dir.display()));
    }
    std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn run(what: &str, command: &mut Command) {
    let shown = format!("{command:?}");
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("cannot install {what}: cannot run {shown}: {e}"));
    assert!(
        output.status.success(),
        "cannot install {what}: {shown} failed ({}):\n{}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
