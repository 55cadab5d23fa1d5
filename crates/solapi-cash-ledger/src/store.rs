//! Writing pages: each page, its revisions and the cursor after it in one transaction, so
//! that what the sync state says and what the tables hold never disagree (Singer's rule:
//! state committed with the data it describes).

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use solapi_cash_types::{HistoryEntry, Money};

use crate::error::LedgerError;
use crate::plan::{Cursor, Pin};

/// What a page changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageOutcome {
    /// Entries the ledger did not hold.
    pub added: u64,
    /// Entries that came back different: `(historyId, new revision number)`.
    pub revised: Vec<(String, i64)>,
    /// Entries flagged missing before that came back.
    pub reappeared: u64,
}

/// An entry to write: the decoded entry and its text as sent.
pub(crate) struct Incoming<'a> {
    pub(crate) entry: &'a HistoryEntry,
    pub(crate) sent: std::borrow::Cow<'a, str>,
}

/// The sign of an amount, stored for the sign filters (`balanceRecharge`, …).
fn sign(m: &Money) -> i64 {
    if m.is_positive() {
        1
    } else if m.is_negative() {
        -1
    } else {
        0
    }
}

/// The date in Unix milliseconds.
pub(crate) fn date_ms(entry: &HistoryEntry) -> i64 {
    let t = entry.date_created.datetime();
    i64::try_from(t.unix_timestamp_nanos().div_euclid(1_000_000)).unwrap_or(i64::MAX)
}

const INSERT: &str = "INSERT INTO entries (history_id, date_ms, tie, kind, balance_amount, \
    balance_sign, point_sign, group_id, recharge_method, service_method, sent, seen_pass) \
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) \
    ON CONFLICT (history_id) DO NOTHING";

const REVISE: &str = "UPDATE entries SET date_ms = ?2, tie = ?3, kind = ?4, \
    balance_amount = ?5, balance_sign = ?6, point_sign = ?7, group_id = ?8, \
    recharge_method = ?9, service_method = ?10, sent = ?11, seen_pass = ?12, \
    revision = revision + 1, missing_pass = NULL WHERE history_id = ?1";

