//! [`Ledger`]: one account's history in a SQLite file.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use solapi_cash_blocking::Client;
use solapi_cash_types::{BalanceResponse, HistoryEntry, HistoryQuery};

use crate::audit::{AuditReport, Auditor, Link};
use crate::error::LedgerError;
use crate::query::{self, Order};
use crate::sync::{self, SyncOptions, SyncReport};

/// A ledger: the history of one account, synced from the service into a SQLite file.
///
/// ```no_run
/// use solapi_cash_blocking::Client;
/// use solapi_cash_ledger::{Ledger, Order, SyncOptions};
/// use solapi_cash_types::HistoryQuery;
///
/// let client = Client::from_env()?;
/// let mut ledger = Ledger::open("cash.sqlite3")?;
/// let report = ledger.sync(&client, &SyncOptions::default())?;
/// println!("{} new, {} revised", report.added, report.revised.len());
/// let audit = ledger.audit(Some(&client.balance()?))?;
/// assert!(audit.is_clean(), "{:?}", audit.findings);
/// ledger.for_each_sent(&HistoryQuery::default(), Order::NewestFirst, |sent| {
///     println!("{sent}");
///     Ok::<_, solapi_cash_ledger::LedgerError>(true)
/// })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Ledger {
    conn: Connection,
    path: PathBuf,
}

impl Ledger {
    /// Opens the ledger at `path`, creating it (mode 0600) if there is none, and migrating
    /// an older schema.
    ///
    /// # Errors
    /// [`LedgerError::NotALedger`] for a file that is not one (left untouched),
    /// [`LedgerError::NewerSchema`], [`LedgerError::Open`] for a directory that cannot be
    /// written.
    pub fn open(path: impl AsRef<Path>) -> Result<Ledger, LedgerError> {
        let path = path.as_ref().to_owned();
        let conn = crate::schema::open(&path, true)?;
        Ok(Ledger { conn, path })
    }

    /// Opens an existing ledger to read it: never creates one; reads one in a read-only
    /// file or directory as it is.
    ///
    /// # Errors
    /// As [`open`](Self::open); [`LedgerError::Open`] when there is none.
    pub fn open_existing(path: impl AsRef<Path>) -> Result<Ledger, LedgerError> {
        let path = path.as_ref().to_owned();
        let conn = crate::schema::open_read_only(&path)?;
        Ok(Ledger { conn, path })
    }

    /// Its file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Syncs it with the service through `client`: resumes a pass a stopped sync left,
    /// then reads what is new and the lookback window (see `docs/ledger.md`). Every page
    /// is committed with the state that says where the sync stands, so a sync stopped at
    /// any moment (even SIGKILL) loses nothing and the next one resumes.
    ///
    /// # Errors
    /// [`LedgerError::Busy`] when another sync holds the ledger longer than
    /// `options.lock_wait`; [`LedgerError::Api`] when a request fails (pages committed
    /// before it stay); [`LedgerError::Storage`] when the disk refuses a write (full, or
    /// the file at its size limit) and [`LedgerError::Sqlite`] when SQLite refuses one
    /// otherwise (either way that page is rolled back and every page before it stays).
    pub fn sync(
        &mut self,
        client: &Client,
        options: &SyncOptions,
    ) -> Result<SyncReport, LedgerError> {
        self.sync_with_progress(client, options, &mut |_| {})
    }

    /// [`sync`](Self::sync), calling `on_page` after each page with the report so far.
    ///
    /// # Errors
    /// As [`sync`](Self::sync).
    pub fn sync_with_progress(
        &mut self,
        client: &Client,
        options: &SyncOptions,
        on_page: &mut sync::OnPage<'_>,
    ) -> Result<SyncReport, LedgerError> {
        sync::run(&mut self.conn, &self.path, client, options, on_page)
    }

    /// Audits the chain from the oldest entry to the newest and, given the service's
    /// balance, the newest entry against it.
    ///
    /// # Errors
    /// [`LedgerError::Sqlite`]; [`LedgerError::Corrupt`] for a stored amount that is not
    /// a number.
    pub fn audit(&self, balance: Option<&BalanceResponse>) -> Result<AuditReport, LedgerError> {
        let mut auditor = Auditor::new();
        // The amounts and dates are read from each entry's text as sent (decoded exactly,
        // as every reader of the ledger decodes it): no typed column copies them.
        let mut statement = self.conn.prepare(
            "SELECT history_id, sent FROM entries WHERE missing_pass IS NULL \
             ORDER BY date_ms ASC, tie ASC",
        )?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            let sent = row.get_ref(1)?;
            let sent = sent.as_str().map_err(rusqlite::Error::from)?;
            let entry: HistoryEntry =
                serde_json::from_str(sent).map_err(|e| LedgerError::Corrupt {
                    id: id.clone(),
                    reason: format!("its text is not an entry: {e}"),
                })?;
            auditor.push(Link {
                date: entry.date_created.as_str().to_owned(),
                balance_amount: entry.balance_amount,
                point_amount: entry.point_amount,
                old_balance: entry.old_balance,
                new_balance: entry.new_balance,
                old_point: entry.old_point,
                new_point: entry.new_point,
                id,
            });
        }
        let service = balance.and_then(|b| b.balance.as_ref().map(|m| (m, b.point.as_ref())));
        let mut report = auditor.finish(service);
        let (missing, revised): (i64, i64) = self.conn.query_row(
            "SELECT (SELECT count(*) FROM entries WHERE missing_pass IS NOT NULL), \
             (SELECT count(DISTINCT history_id) FROM revisions)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        report.sync_unfinished = crate::store::unfinished(&self.conn)?.is_some();
        report.missing = u64::try_from(missing).unwrap_or(0);
        report.revised = u64::try_from(revised).unwrap_or(0);
        Ok(report)
    }

