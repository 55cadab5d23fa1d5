//! [`Reconciler`]: what became of a recharge whose answer was lost — from the history, with
//! verdicts that say only what the history proves.
//!
//! A recharge request carries no idempotency key (`paymentId` names the card, not the
//! payment), so the only evidence is the history: a `RECHARGE` entry of the same amount,
//! created since the attempt began. Everything is compared on one clock, the server's: the
//! attempt's start is measured at each look from the page's `Date` less the monotonic time
//! elapsed since the attempt began ([`Observation`]), and the entries' `dateCreated` are the
//! server's own.
//!
//! The verdicts ([`Reconciliation`]):
//! - **applied** — exactly one candidate since the window's start: that is its entry;
//! - **not found yet** — none as of the look's server time: the recharge may still be
//!   processing (a recharge slower than the client's timeout commits later), so this is
//!   never "not applied"; same-amount recharges made just before the window are reported
//!   with it (one of them may be the attempt's, if the server's clock stepped);
//! - **ambiguous** — several candidates: a person must look.
//!
//! A reconciliation can wait and look again ([`Reconciler::wait_up_to`]) until it finds the
//! entry or its time is up, with growing pauses between looks.
//!
//! Limits, each failing toward "not found yet" or "ambiguous", never toward a double charge,
//! are listed in `docs/errors.md` ("Reconciliation").

use std::collections::HashSet;
use std::time::Duration as StdDuration;

use solapi_cash_types::HistoryType;
use solapi_cash_types::Timestamp;
use solapi_cash_types::models::HistoryEntry;
use solapi_cash_types::money::Money;
use solapi_cash_types::query::HistoryQuery;
use time::{Duration, OffsetDateTime};

use crate::error::{Error, ErrorKind, RechargeAttempt};

/// How far before the attempt's measured start an entry still counts as a candidate: the
/// service's servers may not agree to the millisecond, and its clock may step a little.
pub const RECONCILE_MARGIN: Duration = Duration::seconds(2);

/// The margin when the server's clock could not be measured (no `Date` header ever arrived,
/// or an attempt whose start was read from this machine's clock).
pub const UNMEASURED_MARGIN: Duration = Duration::seconds(30);

/// How far before the window same-amount recharges are still reported, with a "not found
/// yet", as possibly the attempt's (a server clock that stepped forward between the commit
/// and the look moves the window past the entry).
pub const EARLIER_LOOKBACK: Duration = Duration::minutes(5);

/// Entries per page while looking.
const PAGE: u64 = 100;

/// Non-empty pages in a row that bring nothing new before a look gives up: a server that
/// ignores `offset` would otherwise be asked for the same page forever.
const MAX_STALE_PAGES: u32 = 3;

/// Pages one look reads at most (100,000 entries of the same amount since the window's start
/// or within [`EARLIER_LOOKBACK`] before it): beyond that the server is not paging sensibly.
pub const MAX_LOOK_PAGES: u64 = 1000;

/// The first pause between two looks; each pause doubles, up to [`MAX_PAUSE`].
const FIRST_PAUSE: StdDuration = StdDuration::from_millis(500);
const MAX_PAUSE: StdDuration = StdDuration::from_secs(5);

/// The earliest `dateCreated` that can be the entry of an attempt begun at `start` on the
/// server's clock (measured or not).
pub(crate) fn window_from(start: OffsetDateTime, measured: bool) -> OffsetDateTime {
    let margin = if measured {
        RECONCILE_MARGIN
    } else {
        UNMEASURED_MARGIN
    };
    start.checked_sub(margin).unwrap_or(start)
}

/// The part of the history a reconciliation searched, on the server's clock.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReconcileWindow {
    attempt_start: OffsetDateTime,
    from: OffsetDateTime,
    earlier_from: OffsetDateTime,
    as_of: OffsetDateTime,
    measured: bool,
    looks: u32,
}

impl ReconcileWindow {
    /// The earliest moment the attempt can have begun, on the server's clock.
    pub fn attempt_start(&self) -> OffsetDateTime {
        self.attempt_start
    }

    /// The earliest `dateCreated` that counted as the attempt's: its start less the margin
    /// ([`RECONCILE_MARGIN`], or [`UNMEASURED_MARGIN`] when the clock was not measured).
    /// Entries from here on were searched, up to [`as_of`](Self::as_of) and beyond.
    pub fn from(&self) -> OffsetDateTime {
        self.from
    }

    /// Where the report of same-amount recharges just before the window begins
    /// ([`EARLIER_LOOKBACK`] before [`from`](Self::from)).
    pub fn earlier_from(&self) -> OffsetDateTime {
        self.earlier_from
    }

