//! The sync lock: one sync of a ledger at a time. An advisory lock on a file beside the
//! database (`<db>.lock`), released when the process ends however it ends; readers take
//! none (WAL shows them the last committed page).

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::LedgerError;

/// How often a waiting sync tries the lock again.
const RETRY: Duration = Duration::from_millis(50);

/// The lock file of the ledger at `db`.
pub(crate) fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_owned();
    name.push(".lock");
    db.with_file_name(name)
}

/// Takes the lock, waiting at most `wait` for another sync to end.
pub(crate) fn acquire(db: &Path, wait: Duration) -> Result<File, LedgerError> {
    let path = lock_path(db);
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(&path).map_err(|source| LedgerError::Open {
        path: path.clone(),
        source,
    })?;
    let deadline = Instant::now() + wait;
    loop {
        // Called by path: std's own `File::try_lock` (Rust 1.89) is newer than the MSRV.
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => return Ok(file),
            Err(fs4::TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(RETRY);
            }
            Err(fs4::TryLockError::WouldBlock) => {
                return Err(LedgerError::Busy {
                    path: db.to_owned(),
                    lock: path,
                });
            }
            Err(fs4::TryLockError::Error(source)) => {
                return Err(LedgerError::Open { path, source });
            }
        }
    }
}
