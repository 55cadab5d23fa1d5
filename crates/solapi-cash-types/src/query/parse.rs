//! Parsing a query string into a [`HistoryQuery`], as a server does (and the helpers the
//! payment query shares).

use std::borrow::Cow;
use std::str::FromStr;

use percent_encoding::percent_decode_str;

use super::{DateBound, HistoryQuery, QueryError};
use crate::money::Money;

/// More parameters than this is not a query any client sends.
const MAX_PAIRS: usize = 64;

impl HistoryQuery {
    /// Parses and validates a raw query string (without `?`), the way the service reads it:
    /// `+` is a space, values are percent-decoded UTF-8, unknown parameters are ignored, and a
    /// parameter given twice or with a value of the wrong form is an error naming it.
    pub fn parse(query: &str) -> Result<HistoryQuery, QueryError> {
        let mut q = HistoryQuery::default();
        for_each_known(query, &NAMES, |name, value| {
            match name {
                "offset" => q.offset = Some(number(name, value)?),
                "limit" => q.limit = Some(number(name, value)?),
                "startDate" => q.start_date = Some(date(name, value)?),
                "endDate" => q.end_date = Some(date(name, value)?),
                "type" => q.kind = Some(value.into()),
                "groupId" => q.group_id = Some(value.to_owned()),
                "rechargeMethod" => q.recharge_method = Some(value.into()),
                "serviceMethod" => q.service_method = Some(value.into()),
                "balanceAmount" => {
                    q.balance_amount =
                        Some(Money::from_str(value).map_err(|e| {
                            QueryError::new(name, format!("must be a number ({e})"))
                        })?)
                }
                "balanceRecharge" => q.balance_recharge = Some(boolean(name, value)?),
                "balanceDeduct" => q.balance_deduct = Some(boolean(name, value)?),
                "pointRecharge" => q.point_recharge = Some(boolean(name, value)?),
                _ => q.point_deduct = Some(boolean(name, value)?),
            }
            Ok(())
        })?;
        q.validate()
    }
}

/// Calls `f` with each parameter of `query` named in `names`, decoded: `+` is a space,
/// values are percent-decoded UTF-8, other parameters are ignored, and a parameter given
/// twice or empty is an error naming it.
pub(super) fn for_each_known(
    query: &str,
    names: &[&'static str],
    mut f: impl FnMut(&'static str, &str) -> Result<(), QueryError>,
) -> Result<(), QueryError> {
    let mut seen: Vec<&'static str> = Vec::new();
    for (i, pair) in query.split('&').filter(|p| !p.is_empty()).enumerate() {
        if i >= MAX_PAIRS {
            return Err(QueryError::new("query", "too many parameters"));
        }
        let (raw_name, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = decode(raw_name);
        let Some(name) = names.iter().copied().find(|n| *n == name) else {
            continue;
        };
        if seen.contains(&name) {
            return Err(QueryError::new(name, "given more than once"));
        }
        seen.push(name);
        let value = decode(raw_value);
        if value.is_empty() {
            return Err(QueryError::new(name, "must not be empty"));
        }
        f(name, &value)?;
    }
    Ok(())
}

const NAMES: [&str; 13] = [
    "offset",
    "limit",
    "startDate",
    "endDate",
    "type",
    "groupId",
    "rechargeMethod",
    "serviceMethod",
    "balanceAmount",
    "balanceRecharge",
    "balanceDeduct",
    "pointRecharge",
    "pointDeduct",
];

fn decode(raw: &str) -> Cow<'_, str> {
    if raw.contains('+') {
        let spaced = raw.replace('+', " ");
        Cow::Owned(percent_decode_str(&spaced).decode_utf8_lossy().into_owned())
    } else {
        percent_decode_str(raw).decode_utf8_lossy()
    }
}

pub(super) fn number(name: &'static str, value: &str) -> Result<u64, QueryError> {
    if value.starts_with('-') && value[1..].bytes().all(|b| b.is_ascii_digit()) && value.len() > 1 {
        return Err(QueryError::new(name, "must not be negative"));
    }
    let n: u64 = value
        .parse()
        .map_err(|_| QueryError::new(name, "must be a whole number"))?;
    Ok(n)
}

fn boolean(name: &'static str, value: &str) -> Result<bool, QueryError> {
    match value {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(QueryError::new(name, "must be true or false")),
    }
}

fn date(name: &'static str, value: &str) -> Result<DateBound, QueryError> {
    value.parse().map_err(|_| {
        QueryError::new(
            name,
            "must be a date (2024-05-01) or an ISO 8601 date-time (2024-05-01T09:30:00.000Z)",
        )
    })
}
