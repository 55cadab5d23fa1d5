//! Verdicts about money from proof only (issue 11, findings 1–3): lost recharge answers
//! whose lookup used to say "not applied" — a recharge slower than the timeout (also after
//! the second factor), a local clock 20 minutes off the server's, a server clock that steps
//! between the commit and the lookup — each run as trials against the emulator. A trial
//! follows the library's answer as a careful caller would: it recharges again only on a
//! verdict that says the recharge was not applied, which no lookup gives any more; it counts
//! a double charge if the ledger ever holds the attempt twice, and a wrong verdict if an
//! answer contradicts the ledger (an entry missed that was there as of the look, another
//! entry taken for it, or "applied" for a recharge never committed).

use std::time::Duration;

use solapi_cash_core::{ErrorKind, Outcome, Reconciliation};
use solapi_cash_emulator::{EmulatorConfig, FaultAction, FaultSpec, Route};
use solapi_cash_types::{HistoryEntry, MfaData, Money, RechargeRequest, Won, won};

use super::figures::{client_name, report};
use crate::adapters::CashClient;
use crate::fixture::Fixture;

/// How long a trial lets a reconciliation wait for a late commit.
const PATIENCE: Duration = Duration::from_secs(10);

/// What the trials of one test saw.
#[derive(Debug, Default)]
struct Tally {
    trials: u64,
    verdicts: u64,
    double_charges: u64,
    wrong_verdicts: u64,
    applied: u64,
    not_found_yet: u64,
    then_applied: u64,
    earlier_reported: u64,
    ambiguous_with_the_entry: u64,
}

impl Tally {
    fn report(&self, test: &str, client: &str, extra: &[(&str, u64)]) {
        let mut figures = vec![
            ("trials", self.trials),
            ("verdicts", self.verdicts),
            ("double_charges", self.double_charges),
            ("wrong_verdicts", self.wrong_verdicts),
            ("applied", self.applied),
            ("not_found_yet", self.not_found_yet),
            ("then_applied", self.then_applied),
            (
                "not_found_yet_with_the_entry_just_before",
                self.earlier_reported,
            ),
            ("ambiguous_with_the_entry", self.ambiguous_with_the_entry),
        ];
        figures.extend_from_slice(extra);
        report(test, client, &figures);
        assert_eq!(
            (self.double_charges, self.wrong_verdicts),
            (0, 0),
            "{test} [{client}]: {self:?}"
        );
    }

    /// Judges `answer` against the ledger: `committed` is the attempt's entry if the emulator
    /// wrote it, and `seen` whether it was written before the look's time (`as_of`). An
    /// ambiguous answer whose only candidate is the attempt's entry is not wrong: the entry
    /// was found, and what it could not prove is said.
    fn judge(&mut self, answer: &Reconciliation, committed: Option<&HistoryEntry>, seen: bool) {
        self.verdicts += 1;
        match (answer, committed) {
            (Reconciliation::Applied { entry, .. }, Some(it)) if entry == it => self.applied += 1,
            (Reconciliation::Ambiguous { candidates, .. }, Some(it))
                if candidates == std::slice::from_ref(it) =>
            {
                self.ambiguous_with_the_entry += 1;
            }
            (Reconciliation::NotFoundYet { earlier, .. }, Some(it)) if earlier.contains(it) => {
                self.earlier_reported += 1;
            }
            (Reconciliation::NotFoundYet { .. }, Some(_)) if !seen => self.not_found_yet += 1,
            (Reconciliation::NotFoundYet { earlier, .. }, None) if earlier.is_empty() => {
                self.not_found_yet += 1;
            }
            _ => self.wrong_verdicts += 1,
        }
    }

    /// A careful caller recharges again only when told that nothing was charged.
    fn follow(&mut self, f: &Fixture, before: usize, says_not_applied: bool) {
        let entries = f.admin.history_len(&f.account_id).expect("account") - before;
        if entries > 1 || (says_not_applied && entries == 1) {
            self.double_charges += 1;
        }
    }
}