    /// The server's time of the last look (its `Date`, truncated to the second): an entry
    /// written before it would have been seen.
    pub fn as_of(&self) -> OffsetDateTime {
        self.as_of
    }

    /// Whether the times were measured from the server's `Date` (else this machine's clock
    /// stood in for it, and the margin was wider).
    pub fn measured(&self) -> bool {
        self.measured
    }

    /// How many times the history was looked at.
    pub fn looks(&self) -> u32 {
        self.looks
    }
}

/// The answer of a reconciliation: a verdict, what it rests on, and the window searched.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)] // returned once per reconciliation
#[non_exhaustive]
pub enum Reconciliation {
    /// Exactly one matching recharge since the window's start: the attempt was applied, and
    /// this is its entry. Do not recharge again.
    #[non_exhaustive]
    Applied {
        /// The attempt's history entry.
        entry: HistoryEntry,
        /// What was searched.
        window: ReconcileWindow,
    },
    /// No matching recharge since the window's start, as of [`ReconcileWindow::as_of`]. The
    /// recharge may still be processing: this is not "not applied". Look again later (or
    /// wait with [`Reconciler::wait_up_to`]).
    #[non_exhaustive]
    NotFoundYet {
        /// What was searched.
        window: ReconcileWindow,
        /// Recharges of the same amount made shortly before the window (newest first, at most
        /// [`ReconcileWindow::earlier_from`] back): one of them is the attempt's if the
        /// server's clock stepped forward after the commit; otherwise someone else's.
        earlier: Vec<HistoryEntry>,
    },
    /// Several matching recharges since the window's start (another process recharged the
    /// same amount meanwhile): a person must decide which, if any, is the attempt's.
    #[non_exhaustive]
    Ambiguous {
        /// The candidates, newest first.
        candidates: Vec<HistoryEntry>,
        /// What was searched.
        window: ReconcileWindow,
    },
}

impl Reconciliation {
    /// The window searched.
    pub fn window(&self) -> &ReconcileWindow {
        match self {
            Reconciliation::Applied { window, .. }
            | Reconciliation::NotFoundYet { window, .. }
            | Reconciliation::Ambiguous { window, .. } => window,
        }
    }

    /// The attempt's entry, when it was applied.
    pub fn applied(&self) -> Option<&HistoryEntry> {
        match self {
            Reconciliation::Applied { entry, .. } => Some(entry),
            _ => None,
        }
    }
}

fn at(t: OffsetDateTime) -> Timestamp {
    Timestamp::from_datetime(t)
}

fn list(f: &mut std::fmt::Formatter<'_>, entries: &[HistoryEntry]) -> std::fmt::Result {
    for (i, entry) in entries.iter().enumerate() {
        let sep = if i == 0 { "" } else { "," };
        write!(f, "{sep} {} at {}", entry.history_id, entry.date_created)?;
    }
    Ok(())
}

/// One line for a person: what happened, and what to do. Times are the server's.
impl std::fmt::Display for Reconciliation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reconciliation::Applied { entry, .. } => write!(
                f,
                "the recharge was applied: history entry {} at {}",
                entry.history_id, entry.date_created
            ),
            Reconciliation::NotFoundYet { window, earlier } => {
                write!(
                    f,
                    "no recharge of this amount since {} as of {}: not found yet; it may still \
                     be processing, so look again before recharging again",
                    at(window.from),
                    at(window.as_of)
                )?;
                if !earlier.is_empty() {
                    write!(
                        f,
                        "; {} of this amount just before (one may be it if the server's clock \
                         stepped):",
                        earlier.len()
                    )?;
                    list(f, earlier)?;
                }
                Ok(())
            }
            Reconciliation::Ambiguous { candidates, window } => {
                write!(
                    f,
                    "{} recharges of this amount since {}; a person must check them:",
                    candidates.len(),
                    at(window.from)
                )?;
                list(f, candidates)
            }
        }
    }
}

/// What a page of the history says about the server's clock when it arrived (the engine
/// measures it: [`Engine::reconcile`](crate::Engine::reconcile)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Observation {
    attempt_start: OffsetDateTime,
    now: OffsetDateTime,
    measured: bool,
    monotonic: StdDuration,
}

