//! Issue 20: two ways a recharge was reported "applied" without proof, as trials against the
//! emulator for both clients. A trial counts a **wrong verdict** when an answer claims an
//! entry that is not the attempt's own (or says "applied" for a recharge never made), and a
//! **double charge** if the ledger ever holds more than the recharges really made.
//!
//! 1. Another process (B) recharged the same amount just before this attempt, whose
//!    connection then dropped before the service handled it (`DropBeforeHandling`). B's
//!    entry used to be taken for the attempt's ("applied", 10 of 10 in the CLI's trials).
//!    It is now a candidate that proves nothing — `Ambiguous`, naming it — or, when it lies
//!    further back than the margin, a recharge reported just before the window with
//!    `NotFoundYet`.
//! 2. Something in front of the service answered the recharge `200 oops` (the emulator's
//!    `error` fault with that body: the service never saw the request). That used to be
//!    `Outcome::Applied` ("applied", 10 of 10). It is now of unknown outcome, and the history
//!    shows no such recharge: `NotFoundYet`.

use std::time::Duration;

use solapi_cash_core::{Error, ErrorKind, Outcome, Reconciliation};
use solapi_cash_emulator::{FaultAction, FaultSpec, Route};
use solapi_cash_types::{HistoryEntry, Money, RechargeRequest, Won};

use super::figures::{client_name, report};
use crate::adapters::CashClient;
use crate::fixture::Fixture;

/// How much earlier than this attempt B's recharge is, on the server's clock (the emulator's
/// clock is moved forward by as much after it; the ledger never dates an entry before the
/// one before it, so moving it back for B would not do): more than a reading of the
/// attempt's start can be early (a `Date` is truncated to the second), so that B's entry
/// lies before the start, as it did in the trials. A recharge by another process
/// made within that second, or after the start, is the residual limit that no history
/// settles (docs/errors.md, "Reconciliation").
const B_EARLIER: time::Duration = time::Duration::milliseconds(1900);

/// What the trials of one test saw.
#[derive(Debug, Default)]
struct Tally {
    trials: u64,
    verdicts: u64,
    ambiguous_naming_b: u64,
    not_found_yet_b_just_before: u64,
    not_found_yet_b_read_before: u64,
    not_found_yet: u64,
    wrong_verdicts: u64,
    double_charges: u64,
}

impl Tally {
    /// Judges an answer for an attempt that never reached the service, with `b` the other
    /// process's entry of the same amount, if any.
    fn judge(&mut self, answer: &Reconciliation, b: Option<&HistoryEntry>) {
        self.judge_attempt(answer, b, None);
    }

    /// [`judge`](Self::judge), for an attempt that read the matching entries before it was
    /// sent (`prior`): B's entry among them is ruled out, so "not found yet" without it is
    /// right too.
    fn judge_attempt(
        &mut self,
        answer: &Reconciliation,
        b: Option<&HistoryEntry>,
        prior: Option<&std::collections::BTreeSet<String>>,
    ) {
        self.verdicts += 1;
        let read_before = |b: &HistoryEntry| prior.is_some_and(|ids| ids.contains(&b.history_id));
        match (answer, b) {
            (Reconciliation::NotFoundYet { earlier, .. }, Some(b))
                if earlier.is_empty() && read_before(b) =>
            {
                self.not_found_yet_b_read_before += 1;
            }
            (Reconciliation::Ambiguous { candidates, .. }, Some(b))
                if candidates == std::slice::from_ref(b) =>
            {
                self.ambiguous_naming_b += 1;
            }
            (Reconciliation::NotFoundYet { earlier, .. }, Some(b))
                if earlier == std::slice::from_ref(b) =>
            {
                self.not_found_yet_b_just_before += 1;
            }
            (Reconciliation::NotFoundYet { earlier, .. }, None) if earlier.is_empty() => {
                self.not_found_yet += 1;
            }
            _ => {
                eprintln!("wrong verdict: {answer} ({answer:?}); B: {b:?}");
                self.wrong_verdicts += 1;
            }
        }
    }

    fn report(&self, test: &str, client: &str) {
        report(
            test,
            client,
            &[
                ("trials", self.trials),
                ("verdicts", self.verdicts),
                ("ambiguous_naming_b", self.ambiguous_naming_b),
                (
                    "not_found_yet_b_just_before",
                    self.not_found_yet_b_just_before,
                ),
                (
                    "not_found_yet_b_read_before",
                    self.not_found_yet_b_read_before,
                ),
                ("not_found_yet", self.not_found_yet),
                ("wrong_verdicts", self.wrong_verdicts),
                ("double_charges", self.double_charges),
            ],
        );
        assert_eq!(
            (self.wrong_verdicts, self.double_charges),
            (0, 0),
            "{test} [{client}]: {self:?}"
        );
    }
}

