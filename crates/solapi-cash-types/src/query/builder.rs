//! [`HistoryQueryBuilder`].

use super::{DateBound, HistoryQuery, QueryError};
use crate::money::Money;
use crate::open_enums::{HistoryType, RechargeMethod, ServiceMethod};

/// Builds a [`HistoryQuery`]; [`build`](HistoryQueryBuilder::build) validates it.
#[derive(Debug, Clone, Default)]
pub struct HistoryQueryBuilder {
    query: HistoryQuery,
    offset: Option<i64>,
    limit: Option<i64>,
}

/// A setter that stores `value.into()` in the query field of the same name.
macro_rules! setters {
    ($( $(#[$doc:meta])* $name:ident: $ty:ty ),+ $(,)?) => {
        $(
            $(#[$doc])*
            pub fn $name(mut self, value: impl Into<$ty>) -> Self {
                self.query.$name = Some(value.into());
                self
            }
        )+
    };
}

impl HistoryQueryBuilder {
    /// `offset`: how many matching entries to skip; must not be negative.
    pub fn offset(mut self, offset: i64) -> Self {
        self.offset = Some(offset);
        self
    }

    /// `limit`: the page size; at least 1.
    pub fn limit(mut self, limit: i64) -> Self {
        self.limit = Some(limit);
        self
    }

    setters! {
        /// `startDate`: a day (`time::Date`) or an instant (`time::OffsetDateTime`).
        start_date: DateBound,
        /// `endDate`: a day (the whole day is included) or an instant.
        end_date: DateBound,
        /// `type`: only entries of this kind.
        kind: HistoryType,
        /// `groupId`: only entries of this message group.
        group_id: String,
        /// `rechargeMethod`.
        recharge_method: RechargeMethod,
        /// `serviceMethod`.
        service_method: ServiceMethod,
        /// `balanceAmount`: only entries whose balance changed by exactly this amount.
        balance_amount: Money,
        /// `balanceRecharge`: only entries that did (or did not) add to the balance.
        balance_recharge: bool,
        /// `balanceDeduct`: only entries that did (or did not) take from the balance.
        balance_deduct: bool,
        /// `pointRecharge`: only entries that did (or did not) add points.
        point_recharge: bool,
        /// `pointDeduct`: only entries that did (or did not) take points.
        point_deduct: bool,
    }

    /// Validates: `limit` at least 1, `offset` not negative, `startDate` not after `endDate`,
    /// and no empty text filter (the service refuses `groupId=` rather than ignoring it).
    pub fn build(self) -> Result<HistoryQuery, QueryError> {
        let mut query = self.query;
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
        if let Some(offset) = self.offset {
            query.offset = Some(
                u64::try_from(offset)
                    .map_err(|_| QueryError::new("offset", "must not be negative"))?,
            );
        }
        if let Some(limit) = self.limit {
            query.limit = Some(
                u64::try_from(limit)
                    .ok()
                    .filter(|&l| l >= 1)
                    .ok_or_else(|| QueryError::new("limit", "must be at least 1"))?,
            );
        }
        query.validate()
    }
}