impl Observation {
    /// `attempt_start`: the earliest the attempt can have begun, on the server's clock;
    /// `now`: the server's time of the page (its `Date`); `measured`: whether both come from
    /// the server's `Date` (not from this machine's clock); `monotonic`: a monotonic reading
    /// when the page arrived (for the deadline of [`Reconciler::wait_up_to`]).
    pub fn new(
        attempt_start: OffsetDateTime,
        now: OffsetDateTime,
        measured: bool,
        monotonic: StdDuration,
    ) -> Observation {
        Observation {
            attempt_start,
            now,
            measured,
            monotonic,
        }
    }
}

/// What a reconciliation needs next (see [`Reconciler::step`]).
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)] // handed out once per page
#[non_exhaustive]
pub enum ReconcileStep {
    /// Fetch this page of the history and [`deliver`](Reconciler::deliver) it.
    Fetch(HistoryQuery),
    /// Nothing was found yet and there is time left: wait this long, then ask again.
    Wait(StdDuration),
    /// The answer.
    Done(Reconciliation),
    /// The history could not be searched to the end — the server kept answering with entries
    /// already seen (it ignores `offset`), or a look passed [`MAX_LOOK_PAGES`] pages — so no
    /// verdict can be given. The reconciliation is over; nothing is said about the recharge.
    Failed {
        /// [`ErrorKind::Decode`] for a server repeating itself, [`ErrorKind::PageLimit`] for
        /// the cap.
        kind: ErrorKind,
        /// What happened, for the error message.
        detail: String,
    },
}

#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // one per reconciliation
enum State {
    /// A look is under way; the next page is at this offset.
    Looking {
        offset: u64,
    },
    /// Between two looks.
    Pausing(StdDuration),
    Done(Reconciliation),
    Failed {
        kind: ErrorKind,
        detail: String,
    },
}

/// Looks a recharge attempt up in the history, page by page, without I/O: a machine of the
/// same shape as the pager ([`step`](Reconciler::step) says which page to fetch or how long
/// to wait, [`deliver`](Reconciler::deliver) hands a page over).
#[derive(Debug)]
pub struct Reconciler {
    amount: Money,
    query: HistoryQuery,
    known: HashSet<String>,
    wait_up_to: StdDuration,
    deadline: Option<StdDuration>,
    pause: StdDuration,
    state: State,
    window: Option<ReconcileWindow>,
    /// The matching entries of the look under way (not known, at or after `earlier_from`),
    /// newest first, and their ids (a page may repeat entries shifted by new ones).
    seen: Vec<HistoryEntry>,
    seen_ids: HashSet<String>,
    /// Every id of the previous page of this look, matching or not, to tell a server that
    /// repeats itself; how many pages in a row brought nothing new; pages of this look.
    previous_ids: Vec<String>,
    stale_pages: u32,
    look_pages: u64,
}

impl Reconciler {
    /// Starts looking for `attempt`: one look, unless [`wait_up_to`](Self::wait_up_to) says
    /// otherwise.
    pub fn new(attempt: &RechargeAttempt) -> Result<Reconciler, Error> {
        let query = HistoryQuery::builder()
            .kind(HistoryType::Recharge)
            .balance_amount(attempt.amount())
            .limit(PAGE)
            .build()
            .map_err(|e| Error::invalid_input(crate::Operation::History, e.to_string()))?;
        Ok(Reconciler {
            amount: attempt.amount().clone(),
            query,
            known: HashSet::new(),
            wait_up_to: StdDuration::ZERO,
            deadline: None,
            pause: FIRST_PAUSE,
            state: State::Looking { offset: 0 },
            window: None,
            seen: Vec::new(),
            seen_ids: HashSet::new(),
            previous_ids: Vec::new(),
            stale_pages: 0,
            look_pages: 0,
        })
    }

    /// Never counts these entries (recharges already known to be someone else's answer, such
    /// as this client's earlier acknowledged recharges) as the attempt's.
    pub fn excluding(mut self, history_ids: HashSet<String>) -> Reconciler {
        self.known = history_ids;
        self
    }

    /// While nothing is found, looks again — after pauses of 0.5 s, 1 s, 2 s, then 5 s at
    /// most — until `limit` has passed since the end of the first look (by the monotonic
    /// clock of the [`Observation`]s). An answer that is applied or ambiguous ends it at once.
    pub fn wait_up_to(mut self, limit: StdDuration) -> Reconciler {
        self.wait_up_to = limit;
        self
    }

    /// The next page to fetch, the pause before the next look, or the answer once it is
    /// known.
    pub fn step(&mut self) -> ReconcileStep {
        match &self.state {
            State::Done(answer) => ReconcileStep::Done(answer.clone()),
            State::Failed { kind, detail } => ReconcileStep::Failed {
                kind: *kind,
                detail: detail.clone(),
            },
            State::Looking { offset } => ReconcileStep::Fetch(self.query.with_offset(*offset)),
            State::Pausing(pause) => {
                let pause = *pause;
                self.state = State::Looking { offset: 0 };
                ReconcileStep::Wait(pause)
            }
        }
    }