    /// Calls `f` with the text (as sent) of each entry `query` selects — its dates, filters,
    /// offset and limit as the service reads them — in `order`, until `f` answers `false`.
    /// Entries flagged missing are left out. Returns how many were handed over.
    ///
    /// # Errors
    /// [`LedgerError::Sqlite`], or `f`'s own.
    pub fn for_each_sent<E: From<LedgerError>>(
        &self,
        query: &HistoryQuery,
        order: Order,
        mut f: impl FnMut(&str) -> Result<bool, E>,
    ) -> Result<u64, E> {
        let (sql, values) = query::select(query, order);
        let mut statement = self.conn.prepare(&sql).map_err(LedgerError::from)?;
        let mut rows = statement
            .query(rusqlite::params_from_iter(values))
            .map_err(LedgerError::from)?;
        let mut n = 0;
        while let Some(row) = rows.next().map_err(LedgerError::from)? {
            let amount = row.get_ref(1).map_err(LedgerError::from)?;
            let amount = amount
                .as_str()
                .map_err(|e| LedgerError::from(rusqlite::Error::from(e)))?;
            if !query::amount_matches(query, amount)? {
                continue;
            }
            let sent = row.get_ref(0).map_err(LedgerError::from)?;
            let sent = sent
                .as_str()
                .map_err(|e| LedgerError::from(rusqlite::Error::from(e)))?;
            n += 1;
            if !f(sent)? {
                break;
            }
        }
        Ok(n)
    }

    /// The entries `query` selects, decoded (see [`for_each_sent`](Self::for_each_sent)).
    ///
    /// # Errors
    /// As [`for_each_sent`](Self::for_each_sent); [`LedgerError::Corrupt`] for a stored
    /// text that no longer decodes.
    pub fn entries(
        &self,
        query: &HistoryQuery,
        order: Order,
    ) -> Result<Vec<HistoryEntry>, LedgerError> {
        let mut out = Vec::new();
        self.for_each_sent(query, order, |sent| {
            out.push(decode(sent)?);
            Ok::<_, LedgerError>(true)
        })?;
        Ok(out)
    }

    /// How many entries it holds (flagged missing included).
    ///
    /// # Errors
    /// [`LedgerError::Sqlite`].
    pub fn len(&self) -> Result<u64, LedgerError> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM entries", [], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Whether it holds no entry.
    ///
    /// # Errors
    /// [`LedgerError::Sqlite`].
    pub fn is_empty(&self) -> Result<bool, LedgerError> {
        self.len().map(|n| n == 0)
    }

    /// The account whose entries it holds, once a sync has stored one.
    ///
    /// # Errors
    /// [`LedgerError::Sqlite`].
    pub fn account_id(&self) -> Result<Option<String>, LedgerError> {
        crate::store::account(&self.conn)
    }

    /// The earlier texts of an entry that came back different, oldest first, with the
    /// number of the revision each was.
    ///
    /// # Errors
    /// [`LedgerError::Sqlite`].
    pub fn revisions(&self, history_id: &str) -> Result<Vec<(i64, String)>, LedgerError> {
        let mut statement = self.conn.prepare(
            "SELECT revision, sent FROM revisions WHERE history_id = ?1 ORDER BY revision",
        )?;
        let rows = statement.query_map([history_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The ids of the entries flagged missing.
    ///
    /// # Errors
    /// [`LedgerError::Sqlite`].
    pub fn missing(&self) -> Result<Vec<String>, LedgerError> {
        let mut statement = self.conn.prepare(
            "SELECT history_id FROM entries WHERE missing_pass IS NOT NULL \
             ORDER BY date_ms, tie",
        )?;
        let rows = statement.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// Decodes a stored text.
///
/// # Errors
/// [`LedgerError::Corrupt`] when it is not an entry.
pub fn decode(sent: &str) -> Result<HistoryEntry, LedgerError> {
    serde_json::from_str(sent).map_err(|e| LedgerError::Corrupt {
        id: sent.chars().take(80).collect(),
        reason: e.to_string(),
    })
}
