//! The config file: named profiles in TOML in the platform's config directory, private to
//! its owner.
//!
//! ```toml
//! [profiles.default]
//! api_key = "NCSAYU7YDBXYORXC"
//! api_secret = "..."
//!
//! [profiles.staging]
//! access_token = "..."
//! base_url = "http://127.0.0.1:8080"
//! tz = "UTC"
//! payment_id = "1407974467827303801565071718686"
//! ```
//!
//! It holds secrets, so it is written with mode 0600 from its creation (a new file in the
//! same directory, created with that mode, synced, then renamed over the old one: there is no
//! moment when the secret is readable by others, and no half-written file), and a file that
//! group or others may read is refused rather than read.
//!
//! Changes are serialised: [`update`] holds an exclusive advisory lock on a sibling lock file
//! (`.config.toml.lock`) from before it reads the file until the new one is renamed into
//! place, so concurrent `config set` runs each see the others' changes and none is lost.
//! The lock is on a file of its own because the config file's inode is replaced by every
//! write. Readers take no lock: a rename is atomic, so they see the old file or the new one.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::args::Field;
use crate::failure::Failure;

/// Overrides the path of the config file.
pub(crate) const CONFIG_ENV: &str = "SOLAPI_CONFIG";

/// What the file holds.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConfigFile {
    /// Profiles by name.
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// One profile: any of the settings.
#[derive(Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Profile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_secret: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tz: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_id: Option<String>,
}

impl Profile {
    /// The value of a field.
    pub(crate) fn get(&self, field: Field) -> Option<&str> {
        match field {
            Field::ApiKey => self.api_key.as_deref(),
            Field::ApiSecret => self.api_secret.as_deref(),
            Field::AccessToken => self.access_token.as_deref(),
            Field::BaseUrl => self.base_url.as_deref(),
            Field::Tz => self.tz.as_deref(),
            Field::PaymentId => self.payment_id.as_deref(),
        }
        .filter(|v| !v.is_empty())
    }

    /// Sets (`Some`) or removes (`None`) a field.
    pub(crate) fn set(&mut self, field: Field, value: Option<String>) {
        let slot = match field {
            Field::ApiKey => &mut self.api_key,
            Field::ApiSecret => &mut self.api_secret,
            Field::AccessToken => &mut self.access_token,
            Field::BaseUrl => &mut self.base_url,
            Field::Tz => &mut self.tz,
            Field::PaymentId => &mut self.payment_id,
        };
        *slot = value;
    }
}

impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let masked = |v: &Option<String>| v.as_ref().map(|_| "********");
        f.debug_struct("Profile")
            .field("api_key", &self.api_key)
            .field("api_secret", &masked(&self.api_secret))
            .field("access_token", &masked(&self.access_token))
            .field("base_url", &self.base_url)
            .field("tz", &self.tz)
            .field("payment_id", &self.payment_id)
            .finish()
    }
}

/// Where the file is: `$SOLAPI_CONFIG`, else `solapi-cash/config.toml` in the config
/// directory of the platform as `etcetera` finds it: `$XDG_CONFIG_HOME`, else
/// `~/.config`, on Linux and macOS alike (like most command-line tools, rather than
/// `~/Library/Application Support`), and the roaming `%APPDATA%` on Windows. Only called when
/// the file is needed, so a run with every setting in the environment needs no home.
pub(crate) fn path() -> Result<PathBuf, Failure> {
    if let Some(path) = std::env::var_os(CONFIG_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    let dirs = etcetera::choose_base_strategy().map_err(|_| {
        Failure::usage("cannot find the config file: no home directory (HOME is not set)").hint(
            format!(
                "set {CONFIG_ENV} to the file's path, or give every setting by flag or \
                 environment (SOLAPI_API_KEY, SOLAPI_API_SECRET, SOLAPI_BASE_URL)"
            ),
        )
    })?;
    Ok(etcetera::BaseStrategy::config_dir(&dirs)
        .join("solapi-cash")
        .join("config.toml"))
}

/// Reads the file; `None` when it does not exist.
pub(crate) fn load(path: &Path) -> Result<Option<ConfigFile>, Failure> {
    let text = match read_private(path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Failure::io(&format!("reading {}", path.display()), &e)),
    };
    let text = text?;
    toml::from_str(&text).map(Some).map_err(|e| {
        // toml's message quotes the offending line, which may hold a secret: keep only
        // its first line (the position and the reason).
        let reason = e
            .message()
            .lines()
            .next()
            .unwrap_or("syntax error")
            .to_owned();
        let line = e.span().map_or(0, |span| {
            text.get(..span.start)
                .map_or(0, |before| before.matches('\n').count() + 1)
        });
        Failure::usage(format!(
            "{} is not a valid config file (line {line}): {reason}",
            path.display()
        ))
        .hint(
            "keys are api_key, api_secret, access_token, base_url, tz and payment_id under \
             [profiles.NAME]",
        )
    })
}