/// Finding 1: process B recharges 41,234 won (and more, one amount per trial); then this
/// process recharges the same amount on the same card and the connection drops before the
/// service handles it. This process's own lookup, and another client's given the attempt,
/// never take B's entry for the attempt's; waiting does not change that. This process may
/// have heard from the service before the recharge (its start measured when reported) or
/// not (the recharge was its first request).
pub fn another_process_recharge_is_never_taken_for_this_one<C: CashClient>() {
    let f = Fixture::new();
    let mut tally = Tally::default();
    let mut expected = f.balance();
    for (trial, heard_before) in [false, true, false, true].into_iter().enumerate() {
        tally.trials += 1;
        let won = Won::try_from(41_234 + i64::try_from(trial).unwrap_or(0)).expect("an amount");
        let amount = won.to_money();
        let request = RechargeRequest::new(won, f.payment_id.clone());
        let b = f.client::<C>().recharge(&request).expect("B's recharge");
        f.admin.set_clock_offset(f.admin.clock_offset() + B_EARLIER);
        expected = expected.checked_add(&amount).expect("in range");
        let b_entry = f
            .admin
            .history(&f.account_id)
            .expect("account")
            .pop()
            .expect("B's entry");
        assert_eq!(b_entry.history_id, b.history_id);

        let client = f.client::<C>();
        if heard_before {
            client.balance().expect("a read");
        }
        f.admin.inject_fault(FaultSpec::new(
            Route::Recharge,
            FaultAction::DropBeforeHandling,
        ));
        let err = client.recharge(&request).expect_err("dropped");
        assert_eq!(
            (err.kind(), err.outcome()),
            (ErrorKind::Network, Outcome::Unknown),
            "{err}"
        );
        let attempt = err.money_attempt().expect("reconcilable");
        // B's entry existed before the recharge was sent: its read found it.
        let prior = attempt.prior_entries();
        assert!(
            prior.is_some_and(|ids| ids.contains(&b_entry.history_id)),
            "{attempt:?}"
        );
        tally.judge_attempt(
            &client.reconcile(attempt).expect("the lookup runs"),
            Some(&b_entry),
            prior,
        );
        let elsewhere = f.client::<C>().reconcile(attempt).expect("the lookup runs");
        tally.judge_attempt(&elsewhere, Some(&b_entry), prior);
        // Given only the start (another process that kept no more), B's entry cannot be
        // ruled out that way: it is named, never taken for the attempt's.
        let bare = solapi_cash_core::MoneyAttempt::for_amount(
            attempt.amount().clone(),
            attempt.started_at(),
        );
        let bare = f.client::<C>().reconcile(&bare).expect("the lookup runs");
        tally.judge(&bare, Some(&b_entry));
        if trial == 0 {
            let waited = client
                .reconcile_waiting(attempt, Duration::from_secs(2))
                .expect("the lookup runs");
            tally.judge_attempt(&waited, Some(&b_entry), prior);
        }
        if f.balance() != expected {
            tally.double_charges += 1;
        }
    }
    tally.report(
        "another_process_recharge_is_never_taken_for_this_one",
        client_name::<C>(),
    );
}

/// Finding 2: something in front of the service answers the recharge `200 oops`; the
/// service never saw it. Ten trials: the error is of unknown outcome (its message says a 2xx
/// without a readable receipt proves nothing), the ledger is untouched, and the lookup — at
/// once, and waiting — finds no such recharge.
pub fn a_2xx_without_a_receipt_is_not_applied_without_its_entry<C: CashClient>() {
    let f = Fixture::new();
    let client = f.client::<C>();
    let mut tally = Tally::default();
    let before = f.admin.history_len(&f.account_id).expect("account");
    for trial in 0..10i64 {
        tally.trials += 1;
        f.admin.inject_fault(FaultSpec::new(
            Route::Recharge,
            FaultAction::Error {
                status: 200,
                body: Some("oops".into()),
                retry_after: None,
            },
        ));
        let request = RechargeRequest::new(
            Won::try_from(5_000 + trial).expect("an amount"),
            f.payment_id.clone(),
        );
        let err = client.recharge(&request).expect_err("no receipt");
        assert_2xx_without_a_receipt_is_unknown(&err);
        assert_eq!(err.body_prefix(), Some("oops"));
        let attempt = err.money_attempt().expect("reconcilable");
        tally.judge(&client.reconcile(attempt).expect("the lookup runs"), None);
        if trial == 0 {
            let waited = client
                .reconcile_waiting(attempt, Duration::from_millis(1500))
                .expect("the lookup runs");
            assert!(waited.window().looks() >= 2, "{waited:?}");
            tally.judge(&waited, None);
        }
        if f.admin.history_len(&f.account_id).expect("account") != before {
            tally.double_charges += 1;
        }
    }
    assert_eq!(f.balance(), Money::from_i64(10_000), "nothing was charged");
    tally.report(
        "a_2xx_without_a_receipt_is_not_applied_without_its_entry",
        client_name::<C>(),
    );
}

/// A recharge answered 200 with a body that is no receipt: `Decode`, HTTP 200 kept, of unknown
/// outcome, and the message says the status proves nothing.
pub(crate) fn assert_2xx_without_a_receipt_is_unknown(err: &Error) {
    assert_eq!(
        (err.kind(), err.outcome(), err.status().map(|s| s.as_u16())),
        (ErrorKind::Decode, Outcome::Unknown, Some(200)),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains("a 2xx without a readable receipt does not prove the recharge"),
        "{err}"
    );
}
