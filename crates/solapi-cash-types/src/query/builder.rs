//! [`HistoryQueryBuilder`].

use super::days::{CalendarZone, Days, KOREA};
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
    /// A setter that could not be applied (a day beyond the zone's range), for `build`.
    error: Option<QueryError>,
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

    /// `startDate` and `endDate` for whole days in Korea Standard Time ([`KOREA`]), the
    /// zone of SOLAPI's console: from the first instant of the first day to the last
    /// millisecond of the last, sent as UTC instants. See [`Days`].
    pub fn days(self, days: Days) -> Self {
        self.days_in(days, &KOREA)
    }

    /// `startDate` and `endDate` for whole days in `zone` (a [`time::UtcOffset`], or a zone
    /// of a time zone database that implements [`CalendarZone`]).
    ///
    /// ```
    /// use solapi_cash_types::{Days, HistoryQuery};
    /// use time::{UtcOffset, macros::date};
    ///
    /// let query = HistoryQuery::builder()
    ///     .days_in(Days::day(date!(2025 - 06 - 01)), &UtcOffset::UTC)
    ///     .build()?;
    /// assert_eq!(query.start_date().map(ToString::to_string).as_deref(), Some("2025-06-01T00:00:00.000Z"));
    /// assert_eq!(query.end_date().map(ToString::to_string).as_deref(), Some("2025-06-01T23:59:59.999Z"));
    /// # Ok::<(), solapi_cash_types::QueryError>(())
    /// ```
    pub fn days_in(mut self, days: Days, zone: &impl CalendarZone) -> Self {
        match days.bounds(zone) {
            Ok((start, end)) => {
                self.query.start_date = Some(DateBound::DateTime(start));
                self.query.end_date = Some(DateBound::DateTime(end));
            }
            Err(e) => self.error = Some(e),
        }
        self
    }

    /// Validates: `limit` at least 1, `startDate` not after `endDate`, days that could be
    /// placed, and no empty text filter (the service refuses `groupId=` rather than ignoring
    /// it).
    pub fn build(self) -> Result<HistoryQuery, QueryError> {
        if let Some(error) = self.error {
            return Err(error);
        }
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
