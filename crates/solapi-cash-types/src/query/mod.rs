//! The history query: every parameter of `GET /cash/v1/balance/history`, validated, and
//! encoded to (or, on the server side, parsed from) the exact query string; and the smaller
//! query of `GET /cash/v1/payment`.

mod builder;
mod date_bound;
mod days;
mod encode;
mod error;
mod parse;
mod payment;
mod recharge_history;
mod withdraw;

pub use builder::HistoryQueryBuilder;
pub use date_bound::DateBound;
pub use days::{CalendarZone, Days, KOREA};
pub use error::QueryError;
pub use payment::{PaymentQuery, PaymentQueryBuilder};
pub use recharge_history::{DateOp, RechargeHistoryQuery};
pub use withdraw::WithdrawQuery;

use crate::money::Money;
use crate::open_enums::{HistoryType, RechargeMethod, ServiceMethod};

/// A validated history query. Every field is optional; unset fields are not sent and the
/// service applies its defaults (`offset` 0, `limit` 20).
///
/// ```
/// use solapi_cash_types::{HistoryQuery, HistoryType};
/// use time::macros::date;
///
/// let query = HistoryQuery::builder()
///     .limit(100)
///     .start_date(date!(2024 - 05 - 01))
///     .kind(HistoryType::Recharge)
///     .build()?;
/// assert_eq!(query.to_query_string(), "limit=100&startDate=2024-05-01&type=RECHARGE");
/// # Ok::<(), solapi_cash_types::QueryError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HistoryQuery {
    offset: Option<u64>,
    limit: Option<u64>,
    start_date: Option<DateBound>,
    end_date: Option<DateBound>,
    kind: Option<HistoryType>,
    group_id: Option<String>,
    recharge_method: Option<RechargeMethod>,
    service_method: Option<ServiceMethod>,
    balance_amount: Option<Money>,
    balance_recharge: Option<bool>,
    balance_deduct: Option<bool>,
    point_recharge: Option<bool>,
    point_deduct: Option<bool>,
}

/// A page size of zero is refused by the service (both endpoints document a minimum of 1).
fn check_limit(limit: Option<u64>) -> Result<(), QueryError> {
    if limit == Some(0) {
        return Err(QueryError::new("limit", "must be at least 1"));
    }
    Ok(())
}

impl HistoryQuery {
    /// The `limit` the service applies when the query has none (20, as the project's API
    /// notes record it); the emulator serves the same.
    pub const DEFAULT_LIMIT: u64 = 20;

    /// Starts an empty query.
    pub fn builder() -> HistoryQueryBuilder {
        HistoryQueryBuilder::default()
    }

    /// Checks the rules that hold however the query was made.
    fn validate(self) -> Result<HistoryQuery, QueryError> {
        check_limit(self.limit)?;
        if let (Some(start), Some(end)) = (&self.start_date, &self.end_date)
            && start.start_instant() > end.end_instant()
        {
            return Err(QueryError::new(
                "startDate",
                format!("{start} is after endDate {end}"),
            ));
        }
        Ok(self)
    }

    /// The same query at another offset.
    pub fn with_offset(&self, offset: u64) -> HistoryQuery {
        HistoryQuery {
            offset: Some(offset),
            ..self.clone()
        }
    }

    /// The same query with another page size.
    pub fn with_limit(&self, limit: std::num::NonZeroU64) -> HistoryQuery {
        HistoryQuery {
            limit: Some(limit.get()),
            ..self.clone()
        }
    }

    /// The same query with another end of the date range, if that keeps the range valid.
    pub fn with_end_date(&self, end: impl Into<DateBound>) -> Result<HistoryQuery, QueryError> {
        HistoryQuery {
            end_date: Some(end.into()),
            ..self.clone()
        }
        .validate()
    }

    /// The same query with another start of the date range, if that keeps the range valid.
    pub fn with_start_date(&self, start: impl Into<DateBound>) -> Result<HistoryQuery, QueryError> {
        HistoryQuery {
            start_date: Some(start.into()),
            ..self.clone()
        }
        .validate()
    }

    /// `offset`: how many matching entries to skip.
    pub fn offset(&self) -> Option<u64> {
        self.offset
    }
    /// `limit`: the page size asked for.
    pub fn limit(&self) -> Option<u64> {
        self.limit
    }
    /// `startDate`.
    pub fn start_date(&self) -> Option<&DateBound> {
        self.start_date.as_ref()
    }
    /// `endDate`.
    pub fn end_date(&self) -> Option<&DateBound> {
        self.end_date.as_ref()
    }
    /// `type`.
    pub fn kind(&self) -> Option<&HistoryType> {
        self.kind.as_ref()
    }
    /// `groupId`.
    pub fn group_id(&self) -> Option<&str> {
        self.group_id.as_deref()
    }
    /// `rechargeMethod`.
    pub fn recharge_method(&self) -> Option<&RechargeMethod> {
        self.recharge_method.as_ref()
    }
    /// `serviceMethod`.
    pub fn service_method(&self) -> Option<&ServiceMethod> {
        self.service_method.as_ref()
    }
    /// `balanceAmount`.
    pub fn balance_amount(&self) -> Option<&Money> {
        self.balance_amount.as_ref()
    }
    /// `balanceRecharge`.
    pub fn balance_recharge(&self) -> Option<bool> {
        self.balance_recharge
    }
    /// `balanceDeduct`.
    pub fn balance_deduct(&self) -> Option<bool> {
        self.balance_deduct
    }
    /// `pointRecharge`.
    pub fn point_recharge(&self) -> Option<bool> {
        self.point_recharge
    }
    /// `pointDeduct`.
    pub fn point_deduct(&self) -> Option<bool> {
        self.point_deduct
    }
}
