//! [`Reconciler`]: was a recharge of unknown outcome applied?
//!
//! A recharge request carries no idempotency key (`paymentId` names the card, not the
//! payment), so the only evidence is the history: a `RECHARGE` entry of the same amount,
//! created after the attempt began. The attempt's start is on the client's clock; the
//! entries' dates are on the server's. The reconciler measures the difference from the `Date`
//! header of its own history response. That header is truncated to the second and read after
//! the response arrived, so the estimate can only place the attempt's start too early, which
//! errs on the safe side; a small margin covers clocks that differ between the service's
//! servers. Erring wide is safe (the answer becomes "ambiguous", never a false "not found"
//! that would invite a second charge).
//!
//! The price of that width: a recharge of the same amount that finished shortly before the
//! attempt began (within the margin plus the estimate's error, about 3 s plus a round trip)
//! looks like the attempt's own entry. Recharges this client saw succeed are therefore
//! excluded ([`Reconciler::excluding`]; clients pass their own); one made by another process
//! in that window remains indistinguishable — use distinct amounts if that can happen.

use std::collections::HashSet;

use solapi_cash_types::HistoryType;
use solapi_cash_types::models::HistoryEntry;
use solapi_cash_types::query::HistoryQuery;
use time::{Duration, OffsetDateTime};

use crate::error::{Error, RechargeAttempt};

/// How far before the attempt's start (in server time) an entry still counts.
pub const RECONCILE_MARGIN: Duration = Duration::seconds(2);

/// Entries per page while looking.
const PAGE: u64 = 100;

/// The answer of a reconciliation.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)] // returned once per reconciliation
#[non_exhaustive]
pub enum Reconciliation {
    /// Exactly one matching recharge: the attempt was applied, here is its entry.
    Applied(HistoryEntry),
    /// No matching recharge: the attempt was not applied (it may be retried).
    NotFound,
    /// Several matching recharges since the attempt began (for example from another process):
    /// a person must decide.
    Ambiguous(Vec<HistoryEntry>),
}

/// One line for a person: what happened, and what to do.
impl std::fmt::Display for Reconciliation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reconciliation::Applied(entry) => write!(
                f,
                "the recharge was applied: history entry {} at {}",
                entry.history_id, entry.date_created
            ),
            Reconciliation::NotFound => {
                f.write_str("the recharge was not applied; it is safe to try again")
            }
            Reconciliation::Ambiguous(candidates) => {
                write!(
                    f,
                    "{} recharges of this amount since the attempt; a person must check them:",
                    candidates.len()
                )?;
                for entry in candidates {
                    write!(f, " {} at {};", entry.history_id, entry.date_created)?;
                }
                Ok(())
            }
        }
    }
}

/// What a reconciliation needs next (see [`Reconciler::step`]).
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)] // handed out once per page
pub enum ReconcileStep {
    /// Fetch this page of the history and [`deliver`](Reconciler::deliver) it.
    Fetch(HistoryQuery),
    /// The answer.
    Done(Reconciliation),
}

/// Looks a recharge attempt up in the history, page by page, without I/O: a machine of the
/// same shape as the pager ([`step`](Reconciler::step) says which page to fetch,
/// [`deliver`](Reconciler::deliver) hands it over).
#[derive(Debug)]
pub struct Reconciler {
    attempt: RechargeAttempt,
    query: HistoryQuery,
    offset: u64,
    candidates: Vec<HistoryEntry>,
    known: HashSet<String>,
    answer: Option<Reconciliation>,
}

impl Reconciler {
    /// Starts looking for `attempt`.
    pub fn new(attempt: &RechargeAttempt) -> Result<Reconciler, Error> {
        let query = HistoryQuery::builder()
            .kind(HistoryType::Recharge)
            .balance_amount(&attempt.request().amount)
            .limit(PAGE)
            .build()
            .map_err(|e| Error::invalid_input(crate::Operation::History, e.to_string()))?;
        Ok(Reconciler {
            attempt: attempt.clone(),
            query,
            offset: 0,
            candidates: Vec::new(),
            known: HashSet::new(),
            answer: None,
        })
    }

    /// Never counts these entries (recharges already known to be someone else's answer, such
    /// as this client's earlier acknowledged recharges) as the attempt's.
    pub fn excluding(mut self, history_ids: HashSet<String>) -> Reconciler {
        self.known = history_ids;
        self
    }

    /// The next page to fetch, or the answer once it is known.
    pub fn step(&self) -> ReconcileStep {
        match &self.answer {
            Some(answer) => ReconcileStep::Done(answer.clone()),
            None => ReconcileStep::Fetch(self.query.with_offset(self.offset)),
        }
    }

