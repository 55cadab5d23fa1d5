//! [`Reconciliation`]: the verdicts, and the rule that gives them (see [`judge`]).

use solapi_cash_types::Timestamp;
use solapi_cash_types::models::HistoryEntry;

use super::window::ReconcileWindow;

/// The answer of a reconciliation: a verdict, what it rests on, and the window searched.
///
/// The history does not name the card (or the process) behind an entry, so an entry proves
/// an attempt only when it could be no one else's: it lies at or after the attempt's start
/// ([`ReconcileWindow::attempt_start`]), and it is the only matching entry from
/// [`ReconcileWindow::from`] on. Everything else is "not found yet" or "ambiguous" — never
/// "not applied", and never "applied" on a guess. What remains indistinguishable is
/// documented in `docs/errors.md` ("Reconciliation").
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)] // returned once per reconciliation
#[non_exhaustive]
pub enum Reconciliation {
    /// The only matching entry that can be the attempt's, and it lies at or after the
    /// attempt's start: the attempt was applied, and this is its entry. Do not recharge
    /// again. (One case stays indistinguishable: another process's recharge of the same
    /// amount after the start while this attempt never arrived; see `docs/errors.md`.)
    #[non_exhaustive]
    Applied {
        /// The attempt's history entry.
        entry: HistoryEntry,
        /// What was searched.
        window: ReconcileWindow,
    },
    /// No matching entry from [`ReconcileWindow::from`] on, as of
    /// [`ReconcileWindow::as_of`]. The recharge may still be processing: this is not "not
    /// applied". Look again later (or wait with
    /// [`Reconciler::wait_up_to`](super::Reconciler::wait_up_to)).
    #[non_exhaustive]
    NotFoundYet {
        /// What was searched.
        window: ReconcileWindow,
        /// Matching entries made shortly before the window (newest first, at most
        /// [`ReconcileWindow::earlier_from`] back): one of them is the attempt's if the
        /// server's clock stepped forward after the commit; otherwise someone else's.
        earlier: Vec<HistoryEntry>,
    },
    /// Matching entries that can be the attempt's, none of which proves it: several (another
    /// process recharged the same amount meanwhile), or one that lies before the attempt's
    /// start, within the margin (where another process's recharge made just before it would
    /// lie too). The card's statement — one charge of this amount or more — or whoever else
    /// recharges the card settles which, if any, is the attempt's. Looking again cannot
    /// settle it: the candidates only grow.
    #[non_exhaustive]
    Ambiguous {
        /// Every candidate, newest first.
        candidates: Vec<HistoryEntry>,
        /// What was searched.
        window: ReconcileWindow,
    },
}

/// What one look at the history shows, given every matching entry it saw (not known to be
/// someone else's) from [`ReconcileWindow::earlier_from`] on, newest first; or, when none can
/// be the attempt's, those entries back (the caller decides between looking again and "not
/// found yet" with them as `earlier`).
///
/// The rule: the entries from [`ReconcileWindow::from`] on are the candidates. Exactly one,
/// at or after [`ReconcileWindow::attempt_start`], when the entries that existed before the
/// attempt was sent were read (and left out) or never meant to be: applied. One before it,
/// one that an unreadable prior read cannot rule out, or several: ambiguous.
pub(crate) fn judge(
    window: &ReconcileWindow,
    seen: Vec<HistoryEntry>,
) -> Result<Reconciliation, Vec<HistoryEntry>> {
    let from = window.from();
    let (mut candidates, earlier): (Vec<_>, Vec<_>) = seen
        .into_iter()
        .partition(|e| e.date_created.datetime() >= from);
    let window = window.clone();
    match candidates.as_slice() {
        [] => Err(earlier),
        [only]
            if only.date_created.datetime() >= window.attempt_start() && !window.prior_unknown =>
        {
            Ok(Reconciliation::Applied {
                entry: candidates.swap_remove(0),
                window,
            })
        }
        _ => Ok(Reconciliation::Ambiguous { candidates, window }),
    }
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

fn at(t: time::OffsetDateTime) -> Timestamp {
    Timestamp::from_datetime(t)
}

fn list(f: &mut std::fmt::Formatter<'_>, entries: &[HistoryEntry]) -> std::fmt::Result {
    for (i, entry) in entries.iter().enumerate() {
        let sep = if i == 0 { "" } else { "," };
        write!(f, "{sep} {} at {}", entry.history_id, entry.date_created)?;
    }
    Ok(())
}

/// Who can tell an ambiguous answer apart: for a recharge, the card's statement; for money
/// that left the account, whoever else moves it (the receiving account's history, the bank).
fn settled_by(window: &ReconcileWindow) -> &'static str {
    match window.entry_kind() {
        solapi_cash_types::HistoryType::Recharge => {
            "the card's statement (how many charges of this amount) or whoever else recharges \
             the card settles it"
        }
        _ => {
            "whoever else moves money out of this account, or the receiving side (the target \
             account's history, the bank account's statement), settles it"
        }
    }
}

/// One line for a person: what happened, and what to do. Times are the server's.
impl std::fmt::Display for Reconciliation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let noun = self.window().noun();
        match self {
            Reconciliation::Applied { entry, window } => write!(
                f,
                "the {noun} was applied: history entry {} at {}, the only {noun} of this \
                 amount since {}, and after the attempt began ({})",
                entry.history_id,
                entry.date_created,
                at(window.from()),
                at(window.attempt_start())
            ),
            Reconciliation::NotFoundYet { window, earlier } => {
                write!(
                    f,
                    "no {noun} of this amount since {} as of {}: not found yet; it may still \
                     be processing, so look again before sending it again",
                    at(window.from()),
                    at(window.as_of())
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
            Reconciliation::Ambiguous { candidates, window } => match candidates.as_slice() {
                [only]
                    if window.prior_unknown
                        && only.date_created.datetime() >= window.attempt_start() =>
                {
                    write!(
                        f,
                        "cannot tell whether the {noun} was applied: the only {noun} of this \
                         amount that can be its, {} at {}, may be an earlier call's (the history \
                         could not be read before the {noun} was sent, and the attempt's start \
                         is known only to the second); {}",
                        only.history_id,
                        only.date_created,
                        settled_by(window)
                    )
                }
                [only] => write!(
                    f,
                    "cannot tell whether the {noun} was applied: the only {noun} of this \
                     amount that can be its, {} at {}, lies before the attempt began ({}), where \
                     another process's {noun} made just before would lie too; {}",
                    only.history_id,
                    only.date_created,
                    at(window.attempt_start()),
                    settled_by(window)
                ),
                _ => {
                    write!(
                        f,
                        "cannot tell whether the {noun} was applied: {} {noun}s of this \
                         amount since {} can be its:",
                        candidates.len(),
                        at(window.from())
                    )?;
                    list(f, candidates)?;
                    write!(
                        f,
                        "; the history cannot tell the attempt's from another process's: {}",
                        settled_by(window)
                    )
                }
            },
        }
    }
}
