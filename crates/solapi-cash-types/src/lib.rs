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
//!     "historyId": "5d491966384bbe6e51a2ceb6"
//! }]"#)?;
//! assert_eq!(page[0].kind, HistoryType::Recharge);
//! assert_eq!(page[0].new_balance.to_string(), "20130.5");
//! assert_eq!(page[0].old_balance.checked_add(page[0].balance_amount), Some(page[0].new_balance));
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! # Map
//! - [`Money`]: exact decimal amounts ([`money`], serde in `money_serde`).
//! - [`HistoryType`], [`RechargeMethod`], [`ServiceMethod`]: open string enums.
//! - [`Timestamp`]: `dateCreated`, a real instant that keeps the API's text.
//! - [`models`]: request and response bodies, the error body and the second factor.
//! - [`query`]: [`HistoryQuery`], its builder, encoder and server-side parser.

pub mod models;
pub mod money;
mod money_serde;
mod open_enums;
pub mod query;
mod timestamp;

pub use models::{
    ApiErrorBody, BalanceResponse, HistoryEntry, LowBalanceAlert, MfaChallenge, MfaData,
    RechargeRequest, RechargeResponse,
};
pub use money::{Money, MoneyError};
pub use open_enums::{HistoryType, RechargeMethod, ServiceMethod};
pub use query::{DateBound, HistoryQuery, HistoryQueryBuilder, QueryError};
pub use timestamp::{Timestamp, TimestampError};