    /// Takes the page [`step`](Self::step) asked for (newest first) and the moment it was
    /// received: the server's `Date` and the client's clock then.
    pub fn deliver(
        &mut self,
        page: Vec<HistoryEntry>,
        server_date: Option<OffsetDateTime>,
        client_now: OffsetDateTime,
    ) {
        if self.answer.is_some() {
            return;
        }
        // The attempt's start on the server's clock. Without a Date header, fall back to the
        // client's (already offset-corrected) clock and a wider margin.
        let (offset, margin) = match server_date {
            Some(server) => (server - client_now, RECONCILE_MARGIN),
            None => (Duration::ZERO, RECONCILE_MARGIN * 12),
        };
        let since = self.attempt.started_at() + offset - margin;
        let amount = &self.attempt.request().amount;
        let received = page.len() as u64;
        let mut reached_older = received < PAGE;
        for entry in page {
            if entry.date_created.datetime() < since {
                reached_older = true;
                break;
            }
            if entry.kind == HistoryType::Recharge
                && entry.balance_amount == *amount
                && !self.known.contains(&entry.history_id)
            {
                self.candidates.push(entry);
            }
        }
        self.offset += received;
        if !reached_older {
            return;
        }
        let mut candidates = std::mem::take(&mut self.candidates);
        self.answer = Some(match candidates.len() {
            0 => Reconciliation::NotFound,
            1 => Reconciliation::Applied(candidates.remove(0)),
            _ => Reconciliation::Ambiguous(candidates),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use solapi_cash_types::models::RechargeRequest;
    use solapi_cash_types::money::Money;
    use time::macros::datetime;

    fn recharge(amount: i64, at: OffsetDateTime, id: &str) -> HistoryEntry {
        crate::test_entries::entry(
            HistoryType::Recharge,
            Money::from_i64(amount),
            at,
            id.into(),
        )
    }

    fn attempt(at: OffsetDateTime) -> RechargeAttempt {
        RechargeAttempt::new(RechargeRequest::new(5000, "card"), at)
    }

    /// Delivers `page` and returns the answer, if there is one yet.
    fn accept(
        r: &mut Reconciler,
        page: Vec<HistoryEntry>,
        server_date: Option<OffsetDateTime>,
        client_now: OffsetDateTime,
    ) -> Option<Reconciliation> {
        assert!(
            matches!(r.step(), ReconcileStep::Fetch(_)),
            "a page was asked for"
        );
        r.deliver(page, server_date, client_now);
        match r.step() {
            ReconcileStep::Done(answer) => Some(answer),
            ReconcileStep::Fetch(_) => None,
        }
    }

    fn next_query(r: &Reconciler) -> HistoryQuery {
        match r.step() {
            ReconcileStep::Fetch(query) => query,
            ReconcileStep::Done(answer) => panic!("already answered: {answer:?}"),
        }
    }

    #[test]
    fn finds_the_one_entry_made_after_the_attempt_began() {
        let start = datetime!(2024-05-01 12:00 UTC);
        let mut r = Reconciler::new(&attempt(start)).unwrap();
        assert_eq!(
            next_query(&r).to_query_string(),
            "offset=0&limit=100&type=RECHARGE&balanceAmount=5000"
        );
        let page = vec![
            recharge(5000, start + Duration::seconds(1), "new"),
            recharge(5000, start - Duration::hours(1), "old"),
        ];
        let answer = accept(
            &mut r,
            page,
            Some(start + Duration::seconds(2)),
            start + Duration::seconds(2),
        );
        assert!(matches!(answer, Some(Reconciliation::Applied(e)) if e.history_id == "new"));
    }

    #[test]
    fn a_client_clock_ahead_of_the_server_does_not_hide_the_entry() {
        // The client believes it is 10 minutes later than the server does.
        let server_start = datetime!(2024-05-01 12:00 UTC);
        let client_start = server_start + Duration::minutes(10);
        let mut r = Reconciler::new(&attempt(client_start)).unwrap();
        let page = vec![recharge(
            5000,
            server_start + Duration::milliseconds(300),
            "it",
        )];
        let answer = accept(
            &mut r,
            page,
            Some(server_start + Duration::seconds(1)),
            client_start + Duration::seconds(1),
        );
        assert!(matches!(answer, Some(Reconciliation::Applied(_))));
    }

    #[test]
    fn none_or_several_are_said_so() {
        let start = datetime!(2024-05-01 12:00 UTC);
        let mut r = Reconciler::new(&attempt(start)).unwrap();
        assert_eq!(
            accept(&mut r, vec![], Some(start), start),
            Some(Reconciliation::NotFound)
        );
        let mut r = Reconciler::new(&attempt(start)).unwrap();
        let page = vec![
            recharge(5000, start + Duration::seconds(2), "a"),
            recharge(5000, start + Duration::seconds(1), "b"),
        ];
        match accept(
            &mut r,
            page,
            Some(start + Duration::seconds(3)),
            start + Duration::seconds(3),
        ) {
            Some(Reconciliation::Ambiguous(c)) => assert_eq!(c.len(), 2),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn recharges_known_to_be_earlier_are_not_candidates() {
        let start = datetime!(2024-05-01 12:00 UTC);
        // This client's own recharge of the same amount, 50 ms before the attempt.
        let earlier = recharge(5000, start - Duration::milliseconds(50), "mine");
        let known = HashSet::from(["mine".to_owned()]);
        let mut r = Reconciler::new(&attempt(start)).unwrap().excluding(known);
        let answer = accept(&mut r, vec![earlier.clone()], Some(start), start);
        assert_eq!(answer, Some(Reconciliation::NotFound));
        // Without that knowledge it is indistinguishable from the attempt's entry.
        let mut r = Reconciler::new(&attempt(start)).unwrap();
        assert_eq!(
            accept(&mut r, vec![earlier.clone()], Some(start), start),
            Some(Reconciliation::Applied(earlier))
        );
    }

    #[test]
    fn asks_for_another_page_while_entries_are_recent() {
        let start = datetime!(2024-05-01 12:00 UTC);
        let mut r = Reconciler::new(&attempt(start)).unwrap();
        let page: Vec<_> = (0..100)
            .map(|i| recharge(5000, start + Duration::seconds(200 - i), "x"))
            .collect();
        assert_eq!(accept(&mut r, page, Some(start), start), None);
        assert_eq!(next_query(&r).offset(), Some(100));
    }
}
