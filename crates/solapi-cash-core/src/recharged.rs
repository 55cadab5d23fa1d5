//! [`Recharged`]: what a recharge came to, as a value — done, waiting for the emailed code,
//! or of unknown outcome — so that the expected outcomes of a recharge are matched on, not
//! dug out of an [`Error`]; [`client_flows!`](crate::client_flows): the clients' methods
//! that answer it, written once.

use std::fmt;

use solapi_cash_types::models::{MfaData, RechargeRequest, RechargeResponse};

use crate::endpoint::Recharge;
use crate::error::{Error, ErrorKind, MoneyAttempt};

/// What a recharge came to (`try_recharge`, `recharge_with_code` of either client).
/// Failures that prove nothing was charged (a declined card, a wrong code, bad input) stay
/// errors.
#[derive(Debug)]
#[non_exhaustive]
pub enum Recharged {
    /// The money is on the balance: the receipt.
    Done(RechargeResponse),
    /// The account has the second factor on: a code was emailed and nothing was charged.
    /// Answer with `recharge_with_code(&challenge, code)`.
    NeedsCode(RechargeChallenge),
    /// The request may have reached the service and its answer was lost (or unreadable):
    /// the money may have moved. Never send it again blindly; reconcile its
    /// [`attempt`](UnknownRecharge::attempt).
    Unknown(UnknownRecharge),
}

/// A recharge waiting for the second factor: the request and the challenge's transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct RechargeChallenge {
    request: RechargeRequest,
    transaction_id: String,
}

impl RechargeChallenge {
    /// The recharge that asked for the code.
    pub fn request(&self) -> &RechargeRequest {
        &self.request
    }

    /// The challenge's transaction, as the service named it.
    pub fn transaction_id(&self) -> &str {
        &self.transaction_id
    }

    /// The same recharge with `code` as the answer to the challenge, to send with any
    /// client's `send` (what `recharge_with_code` does).
    pub fn answer(&self, code: &str) -> Recharge {
        Recharge::new(self.request.clone())
            .with_mfa(MfaData::email(&self.transaction_id, code.trim()))
    }
}

/// A recharge whose outcome is unknown: the attempt to reconcile and the error that made it
/// unknown (a timeout, a lost connection, an unreadable 2xx).
#[derive(Debug)]
pub struct UnknownRecharge {
    attempt: MoneyAttempt,
    error: Error,
}

impl UnknownRecharge {
    /// What to hand to `reconcile` / `reconcile_waiting`.
    pub fn attempt(&self) -> &MoneyAttempt {
        &self.attempt
    }

    /// Why the outcome is unknown.
    pub fn error(&self) -> &Error {
        &self.error
    }

    /// The error, for a caller that treats an unknown outcome as a failure (it still carries
    /// the attempt: [`Error::money_attempt`]).
    pub fn into_error(self) -> Error {
        self.error
    }
}

impl fmt::Display for UnknownRecharge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.error, f)
    }
}

impl Recharged {
    /// Sorts the result of a call of `request`: a receipt is [`Done`](Recharged::Done); an
    /// error asking for the second factor is [`NeedsCode`](Recharged::NeedsCode); one that may
    /// have been applied is [`Unknown`](Recharged::Unknown); any other error stays one.
    pub fn from_result(
        request: &RechargeRequest,
        result: Result<RechargeResponse, Error>,
    ) -> Result<Recharged, Error> {
        let error = match result {
            Ok(receipt) => return Ok(Recharged::Done(receipt)),
            Err(error) => error,
        };
        if error.kind() == ErrorKind::MfaRequired
            && !error.may_have_been_applied()
            && let Some(transaction_id) = error.mfa_transaction_id()
        {
            return Ok(Recharged::NeedsCode(RechargeChallenge {
                request: request.clone(),
                transaction_id: transaction_id.to_owned(),
            }));
        }
        match error.money_attempt() {
            Some(attempt) if error.may_have_been_applied() => {
                Ok(Recharged::Unknown(UnknownRecharge {
                    attempt: attempt.clone(),
                    error,
                }))
            }
            _ => Err(error),
        }
    }
}