    /// Takes the page [`step`](Self::step) asked for (newest first) and what the engine
    /// measured of the server's clock when it arrived.
    pub fn deliver(&mut self, page: Vec<HistoryEntry>, observed: Observation) {
        let State::Looking { offset } = self.state else {
            return;
        };
        if offset == 0 {
            self.begin_look(observed);
        }
        let Some(window) = &self.window else { return };
        let earlier_from = window.earlier_from;
        let received = page.len() as u64;
        if let Some(failure) = self.check_progress(&page) {
            self.state = failure;
            return;
        }
        // The end of the look: an empty page, or an entry older than anything reported.
        // (A short page is not the end: the server may cap pages silently.)
        let mut reached_older = received == 0;
        for entry in page {
            if entry.date_created.datetime() < earlier_from {
                reached_older = true;
                break;
            }
            if entry.kind == HistoryType::Recharge
                && entry.balance_amount == self.amount
                && !self.known.contains(&entry.history_id)
                && self.seen_ids.insert(entry.history_id.clone())
            {
                self.seen.push(entry);
            }
        }
        if reached_older {
            self.end_look(observed.monotonic);
        } else {
            self.state = State::Looking {
                offset: offset + received,
            };
        }
    }

    /// Whether the look can go on after this page: `None`, or the failed state when the
    /// server keeps repeating itself or the look is past its page cap.
    fn check_progress(&mut self, page: &[HistoryEntry]) -> Option<State> {
        self.look_pages += 1;
        let ids: Vec<String> = page.iter().map(|e| e.history_id.clone()).collect();
        let stale = !ids.is_empty() && ids.iter().all(|id| self.previous_ids.contains(id));
        self.previous_ids = ids;
        self.stale_pages = if stale { self.stale_pages + 1 } else { 0 };
        if self.stale_pages >= MAX_STALE_PAGES {
            return Some(State::Failed {
                kind: ErrorKind::Decode,
                detail: format!(
                    "the server returned only entries already seen for {MAX_STALE_PAGES} pages \
                     in a row (it does not page by offset): the history cannot be searched"
                ),
            });
        }
        (self.look_pages > MAX_LOOK_PAGES).then(|| State::Failed {
            kind: ErrorKind::PageLimit,
            detail: format!(
                "one look at the history passed {MAX_LOOK_PAGES} pages without reaching the \
                 attempt's start: the history cannot be searched"
            ),
        })
    }

    /// A new look: the window widens to the earliest start measured so far (a start measured
    /// later by a look is never trusted over an earlier one), and is as of this look.
    fn begin_look(&mut self, observed: Observation) {
        self.seen.clear();
        self.seen_ids.clear();
        self.previous_ids.clear();
        self.stale_pages = 0;
        self.look_pages = 0;
        let (attempt_start, measured, looks) = match &self.window {
            Some(w) => (
                w.attempt_start.min(observed.attempt_start),
                w.measured && observed.measured,
                w.looks + 1,
            ),
            None => (observed.attempt_start, observed.measured, 1),
        };
        let from = window_from(attempt_start, measured);
        self.window = Some(ReconcileWindow {
            attempt_start,
            from,
            earlier_from: from.checked_sub(EARLIER_LOOKBACK).unwrap_or(from),
            as_of: observed.now,
            measured,
            looks,
        });
    }

    /// The verdict of the look just finished, or a pause before the next one.
    fn end_look(&mut self, now: StdDuration) {
        let Some(window) = self.window.clone() else {
            return;
        };
        let (mut candidates, earlier): (Vec<_>, Vec<_>) = std::mem::take(&mut self.seen)
            .into_iter()
            .partition(|e| e.date_created.datetime() >= window.from);
        let answer = match candidates.len() {
            0 => {
                let deadline = *self.deadline.get_or_insert(now + self.wait_up_to);
                let left = deadline.saturating_sub(now);
                if !left.is_zero() {
                    self.state = State::Pausing(self.pause.min(left));
                    self.pause = (self.pause * 2).min(MAX_PAUSE);
                    return;
                }
                Reconciliation::NotFoundYet { window, earlier }
            }
            1 => Reconciliation::Applied {
                entry: candidates.swap_remove(0),
                window,
            },
            _ => Reconciliation::Ambiguous { candidates, window },
        };
        self.state = State::Done(answer);
    }
}

#[cfg(test)]
mod tests;
