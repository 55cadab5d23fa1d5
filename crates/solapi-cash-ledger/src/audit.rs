//! The audit: the balance chain from the oldest entry to the newest (beancount's balance
//! assertions, on every entry), and the newest against the balance the service reports.
//!
//! Pure: fed entries oldest first, it reports each break with the range it spans and its
//! size.

use solapi_cash_types::Money;

/// One link of the chain, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// `historyId`.
    pub id: String,
    /// `dateCreated`, as sent.
    pub date: String,
    /// `balanceAmount`.
    pub balance_amount: Money,
    /// `pointAmount`.
    pub point_amount: Money,
    /// `oldBalance`.
    pub old_balance: Money,
    /// `newBalance`.
    pub new_balance: Money,
    /// `oldPoint`.
    pub old_point: Money,
    /// `newPoint`.
    pub new_point: Money,
}

/// What the audit found wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Finding {
    /// An entry does not start where the one before it ended: entries are missing between
    /// them (or one of them is wrong). The size is `old − previous new`: what the missing
    /// entries moved in all (negative for lost charges).
    Gap {
        /// The entry before (its id and date).
        after: (String, String),
        /// The entry after.
        before: (String, String),
        /// The balance that appeared or vanished between them.
        balance: Money,
        /// The point that appeared or vanished.
        point: Money,
    },
    /// An entry's `new − old` is not its amount.
    Arithmetic {
        /// Its id.
        id: String,
        /// Its date.
        date: String,
        /// `new − old − amount` for the balance.
        balance: Money,
        /// The same for the point.
        point: Money,
    },
    /// The newest entry's balance or point is not what `GET /cash/v1/balance` says.
    Balance {
        /// The newest entry's id, if any.
        id: Option<String>,
        /// The service's balance − the newest entry's.
        balance: Money,
        /// The service's point − the newest entry's.
        point: Money,
    },
}

/// The audit's result.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct AuditReport {
    /// Entries checked.
    pub entries: u64,
    /// Entries flagged missing (not in the chain).
    pub missing: u64,
    /// Entries with more than one revision.
    pub revised: u64,
    /// Every break, oldest first; the balance check last.
    pub findings: Vec<Finding>,
    /// Whether a sync was stopped before its pass ended: entries it had not reached yet
    /// may show as a break until the next sync completes it.
    pub sync_unfinished: bool,
}

impl AuditReport {
    /// Whether the chain holds and matches the balance.
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty()
    }
}

/// Feeds entries oldest first.
#[derive(Debug, Default)]
pub struct Auditor {
    last: Option<Link>,
    report: AuditReport,
}

fn diff(a: &Money, b: &Money) -> Money {
    a.checked_sub(b).unwrap_or_default().normalized()
}

impl Auditor {
    /// A new audit.
    pub fn new() -> Auditor {
        Auditor::default()
    }

    /// The next entry, oldest first.
    pub fn push(&mut self, link: Link) {
        self.report.entries += 1;
        let balance = diff(
            &diff(&link.new_balance, &link.old_balance),
            &link.balance_amount,
        );
        let point = diff(&diff(&link.new_point, &link.old_point), &link.point_amount);
        if !balance.is_zero() || !point.is_zero() {
            self.report.findings.push(Finding::Arithmetic {
                id: link.id.clone(),
                date: link.date.clone(),
                balance,
                point,
            });
        }
        if let Some(prev) = &self.last {
            let balance = diff(&link.old_balance, &prev.new_balance);
            let point = diff(&link.old_point, &prev.new_point);
            if !balance.is_zero() || !point.is_zero() {
                self.report.findings.push(Finding::Gap {
                    after: (prev.id.clone(), prev.date.clone()),
                    before: (link.id.clone(), link.date.clone()),
                    balance,
                    point,
                });
            }
        }
        self.last = Some(link);
    }

    /// Ends the chain; with the service's balance and point (a missing point counts as
    /// zero), checks the newest entry against them.
    pub fn finish(mut self, service: Option<(&Money, Option<&Money>)>) -> AuditReport {
        if let Some((balance, point)) = service {
            let zero = Money::ZERO;
            let point = point.unwrap_or(&zero);
            let (id, have_balance, have_point) = match &self.last {
                Some(l) => (
                    Some(l.id.clone()),
                    l.new_balance.clone(),
                    l.new_point.clone(),
                ),
                None => (None, Money::ZERO, Money::ZERO),
            };
            let db = diff(balance, &have_balance);
            let dp = diff(point, &have_point);
            if !db.is_zero() || !dp.is_zero() {
                self.report.findings.push(Finding::Balance {
                    id,
                    balance: db,
                    point: dp,
                });
            }
        }
        self.report
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Money {
        s.parse().unwrap()
    }

    fn link(id: &str, old: &str, amount: &str, new: &str) -> Link {
        Link {
            id: id.to_owned(),
            date: format!("2025-06-0{id}T00:00:00.000Z"),
            balance_amount: m(amount),
            point_amount: Money::ZERO,
            old_balance: m(old),
            new_balance: m(new),
            old_point: Money::ZERO,
            new_point: Money::ZERO,
        }
    }

    #[test]
    fn a_chain_that_holds_is_clean() {
        let mut a = Auditor::new();
        a.push(link("1", "0", "100", "100"));
        a.push(link("2", "100", "-8.4", "91.6"));
        let r = a.finish(Some((&m("91.6"), None)));
        assert!(r.is_clean(), "{r:?}");
        assert_eq!(r.entries, 2);
    }

    #[test]
    fn gaps_arithmetic_and_balance_are_reported_with_their_size() {
        let mut a = Auditor::new();
        a.push(link("1", "0", "100", "100"));
        a.push(link("2", "80", "-8.4", "71.6"));
        a.push(link("3", "71.6", "10", "80"));
        let r = a.finish(Some((&m("90"), Some(&m("5")))));
        assert_eq!(
            r.findings,
            vec![
                Finding::Gap {
                    after: ("1".into(), "2025-06-01T00:00:00.000Z".into()),
                    before: ("2".into(), "2025-06-02T00:00:00.000Z".into()),
                    balance: m("-20"),
                    point: Money::ZERO,
                },
                Finding::Arithmetic {
                    id: "3".into(),
                    date: "2025-06-03T00:00:00.000Z".into(),
                    balance: m("-1.6"),
                    point: Money::ZERO,
                },
                Finding::Balance {
                    id: Some("3".into()),
                    balance: m("10"),
                    point: m("5"),
                },
            ]
        );
    }

    #[test]
    fn an_empty_ledger_against_a_balance() {
        let r = Auditor::new().finish(Some((&Money::ZERO, None)));
        assert!(r.is_clean());
        let r = Auditor::new().finish(Some((&m("1"), None)));
        assert!(!r.is_clean());
    }
}