/// Opens the file, refuses it if others may read it, and reads it.
fn read_private(path: &Path) -> io::Result<Result<String, Failure>> {
    let file = fs::File::open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = file.metadata()?.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Ok(Err(Failure::usage(format!(
                "{} holds secrets but other users may read it (mode {mode:04o}); refusing to use it",
                path.display()
            ))
            .hint(format!("chmod 600 {}", path.display()))));
        }
    }
    io::read_to_string(file).map(Ok)
}

/// Reads the file (empty when it does not exist), lets `edit` change it, and writes it back —
/// all under the lock, so that no concurrent writer's change is lost. Nothing is written when
/// `edit` fails.
pub(crate) fn update<T>(
    path: &Path,
    edit: impl FnOnce(&mut ConfigFile) -> Result<T, Failure>,
) -> Result<T, Failure> {
    let failed = |e: &io::Error| Failure::io(&format!("writing {}", path.display()), e);
    let (dir, name) = split(path);
    create_private_dir(dir).map_err(|e| failed(&e))?;
    let _lock = lock(&dir.join(format!(".{name}.lock")))
        .map_err(|e| Failure::io(&format!("locking {}", path.display()), &e))?;
    let mut config = load(path)?.unwrap_or_default();
    let answer = edit(&mut config)?;
    save(path, &config)?;
    Ok(answer)
}

/// The directory of the file and its name.
fn split(path: &Path) -> (&Path, String) {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    (dir, name)
}

/// Opens (creating it private) and locks the lock file; the lock is released when the
/// returned file is closed, also when the process dies.
fn lock(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(path)?;
    // Called by path: std's own `File::lock` (Rust 1.89) is newer than the MSRV.
    fs4::FileExt::lock(&file)?;
    Ok(file)
}

/// Writes the file atomically, private from the first byte: a new file in the same
/// directory, synced, renamed over the old one, then the directory synced so that the
/// rename itself survives a crash.
fn save(path: &Path, config: &ConfigFile) -> Result<(), Failure> {
    let failed = |e: &io::Error| Failure::io(&format!("writing {}", path.display()), e);
    let body = toml::to_string(config).map_err(|e| {
        Failure::new(
            crate::exit::Exit::Other,
            format!("cannot write the config: {e}"),
        )
    })?;
    let (dir, name) = split(path);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let temp = dir.join(format!(".{name}.{}-{nanos}.tmp", std::process::id()));
    let result = write_new_private(&temp, HEADER, &body).and_then(|()| fs::rename(&temp, path));
    if let Err(e) = result {
        let _ = fs::remove_file(&temp);
        return Err(failed(&e));
    }
    sync_dir(dir);
    Ok(())
}

/// Makes a rename durable. Best effort: some file systems cannot sync a directory, and the
/// file itself is complete either way.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

const HEADER: &str = "# solapi-cash configuration: profiles of credentials and base URL.\n\
                      # It holds secrets: keep it private (mode 0600). See `solapi-cash config --help`.\n\n";

fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

fn write_new_private(path: &Path, header: &str, body: &str) -> io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(header.as_bytes())?;
    file.write_all(body.as_bytes())?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_hides_secrets_in_debug() {
        let mut config = ConfigFile::default();
        let mut p = Profile::default();
        p.set(Field::ApiKey, Some("KEY".into()));
        p.set(Field::ApiSecret, Some("s3cr\"et".into()));
        config.profiles.insert("work".into(), p);
        let text = toml::to_string(&config).unwrap();
        assert!(text.contains("[profiles.work]"), "{text}");
        let back: ConfigFile = toml::from_str(&format!("{HEADER}{text}")).unwrap();
        assert_eq!(
            back.profiles["work"].get(Field::ApiSecret),
            Some("s3cr\"et")
        );
        assert!(!format!("{back:?}").contains("s3cr"));
    }
}
