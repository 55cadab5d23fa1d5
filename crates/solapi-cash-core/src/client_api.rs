//! Everything the clients' public signatures use, from this crate, the models crate and the
//! signing crate: `solapi_cash_async` and `solapi_cash_blocking` re-export this module whole
//! (`pub use solapi_cash_core::client_api::*`), so that a user of either needs no other crate
//! to name a type the client hands out or takes.

/// The pager of key-paged lists.
pub use crate::{KeyedQuery, StartKeyPager};
pub use solapi_auth::{Credentials, CredentialsError, Salt, Secret, SignError};
/// Every model (request and response bodies).
pub use solapi_cash_types::models::*;
/// The recharge history's query (`startKey` paging, `dateCreated` operators).
pub use solapi_cash_types::query::{DateOp, RechargeHistoryQuery, WithdrawQuery};
pub use solapi_cash_types::{
    CalendarZone, DateBound, Days, Flag, HistoryQuery, HistoryQueryBuilder, HistoryType, KOREA,
    Money, MoneyError, PaymentQuery, PaymentQueryBuilder, QueryError, RechargeMethod,
    ServiceMethod, Timestamp, TimestampError, Won, WonError, won,
};
/// The `time` crate: its types appear in the clients' API (`MoneyAttempt::started_at`,
/// clock offsets, [`Clock`]).
pub use time;

/// The 0.1.0 name of [`MoneyAttempt`].
#[allow(deprecated)]
pub use crate::RechargeAttempt;
/// Every endpoint type and the [`Endpoint`] trait.
pub use crate::endpoint::*;
pub use crate::{
    BASE_URL_ENV, BaseUrl, BaseUrlError, ClientBuilder, ClientConfig, Clock, Concurrency, Engine,
    Entropy, EntryMatch, Error, ErrorKind, Jitter, MoneyAttempt, Operation, OsEntropy, Outcome,
    RechargeChallenge, Recharged, ReconcileWindow, Reconciliation, RetryPolicy, SystemClock,
    Tuning, UnknownRecharge,
};
