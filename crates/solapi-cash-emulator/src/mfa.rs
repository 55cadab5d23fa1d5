//! The second factor of the writes the core's declaration marks `second_factor`: challenges
//! with a 6-digit code "sent by email" (kept in an outbox), and their redemption.
//!
//! A challenge is bound to its account, its operation and the request it was issued for
//! (its body, or for a recharge its amount and payment method), expires after [`CODE_LIFETIME`] of emulator time, is used at most once, and is
//! dropped after [`MAX_WRONG_TRIES`] wrong codes.

use std::collections::{HashMap, VecDeque};
use std::io;

use serde::Serialize;
use solapi_cash_types::MfaData;
use time::OffsetDateTime;

use crate::rng::{DIGITS, HEX, os_string};
use crate::serde_time;

/// How long a code stays valid (emulator clock).
pub const CODE_LIFETIME: time::Duration = time::Duration::minutes(5);
/// Wrong codes tolerated before the challenge is dropped.
pub const MAX_WRONG_TRIES: u32 = 5;
/// Mails kept in the outbox (the oldest are dropped first).
const OUTBOX_CAPACITY: usize = 10_000;

/// One code "sent by email", as kept in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MfaMail {
    /// The challenge's `mfa.transactionId` (24 hex digits).
    pub transaction_id: String,
    /// The 6-digit code.
    pub code: String,
    /// The account the code was sent for.
    pub account_id: String,
    /// When it was sent (emulator clock).
    #[serde(with = "serde_time")]
    pub sent_at: OffsetDateTime,
    /// When it stops being accepted (emulator clock).
    #[serde(with = "serde_time")]
    pub expires_at: OffsetDateTime,
}

/// What the request to redeem a challenge was.
pub(crate) struct Attempt<'a> {
    pub(crate) account_id: &'a str,
    /// The operation's name (`recharge`, `set-alert`, ...).
    pub(crate) operation: &'static str,
    /// What identifies the request: a redemption must repeat it exactly.
    pub(crate) request: &'a str,
}

/// Why a second-factor attempt failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum MfaError {
    /// Known, live transaction but the wrong code (`InvalidMFAToken`).
    WrongCode { tries_left: u32 },
    /// Unknown, expired, used, or issued for another request (`InvalidMFATransaction`).
    Transaction(&'static str),
}

#[derive(Debug)]
struct Pending {
    account_id: String,
    operation: &'static str,
    request: String,
    code: String,
    expires_at: OffsetDateTime,
    wrong_tries: u32,
}

/// Open challenges and the outbox.
#[derive(Debug, Default)]
pub(crate) struct MfaStore {
    pending: HashMap<String, Pending>,
    outbox: VecDeque<MfaMail>,
}

impl MfaStore {
    /// Opens a challenge for `attempt` and "emails" its code.
    pub(crate) fn issue(
        &mut self,
        attempt: &Attempt<'_>,
        now: OffsetDateTime,
    ) -> io::Result<MfaMail> {
        self.pending.retain(|_, p| p.expires_at >= now);
        let transaction_id = os_string(HEX, 24)?;
        let code = os_string(DIGITS, 6)?;
        let expires_at = now.checked_add(CODE_LIFETIME).unwrap_or(now);
        self.pending.insert(
            transaction_id.clone(),
            Pending {
                account_id: attempt.account_id.to_owned(),
                operation: attempt.operation,
                request: attempt.request.to_owned(),
                code: code.clone(),
                expires_at,
                wrong_tries: 0,
            },
        );
        let mail = MfaMail {
            transaction_id,
            code,
            account_id: attempt.account_id.to_owned(),
            sent_at: now,
            expires_at,
        };
        if self.outbox.len() >= OUTBOX_CAPACITY {
            self.outbox.pop_front();
        }
        self.outbox.push_back(mail.clone());
        Ok(mail)
    }