/// The clients' recharge methods that answer a [`Recharged`]: `try_recharge` and
/// `recharge_with_code`, written once for both (`client_flows!(async)` in the async client,
/// `client_flows!(blocking)` in the blocking one). Each is its generated `recharge` /
/// `send` with the result sorted by [`Recharged::from_result`].
#[macro_export]
#[doc(hidden)]
macro_rules! client_flows {
    (async) => {
        $crate::client_flows!(@methods [async] [.await]);
    };
    (blocking) => {
        $crate::client_flows!(@methods [] []);
    };
    (@methods [$($async:tt)*] [$($await:tt)*]) => {
        /// Recharges the balance from a registered payment method, and says what it came to
        /// as a value: [`Recharged::Done`] with the receipt, [`Recharged::NeedsCode`] when the
        /// account's second factor emailed a code (nothing was charged; answer with
        /// [`recharge_with_code`](Self::recharge_with_code)), or [`Recharged::Unknown`] when
        /// the money may have moved and the answer was lost (reconcile its attempt). Never
        /// retried once it may have reached the server. `Err` only for failures that prove
        /// nothing was charged.
        pub $($async)* fn try_recharge(
            &self,
            request: &$crate::client_api::RechargeRequest,
        ) -> ::std::result::Result<$crate::Recharged, $crate::Error> {
            $crate::Recharged::from_result(request, self.recharge(request)$($await)*)
        }

        /// Answers a [`Recharged::NeedsCode`] challenge with the emailed `code` (surrounding
        /// whitespace is ignored). A wrong, expired or used code is an `Err` of kind
        /// [`MfaRejected`](ErrorKind::MfaRejected): nothing was charged.
        pub $($async)* fn recharge_with_code(
            &self,
            challenge: &$crate::RechargeChallenge,
            code: &str,
        ) -> ::std::result::Result<$crate::Recharged, $crate::Error> {
            let result = self.send(challenge.answer(code))$($await)*;
            $crate::Recharged::from_result(challenge.request(), result)
        }
    };
}

#[cfg(test)]
mod tests {
    use http::Response;
    use solapi_cash_types::won;

    use super::*;
    use crate::endpoint::Endpoint;
    use crate::error::Outcome;
    use crate::operation::Operation;

    fn request() -> RechargeRequest {
        RechargeRequest::new(won!(1000), "card")
    }

    fn answer(status: u16, body: &str) -> Result<RechargeResponse, Error> {
        let mut response = Response::new(body.as_bytes().to_vec());
        *response.status_mut() = http::StatusCode::from_u16(status).unwrap_or_default();
        Recharge::new(request()).read(&response)
    }

    #[test]
    fn each_expected_outcome_is_a_value_and_a_proven_refusal_stays_an_error() {
        let mfa = r#"{"errorCode":"MFARequired","errorMessage":"m","mfa":{"transactionId":"t1"}}"#;
        let Ok(Recharged::NeedsCode(challenge)) =
            Recharged::from_result(&request(), answer(403, mfa))
        else {
            panic!("a challenge");
        };
        assert_eq!(challenge.transaction_id(), "t1");
        assert_eq!(challenge.request(), &request());
        let base = crate::BaseUrl::parse("http://127.0.0.1:1").expect("a base URL");
        let sent = challenge
            .answer(" 123456\n")
            .request(&base)
            .expect("a request");
        let header = sent.headers()[MfaData::HEADER].to_str().expect("text");
        assert!(header.contains(r#""token":"123456""#), "{header}");

        let unknown =
            Error::new(Operation::Recharge, ErrorKind::Timeout, Outcome::Unknown).with_recharge(
                MoneyAttempt::new(request(), time::OffsetDateTime::UNIX_EPOCH),
            );
        let Ok(Recharged::Unknown(unknown)) = Recharged::from_result(&request(), Err(unknown))
        else {
            panic!("an unknown outcome");
        };
        assert_eq!(unknown.attempt().request(), Some(&request()));

        let declined = r#"{"errorCode":"InvalidPaymentId","errorMessage":"no"}"#;
        let refused = Recharged::from_result(&request(), answer(400, declined));
        assert!(refused.is_err_and(|e| !e.may_have_been_applied()));
    }
}
