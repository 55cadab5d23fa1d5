//! [`RechargeHistoryQuery`]: the query of `GET /cash/v1/recharge-history` (developers.solapi.com
//! references/cash/getRechargeHistoryNew, 2025-08-25): `startKey` paging, `dateCreated` with
//! the operators `gte`, `lte`, `gt`, `lt`, the balance history's filters, and
//! `masterAccountId`, `targetAccountId`.

use time::OffsetDateTime;

use super::encode::encode_pairs;
use super::parse::{for_each_known, number};
use super::{HistoryQuery, QueryError};
use crate::timestamp::{Timestamp, format_api};

/// A comparison of `dateCreated`, written `dateCreated[op]=…` (the operator syntax of SOLAPI's
/// list endpoints: documents `api-reference/overview.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DateOp {
    /// `gte`: at or after.
    Gte,
    /// `lte`: at or before.
    Lte,
    /// `gt`: after.
    Gt,
    /// `lt`: before.
    Lt,
}

impl DateOp {
    /// Every operator, in the documented order.
    pub const ALL: [DateOp; 4] = [DateOp::Gte, DateOp::Lte, DateOp::Gt, DateOp::Lt];

    /// The operator as the service spells it.
    pub const fn as_str(self) -> &'static str {
        match self {
            DateOp::Gte => "gte",
            DateOp::Lte => "lte",
            DateOp::Gt => "gt",
            DateOp::Lt => "lt",
        }
    }

    /// The parameter's name, decoded (`dateCreated[gte]`).
    const fn name(self) -> &'static str {
        match self {
            DateOp::Gte => "dateCreated[gte]",
            DateOp::Lte => "dateCreated[lte]",
            DateOp::Gt => "dateCreated[gt]",
            DateOp::Lt => "dateCreated[lt]",
        }
    }

    fn index(self) -> usize {
        match self {
            DateOp::Gte => 0,
            DateOp::Lte => 1,
            DateOp::Gt => 2,
            DateOp::Lt => 3,
        }
    }
}

/// The query of the recharge history. The history's filters (`type`, `groupId`,
/// `rechargeMethod`, `serviceMethod`, `balanceAmount`, `balanceRecharge`, `balanceDeduct`,
/// `pointRecharge`, `pointDeduct`) come from a [`HistoryQuery`] (its `offset`, `limit`,
/// `startDate` and `endDate` are not this endpoint's and are refused).
///
/// ```
/// use solapi_cash_types::query::{DateOp, RechargeHistoryQuery};
/// use time::macros::datetime;
///
/// let query = RechargeHistoryQuery::new()
///     .limit(50)
///     .date_created(DateOp::Gte, datetime!(2025-08-01 00:00 UTC))
///     .start_key("66a0f0c2e4b0a1b2c3d4e5f6")
///     .build()?;
/// assert_eq!(
///     query.to_query_string(),
///     "startKey=66a0f0c2e4b0a1b2c3d4e5f6&limit=50&dateCreated%5Bgte%5D=2025-08-01T00%3A00%3A00.000Z"
/// );
/// assert_eq!(RechargeHistoryQuery::parse(&query.to_query_string())?, query);
/// # Ok::<(), solapi_cash_types::QueryError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RechargeHistoryQuery {
    start_key: Option<String>,
    limit: Option<u64>,
    date_created: [Option<Timestamp>; 4],
    filters: HistoryQuery,
    master_account_id: Option<String>,
    target_account_id: Option<String>,
}

const NAMES: [&str; 8] = [
    "startKey",
    "limit",
    "dateCreated[gte]",
    "dateCreated[lte]",
    "dateCreated[gt]",
    "dateCreated[lt]",
    "masterAccountId",
    "targetAccountId",
];

impl RechargeHistoryQuery {
    /// An empty query: the first page, of the service's default size.
    pub fn new() -> RechargeHistoryQuery {
        RechargeHistoryQuery::default()
    }

    /// `startKey`: the key the previous page gave (unset: the first page).
    pub fn start_key(mut self, key: impl Into<String>) -> RechargeHistoryQuery {
        self.start_key = Some(key.into());
        self
    }

    /// `limit`: entries per page, at least 1 (checked by [`build`](Self::build)).
    pub fn limit(mut self, limit: impl Into<Option<u64>>) -> RechargeHistoryQuery {
        self.limit = limit.into();
        self
    }

    /// `dateCreated[op]`: entries created `op` this instant (one value per operator).
    pub fn date_created(mut self, op: DateOp, at: OffsetDateTime) -> RechargeHistoryQuery {
        self.date_created[op.index()] = Some(Timestamp::from_datetime(at));
        self
    }

    /// The balance history's filters (without its paging and dates).
    pub fn filters(mut self, filters: HistoryQuery) -> RechargeHistoryQuery {
        self.filters = filters;
        self
    }

    /// `masterAccountId`.
    pub fn master_account_id(mut self, id: impl Into<String>) -> RechargeHistoryQuery {
        self.master_account_id = Some(id.into());
        self
    }

    /// `targetAccountId`: the account a transfer went to.
    pub fn target_account_id(mut self, id: impl Into<String>) -> RechargeHistoryQuery {
        self.target_account_id = Some(id.into());
        self
    }

