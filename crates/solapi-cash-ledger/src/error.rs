//! [`LedgerError`]: everything a ledger operation can fail with, each saying what happened to
//! the data (nothing is left half-written: every change is one SQLite transaction).

use std::path::PathBuf;

/// Why a ledger operation failed. The database is never left half-written: a page, its
/// revisions and the sync state are one transaction.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LedgerError {
    /// The file is not a ledger (or not a SQLite database at all, or damaged).
    #[error("{path} is not a ledger this program can read ({reason}); it was left untouched")]
    NotALedger {
        /// The file.
        path: PathBuf,
        /// What SQLite or the check said.
        reason: String,
    },
    /// The ledger was written by a newer version of this program.
    #[error(
        "{path} has schema version {found}, newer than this program's {supported}: upgrade \
         solapi-cash to read it; it was left untouched"
    )]
    NewerSchema {
        /// The file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The newest this program knows.
        supported: i64,
    },
    /// The file or its directory cannot be opened or created.
    #[error("cannot open {path}: {source}")]
    Open {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Another sync holds the ledger's lock.
    #[error(
        "another sync of {path} is running (its lock file {lock} is held); this one stopped \
         before reading or writing anything"
    )]
    Busy {
        /// The ledger.
        path: PathBuf,
        /// The lock file.
        lock: PathBuf,
    },
    /// The ledger holds another account's entries.
    #[error(
        "this ledger holds account {stored}'s entries, the service sent account {sent}'s: \
         use another --db for each account"
    )]
    OtherAccount {
        /// The account in the ledger.
        stored: String,
        /// The account the service sent.
        sent: String,
    },
    /// The disk refused a write (full, or the file at its size limit) or a read: SQLite's
    /// `SQLITE_FULL` and `SQLITE_IOERR_*`. The transaction was rolled back.
    #[error(
        "the ledger database could not be written: {0} (the disk may be full, or the file \
         at its size limit); the page being written was rolled back and the ledger holds \
         every page before it: free some space and sync again"
    )]
    Storage(rusqlite::Error),
    /// SQLite refused a read or a write for another reason (a read-only file, a constraint…);
    /// the transaction was rolled back.
    #[error("the ledger database failed: {0} (the last page was not written)")]
    Sqlite(rusqlite::Error),
    /// A request to the service failed; pages committed before it stay.
    #[error("{0}")]
    Api(#[from] solapi_cash_blocking::Error),
    /// The history kept changing under the sync.
    #[error(transparent)]
    Plan(#[from] crate::plan::PlanError),
    /// A stored entry could not be read back.
    #[error("stored entry {id} cannot be read: {reason}")]
    Corrupt {
        /// Its `historyId`.
        id: String,
        /// Why.
        reason: String,
    },
}

impl From<rusqlite::Error> for LedgerError {
    /// Tells a disk that refused (`SQLITE_FULL`, `SQLITE_IOERR_*`: the write or read
    /// system call failed, as with `ENOSPC` or `EFBIG`) from SQLite's other failures, so that
    /// a full disk says so.
    fn from(e: rusqlite::Error) -> LedgerError {
        use rusqlite::ErrorCode::{DiskFull, SystemIoFailure};
        match e.sqlite_error_code() {
            Some(DiskFull | SystemIoFailure) => LedgerError::Storage(e),
            _ => LedgerError::Sqlite(e),
        }
    }
}
