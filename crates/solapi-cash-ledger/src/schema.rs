//! Opening a ledger: the file created private, SQLite's settings, and the schema versioned
//! with `PRAGMA user_version`.
//!
//! The migrations are a list of SQL scripts applied in order, each in the transaction that
//! sets its version. They are written by hand instead of with `rusqlite_migration`: that
//! crate does the same in a few lines (`user_version` and a list of scripts), while adding a
//! dependency that pins our rusqlite minor version (2.6 requires 0.40.x) and so moves
//! every rusqlite upgrade behind its release; what it would save is these thirty lines.

use std::fs::OpenOptions;
use std::path::Path;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::error::LedgerError;

/// The scripts, in order; the schema's version is how many have been applied.
const MIGRATIONS: &[&str] = &[
    // 1: entries with typed columns and their text as sent, revisions, the sync state.
    // Entries in a rowid table (appended in the order read) with a narrow unique index on
    // the id: ids arrive in no order, and a table clustered on them (WITHOUT ROWID) moved
    // whole rows of ~600 bytes around on every insert.
    "CREATE TABLE entries (
        history_id TEXT NOT NULL UNIQUE,
        date_ms INTEGER NOT NULL,
        tie INTEGER NOT NULL,
        date_created TEXT NOT NULL,
        kind TEXT NOT NULL,
        account_id TEXT NOT NULL,
        balance_amount TEXT NOT NULL,
        point_amount TEXT NOT NULL,
        old_balance TEXT NOT NULL,
        new_balance TEXT NOT NULL,
        old_point TEXT NOT NULL,
        new_point TEXT NOT NULL,
        balance_sign INTEGER NOT NULL,
        point_sign INTEGER NOT NULL,
        group_id TEXT,
        memo TEXT,
        recharge_method TEXT,
        service_method TEXT,
        sent TEXT NOT NULL,
        revision INTEGER NOT NULL DEFAULT 0,
        seen_pass INTEGER NOT NULL,
        missing_pass INTEGER
    );
    CREATE INDEX entries_by_date ON entries (date_ms, tie);
    CREATE TABLE revisions (
        history_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        sent TEXT NOT NULL,
        replaced_in_pass INTEGER NOT NULL,
        PRIMARY KEY (history_id, revision)
    ) WITHOUT ROWID;
    CREATE TABLE sync_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        account_id TEXT,
        last_pass INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 0,
        import INTEGER NOT NULL DEFAULT 1,
        lookback_ms INTEGER NOT NULL DEFAULT 0,
        pin_text TEXT,
        pin_ms INTEGER,
        next_offset INTEGER NOT NULL DEFAULT 0,
        anchor TEXT,
        position INTEGER NOT NULL DEFAULT 0,
        restarts INTEGER NOT NULL DEFAULT 0
    );
    INSERT INTO sync_state (id) VALUES (1);
    CREATE TABLE passes (
        pass INTEGER PRIMARY KEY,
        import INTEGER NOT NULL,
        pages INTEGER NOT NULL DEFAULT 0,
        added INTEGER NOT NULL DEFAULT 0,
        revised INTEGER NOT NULL DEFAULT 0,
        flagged_missing INTEGER NOT NULL DEFAULT 0,
        finished INTEGER NOT NULL DEFAULT 0
    );",
    // 2: typed columns only for what queries filter on (the date and its tie-breaker, the
    // kind, the group, the methods, the signs, the amount): the dates as text, the
    // account, the memo, the point amount and the old and new balance and point were
    // copies of the text as sent, which the audit now reads (639 -> 573 bytes an entry
    // for an import to write). Copied once into a new table: SQLite's
    // `DROP COLUMN` would rewrite the table once per column.
    // The date index in descending order: the service lists newest first, so an import
    // inserts in that index's order, appending to it (kept during the import instead of
    // built at its end by reading the whole table back); queries read it either way.
    "CREATE TABLE entries_v2 (
        history_id TEXT NOT NULL UNIQUE,
        date_ms INTEGER NOT NULL,
        tie INTEGER NOT NULL,
        kind TEXT NOT NULL,
        balance_amount TEXT NOT NULL,
        balance_sign INTEGER NOT NULL,
        point_sign INTEGER NOT NULL,
        group_id TEXT,
        recharge_method TEXT,
        service_method TEXT,
        revision INTEGER NOT NULL DEFAULT 0,
        seen_pass INTEGER NOT NULL,
        missing_pass INTEGER,
        sent TEXT NOT NULL
    );
    INSERT INTO entries_v2 (rowid, history_id, date_ms, tie, kind, balance_amount,
        balance_sign, point_sign, group_id, recharge_method, service_method, revision,
        seen_pass, missing_pass, sent)
        SELECT rowid, history_id, date_ms, tie, kind, balance_amount, balance_sign,
        point_sign, group_id, recharge_method, service_method, revision, seen_pass,
        missing_pass, sent FROM entries ORDER BY rowid;
    DROP TABLE entries;
    ALTER TABLE entries_v2 RENAME TO entries;
    CREATE INDEX entries_by_date ON entries (date_ms DESC, tie DESC);",
];

