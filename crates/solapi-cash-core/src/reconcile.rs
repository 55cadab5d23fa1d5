//! [`Reconciler`]: what became of a money-moving call whose answer was lost — from the
//! history, with verdicts that say only what the history proves.
//!
//! A recharge request carries no idempotency key (`paymentId` names the card, not the
//! payment), so the only evidence is the history: an entry of the attempt's type and amount
//! ([`EntryMatch`]) created since the attempt began. Everything is compared on one clock, the
//! server's: the attempt's start is read when the attempt is reported and again at each look,
//! from the last `Date` less the monotonic time elapsed since the attempt began
//! ([`Observation`]) — early, never late — and the entries' `dateCreated` are the server's
//! own.
//!
//! History entries do not say whose they are, so a verdict of "applied" needs an entry that
//! could be no one else's ([`Reconciliation`], the rule in `verdict::judge`):
//! - **applied** — exactly one matching entry from the window's start on, and it lies at or
//!   after the attempt's start;
//! - **ambiguous** — several, or a single one in the margin before the attempt's start (where
//!   another process's recharge made just before would lie): a person decides, with the
//!   card's statement;
//! - **not found yet** — none as of the look's server time: the recharge may still be
//!   processing (a recharge slower than the client's timeout commits later), so this is
//!   never "not applied"; matching entries made just before the window are reported with it
//!   (one of them may be the attempt's, if the server's clock stepped).
//!
//! Entries that existed before the attempt was sent are never its entry: a client's call that
//! moves money reads them first (`prior.rs`) and the attempt carries them
//! ([`MoneyAttempt::prior_entries`]), since a start read from a whole-second `Date` can be a
//! second early and an earlier call's entry in that second would lie after it. When that read
//! failed ([`MoneyAttempt::prior_unreadable`]), no entry proves the attempt.
//!
//! A reconciliation can wait and look again ([`Reconciler::wait_up_to`]) until it finds a
//! candidate or its time is up, with growing pauses between looks.
//!
//! Each limit, and why it errs toward "not found yet" or "ambiguous" and never toward
//! "applied" or a double charge, is in `docs/errors.md` ("Reconciliation"); what remains
//! indistinguishable (another process's recharge of the same amount after the attempt's
//! start while the attempt itself never arrived) is stated there too.

mod entry_match;
mod prior;
mod verdict;
mod window;

use std::collections::HashSet;
use std::time::Duration as StdDuration;

use solapi_cash_types::models::HistoryEntry;
use solapi_cash_types::query::HistoryQuery;
use time::{Duration, OffsetDateTime};

use crate::error::{ErrorKind, MoneyAttempt};

pub use entry_match::EntryMatch;
pub(crate) use prior::{Prior, PriorRead};
pub use verdict::Reconciliation;
pub use window::ReconcileWindow;
pub(crate) use window::{Readings, proof_from, window_from};

/// How far before the attempt's measured start its entry may still lie: the service's
/// servers may not agree to the millisecond, and its clock may step a little. An entry there
/// is a candidate, never a proof.
pub(crate) const RECONCILE_MARGIN: Duration = Duration::seconds(2);

/// The margin when the server's clock could not be measured (no `Date` header ever arrived,
/// or an attempt whose start was read from this machine's clock): before the start, entries
/// are candidates; and only an entry this far after it can prove the attempt.
pub(crate) const UNMEASURED_MARGIN: Duration = Duration::seconds(30);

/// How far before the window same-amount recharges are still reported, with a "not found
/// yet", as possibly the attempt's (a server clock that stepped forward between the commit
/// and the look moves the window past the entry).
pub(crate) const EARLIER_LOOKBACK: Duration = Duration::minutes(5);

/// Entries per page while looking.
const PAGE: u64 = 100;

/// Non-empty pages in a row that bring nothing new before a look gives up: a server that
/// ignores `offset` would otherwise be asked for the same page forever.
const MAX_STALE_PAGES: u32 = 3;

/// Pages one look reads at most (100,000 entries of the same amount since the window's start
/// or within [`Tuning::earlier_lookback`](crate::Tuning::earlier_lookback) before it): beyond that the server is not paging sensibly.
pub(crate) const MAX_LOOK_PAGES: u64 = 1000;

/// The first pause between two looks; each pause doubles, up to [`MAX_PAUSE`].
const FIRST_PAUSE: StdDuration = StdDuration::from_millis(500);
const MAX_PAUSE: StdDuration = StdDuration::from_secs(5);

/// What a page of the history says about the server's clock when it arrived (the engine
/// measures it: [`Engine::reconcile`](crate::Engine::reconcile)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Observation {
    start: Readings,
    now: OffsetDateTime,
    monotonic: StdDuration,
}