/// The newest entry of the account, if it is newer than the first `before` entries.
fn new_entry(f: &Fixture, before: usize) -> Option<HistoryEntry> {
    let history = f.admin.history(&f.account_id).expect("account");
    (history.len() > before).then(|| history[before].clone())
}

/// Finding 1: the recharge is slower than the client's timeout (emulator delay 2 s, timeout
/// 1 s), with or without the second factor. The lookup right after the timeout finds nothing
/// — "not found yet", as of a time before the commit — and waiting finds the entry once the
/// server commits it. (Before: "not applied, safe to retry", 10 of 10.)
pub fn a_recharge_slower_than_the_timeout_is_found_once_committed<C: CashClient>() {
    let mut tally = Tally::default();
    for mfa in [false, true] {
        for trial in 0..3i64 {
            tally.trials += 1;
            let f = Fixture::with(EmulatorConfig::default().rate_limit(None), 0, mfa);
            let mut settings = f.settings();
            settings.timeout = Duration::from_secs(1);
            let client = C::connect(&settings).expect("client");
            let request = RechargeRequest::new(
                Won::try_from(1000 + trial).expect("an amount"),
                f.payment_id.clone(),
            );
            let before = f.admin.history_len(&f.account_id).expect("account");
            let mfa_data = mfa.then(|| {
                let challenge = client.recharge(&request).expect_err("a challenge");
                assert_eq!(challenge.kind(), ErrorKind::MfaRequired, "{challenge}");
                let transaction = challenge.mfa_transaction_id().expect("id").to_owned();
                let code = f.admin.last_mail(&f.account_id).expect("mail").code;
                MfaData::email(transaction, code)
            });
            f.admin.inject_fault(FaultSpec::new(
                Route::Recharge,
                FaultAction::Delay { ms: 2000 },
            ));
            let err = match &mfa_data {
                Some(mfa) => client.recharge_with_mfa(&request, mfa),
                None => client.recharge(&request),
            }
            .expect_err("timed out");
            assert_eq!(
                (err.kind(), err.outcome()),
                (ErrorKind::Timeout, Outcome::Unknown),
                "{err}"
            );
            let attempt = err.money_attempt().expect("reconcilable");
            let at_once = client.reconcile(attempt).expect("the lookup runs");
            let committed_by_then = new_entry(&f, before)
                .is_some_and(|e| e.date_created.datetime() <= at_once.window().as_of());
            tally.judge(&at_once, new_entry(&f, before).as_ref(), committed_by_then);
            tally.follow(&f, before, false);
            // Waiting: the server commits about a second later, and the entry is found.
            let waited = client
                .reconcile_waiting(attempt, PATIENCE)
                .expect("the lookup runs");
            let entry = new_entry(&f, before);
            assert!(entry.is_some(), "the emulator committed");
            tally.judge(&waited, entry.as_ref(), true);
            if waited.applied().is_some() && at_once.applied().is_none() {
                tally.then_applied += 1;
                assert!(waited.window().looks() >= 2, "{waited:?}");
            }
            tally.follow(&f, before, false);
            assert_eq!(f.balance(), Money::from_i64(1000 + trial), "charged once");
        }
    }
    tally.report(
        "a_recharge_slower_than_the_timeout_is_found_once_committed",
        client_name::<C>(),
        &[("of_them_after_the_second_factor", 3)],
    );
}

