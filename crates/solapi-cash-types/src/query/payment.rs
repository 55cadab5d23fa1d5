//! [`PaymentQuery`]: the paging of `GET /cash/v1/payment`.

use super::QueryError;
use super::encode::encode_pairs;
use super::parse::{for_each_known, number};
use crate::setters::option_setters;

/// The query of `GET /cash/v1/payment` (the registered payment methods): `offset` and `limit`.
/// Unset parameters are not sent and the service applies its defaults (`offset` 0, `limit`
/// 20; a limit must be at least 1).
///
/// ```
/// use solapi_cash_types::PaymentQuery;
///
/// let query = PaymentQuery::builder().limit(5).build()?;
/// assert_eq!(query.to_query_string(), "limit=5");
/// assert_eq!(PaymentQuery::parse("offset=10&limit=5")?.offset(), Some(10));
/// assert!(PaymentQuery::builder().limit(0).build().is_err());
/// # Ok::<(), solapi_cash_types::QueryError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaymentQuery {
    offset: Option<u64>,
    limit: Option<u64>,
}

/// Builds a [`PaymentQuery`] (setters as for the history query: `x` and `maybe_x`).
#[derive(Debug, Clone, Default)]
pub struct PaymentQueryBuilder {
    query: PaymentQuery,
}

impl PaymentQueryBuilder {
    option_setters! { query;
        /// `offset`: how many payment methods to skip.
        offset / maybe_offset: u64 [exact],
        /// `limit`: the page size; at least 1 (checked by `build`).
        limit / maybe_limit: u64 [exact],
    }

    /// Validates: `limit` at least 1.
    pub fn build(self) -> Result<PaymentQuery, QueryError> {
        self.query.validate()
    }
}

const NAMES: [&str; 2] = ["offset", "limit"];

impl PaymentQuery {
    /// The `limit` the service applies when the query has none (documented).
    pub const DEFAULT_LIMIT: u64 = 20;

    /// Starts an empty query (the service's defaults).
    pub fn builder() -> PaymentQueryBuilder {
        PaymentQueryBuilder::default()
    }

    fn validate(self) -> Result<PaymentQuery, QueryError> {
        super::check_limit(self.limit)?;
        Ok(self)
    }

    /// `offset`.
    pub fn offset(&self) -> Option<u64> {
        self.offset
    }

    /// `limit`.
    pub fn limit(&self) -> Option<u64> {
        self.limit
    }

    /// The parameters that are set, as wire name and text, in the documented order.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        [("offset", self.offset), ("limit", self.limit)]
            .into_iter()
            .filter_map(|(name, value)| value.map(|v| (name, v.to_string())))
            .collect()
    }

    /// The query string (without `?`).
    pub fn to_query_string(&self) -> String {
        encode_pairs(&self.pairs())
    }

    /// Parses and validates a raw query string (server side), as [`HistoryQuery::parse`]
    /// does: unknown parameters are ignored, a repeated, empty or malformed one is an error.
    ///
    /// [`HistoryQuery::parse`]: super::HistoryQuery::parse
    pub fn parse(query: &str) -> Result<PaymentQuery, QueryError> {
        let mut q = PaymentQuery::default();
        for_each_known(query, &NAMES, |name, value| {
            let n = Some(number(name, value)?);
            match name {
                "offset" => q.offset = n,
                _ => q.limit = n,
            }
            Ok(())
        })?;
        q.validate()
    }
}