    /// Checks `data` against its challenge; on success the challenge is consumed.
    pub(crate) fn redeem(
        &mut self,
        data: &MfaData,
        attempt: &Attempt<'_>,
        now: OffsetDateTime,
    ) -> Result<(), MfaError> {
        let Some(pending) = self.pending.get_mut(&data.transaction_id) else {
            return Err(MfaError::Transaction("unknown or already used transaction"));
        };
        if pending.expires_at < now {
            self.pending.remove(&data.transaction_id);
            return Err(MfaError::Transaction("the code has expired"));
        }
        if pending.account_id != attempt.account_id
            || pending.operation != attempt.operation
            || pending.request != attempt.request
        {
            return Err(MfaError::Transaction(
                "the transaction was issued for another request (account, operation or body)",
            ));
        }
        if !constant_time_eq(pending.code.as_bytes(), data.token.as_bytes()) {
            pending.wrong_tries += 1;
            let tries_left = MAX_WRONG_TRIES.saturating_sub(pending.wrong_tries);
            if tries_left == 0 {
                self.pending.remove(&data.transaction_id);
            }
            return Err(MfaError::WrongCode { tries_left });
        }
        self.pending.remove(&data.transaction_id);
        Ok(())
    }

    pub(crate) fn outbox(&self) -> Vec<MfaMail> {
        self.outbox.iter().cloned().collect()
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const T0: OffsetDateTime = datetime!(2024-05-01 12:00 UTC);

    fn attempt(amount: i64) -> Attempt<'static> {
        Attempt {
            account_id: "A",
            operation: "recharge",
            request: if amount == 100 { "100 P" } else { "other" },
        }
    }

    #[test]
    fn bound_to_the_operation() {
        let mut store = MfaStore::default();
        let mail = store.issue(&attempt(100), T0).unwrap();
        let data = MfaData::email(mail.transaction_id.clone(), mail.code.clone());
        let other = Attempt {
            operation: "set-alert",
            ..attempt(100)
        };
        assert!(matches!(
            store.redeem(&data, &other, T0),
            Err(MfaError::Transaction(_))
        ));
        assert_eq!(store.redeem(&data, &attempt(100), T0), Ok(()));
    }

    #[test]
    fn code_is_single_use() {
        let mut store = MfaStore::default();
        let mail = store.issue(&attempt(100), T0).unwrap();
        assert_eq!(mail.code.len(), 6);
        assert_eq!(mail.transaction_id.len(), 24);
        let data = MfaData::email(mail.transaction_id.clone(), mail.code.clone());
        assert_eq!(store.redeem(&data, &attempt(100), T0), Ok(()));
        assert!(matches!(
            store.redeem(&data, &attempt(100), T0),
            Err(MfaError::Transaction(_))
        ));
    }

    #[test]
    fn code_expires() {
        let mut store = MfaStore::default();
        let mail = store.issue(&attempt(100), T0).unwrap();
        let data = MfaData::email(mail.transaction_id.clone(), mail.code.clone());
        let late = T0 + CODE_LIFETIME + time::Duration::seconds(1);
        assert!(matches!(
            store.redeem(&data, &attempt(100), late),
            Err(MfaError::Transaction(_))
        ));
    }

    #[test]
    fn wrong_codes_then_dropped() {
        let mut store = MfaStore::default();
        let mail = store.issue(&attempt(100), T0).unwrap();
        let wrong = if mail.code == "000000" {
            "111111"
        } else {
            "000000"
        };
        let bad = MfaData::email(mail.transaction_id.clone(), wrong.to_owned());
        for left in (0..MAX_WRONG_TRIES).rev() {
            assert_eq!(
                store.redeem(&bad, &attempt(100), T0),
                Err(MfaError::WrongCode { tries_left: left })
            );
        }
        let good = MfaData::email(mail.transaction_id.clone(), mail.code.clone());
        assert!(matches!(
            store.redeem(&good, &attempt(100), T0),
            Err(MfaError::Transaction(_))
        ));
    }

    #[test]
    fn bound_to_the_request() {
        let mut store = MfaStore::default();
        let mail = store.issue(&attempt(100), T0).unwrap();
        let data = MfaData::email(mail.transaction_id.clone(), mail.code.clone());
        assert!(matches!(
            store.redeem(&data, &attempt(200), T0),
            Err(MfaError::Transaction(_))
        ));
        // The mismatch does not burn the challenge: the right request still passes.
        assert_eq!(store.redeem(&data, &attempt(100), T0), Ok(()));
        assert_eq!(store.outbox().len(), 1);
    }
}