/// Finding 2: this machine's clock 20 minutes off the server's, either way (emulator clock
/// offset), and the answer lost after the commit. The first attempt is refused as skewed,
/// the client corrects its clock and sends again, the server commits and the answer is
/// lost. The attempt's start is measured on the server's clock, so the entry is found — by
/// the client itself and by another client given the attempt. (Before: "not applied", 12 of
/// 12.)
pub fn a_lost_answer_under_a_skewed_clock_is_found<C: CashClient>() {
    let mut tally = Tally::default();
    for offset in [-1200, 1200] {
        let config = EmulatorConfig::default()
            .rate_limit(None)
            .clock_offset(time::Duration::seconds(offset));
        let f = Fixture::with(config, 0, false);
        for trial in 0..6i64 {
            tally.trials += 1;
            // A fresh client each time: it learns the skew from this very recharge.
            let client = f.client::<C>();
            let request = RechargeRequest::new(
                Won::try_from(2000 + trial).expect("an amount"),
                f.payment_id.clone(),
            );
            let before = f.admin.history_len(&f.account_id).expect("account");
            // The read of the matching entries before the recharge is refused as skewed and
            // corrected; the recharge, sent once with the corrected clock, is committed and its
            // answer lost.
            f.admin.inject_fault(FaultSpec::new(
                Route::Recharge,
                FaultAction::DropAfterCommit,
            ));
            let err = client.recharge(&request).expect_err("lost");
            assert!(err.may_have_been_applied(), "{err}");
            assert_eq!(
                err.attempts(),
                1,
                "sent once, after the read's correction: {err}"
            );
            let attempt = err.money_attempt().expect("reconcilable");
            assert!(attempt.start_measured(), "measured from the read's Date");
            let entry = new_entry(&f, before);
            let answer = client.reconcile(attempt).expect("the lookup runs");
            tally.judge(&answer, entry.as_ref(), true);
            let elsewhere = f.client::<C>().reconcile(attempt).expect("the lookup runs");
            tally.judge(&elsewhere, entry.as_ref(), true);
            tally.follow(&f, before, false);
        }
    }
    tally.report(
        "a_lost_answer_under_a_skewed_clock_is_found",
        client_name::<C>(),
        &[("clock_offsets_s", 1200)],
    );
}

/// Finding 3: the server's clock steps between the commit and the lookup (emulator clock
/// shift), by seconds to half a minute, either way — never "not applied". (Before: "not
/// applied" with a step beyond the 2 s margin.) A step back moves the lookup's reading of
/// the attempt's start back: the entry lies after it, "applied". A step forward moves it
/// past the entry: a client whose recharge was its first request reports the entry just
/// before the window, with "not found yet" (or, within the margin, as a candidate); one that
/// had heard from the server before has two readings of the start that disagree by the step,
/// and an entry between them proves nothing (had the step come before the attempt, another
/// process's recharge would lie there): "ambiguous", naming the entry (issue 20: before, it
/// said "applied" there).
pub fn a_server_clock_step_after_the_commit_never_reads_as_not_applied<C: CashClient>() {
    let mut tally = Tally::default();
    for step in [-30, -5, -3, 3, 5, 30] {
        for heard_before in [false, true] {
            tally.trials += 1;
            let f = Fixture::new();
            let client = f.client::<C>();
            if heard_before {
                client.balance().expect("a read");
            }
            let request = RechargeRequest::new(won!(3000), f.payment_id.clone());
            let before = f.admin.history_len(&f.account_id).expect("account");
            f.admin.inject_fault(FaultSpec::new(
                Route::Recharge,
                FaultAction::DropAfterCommit,
            ));
            let err = client.recharge(&request).expect_err("lost");
            let entry = new_entry(&f, before);
            f.admin.set_clock_offset(time::Duration::seconds(step));
            let answer = client
                .reconcile(err.money_attempt().expect("reconcilable"))
                .expect("the lookup runs");
            tally.judge(&answer, entry.as_ref(), true);
            if step < 0 {
                assert!(answer.applied().is_some(), "step {step} s: {answer:?}");
            } else {
                assert!(answer.applied().is_none(), "step {step} s: {answer:?}");
            }
            tally.follow(&f, before, false);
        }
    }
    tally.report(
        "a_server_clock_step_after_the_commit_never_reads_as_not_applied",
        client_name::<C>(),
        &[("largest_step_s", 30)],
    );
}
