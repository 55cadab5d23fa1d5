//! [`PriorRead`]: the entries a money-moving call's own entry could be mistaken for, read
//! before the call is sent.
//!
//! An attempt's start on the server's clock is read from a `Date`, which has whole seconds:
//! it can be up to a second (plus a round trip) early. An entry of the same type and amount
//! written in that second by an earlier call — the same command run twice in a row, from two
//! processes — would lie at or after the measured start and pass for the attempt's. So before
//! a money-moving call is sent, its client reads the matching entries (newest first) back past
//! any window a reconciliation of it could search: an entry that existed before the request
//! was sent cannot be its entry, and the reconciliation leaves those out
//! ([`Reconciler::new`](super::Reconciler::new)). When that read fails, the attempt says so
//! ([`Prior::Unreadable`]) and no entry can prove it: the verdict is "ambiguous" at best.

use std::collections::BTreeSet;

use solapi_cash_types::models::HistoryEntry;
use solapi_cash_types::query::HistoryQuery;
use time::{Duration, OffsetDateTime};

use super::{EntryMatch, UNMEASURED_MARGIN};
use crate::error::Error;

/// Entries per page of the read.
const PAGE: u64 = 100;

/// Pages the read takes at most (10,000 entries of the same type and amount within the
/// cutoff): beyond that the server is not paging sensibly and the read counts as failed.
const MAX_PAGES: u64 = 100;

/// How far back the read goes from the server's time of its first page: past the widest
/// window a reconciliation searches ([`UNMEASURED_MARGIN`] before the start, a start read
/// afresh up to a `Date`'s second earlier), with room to spare.
const LOOKBACK_SPARE: Duration = Duration::seconds(5);

/// What a money-moving call knows of the matching entries that existed before it was sent.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) enum Prior {
    /// Not read: an attempt built from a time alone (another process's, a `status` command).
    #[default]
    NotRead,
    /// Read: these entries existed before the request was sent.
    Read(BTreeSet<String>),
    /// The read failed (the history could not be read, or could not be paged to the end):
    /// nothing can be ruled out, so no entry can prove the attempt.
    Unreadable,
}

/// The read, page by page, without I/O: [`query`](Self::query) says which page to fetch,
/// [`deliver`](Self::deliver) takes it.
#[derive(Debug)]
pub(crate) struct PriorRead {
    matching: EntryMatch,
    query: HistoryQuery,
    cutoff: Option<OffsetDateTime>,
    ids: BTreeSet<String>,
    offset: u64,
    pages: u64,
}

impl PriorRead {
    /// A read of the entries `matching` describes.
    pub(crate) fn new(matching: EntryMatch) -> Result<PriorRead, Error> {
        Ok(PriorRead {
            query: matching.query(PAGE)?,
            matching,
            cutoff: None,
            ids: BTreeSet::new(),
            offset: 0,
            pages: 0,
        })
    }

    /// The next page to fetch.
    pub(crate) fn query(&self) -> HistoryQuery {
        self.query.with_offset(self.offset)
    }

    /// Takes the page [`query`](Self::query) asked for (newest first), which arrived at
    /// `now` on the server's clock: `None` while more pages are needed, else the answer.
    pub(crate) fn deliver(
        &mut self,
        page: Vec<HistoryEntry>,
        now: OffsetDateTime,
    ) -> Option<Prior> {
        let cutoff = *self.cutoff.get_or_insert_with(|| {
            now.checked_sub(UNMEASURED_MARGIN + LOOKBACK_SPARE)
                .unwrap_or(now)
        });
        self.pages += 1;
        let received = page.len() as u64;
        let mut new = false;
        // The end: an empty page, or an entry older than the cutoff (a short page is not the
        // end: the server may cap pages silently).
        let mut reached_older = received == 0;
        for entry in page {
            if entry.date_created.datetime() < cutoff {
                reached_older = true;
                break;
            }
            if self.matching.matches(&entry) {
                new |= self.ids.insert(entry.history_id);
            } else {
                new = true;
            }
        }
        if reached_older {
            return Some(Prior::Read(std::mem::take(&mut self.ids)));
        }
        // A full page of entries already seen: the server ignores `offset`.
        if !new || self.pages >= MAX_PAGES {
            return Some(Prior::Unreadable);
        }
        self.offset += received;
        None
    }
}