/// Inserts the entry if new, or else compares it with the stored one; counts what changed
/// in `outcome`.
fn put(
    tx: &Transaction<'_>,
    insert: &mut rusqlite::CachedStatement<'_>,
    cursor: &Cursor,
    position: u64,
    incoming: &Incoming<'_>,
    outcome: &mut PageOutcome,
) -> Result<(), LedgerError> {
    let e = incoming.entry;
    let values = params![
        e.history_id,
        date_ms(e),
        cursor.tie(position),
        e.kind.as_str(),
        e.balance_amount.to_string(),
        sign(&e.balance_amount),
        sign(&e.point_amount),
        e.group_id,
        e.recharge_method.as_ref().map(|m| m.as_str()),
        e.service_method.as_ref().map(|m| m.as_str()),
        incoming.sent.as_ref(),
        cursor.pass,
    ];
    if insert.execute(values)? == 1 {
        outcome.added += 1;
        return Ok(());
    }
    let (stored, revision, missing): (String, i64, Option<i64>) = tx
        .prepare_cached("SELECT sent, revision, missing_pass FROM entries WHERE history_id = ?1")?
        .query_row([&e.history_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    if stored == *incoming.sent {
        tx.prepare_cached(
            "UPDATE entries SET seen_pass = ?2, tie = ?3, missing_pass = NULL \
             WHERE history_id = ?1",
        )?
        .execute(params![e.history_id, cursor.pass, cursor.tie(position)])?;
    } else {
        tx.prepare_cached(
            "INSERT INTO revisions (history_id, revision, sent, replaced_in_pass) \
             VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![e.history_id, revision, stored, cursor.pass])?;
        tx.prepare_cached(REVISE)?.execute(values)?;
        outcome.revised.push((e.history_id.clone(), revision + 1));
    }
    if missing.is_some() {
        outcome.reappeared += 1;
    }
    Ok(())
}

/// Writes the entries of consecutive pages of one pass (each from its listing position on)
/// and the cursor after the last, in one transaction.
pub(crate) fn write_pages(
    conn: &mut Connection,
    cursor: &Cursor,
    pages: &[(u64, Vec<Incoming<'_>>)],
) -> Result<PageOutcome, LedgerError> {
    let tx = conn.transaction()?;
    let mut outcome = PageOutcome::default();
    // Prepared once a batch (not looked up by its text for each entry).
    let mut insert = tx.prepare_cached(INSERT)?;
    for (first_position, entries) in pages {
        check_account(&tx, entries)?;
        for (i, incoming) in entries.iter().enumerate() {
            put(
                &tx,
                &mut insert,
                cursor,
                first_position + i as u64,
                incoming,
                &mut outcome,
            )?;
        }
    }
    drop(insert);
    save_cursor(&tx, cursor, true)?;
    tx.prepare_cached(
        "UPDATE passes SET pages = pages + ?4, added = added + ?2, revised = revised + ?3 \
         WHERE pass = ?1",
    )?
    .execute(params![
        cursor.pass,
        outcome.added as i64,
        outcome.revised.len() as i64,
        pages.len() as i64
    ])?;
    tx.commit()?;
    Ok(outcome)
}

/// Refuses a page of another account's entries (the first page names the ledger's
/// account).
fn check_account(tx: &Transaction<'_>, entries: &[Incoming<'_>]) -> Result<(), LedgerError> {
    let Some(first) = entries.first() else {
        return Ok(());
    };
    let sent = &first.entry.account_id;
    let stored: Option<String> = tx
        .prepare_cached("SELECT account_id FROM sync_state WHERE id = 1")?
        .query_row([], |r| r.get(0))?;
    match stored {
        Some(stored) if stored != *sent => Err(LedgerError::OtherAccount {
            stored,
            sent: sent.clone(),
        }),
        Some(_) => Ok(()),
        None => {
            tx.execute("UPDATE sync_state SET account_id = ?1 WHERE id = 1", [sent])?;
            Ok(())
        }
    }
}

/// Records the cursor; `active` while the pass runs.
pub(crate) fn save_cursor(
    tx: &Transaction<'_>,
    cursor: &Cursor,
    active: bool,
) -> Result<(), LedgerError> {
    tx.prepare_cached(
        "UPDATE sync_state SET last_pass = ?1, active = ?2, import = ?3, lookback_ms = ?4, \
         pin_text = ?5, pin_ms = ?6, next_offset = ?7, anchor = ?8, position = ?9, \
         restarts = ?10 WHERE id = 1",
    )?
    .execute(params![
        cursor.pass,
        active,
        cursor.import,
        cursor.lookback_ms,
        cursor.pin.as_ref().map(|p| p.text.as_str()),
        cursor.pin.as_ref().map(|p| p.ms),
        i64::try_from(cursor.next_offset).unwrap_or(i64::MAX),
        cursor.anchor,
        i64::try_from(cursor.position).unwrap_or(i64::MAX),
        cursor.restarts,
    ])?;
    Ok(())
}

/// The pass left unfinished by a sync that stopped (killed, failed), if any.
pub(crate) fn unfinished(conn: &Connection) -> Result<Option<Cursor>, LedgerError> {
    let row = conn
        .query_row(
            "SELECT last_pass, import, lookback_ms, pin_text, pin_ms, next_offset, anchor, \
             position, restarts FROM sync_state WHERE id = 1 AND active = 1",
            [],
            |r| {
                let pin = match (r.get::<_, Option<String>>(3)?, r.get::<_, Option<i64>>(4)?) {
                    (Some(text), Some(ms)) => Some(Pin { text, ms }),
                    _ => None,
                };
                Ok(Cursor {
                    pass: r.get(0)?,
                    import: r.get(1)?,
                    lookback_ms: r.get(2)?,
                    pin,
                    next_offset: u64::try_from(r.get::<_, i64>(5)?).unwrap_or(0),
                    anchor: r.get(6)?,
                    position: u64::try_from(r.get::<_, i64>(7)?).unwrap_or(0),
                    restarts: r.get(8)?,
                })
            },
        )
        .optional()?;
    Ok(row)
}

/// Starts a new pass: its number, whether it imports (nothing stored yet, or the last
/// import never finished), committed before its first request.
pub(crate) fn begin_pass(conn: &mut Connection, lookback_ms: i64) -> Result<Cursor, LedgerError> {
    let tx = conn.transaction()?;
    let last: i64 = tx.query_row("SELECT last_pass FROM sync_state WHERE id = 1", [], |r| {
        r.get(0)
    })?;
    let imported: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM passes WHERE import = 1 AND finished = 1)",
        [],
        |r| r.get(0),
    )?;
    let cursor = Cursor::start(last + 1, !imported, lookback_ms);
    tx.execute(
        "INSERT INTO passes (pass, import) VALUES (?1, ?2)",
        params![cursor.pass, cursor.import],
    )?;
    save_cursor(&tx, &cursor, true)?;
    tx.commit()?;
    Ok(cursor)
}

/// Ends a pass: entries of its range it did not see are flagged missing (never deleted),
/// and the pass is recorded as finished. Returns how many were flagged.
pub(crate) fn finish_pass(conn: &mut Connection, cursor: &Cursor) -> Result<u64, LedgerError> {
    let tx = conn.transaction()?;
    // Stored entries newer than the pin count too: the pass's first page, read without an
    // end date, would have listed them. When no earlier pass stored an entry (a first
    // import), every entry was seen by this one: the scan of the whole table is skipped.
    let earlier: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM passes WHERE pass < ?1 AND added > 0)",
        [cursor.pass],
        |r| r.get(0),
    )?;
    let flagged = if earlier {
        tx.execute(
            "UPDATE entries SET missing_pass = ?1 WHERE missing_pass IS NULL \
             AND seen_pass < ?1 AND date_ms >= ?2",
            params![cursor.pass, cursor.cutoff_ms()],
        )?
    } else {
        0
    };
    save_cursor(&tx, cursor, false)?;
    tx.execute(
        "UPDATE passes SET finished = 1, flagged_missing = ?2 WHERE pass = ?1",
        params![cursor.pass, flagged as i64],
    )?;
    tx.commit()?;
    Ok(flagged as u64)
}