/// The schema version this program writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// How long a statement waits for another connection's write before failing (SQLite's
/// busy timeout: readers during a sync, or a second writer).
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Opens the ledger at `path`, creating it (mode 0600) and its schema if `create`;
/// migrates an older schema; refuses a newer one or a file that is not a ledger, leaving it
/// as it was.
pub(crate) fn open(path: &Path, create: bool) -> Result<Connection, LedgerError> {
    let existed = path.exists();
    if !existed {
        if !create {
            return Err(LedgerError::Open {
                path: path.to_owned(),
                source: std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "no ledger there yet: `solapi-cash sync` creates it",
                ),
            });
        }
        create_private(path)?;
    }
    let not_a_ledger = |e: &dyn std::fmt::Display| LedgerError::NotALedger {
        path: path.to_owned(),
        reason: e.to_string(),
    };
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| not_a_ledger(&e))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // Reading the version is the first read of the file: a file that is not a database
    // fails here, before anything is written to it.
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(|e| not_a_ledger(&e))?;
    if version > SCHEMA_VERSION {
        return Err(LedgerError::NewerSchema {
            path: path.to_owned(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    if version == 0 && existed && has_tables(&conn).map_err(|e| not_a_ledger(&e))? {
        return Err(not_a_ledger(&"a SQLite database of something else"));
    }
    if !existed {
        // 8 KiB pages (SQLite's default is 4 KiB), settable only before the first write:
        // an entry's row is about 600 bytes, and an import writes a million of them;
        // half as many pages is half the page headers, cell pointers and WAL frames.
        conn.pragma_update(None, "page_size", 8192)?;
    }
    // WAL: readers see the last committed page while a sync writes the next one.
    // NORMAL: a commit survives a crash of the program (not always a power cut of the
    // machine, where the last pages may be lost and are read again by the next sync).
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(|e| not_a_ledger(&e))?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // 64 MiB of page cache (the default is 2 MiB): the id index of a million entries stays
    // in memory while an import inserts into it at random places.
    conn.pragma_update(None, "cache_size", -65_536)?;
    // Checkpoint the WAL into the file every 16,384 pages (128 MiB) instead of every 1000:
    // an import writes hundreds of megabytes, and each checkpoint waits for the disk twice
    // (synchronous=NORMAL syncs the WAL before it and the file after it). Once
    // checkpointed, the WAL is cut back to 64 MiB rather than kept at its largest.
    conn.pragma_update(None, "wal_autocheckpoint", 16_384)?;
    conn.pragma_update(None, "journal_size_limit", 64 * 1024 * 1024)?;
    migrate(&conn, version, path)?;
    Ok(conn)
}

/// Opens a ledger only to read it (reports): never creates or migrates it.
pub(crate) fn open_read_only(path: &Path) -> Result<Connection, LedgerError> {
    if !path.exists() {
        return open(path, false);
    }
    let conn = open(path, false);
    match conn {
        // A read-only file or directory: read without WAL set-up or migrations.
        Err(LedgerError::Sqlite(_) | LedgerError::Storage(_) | LedgerError::NotALedger { .. })
            if is_read_only(path) =>
        {
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let conn =
                Connection::open_with_flags(path, flags).map_err(|e| LedgerError::NotALedger {
                    path: path.to_owned(),
                    reason: e.to_string(),
                })?;
            Ok(conn)
        }
        other => other,
    }
}

fn is_read_only(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly())
        || path
            .parent()
            .and_then(|d| std::fs::metadata(d).ok())
            .is_some_and(|m| m.permissions().readonly())
}

/// Creates the empty file, private from its first byte (SQLite would create it with the
/// process's umask, usually readable by everyone). The WAL and shared-memory files SQLite
/// adds take their mode from it.
fn create_private(path: &Path) -> Result<(), LedgerError> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
        .open(path)
        .map(drop)
        .map_err(|source| LedgerError::Open {
            path: path.to_owned(),
            source,
        })
}

fn has_tables(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |row| {
        row.get::<_, i64>(0)
    })
    .map(|n| n > 0)
}

