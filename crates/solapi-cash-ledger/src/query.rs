//! Reading the ledger back: the entries a history query selects, with the service's own
//! semantics (the date range to the millisecond, exact filters, the sign filters), in the
//! service's order, each as the text it was sent.

use rusqlite::types::Value;
use solapi_cash_types::{HistoryQuery, Money};

use crate::error::LedgerError;

/// Which end first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// Newest first, as the service lists.
    #[default]
    NewestFirst,
    /// Oldest first.
    OldestFirst,
}

/// Unix milliseconds of an instant, rounded toward the past or the future.
fn ms(t: time::OffsetDateTime, up: bool) -> i64 {
    let ns = t.unix_timestamp_nanos();
    let floor = ns.div_euclid(1_000_000);
    let ms = if up && ns.rem_euclid(1_000_000) != 0 {
        floor + 1
    } else {
        floor
    };
    i64::try_from(ms).unwrap_or(if ms < 0 { i64::MIN } else { i64::MAX })
}

/// The SQL and its values for `query`'s selection (its filters; offset and limit as SQL's).
/// Entries flagged missing are left out, as the service leaves them out.
pub(crate) fn select(query: &HistoryQuery, order: Order) -> (String, Vec<Value>) {
    let mut sql =
        String::from("SELECT sent, balance_amount FROM entries WHERE missing_pass IS NULL");
    let mut values: Vec<Value> = Vec::new();
    let mut add = |clause: &str, value: Value| {
        sql.push_str(" AND ");
        sql.push_str(clause);
        values.push(value);
    };
    // The first millisecond at or after the start, the last at or before the end.
    if let Some(start) = query.start_date() {
        add(
            "date_ms >= ?",
            Value::Integer(ms(start.start_instant(), true)),
        );
    }
    if let Some(end) = query.end_date() {
        add("date_ms <= ?", Value::Integer(ms(end.end_instant(), false)));
    }
    let text = |s: &str| Value::Text(s.to_owned());
    if let Some(v) = query.kind() {
        add("kind = ?", text(v.as_str()));
    }
    if let Some(v) = query.group_id() {
        add("group_id = ?", text(v));
    }
    if let Some(v) = query.recharge_method() {
        add("recharge_method = ?", text(v.as_str()));
    }
    if let Some(v) = query.service_method() {
        add("service_method = ?", text(v.as_str()));
    }
    let signs = [
        ("balance_sign = 1", query.balance_recharge()),
        ("balance_sign = -1", query.balance_deduct()),
        ("point_sign = 1", query.point_recharge()),
        ("point_sign = -1", query.point_deduct()),
    ];
    for (clause, want) in signs {
        if let Some(want) = want {
            add(&format!("({clause}) = ?"), Value::Integer(i64::from(want)));
        }
    }
    sql.push_str(match order {
        Order::NewestFirst => " ORDER BY date_ms DESC, tie DESC",
        Order::OldestFirst => " ORDER BY date_ms ASC, tie ASC",
    });
    sql.push_str(" LIMIT ? OFFSET ?");
    values.push(Value::Integer(
        query
            .limit()
            .and_then(|l| i64::try_from(l).ok())
            .unwrap_or(-1),
    ));
    values.push(Value::Integer(
        query
            .offset()
            .and_then(|o| i64::try_from(o).ok())
            .unwrap_or(0),
    ));
    (sql, values)
}

/// Whether the stored `balanceAmount` text equals the query's (compared as numbers:
/// `100` and `100.0` are one amount). A filter that SQL cannot apply on text.
pub(crate) fn amount_matches(query: &HistoryQuery, stored: &str) -> Result<bool, LedgerError> {
    let Some(want) = query.balance_amount() else {
        return Ok(true);
    };
    let have: Money = stored.parse().map_err(|e| LedgerError::Corrupt {
        id: "?".to_owned(),
        reason: format!("balance_amount {stored:?}: {e}"),
    })?;
    Ok(have == *want)
}