/// Whether each id is stored.
pub(crate) fn stored(conn: &Connection, ids: &[&str]) -> Result<Vec<bool>, LedgerError> {
    let mut statement =
        conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM entries WHERE history_id = ?1)")?;
    ids.iter()
        .map(|id| Ok(statement.query_row([id], |r| r.get(0))?))
        .collect()
}

/// The stored account, once a page has named it.
pub(crate) fn account(conn: &Connection) -> Result<Option<String>, LedgerError> {
    Ok(
        conn.query_row("SELECT account_id FROM sync_state WHERE id = 1", [], |r| {
            r.get(0)
        })?,
    )
}

/// What [`write_pages`] would change, without writing (a dry run).
pub(crate) fn compare_page(
    conn: &Connection,
    entries: &[Incoming<'_>],
) -> Result<PageOutcome, LedgerError> {
    let mut outcome = PageOutcome::default();
    let mut statement = conn
        .prepare_cached("SELECT sent, revision, missing_pass FROM entries WHERE history_id = ?1")?;
    for incoming in entries {
        let stored: Option<(String, i64, Option<i64>)> = statement
            .query_row([&incoming.entry.history_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        match stored {
            None => outcome.added += 1,
            Some((sent, revision, missing)) => {
                if sent != *incoming.sent {
                    outcome
                        .revised
                        .push((incoming.entry.history_id.clone(), revision + 1));
                }
                if missing.is_some() {
                    outcome.reappeared += 1;
                }
            }
        }
    }
    Ok(outcome)
}
