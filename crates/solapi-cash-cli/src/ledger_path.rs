//! Where `sync` and `ledger …` keep the ledger by default: one file per API key (one
//! account each) in solapi-cash's data directory.

use std::path::PathBuf;

use crate::failure::Failure;
use crate::ledger_args::DbArg;
use crate::settings::Settings;

/// The ledger's path: `--db`, else `ledger-<API key>.sqlite3` (`ledger-profile-<name>` with a
/// token, which names no account) in the data directory, created private if missing.
pub(crate) fn resolve(db: &DbArg, settings: &Settings) -> Result<PathBuf, Failure> {
    let path = path(db, settings)?;
    if db.db.is_none()
        && let Some(dir) = path.parent()
    {
        create_private_dir(dir)
            .map_err(|e| Failure::io(&format!("creating {}", dir.display()), &e))?;
    }
    Ok(path)
}

/// The ledger's path as [`resolve`] gives it, creating nothing (for commands that only read
/// a ledger when there is one).
pub(crate) fn path(db: &DbArg, settings: &Settings) -> Result<PathBuf, Failure> {
    if let Some(path) = &db.db {
        return Ok(path.clone());
    }
    let name = match &settings.api_key {
        Some(key) => format!("ledger-{}.sqlite3", safe(&key.value)),
        None => format!("ledger-profile-{}.sqlite3", safe(&settings.profile.value)),
    };
    let dirs = etcetera::choose_base_strategy().map_err(|_| {
        Failure::usage("cannot find the data directory: no home directory (HOME is not set)")
            .hint("give the ledger's path with --db PATH")
    })?;
    let dir = etcetera::BaseStrategy::data_dir(&dirs).join("solapi-cash");
    Ok(dir.join(name))
}

/// Letters, digits, `-` and `_` of a name; the rest becomes `_` (a file name on every
/// platform).
fn safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn create_private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_are_file_names() {
        assert_eq!(super::safe("NCSAYU7YDBXYORXC"), "NCSAYU7YDBXYORXC");
        assert_eq!(super::safe("../a b"), "___a_b");
    }
}
