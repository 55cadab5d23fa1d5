//! Models, exact money and the history query of the SOLAPI Cash API.
//!
//! This crate does no I/O and has no HTTP client or runtime. It holds the API's vocabulary —
//! what is sent and received — so that the protocol engine (`solapi-cash-core`), the async
//! client (`solapi-cash-async`), the blocking client (`solapi-cash-blocking`), the CLI and the
//! emulator share one definition of it.
//!
//! ```
//! use solapi_cash_types::{HistoryEntry, HistoryType, Money};
//!
//! let page: Vec<HistoryEntry> = serde_json::from_str(r#"[{
//!     "balanceAmount": 10000, "pointAmount": 0, "accountId": "19041920726336",
//!     "oldBalance": 10130.5, "newBalance": 20130.5, "oldPoint": 0, "newPoint": 0,
//!     "type": "RECHARGE", "dateCreated": "2019-08-06T06:16:06.000Z",
//!     "historyId": "5d491966384bbe6e51a2ceb6", "somethingNew": [1, 2]
//! }]"#)?;
//! let entry = &page[0];
//! assert_eq!(entry.kind, HistoryType::Recharge);
//! assert_eq!(entry.new_balance.to_string(), "20130.5");
//! assert_eq!(entry.old_balance.checked_add(&entry.balance_amount), Some(entry.new_balance.clone()));
//! // What the model does not know is kept, and written back.
//! assert_eq!(entry.extra.get("somethingNew").map(|v| v.get()), Some("[1, 2]"));
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! # Map
//! - [`Money`]: exact decimal amounts of any size up to a documented bound ([`money`]);
//!   [`Won`]: the whole, positive amount of a request that moves money.
//! - [`Flag`]: a setting sent as a number or a boolean.
//! - [`HistoryType`], [`RechargeMethod`], [`ServiceMethod`]: open string enums.
//! - [`Timestamp`]: `dateCreated`, a real instant that keeps the API's text.
//! - [`models`]: request and response bodies, the error body and the second factor; each
//!   response model keeps what it does not understand in [`Extra`].
//! - [`query`]: [`HistoryQuery`] and its builder, encoder and server-side parser; [`Days`]:
//!   a day or month in a time zone (Korean by default) as the query's bounds;
//!   [`PaymentQuery`].
//! - `wire` (private): how models meet JSON — raw capture, lenient fields, `wire_model!`.
//!   The strictness rule is in `docs/models.md`.

mod flag;
pub mod models;
pub mod money;
mod open_enums;
pub mod query;
mod setters;
mod timestamp;
mod wire;
mod won;

pub use flag::Flag;
pub use models::{
    ApiErrorBody, BalanceResponse, Extra, HistoryEntry, HistoryEntryBuilder, HistoryPage,
    LowBalanceAlert, MfaChallenge, MfaData, PaymentList, PaymentMethod, RechargeRequest,
    RechargeResponse,
};
pub use money::{Money, MoneyError, Operand};
pub use open_enums::{HistoryType, RechargeMethod, ServiceMethod, WithdrawStatus};
pub use query::{
    CalendarZone, DateBound, Days, HistoryQuery, HistoryQueryBuilder, KOREA, PaymentQuery,
    PaymentQueryBuilder, QueryError,
};
pub use timestamp::{Timestamp, TimestampError};
pub use won::{Won, WonError};

/// The README's examples, compiled and run as doctests so that the crate's front page on
/// crates.io stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