/// Applies the scripts after `version`, each with its new version in one transaction.
fn migrate(conn: &Connection, version: i64, path: &Path) -> Result<(), LedgerError> {
    let applied = usize::try_from(version).unwrap_or(0);
    for (i, script) in MIGRATIONS.iter().enumerate().skip(applied) {
        let mut conn_tx =
            rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
        // Another process may have migrated meanwhile: read the version under the lock.
        let now: i64 = conn_tx.pragma_query_value(None, "user_version", |row| row.get(0))?;
        if now > i as i64 {
            conn_tx.set_drop_behavior(rusqlite::DropBehavior::Rollback);
            continue;
        }
        conn_tx
            .execute_batch(script)
            .map_err(|e| LedgerError::NotALedger {
                path: path.to_owned(),
                reason: format!("migration {} failed: {e}", i + 1),
            })?;
        conn_tx.pragma_update(None, "user_version", i as i64 + 1)?;
        conn_tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A ledger of schema 1 with an entry: migration 2 keeps every row (its rowid, its
    /// text as sent, its typed columns), drops the copies, and keeps the date index.
    #[test]
    fn migration_2_keeps_every_entry() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v1.sqlite3");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(MIGRATIONS[0]).unwrap();
            conn.execute_batch(
                "INSERT INTO entries (rowid, history_id, date_ms, tie, date_created, kind, \
                 account_id, balance_amount, point_amount, old_balance, new_balance, \
                 old_point, new_point, balance_sign, point_sign, group_id, memo, \
                 recharge_method, service_method, sent, revision, seen_pass, missing_pass) \
                 VALUES (7, 'h1', 1000, 3, '1970-01-01T00:00:01.000Z', 'RECHARGE', 'a1', \
                 '8.4', '0', '0', '8.4', '0', '0', 1, 0, 'g', 'm', 'CARD', NULL, '{\"x\":1}', \
                 2, 5, 4);
                 PRAGMA user_version = 1;",
            )
            .unwrap();
        }
        let conn = open(&path, false).unwrap();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        let row: (
            i64,
            String,
            i64,
            i64,
            String,
            String,
            i64,
            i64,
            Option<i64>,
            String,
        ) = conn
            .query_row(
                "SELECT rowid, history_id, date_ms, tie, kind, balance_amount, revision, \
                 seen_pass, missing_pass, sent FROM entries",
                [],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                        r.get(8)?,
                        r.get(9)?,
                    ))
                },
            )
            .unwrap();
        assert_eq!(
            row,
            (
                7,
                "h1".into(),
                1000,
                3,
                "RECHARGE".into(),
                "8.4".into(),
                2,
                5,
                Some(4),
                "{\"x\":1}".into()
            )
        );
        let gone = conn.prepare("SELECT old_balance FROM entries");
        assert!(gone.is_err(), "the copies are dropped");
        let indexes: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'index' \
                 AND tbl_name = 'entries' AND name = 'entries_by_date'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(indexes, 1);
        // The id stays unique.
        let again = conn.execute(
            "INSERT INTO entries (history_id, date_ms, tie, kind, balance_amount, \
             balance_sign, point_sign, sent, seen_pass) \
             VALUES ('h1', 0, 0, 'X', '0', 0, 0, '{}', 1)",
            [],
        );
        assert!(again.is_err());
    }
}
