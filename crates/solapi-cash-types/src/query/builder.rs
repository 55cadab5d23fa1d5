//! [`HistoryQueryBuilder`].

use super::{DateBound, HistoryQuery, QueryError};
use crate::money::Money;
use crate::open_enums::{HistoryType, RechargeMethod, ServiceMethod};
use crate::setters::option_setters;

/// Builds a [`HistoryQuery`]; [`build`](HistoryQueryBuilder::build) validates it.
///
/// Every parameter has a setter taking its value and a `maybe_` setter taking an `Option`
/// (`None` unsets it), so that optional inputs need no `if let` per parameter:
///
/// ```
/// use solapi_cash_types::HistoryQuery;
///
/// let limit: Option<u64> = Some(50);
/// let group: Option<&str> = None;
/// let query = HistoryQuery::builder().maybe_limit(limit).maybe_group_id(group).build()?;
/// assert_eq!(query.to_query_string(), "limit=50");
/// # Ok::<(), solapi_cash_types::QueryError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct HistoryQueryBuilder {
    query: HistoryQuery,
}

impl HistoryQueryBuilder {
    option_setters! { query;
        /// `offset`: how many matching entries to skip.
        offset / maybe_offset: u64 [exact],
        /// `limit`: the page size; at least 1 (checked by `build`).
        limit / maybe_limit: u64 [exact],
        /// `startDate`: a day (`time::Date`) or an instant (`time::OffsetDateTime`).
        start_date / maybe_start_date: DateBound,
        /// `endDate`: a day (the whole day is included) or an instant.
        end_date / maybe_end_date: DateBound,
        /// `type`: only entries of this kind.
        kind / maybe_kind: HistoryType,
        /// `groupId`: only entries of this message group.
        group_id / maybe_group_id: String,
        /// `rechargeMethod`.
        recharge_method / maybe_recharge_method: RechargeMethod,
        /// `serviceMethod`.
        service_method / maybe_service_method: ServiceMethod,
        /// `balanceAmount`: only entries whose balance changed by exactly this amount.
        balance_amount / maybe_balance_amount: Money,
        /// `balanceRecharge`: only entries that did (or did not) add to the balance.
        balance_recharge / maybe_balance_recharge: bool,
        /// `balanceDeduct`: only entries that did (or did not) take from the balance.
        balance_deduct / maybe_balance_deduct: bool,
        /// `pointRecharge`: only entries that did (or did not) add points.
        point_recharge / maybe_point_recharge: bool,
        /// `pointDeduct`: only entries that did (or did not) take points.
        point_deduct / maybe_point_deduct: bool,
    }

    /// Validates: `limit` at least 1, `startDate` not after `endDate`, and no empty text
    /// filter (the service refuses `groupId=` rather than ignoring it).
    pub fn build(self) -> Result<HistoryQuery, QueryError> {
        let query = self.query;
        let texts = [
            ("type", query.kind.as_ref().map(|v| v.as_str())),
            ("groupId", query.group_id.as_deref()),
            (
                "rechargeMethod",
                query.recharge_method.as_ref().map(|v| v.as_str()),
            ),
            (
                "serviceMethod",
                query.service_method.as_ref().map(|v| v.as_str()),
            ),
        ];
        if let Some((name, _)) = texts.iter().find(|(_, v)| v.is_some_and(str::is_empty)) {
            return Err(QueryError::new(name, "must not be empty"));
        }
        query.validate()
    }
}
