//! The sync's decisions, pure: which page to ask for next, which entries of a page are new
//! to this pass, and when a pass is finished — fed pages, like the export's pager, and
//! tested without a network or a database.
//!
//! A pass reads the history newest first with `offset`/`limit`. Its first page has no end
//! date; every later page is pinned to the newest entry's date (the pin), so entries created
//! while the pass runs do not shift its offsets (the next pass takes them). Each page after
//! the first starts one entry early: the previous page's last entry (the anchor) must come
//! back. Found further down, entries were committed late above it (they are read again:
//! duplicates, told apart by id); not found, entries vanished above it, so an entry may
//! have slid past unseen and the pass starts again from the top (Plaid's
//! `/transactions/sync` restarts in the same case).
//!
//! A pass ends at the end of the history (a page shorter than asked for) or, unless it is
//! an import, at the first page that holds only stored entries once it has read past the
//! lookback window (late entries dated inside the window are still caught).

/// Entries of overlap between consecutive pages: the anchor.
pub const OVERLAP: u64 = 1;

/// Restarts of one pass before the sync gives up: the history keeps changing under it.
pub const MAX_RESTARTS: u32 = 3;

/// The newest entry's date when a pass began: later pages end there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pin {
    /// `dateCreated` as sent.
    pub text: String,
    /// The same, in Unix milliseconds.
    pub ms: i64,
}

/// Where a pass stands. Committed with every page it describes, so that a sync killed at
/// any moment resumes where the last committed page left it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// The pass's number (increasing; it orders entries that share a millisecond).
    pub pass: i64,
    /// Whether the pass reads the whole history (the first sync of a ledger).
    pub import: bool,
    /// How far back from the pin a sync re-reads, in milliseconds.
    pub lookback_ms: i64,
    /// The pin, once the first page has come.
    pub pin: Option<Pin>,
    /// The offset of the next page.
    pub next_offset: u64,
    /// The last entry of the previous page, expected first on the next one.
    pub anchor: Option<String>,
    /// The position in the listing of the next entry this pass has not seen.
    pub position: u64,
    /// How many times this pass started again.
    pub restarts: u32,
}

impl Cursor {
    /// A new pass.
    pub fn start(pass: i64, import: bool, lookback_ms: i64) -> Cursor {
        Cursor {
            pass,
            import,
            lookback_ms,
            pin: None,
            next_offset: 0,
            anchor: None,
            position: 0,
            restarts: 0,
        }
    }

    /// The oldest date (Unix ms) the pass re-reads whatever it finds: the pin minus the
    /// lookback; `i64::MIN` for an import or before the pin is known.
    pub fn cutoff_ms(&self) -> i64 {
        match (&self.pin, self.import) {
            (Some(pin), false) => pin.ms.saturating_sub(self.lookback_ms),
            _ => i64::MIN,
        }
    }

    /// The order key of the entry at listing position `position` of this pass: later
    /// passes above earlier ones, higher in the listing above lower (see `docs/ledger.md`,
    /// "Entries that share a millisecond").
    pub fn tie(&self, position: u64) -> i64 {
        let base = self.pass.saturating_mul(1 << 40);
        base.saturating_sub(i64::try_from(position).unwrap_or(i64::MAX))
    }
}

/// The page to ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetch {
    /// `offset`.
    pub offset: u64,
    /// `limit`.
    pub limit: u64,
    /// `endDate`, the pin (none on the first page of a pass).
    pub end: Option<Pin>,
}

/// What the planner needs to know of each entry of a page, in the page's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen<'a> {
    /// `historyId`.
    pub id: &'a str,
    /// `dateCreated`, as sent.
    pub date: &'a str,
    /// `dateCreated` in Unix milliseconds.
    pub date_ms: i64,
    /// Whether the ledger already holds an entry with this id.
    pub stored: bool,
}

/// What to do with a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Leading entries this pass has already seen (the anchor and what was committed
    /// above it late); the rest are written.
    pub skip: usize,
    /// The listing position of the first entry written.
    pub first_position: u64,
    /// What comes next.
    pub next: Next,
}

/// After a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Ask for [`Planner::fetch`].
    Continue,
    /// The pass is complete: flag what it did not see, start no other page.
    Finish,
    /// Entries vanished while the pass read: nothing of this page is written, the pass
    /// starts again from the top.
    Restart,
}

/// Why a pass cannot go on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// Entries kept vanishing under the pass.
    #[error(
        "the history changed under the sync {0} times (entries vanished while it was read); \
         try again later"
    )]
    Unstable(u32),
}

/// The decisions of one pass.
#[derive(Debug, Clone)]
pub struct Planner {
    cursor: Cursor,
    limit: u64,
}

impl Planner {
    /// Plans the pass `cursor` describes (new or resumed), with pages of `limit` (at least
    /// 2, so that a page holds more than its overlap).
    pub fn new(cursor: Cursor, limit: u64) -> Planner {
        Planner {
            cursor,
            limit: limit.max(OVERLAP + 1),
        }
    }

    /// The state to commit with the page just received.
    pub fn cursor(&self) -> &Cursor {
        &self.cursor
    }

    /// The next page to ask for.
    pub fn fetch(&self) -> Fetch {
        Fetch {
            offset: self.cursor.next_offset,
            limit: self.limit,
            end: self.cursor.pin.clone(),
        }
    }

    /// Takes the page that [`fetch`](Self::fetch) asked for.
    ///
    /// # Errors
    /// [`PlanError::Unstable`] after [`MAX_RESTARTS`] restarts.
    pub fn receive(&mut self, page: &[Seen<'_>]) -> Result<Verdict, PlanError> {
        let skip = match &self.cursor.anchor {
            None => 0,
            Some(anchor) => match page.iter().position(|s| s.id == anchor) {
                Some(at) => at + 1,
                None => return self.restart(),
            },
        };
        if self.cursor.pin.is_none()
            && let Some(first) = page.first()
        {
            self.cursor.pin = Some(Pin {
                text: first.date.to_owned(),
                ms: first.date_ms,
            });
        }
        let fresh = &page[skip..];
        let first_position = self.cursor.position;
        self.cursor.position += fresh.len() as u64;
        let short = (page.len() as u64) < self.limit;
        let reached_stored = !self.cursor.import
            && fresh
                .last()
                .is_some_and(|last| last.date_ms < self.cursor.cutoff_ms())
            && fresh.iter().all(|s| s.stored);
        let next = if short || reached_stored {
            Next::Finish
        } else {
            self.cursor.next_offset += page.len() as u64 - OVERLAP;
            self.cursor.anchor = page.last().map(|s| s.id.to_owned());
            Next::Continue
        };
        Ok(Verdict {
            skip,
            first_position,
            next,
        })
    }

    fn restart(&mut self) -> Result<Verdict, PlanError> {
        let restarts = self.cursor.restarts + 1;
        if restarts > MAX_RESTARTS {
            return Err(PlanError::Unstable(restarts - 1));
        }
        self.cursor = Cursor {
            restarts,
            ..Cursor::start(
                self.cursor.pass,
                self.cursor.import,
                self.cursor.lookback_ms,
            )
        };
        Ok(Verdict {
            skip: 0,
            first_position: 0,
            next: Next::Restart,
        })
    }
}

#[cfg(test)]
mod tests;
