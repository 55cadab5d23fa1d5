//! [`WithdrawQuery`]: the query of `GET /cash/v1/withdraw` (documents
//! `api-reference/cash/getwithdraw.md`): `withdrawId`, `status`, `startKey`, `limit`,
//! `startDate`, `endDate`, each compared with `eq`.

use super::encode::encode_pairs;
use super::parse::{for_each_known, number};
use super::{DateBound, QueryError};
use crate::open_enums::WithdrawStatus;

/// The query of the withdrawals' list, paged by `startKey`.
///
/// ```
/// use solapi_cash_types::WithdrawStatus;
/// use solapi_cash_types::query::WithdrawQuery;
///
/// let query = WithdrawQuery::new().status(WithdrawStatus::Pending).limit(50).build()?;
/// assert_eq!(query.to_query_string(), "status=PENDING&limit=50");
/// assert_eq!(WithdrawQuery::parse(&query.to_query_string())?, query);
/// # Ok::<(), solapi_cash_types::QueryError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WithdrawQuery {
    withdraw_id: Option<String>,
    status: Option<WithdrawStatus>,
    start_key: Option<String>,
    limit: Option<u64>,
    start_date: Option<DateBound>,
    end_date: Option<DateBound>,
}

const NAMES: [&str; 6] = [
    "withdrawId",
    "status",
    "startKey",
    "limit",
    "startDate",
    "endDate",
];

impl WithdrawQuery {
    /// An empty query: the first page of every withdrawal.
    pub fn new() -> WithdrawQuery {
        WithdrawQuery::default()
    }

    /// `withdrawId`: only this withdrawal.
    pub fn withdraw_id(mut self, id: impl Into<String>) -> WithdrawQuery {
        self.withdraw_id = Some(id.into());
        self
    }

    /// `status`: only withdrawals in this state.
    pub fn status(mut self, status: WithdrawStatus) -> WithdrawQuery {
        self.status = Some(status);
        self
    }

    /// `startKey`: the key the previous page gave (unset: the first page).
    pub fn start_key(mut self, key: impl Into<String>) -> WithdrawQuery {
        self.start_key = Some(key.into());
        self
    }

    /// `limit`: withdrawals per page, at least 1 (checked by [`build`](Self::build)).
    pub fn limit(mut self, limit: impl Into<Option<u64>>) -> WithdrawQuery {
        self.limit = limit.into();
        self
    }

    /// `startDate`: created at or after (a date or a date-time).
    pub fn start_date(mut self, at: impl Into<DateBound>) -> WithdrawQuery {
        self.start_date = Some(at.into());
        self
    }

    /// `endDate`: created at or before (a date counts whole).
    pub fn end_date(mut self, at: impl Into<DateBound>) -> WithdrawQuery {
        self.end_date = Some(at.into());
        self
    }

    /// Validates: `limit` at least 1, no empty id, key or status, `startDate` not after
    /// `endDate`.
    pub fn build(self) -> Result<WithdrawQuery, QueryError> {
        super::check_limit(self.limit)?;
        for (name, value) in [
            ("withdrawId", self.withdraw_id.as_deref()),
            ("startKey", self.start_key.as_deref()),
            ("status", self.status.as_ref().map(WithdrawStatus::as_str)),
        ] {
            if value.is_some_and(str::is_empty) {
                return Err(QueryError::new(name, "must not be empty"));
            }
        }
        if let (Some(from), Some(to)) = (&self.start_date, &self.end_date)
            && from.start_instant() > to.end_instant()
        {
            return Err(QueryError::new(
                "startDate",
                "the start is after the end (endDate)",
            ));
        }
        Ok(self)
    }

    /// `withdrawId`.
    pub fn id(&self) -> Option<&str> {
        self.withdraw_id.as_deref()
    }

    /// `status`.
    pub fn state(&self) -> Option<&WithdrawStatus> {
        self.status.as_ref()
    }

    /// `startKey`.
    pub fn key(&self) -> Option<&str> {
        self.start_key.as_deref()
    }

    /// `limit`.
    pub fn page_limit(&self) -> Option<u64> {
        self.limit
    }

    /// `startDate`.
    pub fn from(&self) -> Option<&DateBound> {
        self.start_date.as_ref()
    }

    /// `endDate`.
    pub fn until(&self) -> Option<&DateBound> {
        self.end_date.as_ref()
    }

    /// The same query for the page after `key` (the pager's step).
    pub fn with_start_key(&self, key: Option<&str>) -> WithdrawQuery {
        let mut next = self.clone();
        next.start_key = key.map(str::to_owned);
        next
    }

    /// The query string (without `?`), in the documented order, values percent-encoded.
    pub fn to_query_string(&self) -> String {
        let mut pairs: Vec<(&'static str, String)> = Vec::new();
        pairs.extend(self.withdraw_id.clone().map(|v| ("withdrawId", v)));
        pairs.extend(self.status.as_ref().map(|s| ("status", s.to_string())));
        pairs.extend(self.start_key.clone().map(|v| ("startKey", v)));
        pairs.extend(self.limit.map(|l| ("limit", l.to_string())));
        pairs.extend(
            self.start_date
                .as_ref()
                .map(|d| ("startDate", d.to_string())),
        );
        pairs.extend(self.end_date.as_ref().map(|d| ("endDate", d.to_string())));
        encode_pairs(&pairs)
    }

    /// Parses and validates a raw query string as the service reads it (the emulator's
    /// reader); unknown parameters are ignored.
    pub fn parse(query: &str) -> Result<WithdrawQuery, QueryError> {
        let mut q = WithdrawQuery::default();
        for_each_known(query, &NAMES, |name, value| {
            let date = |value: &str| {
                value.parse::<DateBound>().map_err(|_| {
                    QueryError::new(
                        name,
                        "must be a date (2024-05-01) or an ISO 8601 date-time (2024-05-01T09:30:00.000Z)",
                    )
                })
            };
            match name {
                "withdrawId" => q.withdraw_id = Some(value.to_owned()),
                "status" => q.status = Some(WithdrawStatus::from(value)),
                "startKey" => q.start_key = Some(value.to_owned()),
                "limit" => q.limit = Some(number(name, value)?),
                "startDate" => q.start_date = Some(date(value)?),
                _ => q.end_date = Some(date(value)?),
            }
            Ok(())
        })?;
        q.build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_queries_are_refused() {
        assert!(WithdrawQuery::new().limit(0).build().is_err());
        assert!(WithdrawQuery::new().withdraw_id("").build().is_err());
        assert!(WithdrawQuery::parse("limit=x").is_err());
        assert!(WithdrawQuery::parse("startDate=2024-05-02&endDate=2024-05-01").is_err());
        assert!(WithdrawQuery::parse("startDate=yesterday").is_err());
    }

    #[test]
    fn every_parameter_round_trips() {
        let text =
            "withdrawId=w1&status=DONE&startKey=k&limit=5&startDate=2024-05-01&endDate=2024-05-31";
        let q = WithdrawQuery::parse(text).unwrap();
        assert_eq!(q.state(), Some(&WithdrawStatus::Other("DONE".into())));
        assert_eq!(q.to_query_string(), text);
        assert_eq!(q.with_start_key(None).key(), None);
    }
}