    /// Validates: `limit` at least 1, no empty key or id, the filters without `offset`,
    /// `limit`, `startDate`, `endDate`, and no empty date range.
    pub fn build(self) -> Result<RechargeHistoryQuery, QueryError> {
        super::check_limit(self.limit)?;
        for (name, value) in [
            ("startKey", &self.start_key),
            ("masterAccountId", &self.master_account_id),
            ("targetAccountId", &self.target_account_id),
        ] {
            if value.as_deref().is_some_and(str::is_empty) {
                return Err(QueryError::new(name, "must not be empty"));
            }
        }
        let f = &self.filters;
        for (name, set) in [
            ("offset", f.offset().is_some()),
            ("limit", f.limit().is_some()),
            ("startDate", f.start_date().is_some()),
            ("endDate", f.end_date().is_some()),
        ] {
            if set {
                return Err(QueryError::new(
                    name,
                    "not a parameter of the recharge history (it pages by startKey and filters dateCreated)",
                ));
            }
        }
        let at = |op: DateOp| {
            self.date_created[op.index()]
                .as_ref()
                .map(Timestamp::datetime)
        };
        let from = [at(DateOp::Gte), at(DateOp::Gt)]
            .into_iter()
            .flatten()
            .max();
        let to = [at(DateOp::Lte), at(DateOp::Lt)]
            .into_iter()
            .flatten()
            .min();
        if let (Some(from), Some(to)) = (from, to)
            && from > to
        {
            return Err(QueryError::new(
                "dateCreated",
                "the lower bound is after the upper bound",
            ));
        }
        Ok(self)
    }

    /// `startKey`.
    pub fn key(&self) -> Option<&str> {
        self.start_key.as_deref()
    }

    /// `limit`.
    pub fn page_limit(&self) -> Option<u64> {
        self.limit
    }

    /// `dateCreated[op]`.
    pub fn date_bound(&self, op: DateOp) -> Option<&Timestamp> {
        self.date_created[op.index()].as_ref()
    }

    /// The balance history's filters.
    pub fn history_filters(&self) -> &HistoryQuery {
        &self.filters
    }

    /// `masterAccountId`.
    pub fn master_account(&self) -> Option<&str> {
        self.master_account_id.as_deref()
    }

    /// `targetAccountId`.
    pub fn target_account(&self) -> Option<&str> {
        self.target_account_id.as_deref()
    }

    /// The same query for the page after `key` (the pager's step).
    pub fn with_start_key(&self, key: Option<&str>) -> RechargeHistoryQuery {
        let mut next = self.clone();
        next.start_key = key.map(str::to_owned);
        next
    }

    /// The query string (without `?`): `startKey`, `limit`, the `dateCreated` operators (the
    /// brackets percent-encoded, `dateCreated%5Bgte%5D`), the history's filters, then the
    /// account ids; values percent-encoded.
    pub fn to_query_string(&self) -> String {
        let mut head: Vec<(&'static str, String)> = Vec::new();
        head.extend(self.start_key.clone().map(|k| ("startKey", k)));
        head.extend(self.limit.map(|l| ("limit", l.to_string())));
        for op in DateOp::ALL {
            if let Some(at) = &self.date_created[op.index()] {
                let name = match op {
                    DateOp::Gte => "dateCreated%5Bgte%5D",
                    DateOp::Lte => "dateCreated%5Blte%5D",
                    DateOp::Gt => "dateCreated%5Bgt%5D",
                    DateOp::Lt => "dateCreated%5Blt%5D",
                };
                head.push((name, format_api(at.datetime())));
            }
        }
        let mut pairs = head;
        pairs.extend(self.filters.pairs());
        pairs.extend(
            self.master_account_id
                .clone()
                .map(|v| ("masterAccountId", v)),
        );
        pairs.extend(
            self.target_account_id
                .clone()
                .map(|v| ("targetAccountId", v)),
        );
        encode_pairs(&pairs)
    }

    /// Parses and validates a raw query string as the service reads it (the emulator's
    /// reader): the history's filters by [`HistoryQuery::parse`], the rest here; the brackets
    /// of `dateCreated[op]` may be sent encoded or not.
    pub fn parse(query: &str) -> Result<RechargeHistoryQuery, QueryError> {
        let filters = HistoryQuery::parse(query)?;
        let mut q = RechargeHistoryQuery {
            filters,
            ..RechargeHistoryQuery::default()
        };
        for_each_known(query, &NAMES, |name, value| {
            match name {
                "startKey" => q.start_key = Some(value.to_owned()),
                "limit" => q.limit = Some(number(name, value)?),
                "masterAccountId" => q.master_account_id = Some(value.to_owned()),
                "targetAccountId" => q.target_account_id = Some(value.to_owned()),
                _ => {
                    let op = DateOp::ALL
                        .into_iter()
                        .find(|op| op.name() == name)
                        .unwrap_or(DateOp::Gte);
                    let at = Timestamp::parse(value).map_err(|e| {
                        QueryError::new(name_of(op), format!("must be a date-time ({e})"))
                    })?;
                    q.date_created[op.index()] = Some(at);
                }
            }
            Ok(())
        })?;
        // `limit` was read by the history's parser too: it belongs to this query.
        q.filters = HistoryQuery::builder()
            .maybe_kind(q.filters.kind().cloned())
            .maybe_group_id(q.filters.group_id().map(str::to_owned))
            .maybe_recharge_method(q.filters.recharge_method().cloned())
            .maybe_service_method(q.filters.service_method().cloned())
            .maybe_balance_amount(q.filters.balance_amount().cloned())
            .maybe_balance_recharge(q.filters.balance_recharge())
            .maybe_balance_deduct(q.filters.balance_deduct())
            .maybe_point_recharge(q.filters.point_recharge())
            .maybe_point_deduct(q.filters.point_deduct())
            .build()?;
        q.build()
    }
}

fn name_of(op: DateOp) -> &'static str {
    op.name()
}