impl Observation {
    /// `attempt_start`: a reading of when the attempt began, on the server's clock (early,
    /// never late, when measured); `now`: the server's time of the page (its `Date`);
    /// `measured`: whether both come from the server's `Date` (not from this machine's
    /// clock); `monotonic`: a monotonic reading when the page arrived (for the deadline of
    /// [`Reconciler::wait_up_to`]).
    pub fn new(
        attempt_start: OffsetDateTime,
        now: OffsetDateTime,
        measured: bool,
        monotonic: StdDuration,
    ) -> Observation {
        Observation {
            start: Readings {
                earliest: attempt_start,
                latest: attempt_start,
                measured,
            },
            now,
            monotonic,
        }
    }

    /// The same observation with another reading of the attempt's start, of the same kind
    /// (measured or not): the one taken when the attempt was reported, say. Readings that
    /// disagree (the server's clock stepped between them) widen the window and raise the
    /// start an entry must follow to prove the attempt.
    pub fn and_start(mut self, attempt_start: OffsetDateTime) -> Observation {
        self.start.earliest = self.start.earliest.min(attempt_start);
        self.start.latest = self.start.latest.max(attempt_start);
        self
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
    /// already seen (it ignores `offset`), or a look passed [`Tuning::max_look_pages`](crate::Tuning::max_look_pages) pages — so no
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

/// Looks an attempt up in the history, page by page, without I/O: a machine of the same
/// shape as the pager ([`step`](Reconciler::step) says which page to fetch or how long to
/// wait, [`deliver`](Reconciler::deliver) hands a page over).
#[derive(Debug)]
pub struct Reconciler {
    matching: EntryMatch,
    query: HistoryQuery,
    known: HashSet<String>,
    /// The matching entries before the request was sent could not be read: nothing proves it.
    prior_unknown: bool,
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
    /// Starts looking for the entry of `attempt` (a recharge, a transfer, a withdrawal: its
    /// [`EntryMatch`]): one look, unless
    /// [`wait_up_to`](Self::wait_up_to) says otherwise.
    ///
    /// The entries that existed before the attempt was sent ([`MoneyAttempt::prior_entries`])
    /// are left out; when they could not be read ([`MoneyAttempt::prior_unreadable`]), no
    /// entry can prove the attempt.
    pub fn new(attempt: &MoneyAttempt) -> Result<Reconciler, crate::Error> {
        let mut reconciler = Reconciler::for_entry(attempt.entry_match().clone())?;
        match attempt.prior() {
            Prior::Read(ids) => reconciler.known.extend(ids.iter().cloned()),
            Prior::Unreadable => reconciler.prior_unknown = true,
            Prior::NotRead => {}
        }
        Ok(reconciler)
    }

    /// Starts looking for an entry that `matching` describes (any call that moves money).
    pub fn for_entry(matching: EntryMatch) -> Result<Reconciler, crate::Error> {
        Ok(Reconciler {
            query: matching.query(PAGE)?,
            matching,
            known: HashSet::new(),
            prior_unknown: false,
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

    /// Never counts these entries (entries known to be another call's answer, such as this
    /// client's earlier acknowledged recharges) as the attempt's, nor as another candidate
    /// (in addition to those already left out).
    pub fn excluding(mut self, history_ids: HashSet<String>) -> Reconciler {
        self.known.extend(history_ids);
        self
    }

    /// While nothing is found, looks again — after pauses of 0.5 s, 1 s, 2 s, then 5 s at
    /// most — until `limit` has passed since the end of the first look (by the monotonic
    /// clock of the [`Observation`]s). An answer that is applied or ambiguous ends it at once
    /// (looking again cannot make an ambiguous answer a proof: candidates only add up).
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
        let earlier_from = window.earlier_from();
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
            if self.matching.matches(&entry)
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

    /// A new look: the window takes in this look's readings of the attempt's start (it only
    /// widens, and the start an entry must follow only rises), and is as of this look.
    fn begin_look(&mut self, observed: Observation) {
        self.seen.clear();
        self.seen_ids.clear();
        self.previous_ids.clear();
        self.stale_pages = 0;
        self.look_pages = 0;
        let (readings, looks) = match &self.window {
            Some(w) => (w.readings.and(observed.start), w.looks + 1),
            None => (observed.start, 1),
        };
        let mut window = ReconcileWindow::new(readings, observed.now, looks);
        window.prior_unknown = self.prior_unknown;
        self.window = Some(window.of_kind(self.matching.kind().clone()));
    }

    /// The verdict of the look just finished, or a pause before the next one.
    fn end_look(&mut self, now: StdDuration) {
        let Some(window) = self.window.clone() else {
            return;
        };
        let answer = match verdict::judge(&window, std::mem::take(&mut self.seen)) {
            Ok(answer) => answer,
            Err(earlier) => {
                let deadline = *self.deadline.get_or_insert(now + self.wait_up_to);
                let left = deadline.saturating_sub(now);
                if !left.is_zero() {
                    self.state = State::Pausing(self.pause.min(left));
                    self.pause = (self.pause * 2).min(MAX_PAUSE);
                    return;
                }
                Reconciliation::NotFoundYet { window, earlier }
            }
        };
        self.state = State::Done(answer);
    }
}

#[cfg(test)]
mod tests;
